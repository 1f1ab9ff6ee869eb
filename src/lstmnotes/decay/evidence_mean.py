"""Searches that try to make the geometric mean over nets of the largest flow grow.

- {py:func}`mean_decay_search`: for the survey's size, over seeds and a fine grid of scales (claim X50);
- {py:func}`mean_growth_search`: upward in the number of units, to the first size whose mean grows;
- {py:func}`growth_shares`: for each size, the share of seeds whose mean grows (claim X52).

Each mean is that of {py:func}`lstmnotes.decay.decay_curves`, fitted with
{py:func}`lstmnotes.decay.fitted_rate`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, finite_array
from lstmnotes.decay import decay_curves
from lstmnotes.decay._curves import _most_scales
from lstmnotes.decay.evidence_survey import SURVEY_N, SURVEY_NETS, SURVEY_Q

MAX_SEARCH_SEEDS: Final = 10_000
"""The most seeds a search of this module tries."""

MAX_SEARCH_WORK: Final = 100_000_000_000
"""The most work (seeds x scales x nets x q x n^3, summed over the sizes) of a search of this module: about
three times that of claim X52's {py:func}`growth_shares`."""

__all__ = [
    "MAX_SEARCH_SEEDS",
    "MAX_SEARCH_WORK",
    "GrowthShares",
    "MeanDecaySearch",
    "MeanGrowth",
    "growth_shares",
    "mean_decay_search",
    "mean_growth_search",
]

Array = NDArray[np.float64]


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
    :param scales: the weight scales, positive, at least one.
    :param n: units per net, as {py:func}`lstmnotes.decay.decay_curves`.
    :param nets: nets per seed and scale.
    :param q: lags.
    :return: every fitted factor; the claim that the mean decays is refuted by any factor $\\ge 1$.
    :raises TypeError: for seeds or counts that are not integers, or scales that are not real numbers.
    :raises ValueError: for no seeds (or more than {py:data}`MAX_SEARCH_SEEDS`), no scales, a search beyond
        {py:data}`MAX_SEARCH_WORK`, or as {py:func}`lstmnotes.decay.decay_curves`.

    ```pycon
    >>> s = mean_decay_search([0], [1.0, 2.0], n=3, nets=2, q=5)
    >>> s.rates.shape
    (1, 2)

    ```
    """
    chosen = _seeds(seeds)
    grid = np.sort(finite_array(scales, "scales", ndim=1))
    if grid.size == 0:
        raise ValueError("scales must hold at least one weight scale")
    _check_work(len(chosen) * grid.size, [n], nets, q)
    rates = np.empty((len(seeds), grid.size))
    # one stream per seed, scale after scale, as decay_curves draws; as many scales a call as its limits
    # admit (the draws, and so the rates, are those of one call per scale)
    batch = max(1, _most_scales(n, nets, q))
    for k, seed in enumerate(chosen):
        rng = np.random.default_rng(seed)
        for j in range(0, grid.size, batch):
            curves = decay_curves(grid[j : j + batch].tolist(), rng, n=n, nets=nets, q=q)
            rates[k, j : j + len(curves)] = [c.rate for c in curves]
    return MeanDecaySearch(n, nets, q, chosen, grid, rates)


def _seeds(seeds: Sequence[int]) -> tuple[int, ...]:
    if isinstance(seeds, str | bytes) or not hasattr(seeds, "__len__"):
        raise TypeError(f"seeds must be a sequence of integer seeds, got {type(seeds).__name__}")
    if not 1 <= len(seeds) <= MAX_SEARCH_SEEDS:
        raise ValueError(
            f"seeds must name at least one seed (at most {MAX_SEARCH_SEEDS}), got {len(seeds)}"
        )
    return tuple(count(s, "seeds", minimum=0) for s in seeds)


def _check_work(runs: int, sizes: Sequence[int], nets: int, q: int) -> None:
    """Refuse at once a search whose curves would together exceed {py:data}`MAX_SEARCH_WORK`."""
    nets, q = count(nets, "nets", minimum=1), count(q, "q", minimum=1)
    total = runs * nets * q * sum(count(n, "n", minimum=1) ** 3 for n in sizes)
    if total > MAX_SEARCH_WORK:
        raise ValueError(
            f"seeds x scales x nets x q x n^3 = {total} exceeds the limit {MAX_SEARCH_WORK}: "
            "use fewer seeds, scales, nets or sizes"
        )


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
    :raises ValueError: for sizes that are not increasing, or as {py:func}`lstmnotes.decay.decay_curves`.

    ```pycon
    >>> g = mean_growth_search([1, 2], [0], [1.0], nets=2, q=5)
    >>> g.n is None, g.smaller < 1
    (True, True)

    ```
    """
    if isinstance(sizes, str | bytes) or not hasattr(sizes, "__len__"):
        raise TypeError(
            f"sizes must be a sequence of integer net sizes, got {type(sizes).__name__}"
        )
    order = [count(k, "sizes", minimum=1, maximum=64) for k in sizes]
    if not order or any(b <= a for a, b in itertools.pairwise(order)):
        raise ValueError(f"sizes must be increasing and non-empty, got {order}")
    runs = len(_seeds(seeds)) * finite_array(scales, "scales", ndim=1).size
    _check_work(runs, order, nets, q)
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
    if isinstance(sizes, str | bytes) or not hasattr(sizes, "__len__"):
        raise TypeError(
            f"sizes must be a sequence of integer net sizes, got {type(sizes).__name__}"
        )
    order = [count(k, "sizes", minimum=1, maximum=64) for k in sizes]
    if not order or any(b <= a for a, b in itertools.pairwise(order)):
        raise ValueError(f"sizes must be increasing and non-empty, got {order}")
    runs = len(_seeds(seeds)) * finite_array(scales, "scales", ndim=1).size
    _check_work(runs, order, nets, q)
    searches = [mean_decay_search(seeds, scales, n=n, nets=nets, q=q) for n in order]
    rates = np.stack([s.rates for s in searches])
    return GrowthShares(tuple(order), searches[0].seeds, searches[0].scales, rates)
