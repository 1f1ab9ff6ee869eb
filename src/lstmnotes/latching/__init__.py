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

_FIXED_POINT_ACCURACY = (
    "every fixed point found, its net input within one float of a net x at which |w f(x) + b - x| <= 16 "
    "units of 2^-53 E plus 4 units of 2^-1074, with E = max(|w|, |b|, 1) where |s x| >= 1/2 and, where "
    "|s x| < 1/2 (s = 1 for tanh, 1/2 for the logistic), the largest of |beta|, |(omega - 1) x| and "
    "|(omega/s)(tanh(s x) - s x)|, the terms of the centred form of w f(x) + b - x (omega = w and beta = b "
    "for tanh, omega = w/4 and beta = b + w/2 for the logistic), which shrink near a tangency there; so "
    "within that bound divided by the least |1 - w f'| between the exact net and the floats beside the one "
    "returned, plus one float, of the exact net (the fixed point's conditioning: it loosens near a "
    "tangency, rho = 1); where w f(c) + b - c at a float critical net c (w f'(c) = 1) rounds to the other "
    "sign or lies within twice that bound of zero, the net inputs on the pieces beside it within one float "
    "of the exact ones (bisected on the sign taken in multiple precision, up to 1024 bits); the count exact "
    "unless a net input of a pair near a tangency lies within 5 units of 2^-53 c of an exact critical net "
    "+-c (the float critical nets are that close to them, and the sign of w f(c) + b - c there is taken in "
    "multiple precision), where the pair may be missed; each factor within 8 units of 2^-53 max(|rho|, 1) "
    "of w f'(net) at the net returned, and the stability verdict on the side of one that the factor is on "
    "(where it is not exactly +-1)"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        fixed_points,
        inputs="w, b: finite reals; activation: 'tanh' or 'logistic'",
        accuracy=_FIXED_POINT_ACCURACY,
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
        inputs="w, b as latch; epsilon: finite real in [0, the attractor's tolerance] (zero too where the "
        "tolerance rounds below zero); attractor: 'upper' or 'lower'",
        accuracy="the factor at the worst case's limit net, found by bisection in multiple precision (160 "
        "bits) from the float inputs taken as exact, the slope formed from the net input (no cancellation "
        "at a saturated attractor): within 1 ulp of the exact value (an ulp of it: 2^-1074 below "
        "2^-1022, so that a value at most 2^-1075 returns zero), near a tangency too: the 160-bit value, "
        "within 2^-67 of the exact one and within 2^-88 of it relatively where it is below 1/2, "
        "correctly rounded to the nearest float",
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
