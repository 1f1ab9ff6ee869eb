"""Figures of the error-flow chapter: the signed path terms of (3.2) beside their sum.

Like {py:mod}`lstmnotes.plots`, each ``plot_*`` function draws on an ``ax`` it is given, uses the book's
colours ({py:data}`lstmnotes.plots.COLORS`) and returns what it drew, for tests to inspect; none calls
``show()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from lstmnotes._validate import finite_array
from lstmnotes.plots import COLORS

__all__ = ["plot_path_terms"]


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
