"""Where the weak bound is attained: a fraction $1/n$ of it, for each norm pair (X43).

For $n \\ge 2$ units the flow stays at most $1/n$ of the weak bound. {py:func}`self_connection_ratios`
reaches that fraction with free slopes, {py:func}`fixed_point_ratios` with logistic units started at
their fixed point {py:func}`logistic_fixed_point` (for every pair but the Frobenius one), and
{py:func}`frobenius_approach` shows logistic runs coming as close as one likes for the Frobenius pair.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes._validate import count, counts, finite_scalar
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._norms import NORM_PAIRS
from lstmnotes.bounds.evidence import _STRUCTURED_N, LARGEST_N, MAX_LAG, MAX_UNITS
from lstmnotes.bounds.evidence_weak import _weak_ratios
from lstmnotes.net import run_net

__all__ = [
    "FIXED_POINT_LAG",
    "FIXED_POINT_N",
    "FIXED_POINT_WEIGHT",
    "FROBENIUS_APPROACH",
    "FROBENIUS_LAG",
    "MAX_FROBENIUS_CASES",
    "fixed_point_ratios",
    "frobenius_approach",
    "logistic_fixed_point",
    "self_connection_ratios",
]

MAX_FROBENIUS_CASES = 1000
"""The most weight pairs {py:func}`frobenius_approach` takes."""


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
    ns = counts(ns, "ns", minimum=1, maximum=MAX_UNITS)
    q = count(q, "q", minimum=1, maximum=MAX_LAG)
    weight = finite_scalar(weight, "weight")
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
    weight = finite_scalar(weight, "weight")
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
    ns = counts(ns, "ns", minimum=1, maximum=MAX_UNITS)
    q = count(q, "q", minimum=1, maximum=MAX_LAG)
    weight = finite_scalar(weight, "weight")
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

    :param cases: the self-weights $(w_{11}, w_{22})$, neither zero: a list or tuple of pairs.
    :param q: the lag.
    :return: per case, $n$ times the largest flow over the Frobenius weak bound.
    :raises TypeError: if ``cases`` is not a list or tuple of pairs of real numbers, or ``q`` is not an
        integer.
    :raises ValueError: for no cases, a zero weight or ``q`` below one.

    ```pycon
    >>> [round(r, 3) for r in frobenius_approach()]
    [0.985, 1.0, 1.0]

    ```
    """
    q = count(q, "q", minimum=1, maximum=MAX_LAG)
    given: object = cases
    if isinstance(given, list | tuple) and len(given) > MAX_FROBENIUS_CASES:
        raise ValueError(
            f"cases holds {len(given)} pairs, above the limit of {MAX_FROBENIUS_CASES}"
        )
    if not isinstance(given, list | tuple) or not all(
        isinstance(case, list | tuple | np.ndarray) and len(case) == 2 for case in given
    ):
        raise TypeError(
            f"cases must be a list or tuple of weight pairs (w11, w22), got {given!r:.80}"
        )
    cases = tuple((finite_scalar(a, "cases"), finite_scalar(b, "cases")) for a, b in cases)
    if not cases or any(w == 0 for case in cases for w in case):
        raise ValueError(f"need cases with non-zero weights and q >= 1, got {cases}, {q}")
    return [_fixed_point_run_ratios(list(case), q)["frobenius-without-n"][0] for case in cases]
