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

from lstmnotes.flow._matrix_form import READINGS, matrix_form
from lstmnotes.flow._path_sum import (
    CONVENTIONS,
    MAX_PATH_LAGS,
    MAX_PATH_TERMS,
    path_sum,
    path_terms,
    step_weight,
)
from lstmnotes.flow._scaled import MAX_LAGS, MAX_WORK
from lstmnotes.flow._scaling import (
    global_flow,
    largest_flow_by_lag,
    scaling_factor,
    scaling_factor_column,
)

__all__ = [
    "CONVENTIONS",
    "MAX_LAGS",
    "MAX_PATH_LAGS",
    "MAX_PATH_TERMS",
    "MAX_WORK",
    "READINGS",
    "global_flow",
    "largest_flow_by_lag",
    "matrix_form",
    "path_sum",
    "path_terms",
    "scaling_factor",
    "scaling_factor_column",
    "step_weight",
]
