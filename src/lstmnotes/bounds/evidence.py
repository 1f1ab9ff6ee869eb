"""Adversarial searches behind the weak bound (P12), its corollary (P13) and the global flow (P17).

Each search tries to break a bound: it evaluates the ratio of the quantity the bound limits to the bound
itself on three kinds of candidates and keeps the worst (largest) ratio it found, with the case that
produced it. A ratio above one is a counter-example.

- *structured* candidates: sign patterns of weights (all $+1$, all $-1$, a checkerboard, the identity, a
  cycle, a random rank-one sign pattern), every slope at its largest value or alternating in sign, $n$ from
  1 up to {py:data}`LARGEST_N`;
- *random* logistic nets run forward, so that the slopes are those of a real run, $n$ from 1 up to
  {py:data}`LARGEST_N`;
- *local optimisation*: for small $n$ and $q$, a coordinate search that changes one weight or one slope at
  a time and keeps every change that raises the ratio.

The searches take slopes anywhere in their stated range rather than only those a run produces, a superset
of the claims' domain, so a bound that survives them survives every run as well.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._weak import NORM_PAIRS, tau_bound, weak_bound
from lstmnotes.flow import global_flow, scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = [
    "FIXED_POINT_LAG",
    "FIXED_POINT_N",
    "FIXED_POINT_WEIGHT",
    "FROBENIUS_APPROACH",
    "FROBENIUS_LAG",
    "GROWTH_WEIGHT",
    "LARGEST_N",
    "TOLERANCE",
    "BoundSearch",
    "GlobalFlowGrowth",
    "WorstCase",
    "fixed_point_ratios",
    "frobenius_approach",
    "global_flow_growth",
    "logistic_fixed_point",
    "path_count_search",
    "self_connection_ratios",
    "tau_bound_search",
    "uniform_net_ratios",
    "weak_bound_search",
]

LARGEST_N: Final = 128
"""The largest number of units the structured and random candidates reach."""

TOLERANCE: Final = 1e-9
"""A ratio counts as above one only beyond this relative rounding allowance."""

GROWTH_WEIGHT: Final = 3.9
"""The size of every weight of the net in {py:func}`global_flow_growth`: below 4, as the paper asks."""

_STRUCTURED_N: Final = (1, 2, 3, 4, 8, 32, LARGEST_N)
_STRUCTURED_Q: Final = (1, 2, 3, 8)
_RANDOM_N: Final = (1, 2, 3, 4, 5, 6, 8, 12, 16, 32, 64, LARGEST_N)
_WEIGHT_SCALES: Final = (0.5, 1.0, 2.0, 4.0, 8.0)
_STEPS: Final = 100


@dataclass(frozen=True)
class WorstCase:
    """The candidate with the largest ratio of a search."""

    ratio: float
    """The quantity over its bound; above one (beyond {py:data}`TOLERANCE`) it refutes the bound."""
    kind: str
    """``"structured"``, ``"random"`` or ``"optimised"``."""
    n: int
    q: int
    W: list[list[float]]
    fprime: list[list[float]]
    u: int
    """The unit the error starts from (for a global flow: the first output unit)."""
    v: int


@dataclass(frozen=True)
class BoundSearch:
    """The worst cases of an adversarial search, one per bound it tried."""

    worst: dict[str, WorstCase]
    """Per bound (a norm pair, or ``"local"`` and ``"global"``), the candidate with the largest ratio."""
    violations: dict[str, int]
    """Per bound, how many candidates had a ratio above one."""
    candidates: dict[str, int] = field(default_factory=dict)
    """How many candidates of each kind were tried."""
    worst_multi: dict[str, WorstCase] = field(default_factory=dict)
    """Per bound, the candidate with the largest ratio among those with at least two units."""
    largest_n: int = LARGEST_N
    """The largest $n$ among the candidates."""

    def holds(self, name: str) -> bool:
        """Whether no candidate broke the bound ``name`` (and the search tried it)."""
        return name in self.worst and self.violations[name] == 0

    def summary_data(self) -> dict[str, Any]:
        """The worst cases as JSON-ready data (small matrices only; large ones by their size)."""
        out: dict[str, Any] = {}
        for name, case in self.worst.items():
            entry: dict[str, Any] = {
                "ratio": case.ratio, "kind": case.kind, "n": case.n, "q": case.q,
                "u": case.u, "v": case.v, "violations": self.violations[name],
            }  # fmt: skip
            if case.n <= 3:
                entry["W"] = case.W
                entry["fprime"] = case.fprime
                entry["slope_sizes"] = sorted({abs(x) for row in case.fprime for x in row})
            multi = self.worst_multi.get(name)
            if multi is not None:
                entry["multi"] = {
                    "ratio": multi.ratio,
                    "kind": multi.kind,
                    "n": multi.n,
                    "q": multi.q,
                }
            out[name] = entry
        return out


def _lags(n: int) -> tuple[int, ...]:
    """The lags of the structured candidates: all of them for small nets, the shortest and longest for large."""
    return _STRUCTURED_Q if n <= 8 else (_STRUCTURED_Q[0], _STRUCTURED_Q[-1])


def _sign_patterns(n: int, rng: np.random.Generator) -> Iterator[tuple[str, np.ndarray]]:
    ones = np.ones((n, n))
    yield "all +1", ones
    yield "all -1", -ones
    yield "checkerboard", (-1.0) ** np.add.outer(np.arange(n), np.arange(n))
    yield "identity", np.eye(n)
    yield "cycle", np.roll(np.eye(n), 1, axis=1)
    signs = rng.choice([-1.0, 1.0], size=n)
    yield "rank one", np.outer(signs, signs)


def _slope_patterns(n: int, q: int, top: float) -> Iterator[np.ndarray]:
    yield np.full((q, n), top)
    yield top * (-1.0) ** np.add.outer(np.arange(q), np.arange(n))


def _largest(flow: np.ndarray) -> tuple[float, int, int]:
    v, u = np.unravel_index(int(np.argmax(np.abs(flow))), flow.shape)
    return float(abs(flow[v, u])), int(u), int(v)


class _Tracker:
    """Keeps the worst ratio per bound and counts violations."""

    def __init__(self, names: list[str]) -> None:
        self.worst: dict[str, WorstCase] = {}
        self.worst_multi: dict[str, WorstCase] = {}
        self.violations = dict.fromkeys(names, 0)
        self.candidates: dict[str, int] = {}

    def count(self, kind: str) -> None:
        self.candidates[kind] = self.candidates.get(kind, 0) + 1

    def see(
        self, name: str, ratio: float, kind: str, W: np.ndarray, fp: np.ndarray, u: int, v: int
    ) -> None:
        if ratio > 1 + TOLERANCE:
            self.violations[name] += 1
        for table in (self.worst, self.worst_multi) if W.shape[0] > 1 else (self.worst,):
            best = table.get(name)
            if best is None or ratio > best.ratio:
                table[name] = WorstCase(
                    ratio, kind, W.shape[0], fp.shape[0], W.tolist(), fp.tolist(), u, v
                )

    def result(self) -> BoundSearch:
        return BoundSearch(
            self.worst, self.violations, self.candidates, worst_multi=self.worst_multi
        )


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


def _coordinate_search(
    score: Any, W: np.ndarray, fp: np.ndarray, rng: np.random.Generator, steps: int,
    w_box: float, fp_box: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Change one weight or one slope at a time; keep every change that raises ``score``."""
    best, step = score(W, fp), 0.5
    for _ in range(steps):
        W2, fp2 = W.copy(), fp.copy()
        if rng.random() < 0.5:
            i, j = rng.integers(W.shape[0], size=2)
            W2[i, j] = np.clip(W2[i, j] + step * w_box * rng.normal(), -w_box, w_box)
        else:
            m, i = rng.integers(fp.shape[0]), rng.integers(fp.shape[1])
            fp2[m, i] = np.clip(fp2[m, i] + step * (fp_box[1] - fp_box[0]) * rng.normal(), *fp_box)
        trial = score(W2, fp2)
        if trial > best:
            W, fp, best = W2, fp2, trial
        else:
            step = max(step * 0.97, 1e-3)
    return W, fp


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


def _tau_ratios(
    W: np.ndarray, fp: np.ndarray, w_max: float, outputs: list[list[int]]
) -> dict[str, tuple[float, int, int]]:
    n, q = W.shape[0], fp.shape[0]
    bound = tau_bound(n, w_max, q)
    largest, u, v = _largest(scaling_factor(W, fp))
    out = {"local": (largest / bound, u, v)}
    worst, sharp = (0.0, 0, 0), (0.0, 0, 0)
    tau_q = bound / n  # tau^q
    for units in outputs:
        total = np.abs(global_flow(W, fp, units))
        ratio = float(total.max()) / (len(units) * bound)
        if ratio > worst[0]:
            worst = (ratio, units[0], int(total.argmax()))
        if float(total.max()) / tau_q > sharp[0]:
            sharp = (float(total.max()) / tau_q, units[0], int(total.argmax()))
    out["global"], out["global-sharp"] = worst, sharp
    return out


def _output_sets(n: int, rng: np.random.Generator) -> list[list[int]]:
    sets = [list(range(n)), [0]]
    if n > 2:
        sets.append(sorted(int(i) for i in rng.choice(n, size=n // 2, replace=False)))
    return sets


def tau_bound_search(rng: np.random.Generator, nets: int = 60, climbs: int = 2) -> BoundSearch:
    """P13 and P17: try to break $n\\tau^q$ (local) and $k\\,n\\tau^q$ (global, $k$ output units).

    The domain: every $|w_{ij}| \\le w_{max} < 4/n$ and slopes in $[0, 1/4]$, the range of logistic
    slopes. The local ratio is the largest $|\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)|$ over
    $n\\tau^q$; the global ratio is the largest $|\\sum_{u \\in O}\\partial\\vartheta_v(t-q)/
    \\partial\\vartheta_u(t)|$ over $|O|\\,n\\tau^q$, for the output sets $O$ = every unit, the first unit
    alone, and a random half. Structured candidates put every weight at $\\pm w_{max}$ with
    $w_{max} = 0.999 \\cdot 4/n$; random ones are logistic runs with $w_{max}$ uniform in
    $(0.05, 0.999) \\cdot 4/n$; the coordinate search covers $n \\le 3$, $q \\le 3$.

    :param rng: the random generator.
    :param nets: how many random logistic nets.
    :param climbs: how many coordinate searches per $(n, q)$.
    :return: the worst cases under the keys ``"local"``, ``"global"`` and ``"global-sharp"`` (the
        global flow over $\\tau^q$ alone, without the factors $|O|$ and $n$).
    :raises ValueError: for ``nets`` or ``climbs`` below one.

    ```pycon
    >>> s = tau_bound_search(np.random.default_rng(0), nets=4, climbs=1)
    >>> s.holds("local"), s.holds("global"), round(s.worst["local"].ratio, 9)
    (True, True, 1.0)

    ```
    """
    if nets < 1 or climbs < 1:
        raise ValueError(f"nets and climbs must be at least 1, got {nets}, {climbs}")
    track = _Tracker(["local", "global", "global-sharp"])
    top = LOGISTIC_PRIME_MAX

    def see_all(kind: str, W: np.ndarray, fp: np.ndarray, w_max: float) -> None:
        track.count(kind)
        outputs = _output_sets(W.shape[0], rng)
        for name, (ratio, u, v) in _tau_ratios(W, fp, w_max, outputs).items():
            track.see(name, ratio, kind, W, fp, u, v)

    for n in _STRUCTURED_N:
        w_max = 0.999 * 4.0 / n
        for (_, pattern), q in itertools.product(list(_sign_patterns(n, rng)), _lags(n)):
            see_all("structured", w_max * pattern, np.full((q, n), top), w_max)
    for _ in range(nets):
        n = int(rng.choice(_RANDOM_N))
        q = int(rng.integers(1, 31))
        w_max = float(rng.uniform(0.05, 0.999)) * 4.0 / n
        W = random_weights(n, rng, w_max=w_max)
        see_all("random", W, run_net(W, rng.uniform(0, 1, n), q + 1).fprime(q + 1, q), w_max)
    for n, q in itertools.product((1, 2, 3), (1, 2, 3)):
        w_max = 0.999 * 4.0 / n
        for _ in range(climbs):
            outputs = _output_sets(n, rng)

            def score(W: np.ndarray, fp: np.ndarray, w: float = w_max, o: Any = outputs) -> float:
                ratios = _tau_ratios(W, fp, w, o)
                return max(ratios["local"][0], ratios["global"][0])

            W, fp = _coordinate_search(
                score, rng.uniform(-w_max, w_max, (n, n)), rng.uniform(0, top, (q, n)), rng, _STEPS,
                w_max, (0.0, top),
            )  # fmt: skip
            see_all("optimised", W, fp, w_max)
    return track.result()


def _path_count_ratios(
    W: np.ndarray, fp: np.ndarray, w_max: float, outputs: list[list[int]]
) -> dict[str, tuple[float, int, int]]:
    """Flow over $\\tau^q/n$ and global flow over $k\\tau^q/n$ (the path-count bounds)."""
    n, q = W.shape[0], fp.shape[0]
    sharp = tau_bound(n, w_max, q) / n**2  # tau^q / n = n^(q-1) (w_max/4)^q
    flows = scaling_factor(W, fp)
    largest, u, v = _largest(flows)
    worst = (0.0, 0, 0)
    for units in outputs:
        total = np.abs(flows[:, units].sum(axis=1))
        ratio = float(total.max()) / (len(units) * sharp)
        if ratio > worst[0]:
            worst = (ratio, units[0], int(total.argmax()))
    return {"local": (largest / sharp, u, v), "global": worst}


def path_count_search(rng: np.random.Generator, nets: int = 60, climbs: int = 2) -> BoundSearch:
    """X42: try to break $|\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)| \\le \\tau^q/n$ and its global form.

    Each of the $n^{q-1}$ path terms of the corrected (3.2) is a product of $q$ weights of size at most
    $w_{max}$ and $q$ slopes of size at most $1/4$, so the flow is at most
    $n^{q-1}(w_{max}/4)^q = \\tau^q/n$ with $\\tau = n\\,w_{max}/4$, and the global flow over $k$ output units
    at most $k\\,\\tau^q/n$. The domain: any $w_{max} > 0$, every $|w_{ij}| \\le w_{max}$, every slope in
    $[-1/4, 1/4]$ (a superset of logistic slopes). Structured candidates: the sign patterns at $\\pm w_{max}$
    for several $w_{max}$ (below and above $4/n$), slopes all $1/4$ or alternating in sign; random ones:
    logistic runs, and random weights with random signed slopes; the coordinate search covers $n \\le 3$,
    $q \\le 3$. The ratios are ``"local"`` (largest flow over $\\tau^q/n$) and ``"global"`` (over
    $k\\,\\tau^q/n$, for the output sets every unit, the first alone, a random half).

    :param rng: the random generator.
    :param nets: how many random nets of each of the two random kinds.
    :param climbs: how many coordinate searches per $(n, q)$.
    :return: the worst cases.
    :raises ValueError: for ``nets`` or ``climbs`` below one.

    ```pycon
    >>> s = path_count_search(np.random.default_rng(0), nets=4, climbs=1)
    >>> s.holds("local"), s.holds("global"), round(s.worst_multi["local"].ratio, 9)
    (True, True, 1.0)

    ```
    """
    if nets < 1 or climbs < 1:
        raise ValueError(f"nets and climbs must be at least 1, got {nets}, {climbs}")
    track = _Tracker(["local", "global"])
    top = LOGISTIC_PRIME_MAX

    def see_all(kind: str, W: np.ndarray, fp: np.ndarray, w_max: float) -> None:
        track.count(kind)
        outputs = _output_sets(W.shape[0], rng)
        for name, (ratio, u, v) in _path_count_ratios(W, fp, w_max, outputs).items():
            track.see(name, ratio, kind, W, fp, u, v)

    for n in _STRUCTURED_N:
        for scale in (0.5, 0.999 * 4.0, 8.0):
            w_max = scale / n
            for (_, pattern), q in itertools.product(list(_sign_patterns(n, rng)), _lags(n)):
                for fp in _slope_patterns(n, q, top):
                    see_all("structured", w_max * pattern, fp, w_max)
    for _ in range(nets):
        n = int(rng.choice(_RANDOM_N))
        q = int(rng.integers(1, 13))
        w_max = float(rng.choice(_WEIGHT_SCALES))
        W = random_weights(n, rng, w_max=w_max)
        see_all("random", W, run_net(W, rng.uniform(0, 1, n), q + 1).fprime(q + 1, q), w_max)
        W = random_weights(n, rng, w_max=w_max)
        see_all("random", W, rng.uniform(-top, top, (q, n)), w_max)
    for n, q in itertools.product((1, 2, 3), (1, 2, 3)):
        w_max = 1.0
        for _ in range(climbs):
            outputs = _output_sets(n, rng)

            def score(W: np.ndarray, fp: np.ndarray, o: Any = outputs) -> float:
                ratios = _path_count_ratios(W, fp, 1.0, o)
                return max(ratios["local"][0], ratios["global"][0])

            W, fp = _coordinate_search(
                score, rng.uniform(-w_max, w_max, (n, n)), rng.uniform(-top, top, (q, n)), rng,
                _STEPS, w_max, (-top, top),
            )  # fmt: skip
            see_all("optimised", W, fp, w_max)
    return track.result()


def uniform_net_ratios(ns: tuple[int, ...] = _STRUCTURED_N, q: int = 8) -> dict[int, list[float]]:
    """X42's equality case: every weight $w_{max}$, every slope $1/4$.

    Then all $n^{q-1}$ path terms equal $(w_{max}/4)^q$, so the flow is exactly $\\tau^q/n$, a fraction
    $1/n^2$ of P13's $n\\tau^q$, and the global flow over all $n$ outputs exactly $\\tau^q$.

    :param ns: the sizes $n$.
    :param q: the lag.
    :return: per $n$, [largest flow over $\\tau^q/n$, global flow over all units over $n\\,\\tau^q/n$,
        largest flow over $n\\tau^q$].
    :raises ValueError: for an empty ``ns``, a size below one or ``q`` below one.

    ```pycon
    >>> uniform_net_ratios((2,), 3)[2]
    [1.0, 1.0, 0.25]

    ```
    """
    if not ns or min(ns) < 1 or q < 1:
        raise ValueError(f"need sizes and a lag of at least 1, got {ns}, {q}")
    out = {}
    for n in ns:
        w_max = 0.999 * 4.0 / n
        W, fp = np.full((n, n), w_max), np.full((q, n), LOGISTIC_PRIME_MAX)
        ratios = _path_count_ratios(W, fp, w_max, [list(range(n))])
        out[n] = [
            round(ratios["local"][0], 12),
            round(ratios["global"][0], 12),
            round(ratios["local"][0] / n**2, 12),
        ]
    return out


def self_connection_ratios(
    ns: tuple[int, ...] = _STRUCTURED_N, q: int = 8, weight: float = 1.0
) -> dict[str, dict[int, float]]:
    """X43 with free slopes: one self-connection $w$ with slope $1/4$, every other slope exactly 0.

    For every norm pair of {py:data}`lstmnotes.bounds.NORM_PAIRS` the flow from the unit back to itself is
    $(w/4)^q$, $f'_{max} = 1/4$ and $\\|W\\|_A = |w|$: the flow is exactly a fraction $1/n$ of the weak bound.
    No logistic, tanh or identity unit has slope 0 (an idle logistic unit has net input 0 and slope
    $1/4$), so this is a case of the free-slope domain $[0, 1/4]$, not of a run; for the Frobenius pair no
    run attains $1/n$ ({py:func}`frobenius_approach`).

    :param ns: the sizes $n$.
    :param q: the lag.
    :param weight: the self-weight $w$, not zero.
    :return: per norm pair and $n$, $n$ times the flow over the weak bound (one where $1/n$ is attained).
    :raises ValueError: for an empty ``ns``, a size below one, ``q`` below one or a zero ``weight``.

    ```pycon
    >>> self_connection_ratios((3,), 2)["frobenius"]
    {3: 1.0}

    ```
    """
    if not ns or min(ns) < 1 or q < 1 or weight == 0:
        raise ValueError(
            f"need sizes, a lag of at least 1 and a non-zero weight, got {ns}, {q}, {weight}"
        )
    out: dict[str, dict[int, float]] = {name: {} for name in NORM_PAIRS}
    for n in ns:
        W = np.zeros((n, n))
        W[0, 0] = weight
        fp = np.zeros((q, n))
        fp[:, 0] = LOGISTIC_PRIME_MAX
        for name, (ratio, _, _) in _weak_ratios(W, fp).items():
            if name in NORM_PAIRS:
                out[name][n] = float(
                    f"{ratio * n:.12g}"
                )  # significant figures: n^-q stays positive
    return out


def logistic_fixed_point(weight: float) -> float:
    """The activation $y^*$ of a lone logistic unit with self-weight $w$ that its own step keeps: $y^* = \\sigma(w y^*)$.

    $g(y) = \\sigma(w y) - y$ has $g(0) = 1/2 > 0$ and $g(1) = \\sigma(w) - 1 < 0$, so bisection on
    $[0, 1]$ finds a root for every finite $w$ (the smallest-interval root the bisection reaches; for
    $w \\le 4$ it is the only one).

    :param weight: the self-weight $w$, finite.
    :return: $y^*$, to the last bit bisection can give.
    :raises ValueError: for a weight that is not finite.

    ```pycon
    >>> round(logistic_fixed_point(0.0), 12)
    0.5

    ```
    """
    if not np.isfinite(weight):
        raise ValueError(f"weight must be finite, got {weight}")
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        z = weight * mid
        value = (1.0 / (1.0 + np.exp(-z)) if z >= 0 else np.exp(z) / (1.0 + np.exp(z))) - mid
        lo, hi = (mid, hi) if value > 0 else (lo, mid)
    return (lo + hi) / 2


def _fixed_point_run_ratios(weights: list[float], q: int) -> dict[str, tuple[float, int, int]]:
    """$n$ times flow over weak bound for the logistic net $W = \\mathrm{diag}(w)$ run from its fixed point."""
    W = np.diag(weights)
    y0 = [logistic_fixed_point(w) for w in weights]
    fp = run_net(W, y0, q + 1).fprime(q + 1, q)
    return _weak_ratios(W, fp)


FIXED_POINT_WEIGHT: Final = 1.0
"""The self-weight $w$ of the logistic net $W = wI$ in {py:func}`fixed_point_ratios`."""

FIXED_POINT_N: Final = (2, 3, 5, 8, 32, LARGEST_N)
"""The sizes $n$ of {py:func}`fixed_point_ratios`."""

FIXED_POINT_LAG: Final = 8
"""The lag $q$ of {py:func}`fixed_point_ratios`."""


def fixed_point_ratios(
    ns: tuple[int, ...] = FIXED_POINT_N,
    q: int = FIXED_POINT_LAG,
    weight: float = FIXED_POINT_WEIGHT,
) -> dict[str, dict[int, float]]:
    """X43 in a logistic run: $W = wI$ started at the fixed point $y^* = \\sigma(w y^*)$ in every unit.

    Every unit then has the same slope $s = \\sigma'(w y^*)$ at every step, so $F' = sI$ and the flow
    from a unit back to itself is $(ws)^q$. For the max-row-sum, max-column-sum and spectral pairs
    $\\|F'\\|_A = s$ and $\\|W\\|_A = |w|$, so $n$ times the flow over the weak bound is one: $1/n$ is
    attained. For the Frobenius pair $\\|F'\\|_F = s\\sqrt n$ and $\\|W\\|_F = |w|\\sqrt n$, and the same
    quantity is $n^{-q}$.

    :param ns: the sizes $n$.
    :param q: the lag.
    :param weight: the self-weight $w$, not zero.
    :return: per norm pair and $n$, $n$ times the largest flow over the weak bound.
    :raises ValueError: for an empty ``ns``, a size below one, ``q`` below one or a zero ``weight``.

    ```pycon
    >>> r = fixed_point_ratios((3,), 2)
    >>> r["spectral"], r["frobenius"]
    ({3: 1.0}, {3: 0.111111111111})

    ```
    """
    if not ns or min(ns) < 1 or q < 1 or weight == 0:
        raise ValueError(
            f"need sizes, a lag of at least 1 and a non-zero weight, got {ns}, {q}, {weight}"
        )
    out: dict[str, dict[int, float]] = {name: {} for name in NORM_PAIRS}
    for n in ns:
        for name, (ratio, _, _) in _fixed_point_run_ratios([weight] * n, q).items():
            if name in NORM_PAIRS:
                out[name][n] = float(
                    f"{ratio * n:.12g}"
                )  # significant figures: n^-q stays positive
    return out


FROBENIUS_APPROACH: Final = ((-1e2, 10.0), (-1e4, 30.0), (-1e6, 60.0))
"""Self-weights $(w_{11}, w_{22})$ of the two-unit logistic nets of {py:func}`frobenius_approach`."""

FROBENIUS_LAG: Final = 3
"""The lag $q$ of {py:func}`frobenius_approach`."""


def frobenius_approach(
    cases: tuple[tuple[float, float], ...] = FROBENIUS_APPROACH, q: int = FROBENIUS_LAG
) -> list[float]:
    """X43, Frobenius pair: logistic runs come as close to $1/n$ as one likes, but never reach it.

    The net $W = \\mathrm{diag}(w_{11}, w_{22})$ of two logistic units, each started at its own fixed
    point. A large negative $w_{11}$ holds unit 1 at a small activation with a slope of about
    $\\ln|w_{11}|/|w_{11}|$ and carries the largest flow; a large positive $w_{22}$ holds unit 2 near 1
    with a slope of about $e^{-w_{22}}$, far smaller. Then $\\|F'\\|_F$ is barely above unit 1's slope and
    $\\|W\\|_F$ barely above $|w_{11}|$, and $n$ times the flow over the bound approaches one. It stays below
    one: with $n \\ge 2$, $W \\ne 0$ and every slope positive (as for every logistic unit),
    $\\|F'\\|_2 = \\max_i s_i < \\|F'\\|_F$, so the flow, an entry of $W F' \\cdots W F'$, is below
    $(f'_{max}\\|W\\|_F)^q$.

    :param cases: the self-weights $(w_{11}, w_{22})$, neither zero.
    :param q: the lag.
    :return: per case, $n$ times the largest flow over the Frobenius weak bound.
    :raises ValueError: for no cases, a zero weight or ``q`` below one.

    ```pycon
    >>> [round(r, 3) for r in frobenius_approach()]
    [0.985, 1.0, 1.0]

    ```
    """
    if not cases or q < 1 or any(w == 0 for case in cases for w in case):
        raise ValueError(f"need cases with non-zero weights and q >= 1, got {cases}, {q}")
    return [_fixed_point_run_ratios(list(case), q)["frobenius-without-n"][0] for case in cases]


@dataclass(frozen=True)
class GlobalFlowGrowth:
    """A logistic net with every weight below 4 in size whose global flow grows instead of vanishing."""

    W: list[list[float]]
    """$a \\cdot ((1, -1), (-1, 1))$ with $a$ = {py:data}`GROWTH_WEIGHT`."""
    y0: list[float]
    """The start $y(0) = (1/2, 1/2)$: every net input stays exactly zero, every slope is $1/4$."""
    outputs: list[int]
    """The output units whose local flows are summed (the first unit alone)."""
    lags: list[int]
    global_flow: list[float]
    """The largest $|$global flow$|$ over $v$ at each lag."""
    rate: float
    """The factor per step, (global flow at the last lag / at the first)$^{1/(q-1)}$."""
    tau: float
    """$n\\,w_{max}/4$ for this net: above one, outside P13's condition."""
    both_outputs: list[float]
    """The same with both units as outputs: the two local flows cancel."""

    @property
    def grows(self) -> bool:
        """Whether the global flow grows from lag to lag."""
        return bool(np.all(np.diff(self.global_flow) > 0))


def global_flow_growth(q_max: int = 40) -> GlobalFlowGrowth:
    """P17 outside P13's condition: weights below 4, yet the global flow grows.

    :param q_max: the longest lag, at least 2.
    :return: the evidence.
    :raises ValueError: for ``q_max < 2``.

    ```pycon
    >>> g = global_flow_growth(10)
    >>> g.grows, round(g.rate, 4), max(g.both_outputs)
    (True, 1.95, 0.0)

    ```
    """
    if q_max < 2:
        raise ValueError(f"q_max must be at least 2, got {q_max}")
    W = GROWTH_WEIGHT * np.array([[1.0, -1.0], [-1.0, 1.0]])
    y0 = [0.5, 0.5]
    run = run_net(W, y0, q_max + 1)
    lags = list(range(1, q_max + 1))
    one, both = [], []
    for q in lags:
        fp = run.fprime(q_max + 1, q)
        one.append(float(np.abs(global_flow(W, fp, [0])).max()))
        both.append(float(np.abs(global_flow(W, fp, [0, 1])).max()))
    rate = (one[-1] / one[0]) ** (1 / (q_max - 1))
    return GlobalFlowGrowth(
        W.tolist(), y0, [0], lags, one, float(rate), 2 * GROWTH_WEIGHT / 4.0, both
    )
