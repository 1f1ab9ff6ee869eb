"""Figures of the error-flow chapters: error signals over time, signed path terms, bound against flow.

Like {py:mod}`lstmnotes.plots`, each ``plot_*`` function draws on an ``ax`` it is given, uses the book's
colours ({py:data}`lstmnotes.plots.COLORS`) and returns what it drew, for tests to inspect; none calls
``show()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from lstmnotes._validate import finite_array
from lstmnotes.plots import COLORS

__all__ = ["plot_bound_vs_flow", "plot_error_signals", "plot_path_terms"]

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"], COLORS["guide"])


def plot_error_signals(ax: Axes, theta: ArrayLike, first_unit: int = 1) -> dict[str, Any]:
    """Draw $|\\vartheta_j(s)|$ against the time $s$, one line per unit, on a log scale.

    The legend numbers the units as the book does, from one: column ``j`` of ``theta`` (an index of the
    code, from zero) is labelled ``unit j + first_unit``.

    :param ax: the axes to draw on.
    :param theta: the signals, shape ``(t, n)``, row ``s - 1`` for time $s$ (as
        {py:func}`lstmnotes.net.error_signals` returns them).
    :param first_unit: the number the legend gives column 0 (1, the paper's numbering, by default; 0 for
        the code's indices).
    :return: ``{"lines": [Line2D per unit]}``; units whose signal is zero throughout are drawn nowhere
        (a log scale has no zero) but still get an entry, an empty line.
    :raises ValueError: for a ``theta`` that is not 2-D and finite.
    :raises TypeError: for a ``first_unit`` that is not an integer.
    """
    signals = finite_array(theta, "theta", ndim=2)
    if isinstance(first_unit, bool) or not isinstance(first_unit, int | np.integer):
        raise TypeError(f"first_unit must be an integer, got {first_unit!r}")
    times = np.arange(1, signals.shape[0] + 1)
    lines = []
    for j in range(signals.shape[1]):
        magnitude = np.abs(signals[:, j])
        shown = magnitude > 0
        (line,) = ax.plot(
            times[shown],
            magnitude[shown],
            "o-",
            color=_CYCLE[j % len(_CYCLE)],
            ms=3,
            label=f"unit {j + int(first_unit)}",
        )
        lines.append(line)
    ax.set_yscale("log")
    ax.set_xlabel("time $s$")
    ax.set_ylabel(r"$|\vartheta_j(s)|$")
    ax.legend(frameon=False, fontsize="small")
    return {"lines": lines}


def plot_path_terms(ax: Axes, terms: ArrayLike) -> dict[str, Any]:
    """Draw the signed path terms of (3.2), sorted, with a line at their sum.

    :param ax: the axes to draw on.
    :param terms: the path terms (any shape; flattened), e.g. from {py:func}`lstmnotes.flow.path_terms`.
    :return: ``{"bars": BarContainer, "sum": Line2D, "abs_sum": float}``: the line is horizontal at the
        sum of the terms; the sum of their absolute values is given in its legend label and returned.
    :raises ValueError: for non-finite or empty ``terms``.
    """
    values = np.sort(finite_array(terms, "terms").ravel())
    if values.size == 0:
        raise ValueError("terms must not be empty")
    colours = [COLORS["main"] if x >= 0 else COLORS["second"] for x in values]
    bars = ax.bar(np.arange(values.size), values, color=colours, width=0.8)
    total, size = float(values.sum()), float(np.abs(values).sum())
    sum_line = ax.axhline(
        total,
        color=COLORS["third"],
        lw=1.5,
        label=f"sum of the terms: {total:.3g} (sum of their sizes: {size:.3g})",
    )
    ax.axhline(0.0, color="black", lw=0.6)
    ax.set_xlabel("path (sorted by its term)")
    ax.set_ylabel("path term")
    ax.legend(frameon=False, fontsize="small")
    return {"bars": bars, "sum": sum_line, "abs_sum": size}


def plot_bound_vs_flow(
    ax: Axes, lags: ArrayLike, flow: ArrayLike, bounds: Mapping[str, ArrayLike]
) -> dict[str, Any]:
    """Draw the largest true flow and one or more weak bounds against the lag $q$, on a log scale.

    :param ax: the axes to draw on.
    :param lags: the lags $q$.
    :param flow: the largest $|\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)|$ per lag.
    :param bounds: label to bound values per lag (e.g. one per norm pair).
    :return: ``{"flow": Line2D, "bounds": {label: Line2D}}``.
    :raises ValueError: for arrays of different lengths or values that are not positive and finite.
    """
    q = finite_array(lags, "lags", ndim=1)
    series = {"flow": finite_array(flow, "flow", ndim=1)}
    series |= {label: finite_array(b, f"bounds[{label!r}]", ndim=1) for label, b in bounds.items()}
    for label, values in series.items():
        if values.shape != q.shape:
            raise ValueError(f"{label} must have one value per lag ({q.size}), got {values.size}")
        if np.any(values <= 0):
            raise ValueError(f"{label} must be positive for a log scale")
    (flow_line,) = ax.plot(q, series.pop("flow"), "o-", color=COLORS["main"], ms=3, lw=1.5,
                           label="largest true flow")  # fmt: skip
    drawn = {}
    styles = ("--", ":", "-.")
    for index, (label, values) in enumerate(series.items()):
        (line,) = ax.plot(
            q, values, styles[index % 3], color=_CYCLE[1 + index % 3], lw=1.5, label=label
        )
        drawn[label] = line
    ax.set_yscale("log")
    ax.set_xlabel("lag $q$")
    ax.set_ylabel("scaling factor")
    ax.legend(frameon=False, fontsize="small")
    return {"flow": flow_line, "bounds": drawn}
