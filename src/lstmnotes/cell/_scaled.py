"""Numbers as a mantissa and a power of two, for the cell's back-propagation (private).

An error signal of the cell is a product of several factors (an error, a gate, a slope, a recurrent weight),
each of which may lie far outside the float64 range although the gradient they end in does not: a slope
$\\sigma'(\\mathit{net}) = e^{-|\\mathit{net}|}$ at $|\\mathit{net}| = 745$ is below the smallest subnormal, a
recurrent weight of $10^{60}$ lifts it back. Here such a number is a pair ``(m, e)`` of a float64 mantissa
``m`` with $1/2 \\le |m| < 1$ (or ``m = 0``) and an integer exponent ``e``: the value $m\\, 2^{e}$. Products
multiply the mantissas and add the exponents (one rounding, no under- or overflow); sums align the exponents
by exact powers of two; a value becomes a float64 once, at the end.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Exponents = NDArray[np.int64]
Scaled = tuple[Array, Exponents]

ZERO: Final = -(2**40)
"""The exponent of zero: below every exponent a nonzero product of the cell's factors can reach."""

_LN2_HI: Final = 6.93147180369123816490e-01  # ln 2 with its last 21 bits zero: k * _LN2_HI is exact
_LN2_LO: Final = 1.90821492927058770002e-10  # ln 2 - _LN2_HI
_FAR: Final = 700.0
"""Within it $e^{-|v|}$ and the logistic and its slope are normal floats; beyond, the scaled form is used."""
_TINY_TANH: Final = 2.0**-900
"""Below it $2\\sigma(v) - 1 = \\tanh(v/2)$ equals $v/2$ to float64 precision."""


def normalised(m: Array, e: Exponents) -> Scaled:
    """Bring the mantissas into $[1/2, 1)$ (exact) and give zero the exponent ``ZERO``."""
    frac, k = np.frexp(m)
    exps = np.asarray(np.add(e, k, dtype=np.int64))
    np.maximum(exps, ZERO, out=exps)
    np.putmask(exps, frac == 0.0, ZERO)
    return frac, exps


def split(x: Array) -> Scaled:
    """A float64 array as mantissas and exponents (exact)."""
    return normalised(np.asarray(x, dtype=np.float64), np.zeros(np.shape(x), dtype=np.int64))


def times(*factors: Scaled) -> Scaled:
    """The elementwise product of scaled numbers: one rounding per factor, never an under- or overflow."""
    m, e = factors[0]
    for fm, fe in factors[1:]:
        m, e = normalised(m * fm, e + fe)
    return m, e


def plus(*terms: Scaled) -> Scaled:
    """The elementwise sum: each term scaled by an exact power of two to the largest exponent, then added."""
    top = np.maximum.reduce([e for _, e in terms])
    total = sum(np.ldexp(m, np.maximum(e - top, -1100).astype(np.int32)) for m, e in terms)
    return normalised(np.asarray(total, dtype=np.float64), top)


def to_float(value: Scaled) -> Array:
    """Round to float64 once: subnormal or zero where the value is that small, ``inf`` beyond 1.8e308."""
    m, e = value
    with np.errstate(over="ignore"):
        return np.ldexp(m, np.clip(e, -1200, 1200).astype(np.int32))


def _exp_minus(v: Array) -> Scaled:
    """$e^{-|v|}$ scaled: $2^{-k} e^{-r}$ with $k$ the integer nearest $|v|/\\ln 2$ and $|r| \\le \\ln 2 / 2$.

    The reduction $r = |v| - k \\ln 2$ uses the two-part $\\ln 2$ (exact while $k < 2^{21}$, $|v| < 1.4 \\cdot
    10^6$); beyond, its error is about $|v|\\, 2^{-53}$, the conditioning of $e^{-|v|}$ in $v$ itself.
    """
    a = np.abs(v)
    out = ~(a < 2.0**44)  # e^-|v| below 2^-(2^44): zero (also for an infinite net input)
    a = np.where(out, 0.0, a)
    k = np.rint(a / math.log(2.0))
    r = (a - k * _LN2_HI) - k * _LN2_LO
    m, e = normalised(np.exp(-r), -k.astype(np.int64))
    return np.where(out, 0.0, m), np.where(out, ZERO, e)


def logistic_slope(v: Array, sigma_prime: Array) -> Scaled:
    """$\\sigma'(v) = e^{-|v|}/(1 + e^{-|v|})^2$ scaled; ``sigma_prime`` is its float64 value (normal where
    $|v| \\le 700$). Beyond, $(1 + e^{-|v|})^{-2} = 1$ to within $2^{-1000}$."""
    near = split(np.where(np.abs(v) <= _FAR, sigma_prime, 0.0))
    far = _exp_minus(np.where(np.abs(v) > _FAR, v, 0.0))
    far_side = np.abs(v) > _FAR
    return np.where(far_side, far[0], near[0]), np.where(far_side, far[1], near[1])


def gate(v: Array, sigma: Array) -> Scaled:
    """$\\sigma(v)$ scaled; ``sigma`` is its float64 value. Below $-700$, $\\sigma(v) = e^{v}$ to $2^{-1000}$."""
    near = split(np.where(v >= -_FAR, sigma, 0.0))
    far = _exp_minus(np.where(v < -_FAR, v, 0.0))
    far_side = v < -_FAR
    return np.where(far_side, far[0], near[0]), np.where(far_side, far[1], near[1])


def half_tanh(v: Array, value: Array, scale_log2: int) -> Scaled:
    """$2^{s} \\tanh(v/2)$ scaled, ``value`` its float64 value: exactly $2^{s-1} v$ where $|v| < 2^{-900}$
    (the float value may have rounded into the subnormals there)."""
    tiny = np.abs(v) < _TINY_TANH
    m, e = split(np.where(tiny, v, value))
    return m, np.where(tiny & (m != 0.0), e + scale_log2 - 1, e)


def dropped_below(value: Scaled, exponent: int) -> Scaled:
    r"""Zero where the value lies below $2^{\text{exponent}}$ (for terms no later factor can lift into range)."""
    m, e = value
    small = e < exponent
    return np.where(small, 0.0, m), np.where(small, ZERO, e)


def total(value: Scaled) -> Scaled:
    """The sum along the first axis, each term scaled to the largest exponent by an exact power of two."""
    m, e = value
    top = np.max(e, axis=0, initial=ZERO)
    terms = np.ldexp(m, np.maximum(e - top, -1100).astype(np.int32))
    return normalised(np.sum(terms, axis=0), top)


_QUANTUM: Final = 256


def suffix_sums(value: Scaled) -> Scaled:
    r"""$\sum_{u \ge t} v(u)$ for every $t$ (a reversed cumulative sum) of a 1-D scaled array.

    Each partial sum is kept at a scale $2^{q(t)}$, $q(t)$ the largest exponent of its terms rounded up to a
    multiple of 256: a term is lost only below $2^{-800}$ of the largest term it is summed with. The scale
    changes once per distinct $q$, so the work is linear in the length for terms within a bounded range of
    exponents (drop those no later factor can lift, with :func:`dropped_below`).
    """
    m, e = value
    top = np.maximum.accumulate(e[::-1])[::-1]
    scale = -((-top) // _QUANTUM) * _QUANTUM
    sums = np.empty_like(m)
    carried, carried_scale, end = 0.0, 0, m.size
    while end > 0:
        q = scale[end - 1]
        start = int(np.searchsorted(-scale, -q, side="left"))  # scale is non-increasing in t
        part = np.ldexp(m[start:end], np.maximum(e[start:end] - q, -1100).astype(np.int32))
        carry = math.ldexp(carried, max(carried_scale - int(q), -1100)) if carried else 0.0
        sums[start:end] = np.cumsum(part[::-1])[::-1] + carry
        carried, carried_scale, end = float(sums[start]), int(q), start
    return normalised(sums, scale.astype(np.int64))
