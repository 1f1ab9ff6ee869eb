"""The weak bound tried against nets: an adversarial search, a random survey, its looseness (P12, X41, X43).

{py:func}`weak_bound_search` runs the candidates of {py:mod}`lstmnotes.bounds.evidence` against the weak
bound $n (f'_{max}\\|W\\|_A)^q$ of {py:func}`lstmnotes.bounds.weak_bound`, for every norm pair of
{py:data}`lstmnotes.bounds.NORM_PAIRS`, with and without its factor $n$. {py:func}`weak_bound_survey`
checks both inequalities of the paper's chain on random logistic nets, and {py:func}`bound_looseness`
sets the bound beside the largest flow of one net, lag by lag.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from lstmnotes._validate import count, generator
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._norms import NORM_PAIRS
from lstmnotes.bounds._weak import weak_bound, weak_bound_by_lag, weak_bound_middle
from lstmnotes.bounds.evidence import (
    _RANDOM_N,
    _STEPS,
    _STRUCTURED_N,
    _WEIGHT_SCALES,
    MAX_CLIMBS,
    MAX_NETS,
    BoundSearch,
    _coordinate_search,
    _lags,
    _largest,
    _sign_patterns,
    _slope_patterns,
    _Tracker,
)
from lstmnotes.flow import largest_flow_by_lag, scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = [
    "BoundLooseness",
    "WeakBoundSurvey",
    "bound_looseness",
    "weak_bound_search",
    "weak_bound_survey",
]


def _weak_ratios(
    W: np.ndarray, fp: np.ndarray, names: list[str] | None = None
) -> dict[str, tuple[float, int, int]]:
    largest, u, v = _largest(scaling_factor(W, fp))
    n = W.shape[0]
    out = {}
    for name in names or list(NORM_PAIRS):
        ratio = largest / weak_bound(W, fp, name)
        out[name] = (ratio, u, v)
        out[name + "-without-n"] = (ratio * n, u, v)
    return out


def weak_bound_search(rng: np.random.Generator, nets: int = 60, climbs: int = 2) -> BoundSearch:
    """P12: try to break $|\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)| \\le n (f'_{max}\\|W\\|_A)^q$.

    For each norm pair of {py:data}`lstmnotes.bounds.NORM_PAIRS` the ratio is the largest flow over all
    pairs $(u, v)$ divided by the bound; under the key ``"<pair>-without-n"`` it is divided by the bound
    without its factor $n$, $(f'_{max}\\|W\\|_A)^q$. Slopes may be any real numbers (the bound is stated for any
    differentiable units); structured candidates use slopes $\\pm 1/4$, random ones the slopes of logistic
    runs, and the coordinate search slopes in $[-1, 1]$ and weights in $[-1, 1]$, for $n \\le 3$,
    $q \\le 3$.

    :param rng: the random generator.
    :param nets: how many random logistic nets.
    :param climbs: how many coordinate searches per $(n, q)$ and norm pair.
    :return: the worst case per norm pair.
    :raises ValueError: for ``nets`` or ``climbs`` below one.

    ```pycon
    >>> s = weak_bound_search(np.random.default_rng(0), nets=4, climbs=1)
    >>> s.holds("max-row-sum"), round(s.worst["max-row-sum"].ratio, 12)
    (True, 1.0)

    ```
    """
    generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    climbs = count(climbs, "climbs", minimum=0, maximum=MAX_CLIMBS)
    if nets < 1 or climbs < 1:
        raise ValueError(f"nets and climbs must be at least 1, got {nets}, {climbs}")
    names = list(NORM_PAIRS)
    track = _Tracker(names + [name + "-without-n" for name in names])

    def see_all(kind: str, W: np.ndarray, fp: np.ndarray) -> None:
        track.count(kind)
        for name, (ratio, u, v) in _weak_ratios(W, fp).items():
            track.see(name, ratio, kind, W, fp, u, v)

    for n in _STRUCTURED_N:
        for (_, pattern), q in itertools.product(list(_sign_patterns(n, rng)), _lags(n)):
            for fp in _slope_patterns(n, q, LOGISTIC_PRIME_MAX):
                see_all("structured", pattern, fp)
    for _ in range(nets):
        n = int(rng.choice(_RANDOM_N))
        q = int(rng.integers(1, 13))
        W = random_weights(n, rng, w_max=float(rng.choice(_WEIGHT_SCALES)))
        see_all("random", W, run_net(W, rng.uniform(0, 1, n), q + 1).fprime(q + 1, q))
    for n, q in itertools.product((1, 2, 3), (1, 2, 3)):
        for name in names:
            for _ in range(climbs):

                def score(W: np.ndarray, fp: np.ndarray, name: str = name) -> float:
                    return _weak_ratios(W, fp, [name])[name][0]

                W, fp = _coordinate_search(
                    score, rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (q, n)), rng, _STEPS,
                    1.0, (-1.0, 1.0),
                )  # fmt: skip
                see_all("optimised", W, fp)
    return track.result()


@dataclass(frozen=True)
class WeakBoundSurvey:
    """The chain of the weak bound checked on random logistic nets, per norm pair."""

    nets: int
    """How many random nets (each checked for every pair $(u, v)$)."""
    checks: int
    """How many (net, $u$, $v$) triples per norm pair."""
    bound_violations: dict[str, int]
    """Per pair: how often $|\\text{flow}| >$ the final bound."""
    first_violations: dict[str, int]
    """Per pair: how often $|\\text{flow}| >$ the middle expression."""
    second_violations: dict[str, int]
    """Per pair: how often the middle expression $>$ the final bound."""
    worst_ratio: dict[str, float]
    """Per pair: the largest $|\\text{flow}| / \\text{bound}$ seen."""
    units: tuple[int, int] = (2, 6)
    """The smallest and largest $n$ drawn."""
    lags: tuple[int, int] = (2, 12)
    """The smallest and largest $q$ drawn."""
    weight_scales: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
    """The values of $w_{max}$ drawn from (weights uniform on $[-w_{max}, w_{max}]$)."""

    @property
    def paper_pair_holds(self) -> bool:
        """P12 for the paper's example pair: no violation of either inequality."""
        name = "max-row-sum"
        return (
            self.bound_violations[name]
            == self.first_violations[name]
            == 0
            == (self.second_violations[name])
        )


def weak_bound_survey(rng: np.random.Generator, nets: int = 200) -> WeakBoundSurvey:
    """P12: run random logistic nets and check both inequalities of the chain for every pair $(u, v)$.

    Each net draws $n$, $q$ and $w_{max}$ from the ranges recorded in {py:class}`WeakBoundSurvey`, then
    runs from a random $y(0)$ to collect its slopes.

    :param rng: the random generator.
    :param nets: how many nets.
    :return: counts of violations and the worst ratios, per norm pair of
        {py:data}`lstmnotes.bounds.NORM_PAIRS`.

    ```pycon
    >>> s = weak_bound_survey(np.random.default_rng(0), nets=5)
    >>> s.paper_pair_holds, s.bound_violations["spectral"]
    (True, 0)

    ```
    """
    generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    names = list(NORM_PAIRS)
    bound = dict.fromkeys(names, 0)
    first = dict.fromkeys(names, 0)
    second = dict.fromkeys(names, 0)
    worst = dict.fromkeys(names, 0.0)
    checks = 0
    units, lags, scales = WeakBoundSurvey.units, WeakBoundSurvey.lags, WeakBoundSurvey.weight_scales
    for _ in range(nets):
        n = int(rng.integers(units[0], units[1] + 1))
        q = int(rng.integers(lags[0], lags[1] + 1))
        W = random_weights(n, rng, w_max=float(rng.choice(scales)))
        fprime = run_net(W, rng.uniform(0, 1, n), q + 1).fprime(q + 1, q)
        flow = np.abs(scaling_factor(W, fprime))
        checks += n * n
        for name in names:
            final = weak_bound(W, fprime, name)
            middle = np.array(
                [[weak_bound_middle(W, fprime, u, v, name) for u in range(n)] for v in range(n)]
            )  # [v, u], like the flow
            bound[name] += int(np.sum(flow > final))
            first[name] += int(np.sum(flow > middle))
            second[name] += int(np.sum(middle > final))
            worst[name] = max(worst[name], float(flow.max() / final))
    return WeakBoundSurvey(nets, checks, bound, first, second, worst)


@dataclass(frozen=True)
class BoundLooseness:
    """The largest true flow and the weak bound over the lags $1, \\dots, q$ for one net."""

    lags: np.ndarray
    flow: np.ndarray
    """$\\max_{u,v} |\\partial\\vartheta_v(t-q')/\\partial\\vartheta_u(t)|$ per lag."""
    bound: np.ndarray
    """$n (f'_{max}\\|W\\|_A)^{q'}$ per lag, for the norm pair ``norm``."""
    norm: str
    flow_rate: float
    """The flow's average factor per step, $(\\text{flow}_q/\\text{flow}_1)^{1/(q-1)}$."""
    bound_rate: float
    """The bound's factor per step at the last lag, $f'_{max}\\|W\\|_A$."""

    @property
    def ratio(self) -> np.ndarray:
        """Bound over flow, per lag: how loose the bound is."""
        return np.asarray(self.bound / self.flow)

    @property
    def never_violated(self) -> bool:
        """Whether the flow stays below the bound at every lag."""
        return bool(np.all(self.flow <= self.bound))


def bound_looseness(W: np.ndarray, fprime: np.ndarray, norm: str = "max-row-sum") -> BoundLooseness:
    """Compare the largest flow with the weak bound at every lag up to ``len(fprime)``.

    :param W: the weights.
    :param fprime: the slopes, shape ``(q, n)`` with $q \\ge 2$ (e.g. from
        {py:meth}`lstmnotes.net.Run.fprime`).
    :param norm: the norm pair of the bound.
    :return: the evidence.
    :raises ValueError: as {py:func}`lstmnotes.flow.scaling_factor`, or for $q < 2$, or a flow that
        vanishes to zero.

    ```pycon
    >>> b = bound_looseness(np.eye(2), np.full((3, 2), 0.5))
    >>> b.ratio.tolist(), b.flow_rate, b.bound_rate
    ([2.0, 2.0, 2.0], 0.5, 0.5)

    ```
    """
    flow = largest_flow_by_lag(W, fprime)
    if flow.shape[0] < 2:
        raise ValueError("bound_looseness needs q >= 2")
    if np.any(flow == 0):
        raise ValueError("the flow vanishes exactly at some lag: the ratio is undefined")
    bound = weak_bound_by_lag(W, fprime, norm)
    q = flow.shape[0]
    rate = float((flow[-1] / flow[0]) ** (1 / (q - 1)))
    return BoundLooseness(
        np.arange(1, q + 1), flow, bound, norm, rate, float((bound[-1] / W.shape[0]) ** (1 / q))
    )
