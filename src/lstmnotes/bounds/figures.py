"""Figures of the weak-bound chapter: the largest true flow against the weak bounds, lag by lag.

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

__all__ = ["plot_bound_vs_flow"]

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"], COLORS["guide"])


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
