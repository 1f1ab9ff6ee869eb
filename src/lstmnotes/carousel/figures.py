"""Figures of the constant error carousel and the weight conflicts.

Like {py:mod}`lstmnotes.plots`, each ``plot_*`` function draws on an axes the caller provides and returns
what it drew (a dict of artists), so that tests can inspect a figure without comparing pixels. The data come
from the library's functions; the plotting functions only draw them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from lstmnotes._validate import count
from lstmnotes.carousel._conflicts import WeightConflict
from lstmnotes.carousel._naive_carousel import naive_carousel_loss, run_naive_carousel
from lstmnotes.carousel._self_unit import SelfUnitRun, self_unit_flow
from lstmnotes.plots import COLORS

__all__ = [
    "MAX_CONFLICT_POINTS",
    "plot_activation_runs",
    "plot_self_unit_flows",
    "plot_weight_conflict",
]

MAX_CONFLICT_POINTS = 100_001
"""The most weights {py:func}`plot_weight_conflict` samples."""

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"], COLORS["guide"])
_STYLES = ("-", "--", "-.", ":")


def _non_empty(mapping: Mapping[str, Any], name: str) -> None:
    if not mapping:
        raise ValueError(f"{name} must hold at least one entry")


def plot_self_unit_flows(ax: Axes, runs: Mapping[str, SelfUnitRun]) -> dict[str, Any]:
    """Draw $|\\partial\\vartheta(T-q)/\\partial\\vartheta(T)|$ against $q$ for lone units, on a log scale.

    :param ax: the axes to draw on.
    :param runs: label to run (from {py:func}`lstmnotes.carousel.run_self_unit`).
    :return: label to ``Line2D``.
    :raises ValueError: if ``runs`` is empty.
    """
    _non_empty(runs, "runs")
    lines = {}
    for index, (label, run) in enumerate(runs.items()):
        flow = np.abs(self_unit_flow(run))
        q = np.arange(flow.shape[0])
        keep = flow > 0  # a log axis cannot show exact zeros
        (lines[label],) = ax.plot(
            q[keep],
            flow[keep],
            color=_CYCLE[index % 4],
            ls=_STYLES[index % 4],
            lw=3.0 if index == 0 else 1.5,
            label=label,
        )
    ax.set_yscale("log")
    ax.set_xlabel("steps back, $q$")
    ax.set_ylabel(r"$|\partial\vartheta(T-q)/\partial\vartheta(T)|$")
    ax.legend(frameon=False, fontsize=8)
    return lines


def plot_activation_runs(ax: Axes, runs: Mapping[str, SelfUnitRun]) -> dict[str, Any]:
    """Draw the activation $y(t)$ of lone units against $t$, with the error flow of each in the legend.

    :param ax: the axes to draw on.
    :param runs: label to run.
    :return: label to ``Line2D``.
    :raises ValueError: if ``runs`` is empty.
    """
    _non_empty(runs, "runs")
    lines = {}
    for index, (label, run) in enumerate(runs.items()):
        flow = self_unit_flow(run)[-1]
        t = np.arange(run.activations.shape[0])
        (lines[label],) = ax.plot(
            t,
            run.activations,
            "o-",
            ms=3,
            color=_CYCLE[index % 4],
            label=f"{label} (flow over the run: {flow:g})",
        )
    ax.set_xlabel("time step $t$")
    ax.set_ylabel("activation $y(t)$")
    ax.legend(frameon=False, fontsize=8)
    return lines


def plot_weight_conflict(
    ax: Axes, conflict: WeightConflict, *, points: int = 401
) -> dict[str, Any]:
    """Draw each demand's error and their sum against the conflicting weight, marking the compromise.

    The band where the gradient's two parts have opposite signs, split as ``conflict.split`` says, is shaded;
    the weights shown also cover the band of the split by target.

    :param ax: the axes to draw on.
    :param conflict: from {py:func}`lstmnotes.carousel.input_weight_conflict` or
        {py:func}`lstmnotes.carousel.output_weight_conflict`.
    :param points: number of weights sampled, at least 3.
    :return: ``{"first": Line2D, "second": Line2D, "total": Line2D, "compromise": Line2D,
        "band": Rectangle}``.
    :raises ValueError: for fewer than 3 points or more than {py:data}`MAX_CONFLICT_POINTS`.
    :raises TypeError: for a ``points`` that is not an integer.
    """
    points = count(points, "points", minimum=3, maximum=MAX_CONFLICT_POINTS)
    lo, hi = conflict.opposing
    left = min(lo, conflict.opposing_by_target[0])
    right = max(hi, conflict.opposing_by_target[1])  # show where the by-target parts oppose too
    span = right - left
    w = np.linspace(left - 0.5 * span, right + 0.5 * span, points)
    losses = np.empty((points, 2))
    for i, value in enumerate(w):
        if conflict.weight == "w_in":
            run = run_naive_carousel(value, 1.0, conflict.run.inputs)
        else:
            run = run_naive_carousel(1.0, value, conflict.run.inputs)
        losses[i] = naive_carousel_loss(run, conflict.targets)
    name = r"w_{\mathrm{in}}" if conflict.weight == "w_in" else r"w_{\mathrm{out}}"
    band = ax.axvspan(
        lo,
        hi,
        color=COLORS["guide"],
        alpha=0.15,
        label=f"the gradient's parts oppose ({conflict.split})",
    )
    (first,) = ax.plot(w, losses[:, 0], color=COLORS["main"], label=f"$E_1$: {conflict.demands[0]}")
    (second,) = ax.plot(
        w, losses[:, 1], color=COLORS["second"], label=f"$E_2$: {conflict.demands[1]}"
    )
    (total,) = ax.plot(w, losses.sum(axis=1), color="black", lw=1.2, label="$E_1 + E_2$")
    (best,) = ax.plot(
        [conflict.compromise],
        [conflict.residual],
        "o",
        color="black",
        label=f"best single weight, error {conflict.residual:.3g}",
    )
    ax.set_xlabel(f"${name}$")
    ax.set_ylabel("squared error")
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return {"first": first, "second": second, "total": total, "compromise": best, "band": band}
