"""The error flow of random logistic nets at several weight scales, against the weak bound, and the survey.

Section 3.1 of the paper reasons about products of factors $f'(\\mathit{net})\\, w$ and bounds them from
above. {py:func}`lstmnotes.decay.decay_curves` runs random logistic nets and measures: the flow is computed
by {py:mod}`lstmnotes.flow` from the slopes of a forward run of {py:mod}`lstmnotes.net`. For each weight
scale it gives the largest flow $\\max_{u,v} |\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)|$ against
$q$, the decay rate per step fitted to it, and the rate the paper's weak bound allows.

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
from numpy.typing import NDArray

from lstmnotes._validate import finite_array
from lstmnotes.bounds import fprime_max, norm_pair
from lstmnotes.decay._limits import _count, _work
from lstmnotes.decay._rates import fitted_rate, geometric_mean
from lstmnotes.flow import largest_flow_by_lag
from lstmnotes.net import random_weights, run_net

__all__ = [
    "BURN_IN",
    "NEAR_ONE",
    "NEUTRAL_SETTLES",
    "SURVEY_N",
    "SURVEY_NETS",
    "SURVEY_Q",
    "SURVEY_SCALES",
    "SURVEY_SEED",
    "DecayCurve",
    "GrowthShares",
    "MeanDecaySearch",
    "MeanGrowth",
    "NeutralUnit",
    "decay_curves",
    "decay_survey",
    "first_growing_bound",
    "growth_shares",
    "mean_decay_search",
    "mean_growth_search",
    "neutral_self_unit",
    "neutral_unit_settling",
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

NEUTRAL_SETTLES: Final = (50, 500, 5_000, 50_000)
"""Settling steps after which {py:func}`neutral_unit_settling` measures the neutral unit's flow."""


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
