"""Searches over lone logistic units: the largest factor at a held activation, and what $w < 0$ does.

The claims about the lone logistic unit of section 3.2 (X60, X61, X63, X67) are decided by scans over many
units, each found with the numerics of {py:func}`lstmnotes.carousel.logistic_fixed_points`:

- {py:func}`logistic_factor_search`: the largest factor at a held activation, for weights of one sign;
- {py:func}`unit_factor_values`: how many activations one unit, any weight and bias, holds with factor
  $\\pm 1$;
- {py:func}`negative_weight_units`: for $w < 0$, the one fixed point, its stability below the neutral
  weight $w^*$, and the 2-cycles there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import sympy

from lstmnotes._validate import count as _count
from lstmnotes._validate import finite_scalar, generator
from lstmnotes.activations import ACTIVATIONS
from lstmnotes.carousel import evidence as _limits
from lstmnotes.carousel._fixed_points import (
    HeldActivation,
    _bisect,
    _logistic,
    _logistic_array,
    exact_fixed_point,
    logistic_fixed_points,
    logistic_neutral_fixed_point,
    unit_factor_bias,
)
from lstmnotes.carousel._self_unit import MAX_STEPS, run_self_unit, self_unit_flow

__all__ = [
    "ESCAPE",
    "EXACT_LOWEST",
    "START",
    "FactorSearch",
    "NegativeWeightUnits",
    "UnitFactorValues",
    "logistic_factor_search",
    "negative_weight_units",
    "unit_factor_values",
]


def _golden_max(fun: Callable[[float], float], lo: float, hi: float, steps: int = 80) -> float:
    """The argument of a unimodal function's maximum on [lo, hi], by golden-section search."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = lo, hi
    for _ in range(steps):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if fun(c) >= fun(d):
            b = d
        else:
            a = c
    return 0.5 * (a + b)


@dataclass(frozen=True)
class FactorSearch:
    """A search over lone logistic units for the largest factor at a held activation."""

    weights: int
    """How many weights were tried (grid, random and local refinement together)."""
    weight_range: tuple[float, float]
    """The smallest and largest weight tried."""
    most_fixed_points: int
    """The largest number of held activations found at one weight."""
    worst: HeldActivation
    """The held activation with the largest factor in size."""
    two_cycles: int
    """How many period-2 orbits (points of $f \\circ f$ that are not fixed points of $f$) were found."""
    worst_two_cycle: float
    """The largest product of the two factors along a period-2 orbit (zero if there is none)."""


def _two_cycle_products(weight: float) -> list[float]:
    """Products of the factors along period-2 orbits of $y \\mapsto \\sigma(w y)$ (one entry per orbit point).

    The grid is uniform in $\\operatorname{logit}(y)$ on $[-36, 36]$, extended down to $-36 - |w|$ for the
    low point of a cycle at a large negative weight, whose logit is about $w/2$.
    """
    logits = np.linspace(-36.0, 36.0, 2001)
    if weight < -36.0:
        logits = np.concatenate([np.linspace(-36.0 + weight, -36.0, 1001)[:-1], logits])
    small = np.exp(-np.abs(logits))
    ys = np.where(logits >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    f = _logistic_array(weight * ys)
    gap = _logistic_array(weight * f) - ys
    out = []
    for i in np.flatnonzero(np.sign(gap[:-1]) * np.sign(gap[1:]) < 0):
        y = _bisect(lambda v: _logistic(weight * _logistic(weight * v)) - v, ys[i], ys[i + 1])
        z = _logistic(weight * y)
        if abs(z - y) > 1e-7:  # a genuine 2-cycle, not the fixed point
            out.append(weight * y * (1 - y) * weight * z * (1 - z))
    return out


def logistic_factor_search(
    rng: np.random.Generator,
    *,
    sign: int = 1,
    largest: float | None = None,
    grid: int = 601,
    draws: int = 150,
) -> FactorSearch:
    """Search lone logistic units (no bias) of one weight sign for the largest factor at a held activation.

    The weights tried are a logarithmic grid from $10^{-3}$ to ``largest`` in size, ``draws`` random weights
    (log-uniform over the same range) and a golden-section refinement around the best grid weight. At each
    weight every fixed point is found ({py:func}`lstmnotes.carousel.logistic_fixed_points`) and, for
    $w < 0$, every period-2 orbit (a decreasing map has no longer ones; for $w > 0$ the map is increasing
    and has none).
    Outside the range tried the factor is below one for a reason that needs no search: $|w| < 10^{-3}$
    gives at most $|w|/4$, and for $w \\ge 30$ a held activation has $1 - y = \\sigma(-w y) < e^{-w/2}$, so
    the factor is below $w e^{-w/2}$.

    :param rng: random generator for the random weights.
    :param sign: $+1$ for $w > 0$, $-1$ for $w < 0$.
    :param largest: the largest $|w|$ tried (default 30 for $w > 0$, beyond which a held activation is
        within rounding of one, and 1000 for $w < 0$).
    :param grid: the number of grid weights, 2 to {py:data}`~lstmnotes.carousel.evidence.MAX_SEARCH_GRID`.
    :param draws: the number of random weights, 0 to {py:data}`~lstmnotes.carousel.evidence.MAX_SEARCH_DRAWS`.
    :return: the worst case found and what the search covered.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for counts beyond their limits, for a sign other than $\\pm 1$ or a range below $10^{-3}$.
    """
    generator(rng)
    if isinstance(sign, bool | np.bool_) or not isinstance(sign, int | np.integer):
        raise TypeError(f"sign must be the integer +1 or -1, got {type(sign).__name__}")
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, got {sign}")
    grid = _count(grid, "grid", minimum=2, maximum=_limits.MAX_SEARCH_GRID)
    draws = _count(draws, "draws", maximum=_limits.MAX_SEARCH_DRAWS)
    if largest is None:
        largest = 30.0 if sign > 0 else 1000.0
    largest = finite_scalar(largest, "largest")
    if not 1e-3 < largest <= (30.0 if sign > 0 else 1e6):
        raise ValueError(f"largest must lie in (1e-3, 1e6], got {largest}")
    sizes = np.concatenate(
        [
            np.geomspace(1e-3, largest, grid),
            np.exp(rng.uniform(np.log(1e-3), np.log(largest), draws)),
        ]
    )

    def worst_at(size: float) -> HeldActivation:
        points = logistic_fixed_points(sign * size)
        return max(points, key=lambda p: abs(p.factor))

    held = [worst_at(float(s)) for s in sizes]
    best = int(np.argmax([abs(p.factor) for p in held]))
    lo, hi = sizes[max(best - 1, 0)], sizes[min(best + 1, sizes.size - 1)]
    refined = _golden_max(lambda s: abs(worst_at(s).factor), float(min(lo, hi)), float(max(lo, hi)))
    held.append(worst_at(refined))
    counts = [len(logistic_fixed_points(sign * float(s))) for s in sizes[::10]]
    cycles = [] if sign > 0 else [p for s in sizes[:grid:6] for p in _two_cycle_products(-float(s))]
    return FactorSearch(
        weights=int(sizes.size) + 1,
        weight_range=(float(sizes.min()), float(sizes.max())),
        most_fixed_points=max(counts),
        worst=max(held, key=lambda p: abs(p.factor)),
        two_cycles=len(cycles),
        worst_two_cycle=float(max(cycles, default=0.0)),
    )


@dataclass(frozen=True)
class UnitFactorValues:
    """How many activations one lone logistic unit, any weight and bias, can hold with a factor of $\\pm 1$."""

    activations: int
    """How many activations $y$ were tried as the one held with factor one."""
    most_with_unit_factor: int
    """The most held activations with factor $+1$ found at one $(w, b)$."""
    most_with_minus_one: int
    """The same for factor $-1$."""
    largest_scaled_gap: float
    """The largest $D(y)/(y - 1/2)^3$ found on $(1/2, 1)$, where $D(y) = \\operatorname{logit}(y) -
    (y - 1/2)/(y(1-y))$ would vanish if one unit held both $y$ and $1 - y$ with factor one (the only way to
    hold two): negative means no such $y$ was found."""


def unit_factor_values(*, activations: int = 401) -> UnitFactorValues:
    """Count the activations a lone logistic unit can hold with factor $+1$ (or $-1$), over all $(w, b)$.

    A held activation with factor $\\pm 1$ needs $w\\, y(1 - y) = \\pm 1$, so every such unit is
    {py:func}`lstmnotes.carousel.unit_factor_bias` of some $y$; the search runs over $y$ (uniform in
    $\\operatorname{logit}(y)$), and at each $(w, b)$ finds every held activation and counts those with
    factor within $10^{-9}$ of $\\pm 1$. A second value with factor $+1$ would have to be $1 - y$ (the other
    root of $w\\, y(1-y) = 1$), which needs $D(y) = 0$; the largest $D(y)/(y - 1/2)^3$ over a grid on
    $(1/2, 1)$ is reported too. The grid of $y$ spans $\\operatorname{logit}(y) \\in [-20, 20]$ (weights up
    to about $5 \\cdot 10^8$).

    :param activations: how many values of $y$ to try, 3 to {py:data}`~lstmnotes.carousel.evidence.MAX_ACTIVATIONS`.
    :raises TypeError: for an ``activations`` that is not an integer.
    :return: the counts.
    :raises ValueError: for fewer than 3 values.
    """
    activations = _count(activations, "activations", minimum=3, maximum=_limits.MAX_ACTIVATIONS)
    ys = 1.0 / (1.0 + np.exp(-np.linspace(-20.0, 20.0, activations)))
    plus = minus = 0
    for y in ys:
        for target in (1.0, -1.0):
            w, b = unit_factor_bias(float(y), target)
            count = sum(abs(p.factor - target) <= 1e-9 for p in logistic_fixed_points(w, b))
            if target > 0:
                plus = max(plus, count)
            else:
                minus = max(minus, count)
    upper = 1.0 / (1.0 + np.exp(-np.geomspace(1e-3, 30.0, 4001)))
    d = np.log(upper / (1 - upper)) - (upper - 0.5) / (upper * (1 - upper))
    return UnitFactorValues(int(ys.size), plus, minus, float(np.max(d / (upper - 0.5) ** 3)))


@dataclass(frozen=True)
class NegativeWeightUnits:
    """Lone logistic units (no bias) with $w < 0$: one fixed point each, its stability, and the 2-cycles."""

    monotone: bool
    """sympy: with $u = \\operatorname{logit}(y) < 0$, both $w = u(1 + e^{-u})$ and the factor
    $u/(1 + e^{u})$ have positive derivatives, so each $w < 0$ has one fixed point and the factor rises with
    $w$ from $-\\infty$ to 0."""
    neutral: HeldActivation
    """The one weight $w^*$ at which the factor is $-1$."""
    escape_weights: tuple[float, ...]
    """Weights below $w^*$ at which a unit was started one ulp off its fixed point."""
    escape_steps: tuple[int, ...]
    """Steps until it had moved by a relative ``ESCAPE`` from the fixed point, one per weight."""
    cycle_weights: int
    """How many weights below $w^*$ the 2-cycle search tried (distances from $10^{-6}$ to $|w^*| + 1000$)."""
    cycles_found: int
    """At how many of them a 2-cycle was found (every one, if the picture is right)."""
    cycle_points: tuple[int, ...]
    """The numbers of 2-cycle points the scan found per weight, over all weights tried: 1 or 2 means one
    cycle (the scan's grid may hold only one of its points), more would mean a second cycle."""
    settle_starts: int
    """How many starts, spread over $(0, 1)$, were iterated at each of ``named``."""
    settle_missed: int
    """How many of them did not end, after 10,000 steps, within $10^{-9}$ of the 2-cycle."""
    largest_two_step: float
    """The largest two-step factor $f'(y) f'(z)$ on a 2-cycle found: below one means the cycle attracts."""
    largest_two_step_weight: float
    """Where it was found: next to $w^*$, where the 2-cycle is born and its factor tends to one."""
    two_step_at: dict[str, float]
    """The two-step factor at a few named weights, keyed by the weight."""
    cycle_at: tuple[float, float, float]
    """``(w, y, z)``: the 2-cycle at the weight of ``cycle_example``."""
    above_largest: float
    """The largest $|$factor$|$ at fixed points for $w^* < w < 0$ (grid): below one, the fixed point attracts."""
    stuck: HeldActivation
    """A fixed point below $w^*$ that the library's unit maps exactly onto itself in floating point: a unit
    started there stays there, and its error grows as $|\\text{factor}|^q$."""
    stuck_steps: int
    """How many steps the unit was run from ``stuck``."""
    stuck_drift: float
    """The largest distance of the activation from ``stuck`` over those steps (zero: it stays)."""
    stuck_flow: float
    """$|$flow$|$ after ``stuck_steps - 1`` steps back, from the library's run."""
    stuck_mismatch: float
    """The largest relative gap between $|$flow$|$ and $|\\text{factor}|^q$ over the run."""
    exact_found: int
    """On ``exact_grid`` weights below $w^*$, how many have an exact floating-point fixed point within
    ``EXACT_ULPS`` ulps of the computed one."""
    exact_grid: int
    """How many weights that count tried (evenly spaced on $[-20, w^*)$)."""


ESCAPE: Final = 1e-3
"""The relative distance from a fixed point at which a started unit counts as having left it."""

START: Final = 1e-12
"""The relative distance from a fixed point at which a unit is started to see whether it stays."""

EXACT_LOWEST: Final = -20.0
"""The most negative weight at which {py:func}`negative_weight_units` looks for exact fixed points."""


def negative_weight_units(
    rng: np.random.Generator,
    *,
    named: tuple[float, ...] = (-5.88, -6.0, -7.0, -10.0),
    escape_weights: tuple[float, ...] = (-1000.0, -10.0),
    grid: int = 300,
    draws: int = 60,
    stuck_steps: int = 1000,
    exact_grid: int = 200,
    settle_starts: int = 99,
) -> NegativeWeightUnits:
    """What a lone logistic unit without bias does for $w < 0$: one fixed point, stable only down to $w^*$.

    - sympy shows that each $w < 0$ has exactly one fixed point and that its factor is a strictly increasing
      function of $w$ ({py:class}`NegativeWeightUnits`), so the factor is $-1$ at exactly one weight $w^*$
      ({py:func}`lstmnotes.carousel.logistic_neutral_fixed_point`), in $(-1, 0)$ above it and below $-1$
      under it.
    - Under $w^*$ the fixed point repels: started a relative {py:data}`START` off it, the unit moves a
      relative {py:data}`ESCAPE` away within a few dozen steps (counted at ``escape_weights``).
    - A repelling fixed point is still a fixed point: at the last of ``named`` (then the one before, ...)
      that has an exact floating-point fixed point ({py:func}`lstmnotes.carousel.exact_fixed_point`), the
      unit started on it is run for ``stuck_steps`` steps; it stays, and its error grows as
      $|\\text{factor}|^q$. How many of ``exact_grid`` weights on $[-20, w^*)$ have such a point is counted.
    - At each of ``named``, ``settle_starts`` starts spread over $(0, 1)$ end on the 2-cycle.
    - Under $w^*$ every weight tried has a 2-cycle, and the product of the two factors along it is below
      one: the unit settles on the cycle and its error shrinks over every two steps. The weights tried lie
      at distances from $10^{-6}$ to $|w^*| + 1000$ below $w^*$ (``grid`` log-spaced, ``draws`` random).

    :param rng: random generator for the random weights.
    :param named: weights below $w^*$ at which the two-step factor is reported.
    :param escape_weights: weights below $w^*$ at which the escape from the fixed point is timed.
    :param grid: how many log-spaced weights the 2-cycle search tries.
    :param draws: how many random weights it adds.
    :param stuck_steps: how many steps the unit is run from an exact fixed point.
    :param exact_grid: how many weights on $[-20, w^*)$ are searched for an exact fixed point.
    :param settle_starts: how many starts over $(0, 1)$ are iterated at each of ``named`` to see them end
        on the 2-cycle.
    :return: the evidence.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a weight not below $w^*$, a count beyond its limit (in
        {py:mod}`~lstmnotes.carousel.evidence`), or no exact fixed point at ``named`` or the grid.
    """
    named, escape_weights, (grid, draws, stuck_steps, exact_grid, settle_starts) = (
        _limits._negative(
            rng, named, escape_weights, (grid, draws, stuck_steps, exact_grid, settle_starts)
        )
    )
    neutral = logistic_neutral_fixed_point()
    star = neutral.weight
    if any(w >= star for w in (*named, *escape_weights)):
        raise ValueError(f"named and escape weights must lie below w* = {star:.6f}")
    u = sympy.Symbol("u", negative=True)
    weight_of_u, factor_of_u = u * (1 + sympy.exp(-u)), u / (1 + sympy.exp(u))
    monotone = bool(
        sympy.simplify(sympy.diff(weight_of_u, u)).is_positive
        and sympy.simplify(sympy.diff(factor_of_u, u)).is_positive
    )
    escapes = []
    for w in escape_weights:
        (point,) = logistic_fixed_points(w)
        y, k = point.activation * (1.0 + START), 0
        while abs(y - point.activation) <= ESCAPE * point.activation and k < MAX_STEPS:
            y, k = _logistic(w * y), k + 1
        escapes.append(k)
    distances = np.concatenate(
        [np.geomspace(1e-6, abs(star) + 1000.0, grid),
         np.exp(rng.uniform(np.log(1e-6), np.log(abs(star) + 1000.0), draws))]
    )  # fmt: skip
    found, best, best_w, points = 0, -np.inf, float("nan"), set()
    for d in distances:
        products = _two_cycle_products(star - float(d))
        points.add(len(products))
        if products:
            found += 1
            if max(products) > best:
                best, best_w = max(products), star - float(d)
    at = {f"{w:g}": float(max(_two_cycle_products(w), default=float("nan"))) for w in named}
    w_ex = named[-1]
    y = 0.5
    for _ in range(10_000):  # settle on the 2-cycle
        y = _logistic(w_ex * y)
    z = _logistic(w_ex * y)
    f = ACTIVATIONS["logistic"][
        0
    ]  # on float arrays formed here: no checks in the 80,000 steps below
    starts = np.linspace(0.0, 1.0, settle_starts + 2)[1:-1]
    missed = 0
    for w in named:
        (point,) = logistic_fixed_points(w)
        cycle = np.linspace(0.5, 0.5, 1)
        for _ in range(10_000):
            cycle = f(w * cycle)
        low, high = sorted((float(cycle[0]), float(f(w * cycle)[0])))
        ys = starts[starts != point.activation]
        for _ in range(10_000):
            ys = f(w * ys)
        ends = np.minimum(np.abs(ys - low), np.abs(ys - high))
        missed += int(np.sum(ends > 1e-9)) + int(high - low <= 1e-6)
    above = max(
        abs(logistic_fixed_points(float(w))[0].factor) for w in np.linspace(star, 0.0, 202)[1:-1]
    )
    grid_weights = np.linspace(EXACT_LOWEST, star, exact_grid + 1)[:-1]
    exact = [exact_fixed_point(float(w)) for w in grid_weights]
    stuck = next(
        (p for p in (*(exact_fixed_point(w) for w in reversed(named)), *exact) if p is not None),
        None,
    )
    if stuck is None:
        raise ValueError("no exact floating-point fixed point at the named weights or on the grid")
    stuck_run = run_self_unit(stuck.weight, stuck.activation, stuck_steps, activation="logistic")
    stuck_flow = np.abs(self_unit_flow(stuck_run))
    growth = np.abs(stuck.factor) ** np.arange(stuck_steps)
    return NegativeWeightUnits(
        stuck=stuck,
        stuck_steps=stuck_steps,
        stuck_drift=float(np.max(np.abs(stuck_run.activations - stuck.activation))),
        stuck_flow=float(stuck_flow[-1]),
        stuck_mismatch=float(np.max(np.abs(stuck_flow - growth) / growth)),
        exact_found=sum(p is not None for p in exact),
        exact_grid=exact_grid,
        monotone=monotone,
        neutral=neutral,
        escape_weights=tuple(float(w) for w in escape_weights),
        escape_steps=tuple(escapes),
        cycle_weights=int(distances.size),
        cycles_found=found,
        cycle_points=tuple(sorted(points)),
        settle_starts=settle_starts,
        settle_missed=missed,
        largest_two_step=float(best),
        largest_two_step_weight=best_w,
        two_step_at=at,
        cycle_at=(float(w_ex), max(y, z), min(y, z)),
        above_largest=float(above),
    )
