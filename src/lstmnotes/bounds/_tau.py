"""The paper's $\\tau$ corollary of the weak bound: $n\\,\\tau^q$ with $\\tau = n\\, w_{max}/4$.

With every $|w_{ij}| \\le w_{max}$ and logistic units, $f'_{max} \\|W\\|_A \\le \\tau$ for the maximum row
sum, so the weak bound of {py:func}`lstmnotes.bounds.weak_bound` becomes $n\\,\\tau^q$
{cite:p}`hochreiter1997lstm`. The power is taken as a mantissa and a power of two, so the bound is right
wherever it is a float64.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from lstmnotes._validate import count, finite_scalar
from lstmnotes.bounds import _power
from lstmnotes.bounds._power import Split

__all__ = ["MAX_TAU_LAG", "MAX_TAU_UNITS", "tau", "tau_bound"]

MAX_TAU_LAG: Final = 2**31
"""The largest lag $q$ of {py:func}`tau_bound`."""


MAX_TAU_UNITS: Final = 2**53
"""The largest $n$ of {py:func}`tau` and {py:func}`tau_bound` (every integer up to it is a float)."""


def tau(n: int, w_max: float) -> float:
    """The paper's $\\tau = n\\, w_{max} / 4$: the ratio of decay per step when every $|w_{ij}| \\le w_{max}$.

    With the maximum row sum, $\\|W\\|_A \\le n\\, w_{max}$, and $f'_{max} \\le 1/4$ for logistic units,
    so $f'_{max}\\|W\\|_A \\le \\tau$.

    :param n: the number of units, 1 to {py:data}`MAX_TAU_UNITS`.
    :param w_max: the largest absolute weight, positive and finite.
    :return: $\\tau$, rounded once.
    :raises TypeError: for an ``n`` that is not an integer, or a ``w_max`` that is not a real number.
    :raises ValueError: for $n$ out of range, a ``w_max`` that is not positive and finite, or a
        $\\tau$ beyond the float range.

    ```pycon
    >>> tau(4, 0.5)
    0.5

    ```
    """
    return _power.value(_tau(n, w_max), "tau = n w_max / 4")


def _tau(n: int, w_max: float) -> Split:
    units = count(n, "n", minimum=1, maximum=MAX_TAU_UNITS)
    weight = finite_scalar(w_max, "w_max")
    if weight <= 0:
        raise ValueError(f"w_max must be positive, got {weight!r}")
    mantissa, exponent = math.frexp(weight)
    return _power.times(math.frexp(units), (mantissa, exponent - 2))


def tau_bound(n: int, w_max: float, q: int) -> float:
    """The paper's corollary bound $n\\,\\tau^q$ on the flow of a logistic net with all $|w_{ij}| \\le w_{max}$.

    It decays exponentially in $q$ exactly when $\\tau < 1$, that is when $w_{max} < 4/n$. The power is
    taken as a mantissa and a power of two, so the bound is right wherever it is a float64.

    :param n: the number of units, 1 to {py:data}`MAX_TAU_UNITS`.
    :param w_max: the largest absolute weight, positive and finite.
    :param q: the lag, 1 to {py:data}`MAX_TAU_LAG`.
    :return: $n\\,\\tau^q$.
    :raises TypeError: for ``n`` or ``q`` that are not integers, or a ``w_max`` that is not a real number.
    :raises ValueError: for $n$, $q$ or ``w_max`` out of range, or a bound beyond the float range.

    ```pycon
    >>> tau_bound(4, 0.5, 3)
    0.5

    ```
    """
    lag = count(q, "q", minimum=1, maximum=MAX_TAU_LAG)
    ratio = _tau(n, w_max)
    units = int(n)
    with np.errstate(all="ignore"):
        plain = _power.approx(ratio)
        value = float(units * np.float64(plain) ** lag)
    if _power.normal(plain, value):
        return value  # the plain float64 formula: inside the normal range it is as accurate
    return _power.value(_power.times(math.frexp(units), _power.raise_to(ratio, lag)), "n tau^q")
