"""Products and powers kept as a mantissa and a power of two, so that no step under- or overflows.

A float $x = m\\,2^e$ with $m \\in [1/2, 1)$ is split by ``np.frexp``; multiplying mantissas and adding
exponents, and renormalising after each product, keeps every intermediate in the normal range however
large or small the factors and the powers are. Only the final value is rounded into float64, once: it
is refused with a ``ValueError`` when it lies beyond the float range, and it is the correctly rounded
subnormal (or zero) when it lies below the normal range. Each product rounds the mantissa once (half an
ulp); a power $b^q$ is taken in double-double mantissas ({py:func}`power`) and rounded once, so it carries
one rounding on top of $q$ times the relative error of $b$.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
Ints = NDArray[np.int64]
Split = tuple[float, int]

LARGEST_EXPONENT: Final = 1024
"""Every finite float64 is below $2^{1024}$."""


TINY = 2.0**-1022
"""The smallest normal float64: results and factors at least this large take the plain float64 path."""


def split(values: ArrayLike) -> tuple[Array, Ints]:
    """Mantissas in $[1/2, 1)$ (zero for zero) and exponents: ``values`` $= m\\,2^e$ exactly."""
    mantissa, exponent = np.frexp(np.asarray(values, dtype=np.float64))
    return mantissa, exponent.astype(np.int64)


def product(m1: Array, e1: Ints, m2: Array, e2: Ints) -> tuple[Array, Ints]:
    """The product of two split numbers, renormalised (one rounding)."""
    mantissa, shift = np.frexp(m1 * m2)
    return mantissa, e1 + e2 + shift.astype(np.int64)


def power(mantissa: Array, exponent: Ints, q: ArrayLike) -> tuple[Array, Ints]:
    """$(m\\,2^e)^q$ by repeated squaring, elementwise, for integer $q \\ge 0$ (``0**0`` is 1).

    The running mantissas are double-double (a float and its rounding error, about 106 bits; Dekker's
    product), since a rounding early in the chain is raised to the rest of the power: in plain float64
    the chain's $q - 1$ products could add up to $(q - 1)\\,2^{-53}$. So the chain adds below
    $8 q\\, 2^{-106}$ (below $2^{-70}$ for $q \\le 2^{31}$), and the returned mantissa, rounded once, is
    within half an ulp of it.
    """
    base_m, base_e = np.array(mantissa, dtype=np.float64), np.array(exponent, dtype=np.int64)
    base_lo = np.zeros_like(base_m)
    left = np.broadcast_to(np.asarray(q, dtype=np.int64), base_m.shape).copy()
    out_m, out_lo, out_e = np.ones_like(base_m), np.zeros_like(base_m), np.zeros_like(base_e)
    while np.any(left > 0):
        odd = (left & 1) == 1
        odd_m, odd_lo, odd_e = _dd_product(out_m, out_lo, out_e, base_m, base_lo, base_e)
        out_m, out_lo = np.where(odd, odd_m, out_m), np.where(odd, odd_lo, out_lo)
        out_e = np.where(odd, odd_e, out_e)
        left >>= 1
        if np.any(left > 0):
            base_m, base_lo, base_e = _dd_product(base_m, base_lo, base_e, base_m, base_lo, base_e)
    return product(out_m + out_lo, out_e, np.ones_like(out_m), np.zeros_like(out_e))


def _dd_product(
    a: Array, a_lo: Array, a_e: Ints, b: Array, b_lo: Array, b_e: Ints
) -> tuple[Array, Array, Ints]:
    """$(a + a_{lo}) 2^{a_e} (b + b_{lo}) 2^{b_e}$ as a double-double mantissa, renormalised so that its
    leading part is in [1/2, 1) (the parts scaled by the same power of two: exact)."""
    high = a * b
    split = 134217729.0  # 2^27 + 1: Dekker's splitting of mantissas below 1 is exact
    a_h = a * split - (a * split - a)
    b_h = b * split - (b * split - b)
    a_l, b_l = a - a_h, b - b_h
    error = ((a_h * b_h - high) + a_h * b_l + a_l * b_h) + a_l * b_l  # a b = high + error exactly
    error = error + (a * b_lo + a_lo * b)
    total = high + error
    low = error - (total - high)
    m, shift = np.frexp(total)
    with np.errstate(under="ignore"):
        return m, np.ldexp(low, -shift), a_e + b_e + shift.astype(np.int64)


def join(mantissa: Array, exponent: Ints, what: str) -> Array:
    """$m\\,2^e$ rounded once into float64; a ``ValueError`` naming ``what`` beyond the float range."""
    mantissa, shift = np.frexp(mantissa)
    total = exponent + shift.astype(np.int64)
    if np.any((total > LARGEST_EXPONENT) & (mantissa != 0)):
        raise ValueError(f"{what} overflows float64: it exceeds the float64 range (about 1.8e308)")
    clipped = np.clip(total, -2 * LARGEST_EXPONENT, LARGEST_EXPONENT).astype(np.int32)
    result: Array = np.ldexp(mantissa, clipped)
    return result


def scalar(value: Array) -> float:
    """A 0-d or one-element result as a Python float."""
    return float(np.asarray(value).reshape(-1)[0])


def normal(*values: float) -> bool:
    """Whether every value is finite and a normal float64 (at least 2^-1022 in size)."""
    return all(math.isfinite(v) and abs(v) >= TINY for v in values)


def times(*factors: Split) -> Split:
    """The product of split numbers, renormalised after each factor (one rounding each)."""
    mantissa, exponent = 1.0, 0
    for m, e in factors:
        mantissa, shift = math.frexp(mantissa * m)
        exponent += e + shift
    return mantissa, exponent


def raise_to(base: Split, q: int) -> Split:
    """A split number to the integer power $q \\ge 0$, by {py:func}`power`."""
    mantissa, exponent = power(np.array(base[0]), np.array(base[1]), q)
    return float(mantissa), int(exponent)


def approx(value: Split) -> float:
    """The float64 nearest a split value, or inf beyond the float range (for the plain path only)."""
    mantissa, exponent = value
    if mantissa != 0.0 and exponent > LARGEST_EXPONENT:
        return math.inf
    return math.ldexp(mantissa, max(exponent, -2 * LARGEST_EXPONENT))


def value(value: Split, what: str) -> float:
    """A split number rounded once into a Python float; a ``ValueError`` naming ``what`` beyond the range."""
    return scalar(join(np.array(value[0]), np.array(value[1]), what))
