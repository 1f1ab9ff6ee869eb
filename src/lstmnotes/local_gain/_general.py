r"""The local gain $|f'(wy + c)\,w|$ for any activation $f$ (private numerics on validated arrays).

On each half-line of weights $w = s\,r$ ($s = \pm 1$, $r > 0$) the log-gain $\log r + \log f'(rsy + c)$ has
the derivative $\bigl(1 + r\,sy\,\psi(\mathit{net})\bigr)/r$ with $\psi = f''/f'$ (the activation's
``slope_rate``). Where $\log f'$ is concave, as for the logistic, tanh and the memory cell's $g$ and $h$,
$1 + r\,sy\,\psi$ falls strictly in $r$: the gain rises to one peak and then falls. The peak is found by
bisecting the bit patterns of the floats $r$ (at most 63 halvings, whatever the magnitudes) after a
doubling search for an $r$ past it; a half-line on which the gain still rises at the largest float has no
maximum (the gain is unbounded or approaches its supremum only as $|w| \to \infty$). For an activation whose
$\log f'$ is not known to be concave the peak is checked against the gain on a grid along the half-line,
and refused if the grid finds a larger gain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes.activations import Activation
from lstmnotes.local_gain._extended import net_input

Array = NDArray[np.float64]

LOG_CONCAVE: Final = frozenset({"logistic", "tanh", "cell_g", "cell_h"})
"""The families whose $\\log f'$ is concave ($\\log\\operatorname{sech}^2$ and $\\log\\sigma'$ are): one peak a
half-line, no grid check needed."""

_FLOAT_MAX: Final = float(np.finfo(np.float64).max)
_TINIEST: Final = 5e-324
_BISECTIONS: Final = 64
_DOUBLINGS: Final = 2200  # from the smallest subnormal past the largest float
_GRID: Final = 2001
_CHUNK: Final = 2048  # elements a grid check holds at once: 2048 x 2001 floats, 33 MB


class NoMaximum(ValueError):
    """The gain has no maximum over the weights; the message says why."""


def slope_at(unit: Activation, hi: Array, lo: Array) -> Array:
    """$f'(\\mathit{hi} + \\mathit{lo})$ to first order in the tiny ``lo``; the limits of $f'$ at infinite ``hi``."""
    finite = np.isfinite(hi)
    x = np.where(finite, hi, 0.0)
    with np.errstate(all="ignore"):
        slope = np.broadcast_to(unit.fprime(x), x.shape).astype(np.float64)
        if unit.fsecond is not None:
            slope = slope + np.broadcast_to(unit.fsecond(x), x.shape) * lo
    tails = np.where(hi > 0, unit.tail_slopes[1], unit.tail_slopes[0])
    return np.where(finite, slope, tails)


def general_gain(w: Array, y: Array, c: Array, unit: Activation) -> Array:
    """$|f'(wy + c)\\,w|$, the net input free of cancellation, for broadcast float arrays."""
    hi, lo = net_input(w, y, c)
    with np.errstate(over="ignore", under="ignore"):
        out: Array = np.abs(w) * np.abs(slope_at(unit, hi, lo))
    return out


def _bisect(f: Callable[[Array], Array], lo: Array, hi: Array) -> Array:
    """The smallest float in ``[lo, hi]`` where the increasing ``f`` is >= 0 (``hi`` if none), elementwise."""
    low, high = lo.view(np.int64).copy(), hi.view(np.int64).copy()
    for _ in range(_BISECTIONS):
        mid = low + (high - low) // 2
        up = f(mid.view(np.float64)) >= 0
        low, high = np.where(up, low, mid), np.where(up, mid, high)
    return high.view(np.float64)


def _half_line_peak(a: Array, c: Array, unit: Activation) -> tuple[Array, NDArray[np.bool_]]:
    """The best $r > 0$ for $w = r$ against the activation ``a`` ($= sy$), and whether a peak exists."""
    rate = unit.slope_rate
    assert rate is not None  # the caller checked it

    def falling(r: Array) -> Array:
        # minus (1 + r a psi(ra + c)): increasing in r, >= 0 past the peak
        hi, _ = net_input(r, a, c)
        with np.errstate(all="ignore"):
            psi = np.where(np.isfinite(hi), rate(np.where(np.isfinite(hi), hi, 0.0)), 0.0)
            out: Array = np.nan_to_num(-(1.0 + r * a * psi), nan=0.0, neginf=-1.0, posinf=1.0)
        return out

    with np.errstate(over="ignore"):
        top = np.minimum((1.0 + np.abs(c)) / np.abs(a), _FLOAT_MAX)
    for _ in range(_DOUBLINGS):
        rising = (falling(top) < 0) & (top < _FLOAT_MAX)
        if not np.any(rising):
            break
        with np.errstate(over="ignore"):
            top = np.where(rising, np.minimum(2.0 * top, _FLOAT_MAX), top)
    exists: NDArray[np.bool_] = np.asarray(falling(top) >= 0)
    peak = _bisect(falling, np.full(a.shape, _TINIEST), top)
    before = np.maximum(np.nextafter(peak, 0.0), _TINIEST)
    better = general_gain(before, a, c, unit) > general_gain(peak, a, c, unit)
    return np.where(better, before, peak), exists


def _grid_check(r: Array, a: Array, c: Array, unit: Activation, value: Array) -> None:
    """Refuse a peak that a log-spaced grid of weights along the half-line beats (in chunks of elements)."""
    scale = np.geomspace(1e-6, 1e6, _GRID)
    flat = [np.ravel(x) for x in (r, a, c, value)]
    for start in range(0, flat[0].size, _CHUNK):
        r_, a_, c_, v_ = (x[start : start + _CHUNK, None] for x in flat)
        with np.errstate(over="ignore"):
            grid = np.minimum(r_ * scale, _FLOAT_MAX)
        beaten = general_gain(grid, a_, c_, unit).max(axis=-1) > v_[:, 0] * (1 + 1e-12)
        if np.any(beaten):
            k = start + int(np.argmax(beaten))
            raise ValueError(
                f"the gain of {unit.name} has more than one peak along a half-line of weights (at flat "
                f"index {k}, |w| = {flat[0][k]:.6g} is a stationary point but a grid finds a larger "
                "gain): log f' is not concave, and the single-peak search does not apply"
            )


def general_max_gain(y: Array, c: Array, unit: Activation) -> tuple[Array, Array]:
    """``(w_star, value)`` for broadcast arrays of nonzero ``y`` and any ``c``: the larger peak of the two
    half-lines (on a tie the one with $w^\\ast y > 0$).

    :raises NoMaximum: where a half-line has no peak, naming the reason.
    """
    if unit.slope_rate is None or unit.fsecond is None:
        tails = unit.tail_slopes
        if tails != (0.0, 0.0):
            raise NoMaximum(
                f"the gain |f'(wy + c) w| of {unit.name} has no maximum: it is "
                f"{'linear' if unit.smooth else 'piecewise linear'} and f' "
                f"tends to {tails[0]!r} as net -> -inf and {tails[1]!r} as net -> +inf, so along a "
                "half-line of weights the gain grows without bound like |f'| |w|; its supremum is "
                "infinite and not reached"
            )
        raise ValueError(
            f"{unit.name} has no second derivative and its slopes vanish at both ends: the gain's "
            "stationarity does not apply"
        )
    found = []
    for s in (1.0, -1.0):
        a = s * y
        r, exists = _half_line_peak(a, c, unit)
        if not np.all(exists):
            k = tuple(int(i) for i in np.argwhere(~exists)[0])
            raise NoMaximum(
                f"the gain |f'(wy + c) w| of {unit.name} has no maximum (at index {k}, y = {y[k]!r}, "
                f"c = {c[k]!r}): it still rises at |w| = {_FLOAT_MAX:.4g}, as f' does not decay faster "
                "than 1/|net| along that half-line; its supremum is approached only as |w| -> inf"
            )
        value = general_gain(r, a, c, unit)
        if unit.family not in LOG_CONCAVE:
            _grid_check(r, a, c, unit, value)
        found.append((s * r, value))
    (w_plus, v_plus), (w_minus, v_minus) = found
    # a tie, exact or (c = 0 with an even f') up to rounding: the maximiser with w* y > 0
    tie = (v_minus == v_plus) | ((c == 0) & unit.even_slope)
    minus = np.where(tie, y < 0, v_minus > v_plus)
    return np.where(minus, w_minus, w_plus), np.where(minus, v_minus, v_plus)
