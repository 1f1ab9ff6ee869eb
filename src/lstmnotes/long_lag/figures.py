"""Figures of the long-lag chapter: both learners on Task 2a against the delay.

Each ``plot_*`` function draws rows of {py:func}`lstmnotes.long_lag.evidence.delay_scan` on an axes the
caller provides and returns what it drew (a dict of artists), so that tests can inspect a figure without
comparing pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes

from lstmnotes.long_lag import LEARNERS
from lstmnotes.long_lag.evidence import DelayRow
from lstmnotes.plots import COLORS

__all__ = ["plot_flow_by_delay", "plot_success_by_delay"]

_STYLE = {
    "bptt": (COLORS["second"], "s", "back-propagation through time"),
    "cell": (COLORS["main"], "o", "memory cell, truncated gradient"),
}


def _by_learner(rows: Sequence[DelayRow]) -> dict[str, list[DelayRow]]:
    """The rows of each learner, by increasing delay; a ``ValueError`` for no rows or a foreign row."""
    if not isinstance(rows, list | tuple):
        raise TypeError(f"rows must be a list or tuple of DelayRow, got {type(rows).__name__}")
    if not rows:
        raise ValueError("rows must hold at least one row")
    out: dict[str, list[DelayRow]] = {}
    for row in rows:
        if not isinstance(row, DelayRow):
            raise TypeError(f"rows must hold DelayRow entries, got {type(row).__name__}")
        out.setdefault(row.learner, []).append(row)
    return {
        learner: sorted(out[learner], key=lambda r: r.p) for learner in LEARNERS if learner in out
    }


def _axes(ax: object) -> None:
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")


def plot_success_by_delay(ax: Axes, rows: Sequence[DelayRow]) -> dict[str, Any]:
    """Draw each learner's share of successful trials against the delay $p$ (log scale).

    :param ax: the axes to draw on.
    :param rows: from {py:func}`lstmnotes.long_lag.evidence.delay_scan`, at least one.
    :return: ``{"bptt": Line2D, "cell": Line2D}`` for the learners present; each line's y-data are the
        percentages of successful trials.
    :raises TypeError: for an ``ax`` that is not an Axes, ``rows`` that are not a list or tuple, or a row
        that is not a {py:class}`lstmnotes.long_lag.evidence.DelayRow`.
    :raises ValueError: if ``rows`` is empty.
    """
    _axes(ax)
    drawn: dict[str, Any] = {}
    for learner, own in _by_learner(rows).items():
        color, marker, label = _STYLE[learner]
        (drawn[learner],) = ax.plot(
            [r.p for r in own],
            [100.0 * r.successes / r.trials for r in own],
            marker=marker,
            color=color,
            label=label,
        )
    ax.set_xscale("log")
    ps = sorted({r.p for r in rows})
    ax.set_xticks(ps, [str(p) for p in ps])
    ax.set_ylim(-5.0, 105.0)
    ax.set_xlabel("delay $p$")
    ax.set_ylabel("successful trials (%)")
    ax.legend(frameon=False, fontsize=8)
    return drawn


def plot_flow_by_delay(ax: Axes, rows: Sequence[DelayRow]) -> dict[str, Any]:
    """Draw each learner's median $\\log_{10}$ error flow from the last step back to the first against $p$.

    Solid lines with filled markers: at initialisation (``flow_start``); dashed with open markers: after
    training (``flow_end``). The flow is {py:func}`lstmnotes.long_lag.bptt_flow` or
    {py:func}`lstmnotes.long_lag.cell_net_flow`, the larger over the two sequences, median over the nets.

    :param ax: the axes to draw on.
    :param rows: from {py:func}`lstmnotes.long_lag.evidence.delay_scan`, at least one.
    :return: ``{"<learner> start": Line2D, "<learner> end": Line2D, ...}`` for the learners present.
    :raises TypeError: for an ``ax`` that is not an Axes, ``rows`` that are not a list or tuple, or a row
        that is not a {py:class}`lstmnotes.long_lag.evidence.DelayRow`.
    :raises ValueError: if ``rows`` is empty.
    """
    _axes(ax)
    drawn: dict[str, Any] = {}
    for learner, own in _by_learner(rows).items():
        color, marker, label = _STYLE[learner]
        ps = [r.p for r in own]
        (drawn[f"{learner} start"],) = ax.plot(
            ps,
            [r.flow_start for r in own],
            marker=marker,
            color=color,
            label=f"{label}, at the start",
        )
        (drawn[f"{learner} end"],) = ax.plot(
            ps,
            [r.flow_end for r in own],
            marker=marker,
            mfc="white",
            ls="--",
            color=color,
            label=f"{label}, after training",
        )
    ax.set_xscale("log")
    ps = sorted({r.p for r in rows})
    ax.set_xticks(ps, [str(p) for p in ps])
    ax.set_xlabel("delay $p$")
    ax.set_ylabel(r"$\log_{10}$ flow, last step to first (median)")
    ax.axhline(0.0, color=COLORS["guide"], lw=0.8)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return drawn
