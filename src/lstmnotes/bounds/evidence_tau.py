"""The bounds for small weights tried against nets: $n\\tau^q$ and its global form (P13, P17), $\\tau^q/n$ (X42).

{py:func}`tau_bound_search` runs the candidates of {py:mod}`lstmnotes.bounds.evidence` against the
paper's corollary $n\\tau^q$ of {py:func}`lstmnotes.bounds.tau_bound` and against its sum over output
units; {py:func}`path_count_search` against the sharper bound $\\tau^q/n$ that counting paths gives, and
{py:func}`uniform_net_ratios` evaluates the net that attains it. {py:func}`tau_corollary_survey` checks
the corollary on random logistic nets, lag by lag.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from lstmnotes._validate import count, counts, generator
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._weak import tau, tau_bound
from lstmnotes.bounds.evidence import (
    _RANDOM_N,
    _STEPS,
    _STRUCTURED_N,
    _WEIGHT_SCALES,
    MAX_CLIMBS,
    MAX_LAG,
    MAX_NETS,
    MAX_UNITS,
    BoundSearch,
    _coordinate_search,
    _lags,
    _largest,
    _sign_patterns,
    _slope_patterns,
    _Tracker,
)
from lstmnotes.flow import global_flow, largest_flow_by_lag, scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = [
    "TauSurvey",
    "path_count_search",
    "tau_bound_search",
    "tau_corollary_survey",
    "uniform_net_ratios",
]


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
    generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    climbs = count(climbs, "climbs", minimum=0, maximum=MAX_CLIMBS)
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
    generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    climbs = count(climbs, "climbs", minimum=0, maximum=MAX_CLIMBS)
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
    ns = counts(ns, "ns", minimum=1, maximum=MAX_UNITS)
    q = count(q, "q", minimum=1, maximum=MAX_LAG)
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


@dataclass(frozen=True)
class TauSurvey:
    """The $\\tau$ corollary checked on random logistic nets with $|w_{ij}| \\le w_{max} < 4/n$."""

    nets: int
    violations: int
    """How many (net, lag) had a largest flow above $n\\tau^q$."""
    worst_ratio: float
    """The largest (largest flow) / $(n\\tau^q)$ seen."""
    largest_tau: float
    """The largest $\\tau$ among the nets (all below 1)."""
    q_max: int
    """The longest lag checked (every lag from 1 up to it)."""
    units: tuple[int, int] = (1, 8)
    """The smallest and largest $n$ drawn."""

    @property
    def holds(self) -> bool:
        """P13: no violation."""
        return self.violations == 0


def tau_corollary_survey(rng: np.random.Generator, nets: int = 200, q_max: int = 30) -> TauSurvey:
    """P13: random logistic nets, $w_{max}$ uniform in $(0.05, 0.999) \\cdot 4/n$, every lag up to ``q_max``.

    $n$ is drawn from the range recorded in {py:class}`TauSurvey`.

    :param rng: the random generator.
    :param nets: how many nets.
    :param q_max: the longest lag.
    :return: the evidence.

    ```pycon
    >>> tau_corollary_survey(np.random.default_rng(0), nets=5).holds
    True

    ```
    """
    generator(rng)
    nets = count(nets, "nets", minimum=1, maximum=MAX_NETS)
    q_max = count(q_max, "q_max", minimum=1, maximum=MAX_LAG)
    violations, worst, largest_tau = 0, 0.0, 0.0
    units = TauSurvey.units
    for _ in range(nets):
        n = int(rng.integers(units[0], units[1] + 1))
        w_max = float(rng.uniform(0.05, 0.999)) * 4.0 / n
        W = random_weights(n, rng, w_max=w_max)
        fprime = run_net(W, rng.uniform(0, 1, n), q_max + 1).fprime(q_max + 1, q_max)
        flow = largest_flow_by_lag(W, fprime)
        bounds = np.array([tau_bound(n, w_max, q) for q in range(1, q_max + 1)])
        violations += int(np.sum(flow > bounds))
        worst = max(worst, float(np.max(flow / bounds)))
        largest_tau = max(largest_tau, tau(n, w_max))
    return TauSurvey(nets, violations, worst, largest_tau, q_max)
