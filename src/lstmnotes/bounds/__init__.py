"""The paper's weak upper bound on the error flow and its tau corollary (the weak-bound chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib. The rest of
the part: the evidence, with {py:mod}`lstmnotes.bounds.evidence` (what the adversarial searches share),
{py:mod}`lstmnotes.bounds.evidence_matrix_form`, {py:mod}`lstmnotes.bounds.evidence_weak`,
{py:mod}`lstmnotes.bounds.evidence_norm_pairs`, {py:mod}`lstmnotes.bounds.evidence_attainment`,
{py:mod}`lstmnotes.bounds.evidence_tau`, {py:mod}`lstmnotes.bounds.evidence_global` and
{py:mod}`lstmnotes.bounds.evidence_fprime_max`; the figure in {py:mod}`lstmnotes.bounds.figures`; the
claims in {py:mod}`lstmnotes.bounds.claims`, {py:mod}`lstmnotes.bounds.claims_matrix_form` and
{py:mod}`lstmnotes.bounds.claims_tau`.
"""

from __future__ import annotations

from lstmnotes.bounds._any_activation import activation_fprime_max, activation_weak_bound
from lstmnotes.bounds._norms import (
    MAX_UNITS,
    NORM_PAIRS,
    NormPair,
    norm_pair,
    weighted_max_norm_pair,
)
from lstmnotes.bounds._steps import MAX_CHAIN_LAG, MAX_GENERIC_WORK, MAX_SLOPES
from lstmnotes.bounds._weak import (
    MAX_CHAIN_WORK,
    MAX_SPLIT_LAGS,
    MAX_TAU_LAG,
    MAX_TAU_UNITS,
    WeakBoundChain,
    fprime_max,
    tau,
    tau_bound,
    weak_bound,
    weak_bound_by_lag,
    weak_bound_chain,
    weak_bound_middle,
)
from lstmnotes.domain import Domain
from lstmnotes.flow import MAX_MATRIX_ENTRIES, MAX_MATRIX_LAGS

__all__ = [
    "DOMAIN",
    "MAX_CHAIN_LAG",
    "MAX_CHAIN_WORK",
    "MAX_GENERIC_WORK",
    "MAX_SLOPES",
    "MAX_SPLIT_LAGS",
    "MAX_TAU_LAG",
    "MAX_TAU_UNITS",
    "MAX_UNITS",
    "NORM_PAIRS",
    "NormPair",
    "WeakBoundChain",
    "activation_fprime_max",
    "activation_weak_bound",
    "fprime_max",
    "norm_pair",
    "tau",
    "tau_bound",
    "weak_bound",
    "weak_bound_by_lag",
    "weak_bound_chain",
    "weak_bound_middle",
    "weighted_max_norm_pair",
]

_ACTIVATION = "activation: a name of lstmnotes.activations.NAMED_ACTIVATIONS or an Activation"
_GENERIC = (
    f"; with a NormPair whose diagonal_is_max is false, other than the Frobenius pair, q <= MAX_CHAIN_LAG "
    f"= {MAX_CHAIN_LAG} and q n^2 <= MAX_GENERIC_WORK = {MAX_GENERIC_WORK}, one call of its matrix norm a step"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        activation_fprime_max,
        inputs=f"n: integer >= 1; {_ACTIVATION}; norm: as fprime_max",
        accuracy="exact for the induced pairs; the Frobenius pair: relative error below n 2^-52",
        limits=f"n <= {MAX_UNITS}",
    ),
    Domain(
        activation_weak_bound,
        inputs=f"W: finite reals (n, n); q: integer >= 1; {_ACTIVATION}; norm: as fprime_max",
        accuracy="as weak_bound for slopes that are all sup|f'|: relative error below (q (n + 2) + 2 log2 q "
        "+ 4) 2^-53 for the max-row-sum and max-column-sum pairs, the norm's relative error times q for "
        "the others",
        limits=f"n <= {MAX_UNITS}, q <= {MAX_TAU_LAG}; a bound beyond about 1.8e308 is refused",
    ),
    Domain(
        fprime_max,
        inputs="fprime: finite reals, shape (q, n), q, n >= 1; norm: a name of NORM_PAIRS or a NormPair",
        accuracy="exact for the induced pairs (the largest |f'|); the Frobenius pair: relative error below "
        "n 2^-52 (rows scaled by a power of two, no square under- or overflows), plus half a subnormal ulp "
        "where f'_max is below 2^-1022 (rounded once; the bounds use it unrounded)",
        limits=f"n <= {MAX_UNITS}, q n <= {MAX_SLOPES}{_GENERIC}; refused beyond the float range",
    ),
    Domain(
        weak_bound,
        inputs="W: finite reals (n, n); fprime: finite reals (q, n); norm: as fprime_max",
        accuracy="max-row-sum and max-column-sum pairs: relative error below (q (n + 2) + 2 log2 q + 4) "
        "2^-53, the norm's rounding raised to the power q (plus one subnormal ulp below 2^-1022); spectral "
        "and Frobenius pairs (LAPACK's norms raised to the power q): relative error below (q (3n + 2) + 4 log2 q "
        "+ 8) 2^-53, plus one subnormal ulp; for the Frobenius norm (below n 2^-52) this is proved, for the "
        "spectral norm it is measured only: LAPACK's SVD states no bound here, and its largest singular "
        "value was found 6.3 2^-53 off at n = 2, beyond n 2^-52",
        limits=f"n <= {MAX_UNITS}, q n <= {MAX_SLOPES}{_GENERIC}; a bound beyond about 1.8e308 is refused",
    ),
    Domain(
        weak_bound_middle,
        inputs="as weak_bound with q >= 2; u, v: unit indices 0..n-1",
        accuracy="as weak_bound, with ((q + 2) (n + 2) + 4 log2 q + 8) 2^-53 for the max-row-sum and "
        "max-column-sum pairs and ((q + 2) (3n + 2) + 4 log2 (q + 2) + 8) 2^-53 for the spectral and "
        "Frobenius pairs",
        limits=f"as weak_bound (n <= {MAX_UNITS}, q n <= {MAX_SLOPES}{_GENERIC})",
    ),
    Domain(
        weak_bound_chain,
        inputs="as weak_bound_middle",
        accuracy="middle and bound as weak_bound_middle and weak_bound; flow as "
        "lstmnotes.flow.scaling_factor (its allowance from the flow of |W| and |fprime|); each verdict "
        "a <= b is False only where (a' - d_a) / (1 + e_a) > (b' + d_b) / (1 - e_b), to first order "
        "a' > b' (1 + e_a + e_b), with e, d the stated relative and subnormal error bounds, compared "
        "exactly: False means the exact inequality fails; True that it holds or fails by less than the "
        "roundings explain (a pair outside NORM_PAIRS gets the spectral allowance with n + 3 for n)",
        limits=f"as weak_bound, and q <= MAX_CHAIN_LAG = {MAX_CHAIN_LAG} for n = 1, q <= "
        f"MAX_MATRIX_LAGS = {MAX_MATRIX_LAGS} for n >= 2, q n^3 <= {MAX_CHAIN_WORK}, q n^2 <= "
        f"MAX_MATRIX_ENTRIES = {MAX_MATRIX_ENTRIES}",
    ),
    Domain(
        weak_bound_by_lag,
        inputs="as weak_bound",
        accuracy="each entry as weak_bound at its lag",
        limits=f"as weak_bound (n <= {MAX_UNITS}, q n <= {MAX_SLOPES}{_GENERIC}); where some lag's bound "
        f"leaves the normal float range, q <= MAX_SPLIT_LAGS = {MAX_SPLIT_LAGS} (each power then taken as "
        "a mantissa and an exponent, about a second at the limit); about a second at MAX_SLOPES slopes",
    ),
    Domain(
        tau,
        inputs=f"n: integer >= 1; w_max: finite real > 0; {_ACTIVATION}",
        accuracy="within 1 ulp of n w_max sup|f'| (n w_max / 4 for the logistic) where sup|f'| is a power "
        "of two, within 2 ulps otherwise",
        limits="n <= 2^53; a tau beyond about 1.8e308 is refused",
    ),
    Domain(
        tau_bound,
        inputs=f"n: integer >= 1; w_max: finite real > 0; q: integer >= 1; {_ACTIVATION}",
        accuracy="relative error below (2q + 2 log2 q + 4) 2^-53 (tau's rounding raised to the power q), "
        "plus one subnormal ulp below 2^-1022",
        limits=f"n <= 2^53, q <= {MAX_TAU_LAG}; a bound beyond about 1.8e308 is refused",
    ),
    Domain(
        norm_pair,
        inputs=f"norm: one of {', '.join(NORM_PAIRS)} or a NormPair; the pairs' norms take finite reals "
        "(a: 2-D, x: 1-D), refusing others with a TypeError or ValueError naming a or x",
        accuracy="exact (a look-up); the pairs' norms: relative error below n 2^-52 for max-row-sum and "
        "max-column-sum, LAPACK's for spectral and Frobenius (no bound stated for the spectral norm: "
        "6.3 2^-53 was found at n = 2), computed on the argument scaled by a power of two; plus one "
        "subnormal ulp where the norm is below 2^-1022",
        limits="none; a norm beyond about 1.8e308 is refused",
    ),
    Domain(
        weighted_max_norm_pair,
        inputs="weights: finite reals > 0, 1-D, any magnitudes",
        accuracy="its norms: relative error below (n + 3) 2^-53, each term d_i |a_ij| / d_j formed as a "
        "mantissa and a power of two, plus one subnormal ulp where the norm is below 2^-1022",
        limits=f"n <= {MAX_UNITS}; a norm beyond about 1.8e308 is refused",
    ),
)
"""The domain of each public function of the part: see {py:mod}`lstmnotes.domain`."""
