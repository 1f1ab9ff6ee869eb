r"""How the gain of any activation decays (private numerics on validated arrays): its large-$|w|$
asymptote $|w|\,A\,|\mathit{net}|^p e^{-k|\mathit{net}|}$ and the elasticity $wy\,f''/f'(\mathit{net})$ of $f'$.

The asymptote is formed from mantissas and powers of two: $|w| = m_w 2^{E_w}$, $|\mathit{net}| = m_n
2^{E_n}$ and $k|\mathit{net}| = K\ln 2 + r$ ($|r| \le \ln 2/2$, Cody and Waite's two-part $\ln 2$), so that
the value $A\,m_w m_n^p\,2^{pE_n - \lfloor pE_n\rfloor} e^{-r}\,2^{E_w + \lfloor pE_n \rfloor - K}$ is
rounded into the float range once, however large $|w|$ and $|\mathit{net}|$ are. The remainders of the
net input and of $k|\mathit{net}|$ enter to first order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes.activations import Activation
from lstmnotes.local_gain._extended import exact_product, net_input

Array = NDArray[np.float64]

_LN2_HI: Final = 6.93147180369123816490e-01  # low 21 bits zero: K * _LN2_HI exact for |K| < 2**21
_LN2_LO: Final = 1.90821492927058770002e-10
_FLOAT_MAX: Final = float(np.finfo(np.float64).max)
_REDUCIBLE: Final = 2.0**20  # k|net| below it: K < 2**21, so K * _LN2_HI is exact


def decay_form(unit: Activation, what: str) -> tuple[tuple[float, float, float], ...]:
    """The activation's ``slope_decay``, or a ValueError naming why ``what`` does not apply."""
    if unit.slope_decay is not None:
        return unit.slope_decay
    if not unit.family and unit.expression is None:
        raise ValueError(
            f"{what} needs the form A |x|^p e^(-k|x|) in which f' of {unit.name} vanishes at each end, and "
            "callables do not tell it (they are known at finitely many floats); make the activation "
            "with from_sympy, which takes the limits (and finds the form where there is one)"
        )
    if unit.tail_slopes != (0.0, 0.0):
        raise ValueError(
            f"{what} is the asymptote of a gain that decays as |w| grows, and the gain of {unit.name} does "
            f"not: f' tends to {unit.tail_slopes[0]!r} and {unit.tail_slopes[1]!r} as net -> -inf and "
            "+inf, so where it is nonzero the gain grows like |f'| |w| (gain gives it exactly)"
        )
    raise ValueError(
        f"{what} needs the form A |x|^p e^(-k|x|) in which f' of {unit.name} vanishes at each end, and "
        "sympy's limits did not give one (f' may decay faster than every exponential, or with a "
        "logarithm)"
    )


def tail_asymptote(w: Array, y: Array, c: Array, unit: Activation) -> Array:
    """$|w|\\,A\\,|\\mathit{net}|^p e^{-k|\\mathit{net}|}$ with $(A, p, k)$ of the net input's end (``+`` for
    net = 0), for broadcast float arrays, also where $|\\mathit{net}|$ exceeds the float range; ``inf`` where
    the value does."""
    form = decay_form(unit, "gain_tail")
    hi, lo = net_input(w, y, c)
    over = ~np.isfinite(
        hi
    )  # |net| beyond the floats: form it scaled by 2^-64 (exactly: |w| > 1 there)
    if np.any(over):
        with np.errstate(under="ignore"):
            h_s, l_s = net_input(np.ldexp(w, -64), y, np.ldexp(c, -64))
        hi, lo = np.where(over, h_s, hi), np.where(over, l_s, lo)
    right = hi >= 0
    big_a, p, k = (np.where(right, form[1][i], form[0][i]) for i in range(3))
    x = np.abs(hi)
    delta = np.where(right, lo, -lo)  # |net| = (x + delta), times 2^64 where over
    w_abs = np.abs(w)
    with np.errstate(all="ignore"):
        m_w, e_w = np.frexp(w_abs)
        m_n, e_n = np.frexp(x)
        power = np.where(x == 0, np.where(p < 0, np.inf, np.where(p == 0, 1.0, 0.0)), m_n**p)
        scaled = p * (e_n + np.where(over, 64, 0))
        whole = np.floor(scaled)
        fraction = np.exp2(scaled - whole)
        kp, k_err, k_e = exact_product(k, x)
        a = np.ldexp(kp, k_e.astype(np.int64))  # k|net| = a + a_err (where not over)
        a_err = np.ldexp(k_err, k_e.astype(np.int64))
        reducible = (a < _REDUCIBLE) & ~over
        big_k = np.rint(np.where(reducible, a, 0.0) / np.log(2.0))
        r = np.where(reducible, (a - big_k * _LN2_HI) - big_k * _LN2_LO, 0.0)
        correction = 1.0 - np.where(reducible, a_err + k * delta, 0.0)
        correction = correction + np.where(x > 0, p * delta / x, 0.0)
        mantissa = big_a * m_w * power * fraction * np.exp(-r) * correction
        exponent = np.clip(e_w + whole - big_k, -4000, 4000).astype(np.int64)
        # beyond the reducible range e^{-k|net|} is below every power of two there is: 0 for k > 0
        value = np.where(~reducible & (k > 0), 0.0, np.ldexp(mantissa, exponent))
    out: Array = np.where(w_abs == 0, 0.0, value)
    return out


def elasticity(w: Array, y: Array, c: Array, unit: Activation) -> Array:
    """$wy\\,f''(\\mathit{net})/f'(\\mathit{net})$ for broadcast float arrays; non-finite where it is not a
    float (the caller names why)."""
    if unit.slope_rate is None:
        if unit.family == "affine":  # f'' = 0: f' does not change with the weight
            return np.zeros(np.broadcast_shapes(w.shape, y.shape, c.shape))
        raise ValueError(
            f"derivative_elasticity needs log f' to be differentiable, and {unit.name} is "
            f"{unit.smoothness}: f' jumps at the kink and is 0 (log f' = -inf) where the unit is off, so "
            "d log f'/d log|w| is not defined there"
        )
    rate = unit.slope_rate
    hi, _ = net_input(w, y, c)
    if not np.all(np.isfinite(hi)):
        k = tuple(int(i) for i in np.argwhere(~np.isfinite(hi))[0])
        raise ValueError(
            f"the net input w y + c exceeds the float range at index {k} (w = {float(w[k])!r}, y = {float(y[k])!r}, "
            f"c = {float(c[k])!r}): f''/f' of {unit.name} cannot be evaluated there"
        )
    try:
        # a formula that overflows inside (x^2 of a compiled expression) or divides 0 by 0 (callables
        # where f' underflows) gives no rate: refused, never a rate of 0 times a huge wy
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            psi = np.broadcast_to(rate(hi), hi.shape)
        if not np.all(np.isfinite(psi)):
            raise FloatingPointError
    except FloatingPointError:
        k = _first_failing(rate, hi)
        raise ValueError(
            f"f''/f' of {unit.name} cannot be evaluated at the net input {float(hi[k])!r} (index {k}): "
            "its formula overflows or divides 0 by 0 there (callables, or a compiled expression, beyond "
            "their range), so the elasticity is not determined"
        ) from None
    with np.errstate(all="ignore"):
        out: Array = scaled_product(w, y, psi)
        # where the net input is tiny, a rate linear through 0 (to float precision) is taken as its
        # slope at 0 times the net: keeps f''/f' out of the subnormals, where it would lose its digits
        t = np.array([2.0**-500, 2.0**-499])
        near = rate(t)
        if rate(np.zeros(1))[0] == 0 and near[1] == 2.0 * near[0] != 0:
            slope0 = float(np.ldexp(near[0], 500))
            tiny = np.abs(hi) < 2.0**-900
            out = np.where(tiny, scaled_product(w, y, np.ldexp(hi, 500) * slope0, -500), out)
    return out


def scaled_product(w: Array, y: Array, v: Array, shift: int | NDArray[np.int64] = 0) -> Array:
    """$wy\\,v\\,2^{\\mathit{shift}}$ from mantissas and powers of two: the mantissa of the exact $wy$
    (``exact_product``) is rounded to 53 bits and multiplied by that of $v$, and the powers of two are
    added, so a $wy$ below the smallest float times a large $v$ is not 0; two roundings as for normal
    floats (a third, into the subnormals, only where the result is subnormal); infinite where it exceeds
    the float range."""
    p, err, e = exact_product(w, y)
    with np.errstate(all="ignore"):
        m_v, e_v = np.frexp(v)
        mantissa = (p + err) * m_v  # w y rounded to 53 bits, never into the subnormals
        exponent = np.clip(e + e_v + shift, -4000, 4000).astype(np.int64)
        out: Array = np.where(np.isfinite(v), np.ldexp(mantissa, exponent), p * v)
    return out


def _first_failing(rate: Callable[[Array], Array], hi: Array) -> tuple[int, ...]:
    """The first index at which ``rate`` raises or is not finite (the refusal's path only)."""
    for index in np.ndindex(hi.shape):
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                value = rate(np.array([hi[index]]))
            if np.all(np.isfinite(value)):
                continue
        except FloatingPointError:
            pass
        return tuple(int(i) for i in index)
    return tuple(0 for _ in hi.shape)
