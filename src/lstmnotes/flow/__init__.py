"""Error flow back in time: the scaling factor of eq. (3.1), the path sum of eq. (3.2) and the matrix form (the error-flow chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib. The rest of
the part: the sympy twins in {py:mod}`lstmnotes.flow.symbolic`, the general formulas in
{py:mod}`lstmnotes.flow.symbolic_formulas` and the derivations in
{py:mod}`lstmnotes.flow.symbolic_derivations`; the figure in {py:mod}`lstmnotes.flow.figures`; the
evidence in {py:mod}`lstmnotes.flow.evidence` (the search order and an index of the claims),
{py:mod}`lstmnotes.flow.evidence_q1`, {py:mod}`lstmnotes.flow.evidence_printed`,
{py:mod}`lstmnotes.flow.evidence_corrected` and {py:mod}`lstmnotes.flow.evidence_cancelling`; the claims in
{py:mod}`lstmnotes.flow.claims`.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.flow._columns import MAX_ENTRYWISE_WORK
from lstmnotes.flow._matrix_form import READINGS, matrix_form
from lstmnotes.flow._path_sum import (
    CONVENTIONS,
    MAX_PATH_LAGS,
    MAX_PATH_TERMS,
    path_sum,
    path_terms,
    step_weight,
)
from lstmnotes.flow._scaled import (
    MAX_COLUMN_WORK,
    MAX_LAGS,
    MAX_MATRIX_ENTRIES,
    MAX_MATRIX_LAGS,
    MAX_WORK,
)
from lstmnotes.flow._scaling import (
    global_flow,
    largest_flow_by_lag,
    scaling_factor,
    scaling_factor_column,
)
from lstmnotes.flow._stacked import (
    MAX_ONE_UNIT_NETS,
    MAX_ROW_STEPS,
    MAX_STACKED_STEPS,
    largest_flows_by_lag,
)

__all__ = [
    "CONVENTIONS",
    "DOMAIN",
    "MAX_COLUMN_WORK",
    "MAX_ENTRYWISE_WORK",
    "MAX_LAGS",
    "MAX_MATRIX_ENTRIES",
    "MAX_MATRIX_LAGS",
    "MAX_ONE_UNIT_NETS",
    "MAX_PATH_LAGS",
    "MAX_PATH_TERMS",
    "MAX_ROW_STEPS",
    "MAX_STACKED_STEPS",
    "MAX_WORK",
    "READINGS",
    "global_flow",
    "largest_flow_by_lag",
    "largest_flows_by_lag",
    "matrix_form",
    "path_sum",
    "path_terms",
    "scaling_factor",
    "scaling_factor_column",
    "step_weight",
]

_COLUMNS = (
    "every entry, over the whole finite float64 range (subnormal weights, slopes and results included): "
    "each column of the running product keeps its own exact power-of-two scale, and a column where a "
    "product of a step might fall below 2^-962 of the column's largest entry (the span of its entries, "
    "plus that of the weights and of the step's slopes, beyond about 2^960) continues with one exponent "
    "per entry, as do all columns where the weights alone span more than about 2^1000; n = 1 is done as "
    "running products in blocks, with the same bound"
)

_STEPS = (
    f"q <= MAX_LAGS = {MAX_LAGS} for n = 1 (in blocks, well under a second); q <= MAX_MATRIX_LAGS = "
    f"{MAX_MATRIX_LAGS} for n >= 2 (one matrix product and some tens of microseconds of bookkeeping a "
    "step: under a second at n = 2)"
)
_ENTRYWISE = (
    f"work done with one exponent per entry (steps times n^2 + 128, over the columns that need it) <= "
    f"MAX_ENTRYWISE_WORK = {MAX_ENTRYWISE_WORK:.3g}, refused before that work starts"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        scaling_factor,
        inputs="W: finite reals (n, n), n >= 1; fprime: finite reals (q, n), q >= 1",
        accuracy="each entry within 2 q (n + 2) 2^-53 times the same flow of |W| and |fprime| (plus "
        f"2^-1073), {_COLUMNS}",
        limits=f"{_STEPS}, q n^3 <= MAX_WORK = {MAX_WORK:.3g} multiply-adds, q n^2 <= MAX_MATRIX_ENTRIES = "
        f"{MAX_MATRIX_ENTRIES:.3g}; {_ENTRYWISE}; a result beyond float64 "
        "(about 1.8e308) is refused",
    ),
    Domain(
        largest_flow_by_lag,
        inputs="as scaling_factor",
        accuracy="each entry within 2 q' (n + 2) 2^-53 times the largest entry of the flow of |W| and "
        f"|fprime| at its lag q' (plus 2^-1073), {_COLUMNS}",
        limits=f"as scaling_factor ({_STEPS}, q n^3 <= {MAX_WORK:.3g}, q n^2 <= "
        f"{MAX_MATRIX_ENTRIES:.3g}; {_ENTRYWISE}); a largest flow "
        "beyond float64 at any lag is refused",
    ),
    Domain(
        largest_flows_by_lag,
        inputs="W: finite reals (k, n, n), k >= 1; fprime: finite reals (k, q, n), q >= 1",
        accuracy="for n = 1 row i is largest_flow_by_lag(W[i], fprime[i]), computed by it, to the accuracy "
        "that function states. "
        "For n >= 2 each net's running product is kept at one power-of-two scale, its largest product "
        "between 2^509 and 2^511, so that products below 2^-1022 there round: each entry is within 2 q' (n "
        "+ 2) 2^-53 times the largest entry at its lag q' of the flow of |W| and |fprime| with every "
        "nonzero entry at every lag m raised by 2^-1532 A_m + 2^-1530 n^2 B_m (plus 2^-1073), where A_m is "
        "that flow's largest entry at lag m before the raise and B_m is max_i |fprime[m - 1, i]| times its "
        "largest entry at lag m - 1 (1 at lag 0) times max|W| if some nonzero weight is below 2^-1500 "
        "max|W|, or times 2^-500 max|W| if none is. Where no nonzero entry of the flow of |W| and |fprime| "
        "falls below its 2^-1532 A_m + 2^-1530 n^2 B_m computed from that flow itself, the raise may be "
        "left out: the bound is then largest_flow_by_lag's (the two may differ in the last bit, where their "
        "roundings differ). Below it an entry may be held only to within 2^-1075 of the net's scale, or "
        "lost, and the raise, carried to later lags, bounds what that costs once the entry leads",
        limits=f"{_STEPS} for each net; k q <= MAX_STACKED_STEPS = {MAX_STACKED_STEPS:.3g} (about a "
        "second of CPU for nets of two units, up to two where the nets are many and the lags few), "
        f"k <= MAX_ONE_UNIT_NETS = {MAX_ONE_UNIT_NETS} for n = 1, at most MAX_ROW_STEPS = "
        f"{MAX_ROW_STEPS} steps whose slopes span more than 2^900 within a net, and "
        f"k q n^3 <= {MAX_WORK:.3g} in all; each net within scaling_factor's limits; a largest flow "
        "computed beyond float64 at any lag is refused (where entries were lost, an exact one beyond "
        "float64 can come back finite, within the bound above)",
    ),
    Domain(
        scaling_factor_column,
        inputs="as scaling_factor; u: unit index 0..n-1",
        accuracy=f"as scaling_factor, entry by entry, {_COLUMNS}",
        limits=f"{_STEPS}, q n^2 <= MAX_COLUMN_WORK = {MAX_COLUMN_WORK:.3g}; {_ENTRYWISE}; a result beyond float64 is refused",
    ),
    Domain(
        global_flow,
        inputs="as scaling_factor; outputs: distinct integer unit indices, a flat list",
        accuracy="as scaling_factor, for the flow of |W| and |fprime| summed over the outputs, "
        f"{_COLUMNS}",
        limits=f"{_STEPS}, q n^2 <= MAX_COLUMN_WORK = {MAX_COLUMN_WORK:.3g}; {_ENTRYWISE}; a result beyond float64 is refused",
    ),
    Domain(
        path_sum,
        inputs=f"as scaling_factor; convention: one of {', '.join(CONVENTIONS)}",
        accuracy="each entry within (2 q + n^(q-1)) 2^-53 times the sum of its absolute path terms (plus "
        "2^-1073); every term is kept as mantissa and exponent, so none over- or underflows",
        limits=f"n^(q+1) <= MAX_PATH_TERMS = {MAX_PATH_TERMS}, q <= {MAX_PATH_LAGS}; a sum beyond float64 "
        "is refused",
    ),
    Domain(
        path_terms,
        inputs="as path_sum; u, v: unit indices 0..n-1",
        accuracy="each term within 2 q 2^-53 of the exact product (plus 2^-1074 for subnormal terms)",
        limits=f"n^q <= {MAX_PATH_TERMS}, q <= {MAX_PATH_LAGS}; a term beyond float64 is refused",
    ),
    Domain(
        matrix_form,
        inputs=f"as scaling_factor with q >= 2; u, v: unit indices; reading: one of {', '.join(READINGS)}",
        accuracy="within 2 q (n + 2) 2^-53 times the same product of |W| and |fprime| (plus 2^-1073), "
        "over the whole finite float64 range: the row vector is carried as a column of the recursion "
        "of scaling_factor_column (the column-row reading as a net of n + 2 units), at its own exact "
        "power-of-two scale or with one exponent per entry where its entries or the weights span too far",
        limits=f"{_STEPS}, q n^2 <= MAX_COLUMN_WORK = {MAX_COLUMN_WORK:.3g}; {_ENTRYWISE}; a value beyond float64 is refused",
    ),
    Domain(
        step_weight,
        inputs="W: anything indexable by a pair; previous, current: indices; convention: as path_sum",
        accuracy="exact (an index look-up)",
        limits="none",
    ),
)
