"""A saturating unit's input-output map written around its centre (private), for the fixed-point searches
of {py:mod}`lstmnotes.carousel` and {py:mod}`lstmnotes.latching`.

Near a tangency of $x \\mapsto w f(x) + b$ with the diagonal the two agree to many digits, and the rounding of
$w f(x)$ swamps their difference. With $w f(x) + b = \\beta + \\omega \\tanh(s x)/s$ ({py:func}`tanh_form`)
the difference is $\\beta + (\\omega - 1)\\,x + (\\omega/s)(\\tanh(s x) - s x)$, each of whose terms is
accurate to a few ulps of itself near zero ({py:func}`tanh_minus_identity`). Where even that is not
enough — the sign of the difference at a critical net, which decides whether a pair of roots near a
tangency exists — {py:func}`precise_excess_sign` decides it in multiple precision.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Final

import mpmath
import numpy as np

from lstmnotes._float_keys import bisect_keys, float_key, key_float

NEAR: Final = 0.5
"""The largest $|s x|$ at which {py:func}`centred_excess` is meant to be used: farther out its terms grow like
$\\omega x$ and cancel, and the plain form is the better."""

SERIES_TERMS: Final = 18
"""How many terms of the series of $\\tanh u - u$ {py:func}`tanh_minus_identity` sums: its terms shrink
by a factor of about $(2u/\\pi)^2 \\le 0.102$ for $|u| \\le$ {py:data}`NEAR`, so the first one left out is
below $2^{-53}$ of the first one kept."""


def _tanh_coefficients(terms: int) -> tuple[float, ...]:
    """The Taylor coefficients of $\\tanh u - u$ at $u = 0$, of $u^3, u^5, \\ldots$:
    $2^{2k}(2^{2k} - 1) B_{2k}/(2k)!$ for $k = 2, 3, \\ldots$, with the Bernoulli numbers $B_j$ from their
    recurrence $\\sum_{i=0}^{j} \\binom{j+1}{i} B_i = 0$, in exact fractions."""
    bernoulli = [Fraction(1)]
    for j in range(1, 2 * terms + 3):
        bernoulli.append(
            Fraction(-1, j + 1)
            * sum((math.comb(j + 1, i) * bernoulli[i] for i in range(j)), Fraction(0))
        )
    return tuple(
        float(Fraction(4**k * (4**k - 1)) * bernoulli[2 * k] / math.factorial(2 * k))
        for k in range(2, terms + 2)
    )


_TANH_SERIES: Final = _tanh_coefficients(SERIES_TERMS)


def tanh_minus_identity(u: float) -> float:
    """$\\tanh u - u$ to a few ulps: by its series for $|u| <$ {py:data}`NEAR`, where the difference would
    cancel (at $u = 0.01$ the two agree to five digits)."""
    if abs(u) < NEAR:
        u2 = u * u
        series = 0.0
        for coefficient in reversed(_TANH_SERIES):
            series = series * u2 + coefficient
        return u * u2 * series
    return math.tanh(u) - u


def tanh_form(w: float, b: float, activation: str) -> tuple[float, float, float]:
    """$(\\omega, \\beta, s)$ with $w f(x) + b = \\beta + \\omega \\tanh(s x) / s$: $f = \\tanh$ is itself
    ($\\omega = w$, $\\beta = b$, $s = 1$); the logistic is $\\tfrac12 + \\tfrac12\\tanh(x/2)$ ($\\omega = w/4$,
    $\\beta = b + w/2$, $s = 1/2$; $\\beta$ lies between $b$ and $b + w$, so it is finite where they are)."""
    if activation == "tanh":
        return w, b, 1.0
    return 0.25 * w, b + 0.5 * w, 0.5


def centred_excess(x: float, w: float, b: float, activation: str) -> float:
    """$w f(x) + b - x$ as $\\beta + (\\omega - 1) x + (\\omega/s)(\\tanh(s x) - s x)$, for
    $|s x| <$ {py:data}`NEAR`."""
    omega, beta, scale = tanh_form(w, b, activation)
    return beta + (omega - 1.0) * x + omega / scale * tanh_minus_identity(scale * x)


PRECISIONS: Final = (128, 256, 512, 1024)
"""The working precisions (bits) {py:func}`precise_excess_sign` tries in turn."""


def precise_excess_sign(x: float, w: float, b: float, activation: str) -> int:
    """The sign of $w f(x) + b - x$ at the float inputs taken as exact ($f$ = tanh or the logistic), or 0
    where it is below the rounding at {py:data}`PRECISIONS`' last (1024 bits: a tangency to far beyond the
    float resolution).

    Evaluated by mpmath at 128 bits, then 256, 512 and 1024 while $|w f(x) + b - x|$ is within
    $2^{8-p}$ of $|w f(x)| + |b| + |x|$ (the rounding of the sum at $p$ bits is far below that); about
    20 microseconds at 128 bits."""
    for bits in PRECISIONS:
        with mpmath.workprec(bits):
            net = mpmath.mpf(x)
            value = mpmath.tanh(net) if activation == "tanh" else 1 / (1 + mpmath.exp(-net))
            term = mpmath.mpf(w) * value
            excess = term + mpmath.mpf(b) - net
            if abs(excess) > mpmath.ldexp(abs(term) + abs(b) + abs(net), 8 - bits):
                return 1 if excess > 0 else -1
    return 0


def float_keys_root(sign: Callable[[float], int], lo: float, hi: float) -> float:
    """The first float after ``lo`` at which ``sign`` (+1, -1 or 0) is no longer that of ``lo``, on
    ``lo < hi`` whose signs differ (``lo`` itself where its sign is 0): 64 halvings of the floats between,
    whatever their magnitudes (see ``lstmnotes._float_keys``)."""
    s_lo = sign(lo)
    if s_lo == 0:
        return lo
    past = bisect_keys(
        lambda x: np.array([-s_lo * sign(float(x[0]))]),
        float_key(np.array([lo])),
        float_key(np.array([hi])),
    )
    return float(key_float(past)[0])
