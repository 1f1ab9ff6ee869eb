r"""Where the gain of any activation reaches a level (private numerics on validated arrays): the smallest
weight that reaches it, for any offset.

The logistic's search carries over wherever the gain has one peak along each half-line of weights for
every offset $c$: that holds where $1/|f'|$ is convex (the activation's ``reciprocal_slope_convex``), since
$r\,|f'(ra + c)| \ge g$ exactly when $g/|f'(ra + c)| - r \le 0$, a sublevel set of a convex function of $r$.
The peak is bisected on the sign of the log-gain's derivative, $1 + ra\,f''/f'(ra + c)$, the rising part on
the gain itself; both bisect the bit patterns of the floats, so each ends on neighbouring floats.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes.activations import Activation
from lstmnotes.local_gain._general import _bisect, _half_line_peak, general_gain

Array = NDArray[np.float64]

_FLOAT_MAX: Final = float(np.finfo(np.float64).max)
_TINIEST: Final = 5e-324
_EPS: Final = float(np.finfo(np.float64).eps)


def general_threshold(y: Array, c: Array, level: float, unit: Activation) -> Array:
    """The smallest float $|w|$ whose gain reaches ``level``, ``inf`` where none does, for broadcast
    arrays of nonzero ``y`` and any ``c``.

    :raises ValueError: for a piecewise-linear unit, or one whose $1/|f'|$ is not known to be convex.
    """
    if unit.fsecond is None:
        raise ValueError(
            f"gain_threshold follows a gain that rises to one peak along each half-line of weights, and "
            f"{unit.name} is {unit.smoothness}: its gain jumps where the net input crosses the kink (for a "
            "leak between 0 and 1 the weights that reach a level can form two pieces), which that "
            "search does not follow"
        )
    ones, zeros = np.ones_like(y), np.zeros_like(y)
    if unit.family == "affine":  # the gain |a| |w| depends on neither y nor c, and only grows

        def linear(r: Array) -> Array:
            out: Array = general_gain(r, ones, zeros, unit) - level
            return out

        top = np.full_like(y, _FLOAT_MAX)
        return np.where(linear(top) >= 0, _bisect(linear, np.full_like(y, _TINIEST), top), np.inf)
    if not unit.reciprocal_slope_convex:
        raise ValueError(
            f"gain_threshold needs a gain that rises to one peak along each half-line of weights for "
            f"every c, as it does where 1/|f'| is convex; for {unit.name} that is not known (callables "
            "do not tell it, and for an expression sympy did not prove it): the weights that reach a "
            "level may form several pieces"
        )
    best = np.full(y.shape, np.inf)
    start = np.full(
        y.shape, max(min(level / unit.slope_max * (1 - 4 * _EPS), _FLOAT_MAX), _TINIEST)
    )
    for s in (1.0, -1.0):
        a = s * y

        def rise(r: Array, a: Array = a) -> Array:
            out: Array = general_gain(r, a, c, unit) - level
            return out

        # where no peak lies below the largest float the gain rises up to it: peak is that float
        peak, _ = _half_line_peak(a, c, unit, np.full(a.shape, _FLOAT_MAX))
        reaches = rise(peak) >= 0
        low = np.minimum(start, peak)  # |f'| <= slope_max: no smaller weight reaches the level
        first = np.where(rise(low) >= 0, low, _bisect(rise, low, peak))
        best = np.minimum(best, np.where(reaches, first, np.inf))
    return best


def general_slope_on_contour(x: Array, unit: Activation) -> Array:
    """$|f'(x)|$ for the contour's $x \\ge 0$, refused where it is not a normal float."""
    with np.errstate(all="ignore"):
        slope = np.abs(np.broadcast_to(unit.fprime(x), x.shape)).astype(np.float64)
    bad = ~(slope >= np.finfo(np.float64).tiny)
    if np.any(bad):
        k = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"x = {float(x[k])!r} gives |f'(x)| = {float(slope[k])!r} for {unit.name}, not a normal float: "
            "on the contour w = level/|f'(x)|, which there is infinite (no weight reaches the level) or "
            "has lost its digits (x too large for this activation)"
        )
    return slope
