"""The computations that decide the latching claim: a scan of $w$ and $b$, and a search for inputs that break
a latch or let its flow through.

- {py:func}`tradeoff_scan`: every attractor of a grid of units with two attractors, its factor $\\rho$ and
  tolerance $\\varepsilon$, and paths to the edge of bistability along which $\\rho \\to 1$;
- {py:func}`tolerance_by_bisection`: the tolerance found without its closed form, as the largest bias
  shift $\\varepsilon$ under which the shifted unit keeps a fixed point in the basin;
- {py:func}`noise_search`: bounded input sequences (random, switching, the worst case) run from each
  attractor, for bounds up to and just beyond the tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import choice, count, generator
from lstmnotes.activations import ACTIVATIONS
from lstmnotes.latching import (
    ATTRACTORS,
    LATCH_ACTIVATIONS,
    bistable_biases,
    fixed_points,
    latch,
    worst_case_rate,
)

__all__ = [
    "BEYOND",
    "FRACTIONS",
    "MAX_SEARCH_STEPS",
    "MAX_SEARCH_UNITS",
    "NoiseSearch",
    "TradeoffScan",
    "noise_search",
    "tolerance_by_bisection",
    "tradeoff_scan",
]

Array = NDArray[np.float64]

MAX_SEARCH_UNITS: Final = 400
"""The most units of {py:func}`noise_search`."""
MAX_SEARCH_STEPS: Final = 20_000
"""The most steps of each run of {py:func}`noise_search`."""

FRACTIONS: Final = (0.0, 0.25, 0.5, 0.9, 0.99, 1.0)
"""The bounds tried, as fractions of each attractor's tolerance."""
BEYOND: Final = 1.01
"""The bound, as a multiple of the tolerance, at which the worst case must leave the basin."""
_GAP: Final = 10.0 ** -np.arange(1, 9)
"""How close the paths of {py:func}`tradeoff_scan` come to the edge of bistability."""


def _threshold(activation: str) -> float:
    return 1.0 if activation == "tanh" else 4.0


@dataclass(frozen=True)
class TradeoffScan:
    """Factors and tolerances of every attractor of a grid of latching units, and along paths to the edge."""

    activation: str
    weights: Array
    """$w$ of each attractor scanned."""
    biases: Array
    """$b$."""
    rates: Array
    """$\\rho = f'(\\mathit{net}^*)\\, w$ at the attractor."""
    tolerances: Array
    """$\\varepsilon$ of the attractor."""
    symmetric_rates: Array
    """Along $w = (1 + g)/\\gamma$ with the symmetric bias ($0$ for tanh, $-w/2$ for the logistic), for the
    gaps $g = 10^{-1}..10^{-8}$: the factor of the upper attractor (a pitchfork: both attractors merge
    with the unstable point)."""
    symmetric_tolerances: Array
    """The tolerance along the same path."""
    edge_rates: Array
    """At $w = 2/\\gamma$, with $b$ a fraction $g$ of the interval from its upper end: the upper
    attractor's factor (a saddle-node: the upper attractor merges with the unstable point... at the
    lower end; here the lower attractor does, so the path follows the lower attractor)."""
    edge_tolerances: Array
    """The lower attractor's tolerance along the same path."""


def tradeoff_scan(activation: str = "tanh", *, weights: int = 40, biases: int = 21) -> TradeoffScan:
    """Scan $w$ from just above $1/\\gamma$ to $20/\\gamma$ and $b$ across each interval of two attractors.

    :param activation: ``"tanh"`` or ``"logistic"``.
    :param weights: the number of weights (geometric in $w\\gamma - 1$ from $10^{-4}$ to $19$), 2 to 400.
    :param biases: the number of biases per weight (evenly inside the open interval), 1 to 400.
    :return: the {py:class}`TradeoffScan`.
    :raises TypeError: for counts that are not integers or an activation that is not a string.
    :raises ValueError: for counts out of range or an unknown activation.
    """
    unit = choice(activation, "activation", LATCH_ACTIVATIONS)
    n_w = count(weights, "weights", minimum=2, maximum=400)
    n_b = count(biases, "biases", minimum=1, maximum=400)
    top = _threshold(unit)
    rows: list[tuple[float, float, float, float]] = []
    for w in top * (1.0 + np.geomspace(1e-4, 19.0, n_w)):
        low, high = bistable_biases(float(w), unit)
        for fraction in (np.arange(1, n_b + 1)) / (n_b + 1):
            b = float(low + fraction * (high - low))
            cell = latch(float(w), b, unit)
            for side in ATTRACTORS:
                rows.append((float(w), b, cell.attractor(side).factor, cell.tolerance(side)))
    data = np.array(rows)
    symmetric = []
    for gap in _GAP:
        w = top * (1.0 + gap)
        cell = latch(w, 0.0 if unit == "tanh" else -w / 2, unit)
        symmetric.append((cell.upper.factor, cell.upper_tolerance))
    edge = []
    w = 2.0 * top
    low, high = bistable_biases(w, unit)
    for gap in _GAP:
        cell = latch(w, high - gap * (high - low), unit)
        edge.append((cell.lower.factor, cell.lower_tolerance))
    sym, edg = np.array(symmetric), np.array(edge)
    return TradeoffScan(
        unit,
        data[:, 0],
        data[:, 1],
        data[:, 2],
        data[:, 3],
        sym[:, 0],
        sym[:, 1],
        edg[:, 0],
        edg[:, 1],
    )


def tolerance_by_bisection(w: float, b: float, activation: str = "tanh") -> float:
    """The upper attractor's tolerance without its closed form: the largest $\\varepsilon$ for which the unit
    with bias $b - \\varepsilon$ still has a fixed point above the unstable state of the unit with bias $b$.

    :param w: the self-connection; :param b: the bias (as {py:func}`lstmnotes.latching.latch`).
    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: $\\varepsilon_+$, bisected to adjacent floats.
    :raises ValueError: as {py:func}`lstmnotes.latching.latch`.
    """
    cell = latch(w, b, activation)
    edge = cell.saddle.state

    def keeps(epsilon: float) -> bool:
        return any(
            p.state > edge for p in fixed_points(cell.weight, cell.bias - epsilon, activation)
        )

    lo, hi = 0.0, 2.0 * (abs(cell.weight) + abs(cell.bias) + 1.0)
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            return lo
        if keeps(mid):
            lo = mid
        else:
            hi = mid


@dataclass(frozen=True)
class NoiseSearch:
    """What bounded inputs did to runs started at an attractor."""

    units: int
    """The (activation, $w$, $b$, attractor) cases tried."""
    sequences: int
    """Input sequences run per case and bound."""
    steps: int
    """Steps of each run."""
    escapes_within: int
    """Runs with $|u_t| \\le \\varepsilon$ at most the tolerance that left the basin (none, if the tolerance
    is right)."""
    worst_excess: float
    """The largest $\\ln(\\text{factor}) - \\ln \\rho_\\varepsilon$ met on any run within the tolerance
    (at most rounding, if every factor is bounded by {py:func}`lstmnotes.latching.worst_case_rate`)."""
    worst_flow_rate: float
    """The largest $\\ln|\\partial h_T/\\partial h_0| / T - \\ln \\rho_\\varepsilon$ over those runs."""
    stayed_beyond: int
    """Cases whose worst-case run at {py:data}`BEYOND` times the tolerance stayed in the basin for
    {py:data}`MAX_SEARCH_STEPS` steps (none, if the tolerance is the largest)."""
    slowest_escape: int
    """The most steps a worst-case run beyond the tolerance took to leave the basin."""
    largest_rate: float
    """The largest $\\rho_\\varepsilon$ at a bound below the tolerance (below one)."""


def _run(w: float, b: float, unit: str, start: float, u: Array) -> tuple[Array, Array, Array]:
    """Run many sequences at once: states of every step, the largest log factor, the summed log factors."""
    f, fp = ACTIVATIONS[
        unit
    ]  # on the float arrays formed here, without the public functions' checks
    h = np.full(u.shape[0], start)
    states = np.empty(u.shape)
    largest = np.full(u.shape[0], -np.inf)
    total = np.zeros(u.shape[0])
    with np.errstate(divide="ignore"):
        for t in range(u.shape[1]):
            net = w * h + b + u[:, t]
            log_factor = np.log(w * fp(net))
            largest = np.maximum(largest, log_factor)
            total += log_factor
            h = f(net)
            states[:, t] = h
    return states, largest, total


def _inside(edge: float, side: str) -> Callable[[Any], Any]:
    """Whether states (a float or an array) lie in the attractor's basin, beyond the unstable ``edge``."""
    if side == "upper":
        return lambda s: s > edge
    return lambda s: s < edge


def _escape(
    w: float, b: float, unit: str, start: float, inside: Callable[[float], bool]
) -> int | None:
    """The first step at which the input-free unit with bias ``b`` leaves the basin, within
    {py:data}`MAX_SEARCH_STEPS` steps (``None``: it stayed)."""
    f = math.tanh if unit == "tanh" else _logistic
    h = start
    for step in range(1, MAX_SEARCH_STEPS + 1):
        h = f(w * h + b)
        if not inside(h):
            return step
    return None


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _sequences(rng: np.random.Generator, epsilon: float, side: str, k: int, steps: int) -> Array:
    """Uniform, bang-bang and mostly-adverse switching inputs, and the constant worst case (last row)."""
    push = -1.0 if side == "upper" else 1.0
    third = max(1, (k - 1) // 3)
    uniform = rng.uniform(-epsilon, epsilon, (third, steps))
    bang = epsilon * rng.choice([-1.0, 1.0], (third, steps))
    adverse = epsilon * np.where(rng.random((k - 1 - 2 * third, steps)) < 0.9, push, -push)
    worst = np.full((1, steps), push * epsilon)
    return np.vstack([uniform, bang, adverse, worst])


def noise_search(
    rng: np.random.Generator, *, units: int = 8, sequences: int = 12, steps: int = 1000
) -> NoiseSearch:
    """Run bounded inputs from the attractors of random latching units, both activations, both attractors.

    The units have $w\\gamma$ drawn log-uniformly in $[1.001, 20]$ and $b$ uniformly inside the interval of
    two attractors; the bounds are {py:data}`FRACTIONS` of each attractor's tolerance, and
    {py:data}`BEYOND` times it for the worst case.

    :param rng: the random generator.
    :param units: units per activation, 1 to {py:data}`MAX_SEARCH_UNITS`.
    :param sequences: input sequences per unit and bound, 4 to 400.
    :param steps: steps per run, 1 to {py:data}`MAX_SEARCH_STEPS`.
    :return: the {py:class}`NoiseSearch`.
    :raises TypeError: for an ``rng`` that is not a numpy Generator or counts that are not integers.
    :raises ValueError: for counts out of range.
    """
    rng = generator(rng)
    n = count(units, "units", minimum=1, maximum=MAX_SEARCH_UNITS)
    k = count(sequences, "sequences", minimum=4, maximum=400)
    t = count(steps, "steps", minimum=1, maximum=MAX_SEARCH_STEPS)
    escapes = stayed = slowest = cases = 0
    excess = flow_excess = largest_rate = -np.inf
    for unit in LATCH_ACTIVATIONS:
        for _ in range(n):
            w = _threshold(unit) * float(np.exp(rng.uniform(np.log(1.001), np.log(20.0))))
            low, high = bistable_biases(w, unit)
            cell = latch(w, float(rng.uniform(low, high)), unit)
            for side in ATTRACTORS:
                cases += 1
                start, tol = cell.attractor(side).state, cell.tolerance(side)
                inside = _inside(cell.saddle.state, side)
                for fraction in FRACTIONS:
                    eps = fraction * tol
                    rate = worst_case_rate(w, cell.bias, eps, unit, side)
                    u = _sequences(rng, eps, side, k, t)
                    states, big, total = _run(w, cell.bias, unit, start, u)
                    escapes += int(np.sum(~np.all(inside(states), axis=1)))
                    excess = max(excess, float(np.max(big)) - float(np.log(rate)))
                    flow_excess = max(flow_excess, float(np.max(total)) / t - float(np.log(rate)))
                    if fraction < 1.0:
                        largest_rate = max(largest_rate, rate)
                push = -1.0 if side == "upper" else 1.0
                left = _escape(w, cell.bias + push * BEYOND * tol, unit, start, inside)
                if left is None:
                    stayed += 1
                else:
                    slowest = max(slowest, left)
    return NoiseSearch(
        cases, k, t, escapes, excess, flow_excess, stayed, slowest, float(largest_rate)
    )
