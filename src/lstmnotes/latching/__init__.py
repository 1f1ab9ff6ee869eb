"""Latching a bit in one self-connected unit, and the flow it leaves (the chapter beyond the logistic unit).

A unit $h_t = f(w h_{t-1} + b + u_t)$ with two attractors stores a bit {cite:p}`bengio1994learning`: which
basin its state is in. The numerics here find its fixed points by bracketing, the biases that give two
attractors, each attractor's basin and the exact bound on input noise under which the state never leaves
it, and the flow $|\\partial h_T / \\partial h_0|$ back along a latched run. Importing them loads neither sympy
nor matplotlib. {py:mod}`lstmnotes.latching.symbolic` derives the bistable biases and the tolerance with
sympy; {py:mod}`lstmnotes.latching.evidence` scans $w$ and $b$ and searches for inputs that break a latch;
{py:mod}`lstmnotes.latching.figures` and {py:mod}`lstmnotes.latching.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.latching._fixed_points import (
    LATCH_ACTIVATIONS,
    MAX_WEIGHT,
    FixedPoint,
    bistable_biases,
    fixed_points,
)
from lstmnotes.latching._flow import MAX_LATCH_STEPS, LatchedRun, latched_flow
from lstmnotes.latching._latch import ATTRACTORS, Latch, latch, worst_case_rate

__all__ = [
    "ATTRACTORS",
    "DOMAIN",
    "LATCH_ACTIVATIONS",
    "MAX_LATCH_STEPS",
    "MAX_WEIGHT",
    "FixedPoint",
    "Latch",
    "LatchedRun",
    "bistable_biases",
    "fixed_points",
    "latch",
    "latched_flow",
    "worst_case_rate",
]

_CONDITIONING = (
    "each net input within a few ulps of E divided by |1 - rho|, rho its factor and E at most "
    "max(|w|, |b|, 1): where |s net| < 1/2 (s = 1 for tanh, 1/2 for the logistic) E is the largest term of "
    "the centred form of w f(net) + b - net, which shrinks near a tangency there (the fixed point's "
    "conditioning: it loosens near a tangency, rho = 1)"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        fixed_points,
        inputs="w, b: finite reals; activation: 'tanh' or 'logistic'",
        accuracy="every fixed point found (bracketing on monotone pieces; the sign of G at each critical net in "
        "multiple precision, so a pair near a tangency is counted right unless its nets are within a few ulps "
        f"of the critical net of each other); {_CONDITIONING}; each factor "
        "within 8 units of 2^-53 max(|rho|, 1) of w f'(net) at the net returned, and the stability verdict "
        "on the side of one that the factor is on (where it is not exactly +-1)",
        limits=f"|w|, |b| <= MAX_WEIGHT = {MAX_WEIGHT:g}",
    ),
    Domain(
        bistable_biases,
        inputs="w: finite real above 1/gamma (4 logistic, 1 tanh); activation as fixed_points",
        accuracy="absolute error below 1e-12 max(w, 1) (closed form at the critical nets, no cancellation "
        "in the nets)",
        limits=f"w <= MAX_WEIGHT = {MAX_WEIGHT:g}",
    ),
    Domain(
        latch,
        inputs="w, b: a unit with two attractors (b strictly inside bistable_biases(w)); activation as "
        "fixed_points",
        accuracy="states as fixed_points; tolerances: absolute error below 1e-12 max(w, |b|, 1) (closed "
        "form; relative accuracy is lost as a tolerance goes to zero at the ends of the bias interval)",
        limits=f"|w|, |b| <= MAX_WEIGHT = {MAX_WEIGHT:g}",
    ),
    Domain(
        worst_case_rate,
        inputs="w, b as latch; epsilon: finite real in [0, the attractor's tolerance]; attractor: "
        "'upper' or 'lower'",
        accuracy="the factor at the worst case's limit net, found by bisection in multiple precision (160 "
        "bits) from the float inputs taken as exact, the slope formed from the net input (no cancellation "
        "at a saturated attractor); within a few ulps of the exact value, near a tangency too (zero where "
        "it lies below the float range)",
        limits=f"|w|, |b| <= MAX_WEIGHT = {MAX_WEIGHT:g}",
    ),
    Domain(
        latched_flow,
        inputs="w, b as latch; inputs: finite reals, 1-D; attractor: 'upper' or 'lower'",
        accuracy="the run as lstmnotes.net.run_net; each log factor within 8 units of "
        "2^-53 (|ln|w|| + |ln f'(net_t)|) of ln|w| + ln f'(net_t) at the computed net (an absolute bound: "
        "where the two terms cancel, as the factor nears one, the relative error grows)",
        limits=f"1 <= T <= MAX_LATCH_STEPS = {MAX_LATCH_STEPS}; refused where a log factor or the log flow "
        "lies beyond float64 (about -1.8e308: net inputs near +-1e308)",
    ),
)
"""The domain of each public function of the part: see {py:mod}`lstmnotes.domain`."""
