"""The oracle of the tests of the logistic family's peak gain (the logistic, tanh and the cell's g and h,
whose slope is K sigma'(s x)), in mpmath."""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import pytest


def _peak(k: float, s: float, y: float, c: float) -> tuple[float, float]:
    """``(w*, value)`` at 80 digits: with n = wy + c the peak has |n| = m/s, m bisected from
    (m + s|c|) tanh(m/2) = 1 on [0, 3], w* = -sign(c y) (m + s|c|)/(s|y|) (the sign of y for c = 0) and the
    value (K/s) sigma'(m) (m + s|c|)/|y|; a w* beyond the floats comes back infinite."""
    with mpmath.workdps(80):
        a = s * abs(mpmath.mpf(c))
        lo, hi = mpmath.mpf(0), mpmath.mpf(3)
        for _ in range(400):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if (mid + a) * mpmath.tanh(mid / 2) < 1 else (lo, mid)
        m = (lo + hi) / 2
        sigma_prime = mpmath.exp(-m) / (1 + mpmath.exp(-m)) ** 2
        size = (m + a) / (s * abs(mpmath.mpf(y)))
        sign = (1 if y > 0 else -1) if c == 0 else (-1 if c * y > 0 else 1)
        return float(sign * size), float(k * sigma_prime * (m + a) / (s * abs(mpmath.mpf(y))))


@pytest.fixture
def logistic_family_peak() -> Callable[[float, float, float, float], tuple[float, float]]:
    """``peak(K, s, y, c)``: the largest gain over all weights and its maximiser, for f' = K sigma'(s x)."""
    return _peak
