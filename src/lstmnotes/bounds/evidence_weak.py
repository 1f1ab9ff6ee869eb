"""The weak bound tried against nets: an adversarial search for each norm pair (P12, X41, X43).

{py:func}`weak_bound_search` runs the candidates of {py:mod}`lstmnotes.bounds.evidence` against the weak
bound $n (f'_{max}\\|W\\|_A)^q$ of {py:func}`lstmnotes.bounds.weak_bound`, for every norm pair of
{py:data}`lstmnotes.bounds.NORM_PAIRS`, with and without its factor $n$.
"""

from __future__ import annotations

import itertools

import numpy as np

from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._weak import NORM_PAIRS, weak_bound
from lstmnotes.bounds.evidence import (
    _RANDOM_N,
    _STEPS,
    _STRUCTURED_N,
    _WEIGHT_SCALES,
    BoundSearch,
    _coordinate_search,
    _lags,
    _largest,
    _sign_patterns,
    _slope_patterns,
    _Tracker,
)
from lstmnotes.flow import scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = ["weak_bound_search"]


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
