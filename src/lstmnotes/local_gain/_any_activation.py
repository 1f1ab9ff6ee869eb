r"""The local gain's constants for any activation, its supremum where it has no maximum, and the interval
where it exceeds a level.

For the logistic the paper's numbers are {py:data}`~lstmnotes.local_gain.GAIN_ARGMAX` $x^\ast$,
{py:data}`~lstmnotes.local_gain.GAIN_CONSTANT` $K$ and the threshold 4.0. For an activation $f$ with
$\sup|f'|$ reached, the same questions have the answers {py:func}`gain_argmax` (where $|x f'(x)|$ is
largest: for $c = 0$ the gain $|f'(wy)\,w|$ is largest at $w = x^\ast/y$), {py:func}`gain_constant`
($K = |x^\ast f'(x^\ast)|$, the largest gain $K/|y|$) and {py:func}`weight_threshold` ($1/\sup|f'|$: below it
every factor $|f'(\mathit{net})\,w|$ is below one). {py:func}`gain_supremum` answers for every activation,
the piecewise-linear ones included, whose gain has no maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_scalar, scalar_or_array
from lstmnotes.activations import LOGISTIC, Activation, as_activation
from lstmnotes.local_gain._general import (
    NoMaximum,
    _bisect,
    general_gain,
)
from lstmnotes.local_gain._levels import gain_interval as _logistic_interval
from lstmnotes.local_gain._unit import (
    _FLOAT_MAX,
    GAIN_ARGMAX,
    GAIN_CONSTANT,
    _nonzero_y,
    max_gain,
)

__all__ = [
    "GainSupremum",
    "gain_argmax",
    "gain_constant",
    "gain_interval",
    "gain_supremum",
    "weight_threshold",
]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class GainSupremum:
    """$\\sup_w |f'(wy + c)\\,w|$ for one $(y, c)$, from {py:func}`gain_supremum`."""

    value: float
    """The supremum; ``inf`` where the gain grows without bound."""
    weight: float | None
    """A weight where it is reached, ``None`` where it is not."""
    attained: bool
    """Whether some weight reaches it (a maximum)."""
    reason: str
    """Why there is or is not a maximum, in a sentence."""


def gain_supremum(
    y: float, c: float = 0.0, *, activation: str | Activation = LOGISTIC
) -> GainSupremum:
    """The supremum of the gain over all weights, for any activation, and whether a weight reaches it.

    Where the gain has a maximum this is {py:func}`lstmnotes.local_gain.max_gain`'s. An affine unit or a
    rectifier has none: along a half-line of weights on which $f'$ tends to a nonzero slope the gain grows
    like that slope times $|w|$, so the supremum is infinite and not reached.

    :param y: the activation multiplying the weight, one nonzero finite real.
    :param c: the rest of the net input, one finite real.
    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation.
    :return: the supremum, the weight (or ``None``), whether it is reached, and why.
    :raises TypeError: for non-real ``y`` or ``c``, or an ``activation`` that is neither a name nor an
        activation.
    :raises ValueError: for $y = 0$ or non-finite input, an unknown name, or an activation without a
        second derivative whose slopes vanish at both ends (outside what this analyses).

    ```pycon
    >>> gain_supremum(1.0, activation="relu").value, gain_supremum(1.0, activation="relu").attained
    (inf, False)
    >>> round(gain_supremum(1.0, activation="tanh").value, 12)
    0.447743204694

    ```
    """
    unit = as_activation(activation)
    y_ = float(_nonzero_y(finite_scalar(y, "y")))
    c_ = finite_scalar(c, "c")
    try:
        w_star, value = max_gain(y_, c_, activation=unit)
    except NoMaximum as err:
        return GainSupremum(float(err.supremum), None, False, str(err))
    return GainSupremum(
        float(value),
        float(w_star),
        True,
        f"the gain of {unit.name} peaks above its limits as |w| grows without bound, so a weight reaches it",
    )


def gain_argmax(activation: str | Activation = LOGISTIC) -> float:
    """$x^\\ast > 0$, where $|x f'(x)|$ is largest: for $c = 0$ the gain is largest at $w = x^\\ast/y$.

    For the logistic it is {py:data}`lstmnotes.local_gain.GAIN_ARGMAX` ($x\\tanh(x/2) = 1$), for tanh the
    root of $2x\\tanh x = 1$; a scaled logistic shares the logistic's.

    :param activation: a name or an activation whose $f'$ is even (so that $\\pm x^\\ast$ tie).
    :return: $x^\\ast$, with a relative error below $10^{-14}$ from the positive root of
        $1 + x f''(x)/f'(x) = 0$.
    :raises TypeError: for an ``activation`` that is neither a name nor an activation.
    :raises ValueError: for an unknown name, an activation whose $f'$ is not even, or one whose gain has no
        maximum (affine units, rectifiers), naming why; also where the peak $K$ or $f'(x^\\ast)$ is below
        $2^{-1022}$ (the gain's values are subnormal there, too coarse to place $x^\\ast$).

    ```pycon
    >>> round(gain_argmax("tanh"), 12)
    0.771702319209

    ```
    """
    unit = _even(activation, "gain_argmax")
    if unit is LOGISTIC:
        return GAIN_ARGMAX
    x_star, peak = (float(v) for v in max_gain(1.0, 0.0, activation=unit))
    if min(peak, peak / x_star) < _TINY:
        raise ValueError(
            f"the gain |x f'(x)| of {unit.name} peaks at {peak:.3g}, where f' is {peak / x_star:.3g}, "
            "below 2^-1022: its subnormal values carry too few digits to place the maximiser to 1e-14"
        )
    return x_star


def gain_constant(activation: str | Activation = LOGISTIC) -> float:
    """$K = |x^\\ast f'(x^\\ast)|$: for $c = 0$ the largest gain is $K/|y|$.

    :param activation: as {py:func}`gain_argmax`.
    :return: $K$, with a relative error below $10^{-14}$ where $K$ and $f'(x^\\ast)$ are normal floats,
        else within $8\\max(x^\\ast, 1)\\,2^{-1074}$ (as {py:func}`max_gain`'s value at $y = 1$, $c = 0$).
    :raises TypeError: as {py:func}`gain_argmax`.
    :raises ValueError: as {py:func}`gain_argmax`, but for the size of $K$: a subnormal peak is returned;
        where $f'(x^\\ast)$ is subnormal, also as {py:func}`max_gain` refuses a gain whose grid finds a
        larger value than the peak (values on the grid of $2^{-1074}$ can look many-peaked).

    ```pycon
    >>> gain_constant() == GAIN_CONSTANT, round(gain_constant("cell_h"), 12)
    (True, 0.447743204694)

    ```
    """
    unit = _even(activation, "gain_constant")
    if unit is LOGISTIC:
        return GAIN_CONSTANT
    return float(max_gain(1.0, 0.0, activation=unit)[1])


def weight_threshold(activation: str | Activation = LOGISTIC) -> float:
    """$1/\\sup|f'|$, the paper's 4.0 for the logistic: every $|w|$ below it gives $|f'(\\mathit{net})\\,w| < 1$.

    :param activation: a name or an activation.
    :return: the threshold, rounded once.
    :raises TypeError: for an ``activation`` that is neither a name nor an activation.
    :raises ValueError: for an unknown name, or a $\\sup|f'|$ of at most $2^{-1024}$, whose reciprocal is beyond
        float64 (every finite weight then gives a factor below one).

    ```pycon
    >>> weight_threshold(), weight_threshold("tanh"), weight_threshold("cell_h")
    (4.0, 1.0, 2.0)

    ```
    """
    return as_activation(activation).threshold


def _even(activation: str | Activation, what: str) -> Activation:
    unit = as_activation(activation)
    if not unit.even_slope:
        raise ValueError(
            f"{what} needs an activation whose f' is even (f'(-x) = f'(x), as its even_slope says), and "
            f"{unit.name}'s is not known to be; use max_gain for each sign of y"
        )
    return unit


_LEVEL_DOUBLINGS: Final = 2200
_TINY: Final = float(np.finfo(np.float64).tiny)  # 2^-1022, the smallest normal float64


def gain_interval(
    y: ArrayLike, level: float = 1.0, *, activation: str | Activation = LOGISTIC
) -> tuple[Any, Any]:
    """The weights whose gain exceeds ``level`` (for $c = 0$): the gain exceeds it exactly when inner $< |w| <$ outer.

    For the logistic this is the Newton solver of the logistic's local-gain chapter, unchanged. For
    another activation with an even $f'$ and a convex $1/|f'|$ (its ``reciprocal_slope_convex``: tanh,
    the cell's $g$ and $h$, or an activation of
    {py:func}`lstmnotes.activations.symbolic_activation.from_sympy` for which sympy proves it; then
    $|x f'(x)|$ rises to one peak at $x^\\ast$ = {py:func}`gain_argmax` and falls after), the ends are $x_1/|y|$ and $x_2/|y|$ with
    $x_1 < x^\\ast < x_2$ the roots of $x f'(x) = g|y|$, each found by bisecting the floats. Where
    $g|y| \\ge K$ ({py:func}`gain_constant`) both ends are $x^\\ast/|y|$: an empty open interval.

    :param y: the activation; nonzero.
    :param level: the gain $g > 0$ to exceed.
    :param activation: a name or an activation (the logistic by default).
    :return: ``(inner, outer)``; floats for scalar ``y``.
    :raises TypeError: for non-real ``y`` or ``level``, or a bad ``activation``.
    :raises ValueError: for $y = 0$, non-finite input, a level that is not positive, an end beyond the
        float range, an activation whose $f'$ is not even or whose gain has no maximum, or one whose
        $1/|f'|$ is not known to be convex (a user's callables, or an expression for which sympy does
        not prove it: its level set may have more pieces).

    ```pycon
    >>> inner, outer = gain_interval(0.1, activation="tanh")
    >>> bool(1 < inner < 10 < outer)
    True

    ```
    """
    unit = _even(activation, "gain_interval")
    if unit is LOGISTIC:
        return _logistic_interval(y, level)
    if not unit.reciprocal_slope_convex:
        raise ValueError(
            f"gain_interval needs a gain |x f'(x)|/|y| that rises to one peak and falls, as it does where "
            f"1/|f'| is convex; for {unit.name} that is not known (callables do not tell it, and for an "
            "expression sympy did not prove it), so the level set of the gain may have more than two ends"
        )
    s = np.abs(_nonzero_y(y))
    g = finite_scalar(level, "level")
    if g <= 0:
        raise ValueError(f"level must be positive, got {g}")
    star, peak = gain_argmax(unit), gain_constant(unit)
    with np.errstate(over="ignore", under="ignore"):
        target = s * g
    ones = np.ones_like(s)

    def excess(x: Array) -> Array:  # x f'(x) - g|y|, for x > 0
        out: Array = general_gain(x, ones, np.zeros_like(x), unit) - target
        return out

    top = np.full_like(s, 2.0 * star)
    for _ in range(_LEVEL_DOUBLINGS):
        high = (excess(top) > 0) & (top < _FLOAT_MAX)
        if not np.any(high):
            break
        with np.errstate(over="ignore"):
            top = np.where(high, np.minimum(2.0 * top, _FLOAT_MAX), top)
    below = target < peak
    inner = _bisect(excess, np.full_like(s, 5e-324), np.full_like(s, star))
    outer = _bisect(lambda x: -excess(x), np.full_like(s, star), top)
    with np.errstate(over="ignore", under="ignore"):
        inner = np.where(below, inner, star) / s
        outer = np.where(below, outer, star) / s
    if not (np.all(np.isfinite(inner)) and np.all(np.isfinite(outer))):
        raise ValueError(f"y is too small for level = {g!r}: an end exceeds the float range")
    return scalar_or_array(inner), scalar_or_array(outer)
