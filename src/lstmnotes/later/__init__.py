"""The later conditions on vanishing and exploding error flow, checked on random nets (the later-conditions chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.later.figures`, the evidence ({py:mod}`lstmnotes.later.evidence_checks`,
{py:mod}`lstmnotes.later.evidence_search`, {py:mod}`lstmnotes.later.evidence_spectral`) and
{py:mod}`lstmnotes.later.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.later._biased import MAX_BIASED_STEPS, run_biased_logistic
from lstmnotes.later._jacobian import printed_jacobian, state_jacobian
from lstmnotes.later._norms import (
    GAMMA,
    MAX_FLOW_ENTRYWISE_WORK,
    MAX_FLOW_LAG,
    MAX_FLOW_WORK,
    MAX_UNITS,
    flow_norms,
    gamma,
    largest_singular_value,
    spectral_radius,
)
from lstmnotes.later._threshold import ThresholdRelation, threshold_relation

__all__ = [
    "DOMAIN",
    "GAMMA",
    "MAX_BIASED_STEPS",
    "MAX_FLOW_ENTRYWISE_WORK",
    "MAX_FLOW_LAG",
    "MAX_FLOW_WORK",
    "MAX_UNITS",
    "ThresholdRelation",
    "flow_norms",
    "gamma",
    "largest_singular_value",
    "printed_jacobian",
    "run_biased_logistic",
    "spectral_radius",
    "state_jacobian",
    "threshold_relation",
]

DOMAIN: tuple[Domain, ...] = (
    Domain(
        largest_singular_value,
        inputs="W: finite reals (n, n), n >= 1, any magnitudes",
        accuracy="relative error below 1e-12 (LAPACK's singular values of W scaled by a power of two), "
        "plus, for a result below 2^-1022, at most 2^-1075 from its one rounding into the subnormals",
        limits=f"n <= {MAX_UNITS} (checked on an array's shape before its entries are read); a value "
        "beyond about 1.8e308 is refused",
    ),
    Domain(
        spectral_radius,
        inputs="W: finite reals (n, n), n >= 1, any magnitudes",
        accuracy="backward stable (LAPACK on W scaled by a power of two): relative error below 1e-12 for "
        "symmetric W (plus at most 2^-1075 for a result below 2^-1022, from its one rounding into the "
        "subnormals); eigenvalues of a far from normal W may be ill-conditioned",
        limits=f"n <= {MAX_UNITS} (checked on an array's shape before its entries are read); a value "
        "beyond about 1.8e308 is refused",
    ),
    Domain(
        flow_norms,
        inputs="W: finite reals (n, n); fprime: finite reals (q, n)",
        accuracy="the norm at lag q within q (n + 1) 2^-52 ||P_q||_F + 1e-12 ||M_q||_2 of the true one, plus "
        "2^-1074, where P_q = |F'(t-q)| |W|^T ... |F'(t-1)| |W|^T is the product of absolute values (one "
        "rounding per multiply-add, as in plain arithmetic; nothing under- or overflows on the way: a power "
        "of two per column of the running product, or per entry where a column spans too far). Where "
        "nothing cancels (W >= 0, or n = 1) that is a relative error below q (n + 1) sqrt(n) 2^-52 + "
        "1e-12; a norm made small by cancellation can have a large relative error",
        limits=f"n <= {MAX_UNITS}, q <= {MAX_FLOW_LAG}, q n^3 <= {MAX_FLOW_WORK} (checked on an array's "
        f"shape before its entries are read); at most {MAX_FLOW_ENTRYWISE_WORK} products with one power of "
        "two per entry (n^2 a column and step, plus 2000 a step), needed where a column's entries, the "
        "weights and one step's slopes together span more than about 2^1470, or the weights alone more "
        "than about 2^1010; a norm beyond about 1.8e308 is refused",
    ),
    Domain(
        gamma,
        inputs="activation: a name of lstmnotes.activations.NAMED_ACTIVATIONS or an Activation",
        accuracy="exact: the activation's stated sup|f'| (proved for the built-ins, found by sympy or "
        "checked on a grid for a user's own)",
        limits="none",
    ),
    Domain(
        run_biased_logistic,
        inputs="W: finite reals (n, n); b, y0: finite reals, length n; steps: integer",
        accuracy="each net input within (n + 1) 2^-53 (sum_j |w_ij y_j| + |b_i|) + (n + 1) 2^-1074 of "
        "W y + b (each product may also lose up to 2^-1075 to underflow; recomputed with powers of two "
        "where a partial sum overflows); activations: lstmnotes.activations.logistic",
        limits=f"n <= {MAX_UNITS}, 1 <= steps <= {MAX_BIASED_STEPS}; a net input beyond about 1.8e308 is "
        "refused",
    ),
    Domain(
        state_jacobian,
        inputs="W: finite reals (n, n); x: finite reals, length n; activation: a name or an Activation",
        accuracy="each entry w_ij f'(x_j) within a relative 2^-49 (the slope as stated in lstmnotes.activations, "
        "taken as a mantissa and a power of two where it is below 2^-1022 for the logistic, tanh, cell_g and "
        "cell_h; one rounding of the product), plus, for an entry below 2^-1022, at most 2^-1075 from its one "
        "rounding into the subnormals; any weights and states. A reader's unit: one rounding of the product "
        "with its fprime's slope (whose own rounding into the subnormals stays)",
        limits="n <= 256; an entry beyond about 1.8e308 (an affine or leaky unit's slope times a huge "
        "weight) is refused",
    ),
    Domain(
        printed_jacobian,
        inputs="as state_jacobian",
        accuracy="each entry w_ji f'(x_j), as state_jacobian",
        limits="as state_jacobian",
    ),
    Domain(
        threshold_relation,
        inputs="units: integer; value: finite real in (0, 4); lag: integer",
        accuracy="as largest_singular_value and flow_norms",
        limits="2 <= units <= 64, 1 <= lag <= 200",
    ),
)
"""The domain of each public function of the part: see {py:mod}`lstmnotes.domain`."""
