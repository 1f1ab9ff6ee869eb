"""An adversarial search against the spectral-norm bound $\\|M_q\\|_2 \\le (\\gamma\\,\\sigma_{max}(W))^q$.

{py:func}`norm_bound_search` tries weights and slopes within the bound's hypothesis, for both activations'
$\\gamma$; the claims X4 (the sufficient condition for vanishing) and X5 (the necessary condition for
exploding) both quote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count as _count
from lstmnotes._validate import counts, generator
from lstmnotes.later import GAMMA, flow_norms, largest_singular_value
from lstmnotes.later._limits import MAX_CHECK_LAGS, MAX_CHECK_UNITS

__all__ = ["MAX_CLIMB_STEPS", "MAX_DRAWS", "MAX_SEARCH_SIZES", "BoundSearch", "norm_bound_search"]

MAX_SEARCH_SIZES: Final = 16
"""The most net sizes {py:func}`norm_bound_search` searches."""
MAX_DRAWS: Final = 1000
"""The most random candidates of {py:func}`norm_bound_search` per size and activation."""
MAX_CLIMB_STEPS: Final = 1000
"""The most rounds of one local search of {py:func}`norm_bound_search`."""

Array = NDArray[np.float64]


@dataclass(frozen=True)
class BoundSearch:
    """An adversarial search against $\\|M_q\\|_2 \\le (\\gamma\\,\\sigma_{max}(W))^q$, from
    {py:func}`norm_bound_search`."""

    candidates: int
    """How many (weights, slopes) pairs were tried, every lag of each counted once."""
    sizes: tuple[int, ...]
    """The net sizes tried."""
    q: int
    """The largest lag tried."""
    worst_ratio: float
    """The largest $\\|M_{q'}\\|_2 / (\\gamma\\sigma_{max})^{q'}$ found; the bound holds if it is at most one."""
    worst_case: dict[str, object]
    """Where it was found: the kind of candidate, $n$, the lag, $\\gamma\\sigma_{max}$."""
    attained: float
    """The ratio of the structured candidate built to meet the bound with equality (a scaled orthogonal
    $W$, every slope at $\\gamma$): one, so the search reaches the bound."""
    largest_below: float
    """The largest $\\|M_{q'}\\|_2$ over candidates with $\\gamma\\sigma_{max} \\le 1$: at most one if the
    necessary condition for exploding holds."""
    largest_below_case: dict[str, object]


def _ratios(W: Array, slopes: Array, gamma: float) -> tuple[Array, float]:
    sigma = gamma * largest_singular_value(W)
    norms = flow_norms(W, slopes)
    return norms / sigma ** np.arange(1, slopes.shape[0] + 1), sigma


def _structured(n: int, rng: np.random.Generator) -> dict[str, Array]:
    """The structured candidates of {py:func}`norm_bound_search` for $n$ units, by name."""
    out = {
        "negative diagonal": -np.eye(n),
        "all-ones sign pattern": np.ones((n, n)),
        "checkerboard sign pattern": (-1.0) ** np.add.outer(np.arange(n), np.arange(n)),
        "random sign pattern": rng.choice([-1.0, 1.0], size=(n, n)),
    }
    if n > 1:
        out["nilpotent shift"] = np.eye(n, k=1)
        rank_one = np.zeros((n, n))
        rank_one[:2, :2] = [[1.0, 1.0], [-1.0, -1.0]]
        out["nilpotent [[1, 1], [-1, -1]]"] = rank_one
    return out


def norm_bound_search(
    rng: np.random.Generator,
    *,
    sizes: tuple[int, ...] = (1, 2, 3, 4, 8, 16),
    q: int = 12,
    draws: int = 20,
    climbs: int = 3,
    steps: int = 25,
) -> BoundSearch:
    """Search for weights and slopes that break $\\|M_q\\|_2 \\le (\\gamma\\,\\sigma_{max}(W))^q$.

    The bound's hypothesis only limits the slopes, $0 \\le f'_i \\le \\gamma$, so any slopes in that range
    are allowed, for both $\\gamma = 1/4$ (logistic) and $\\gamma = 1$ (tanh). For every size the search
    tries structured candidates (a scaled orthogonal matrix, the nilpotent shift, the rank-one nilpotent
    $\\begin{smallmatrix} 1 & 1 \\\\ -1 & -1 \\end{smallmatrix}$ pattern, $\\pm 1$ sign patterns and negative
    diagonals, each with every slope at $\\gamma$ and with slopes alternating between $\\gamma$ and $0$),
    ``draws`` random Gaussian matrices with random slopes in $[0, \\gamma]$, and then ``climbs`` local
    searches from the worst random candidates: ``steps`` rounds of coordinate moves on the slopes and
    small random moves of $W$, each kept if it raises the ratio. Every candidate is scaled so that
    $\\gamma\\,\\sigma_{max}$ is at most one, which also tests the necessary condition for exploding.

    :param rng: random generator.
    :param sizes: net sizes, a list or tuple of 1 to {py:data}`MAX_SEARCH_SIZES` integers, each 1 to
        ``MAX_CHECK_UNITS``.
    :param q: lags, 1 to ``MAX_CHECK_LAGS``.
    :param draws: random candidates per size and activation, 1 to {py:data}`MAX_DRAWS`.
    :param climbs: local searches per size and activation, 0 to ``draws``.
    :param steps: rounds of each local search, 1 to {py:data}`MAX_CLIMB_STEPS`.
    :return: the worst case found.
    :raises TypeError: for an ``rng`` that is not a numpy Generator, or sizes or counts that are not
        integers.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> s = norm_bound_search(np.random.default_rng(0), sizes=(1, 2), q=3, draws=3, climbs=1, steps=2)
    >>> bool(s.worst_ratio <= 1 + 1e-12), round(s.attained, 12)
    (True, 1.0)

    ```
    """
    generator(rng)
    sizes = counts(sizes, "sizes", minimum=1, maximum=MAX_CHECK_UNITS)
    if len(sizes) > MAX_SEARCH_SIZES:
        raise ValueError(f"sizes must hold at most {MAX_SEARCH_SIZES} net sizes, got {len(sizes)}")
    q = _count(q, "q", minimum=1, maximum=MAX_CHECK_LAGS)
    draws = _count(draws, "draws", minimum=1, maximum=MAX_DRAWS)
    climbs = _count(climbs, "climbs", minimum=0, maximum=draws)
    steps = _count(steps, "steps", minimum=1, maximum=MAX_CLIMB_STEPS)
    count, worst, worst_case = 0, -np.inf, {}
    below, below_case = -np.inf, {}
    attained = np.inf

    def score(kind: str, W: Array, slopes: Array, gamma: float) -> float:
        nonlocal count, worst, worst_case, below, below_case
        W = W / (gamma * largest_singular_value(W))  # gamma sigma_max = 1 exactly (to rounding)
        ratios, sigma = _ratios(W, slopes, gamma)
        count += ratios.size
        lag = int(np.argmax(ratios))
        case = {
            "kind": kind,
            "n": int(W.shape[0]),
            "lag": lag + 1,
            "gamma": gamma,
            "gamma_sigma": sigma,
        }
        if ratios[lag] > worst:
            worst, worst_case = float(ratios[lag]), case
        peak = float(np.max(ratios * sigma ** np.arange(1, ratios.size + 1)))
        if sigma <= 1.0 and peak > below:
            below, below_case = peak, case
        return float(ratios[lag])

    def climb(best: float, W: Array, slopes: Array, gamma: float) -> None:
        n = W.shape[0]
        for _ in range(steps):
            moved = slopes.copy()
            moved[rng.integers(q), rng.integers(n)] = rng.choice(
                [0.0, gamma, rng.uniform(0, gamma)]
            )
            tried = W + 0.1 * rng.normal(size=(n, n))
            for W_new, s_new in ((W, moved), (tried, slopes)):
                value = score("local search", W_new, s_new, gamma)
                if value > best:
                    best, W, slopes = value, W_new, s_new

    for gamma in sorted(set(GAMMA.values())):
        for n in sizes:
            full = np.full((q, n), gamma)
            alternating = full * (np.arange(n) % 2 == 0)
            orthogonal = np.linalg.qr(rng.normal(size=(n, n)))[0]
            attained = min(attained, score("scaled orthogonal", orthogonal, full, gamma))
            for kind, W in _structured(n, rng).items():
                for slopes in (full, alternating):
                    score(kind, W, slopes, gamma)
            pool = []
            for _ in range(draws):
                W, slopes = rng.normal(size=(n, n)), rng.uniform(0.0, gamma, size=(q, n))
                pool.append((score("random", W, slopes, gamma), W, slopes))
            pool.sort(key=lambda item: -item[0])
            for best, W, slopes in pool[:climbs]:
                climb(best, W, slopes, gamma)
    return BoundSearch(
        candidates=count,
        sizes=tuple(int(n) for n in sizes),
        q=q,
        worst_ratio=float(worst),
        worst_case=worst_case,
        attained=float(attained),
        largest_below=float(below),
        largest_below_case=below_case,
    )
