"""Products right over the whole float64 range: mantissas and exponents carried apart (private).

Multiplying numbers in float64 rounds once a factor as long as every partial product is a normal number;
once one under- or overflows, digits are lost or the result is infinite although the exact product may be
an ordinary float64. These helpers split each factor into a mantissa in $[1/2, 1)$ and an exact power of two,
multiply the mantissas (one rounding each, as before) and add the exponents, and round into float64 once at
the end; a product beyond the float64 range raises ``ValueError``.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
Exponents = NDArray[np.int64]

_TINY: Final = float(np.finfo(np.float64).tiny)  # the smallest normal float64, 2**-1022
_BLOCK = (
    512  # mantissas in [1/2, 1): a product of this many stays far above the smallest normal number
)


def _cumprod(values: Array, what: str) -> Array:
    """Cumulative products of ``values``, right over the whole float64 range.

    The plain ``np.cumprod`` is used when every partial product is a normal number (or zero after a zero
    factor): then nothing under- or overflowed and it is the product rounded once a factor. Otherwise the
    mantissas are multiplied and the exponents added separately (exact powers of two), and each product is
    rounded into float64 once at the end; one beyond the float64 range raises ``ValueError`` with ``what``.
    """
    with np.errstate(all="ignore"):
        plain = np.cumprod(values)
    zeroed = np.cumsum(values == 0) > 0
    normal = np.abs(plain) >= _TINY
    if np.all(np.isfinite(plain)) and np.all(normal | ((plain == 0) & zeroed)):
        return np.asarray(plain, dtype=np.float64)
    mantissas, exponents = np.frexp(values)
    return _cumprod_parts(mantissas, exponents.astype(np.int64), what)


def _cumprod_scaled(mantissas: Array, exponents: Exponents, what: str) -> Array:
    """Cumulative products of the factors ``mantissas * 2**exponents`` (mantissas in $[1/2, 1)$ or 0).

    Where every factor is a normal float64 (or zero) this is :func:`_cumprod` of their values; otherwise the
    mantissas are multiplied (one rounding each) and the exponents added, and each product rounded once.
    """
    normal = (mantissas == 0) | ((exponents >= -1021) & (exponents <= 1024))
    if np.all(normal):
        return _cumprod(np.ldexp(mantissas, exponents.astype(np.int32)), what)
    return _cumprod_parts(mantissas, exponents, what)


def _cumprod_parts(mantissas: Array, exponents: Exponents, what: str) -> Array:
    """The slow path of :func:`_cumprod`: mantissas multiplied in blocks, exponents summed exactly."""
    powers = np.cumsum(exponents)
    scaled = np.empty_like(mantissas)
    carry, carry_exponent = 1.0, 0
    for start in range(0, mantissas.shape[0], _BLOCK):
        block = np.cumprod(mantissas[start : start + _BLOCK]) * carry
        scaled[start : start + _BLOCK] = block
        powers[start : start + _BLOCK] += carry_exponent
        carry, shift = math.frexp(float(block[-1]))
        carry_exponent += shift
    # a running mantissa product can be as small as about 2^-513: normalise it before the exponent is
    # clipped, so that a result near the top of the range is not cut short by a clip meant for far beyond
    mantissa, top = np.frexp(scaled)
    total = powers + top
    if np.any((total > 1024) & (scaled != 0)):  # a zero product is zero whatever the exponents
        raise ValueError(f"{what} exceeds the float64 range (about 1.8e308)")
    clipped = np.clip(total, -1200, 1024)  # below -1200 the result is 0 anyway
    return np.asarray(np.ldexp(mantissa, clipped.astype(np.int32)), dtype=np.float64)


def _scaled(*factors: ArrayLike) -> tuple[Array, Exponents]:
    """The elementwise product of ``factors`` as a mantissa in $[1/2, 1)$ (or 0) and an exact exponent.

    Each multiplication of mantissas rounds once, as in the plain product; nothing under- or overflows.
    """
    mantissa: Array = np.ones(np.broadcast_shapes(*(np.shape(f) for f in factors)))
    exponent: Exponents = np.zeros(mantissa.shape, dtype=np.int64)
    for factor in factors:
        m, e = np.frexp(factor)
        mantissa, shift = np.frexp(mantissa * m)
        exponent = exponent + e + shift
    return mantissa, exponent


def _to_float(mantissa: Array, exponent: Exponents, what: str) -> Array:
    """``mantissa * 2**exponent`` rounded into float64 (once more, only where it is subnormal); a zero
    mantissa is a zero product, whatever exponent its other factors carried in."""
    if np.any((exponent > 1024) & (mantissa != 0)):
        raise ValueError(f"{what} exceeds the float64 range (about 1.8e308)")
    return np.asarray(
        np.ldexp(mantissa, np.clip(exponent, -1200, 1024).astype(np.int32)), np.float64
    )


def _product(*factors: ArrayLike, what: str) -> Array:
    """The elementwise product of ``factors``, right over the whole float64 range (``ValueError`` beyond)."""
    return _to_float(*_scaled(*factors), what)
