"""Extended-precision pieces of the gain (private): the net input $wy + c$ without cancellation, and
$|w|\\,\\sigma'(\\mathit{net})$ or $|w|\\,e^{-|\\mathit{net}|}$ without under- or overflow.

The net input is formed as a double-double ``hi + lo`` from an exact product (Dekker's split of the
mantissas, scaled by powers of two so that nothing over- or underflows) and exact sums (Knuth's two-sum):
its absolute error is far below one unit in the last place of ``hi``, however much $wy$ and $c$ cancel.
Where $\\sigma'(\\mathit{net})$ alone would underflow, $|w| = m\\,2^E$ is folded into the exponent with
a two-part $\\ln 2$ (Cody and Waite), so $|w|\\,e^{-|\\mathit{net}|}$ keeps full precision down to the
subnormal range. Everything works elementwise on arrays, without loops over elements.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes.activations import ACTIVATIONS

Array = NDArray[np.float64]

_, _sigma_prime = ACTIVATIONS["logistic"]
_SPLIT: Final = 134217729.0  # 2**27 + 1, Veltkamp's splitter for float64
_LN2_HI: Final = (
    6.93147180369123816490e-01  # low 21 bits zero: E * _LN2_HI is exact for |E| < 2**21
)
_LN2_LO: Final = 1.90821492927058770002e-10
_DIRECT: Final = 700.0  # below it e^{-|net|} is a normal number
_SCALED_ABOVE: Final = (
    1000  # a product 2^E (p + e) with E above it is summed with c at 1/4 of the scale
)
_QUARTER: Final = 2


def _two_sum(a: Array, b: Array) -> tuple[Array, Array]:
    s = a + b
    v = s - a
    return s, (a - (s - v)) + (b - v)


def _split(a: Array) -> tuple[Array, Array]:
    t = _SPLIT * a
    hi = t - (t - a)
    return hi, a - hi


def exact_product(a: Array, b: Array) -> tuple[Array, Array, Array]:
    """``(p, e, E)`` with ``a * b == (p + e) * 2**E`` exactly and ``|p|`` in ``[1/4, 1)`` (or 0)."""
    ma, ea = np.frexp(a)
    mb, eb = np.frexp(b)
    p = ma * mb
    ah, al = _split(ma)
    bh, bl = _split(mb)
    err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, err, (ea + eb).astype(np.float64)


def net_input(w: Array, y: Array, c: Array) -> tuple[Array, Array]:
    """The net input $wy + c$ as ``(hi, lo)``, ``hi`` the rounded value and ``lo`` its (tiny) remainder.

    Where $|wy + c|$ exceeds the float range, ``hi`` is infinite and ``lo`` zero. Where $|wy|$ alone
    exceeds it but $c$ brings the sum back (as $w = -2$, $y = c = 10^{308}$), the sum is formed at a
    quarter of the scale and scaled back, so ``hi`` is finite.
    """
    p, err, e = exact_product(w, y)
    # near the top of the float range the sum is formed at 1/4 of the scale (exact: the bits of c lost
    # to the quarter lie far below an ulp of wy there), so a product beyond the range that c cancels
    # does not overflow
    k = np.where(e > _SCALED_ABOVE, _QUARTER, 0)
    with np.errstate(all="ignore"):
        s = np.ldexp(p, (e - k).astype(np.int64))
        d = np.ldexp(err, (e - k).astype(np.int64))
        h, low = _two_sum(s, np.ldexp(c, -k))
        h2, l2 = _two_sum(h, d)
        rest = low + l2
        hi_k = h2 + rest
        lo = np.ldexp(rest - (hi_k - h2), k)
        hi = np.ldexp(hi_k, k)
        sign = np.where(np.isinf(s), s, h)
    finite = np.isfinite(hi)
    hi = np.where(finite, hi, np.where(sign >= 0, np.inf, -np.inf))
    return hi, np.where(finite, lo, 0.0)


def net_sign(w: Array, y: Array, c: Array) -> Array:
    """The sign (-1, 0 or 1) of the exact net input $wy + c$, however small it is (no rounding decides it).

    With $|w||y| = (p + e)\\,2^E$ exactly (``p`` the rounded product of the mantissas, in $[1/4, 1)$) and
    $|c| = m\\,2^k$: for $wy$ and $c$ of one sign the sign is theirs; else the larger magnitude decides, and
    $|wy| > |c|$ exactly when $p > t$, or $p = t$ and $e > 0$, with $t = m\\,2^{k - E}$ (an exact float
    where $|k - E| \\le 1$; farther apart the exponents decide). A float $t < p$ lies below the rounding
    interval of $p$, so the comparison of the rounded ``p`` is exact.
    """
    p, err, e = exact_product(np.abs(w), np.abs(y))
    product_sign = np.sign(w) * np.sign(y)
    mc, ec = np.frexp(np.abs(c))
    gap = ec - e  # exponent of |c| relative to the product's
    t = np.ldexp(mc, np.clip(gap, -4, 4).astype(np.int64))
    larger = np.where(
        gap >= 2, -1.0, np.where(gap <= -2, 1.0, np.where(p != t, np.sign(p - t), np.sign(err)))
    )  # the sign of |wy| - |c|
    larger = np.where(product_sign == 0, -1.0, np.where(c == 0, 1.0, larger))
    out: Array = np.where(larger > 0, product_sign, np.where(larger < 0, np.sign(c), 0.0))
    return np.where(product_sign == np.sign(c), product_sign, out)


def weighted_decay(
    w_abs: Array, hi: Array, lo: Array, slope: Callable[[Array], Array] | None = _sigma_prime
) -> Array:
    """$|w|\\,\\sigma'(\\mathit{net})$ or, for ``slope=None``, $|w|\\,e^{-|\\mathit{net}|}$ (net = ``hi + lo``).

    ``slope`` is the logistic's derivative (its caller passes its own reference, which tests may replace);
    beyond $|\\mathit{net}| = 700$ both decays equal $e^{-|\\mathit{net}|}$ to the last bit.
    """
    a = np.abs(hi)
    delta = np.where(hi >= 0, lo, -lo)  # |net| = a + delta
    with np.errstate(all="ignore"):
        near = np.minimum(a, _DIRECT)
        direct = w_abs * (slope(near) if slope is not None else np.exp(-near))
        m, big_e = np.frexp(w_abs)
        t = big_e * _LN2_HI - a  # exact wherever the result is not 0
        far = (m * np.exp(big_e * _LN2_LO)) * np.exp(t)  # one rounding into the subnormals
        value = np.where(a < _DIRECT, direct, np.where(np.isfinite(a), far, 0.0))
        rate = np.tanh(0.5 * near) if slope is not None else 1.0  # d log(decay) / d|net|
        return np.asarray(value * (1.0 - rate * delta), dtype=np.float64)
