"""The local gain $|f'(\\mathit{net})\\,w|$ of a logistic unit, and where it is largest.

One factor of the paper's path products is $f'_{l_m}(\\mathit{net}_{l_m})\\,w$ for a weight $w$ that feeds
$\\mathit{net}_{l_m}$ with the activation $y$. With the rest of the net input collected into an offset $c$,
the net input is $\\mathit{net} = wy + c$ and the factor's size is the *gain*

$$g(w; y, c) = |\\sigma'(wy + c)\\,w|.$$

Substituting $n = wy + c$ turns the search for the best $w$ into a one-dimensional root problem: a
stationary point of $g$ solves $(n - c)\\tanh(n/2) = 1$, which is the paper's condition
$w = \\coth(n/2)/y$ written in $n$. {py:func}`max_gain` solves it for whole arrays of $(y, c)$ at once with a
Newton iteration inside a proven bracket, never a loop over elements. For $c = 0$ the largest gain is $K/|y|$ with
$K = x^\\ast\\sigma'(x^\\ast)$, where $x^\\ast$ solves $x\\tanh(x/2) = 1$ ({py:data}`GAIN_ARGMAX`,
{py:data}`GAIN_CONSTANT`). The symbolic side of the same story is {py:mod}`lstmnotes.local_gain.symbolic`;
where the gain reaches a given level is the concern of {py:func}`gain_threshold` and its companions.

The package re-exports {py:func}`gain` and {py:func}`max_gain`: ``from lstmnotes import gain, max_gain``.

The module is long because {py:func}`max_gain` keeps the closed form of the logistic family (the logistic,
tanh and the cell's $g$ and $h$) next to the gain and its tail, whose accuracy arguments it shares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, finite_scalar, scalar_or_array
from lstmnotes.activations import (
    ACTIVATIONS,
    CELL_G,
    CELL_H,
    LOGISTIC,
    TANH,
    Activation,
    as_activation,
)
from lstmnotes.local_gain._decay import elasticity, scaled_product, tail_asymptote
from lstmnotes.local_gain._extended import net_input, weighted_decay
from lstmnotes.local_gain._general import general_gain, general_max_gain

__all__ = [
    "GAIN_ARGMAX",
    "GAIN_CONSTANT",
    "MAX_GRID_POINTS",
    "brute_force_max_gain",
    "derivative_elasticity",
    "gain",
    "gain_tail",
    "max_gain",
]

Array = NDArray[np.float64]

_, _sigma_prime = ACTIVATIONS["logistic"]
_EPS: Final = float(np.finfo(np.float64).eps)
_MAX_ITERATIONS: Final = 200
_FLOAT_MAX: Final = float(np.finfo(np.float64).max)


def _monotone_newton(
    step: Callable[[Array], tuple[Array, Array, Array]],
    lo: Array,
    hi: Array,
    start: Array,
) -> Array:
    """Newton's method, elementwise, for roots it approaches from one side without overshooting.

    The callers guarantee it: ``f`` is monotone on the bracket ``[lo, hi]`` and convex or concave between
    ``start`` and the root in the way that makes the iterates move monotonically onto the root. The
    iterates are clipped to the bracket all the same. ``step(x)`` returns ``(f(x), f'(x), tol(x))``,
    where ``tol`` is the rounding error of ``f``; an element is done when its step is at most
    $4 \\cdot 2^{-52}\\,x$ (four to eight units in the last place of ``x``) or ``|f| <= tol`` (near a
    double root Newton slows to halving, and the root is only determined to about the square root of
    the rounding error). The loop runs over iterations, never over elements.
    """
    x = start
    for _ in range(_MAX_ITERATIONS):
        f, fprime, tol = step(x)
        delta = f / fprime
        x = np.clip(x - delta, lo, hi)
        if np.all((np.abs(delta) <= 4 * _EPS * x) | (np.abs(f) <= tol)):
            return x
    raise ArithmeticError(f"root finder did not converge in {_MAX_ITERATIONS} iterations")


def _stationary_offset(a: Array) -> Array:
    r"""The root $m > 0$ of $\varphi(m) = (m + a)\tanh(m/2) - 1$ for offsets $a \ge 0$, elementwise.

    The bracket comes from $3t/(3 + t^2) \le \tanh t \le t$ for $t \ge 0$: the upper bound on $\tanh$
    gives $m \ge 4/(a + \sqrt{a^2 + 8})$, the lower (Padé) bound the start $m_0 = 2/(a/2 + \sqrt{a^2/4 +
    5/3})$ with $\varphi(m_0) \ge 0$, which is within half a percent of the root. $\varphi$ is increasing, and
    convex wherever $\varphi \le 1$, so Newton's method from $m_0$ descends monotonically onto the root:
    three or four steps to full precision.
    """
    lo = 2.0 / (
        0.5 * a + np.hypot(0.5 * a, np.sqrt(2.0))
    )  # halved: no overflow for |c| near the top
    hi = 2.0 / (0.5 * a + np.hypot(0.5 * a, np.sqrt(5.0 / 3.0)))

    def step(m: Array) -> tuple[Array, Array, Array]:
        t = np.tanh(0.5 * m)
        s = m + a
        return s * t - 1.0, t + 0.5 * s * (1.0 - t * t), np.full_like(m, 4 * _EPS)

    return _monotone_newton(step, lo, hi, hi)


def gain(
    w: ArrayLike, y: ArrayLike, c: ArrayLike = 0.0, *, activation: str | Activation = LOGISTIC
) -> Any:
    """The local gain $|f'(wy + c)\\,w|$ of a unit, the logistic's $|\\sigma'(wy + c)\\,w|$ by default,
    broadcasting over the arguments.

    :param w: the weight (finite reals).
    :param y: the activation the weight multiplies.
    :param c: the rest of the unit's net input.
    :param activation: the unit's $f$: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an
        {py:class}`lstmnotes.activations.Activation`.
    :return: the gain, a float for scalar input, else an array of the broadcast shape. The net input is
        formed without cancellation. For the logistic the decay is formed without underflow, so the
        relative error is below $10^{-14}$ over the whole float range (results in the subnormal range
        within 2 units of $2^{-1074}$); for another activation it is $|w|$ times $f'$ at the net input
        (corrected to first order for the net input's remainder), with a relative error below
        $10^{-14}$ where that $f'$ and the result are normal floats, else within
        $8\\max(|w|, 1)\\,2^{-1074}$ (a reader's callables: as accurate as they are).
    :raises ValueError: if an argument holds NaN or infinity, the shapes do not broadcast, the
        activation is unknown, or the gain exceeds the float range (about 1.8e308: a unit whose $|f'|$
        exceeds 1, such as an affine or leaky unit with a large slope, at a $|w|$ near the largest float).
    :raises TypeError: if an argument is not real numbers, or ``activation`` is neither a name nor an
        activation.

    ```pycon
    >>> gain(4.0, 0.0)
    1.0
    >>> round(gain(2.0, 1.0, -2.0), 6)
    0.5
    >>> gain(2.0, 1.0, -2.0, activation="tanh")
    2.0

    ```
    """
    unit = as_activation(activation)
    w_, y_, c_ = _three(w, y, c)
    if unit is not LOGISTIC:
        out = general_gain(w_, y_, c_, unit)
        _refuse_overflow(out, w_, y_, c_, f"the gain |f'(wy + c) w| of {unit.name}")
        return scalar_or_array(out)
    hi, lo = net_input(w_, y_, c_)
    return scalar_or_array(weighted_decay(np.abs(w_), hi, lo, _sigma_prime))


def _three(w: ArrayLike, y: ArrayLike, c: ArrayLike) -> tuple[Array, Array, Array]:
    w_, y_, c_ = finite_array(w, "w"), finite_array(y, "y"), finite_array(c, "c")
    _broadcast_shape(w=w_, y=y_, c=c_)
    out = np.broadcast_arrays(w_, y_, c_)
    return out[0], out[1], out[2]


def _broadcast_shape(**arrays: Array) -> tuple[int, ...]:
    try:
        return np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {a.shape}" for k, a in arrays.items())
        raise ValueError(f"shapes do not broadcast: {shapes}") from None


def _nonzero_y(y: ArrayLike) -> Array:
    y_ = finite_array(y, "y")
    if np.any(y_ == 0):
        where = tuple(int(i) for i in np.argwhere(y_ == 0)[0])
        raise ValueError(
            f"y must be nonzero (y = 0 at index {where}): with y = 0 the net input does not depend on "
            "w, so the gain |f'(c) w| is unbounded as |w| grows and has no maximum"
        )
    return y_


def _logistic_scales(unit: Activation) -> tuple[float, float] | None:
    """``(K, s)`` for the units whose slope is $K\\sigma'(sx)$ (the logistic, tanh, the cell's g and h),
    whose peak has a closed form; ``None`` for the others."""
    for known, scales in (
        (LOGISTIC, (1.0, 1.0)),
        (TANH, (4.0, 2.0)),
        (CELL_G, (4.0, 1.0)),
        (CELL_H, (2.0, 1.0)),
    ):
        if unit is known:
            return scales
    return None


def max_gain(
    y: ArrayLike, c: ArrayLike = 0.0, *, activation: str | Activation = LOGISTIC
) -> tuple[Any, Any]:
    """The largest gain over all real weights, and a weight that attains it.

    For an activation other than the logistic, tanh and the cell's $g$ and $h$ (``activation``: a name or an
    {py:class}`lstmnotes.activations.Activation`), the maximiser is found on each half-line of weights by
    bisecting the floats for the stationarity condition $1 + wy\\,f''(\\mathit{net})/f'(\\mathit{net}) = 0$
    (the paper's $w = \\coth(\\mathit{net}/2)/y$ for the logistic): the value has a relative error below
    $10^{-14}$ from the maximum where it and $f'(\\mathit{net})$ at the peak are normal floats, else it is
    within $8\\max(|w^\\ast|, 1)\\,2^{-1074}$, and $w^\\ast$ a relative error below $10^{-14}$ from the
    stationary point where $f'(\\mathit{net})$ is normal too (where it is subnormal, $w^\\ast$ is a weight
    whose gain is within that bound of the largest, and may lie far from the exact maximiser). Where the
    net input at the peak is far smaller than $|wy|$ (a large $|c|$ that $wy$ cancels), the floats $w$
    move the net input in steps too coarse for $f'$, and the stationary point is bisected over the
    floats of the net input $n$ instead: the value is $|n - c|\\,|f'(n)|/|y|$ there, the maximum over
    real weights, as for the logistic. Where the gain has no maximum, as for the affine units and the
    rectifiers (it grows without bound with $|w|$), a ``ValueError`` says so;
    {py:func}`gain_supremum` gives the supremum and whether it is reached. For a unit whose $f'$ beyond
    float64 cannot be taken as its limit (callables trusted to a ``net_limit``), the search stops at the
    largest weight whose net input is finite, and a peak beyond it is refused naming $y$, $c$ and that
    weight. A product $wy$ beyond the float range that $c$ brings back into it is searched (the net input
    is summed at a quarter of the scale), and a maximiser within half an ulp above the largest float is
    returned as that float, as the closed form rounds it.

    For each $(y, c)$ this returns $w^\\ast$ and $\\max_w |\\sigma'(wy + c)\\,w|$. With $n = wy + c$ the
    maximum lies where $n$ has the opposite sign of $c$ and $|n| = m$ solves $(m + |c|)\\tanh(m/2) = 1$; the
    value is $\\sigma'(m)(m + |c|)/|y|$. For $c = 0$ the two maximisers $\\pm w^\\ast$ tie and the positive
    $w^\\ast y$ is returned. Both have a relative error below $10^{-14}$, and subnormal values are within 2
    units of $2^{-1074}$ (the quotient by $|y|$ is scaled by powers of two). Tanh and the cell's $g$ and
    $h$, whose slope is $K\\sigma'(sx)$ ($K, s$ = 4, 2; 4, 1; 2, 1), take the same closed form, as
    accurate and as fast (vectorised, no loop over elements): $|n| = m/s$ with
    $(m + s|c|)\\tanh(m/2) = 1$, $w^\\ast = \\pm(m/s + |c|)/|y|$ and the value $K\\sigma'(m)(m/s + |c|)/|y|$, also where $s|c|$ exceeds the float range.

    :param y: the activation multiplying the weight; nonzero.
    :param c: the rest of the net input; broadcasts against ``y``.
    :return: ``(w_star, value)``, floats for scalar input, else arrays of the broadcast shape.
    :param activation: the unit's $f$, the logistic by default.
    :raises ValueError: if ``y`` is zero anywhere (the gain is then unbounded), an argument is not
        finite, the shapes do not broadcast, or $|w^\\ast| = (m/s + |c|)/|y|$ ($s = 1$ for the logistic) exceeds the float range (a
        tiny ``|y|``, or a ``|c|`` too large for ``|y|``); for another activation, where the gain has no
        maximum, for more than {py:data}`~lstmnotes.local_gain.MAX_SEARCH_ELEMENTS` (500) pairs
        $(y, c)$ a call (each is checked against a grid, about a second of CPU for 500), where the largest
        gain itself exceeds the float range, or where a grid of weights
        along a half-line finds a larger gain than the first peak and no single turn of the gain
        between two grid weights reaches it. Several humps of $f'$ (two for $e^{-x^2}$) are found that
        way: every local maximum of the grid is bisected again, and the largest kept. The grid is a
        check, not a proof: it holds the weights from $10^{-6}$ to $10^{6}$ times the first peak's in
        steps of 1.4 % and those whose net inputs lie in $[-16, 16]$ in steps of $1/16$; a hump outside
        both or narrower than their steps can pass unseen. The message names the cause.
    :raises TypeError: if an argument is not real numbers, or ``activation`` is neither a name nor an
        activation.

    ```pycon
    >>> w_star, value = max_gain(1.0)
    >>> round(w_star, 10), round(value, 10)
    (1.5434046384, 0.2238716023)
    >>> max_gain(0.0)
    Traceback (most recent call last):
    ...
    ValueError: y must be nonzero (y = 0 at index ()): with y = 0 the net input does not depend on w, so the gain |f'(c) w| is unbounded as |w| grows and has no maximum

    ```
    """
    unit = as_activation(activation)
    y_ = _nonzero_y(y)
    c_ = finite_array(c, "c")
    _broadcast_shape(y=y_, c=c_)
    y_, c_ = np.broadcast_arrays(y_, c_)
    scales = _logistic_scales(unit)
    if scales is None:
        w_star, value = general_max_gain(y_, c_, unit)
        over = ~np.isfinite(value)
        if np.any(over):
            k = tuple(int(i) for i in np.argwhere(over)[0])
            raise ValueError(
                f"the largest gain of {unit.name} exceeds the float range (about {_FLOAT_MAX:.4g}) at "
                f"index {k}: y = {float(y_[k])!r}, c = {float(c_[k])!r}, reached at w* = "
                f"{float(w_star[k])!r}"
            )
        return scalar_or_array(w_star), scalar_or_array(value)
    # f'(x) = K sigma'(s x): with n = wy + c the peak has |n| = m/s, (m + s|c|) tanh(m/2) = 1, and
    # the value K sigma'(m) (m/s + |c|)/|y|; s|c| is clipped below overflow (beyond 2^1000 the
    # offset m is below an ulp of |c| and sigma'(m) = 1/4 to rounding, whatever m is)
    big, s = scales
    a = np.abs(c_)
    with np.errstate(over="ignore"):
        m = _stationary_offset(np.minimum(s * a, 2.0**1000))
    top, e_top = np.frexp(m / s + a)
    bottom, e_bottom = np.frexp(y_)
    ratio, exponent = (
        top / bottom,
        e_top - e_bottom,
    )  # (m/s + a)/y = ratio 2**exponent, |ratio| in (1/2, 2)
    with np.errstate(over="ignore", under="ignore"):
        w_star = np.ldexp(np.where(c_ > 0, -ratio, ratio), exponent)
        value = np.ldexp(big * _sigma_prime(m) * np.abs(ratio), exponent)
    bad = ~np.isfinite(w_star)
    if np.any(bad):
        k = tuple(int(i) for i in np.argwhere(bad)[0])
        cause = (
            f"|c| = {a[k]:.3g} is too large for |y| = {abs(y_[k]):.3g}"
            if a[k] > 2.0
            else f"|y| = {abs(y_[k]):.3g} is too small"
        )
        raise ValueError(
            f"the maximiser w* = (m/{s:g} + |c|)/|y| (m < 2) of the gain of {unit.name} overflows the float "
            f"range at index {k} (y = {float(y_[k])!r}, c = {float(c_[k])!r}): {cause}; "
            f"({2.0 / s:g} + |c|)/|y| must be at most {_FLOAT_MAX:.4g}"
        )
    return scalar_or_array(w_star), scalar_or_array(value)


MAX_GRID_POINTS: Final = 10_000_000
"""The most grid points {py:func}`brute_force_max_gain` evaluates (80 MB of floats)."""


def brute_force_max_gain(y: float, c: float = 0.0, points: int = 200_001) -> tuple[float, float]:
    r"""The largest gain on a dense grid of weights: a slow, assumption-free check of {py:func}`max_gain`.

    The grid spans $|w| \le (2 + |c|)/|y|$, which holds every maximiser ($|w^\ast y| = m + |c|$ with
    $m < 2$), in steps of $h = 2(2 + |c|)/(\mathit{points} - 1)$ in the net input $n = wy + c$. The value
    returned is the {py:func}`gain` at the best grid weight. With $G$ the maximum over all real weights,
    it is at most $G$ plus the gain's rounding ($10^{-14}\,G$; $2^{-1073}$ where subnormal), and short of
    $G$ by at most

    $$\frac{(4 + |c|)\,h^2}{64\,|y|} + (2\cdot 10^{-14} + 2^{-50}|c|)\,G + 2^{-1072}.$$

    The first term is the grid's. On the half-line of a maximiser the gain is $\sigma'(n)\,|n - c|/|y|$,
    whose second derivative in $n$, $\pm(\sigma^{(3)}(n)\,(n - c) + 2\sigma''(n))/|y|$, is at most
    $(4 + |c|)/(8|y|)$ in size where $|n - c| \le 2 + |c|$, since $|\sigma^{(3)}| \le 1/8$ and
    $|\sigma''| \le 1/(6\sqrt 3) < 1/8$ (the margin covers the rounding of the grid weights); its first
    derivative vanishes at the peak, and a grid weight lies within $h/2$ of the peak in $n$. The second
    term is the rounding: the grid's gains are compared as plain float64 products, whose net inputs
    $wy + c$ are rounded by less than $2^{-52}(3 + 2|c|)$ (changing $\sigma'$ by as much relatively), and
    the gain returned carries $10^{-14}$. As $|c|$ grows the grid term tends to $h^2/16$ of $G$
    ($G \to |c|/(4|y|)$): a check for moderate $|c|$.

    :param y: the activation, a nonzero float.
    :param c: the rest of the net input.
    :param points: grid points, between 3 and {py:data}`MAX_GRID_POINTS`.
    :return: ``(w, value)`` at the best grid point.
    :raises ValueError: for ``y = 0``, non-finite input, a grid size out of range, or a grid reach
        $(2 + |c|)/|y|$ beyond the float range.
    :raises TypeError: for non-real ``y`` or ``c``, or a non-integer ``points``.

    ```pycon
    >>> w, value = brute_force_max_gain(1.0)
    >>> round(abs(w), 3), round(value, 6)
    (1.543, 0.223872)

    ```
    """
    y_ = float(_nonzero_y(finite_scalar(y, "y")))
    c_ = finite_scalar(c, "c")
    size = count(points, "points", minimum=3, maximum=MAX_GRID_POINTS)
    with np.errstate(over="ignore"):
        reach = np.float64(2.0 + abs(c_)) / abs(y_)
    if not reach <= _FLOAT_MAX / 2:
        raise ValueError(
            f"the grid reach (2 + |c|)/|y| must be at most {_FLOAT_MAX / 2:.4g}: y = {y_!r} is too "
            f"small for c = {c_!r}"
        )
    # the grid as fractions of the reach: no step overflows where the reach is near half the float range.
    # Its weights lie within 6 * 2^-53 reach (and half a subnormal unit) of the exact fractions, which moves
    # the net input nearest the peak by under 1e-8 of h/2 for points <= MAX_GRID_POINTS; the stated
    # 4 + |c| in place of 2 + |c| + 8/(3 sqrt 3) absorbs that for |c| up to 2e7, and beyond it the grid
    # term (4 + |c|) h^2/(64 |y|) exceeds the maximum itself
    w = np.linspace(-1.0, 1.0, size) * reach
    with np.errstate(over="ignore", under="ignore"):
        values = _sigma_prime(w * y_ + c_) * np.abs(w)
    best = float(w[int(np.argmax(values))])
    return best, float(gain(best, y_, c_))


GAIN_ARGMAX: Final[float] = float(_stationary_offset(np.zeros(1))[0])
"""$x^\\ast \\approx 1.5434$, the positive root of $x\\tanh(x/2) = 1$: for $c = 0$ the gain is largest at
$w = \\pm x^\\ast/y$."""

GAIN_CONSTANT: Final[float] = float(_sigma_prime(np.array([GAIN_ARGMAX]))[0] * GAIN_ARGMAX)
"""$K = x^\\ast\\sigma'(x^\\ast) = (x^{\\ast 2} - 1)/(4x^\\ast) \\approx 0.2239$: for $c = 0$ the largest gain is
$K/|y|$."""


def gain_tail(
    w: ArrayLike, y: ArrayLike, c: ArrayLike = 0.0, *, activation: str | Activation = LOGISTIC
) -> Any:
    """The large-$|w|$ asymptote of the gain, $|w|\\,e^{-|wy + c|}$ for the logistic.

    As $|w| \\to \\infty$ with $y \\ne 0$ the ratio of {py:func}`gain` to this tends to one: the gain decays
    exponentially while the weight grows only linearly. For another activation whose $|f'|$ vanishes like
    $A|x|^p e^{-k|x|}$ at each end (its ``slope_decay``: from the formula for tanh, $4e^{-2|x|}$, and the
    cell's $g$ and $h$, $4e^{-|x|}$ and $2e^{-|x|}$; from sympy's limits for
    {py:func}`lstmnotes.activations.symbolic_activation.from_sympy`, e.g. $x^{-2}$ for atan), it is
    $|w|\\,A\\,|wy + c|^p e^{-k|wy + c|}$ with the form of the net input's end ($+$ for a net of 0), formed
    from mantissas and powers of two. For every activation the relative error is below $10^{-14}$, and
    results in the subnormal range are within 2 units of $2^{-1074}$.

    :param w: the weight.
    :param y: the activation; the asymptote describes the gain only for $y \\ne 0$.
    :param c: the rest of the net input.
    :param activation: the unit's $f$ (a name or an {py:class}`lstmnotes.activations.Activation`), the
        logistic by default.
    :return: the asymptote, broadcast.
    :raises ValueError: if an argument holds NaN or infinity, or the shapes do not broadcast; for another
        activation, if its $f'$ does not vanish at both ends (affine units, rectifiers: their gain grows
        like $|w|$ and has no decay to describe), if the form of its decay is not known (callables), or
        if the asymptote exceeds the float range (a $p < 0$ at a net input near 0).
    :raises TypeError: if an argument is not real numbers, or ``activation`` is neither a name nor an
        activation.

    ```pycon
    >>> round(gain_tail(20.0, 1.0) / gain(20.0, 1.0), 6)
    1.0

    ```
    """
    unit = as_activation(activation)
    w_, y_, c_ = _three(w, y, c)
    if unit is not LOGISTIC:
        out = tail_asymptote(w_, y_, c_, unit)
        _refuse_overflow(out, w_, y_, c_, f"the asymptote of the gain of {unit.name}")
        return scalar_or_array(out)
    hi, lo = net_input(w_, y_, c_)
    return scalar_or_array(weighted_decay(np.abs(w_), hi, lo, None))


def _refuse_overflow(out: Array, w: Array, y: Array, c: Array, what: str) -> None:
    bad = ~np.isfinite(out)
    if np.any(bad):
        k = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{what} is not a finite float at index {k} (w = {float(w[k])!r}, y = {float(y[k])!r}, c = {float(c[k])!r}): it "
            f"exceeds the float range there (the largest float is about {_FLOAT_MAX:.4g})"
        )


def derivative_elasticity(
    w: ArrayLike, y: ArrayLike, c: ArrayLike = 0.0, *, activation: str | Activation = LOGISTIC
) -> Any:
    """How fast $\\sigma'(wy + c)$ falls as the weight grows, relative to the weight: $\\partial\\log\\sigma'/\\partial\\log|w|$.

    It equals $-wy\\tanh((wy + c)/2)$. The gain $\\sigma'|w|$ grows with $|w|$ where this exceeds $-1$ and
    shrinks where it is below $-1$: "the derivative falls faster than the weight grows" is the statement
    that it is below $-1$. For another activation it is $wy\\,f''(wy + c)/f'(wy + c)$, with the
    activation's ``slope_rate`` $f''/f'$ ($-2\\tanh$ for tanh, $-\\tanh(x/2)$ for the cell's $g$ and $h$);
    0 for an affine unit, whose $f'$ is constant.

    :param w: the weight.
    :param y: the activation.
    :param c: the rest of the net input.
    :param activation: the unit's $f$, the logistic by default.
    :return: the elasticity, broadcast, with a relative error below $10^{-14}$ where it is at least
        $2^{-1022}$ (smaller results are subnormal or zero, rounded as float64 arithmetic rounds them);
        for another activation $wy$ times its ``slope_rate``, as accurate as that rate at the net input.
    :raises ValueError: if an argument holds NaN or infinity, the shapes do not broadcast, or the
        elasticity exceeds the float range (where $|wy|$ does); for another activation, if it is piecewise
        linear (log f' is not differentiable at the kink, and $-\\infty$ where a rectifier is off), if the
        net input exceeds the float range, or if its $f''/f'$ is not a finite float there (callables
        that divide two underflowed values).
    :raises TypeError: if an argument is not real numbers, or ``activation`` is neither a name nor an
        activation.

    ```pycon
    >>> round(derivative_elasticity(GAIN_ARGMAX, 1.0), 12)
    -1.0

    ```
    """
    unit = as_activation(activation)
    w_, y_, c_ = _three(w, y, c)
    if unit is not LOGISTIC:
        out = elasticity(w_, y_, c_, unit)
        _refuse_overflow(out, w_, y_, c_, f"the elasticity wy f''/f'(wy + c) of {unit.name}")
        return scalar_or_array(out)
    hi, _ = net_input(w_, y_, c_)
    with np.errstate(over="ignore", under="ignore"):
        # tanh(net/2) = net/2 where |net| < 1e-300; w y times either is rounded once (never w y first)
        tiny = np.abs(hi) < 1e-300
        out = -scaled_product(w_, y_, np.where(tiny, hi, np.tanh(0.5 * hi)), np.where(tiny, -1, 0))
    bad = ~np.isfinite(out)
    if np.any(bad):
        k = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"the elasticity -wy tanh((wy + c)/2) exceeds the float range at index {k}: |w y| must be "
            f"at most {_FLOAT_MAX:.4g}, got w = {w_[k]!r}, y = {y_[k]!r}"
        )
    return scalar_or_array(out)
