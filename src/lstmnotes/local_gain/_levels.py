r"""Where the local gain reaches a level: the weights at which $|\sigma'(wy + c)\,w|$ equals a given value.

The gain of {py:func}`lstmnotes.local_gain.gain` rises to one peak along each half-line of weights and then
falls, so a level below the peak is crossed twice. Three functions find the crossings (for the level one by
default, the level of the paper's "below one for $|w| < 4$"):

- {py:func}`gain_contour`: the level set for $c = 0$ in the $(w, y)$ plane, parametrised by $x = wy$;
- {py:func}`gain_interval`: for $c = 0$, the open interval of $|w|$ where the gain exceeds the level, by a
  Newton iteration inside proven brackets;
- {py:func}`gain_threshold`: for any offset $c$, the smallest $|w|$ at which the gain reaches the level, by
  bisection.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, finite_scalar, scalar_or_array
from lstmnotes.activations import LOGISTIC, Activation, as_activation
from lstmnotes.local_gain._extended import net_input
from lstmnotes.local_gain._general_levels import general_slope_on_contour, general_threshold
from lstmnotes.local_gain._unit import (
    _EPS,
    _FLOAT_MAX,
    GAIN_ARGMAX,
    GAIN_CONSTANT,
    _broadcast_shape,
    _monotone_newton,
    _nonzero_y,
    _sigma_prime,
)

__all__ = [
    "gain_contour",
    "gain_interval",
    "gain_threshold",
]

Array = NDArray[np.float64]

_TINY: Final = float(np.finfo(np.float64).tiny)  # 2^-1022, the smallest normal float64


def _level(level: float) -> float:
    value = finite_scalar(level, "level")
    if value <= 0:
        raise ValueError(f"level must be positive, got {value}")
    return value


def _finite_result(values: Array, name: str, why: str) -> Array:
    """``values``, or a ValueError naming ``name`` where they exceed the float range."""
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} {why}: the result exceeds the float range ({_FLOAT_MAX:.4g})")
    return values


def gain_contour(
    x: ArrayLike, level: float = 1.0, *, activation: str | Activation = LOGISTIC
) -> tuple[Any, Any]:
    r"""Points $(w, y)$ where the gain equals ``level`` (for $c = 0$), parametrised by $x = wy$.

    On the curve $\sigma'(x)\,|w| = g$, so $w = g/\sigma'(x)$ and $y = x\,\sigma'(x)/g$. For $g = 1$ the
    curve starts at $(4, 0)$ and reaches its largest $y$, {py:data}`GAIN_CONSTANT`, at
    $x =$ {py:data}`GAIN_ARGMAX`. Flipping the signs of $w$ or $y$ gives the other branches. For another
    activation the same with $|f'|$: $w = g/|f'(x)|$, $y = x|f'(x)|/g$, the branch $w > 0$, $y > 0$ (for an
    $f'$ that is not even the branches with $wy < 0$ are the curve of $x \mapsto f'(-x)$).

    :param x: the product $wy$, non-negative; for the logistic at most 700.
    :param level: the gain $g > 0$ on the curve.
    :param activation: the unit's $f$, the logistic by default.
    :return: ``(w, y)``, within $10^{-14}$ relative of $g/|f'(x)|$ and $x|f'(x)|/g$, plus one unit of
        $2^{-1074}$ (where they are subnormal), for the logistic, tanh and the cell's $g$ and $h$. For
        another activation they are within $2^{-52}$ relative, plus one unit of $2^{-1074}$, of those
        quotients with $f'(x)$ as the activation computes it (two roundings), so the error of its $f'(x)$
        adds to that. $y$ is formed from mantissas and powers of two where $x f'(x)$ or $y$ would leave
        the normal range.
    :raises ValueError: if ``x`` is negative, above 700 for the logistic (where $1/\sigma'(x)$ overflows)
        or not finite, ``level`` is not positive, or $w = g/\sigma'(x)$ or $y = x\sigma'(x)/g$ exceeds the
        float range (a ``level`` too large or too small); for another activation, where $|f'(x)|$ is not
        a normal float (0, as a rectifier's at $x = 0$: no weight reaches the level; or subnormal, beyond
        about 354 for tanh).
    :raises TypeError: if ``activation`` is neither a name nor an activation.

    ```pycon
    >>> gain_contour(0.0)
    (4.0, 0.0)

    ```
    """
    unit = as_activation(activation)
    x_ = finite_array(x, "x")
    g = _level(level)
    if np.any(x_ < 0):
        raise ValueError("x must be non-negative: it parametrises the branch with w > 0, y > 0")
    if unit is not LOGISTIC:
        slope = general_slope_on_contour(x_, unit)
    elif np.any(x_ > 700):
        raise ValueError("x must be at most 700: beyond it 1/f'(x) overflows the float range")
    else:
        slope = _sigma_prime(x_)
    with np.errstate(over="ignore", under="ignore"):
        w = _finite_result(g / slope, "level", "is too large for x: w = level/f'(x)")
        plain = x_ * slope
        y = plain / g
        # where x f'(x) or the quotient leaves the normal range (x f'(x) may overflow where y does not),
        # divide mantissas and add exponents: one rounding of each, and a single rounding into the
        # subnormals at the end
        scaled = ~np.isfinite(plain) | (plain < _TINY) | (np.abs(y) < _TINY)
        if np.any(scaled):
            m_x, e_x = np.frexp(x_)
            m_s, e_s = np.frexp(slope)
            m_g, e_g = math.frexp(g)
            exponent = np.clip(e_x.astype(np.int64) + e_s - e_g, -2200, 2200)
            y = np.where(scaled, np.ldexp(m_x * m_s / m_g, exponent), y)
        y = _finite_result(y, "level", "is too small for x: y = x f'(x)/level")
    return scalar_or_array(w), scalar_or_array(y)


def gain_interval(y: ArrayLike, level: float = 1.0) -> tuple[Any, Any]:
    r"""The weights whose gain exceeds ``level`` (for $c = 0$): $g(w; y, 0) > g$ exactly when inner $< |w| <$ outer.

    With $x = |wy|$ the gain is $x\,\sigma'(x)/|y|$, which rises on $(0, x^\ast)$ and falls after. The
    ends are $x_1/|y|$ and $x_2/|y|$ where $x_1 < x^\ast < x_2$ solve $x\,\sigma'(x) = g|y|$. When
    $g|y| \ge K$ ({py:data}`GAIN_CONSTANT`) no weight does it, and both ends are returned equal to
    $x^\ast/|y|$: an empty open interval.

    :param y: the activation; nonzero.
    :param level: the gain $g > 0$ to exceed.
    :return: ``(inner, outer)``; for $g|y| < K$, $4g < $ inner $<$ outer (for $g|y| < 10^{-7}$,
        inner $= 4g(1 + 4g^2y^2)$, the series of the root, to rounding). Each end is right to
        $10^{-13}$ relative where $g|y| \le 0.99K$; nearer the peak the ends are ill-conditioned (both
        meet at $x^\ast/|y|$), and the gain at each end is within $10^{-13}$ of ``level``.
    :raises ValueError: if ``y`` is zero (every $|w| > 4g$ then has a larger gain) or not finite,
        ``level`` is not positive, or an end exceeds the float range (``y`` too small, or ``level`` too
        large).

    ```pycon
    >>> inner, outer = gain_interval(0.1)
    >>> bool(4 < inner < 10 < outer < 40)
    True

    ```
    """
    s = np.abs(_nonzero_y(y))
    g = _level(level)
    star = np.full_like(s, GAIN_ARGMAX)
    with np.errstate(over="ignore", under="ignore"):
        below = s * g < GAIN_CONSTANT
        series = (
            4.0 * s * g < 1e-7
        )  # x_1 so small that x f'(x) = x/4 (1 - x^2/4 + O(x^4)) settles it
    # where no root exists (or the series gives it), solve a harmless stand-in problem and overwrite
    target = np.where(below & ~series, np.log(s) + np.log(g), np.log(GAIN_CONSTANT / 2))
    far = np.where(below, np.log(s) + np.log(g), target)  # the outer root needs no stand-in

    def log_gain(x: Array) -> tuple[Array, Array, Array]:
        terms = (np.log(x), x, 2.0 * np.log1p(np.exp(-x)))
        tol = 4 * _EPS * (np.abs(terms[0]) + terms[1] + terms[2] + np.abs(target) + 1.0)
        return terms[0] - terms[1] - terms[2] - target, 1.0 / x - np.tanh(0.5 * x), tol

    # log(x f'(x)) is concave with its peak at x*: increasing below it, decreasing above it. Newton
    # from the outer end of each bracket climbs onto the root without overshooting.
    lo = 4.0 * np.exp(target)  # x f'(x) <= x/4
    inner = _monotone_newton(log_gain, lo, star, lo)
    target = far
    hi = np.maximum(2.0 * star, -2.0 * target)  # x f'(x) <= x exp(-x) <= exp(-x/2)
    outer = _monotone_newton(log_gain, star, hi, hi)
    with np.errstate(over="ignore", under="ignore"):
        small = 4.0 * g * (1.0 + 4.0 * (s * g) ** 2)
        inner = np.where(below, np.where(series, small, inner / s), star / s)
        outer = np.where(below, outer, star) / s
    _finite_result(inner, "level", f"= {g!r} is too large: the inner end 4 level (1 + ...)")
    _finite_result(outer, "y", "is too small: the outer end x_2/|y|")
    return scalar_or_array(inner), scalar_or_array(outer)


_BISECTIONS: Final = 64  # bisecting the bit patterns of positive floats: at most 63 halvings


def _bisect_increasing(f: Callable[[Array], Array], lo: Array, hi: Array) -> Array:
    """The smallest float in ``[lo, hi]`` where the increasing ``f`` is >= 0 (``hi`` if none), elementwise.

    The bisection halves the integer bit patterns of the positive floats ``lo < hi``, not their values,
    so it ends on two neighbouring floats after at most 63 steps, whatever the orders of magnitude.
    """
    low, high = lo.view(np.int64).copy(), hi.view(np.int64).copy()
    for _ in range(_BISECTIONS):
        mid = low + (high - low) // 2
        up = f(mid.view(np.float64)) >= 0
        low, high = np.where(up, low, mid), np.where(up, mid, high)
    return high.view(np.float64)


def _log_gain(r: Array, a: Array, c: Array) -> Array:
    """$\\log(r\\,\\sigma'(ra + c))$ for $r > 0$, without underflow, the net input free of cancellation."""
    hi, lo = net_input(r, a, c)
    x = np.abs(hi)
    with np.errstate(over="ignore", under="ignore"):
        delta = np.where(hi >= 0, lo, -lo)
        log_slope = -x - 2.0 * np.log1p(np.exp(-x)) - np.tanh(0.5 * np.minimum(x, 700.0)) * delta
    out: Array = np.log(r) + log_slope
    return out


def gain_threshold(
    y: ArrayLike,
    c: ArrayLike = 0.0,
    level: float = 1.0,
    *,
    activation: str | Activation = LOGISTIC,
) -> Any:
    r"""The smallest $|w|$ at which the gain $|\sigma'(wy + c)\,w|$ reaches ``level``, over both signs of $w$.

    On each half-line $w = s r$ ($s = \pm 1$, $r > 0$) the log-gain $\log r + \log\sigma'(rsy + c)$ has
    the derivative $1/r - sy\tanh((rsy + c)/2)$, which falls strictly in $r$: the gain rises to one peak
    and then falls. The peak lies below $r = (2 + |c|)/|y|$ (at a stationary point $|wy| < 2 + |c|$), so
    bisection finds it, and a second bisection finds where the rising part reaches ``level`` (both bisect
    the bit patterns of the floats, so each ends on neighbouring floats in at most 63 steps). Since
    $\sigma' \le 1/4$, the threshold is never below $4g$ ($g$ the level), and it equals $4g$ exactly
    when $|c| = 4g|y|$. Unlike {py:func}`gain_interval`, this works for any offset $c$; it costs a few
    hundred vectorised iterations instead of a handful of Newton steps.

    For another activation the same search runs wherever the gain has one peak along each half-line for
    every $c$, which holds where $1/|f'|$ is convex (``reciprocal_slope_convex``: tanh, the cell's $g$ and
    $h$, and an activation from {py:func}`lstmnotes.activations.symbolic_activation.from_sympy` for which
    sympy proves it, e.g. atan with $1/f' = 1 + x^2$), with $1/\sup|f'|$ times the level for $4g$ and the
    gain of {py:func}`lstmnotes.local_gain.gain` on the rising part; for an affine unit the gain $|a||w|$
    only grows, and the threshold is the smallest float $|w|$ with $|a||w| \ge g$.

    :param y: the activation; nonzero.
    :param c: the rest of the net input; broadcasts against ``y``.
    :param level: the gain $g > 0$ to reach.
    :param activation: the unit's $f$, the logistic by default.
    :return: the threshold, ``inf`` where no float64 weight reaches the level; a float for scalar
        input. It is the smallest float at which the computed gain (relative error below $10^{-12}$)
        reaches the level.
    :raises ValueError: if ``y`` is zero or an argument is not finite, the shapes do not broadcast, or
        ``level`` is not positive; for another activation, if it is piecewise linear (its gain jumps at
        the kink) or its $1/|f'|$ is not known to be convex (the weights reaching a level may form
        several pieces), naming why.
    :raises TypeError: if an argument is not real numbers, or ``activation`` is neither a name nor an
        activation.

    ```pycon
    >>> round(gain_threshold(0.1), 6)
    4.177027
    >>> gain_threshold(0.25, -1.0)
    4.0
    >>> gain_threshold(0.5)
    inf

    ```
    """
    unit = as_activation(activation)
    y_ = _nonzero_y(y)
    c_ = finite_array(c, "c")
    g = _level(level)
    _broadcast_shape(y=y_, c=c_)
    y_, c_ = np.broadcast_arrays(y_, c_)
    if unit is not LOGISTIC:
        return scalar_or_array(
            general_threshold(
                np.array(y_, dtype=np.float64), np.array(c_, dtype=np.float64), g, unit
            )
        )
    best = np.full(y_.shape, np.inf)
    c_ = np.array(c_, dtype=np.float64)
    log_g = np.log(g)
    with np.errstate(over="ignore"):
        top = np.asarray(np.minimum((2.0 + np.abs(c_)) / np.abs(y_), _FLOAT_MAX))
    tiniest = np.full(y_.shape, 5e-324)
    for s in (1.0, -1.0):
        a = np.array(s * y_, dtype=np.float64)

        def slope(r: Array, a: Array = a) -> Array:
            # r (1/r - a tanh((ra + c)/2)) changes sign where the derivative of the log-gain does
            hi, _ = net_input(r, a, c_)
            with np.errstate(over="ignore", invalid="ignore"):
                out: Array = np.nan_to_num(r * a * np.tanh(0.5 * hi), nan=0.0) - 1.0
            return out

        def rise(r: Array, a: Array = a) -> Array:
            out: Array = _log_gain(r, a, c_) - log_g
            return out

        peak = _bisect_increasing(slope, tiniest, top)
        # the largest gain among floats is at the first float past the stationary point or the one before
        before = np.maximum(np.nextafter(peak, 0.0), tiniest)
        peak = np.asarray(np.where(rise(before) > rise(peak), before, peak))
        reaches = rise(peak) >= 0

        start = np.asarray(np.minimum(min(4.0 * g, _FLOAT_MAX), peak))

        first = _bisect_increasing(rise, start, peak)
        exact = rise(start) >= 0  # the level is met at the lower end already (|c| = 4g|y|)
        first = np.where(exact, start, first)
        # |w| = 4g with a net input of exactly 0 (c = 4g s y): sigma'(0) = 1/4 makes the gain g exactly,
        # which the log-gain, rounded, may miss by an ulp; no smaller |w| reaches g, as sigma' <= 1/4
        four = np.full(a.shape, min(4.0 * g, _FLOAT_MAX))
        hi, lo = net_input(four, a, c_)
        at_four = (4.0 * g <= _FLOAT_MAX) & (hi == 0.0) & (lo == 0.0)
        best = np.minimum(best, np.where(at_four, four, np.where(reaches, first, np.inf)))
    return scalar_or_array(best)
