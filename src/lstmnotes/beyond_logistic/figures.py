"""The chapter's figures: the gain of several activations on one set of axes, and two units' flow by weight.

Each function draws on an axes in the book's colours ({py:data}`lstmnotes.plots.COLORS`, with line styles
so that the curves differ without colour) and returns what it drew as a dict of artists, so that tests can
inspect it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullLocator

from lstmnotes._validate import count, finite_scalar
from lstmnotes.activations import Activation, as_activation
from lstmnotes.beyond_logistic._constants import activation_constants
from lstmnotes.beyond_logistic.evidence import SameWeightFlow
from lstmnotes.local_gain import gain
from lstmnotes.plots import COLORS

__all__ = ["MAX_CURVES", "plot_activation_gains", "plot_same_weight_flow"]

MAX_CURVES: Final = 6
"""The most activations one figure of gains tells apart."""

_STYLES = (
    (COLORS["main"], "-"),
    (COLORS["second"], "--"),
    (COLORS["third"], "-."),
    ("#6a329f", ":"),
    ("#000000", (0, (5, 1, 1, 1))),
    ("#b45f06", (0, (1, 1))),
)


def plot_activation_gains(
    ax: Axes,
    activations: Sequence[str | Activation],
    *,
    y: float = 1.0,
    w_max: float = 6.0,
    points: int = 1201,
) -> dict[str, Any]:
    """Draw $|f'(wy)\\,w|$ against $w \\ge 0$ for several activations, each maximum marked.

    :param ax: the axes to draw on.
    :param activations: 1 to ``MAX_CURVES`` names or activations.
    :param y: the activation the weight multiplies, nonzero and finite.
    :param w_max: the largest weight shown, in $(0, 10^3]$.
    :param points: sample points, 3 to $10^5$.
    :return: ``{"curves": [Line2D, ...], "maxima": [Line2D or None, ...], "level": Line2D}``.
    :raises TypeError: for a bad activation or a non-real number, naming the argument.
    :raises ValueError: for too many activations, $y = 0$, or a limit exceeded.
    """
    if isinstance(activations, str) or not isinstance(activations, Sequence):
        raise TypeError(
            f"activations must be a sequence of names or activations, got {activations!r}"
        )
    if not 1 <= len(activations) <= MAX_CURVES:
        raise ValueError(f"activations must hold 1 to {MAX_CURVES}, got {len(activations)}")
    units = [as_activation(a, "activations") for a in activations]
    y = finite_scalar(y, "y")
    if y == 0.0:
        raise ValueError(
            "y must be nonzero: for y = 0 the gain grows without bound for every activation"
        )
    w_max = finite_scalar(w_max, "w_max")
    if not 0.0 < w_max <= 1e3:
        raise ValueError(f"w_max must be in (0, 1000], got {w_max}")
    points = count(points, "points", minimum=3, maximum=100_000)
    w = np.linspace(0.0, w_max, points)
    curves: list[Line2D] = []
    maxima: list[Line2D | None] = []
    for unit, (color, style) in zip(units, _STYLES, strict=False):
        (line,) = ax.plot(
            w, gain(w, y, 0.0, activation=unit), color=color, ls=style, label=unit.name
        )
        curves.append(line)
        constants = activation_constants(unit)
        if constants.gain_argmax is None or constants.gain_argmax / abs(y) > w_max:
            maxima.append(None)
            continue
        (mark,) = ax.plot(
            [constants.gain_argmax / abs(y)],
            [constants.gain_constant / abs(y)],
            "o",
            color=color,
            ms=5,
        )
        maxima.append(mark)
    level = ax.axhline(1.0, color=COLORS["guide"], lw=0.8, ls="--", label="factor $= 1$")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(f"$|f'(w y)\\,w|$ at $y = {y:g}$")
    ax.set_xlim(0.0, w_max)
    ax.set_ylim(0.0, 1.5)
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    return {"curves": curves, "maxima": maxima, "level": level}


def plot_same_weight_flow(ax: Axes, scan: SameWeightFlow) -> dict[str, Any]:
    """Draw both units' flow $|\\partial y(T)/\\partial y(0)|$ against the weight, log scale, the reversal marked.

    :param ax: the axes to draw on.
    :param scan: from {py:func}`lstmnotes.beyond_logistic.evidence.same_weight_flow`, with no flow zero.
    :return: ``{"tanh": Line2D, "logistic": Line2D, "reversal": Line2D or None}``.
    :raises TypeError: if ``scan`` is not a ``SameWeightFlow``.
    :raises ValueError: if a flow underflowed to zero (a log scale cannot show it).
    """
    if not isinstance(scan, SameWeightFlow):
        raise TypeError(f"scan must be a SameWeightFlow, got {type(scan).__name__}")
    if scan.zeros:
        raise ValueError(
            f"scan has {scan.zeros} flows that underflowed to zero; scan smaller weights"
        )
    (tanh,) = ax.semilogy(scan.weights, scan.tanh, color=COLORS["second"], ls="--", label="tanh")
    (logistic,) = ax.semilogy(scan.weights, scan.logistic, color=COLORS["main"], label="logistic")
    reversal = None
    if scan.first_reversal is not None:
        reversal = ax.axvline(
            scan.first_reversal, color=COLORS["guide"], lw=0.8, ls=":", label="order reverses"
        )
    lowest = float(np.log10(min(scan.tanh.min(), scan.logistic.min())))
    highest = float(np.log10(max(scan.tanh.max(), scan.logistic.max())))
    step = max(1, int(np.ceil((highest - lowest) / 6 / 10)) * 10)  # about six round decades
    ax.yaxis.set_major_locator(
        FixedLocator(
            (10.0 ** np.arange(np.ceil(highest / step) * step, lowest - step, -step)).tolist()
        )
    )
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(
        10.0 ** (lowest - 0.05 * (highest - lowest)), 10.0 ** (highest + 0.05 * (highest - lowest))
    )
    ax.set_xlabel("weight $w$ of the self-connection")
    ax.set_ylabel(f"flow over {scan.steps} steps")
    ax.set_xlim(0.0, float(scan.weights[-1]))
    ax.legend(loc="lower left", frameon=False, fontsize="small")
    return {"tanh": tanh, "logistic": logistic, "reversal": reversal}
