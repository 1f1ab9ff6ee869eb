r"""Two logistic units with every weight below 4: the counter-example held at its fixed point, and the search.

$W = a\,[[1, -1], [-1, 1]]$ run from $y(0) = (\tfrac12, \tfrac12)$ keeps every net input at 0, so every
factor $|f'(\mathit{net})\,w|$ is $a/4 < 1$ while the flow grows like $(a/2)^q$ for $a > 2$
({py:func}`counter_example_flow`, {py:func}`path_series`); from a nearby start it settles where the flow
shrinks. {py:func}`small_weight_search` searches the two-unit nets with $|w_{ij}| \le a$ for a flow that
does not vanish: the smallest such net it finds has weights of size $4/n$, exactly where the paper's own
sufficient condition $n\,w_{max} < 4$ (P13) stops applying. The verdicts that use them are in
{py:mod}`~lstmnotes.regrouping.evidence_vanishing` and {py:mod}`~lstmnotes.regrouping.evidence_conditions`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count as _count
from lstmnotes._validate import finite_scalar
from lstmnotes.flow import largest_flow_by_lag, path_terms
from lstmnotes.later import largest_singular_value
from lstmnotes.net import MAX_STEPS, random_weights, run_net

SEARCH_MAX_WORK: Final = 10_000_000
"""The most ``len(sizes) * count * lags`` that {py:func}`small_weight_search` accepts (time)."""

__all__ = [
    "COUNTER_WEIGHT",
    "DECAY_WEIGHT",
    "SearchResult",
    "counter_example_flow",
    "path_series",
    "small_weight_search",
]

Array = NDArray[np.float64]


COUNTER_WEIGHT: Final = 3.9
r"""The weight $a$ of the two-unit counter-example $W = a\,[[1, -1], [-1, 1]]$ (every $|w_{ij}| < 4$)."""

COUNTER_LAGS: Final = (10, 40)
"""The lags at which the counter-example's flow is reported."""

DECAY_WEIGHT: Final = 1.9
r"""A weight size just below $4/n$ for two units, where P13 guarantees decay."""

SEARCH_SIZES: Final = (0.5, 1.0, 1.5, DECAY_WEIGHT, 2.0, 2.5, 3.0, COUNTER_WEIGHT)
"""The weight sizes $a$ at which {py:func}`small_weight_search` looks for a flow that does not vanish."""


def path_series(a: float, q_max: int = 12) -> dict[str, list[float]]:
    r"""Per lag, for $W = a\,[[1, -1], [-1, 1]]$ from $y(0) = (\tfrac12, \tfrac12)$: path term, bound, flow.

    :param a: the weight size, positive.
    :param q_max: the longest lag, 1 to 16.
    :return: ``largest`` (the largest $|$path term$|$ of the corrected (3.2)), ``bound``
        ($(a/4)^q$) and ``flow`` (the largest entry of the summed flow), each of length ``q_max``.
    :raises ValueError: for a non-positive ``a`` or ``q_max`` out of range.

    ```pycon
    >>> s = path_series(3.9, 2)
    >>> [round(x, 6) for x in s["largest"]], [round(x, 6) for x in s["flow"]]
    ([0.975, 0.950625], [0.975, 1.90125])

    ```
    """
    if not np.isfinite(a) or a <= 0:
        raise ValueError(f"a must be positive and finite, got {a}")
    q_max = _count(q_max, "q_max", minimum=1, maximum=16)
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    run = run_net(W, [0.5, 0.5], q_max + 1)
    largest = [
        max(
            float(np.max(np.abs(path_terms(W, run.fprime(q_max + 1, q), u, v))))
            for u, v in itertools.product(range(2), repeat=2)
        )
        for q in range(1, q_max + 1)
    ]
    flow = largest_flow_by_lag(W, run.fprime(q_max + 1, q_max))
    bound = [(a / 4) ** q for q in range(1, q_max + 1)]
    return {"largest": largest, "bound": bound, "flow": [float(x) for x in flow]}


def counter_example_flow(a: float = COUNTER_WEIGHT, lags: int = 40) -> Array:
    r"""The largest flow of $W = a\,[[1, -1], [-1, 1]]$ run from $y(0) = (\tfrac12, \tfrac12)$, by lag.

    Every net input is $a(\tfrac12 - \tfrac12) = 0$ at every step, so every slope is $\sigma'(0) = 1/4$ and
    every single factor $|f'(\mathit{net})\,w|$ is $a/4$; the flow matrix is $(W^{\mathsf T}/4)^q$, whose
    largest entry is $(a/4)(a/2)^{q-1}$: it grows for $a > 2$ although every factor is below one.

    :param a: the weight size, positive.
    :param lags: how many lags.
    :return: entry $q - 1$ is $\max_{u,v}|\partial\vartheta_v(t-q)/\partial\vartheta_u(t)|$.
    :raises ValueError: for a non-positive ``a`` or fewer than one lag (or more than
        {py:data}`lstmnotes.net.MAX_STEPS` - 1).
    :raises TypeError: for a non-real ``a`` or a non-integer ``lags``.

    ```pycon
    >>> counter_example_flow(3.9, 3).round(4).tolist()
    [0.975, 1.9012, 3.7074]

    ```
    """
    a = finite_scalar(a, "a")
    if a <= 0:
        raise ValueError(f"a must be positive and finite, got {a}")
    lags = _count(lags, "lags", minimum=1, maximum=MAX_STEPS - 1)
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    run = run_net(W, [0.5, 0.5], lags + 1)
    return largest_flow_by_lag(W, run.fprime(lags + 1, lags))


def _candidate_weights(n: int, a: float, rng: np.random.Generator, count: int) -> list[Array]:
    """Every sign pattern of $\\{-a, 0, a\\}$ (for $n \\le 2$) and ``count`` uniform draws on $[-a, a]$."""
    out: list[Array] = []
    if n <= 2:
        out += [a * np.array(s, dtype=np.float64).reshape(n, n)
                for s in itertools.product((-1, 0, 1), repeat=n * n)]  # fmt: skip
    out += [random_weights(n, rng, w_max=a) for _ in range(count)]
    return out


def _rate(W: Array, y0: Array, lags: int) -> float:
    """The per-step rate of the largest flow from lag 1 to lag ``lags``; 0 when the flow dies out."""
    run = run_net(W, y0, lags + 1)
    flows = largest_flow_by_lag(W, run.fprime(lags + 1, lags))
    if flows[0] == 0 or flows[-1] == 0:
        return 0.0
    return float((flows[-1] / flows[0]) ** (1 / (lags - 1)))


@dataclass(frozen=True)
class SearchResult:
    """What {py:func}`small_weight_search` found, per weight size."""

    n: int
    sizes: list[float]
    worst_rate: list[float]
    """The largest per-step rate found at each size (a rate of one or more: the flow does not vanish)."""
    worst_weights: list[list[list[float]]]
    worst_start: list[list[float]]
    evaluated: int
    """How many (weights, start) pairs were run."""
    largest_step_norm_ratio: float
    r"""The largest $\|F'(s)\,W^{\mathsf T}\|_2 / (\sigma_{max}(W)/4)$ over every step of every worst net."""

    @property
    def smallest(self) -> float | None:
        """The smallest size at which some net's flow did not vanish (``None`` if none)."""
        found = [a for a, r in zip(self.sizes, self.worst_rate, strict=True) if r >= 1 - 1e-12]
        return min(found) if found else None


def _search_args(n: int, sizes: tuple[float, ...], lags: int, count: int, seed: int) -> None:
    n = _count(n, "n", minimum=2, maximum=6)
    values = [finite_scalar(a, "sizes") for a in sizes]
    if not values or not all(0 < a < 4 for a in values):
        raise ValueError(f"every size must lie in (0, 4), got {sizes!r}")
    lags = _count(lags, "lags", minimum=2, maximum=MAX_STEPS - 1)
    count = _count(count, "count", minimum=0)
    _count(seed, "seed", minimum=0)
    if len(values) * max(count, 1) * lags > SEARCH_MAX_WORK:
        raise ValueError(
            f"len(sizes) * count * lags must be at most {SEARCH_MAX_WORK}, got "
            f"{len(values)} * {count} * {lags}"
        )


def small_weight_search(
    n: int = 2,
    sizes: tuple[float, ...] = SEARCH_SIZES,
    lags: int = 30,
    seed: int = 16,
    count: int = 20,
) -> SearchResult:
    r"""Search nets of $n$ logistic units with every $|w_{ij}| \le a$ for a flow that does not vanish.

    At each size $a$: every sign pattern $\{-a, 0, a\}^{n \times n}$ (for $n = 2$) and ``count`` uniform
    draws, each run from $y(0) = (\tfrac12, \dots)$ (where a weight matrix with zero row sums holds every
    net input at 0 and every slope at its maximum) and from one random start; then a coordinate search
    (steps of $a/8$, kept inside $[-a, a]$) from the best of them. The measure is the per-step rate of the
    largest flow between lag 1 and lag ``lags``.

    :param n: the number of units, 2 to 6.
    :param sizes: the weight sizes $a$, each in $(0, 4)$.
    :param lags: the lag over which the rate is measured, at least 2.
    :param seed: the seed of the random candidates and starts.
    :param count: random weight matrices per size.
    :return: the worst case at each size.
    :raises ValueError: for arguments out of range, or ``len(sizes) * count * lags`` above
        {py:data}`SEARCH_MAX_WORK`.
    :raises TypeError: for non-integer counts or non-real sizes.
    """
    _search_args(n, sizes, lags, count, seed)

    rng = np.random.default_rng(seed)
    worst_rate, worst_weights, worst_start = [], [], []
    evaluated, ratio = 0, 0.0
    for a in sizes:
        starts = [np.full(n, 0.5), rng.uniform(0, 1, n)]
        best = (-1.0, np.zeros((n, n)), starts[0])
        for W in _candidate_weights(n, a, rng, count):
            for y0 in starts:
                r = _rate(W, y0, lags)
                evaluated += 1
                if r > best[0]:
                    best = (r, W, y0)
        rate, W, y0 = best[0], best[1].copy(), best[2].copy()
        for _ in range(2):  # coordinate search on the weights and the start
            for index in itertools.product(range(n), repeat=2):
                for step in (a / 8, -a / 8):
                    trial = W.copy()
                    trial[index] = np.clip(trial[index] + step, -a, a)
                    r = _rate(trial, y0, lags)
                    evaluated += 1
                    if r > rate:
                        rate, W = r, trial
        run = run_net(W, y0, lags + 1)
        bound = largest_singular_value(W) / 4
        for row in run.fprime(lags + 1, lags):
            if bound > 0:
                ratio = max(ratio, float(np.linalg.norm(row[:, None] * W.T, 2)) / bound)
        worst_rate.append(rate)
        worst_weights.append(W.tolist())
        worst_start.append(y0.tolist())
    return SearchResult(
        n, [float(a) for a in sizes], worst_rate, worst_weights, worst_start, evaluated, ratio
    )


NEARBY_OFFSET: Final = 0.01
r"""How far from $(\tfrac12, \tfrac12)$ the counter-example is started to see where it goes."""


def _nearby(a: float = COUNTER_WEIGHT, burn_in: int = 200, lags: int = 40) -> dict[str, float]:
    r"""The two-unit counter-example started near, not at, $(\tfrac12, \tfrac12)$: where it settles.

    With $d = y^1 - y^2$ the dynamics are $d \mapsto \tanh(a d / 2)$; for $a > 2$ a start with $d \ne 0$
    goes to a fixed point $\pm d^\ast$, where the flow changes by $(a/2)\,\mathrm{sech}^2(a d^\ast/2)$
    per step. Both the measured rate and that formula are returned.
    """
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    start = np.array([0.5 + NEARBY_OFFSET, 0.5 - NEARBY_OFFSET])
    t = burn_in + lags
    run = run_net(W, start, t)
    flows = largest_flow_by_lag(W, run.fprime(t, lags))
    d = float(run.activations[-1, 0] - run.activations[-1, 1])
    return {
        "offset": NEARBY_OFFSET,
        "d_star": abs(d),
        "rate": float((flows[-1] / flows[0]) ** (1 / (lags - 1))),
        "rate_formula": float(a / 2 / np.cosh(a * d / 2) ** 2),
        "fixed_point_error": abs(d - float(np.tanh(a * d / 2))),
    }
