"""The computations that decide the chapter's claims: the weak bound's ratio, the slopes compared, flows run.

Each function searches the whole domain its claim states, reports what it found as numbers, and leaves the
verdict to {py:mod}`lstmnotes.beyond_logistic.claims`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from lstmnotes._validate import count, generator
from lstmnotes.activations import LOGISTIC, RELU, TANH, Activation
from lstmnotes.beyond_logistic.symbolic import largest_slope, slope_crossing
from lstmnotes.bounds import NORM_PAIRS, activation_weak_bound
from lstmnotes.flow import largest_flow_by_lag, scaling_factor
from lstmnotes.net import run_net

__all__ = [
    "MAX_NETS",
    "MAX_SIZE",
    "BoundRatio",
    "RectifiedFlow",
    "SameWeightFlow",
    "SlopeCrossing",
    "rectified_flow",
    "same_weight_flow",
    "slope_comparison",
    "weak_bound_ratio",
]

MAX_NETS = 2_000
"""The most random nets one search draws."""

MAX_SIZE = 6
"""The most units of a net whose flow is recomputed in exact rational arithmetic."""


@dataclass(frozen=True)
class BoundRatio:
    """The weak bound for tanh over the logistic's, from {py:func}`weak_bound_ratio`."""

    cases: int
    """How many (weights, lag, norm) cases were compared."""
    exact: int
    """How many gave exactly $4^q$ in float64."""
    subnormal: int
    """Cases left out because a bound was subnormal (it carries fewer than 53 bits, so no exact ratio)."""
    worst: float
    """The largest $|\\text{ratio}/4^q - 1|$."""
    sup_ratio: float
    """$\\sup\\tanh' / \\sup\\sigma'$ from sympy, exact."""


def weak_bound_ratio(rng: np.random.Generator, nets: int = 400) -> BoundRatio:
    """Compare {py:func}`lstmnotes.bounds.activation_weak_bound` for tanh and the logistic, weights and lag alike.

    The nets have $n$ from 1 to 64 units, weights uniform with a scale from $10^{-3}$ to $10^{2}$ (so that
    bounds near the float range's ends are met), lags from 1 to 200, and every norm pair.

    :param rng: the random generator.
    :param nets: how many random weight matrices, 1 to ``MAX_NETS``.
    :return: the counts and the worst relative departure from $4^q$.
    """
    rng = generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    ratio = float(largest_slope("tanh") / largest_slope("logistic"))
    cases = exact = subnormal = 0
    worst = 0.0
    for _ in range(nets):
        n = int(rng.integers(1, 65))
        W = rng.uniform(-1.0, 1.0, (n, n)) * 10.0 ** rng.uniform(-3.0, 2.0)
        q = int(rng.integers(1, 201))
        for norm in NORM_PAIRS:
            try:
                tanh = activation_weak_bound(W, q, activation=TANH, norm=norm)
                logistic = activation_weak_bound(W, q, activation=LOGISTIC, norm=norm)
            except ValueError:  # one of the two bounds is beyond float64: no ratio to compare
                continue
            if logistic < np.finfo(np.float64).tiny:
                subnormal += 1
                continue
            cases += 1
            expected = ratio**q
            exact += tanh == expected * logistic
            worst = max(worst, abs(tanh / logistic / expected - 1.0))
    return BoundRatio(cases, exact, subnormal, worst, ratio)


@dataclass(frozen=True)
class SlopeCrossing:
    """Where $\\tanh'$ passes $1/4$, from {py:func}`slope_comparison`."""

    crossing: float
    """$x^+ = \\ln(2 + \\sqrt 3)$ (sympy's exact root, rounded once)."""
    points: int
    """How many net inputs were compared."""
    disagreements: int
    """Net inputs where $\\tanh'(x) > 1/4$ and $|x| < x^+$ disagree."""


def slope_comparison(points: int = 200_001, span: float = 40.0) -> SlopeCrossing:
    """Check $\\tanh'(x) > 1/4 \\iff |x| < x^+$ on a grid over $[-\\text{span}, \\text{span}]$ and next to $\\pm x^+$.

    :param points: the grid's size, 3 to $10^7$.
    :param span: the grid's half-width, positive (every float beyond 40 has $\\tanh' < 10^{-33}$).
    :return: the crossing and the disagreements found.
    """
    points = count(points, "points", minimum=3, maximum=10_000_000)
    crossing = float(slope_crossing())
    near = np.array([np.nextafter(crossing, 0.0), np.nextafter(crossing, np.inf)])
    x = np.concatenate([np.linspace(-span, span, points), near, -near])
    above = TANH.fprime(x) > 0.25
    inside = np.abs(x) < crossing
    return SlopeCrossing(crossing, int(x.size), int(np.count_nonzero(above != inside)))


@dataclass(frozen=True)
class SameWeightFlow:
    """One self-connected unit of each activation, same weight and start, from {py:func}`same_weight_flow`."""

    weights: np.ndarray
    """The weights $w$ scanned, ``(k,)``."""
    tanh: np.ndarray
    """$|\\partial y(T)/\\partial y(0)|$ of the tanh unit, ``(k,)``."""
    logistic: np.ndarray
    """The same for the logistic unit, ``(k,)``."""
    steps: int
    """$T$."""
    start: float
    """$y(0)$ of both units."""
    first_reversal: float | None
    """The weight where the logistic unit first passes back as much as the tanh unit: the root of the
    difference of their log-flows between the two grid weights around the first reversal."""
    order_changes: int
    """How often the order of the two flows changes along the scan."""
    zeros: int
    """Weights where a flow underflowed to zero (there the order is not decided)."""


def same_weight_flow(
    steps: int, start: float = 0.5, weights: int = 2_001, w_max: float = 20.0
) -> SameWeightFlow:
    """Run one self-connected unit, $y(t) = f(w\\,y(t-1))$, for tanh and for the logistic, weight and start alike.

    :param steps: $T$, 1 to 1000.
    :param start: $y(0)$, in $(0, 1)$ so that both units can hold it.
    :param weights: how many weights in $(0, w_{max}]$, 2 to 20000.
    :param w_max: the largest weight, positive.
    :return: both flows over the scan and the first weight where their order reverses.
    """
    steps = count(steps, "steps", minimum=1, maximum=1_000)
    weights = count(weights, "weights", minimum=2, maximum=20_000)
    ws = np.linspace(w_max / weights, w_max, weights)
    flows = {
        unit.name: np.array([_unit_flow(unit, w, start, steps) for w in ws])
        for unit in (TANH, LOGISTIC)
    }
    reversed_ = np.flatnonzero(flows["logistic"] > flows["tanh"])
    first = None
    if reversed_.size:  # the crossing itself, between the grid points on either side of it
        right = float(ws[reversed_[0]])
        left = float(ws[reversed_[0] - 1]) if reversed_[0] > 0 else 0.0
        first = _crossing(left, right, start, steps) if left > 0.0 else right
    ahead = flows["logistic"] > flows["tanh"]
    changes = int(np.count_nonzero(ahead[1:] != ahead[:-1]))
    zeros = int(np.count_nonzero((flows["logistic"] == 0.0) | (flows["tanh"] == 0.0)))
    return SameWeightFlow(ws, flows["tanh"], flows["logistic"], steps, start, first, changes, zeros)


def _unit_flow(unit: Activation, w: float, start: float, steps: int) -> float:
    """$|\\partial y(T)/\\partial y(0)|$ of one self-connected unit, from the library's run and flow."""
    run = run_net([[w]], [start], steps, unit)
    slopes = unit.fprime(run.nets).reshape(-1, 1)[::-1]
    return float(largest_flow_by_lag([[w]], slopes)[-1])


def _crossing(left: float, right: float, start: float, steps: int) -> float:
    """The weight in ``[left, right]`` where the two units' flows are equal, bisected down to adjacent floats.

    The difference of the log-flows is positive at ``right`` and not at ``left``; the returned weight is the
    first float at which it is positive.
    """

    def ahead(w: float) -> bool:
        return math.log(_unit_flow(LOGISTIC, w, start, steps)) > math.log(
            _unit_flow(TANH, w, start, steps)
        )

    while np.nextafter(left, right) < right:
        middle = left + (right - left) / 2
        if middle in (left, right):
            break
        if ahead(middle):
            right = middle
        else:
            left = middle
    return right


@dataclass(frozen=True)
class RectifiedFlow:
    """ReLU nets' flow against the masked product of their weights, from {py:func}`rectified_flow`."""

    nets: int
    """How many random nets were run."""
    slopes_not_binary: int
    """Slopes that were neither exactly 0 nor exactly 1."""
    worst_relative: float
    """The largest difference between the library's flow and the exact masked product, each entry over the
    same product taken of absolute values (the scale its rounding errors have)."""
    identity_steps: int
    """Steps of the $W = I$ net with every unit active."""
    identity_deviation: float
    """Its largest $|M_q - I|$ over every lag."""
    scaled: dict[float, float]
    """For $W = aI$ with every unit active: $a \\mapsto$ the flow at the last lag."""


def _masked_product(W: np.ndarray, slopes: np.ndarray) -> list[list[Fraction]]:
    """$\\prod_m F'(t-m) W^{\\mathsf T}$ (rightmost first) in exact rationals (row $m-1$ of ``slopes`` is $F'(t-m)$).

    Every float is an integer over a power of two, so the product is formed in integers over one common
    power of two (no greatest common divisor until the end): the same rationals as in ``Fraction``
    arithmetic throughout, many times faster.
    """
    n = W.shape[0]
    ratios = [float(x).as_integer_ratio() for x in (*W.ravel(), *slopes.ravel())]
    shift = max(den.bit_length() - 1 for _, den in ratios)  # each denominator is a power of two
    scaled = {ratio: ratio[0] << (shift - ratio[1].bit_length() + 1) for ratio in ratios}

    def exact(x: float) -> int:  # x times 2**shift, exactly
        return scaled[float(x).as_integer_ratio()]

    wt = [[exact(W[j, i]) for j in range(n)] for i in range(n)]
    M = [[int(i == j) for j in range(n)] for i in range(n)]
    for row in slopes:  # each step multiplies the common denominator by 2**(2 shift)
        step = [[exact(row[i]) * wt[i][k] for k in range(n)] for i in range(n)]
        M = [[sum(step[i][k] * M[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    denominator = 1 << (2 * shift * len(slopes))
    return [[Fraction(entry, denominator) for entry in line] for line in M]


def rectified_flow(rng: np.random.Generator, nets: int = 200, steps: int = 30) -> RectifiedFlow:
    """Run random ReLU nets with inputs and biases, and compare their flow with the exact masked product.

    :param rng: the random generator.
    :param nets: how many nets ($n$ from 1 to ``MAX_SIZE``), 1 to ``MAX_NETS``.
    :param steps: the run's length and lag, 1 to 200.
    :return: the counts, the worst difference, and the runs with every unit active.
    """
    rng = generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    steps = count(steps, "steps", minimum=1, maximum=200)
    not_binary = 0
    worst = 0.0
    for _ in range(nets):
        n = int(rng.integers(1, MAX_SIZE + 1))
        W = rng.normal(0.0, 1.2 / np.sqrt(n), (n, n))
        x = rng.normal(0.0, 1.0, (steps, 2))
        run = run_net(
            W,
            rng.uniform(0.0, 1.0, n),
            steps,
            RELU,
            x=x,
            V=rng.normal(0.0, 1.0, (n, 2)),
            b=rng.normal(0.0, 0.3, n),
        )
        slopes = RELU.fprime(run.nets)[::-1]
        not_binary += int(np.count_nonzero((slopes != 0.0) & (slopes != 1.0)))
        ours = scaling_factor(W, slopes)
        exact = _masked_product(W, slopes)
        scale = _masked_product(np.abs(W), slopes)
        for i in range(n):
            for j in range(n):
                error = abs(Fraction(float(ours[i, j])) - exact[i][j])
                if scale[i][j] != 0:
                    worst = max(worst, float(error / scale[i][j]))
                elif error != 0:
                    worst = np.inf
    identity = run_net(np.eye(3), [0.2, 0.5, 1.0], 50, RELU)
    flows = largest_flow_by_lag(np.eye(3), RELU.fprime(identity.nets)[::-1])
    scaled = {}
    for a in (0.9, 1.1):
        run = run_net(a * np.eye(2), [1.0, 2.0], 50, RELU)
        scaled[a] = float(largest_flow_by_lag(a * np.eye(2), RELU.fprime(run.nets)[::-1])[-1])
    return RectifiedFlow(nets, not_binary, worst, 50, float(np.max(np.abs(flows - 1.0))), scaled)
