"""Section 3.2: constant error flow through a self-connected unit, and the two weight conflicts (the carousel chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.carousel.symbolic`, {py:mod}`lstmnotes.carousel.evidence`,
{py:mod}`lstmnotes.carousel.evidence_fixed_points`, {py:mod}`lstmnotes.carousel.evidence_naive_tasks`,
{py:mod}`lstmnotes.carousel.figures`, {py:mod}`lstmnotes.carousel.claims`,
{py:mod}`lstmnotes.carousel.claims_fixed_points` and {py:mod}`lstmnotes.carousel.claims_conflicts` hold the
rest of the part.
"""

from __future__ import annotations

from lstmnotes.carousel._conflicts import (
    CONFLICT_RANGE,
    WeightConflict,
    input_weight_conflict,
    output_weight_conflict,
)
from lstmnotes.carousel._fixed_points import (
    EXACT_ULPS,
    HeldActivation,
    exact_fixed_point,
    logistic_best_fixed_point_factor,
    logistic_fixed_points,
    logistic_neutral_fixed_point,
    unit_factor_bias,
)
from lstmnotes.carousel._naive_carousel import (
    MAX_CONFLICT_STEPS,
    MAX_GRADIENT_STEPS,
    NaiveCarouselRun,
    naive_carousel_gradients,
    naive_carousel_loss,
    run_naive_carousel,
)
from lstmnotes.carousel._naive_tasks import MAX_TASK_VALUES, naive_task_fit, naive_task_residual
from lstmnotes.carousel._self_unit import (
    FLOW_EXAMPLES,
    MAX_STEPS,
    SELF_UNIT_ACTIVATIONS,
    SelfUnitRun,
    run_self_unit,
    self_unit_error_signals,
    self_unit_flow,
    self_unit_flow_examples,
    self_unit_flows,
)
from lstmnotes.domain import Domain

__all__ = [
    "CONFLICT_RANGE",
    "DOMAIN",
    "EXACT_ULPS",
    "FLOW_EXAMPLES",
    "MAX_CONFLICT_STEPS",
    "MAX_GRADIENT_STEPS",
    "MAX_STEPS",
    "MAX_TASK_VALUES",
    "SELF_UNIT_ACTIVATIONS",
    "HeldActivation",
    "NaiveCarouselRun",
    "SelfUnitRun",
    "WeightConflict",
    "exact_fixed_point",
    "input_weight_conflict",
    "logistic_best_fixed_point_factor",
    "logistic_fixed_points",
    "logistic_neutral_fixed_point",
    "naive_carousel_gradients",
    "naive_carousel_loss",
    "naive_task_fit",
    "naive_task_residual",
    "output_weight_conflict",
    "run_naive_carousel",
    "run_self_unit",
    "self_unit_error_signals",
    "self_unit_flow",
    "self_unit_flow_examples",
    "self_unit_flows",
    "unit_factor_bias",
]

_REAL = (
    "finite real float64 (ints fine; str, bytes, None, bool, complex, dates refused with TypeError)"
)
_LOW, _HIGH = CONFLICT_RANGE
_CONFLICT = (
    "verdict decided in exact rational arithmetic, with the library's run and back-pass required to agree "
    "within 16 ulps of the problem's scale; every reported number is its exact value correctly rounded, "
    "and each reported interval strictly contains the reported compromise"
)
_FLOW = (
    "each entry the product of its factors w f'(net) (each rounded once) within one rounding a factor, "
    "over the whole float64 range (mantissas multiplied, powers of two added, one rounding at the end; a "
    "product below the smallest subnormal is 0); f'(net) is the run's float64 slope where that is normal, "
    "and below the normal range e^-|net| (logistic) or 4 e^-2|net| (tanh) from the net input, as mantissa "
    "and power of two, within 2.5 units of 2^-53 of the true slope (relative; 0 where that is below "
    "2^-(2.5 10^13), which no product of a run's factors brings back into the float64 range), or 1/w "
    "(affine, |w| > 2^1022) from the weight, rounded once"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        run_self_unit,
        inputs=f"weight, initial, constant, inputs: {_REAL}; activation one of {SELF_UNIT_ACTIVATIONS}",
        accuracy="the float64 unit itself, step by step (each step rounded as IEEE arithmetic rounds it)",
        limits=f"1 <= steps <= MAX_STEPS = {MAX_STEPS}; affine: |weight| >= 1/1.8e308; an activation that "
        "overflows is refused",
    ),
    Domain(
        self_unit_flow,
        inputs="run: a SelfUnitRun; from_output: a bool (TypeError otherwise)",
        accuracy=_FLOW,
        limits="a flow beyond 1.8e308 is refused",
    ),
    Domain(
        self_unit_error_signals,
        inputs=f"run: a SelfUnitRun; output_error: {_REAL}",
        accuracy=_FLOW.replace("w f'(net)", "f'(net(T)), e, w f'(net)"),
        limits="a signal beyond 1.8e308 is refused",
    ),
    Domain(
        self_unit_flows,
        inputs=f"weights, inputs: 1-D, {_REAL}; from_output: a bool",
        accuracy="as self_unit_flow",
        limits=f"len(weights) * len(inputs) <= MAX_STEPS = {MAX_STEPS}",
    ),
    Domain(
        self_unit_flow_examples,
        inputs=f"steps: integer; initial: {_REAL}",
        accuracy="as run_self_unit",
        limits=f"1 <= steps <= MAX_STEPS = {MAX_STEPS} (the unit with w = 1.05 overflows after about "
        "14,500 steps and is refused)",
    ),
    Domain(
        run_naive_carousel,
        inputs=f"w_in, w_out, inputs, write, read: {_REAL}",
        accuracy="each product within one rounding a factor (power-of-two scaling, no intermediate under- "
        "or overflow); the state the float64 running sum",
        limits=f"1 <= len(inputs) <= MAX_CONFLICT_STEPS = {MAX_CONFLICT_STEPS}; a state or output beyond "
        "1.8e308 is refused",
    ),
    Domain(
        naive_carousel_loss,
        inputs=f"run: a NaiveCarouselRun; targets: {_REAL}; mask: 0 or 1",
        accuracy="within two roundings of the exact half square of the rounded difference",
        limits="an error beyond 1.8e308 is refused",
    ),
    Domain(
        naive_carousel_gradients,
        inputs=f"run: a NaiveCarouselRun; targets: {_REAL}; mask: 0 or 1",
        accuracy="each entry the product of its factors within one rounding a factor, over the whole "
        "float64 range",
        limits=f"T <= MAX_GRADIENT_STEPS = {MAX_GRADIENT_STEPS} (a T x T table); a gradient beyond "
        "1.8e308 is refused",
    ),
    Domain(
        input_weight_conflict,
        inputs=f"distractor: {_REAL}, not 0 or -1",
        accuracy=_CONFLICT,
        limits=f"{_LOW!r} <= |distractor| <= {_HIGH!r} (CONFLICT_RANGE)",
    ),
    Domain(
        output_weight_conflict,
        inputs=f"stored: {_REAL}, nonzero",
        accuracy=_CONFLICT,
        limits=f"{_LOW!r} <= |stored| <= {_HIGH!r} (CONFLICT_RANGE)",
    ),
    Domain(
        naive_task_fit,
        inputs=f"sequences (N, T, d), targets (N, T): {_REAL}",
        accuracy="numpy's least squares (SVD, backward stable) on inputs scaled by exact powers of two; "
        "the error from the residuals, each in units of its own row's power of two and their squares "
        "summed in units of the largest (no square under- or overflows)",
        limits=f"N T d <= MAX_TASK_VALUES = {MAX_TASK_VALUES}, d <= 1000; weights or error beyond 1.8e308 "
        "refused",
    ),
    Domain(
        naive_task_residual,
        inputs="as naive_task_fit",
        accuracy="as naive_task_fit",
        limits="as naive_task_fit",
    ),
    Domain(
        logistic_fixed_points,
        inputs=f"weight, bias: {_REAL}",
        accuracy="the net input n of each fixed point bisected over the floats, on the at most three "
        "pieces between b and b + w (widened by an ulp at each end) where F(n) = w sigma(n) + b - n is monotone, to where the rounded F "
        "changes sign: within one ulp of n (2^-52 |n|, or 2^-1074) plus 28 units of 2^-53 of E / |1 - rho| "
        "of the true root, rho the factor there (the fixed point's conditioning: adjacent floats where "
        "|1 - rho| is not small, looser near a tangency, rho = 1) and E the largest term of the form of F "
        "used at the reported n and its two neighbouring floats, at least 2^-1022 (for |n| < 1 b + w/2, "
        "(w/4 - 1) n and (w/2)(tanh(n/2) - n/2), which shrink near a tangency there; for n >= 1 w + b, "
        "w sigma(-n) and n; for n <= -1 w sigma(n), b and n); every root reported exists, and every pair "
        "near a tangency is found (F's sign at the critical nets +-c taken in multiple precision, c computed "
        "within 5 units of 2^-53 of c) unless one of its roots lies within 5 units of 2^-53 of c of +-c, "
        "where the pair may be missed; two roots within the accuracy above of each other may be reported as "
        "one point; y = sigma(n) "
        "and the factor w sigma'(n) from it, one rounding of w times the slope (formed from e^-|n| as "
        "a mantissa and a power of two where the slope is subnormal: within 2 units of 2^-1074 there) "
        "(y rounds to 0 or 1 where it must)",
        limits="fixed time (at most 3 x 64 halvings); b + w beyond 1.8e308 is refused",
    ),
    Domain(
        unit_factor_bias,
        inputs=f"activation in (0, 1), factor nonzero: {_REAL}",
        accuracy="w = factor / (y (1 - y)) correctly rounded (in exact rationals); b = logit(y) - w y "
        "(at the returned w) formed at 128 bits (mpmath) and rounded once: within half an ulp of its exact "
        "value plus 2^-124 (|logit(y)| + |w y|) (the 128-bit sum's rounding), near y = 1/2 too",
        limits="a weight or bias beyond 1.8e308 is refused",
    ),
    Domain(
        exact_fixed_point,
        inputs=f"weight, bias: {_REAL}, with a single fixed point",
        accuracy=f"exact: a float64 the library's logistic maps onto itself, within EXACT_ULPS = "
        f"{EXACT_ULPS} ulps of the computed fixed point, or None; its factor w sigma'(w y + b) at the net "
        "input the unit forms, as logistic_fixed_points forms it",
        limits="fixed time",
    ),
    Domain(
        logistic_best_fixed_point_factor,
        inputs="none",
        accuracy="bisection to adjacent float64s",
        limits="fixed time",
    ),
    Domain(
        logistic_neutral_fixed_point,
        inputs="none",
        accuracy="bisection to adjacent float64s",
        limits="fixed time",
    ),
)
"""The domain of each public function of the part: what it accepts, how accurately, up to which sizes."""
