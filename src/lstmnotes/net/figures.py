"""Figures of the network chapter: the error signals of a run over time.

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

__all__ = ["plot_error_signals"]

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
