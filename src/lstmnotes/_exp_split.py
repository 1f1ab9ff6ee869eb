"""$e^{-a}$ as a mantissa and an exact power of two (private), for the parts whose products carry a slope
$\\sigma'(x) \\approx e^{-|x|}$ far below the float64 range that a huge weight brings back into it
({py:mod}`lstmnotes.carousel`, {py:mod}`lstmnotes.later`)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
Exponents = NDArray[np.int64]

_LN2_HI: Final = 6.93147180369123816490e-01  # ln 2 with its last 21 bits zero: k * _LN2_HI is exact
_LN2_LO: Final = 1.90821492927058770002e-10  # ln 2 - _LN2_HI
_LN2_EXACT: Final = Fraction(
    80260960185991308862233904206310070533990667611589946606122867505419956976171, 2**256
)  # ln 2 rounded down to 256 bits
_REDUCIBLE: Final = 2.0**20  # below it k < 2**21 and the two-part reduction is exact
_NEGLIGIBLE: Final = 2.0**44
"""At and beyond it $e^{-a} < 2^{-2.5 \\cdot 10^{13}}$: no product of a million float64 factors lifts it to
the smallest subnormal, so it is 0."""


def exp_minus(a: ArrayLike) -> tuple[Array, Exponents]:
    """$e^{-a}$ for floats $a \\ge 0$ as a mantissa in $[1/2, 1)$ (or 0) and an exact exponent.

    $a = k \\ln 2 + r$ with $k$ an integer near $a / \\ln 2$; $r$ is formed exactly before its one rounding
    (two-part $\\ln 2$ below $2^{20}$, a 256-bit rational $\\ln 2$ above), so the result is within about
    two units in the last place of $e^{-a}$ (the rounding of $r$ and that of ``np.exp``).
    """
    a = np.asarray(a, dtype=np.float64)
    zero = ~(a < _NEGLIGIBLE)
    near = a < _REDUCIBLE
    small = np.where(near, a, 0.0)
    k = np.rint(small / math.log(2.0))
    r = (small - k * _LN2_HI) - k * _LN2_LO
    for index in np.flatnonzero(~near & ~zero):
        value = float(a.flat[index])
        big_k = round(value / math.log(2.0))
        k.flat[index] = big_k
        r.flat[index] = float(Fraction(value) - big_k * _LN2_EXACT)
    mantissa, shift = np.frexp(np.exp(-r))
    exponent = shift.astype(np.int64) - k.astype(np.int64)
    return np.where(zero, 0.0, mantissa), np.where(zero, 0, exponent)
