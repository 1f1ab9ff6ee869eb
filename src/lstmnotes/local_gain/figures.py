r"""Figures of the local gain $|\sigma'(wy + c)\,w|$, drawn on an axes the caller provides.

Each ``plot_*`` function takes an ``ax``, draws on it with the book's colours
({py:data}`lstmnotes.plots.COLORS`) and returns what it drew as a dict of artists, so that tests can inspect
the figure without comparing pixels. The numbers come from {py:mod}`lstmnotes.local_gain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from matplotlib.axes import Axes

from lstmnotes._validate import count, finite_array, finite_scalar, real_array
from lstmnotes.local_gain._in_net import Pairing, pair_sweep
from lstmnotes.local_gain._levels import gain_contour
from lstmnotes.local_gain._unit import (
    GAIN_ARGMAX,
    GAIN_CONSTANT,
    gain,
    gain_tail,
    max_gain,
)
from lstmnotes.plots import COLORS

__all__ = [
    "MAX_CURVE_POINTS",
    "MAX_PLANE_POINTS",
    "MAX_RANGE",
    "plot_gain_curves",
    "plot_gain_plane",
    "plot_gain_tail",
    "plot_pair_sweep",
    "plot_path_decay",
]

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"])


MAX_RANGE: Final = 1e6
"""The largest ``w_max`` or ``y_max`` a figure of this module spans."""
MAX_CURVE_POINTS: Final = 100_000
"""The most sample points of a curve."""
MAX_PLANE_POINTS: Final = 1001
"""The most sample points per axis of the gain plane (memory grows as their square)."""


def _check_range(value: float, name: str) -> float:
    number = finite_scalar(value, name)
    if not 0 < number <= MAX_RANGE:
        raise ValueError(f"{name} must lie in (0, {MAX_RANGE:g}], got {number}")
    return number


def _check_points(points: int, maximum: int) -> int:
    return count(points, "points", minimum=3, maximum=maximum)


def _check_ys(ys: Sequence[float]) -> list[float]:
    values = [float(y) for y in finite_array(ys, "ys", ndim=1)]
    if not 1 <= len(values) <= len(_CYCLE):
        raise ValueError(f"ys must hold 1 to {len(_CYCLE)} values, got {len(values)}")
    if any(not np.isfinite(y) or y == 0 for y in values):
        raise ValueError(f"ys must be finite and nonzero, got {values}")
    return values


def plot_gain_curves(
    ax: Axes,
    ys: Sequence[float] = (0.1, 0.3, 1.0),
    *,
    c: float = 0.0,
    w_max: float = 40.0,
    points: int = 2001,
) -> dict[str, Any]:
    r"""Draw the gain against $w$ for a few activations $y$, marking each maximiser $w^\ast$.

    Guides: the level one and the lines $|w| = 4$, inside which the gain stays below one.

    :param ax: the axes to draw on.
    :param ys: one to three nonzero activations.
    :param c: the rest of the net input.
    :param w_max: at most {py:data}`MAX_RANGE`; the plot spans $[-w_{max}, w_{max}]$.
    :param points: number of sample points, 3 to {py:data}`MAX_CURVE_POINTS`.
    :return: ``{"curves": [Line2D, ...], "maximisers": [Line2D, ...], "level": Line2D,
        "bounds": [Line2D, Line2D]}``.
    :raises TypeError: for an argument that is not a real number (or, for ``points``, an integer), naming it.
    :raises ValueError: for bad ``ys``, ``w_max`` or ``points`` outside their limits.
    """
    values = _check_ys(ys)
    w_max = _check_range(w_max, "w_max")
    points = _check_points(points, MAX_CURVE_POINTS)
    c = finite_scalar(c, "c")
    w = np.linspace(-w_max, w_max, points)
    curves, maximisers = [], []
    for y, color in zip(values, _CYCLE, strict=False):
        (line,) = ax.plot(w, gain(w, y, c), color=color, label=f"$y = {y:g}$")
        w_star, top = max_gain(y, c)
        if c == 0:  # both maximisers tie
            (mark,) = ax.plot([-w_star, w_star], [top, top], "o", color=color, ms=5)
        else:
            (mark,) = ax.plot([w_star], [top], "o", color=color, ms=5)
        curves.append(line)
        maximisers.append(mark)
    level = ax.axhline(1.0, color=COLORS["guide"], lw=0.8, ls="--", label="gain $= 1$")
    bounds = [ax.axvline(s * 4.0, color=COLORS["guide"], lw=0.8, ls=":") for s in (-1, 1)]
    bounds[0].set_label("$|w| = 4$")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(r"$|\sigma'(wy + c)\,w|$")
    ax.set_xlim(-w_max, w_max)
    ax.set_ylim(0.0, None)
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    return {"curves": curves, "maximisers": maximisers, "level": level, "bounds": bounds}


def plot_gain_plane(
    ax: Axes,
    *,
    w_max: float = 40.0,
    y_max: float = 0.5,
    points: int = 301,
) -> dict[str, Any]:
    r"""Draw the gain over the $(w, y)$ plane for $c = 0$, with its level one, $|w| = 4$ and the maximisers.

    The shading is $\log_{10}$ of the gain; the level-one curve is drawn exactly from its parametrisation
    ({py:func}`lstmnotes.local_gain.gain_contour`), the maximisers are $w = \pm x^\ast/y$. The gain is even in
    $w$ for $c = 0$, so the picture is symmetric.

    :param ax: the axes to draw on.
    :param w_max: at most {py:data}`MAX_RANGE`; the plot spans $[-w_{max}, w_{max}]$ in $w$.
    :param y_max: at most {py:data}`MAX_RANGE`; and $(0, y_{max}]$ in $y$.
    :param points: grid points per axis, 3 to {py:data}`MAX_PLANE_POINTS`.
    :return: ``{"shading": QuadMesh, "colorbar": Colorbar, "level": [Line2D, Line2D],
        "bounds": [Line2D, Line2D], "maximisers": [Line2D, Line2D], "peak": Line2D}``.
    :raises TypeError: for an argument that is not a real number (or, for ``points``, an integer), naming it.
    :raises ValueError: for ranges or ``points`` outside their limits.
    """
    w_max = _check_range(w_max, "w_max")
    y_max = _check_range(y_max, "y_max")
    points = _check_points(points, MAX_PLANE_POINTS)
    w = np.linspace(-w_max, w_max, points)
    y = np.linspace(y_max / points, y_max, points)
    values = gain(w[None, :], y[:, None])
    shading = ax.pcolormesh(
        w, y, np.log10(np.maximum(values, 1e-300)), cmap="Blues", vmin=-3, vmax=1, shading="auto"
    )
    x = np.linspace(0.0, 60.0, 3001)
    w_level, y_level = gain_contour(x)
    keep = (w_level <= w_max) & (y_level <= y_max)
    level = [
        ax.plot(s * w_level[keep], y_level[keep], color=COLORS["second"], lw=1.5)[0]
        for s in (1, -1)
    ]
    level[0].set_label("gain $= 1$")
    bounds = [ax.axvline(s * 4.0, color="black", lw=1.2, ls=":") for s in (1, -1)]
    bounds[0].set_label("$|w| = 4$")
    y_star = np.linspace(GAIN_ARGMAX / w_max, y_max, 400)
    maximisers = [
        ax.plot(s * GAIN_ARGMAX / y_star, y_star, color=COLORS["third"], lw=1.2, ls="--")[0]
        for s in (1, -1)
    ]
    maximisers[0].set_label(r"maximiser $w = \pm x^{*} / y$")
    (peak,) = ax.plot(
        [GAIN_ARGMAX / GAIN_CONSTANT], [GAIN_CONSTANT], "o", color=COLORS["second"], ms=5
    )
    peak.set_label(r"$y = K$: the last $y$ with gain $\geq 1$")
    colorbar = ax.figure.colorbar(shading, ax=ax, label=r"$\log_{10}$ gain", extend="both")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("activation $y$")
    ax.set_xlim(-w_max, w_max)
    ax.set_ylim(0.0, y_max)
    ax.grid(False)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False, fontsize="small"
    )
    return {
        "shading": shading,
        "colorbar": colorbar,
        "level": level,
        "bounds": bounds,
        "maximisers": maximisers,
        "peak": peak,
    }


def plot_gain_tail(
    ax: Axes,
    ys: Sequence[float] = (0.25, 0.5, 1.0),
    *,
    c: float = 0.0,
    w_max: float = 60.0,
    points: int = 1201,
) -> dict[str, Any]:
    r"""Draw the gain for $w > 0$ on a log scale with its asymptote $|w|\,e^{-|wy + c|}$.

    The axis is $\log_{10}$: there the asymptote is nearly a straight line of slope $-|y|\log_{10}e$ per
    unit of $w$ (its natural logarithm falls by $|y|$; the slowly varying $\log_{10}w$ bends it a little):
    exponential decay beats the linear growth of $w$. The slope of $\log_{10}$ of the drawn gain over the
    right half of the plot is measured and returned beside that prediction.

    :param ax: the axes to draw on.
    :param ys: one to three nonzero activations.
    :param c: the rest of the net input.
    :param w_max: at most {py:data}`MAX_RANGE`; the plot spans $(0, w_{max}]$.
    :param points: number of sample points, 3 to {py:data}`MAX_CURVE_POINTS`.
    :return: ``{"curves": [Line2D, ...], "asymptotes": [Line2D, ...], "slopes": [float, ...],
        "predicted": [float, ...]}``: the measured slopes of $\log_{10}$ gain per unit of $w$ on the right
        half, and $-|y|\log_{10}e$.
    :raises TypeError: for an argument that is not a real number (or, for ``points``, an integer), naming it.
    :raises ValueError: for bad ``ys``, ``w_max`` or ``points`` outside their limits.
    """
    values = _check_ys(ys)
    w_max = _check_range(w_max, "w_max")
    points = _check_points(points, MAX_CURVE_POINTS)
    c = finite_scalar(c, "c")
    w = np.linspace(w_max / points, w_max, points)
    curves, asymptotes, slopes = [], [], []
    right = w >= w_max / 2
    for y, color in zip(values, _CYCLE, strict=False):
        drawn = gain(w, y, c)
        slopes.append(float(np.polyfit(w[right], np.log10(drawn[right]), 1)[0]))
        (line,) = ax.semilogy(w, drawn, color=color, label=f"$y = {y:g}$")
        (tail,) = ax.semilogy(w, gain_tail(w, y, c), color=color, lw=0.8, ls="--")
        curves.append(line)
        asymptotes.append(tail)
    asymptotes[0].set_label(r"$|w|\,e^{-|wy + c|}$")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(r"$|\sigma'(wy + c)\,w|$ (log scale)")
    ax.set_xlim(0.0, w_max)
    ax.legend(handles=[*curves, asymptotes[0]], loc="upper right", frameon=False, fontsize="small")
    predicted = [-abs(y) * float(np.log10(np.e)) for y in values]
    return {"curves": curves, "asymptotes": asymptotes, "slopes": slopes, "predicted": predicted}


def plot_pair_sweep(
    ax: Axes,
    regrouped: Pairing,
    corrected: Pairing,
    *,
    k_regrouped: int = 0,
    k_corrected: int = 0,
    w_max: float = 40.0,
    points: int = 801,
) -> dict[str, Any]:
    r"""Draw two pairs of one path as their weight is varied with the rest of the state held fixed.

    The regrouped pair's weight feeds its slope's net input: its size is a gain, which peaks and decays.
    The corrected pair's weight does not (when the two units differ): the slope stays put and the size
    grows linearly. The actual weights of the run are marked.

    :param ax: the axes to draw on.
    :param regrouped: a ``"regrouped"`` pairing from {py:func}`lstmnotes.local_gain.path_pairing`.
    :param corrected: a ``"corrected"`` pairing of the same path.
    :param k_regrouped: which regrouped pair to draw.
    :param k_corrected: which corrected pair to draw.
    :param w_max: at most {py:data}`MAX_RANGE`; the plot spans $[-w_{max}, w_{max}]$.
    :param points: number of sample points, 3 to {py:data}`MAX_CURVE_POINTS`.
    :return: ``{"regrouped": Line2D, "corrected": Line2D, "actual": [Line2D, Line2D]}``.
    :raises TypeError: for an argument that is not a real number (or, for ``points``, an integer), naming it.
    :raises ValueError: for ``w_max`` or ``points`` outside their limits, or a pair index out of range.
    """
    w_max = _check_range(w_max, "w_max")
    points = _check_points(points, MAX_CURVE_POINTS)
    k_regrouped = count(k_regrouped, "k_regrouped")
    k_corrected = count(k_corrected, "k_corrected")
    w = np.linspace(-w_max, w_max, points)
    sizes = []
    for pairing, k in ((regrouped, k_regrouped), (corrected, k_corrected)):
        sizes.append(pair_sweep(pairing, k, w))
    (feeding,) = ax.plot(
        w, sizes[0], color=COLORS["main"], label="regrouped pair: weight into its own unit"
    )
    (linear,) = ax.plot(
        w, sizes[1], color=COLORS["second"], label="corrected pair: weight into another unit"
    )
    actual = []
    for pairing, k, color in (
        (regrouped, k_regrouped, COLORS["main"]),
        (corrected, k_corrected, COLORS["second"]),
    ):
        weight = float(pairing.weights[k])
        (mark,) = ax.plot([weight], [abs(float(pairing.pairs[k]))], "o", color=color, ms=5)
        actual.append(mark)
    actual[0].set_label("the run's weights")
    marked = [abs(float(regrouped.pairs[k_regrouped])), abs(float(corrected.pairs[k_corrected]))]
    peak = max(float(np.max(sizes[0])), *marked)
    ax.set_ylim(0.0, 1.6 * peak)
    ax.set_xlabel("the pair's weight $w$ (rest of the state fixed)")
    ax.set_ylabel("size of the pair")
    ax.set_xlim(-w_max, w_max)
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    return {"regrouped": feeding, "corrected": linear, "actual": actual}


def plot_path_decay(
    ax: Axes, largest: Sequence[float], bound: Sequence[float], flow: Sequence[float]
) -> dict[str, Any]:
    r"""Draw, against the lag $q = 1, 2, \dots$, the largest path term, its bound and the summed flow (log scale).

    :param ax: the axes to draw on.
    :param largest: the largest $|$path term$|$ at each lag.
    :param bound: the per-path bound $(w_{max}/4)^q$ at each lag.
    :param flow: the largest entry of the summed flow at each lag.
    :return: ``{"largest": Line2D, "bound": Line2D, "flow": Line2D}``.
    :raises TypeError: for sequences that are not real numbers, naming them.
    :raises ValueError: if the three sequences are empty, differ in length or hold non-positive values.
    """
    series = [
        real_array(s, name).ravel()
        for s, name in ((largest, "largest"), (bound, "bound"), (flow, "flow"))
    ]
    if len({s.size for s in series}) != 1 or series[0].size == 0:
        raise ValueError("largest, bound and flow must be non-empty and of equal length")
    if any(np.any(~np.isfinite(s)) or np.any(s <= 0) for s in series):
        raise ValueError("largest, bound and flow must be positive and finite (log scale)")
    q = np.arange(1, series[0].size + 1)
    (top,) = ax.semilogy(q, series[0], "o-", color=COLORS["main"], ms=4, label="largest path term")
    (edge,) = ax.semilogy(q, series[1], "--", color=COLORS["guide"], label=r"$(w_{max}/4)^q$")
    (total,) = ax.semilogy(
        q, series[2], "s-", color=COLORS["second"], ms=4, label="flow (sum of paths)"
    )
    ax.set_xlabel("lag $q$")
    ax.set_ylabel("size (log scale)")
    ax.legend(loc="lower left", frameon=False, fontsize="small")
    return {"largest": top, "bound": edge, "flow": total}
