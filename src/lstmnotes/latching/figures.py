"""Figures of the latching unit: the map with its fixed points and basins, and the trade-off.

Each ``plot_*`` function draws on an axes the caller provides and returns what it drew (a dict of
artists), so that tests can inspect a figure without comparing pixels; {py:func}`latch_figure` puts both on
one matplotlib figure, and {py:data}`LATCH_FIGURE_ALT` is the sentence a page gives as its alt text
(``mystnb: image: alt:``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lstmnotes.latching import latch
from lstmnotes.plots import COLORS

if TYPE_CHECKING:  # the figures draw what the evidence computed, without importing it
    from lstmnotes.latching.evidence import TradeoffScan

__all__ = ["LATCH_FIGURE_ALT", "latch_figure", "plot_latch_map", "plot_tradeoff"]

LATCH_FIGURE_ALT = (
    "Left: the map from a state to the next, an S-shaped curve, crossing the diagonal at two stable fixed "
    "points and one unstable point between them, with the two basins shaded on either side of it. Right: "
    "against the self-connection, each attractor's noise tolerance and one minus its flow factor, both "
    "falling to zero together as the weight approaches the edge where the two attractors appear."
)
"""The alt text of {py:func}`latch_figure`."""


def plot_latch_map(ax: Axes, w: float, b: float = 0.0, activation: str = "tanh") -> dict[str, Any]:
    """Draw $h \\mapsto f(w h + b)$, the diagonal, the three fixed points and the two basins.

    :param ax: the axes to draw on.
    :param w: the self-connection; :param b: the bias; :param activation: as
        {py:func}`lstmnotes.latching.latch` (the unit must have two attractors).
    :return: ``{"map": Line2D, "attractors": PathCollection, "saddle": PathCollection, "basins": [two
        PolyCollections]}``.
    :raises ValueError: as {py:func}`lstmnotes.latching.latch`.
    """
    unit = latch(w, b, activation)
    low, high = unit.lower_basin[0], unit.upper_basin[1]
    h = np.linspace(low, high, 401)
    f = np.tanh if unit.activation == "tanh" else (lambda x: 1.0 / (1.0 + np.exp(-x)))
    (curve,) = ax.plot(h, f(unit.weight * h + unit.bias), color=COLORS["main"], label="f(w h + b)")
    ax.plot(h, h, color=COLORS["guide"], lw=0.8, ls="--", label="diagonal")
    basins = [
        ax.axvspan(*unit.lower_basin, color=COLORS["second"], alpha=0.12, label="lower basin"),
        ax.axvspan(*unit.upper_basin, color=COLORS["third"], alpha=0.12, label="upper basin"),
    ]
    states = [unit.lower.state, unit.upper.state]
    attractors = ax.scatter(states, states, color=COLORS["main"], zorder=3, label="attractors")
    saddle = ax.scatter(
        [unit.saddle.state], [unit.saddle.state], facecolor="white", edgecolor=COLORS["main"],
        zorder=3, label="unstable fixed point",
    )  # fmt: skip
    ax.set_xlabel("$h_{t-1}$")
    ax.set_ylabel("$h_t$")
    ax.legend(frameon=False, fontsize=8)
    return {"map": curve, "attractors": attractors, "saddle": saddle, "basins": basins}


def plot_tradeoff(ax: Axes, scan: TradeoffScan) -> dict[str, Any]:
    """Draw, along the symmetric path of a scan, the tolerance $\\varepsilon$ and $1 - \\rho$ against
    $w\\gamma - 1$ (both axes logarithmic).

    :param ax: the axes to draw on.
    :param scan: from {py:func}`lstmnotes.latching.evidence.tradeoff_scan`.
    :return: ``{"tolerance": Line2D, "rate_gap": Line2D}``.
    :raises TypeError: if ``scan`` is not a ``TradeoffScan``.
    """
    fields = ("symmetric_rates", "symmetric_tolerances")
    if not all(isinstance(getattr(scan, name, None), np.ndarray) for name in fields):
        raise TypeError(f"scan must be a TradeoffScan, got {type(scan).__name__}")
    gaps = 10.0 ** -np.arange(1, scan.symmetric_rates.size + 1)
    (tol,) = ax.plot(
        gaps, scan.symmetric_tolerances, "o-", color=COLORS["main"], label="tolerance ε"
    )
    (gap,) = ax.plot(
        gaps,
        1.0 - scan.symmetric_rates,
        "s--",
        color=COLORS["second"],
        label="1 − ρ (ρ the flow factor)",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$w\gamma - 1$")
    ax.set_ylabel("size")
    ax.legend(frameon=False, fontsize=8)
    return {"tolerance": tol, "rate_gap": gap}


def latch_figure(w: float = 2.0, b: float = 0.0, activation: str = "tanh") -> Figure:
    """The latching figure: {py:func}`plot_latch_map` beside {py:func}`plot_tradeoff` of the same activation.

    :param w: the self-connection; :param b: the bias; :param activation: as
        {py:func}`lstmnotes.latching.latch`.
    :return: the figure (alt text: {py:data}`LATCH_FIGURE_ALT`).
    :raises ValueError: as {py:func}`lstmnotes.latching.latch`.
    """
    from lstmnotes.latching.evidence import tradeoff_scan  # noqa: PLC0415

    figure = Figure(figsize=(9.0, 3.6))
    left, right = figure.subplots(1, 2)
    plot_latch_map(left, w, b, activation)
    plot_tradeoff(right, tradeoff_scan(activation, weights=2, biases=1))
    figure.tight_layout()
    return figure
