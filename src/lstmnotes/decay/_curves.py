"""Error flow measured in random nets: how fast it decays, how it can blow up, and what its paths look like.

Section 3.1 of the paper reasons about products of factors $f'(\\mathit{net})\\, w$ and bounds them from
above. This module runs nets and measures: the flow is always computed by {py:mod}`lstmnotes.flow`, from the
slopes of a forward run of {py:mod}`lstmnotes.net` except in {py:func}`flow_versus_units`, which gives every
unit the logistic's largest slope $1/4$ (in a bias-free logistic run that needs every net input exactly zero).

- {py:func}`decay_curves`: for random logistic nets at several weight scales, the largest flow
  $\\max_{u,v} |\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)|$ against $q$, the decay rate per step
  fitted to it, and the rate the paper's weak bound allows;
- {py:func}`blow_up_example`: linear units with weights above one, whose flow grows like $\\rho(W)^q$;
- {py:func}`path_product_distribution`: the $n^{q-1}$ path products of eq. (3.2) for one pair of units,
  their signs and sizes, and how much of them cancels;
- {py:func}`flow_versus_units`: how the flow at a fixed lag grows with the number of units when the
  weights carry random signs, against the same weights made positive.

The survey of the chapter on measured decay is {py:func}`decay_survey` (its set-up is the constants
``SURVEY_*``). Three claims generalise from it, each with a search that could refute it:
{py:func}`mean_decay_search` (the geometric mean over nets, for the survey's size, over seeds and a fine
grid of scales), {py:func}`growth_shares` (the same mean over many seeds as the number of units grows) and
the survey's single nets. {py:func}`neutral_self_unit` is a one-unit net outside the survey's protocol
(started exactly at its fixed point) whose flow keeps its size.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds import fprime_max, norm_pair
from lstmnotes.flow import largest_flow_by_lag, path_terms, scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = [
    "BURN_IN",
    "LONG_RUN_LAGS",
    "LONG_RUN_MARGIN",
    "LONG_RUN_SETTLE",
    "NEAR_ONE",
    "NEUTRAL_SETTLES",
    "SURVEY_N",
    "SURVEY_NETS",
    "SURVEY_Q",
    "SURVEY_SCALES",
    "SURVEY_SEED",
    "BlowUp",
    "DecayCurve",
    "GrowthShares",
    "MeanDecaySearch",
    "MeanGrowth",
    "NeutralUnit",
    "PathProducts",
    "UnitCount",
    "blow_up_example",
    "decay_curves",
    "decay_survey",
    "first_growing_bound",
    "fitted_rate",
    "flow_versus_units",
    "geometric_mean",
    "growth_shares",
    "long_run_rate",
    "mean_decay_search",
    "mean_growth_search",
    "neutral_self_unit",
    "neutral_unit_settling",
    "path_product_distribution",
]

Array = NDArray[np.float64]

BURN_IN: Final = 50
"""Steps a random net runs before the error is injected, so that the flow is measured on settled activity."""

SURVEY_SEED: Final = 1997
"""The seed of the chapter's survey of random logistic nets."""

SURVEY_SCALES: Final = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""The weight scales $w_{max}$ of the survey."""

SURVEY_N: Final = 8
"""Units per net in the survey."""

SURVEY_NETS: Final = 20
"""Nets per weight scale in the survey."""

SURVEY_Q: Final = 40
"""Lags followed in the survey."""

NEAR_ONE: Final = 0.95
"""A fitted factor per step at or above this value counts as *hardly decaying* in the survey's tallies."""

LONG_RUN_SETTLE: Final = 10_000
"""Settling steps before {py:func}`long_run_rate` follows the flow."""

LONG_RUN_LAGS: Final = 2_000
"""Lags over which {py:func}`long_run_rate` measures the flow's factor per step."""

LONG_RUN_MARGIN: Final = 0.01
"""A long-run factor within this distance of one counts as marginal, neither growth nor decay."""

NEUTRAL_SETTLES: Final = (50, 500, 5_000, 50_000)
"""Settling steps after which {py:func}`neutral_unit_settling` measures the neutral unit's flow."""

_MAX_WORK: Final = 1_000_000_000
"""The largest amount of arithmetic (roughly nets x lags x n^3) a measurement may ask for."""


def _count(value: int, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def _work(nets: int, q: int, n: int) -> None:
    if nets * q * n**3 > _MAX_WORK:
        raise ValueError(
            f"nets * q * n^3 = {nets * q * n**3} exceeds the limit {_MAX_WORK}: use fewer or smaller nets"
        )


def fitted_rate(flow: ArrayLike) -> float:
    """The per-step factor of a flow that changes geometrically: $e^{b}$ for the least-squares line
    $\\log |\\mathrm{flow}_q| \\approx a + b q$, $q = 1, 2, \\dots$

    :param flow: the flow at lags $1, 2, \\dots$; at least two entries, all nonzero.
    :return: the fitted factor per step (below one: decay; above one: growth).
    :raises ValueError: for fewer than two entries, a zero, or non-finite entries.

    ```pycon
    >>> round(fitted_rate([0.5, 0.25, 0.125]), 12)
    0.5

    ```
    """
    values = np.abs(finite_array(flow, "flow", ndim=1))
    if values.shape[0] < 2:
        raise ValueError(f"flow must have at least two lags to fit a rate, got {values.shape[0]}")
    if np.any(values == 0):
        raise ValueError("flow must be nonzero at every lag to fit a rate on a log scale")
    lags = np.arange(1, values.shape[0] + 1)
    slope = np.polyfit(lags, np.log(values), 1)[0]
    return float(np.exp(slope))


def geometric_mean(flows: ArrayLike) -> Array:
    """The geometric mean over nets (rows) at each lag (column): $\\exp$ of the mean of $\\log |\\cdot|$.

    :param flows: shape ``(nets, q)``, nonzero.
    :return: an array of length $q$.
    :raises ValueError: for a non-2-D or non-finite input, or a zero entry.

    ```pycon
    >>> geometric_mean([[1.0, 4.0], [4.0, 1.0]]).tolist()
    [2.0, 2.0]

    ```
    """
    values = np.abs(finite_array(flows, "flows", ndim=2))
    if np.any(values == 0):
        raise ValueError("flows must be nonzero to take a geometric mean")
    result: Array = np.exp(np.log(values).mean(axis=0))
    return result


@dataclass(frozen=True)
class DecayCurve:
    """The measured flow of random logistic nets at one weight scale, from {py:func}`decay_curves`."""

    w_max: float
    """Weights are uniform on $[-w_{max}, w_{max}]$."""
    n: int
    flows: Array
    """Shape ``(nets, q)``: the largest flow of each net at lags $1..q$."""
    flow: Array
    """The geometric mean over the nets at each lag."""
    rate: float
    """The decay factor per step fitted to ``flow``."""
    bound_rate: float
    """The geometric mean over the nets of $f'_{max}\\|W\\|_\\infty$: the per-step factor of the weak bound
    $n (f'_{max}\\|W\\|_A)^q$ with the paper's max-row-sum norm."""
    tau: float
    """The paper's $\\tau = n\\, w_{max}/4$ (a bound on the rate when $w_{max} < 4/n$)."""
    slope_max: float
    """The geometric mean over the nets of the largest slope $f'_{max}$ met on the way back."""
    weights: Array
    """Shape ``(nets, n, n)``: each net's weights."""
    starts: Array
    """Shape ``(nets, n)``: each net's initial activation."""

    @property
    def lags(self) -> Array:
        """$q = 1, \\dots$, one per column of ``flows``."""
        return np.arange(1, self.flows.shape[1] + 1, dtype=np.float64)

    @property
    def bound(self) -> Array:
        """The weak bound $n\\, b^q$ at each lag, $b$ = ``bound_rate``."""
        return self.n * self.bound_rate**self.lags

    @property
    def rates(self) -> Array:
        """The factor per step fitted to each single net's flow (one per row of ``flows``)."""
        return np.array([fitted_rate(row) for row in self.flows])


def decay_curves(
    w_max_values: Sequence[float],
    rng: np.random.Generator,
    *,
    n: int = 8,
    nets: int = 20,
    q: int = 40,
) -> tuple[DecayCurve, ...]:
    """Measure how the error flow of random logistic nets decays, at several weight scales.

    Each net has weights uniform on $[-w_{max}, w_{max}]$ and a random initial activation in $(0, 1)$, runs
    {py:data}`lstmnotes.decay.BURN_IN` steps plus $q$, and an error is followed back $q$ steps from the last one.

    :param w_max_values: the weight scales, positive.
    :param rng: random generator for the weights and initial activations.
    :param n: units per net, 1 to 64.
    :param nets: nets per scale, 1 to 1000.
    :param q: lags to follow, 2 to 500.
    :return: one curve per scale, in the order given.
    :raises ValueError: for bad counts or scales, a request beyond the work limit, or a flow that
        underflows to zero (use fewer lags or larger weights).

    ```pycon
    >>> (curve,) = decay_curves([1.0], np.random.default_rng(0), n=3, nets=2, q=5)
    >>> curve.flows.shape, bool(curve.rate < curve.bound_rate)
    ((2, 5), True)

    ```
    """
    scales = finite_array(w_max_values, "w_max_values", ndim=1)
    if scales.size == 0 or np.any(scales <= 0):
        raise ValueError("w_max_values must be a non-empty list of positive scales")
    n = _count(n, "n", 1, 64)
    nets = _count(nets, "nets", 1, 1000)
    q = _count(q, "q", 2, 500)
    _work(nets * scales.size, q, n)
    pair = norm_pair("max-row-sum")
    curves = []
    for w_max in scales:
        flows = np.empty((nets, q))
        weights = np.empty((nets, n, n))
        starts = np.empty((nets, n))
        bases = np.empty(nets)
        steepest = np.empty(nets)
        for k in range(nets):
            W = random_weights(n, rng, w_max=float(w_max))
            weights[k], starts[k] = W, rng.uniform(0.0, 1.0, size=n)
            run = run_net(W, starts[k], BURN_IN + q + 1)
            fprime = run.fprime(run.steps, q)
            flows[k] = largest_flow_by_lag(W, fprime)
            steepest[k] = fprime_max(fprime, pair)
            bases[k] = steepest[k] * pair.matrix(W)
        if np.any(flows == 0):
            raise ValueError(f"the flow underflows to zero within {q} lags at w_max = {w_max:g}")
        flow = geometric_mean(flows)
        curves.append(
            DecayCurve(
                w_max=float(w_max),
                n=n,
                flows=flows,
                flow=flow,
                rate=fitted_rate(flow),
                bound_rate=float(np.exp(np.log(bases).mean())),
                tau=n * float(w_max) / 4.0,
                slope_max=float(np.exp(np.log(steepest).mean())),
                weights=weights,
                starts=starts,
            )
        )
    return tuple(curves)


def first_growing_bound(curves: Sequence[DecayCurve]) -> float:
    """The smallest weight scale among ``curves`` whose weak-bound factor exceeds one.

    :param curves: from {py:func}`decay_curves`.
    :return: that scale.
    :raises ValueError: if no curve's bound grows.
    """
    growing = [c.w_max for c in curves if c.bound_rate > 1.0]
    if not growing:
        raise ValueError("no curve's weak-bound factor exceeds one")
    return min(growing)


def decay_survey() -> tuple[DecayCurve, ...]:
    """The chapter's survey: {py:func}`decay_curves` with the ``SURVEY_*`` set-up.

    The page, its figures and the claims that quote the survey all call this function, so they show the
    same nets.

    :return: one curve per scale of {py:data}`SURVEY_SCALES`.
    """
    return decay_curves(
        SURVEY_SCALES, np.random.default_rng(SURVEY_SEED), n=SURVEY_N, nets=SURVEY_NETS, q=SURVEY_Q
    )


@dataclass(frozen=True)
class MeanDecaySearch:
    """The geometric mean's fitted factor over seeds and scales, from {py:func}`mean_decay_search`."""

    n: int
    nets: int
    q: int
    seeds: tuple[int, ...]
    scales: Array
    """The weight scales searched, smallest first."""
    rates: Array
    """Shape ``(len(seeds), len(scales))``: the factor per step fitted to each geometric mean."""

    @property
    def worst(self) -> tuple[float, int, float]:
        """The largest fitted factor, with its seed and scale."""
        k, j = np.unravel_index(int(np.argmax(self.rates)), self.rates.shape)
        return float(self.rates[k, j]), self.seeds[k], float(self.scales[j])

    def smallest_growing(self) -> tuple[float, float] | None:
        """The smallest scale at which the mean grows for some seed, with its largest factor there."""
        growing = np.flatnonzero(self.rates.max(axis=0) > 1.0)
        if growing.size == 0:
            return None
        j = int(growing[0])
        return float(self.scales[j]), float(self.rates[:, j].max())


def mean_decay_search(
    seeds: Sequence[int],
    scales: Sequence[float],
    *,
    n: int = SURVEY_N,
    nets: int = SURVEY_NETS,
    q: int = SURVEY_Q,
) -> MeanDecaySearch:
    """Try to make the geometric mean over nets of the largest flow grow: many seeds, a fine grid of scales.

    :param seeds: the seeds tried, at least one.
    :param scales: the weight scales, positive.
    :param n: units per net, as {py:func}`decay_curves`.
    :param nets: nets per seed and scale.
    :param q: lags.
    :return: every fitted factor; the claim that the mean decays is refuted by any factor $\\ge 1$.
    :raises ValueError: for no seeds, or as {py:func}`decay_curves`.

    ```pycon
    >>> s = mean_decay_search([0], [1.0, 2.0], n=3, nets=2, q=5)
    >>> s.rates.shape
    (1, 2)

    ```
    """
    if len(seeds) == 0:
        raise ValueError("seeds must name at least one seed")
    grid = np.sort(finite_array(scales, "scales", ndim=1))
    rates = np.empty((len(seeds), grid.size))
    for k, seed in enumerate(seeds):
        rng = np.random.default_rng(
            seed
        )  # one stream per seed, scale after scale, as decay_curves draws
        for j, w_max in enumerate(grid):
            rates[k, j] = decay_curves([w_max], rng, n=n, nets=nets, q=q)[0].rate
    return MeanDecaySearch(n, nets, q, tuple(int(s) for s in seeds), grid, rates)


@dataclass(frozen=True)
class MeanGrowth:
    """The smallest net size at which the geometric mean grows, from {py:func}`mean_growth_search`."""

    searched: tuple[int, ...]
    """The sizes tried, in order, up to and including the first one that grows."""
    n: int | None
    """The first size whose geometric mean grew at some seed and scale; ``None`` if none did."""
    seed: int | None
    w_max: float | None
    rate: float
    """The largest fitted factor at that size (or at the last size, if none grew)."""
    smaller: float
    """The largest fitted factor over all smaller sizes: below one."""


def mean_growth_search(
    sizes: Sequence[int],
    seeds: Sequence[int],
    scales: Sequence[float],
    *,
    nets: int = SURVEY_NETS,
    q: int = SURVEY_Q,
) -> MeanGrowth:
    """Search upward in the number of units for a geometric mean over nets that grows.

    For each size in turn (smallest first), {py:func}`mean_decay_search` runs over every seed and scale;
    the search stops at the first size with a fitted factor above one.

    :param sizes: net sizes, increasing, each 1 to 64.
    :param seeds: seeds tried at each size.
    :param scales: weight scales tried at each size.
    :param nets: nets per seed and scale.
    :param q: lags.
    :return: the first size that grows, with its seed, scale and factor.
    :raises ValueError: for sizes that are not increasing, or as {py:func}`decay_curves`.

    ```pycon
    >>> g = mean_growth_search([1, 2], [0], [1.0], nets=2, q=5)
    >>> g.n is None, g.smaller < 1
    (True, True)

    ```
    """
    order = [int(k) for k in sizes]
    if not order or any(b <= a for a, b in itertools.pairwise(order)):
        raise ValueError(f"sizes must be increasing and non-empty, got {order}")
    smaller = 0.0
    for index, n in enumerate(order):
        search = mean_decay_search(seeds, scales, n=n, nets=nets, q=q)
        rate, seed, w_max = search.worst
        if rate > 1.0:
            return MeanGrowth(tuple(order[: index + 1]), n, seed, w_max, rate, smaller)
        smaller = max(smaller, rate)
    return MeanGrowth(tuple(order), None, None, None, rate, smaller)


@dataclass(frozen=True)
class GrowthShares:
    """How often the geometric mean over nets grows, by net size and scale, from {py:func}`growth_shares`."""

    sizes: tuple[int, ...]
    """The net sizes $n$, increasing."""
    seeds: tuple[int, ...]
    scales: Array
    """The weight scales, smallest first."""
    rates: Array
    """Shape ``(len(sizes), len(seeds), len(scales))``: the factor per step fitted to each geometric mean."""

    @property
    def shares(self) -> Array:
        """Shape ``(len(sizes), len(scales))``: the fraction of seeds whose geometric mean grows (factor > 1)."""
        result: Array = np.mean(self.rates > 1.0, axis=1)
        return result

    def best(self, index: int) -> tuple[float, float]:
        """For the size at ``index``: the scale with the largest share of growing means, and that share
        (the smaller scale on a tie)."""
        j = int(np.argmax(self.shares[index]))
        return float(self.scales[j]), float(self.shares[index, j])

    def smallest_majority_scale(self, index: int) -> tuple[float, float] | None:
        """For the size at ``index``: the smallest scale at which more than half the seeds' means grow, with
        that share; ``None`` if there is none."""
        above = np.flatnonzero(self.shares[index] > 0.5)
        if above.size == 0:
            return None
        j = int(above[0])
        return float(self.scales[j]), float(self.shares[index, j])


def growth_shares(
    sizes: Sequence[int],
    seeds: Sequence[int],
    scales: Sequence[float],
    *,
    nets: int = SURVEY_NETS,
    q: int = SURVEY_Q,
) -> GrowthShares:
    """For each net size, seed and scale, whether the geometric mean over ``nets`` random logistic nets grows.

    One seed is one draw of ``nets`` nets, so a single growing mean can be luck; the share of seeds whose
    mean grows shows whether growth is typical at a size. Each (size, seed) pair runs
    {py:func}`mean_decay_search` with its own stream.

    :param sizes: net sizes, increasing, each 1 to 64.
    :param seeds: the seeds, at least one.
    :param scales: weight scales, positive.
    :param nets: nets per seed and scale.
    :param q: lags.
    :return: every fitted factor.
    :raises ValueError: for sizes that are not increasing, or as {py:func}`mean_decay_search`.

    ```pycon
    >>> g = growth_shares([2, 3], [0, 1], [1.0], nets=2, q=5)
    >>> g.rates.shape, g.shares.tolist()
    ((2, 2, 1), [[0.0], [0.0]])

    ```
    """
    order = [int(k) for k in sizes]
    if not order or any(b <= a for a, b in itertools.pairwise(order)):
        raise ValueError(f"sizes must be increasing and non-empty, got {order}")
    searches = [mean_decay_search(seeds, scales, n=n, nets=nets, q=q) for n in order]
    rates = np.stack([s.rates for s in searches])
    return GrowthShares(tuple(order), searches[0].seeds, searches[0].scales, rates)


@dataclass(frozen=True)
class NeutralUnit:
    """A lone logistic unit whose error flow keeps its size, from {py:func}`neutral_self_unit`.

    Its fixed point has factor exactly $-1$ and attracts only weakly: a run started at random approaches
    it slowly, and its flow over a fixed number of lags comes closer to one the longer it has settled
    ({py:func}`neutral_unit_settling`)."""

    weight: float
    """$w_c$, the self-weight at which the fixed point's factor $\\sigma'(w y^*) w$ is exactly $-1$."""
    fixed_point: float
    """$y^* = \\sigma(w_c y^*)$."""
    factor: float
    """$\\sigma'(w_c y^*)\\, w_c$ from the forward run's slope: $-1$ to rounding."""
    flow: Array
    """The flow $|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)|$ of the run started at $y^*$, lags $1..q$."""


def neutral_self_unit(*, q: int = SURVEY_Q) -> NeutralUnit:
    """A one-unit net whose error flow does not decay: self-weight $w_c < 0$, started at its fixed point.

    A fixed point with factor $-1$ needs $y(1-y)\\,w = -1$ and $y = \\sigma(w y)$, that is
    $y = \\sigma(-1/(1-y))$ with $w = -1/(y(1-y))$; the root is found by bisection. The unit is then
    run from $y^*$ with {py:func}`lstmnotes.net.run_net` and its flow computed by
    {py:func}`lstmnotes.flow.largest_flow_by_lag`. (For $w > 0$ the one fixed point in $(0, 1)$ has
    factor below one; for $w_c < w < 0$ its factor lies in $(-1, 0)$.)

    :param q: lags, 2 to 500.
    :return: the unit and its flow.
    :raises ValueError: for a bad ``q``.

    ```pycon
    >>> u = neutral_self_unit(q=5)
    >>> round(u.weight, 4), round(u.fixed_point, 4), bool(np.allclose(u.flow, 1.0))
    (-5.8696, 0.2178, True)

    ```
    """
    q = _count(q, "q", 2, 500)
    low, high = 1e-9, 0.5  # g(y) = sigma(-1/(1-y)) - y changes sign once on (0, 1/2)
    for _ in range(200):
        mid = 0.5 * (low + high)
        if 1.0 / (1.0 + np.exp(1.0 / (1.0 - mid))) - mid > 0:
            low = mid
        else:
            high = mid
    y = 0.5 * (low + high)
    w = -1.0 / (y * (1.0 - y))
    W = np.array([[w]])
    run = run_net(W, [y], BURN_IN + q + 1)
    fprime = run.fprime(run.steps, q)
    return NeutralUnit(
        weight=w,
        fixed_point=y,
        factor=float(fprime[0, 0] * w),
        flow=largest_flow_by_lag(W, fprime),
    )


def neutral_unit_settling(
    settles: Sequence[int] = NEUTRAL_SETTLES, *, q: int = SURVEY_Q, seed: int = SURVEY_SEED
) -> Array:
    """The neutral unit of {py:func}`neutral_self_unit` started at random: its flow after longer settling.

    One start $y(0)$ uniform on $(0, 1)$ (from ``seed``); for each number of settling steps $s$ the unit
    runs $s + q + 1$ steps with {py:func}`lstmnotes.net.run_net` and the flow is followed back $q$ steps.

    :param settles: settling steps, each 1 to 100000.
    :param q: lags, 2 to 500.
    :param seed: seed of the start.
    :return: $|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)|$ for each entry of ``settles``.
    :raises ValueError: for bad counts.

    ```pycon
    >>> flows = neutral_unit_settling([50, 5000], q=10)
    >>> bool(flows[0] < flows[1] < 1.0)
    True

    ```
    """
    q = _count(q, "q", 2, 500)
    counts = [_count(s, "settles", 1, 100_000) for s in settles]
    w = neutral_self_unit(q=2).weight
    W = np.array([[w]])
    y0 = np.random.default_rng(seed).uniform(0.0, 1.0, size=1)
    run = run_net(W, y0, max(counts) + q + 1)
    return np.array(
        [abs(float(largest_flow_by_lag(W, run.fprime(s + q + 1, q))[-1])) for s in counts]
    )


def long_run_rate(
    W: ArrayLike,
    y0: ArrayLike,
    *,
    settle: int = LONG_RUN_SETTLE,
    lags: int = LONG_RUN_LAGS,
    activation: str = "logistic",
) -> float:
    """The flow's long-run factor per step: $\\|M_q\\|_2^{1/q}$ after a long settling run, for large $q$.

    The net runs $\\text{settle} + \\text{lags} + 1$ steps ({py:func}`lstmnotes.net.run_net`); the product
    $M_q = F'(t-q) W^{\\mathsf T} \\cdots F'(t-1) W^{\\mathsf T}$ of the last ``lags`` steps is built one
    factor at a time and renormalised after each, so it neither overflows nor underflows. Unlike a rate
    fitted over a few dozen lags, this separates growth from a marginal flow (factor near one).

    :param W: the $n \\times n$ weights.
    :param y0: the initial activation, length $n$.
    :param settle: settling steps, 0 to 100000.
    :param lags: lags, 1 to 100000.
    :param activation: as {py:func}`lstmnotes.net.run_net`.
    :return: $\\|M_q\\|_2^{1/q}$ with $q$ = ``lags``; 0 if the product vanishes exactly.
    :raises ValueError: for bad counts, or as {py:func}`lstmnotes.net.run_net`.

    ```pycon
    >>> round(long_run_rate([[2.0]], [0.5], settle=0, lags=50, activation="identity"), 12)
    2.0

    ```
    """
    settle = _count(settle, "settle", 0, 100_000)
    lags = _count(lags, "lags", 1, 100_000)
    run = run_net(W, y0, settle + lags + 1, activation)
    weights_t = run.weights.T
    fprime = run.fprime(run.steps, lags)
    M = np.eye(weights_t.shape[0])
    log_size = 0.0
    for m in range(lags):
        M = fprime[m][:, None] * (weights_t @ M)
        size = float(np.abs(M).max())
        if size == 0.0:
            return 0.0
        log_size += np.log(size)
        M /= size
    return float(np.exp((log_size + np.log(np.linalg.norm(M, 2))) / lags))


@dataclass(frozen=True)
class BlowUp:
    """Linear units with weights above one, from {py:func}`blow_up_example`."""

    weights: Array
    flow: Array
    """The largest flow at lags $1..q$."""
    rate: float
    """The growth factor per step fitted to ``flow``."""
    spectral_radius: float
    """$\\rho(W)$: for linear units the flow grows like $\\rho(W)^q$."""
    max_row_sum: float
    """$\\|W\\|_\\infty$, the weak bound's per-step factor for linear units ($f' = 1$)."""
    overflow_lag: int
    """The lag at which the flow, growing at ``rate``, would pass the float64 range (about $10^{308}$)."""


def blow_up_example(
    rng: np.random.Generator, *, n: int = 3, low: float = 1.0, high: float = 1.5, q: int = 30
) -> BlowUp:
    """A net of linear units whose weights all exceed one: the flow explodes.

    With the identity, $f' = 1$ everywhere, so the flow is $(W^{\\mathsf T})^q$ and grows like $\\rho(W)^q$.
    The net starts at rest ($y(0) = 0$), so its activations stay finite while its error flow does not.

    :param rng: random generator for the weights (uniform on $[$``low``, ``high``$]$).
    :param n: units, 1 to 64.
    :param low: the smallest weight, at least 1.
    :param high: the largest weight, above ``low``.
    :param q: lags, 2 to 500.
    :return: the example.
    :raises ValueError: for bad sizes or weight ranges, or a flow that overflows within ``q`` lags.

    ```pycon
    >>> b = blow_up_example(np.random.default_rng(0), n=1, q=4)
    >>> bool(abs(b.rate - b.spectral_radius) < 1e-12)
    True

    ```
    """
    n = _count(n, "n", 1, 64)
    q = _count(q, "q", 2, 500)
    if not (np.isfinite(low) and np.isfinite(high) and 1.0 <= low < high):
        raise ValueError(f"need 1 <= low < high (weights above one), got low={low}, high={high}")
    W = rng.uniform(low, high, size=(n, n))
    run = run_net(W, np.zeros(n), q + 1, "identity")
    flow = largest_flow_by_lag(W, run.fprime(run.steps, q))
    rate = fitted_rate(flow)
    return BlowUp(
        weights=W,
        flow=flow,
        rate=rate,
        spectral_radius=float(np.max(np.abs(np.linalg.eigvals(W)))),
        max_row_sum=float(np.max(np.abs(W).sum(axis=1))),
        overflow_lag=int(np.ceil(np.log(np.finfo(np.float64).max) / np.log(rate))),
    )


@dataclass(frozen=True)
class PathProducts:
    """The path products of eq. (3.2) for one pair of units, from {py:func}`path_product_distribution`."""

    weights: Array
    """The net's weights."""
    fprime: Array
    """The slopes on the way back, shape ``(q, n)`` (row $m-1$ is time $t-m$)."""
    u: int
    v: int
    terms: Array
    """All $n^{q-1}$ path products, flattened."""
    flow: float
    """Their sum: the scaling factor $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$."""
    scaling_factor: float
    """The same entry computed by the recursion (3.1), as a check."""
    printed: float
    """The sum over the same paths with the weights as printed in (3.2), $w_{l_m l_{m-1}}$. It agrees with
    ``flow`` when $u = v$ and the slopes do not change with time (a net at a fixed point): the diagonal
    entries of $(F'W)^q$ and $(F'W^{\\mathsf T})^q$ are then equal."""
    positive_share: float
    """The fraction of paths whose product is positive."""
    absolute_sum: float
    """$\\sum |\\text{term}|$: the flow if no path cancelled another."""
    largest: float
    """The largest $|\\text{term}|$."""

    @property
    def orders(self) -> float:
        """$\\log_{10}$ of the largest over the smallest nonzero $|\\text{term}|$: how many orders of
        magnitude the path products span."""
        sizes = np.abs(self.terms[self.terms != 0])
        return float(np.log10(sizes.max() / sizes.min()))

    @property
    def cancellation(self) -> float:
        """$|\\text{flow}| / \\sum|\\text{term}|$: one if all paths share a sign, near zero if they cancel."""
        return abs(self.flow) / self.absolute_sum


def path_product_distribution(
    rng: np.random.Generator, *, n: int = 6, q: int = 7, w_max: float = 2.0, u: int = 0, v: int = 0
) -> PathProducts:
    """The individual path products of a random logistic net, from unit $u$ at $t$ to unit $v$ at $t - q$.

    :param rng: random generator for the weights and the initial activation.
    :param n: units, 1 to 64.
    :param q: lags, 1 to 64 (the number of paths $n^{q-1}$ is limited by
        {py:data}`lstmnotes.flow.MAX_PATH_TERMS`).
    :param w_max: weights uniform on $[-w_{max}, w_{max}]$.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :return: the products and their statistics.
    :raises ValueError: for bad sizes, too many paths, or units out of range.

    ```pycon
    >>> p = path_product_distribution(np.random.default_rng(0), n=3, q=4)
    >>> p.terms.size, bool(abs(p.flow - p.scaling_factor) < 1e-15)
    (27, True)

    ```
    """
    n = _count(n, "n", 1, 64)
    q = _count(q, "q", 1, 64)
    W = random_weights(n, rng, w_max=w_max)
    run = run_net(W, rng.uniform(0.0, 1.0, size=n), BURN_IN + q + 1)
    fprime = run.fprime(run.steps, q)
    terms = np.ravel(path_terms(W, fprime, u, v))
    absolute = np.abs(terms)
    return PathProducts(
        weights=W,
        fprime=fprime,
        u=u,
        v=v,
        terms=terms,
        flow=float(terms.sum()),
        scaling_factor=float(scaling_factor(W, fprime)[v, u]),
        printed=float(path_terms(W, fprime, u, v, "printed").sum()),
        positive_share=float(np.mean(terms > 0)),
        absolute_sum=float(absolute.sum()),
        largest=float(absolute.max()),
    )


@dataclass(frozen=True)
class UnitCount:
    """The flow at one lag as the number of units grows, from {py:func}`flow_versus_units`."""

    units: Array
    """The net sizes $n$."""
    q: int
    nets: int
    """Nets per size."""
    slope: float
    """The slope every unit is given: the logistic's largest, $1/4$."""
    w_max: float
    """Weights are uniform on $[-w_{max}, w_{max}]$."""
    signed: Array
    """Geometric mean over nets of $\\max_{u,v}|M_q|$ with weights of random sign."""
    positive: Array
    """The same with every weight replaced by its absolute value: no path can cancel another."""
    signed_exponent: float
    """The slope of $\\log(\\text{signed}^{1/q})$ against $\\log n$: how the per-step factor scales."""
    positive_exponent: float
    """The same for the positive weights."""

    @property
    def signed_factors(self) -> Array:
        """The per-step factor $\text{signed}^{1/q}$ at each size."""
        result: Array = self.signed ** (1.0 / self.q)
        return result

    @property
    def positive_factors(self) -> Array:
        """The per-step factor $\text{positive}^{1/q}$ at each size."""
        result: Array = self.positive ** (1.0 / self.q)
        return result


def flow_versus_units(
    units: Sequence[int],
    rng: np.random.Generator,
    *,
    q: int = 10,
    w_max: float = 1.0,
    nets: int = 20,
) -> UnitCount:
    """How the flow at lag $q$ depends on the number of units, with and without signs on the paths.

    Every unit is given the logistic's steepest slope, $f' = 1/4$, so that only the weights differ; these
    slopes are set, not taken from a forward run (in a bias-free logistic run they would need every net
    input to be exactly zero). For each
    size $n$ the same random weights (uniform on $[-w_{max}, w_{max}]$) are used twice: as they are, and
    with their absolute values. With positive weights all $n^{q-1}$ paths add up; with signs they cancel,
    and the flow grows far more slowly with $n$.

    :param units: the net sizes, each 1 to 128, at least two of them.
    :param rng: random generator for the weights.
    :param q: the lag, 1 to 200.
    :param w_max: the weight scale, positive.
    :param nets: nets per size, 1 to 1000.
    :return: the flows and the fitted exponents.
    :raises ValueError: for bad sizes or counts, or a request beyond the work limit.

    ```pycon
    >>> c = flow_versus_units([2, 8], np.random.default_rng(0), q=4, nets=3)
    >>> bool(np.all(c.positive >= c.signed))
    True

    ```
    """
    sizes = np.array([_count(int(k), "units", 1, 128) for k in units])
    if sizes.size < 2:
        raise ValueError("units must list at least two net sizes to fit an exponent")
    q = _count(q, "q", 1, 200)
    nets = _count(nets, "nets", 1, 1000)
    for n in sizes:
        _work(2 * nets * sizes.size, q, int(n))
    signed = np.empty(sizes.size)
    positive = np.empty(sizes.size)
    for index, n in enumerate(sizes):
        logs = np.empty((nets, 2))
        slopes = np.full((q, int(n)), LOGISTIC_PRIME_MAX)
        for k in range(nets):
            W = random_weights(int(n), rng, w_max=w_max)
            logs[k, 0] = np.log(largest_flow_by_lag(W, slopes)[-1])
            logs[k, 1] = np.log(largest_flow_by_lag(np.abs(W), slopes)[-1])
        signed[index], positive[index] = np.exp(logs.mean(axis=0))
    log_n = np.log(sizes)
    return UnitCount(
        units=sizes.astype(np.float64),
        q=q,
        nets=nets,
        slope=LOGISTIC_PRIME_MAX,
        w_max=float(w_max),
        signed=signed,
        positive=positive,
        signed_exponent=float(np.polyfit(log_n, np.log(signed) / q, 1)[0]),
        positive_exponent=float(np.polyfit(log_n, np.log(positive) / q, 1)[0]),
    )
