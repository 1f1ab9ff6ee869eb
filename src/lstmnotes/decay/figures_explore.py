r"""The measured error flow against the lag as a figure a reader can move: the weight scale on a slider.

The curves are those of {py:func}`lstmnotes.decay.decay_curves` (or the book's survey); the page only switches
between them. See {py:mod}`lstmnotes.explore` for the two renderings (interactive HTML and a static PNG for
print).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lstmnotes._validate import count
from lstmnotes.decay._curves import DecayCurve
from lstmnotes.decay.figures import plot_decay_curves
from lstmnotes.explore import PLOTLY_SCRIPT, Explorable, explorable, slider
from lstmnotes.plots import COLORS

__all__ = ["flow_explorer"]

_AXIS = {
    "showline": True,
    "linecolor": "#444",
    "ticks": "outside",
    "gridcolor": "#e5e5e5",
    "zeroline": False,
}


def _net_lines(curve: DecayCurve) -> tuple[list[Any], list[Any]]:
    """Every net's flow as one polyline, the nets separated by gaps (None)."""
    xs: list[Any] = []
    ys: list[Any] = []
    for flow in curve.flows:
        xs += [*curve.lags.tolist(), None]
        ys += [*(float(f"{v:.4g}") for v in flow), None]
    return xs, ys


def flow_explorer(
    curves: Sequence[DecayCurve], *, start: int = 0, script: str | bool = PLOTLY_SCRIPT
) -> Explorable:
    r"""The largest error flow against the lag $q$, one weight scale $w_{max}$ at a time, on a log scale.

    For the scale on the slider: each net's largest flow (thin), their geometric mean (thick) and the weak
    bound $n\,b^q$ with the nets' mean factor $b$ (dashed), as in {py:func}`lstmnotes.decay.figures.plot_decay_curves`.
    The static rendering shows the starting scale.

    :param curves: from {py:func}`lstmnotes.decay.decay_curves`, at distinct scales.
    :param start: the index in ``curves`` of the scale shown first.
    :param script: where the page loads plotly from (see {py:func}`lstmnotes.explore.explorable`).
    :return: the {py:class}`lstmnotes.explore.Explorable`.
    :raises TypeError: if ``curves`` is not a list or tuple of decay curves, or ``start`` is not an integer.
    :raises ValueError: for no curves, repeated scales, or a ``start`` out of range.
    """
    if not isinstance(curves, list | tuple):
        raise TypeError(
            f"curves must be a list or tuple of DecayCurve objects, got {type(curves).__name__}"
        )
    items = list(curves)
    if not items:
        raise ValueError("curves must hold at least one decay curve")
    bad = [c for c in items if not isinstance(c, DecayCurve)]
    if bad:
        raise TypeError(f"curves must hold DecayCurve objects, found {type(bad[0]).__name__}")
    scales = [c.w_max for c in items]
    if len(set(scales)) != len(scales):
        raise ValueError(f"curves must be at distinct scales, got {scales}")
    first = count(start, "start", minimum=0, maximum=len(items) - 1)
    data: list[dict[str, Any]] = []
    for k, curve in enumerate(items):
        shown = k == first
        xs, ys = _net_lines(curve)
        lags = curve.lags.tolist()
        data += [
            {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "visible": shown,
             "line": {"color": COLORS["guide"], "width": 0.6}, "name": "one net", "hoverinfo": "skip"},
            {"type": "scatter", "x": lags, "y": [float(f"{v:.4g}") for v in curve.flow],
             "mode": "lines+markers", "visible": shown, "line": {"color": COLORS["main"], "width": 2.5},
             "name": "geometric mean of the nets",
             "hovertemplate": "q = %{x}<br>mean flow = %{y:.3g}<extra></extra>"},
            {"type": "scatter", "x": lags, "y": [float(f"{v:.4g}") for v in curve.bound],
             "mode": "lines", "visible": shown, "line": {"color": COLORS["second"], "dash": "dash"},
             "name": "weak bound", "hovertemplate": "q = %{x}<br>bound = %{y:.3g}<extra></extra>"},
        ]  # fmt: skip
    masks = [[j // 3 == k for j in range(3 * len(items))] for k in range(len(items))]
    q = int(items[0].lags[-1])
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": 480,
        "margin": {"l": 70, "r": 20, "t": 30, "b": 40},
        "legend": {"x": 0.01, "y": 0.01, "xanchor": "left", "yanchor": "bottom"},
        "xaxis": {"title": {"text": "steps back, q"}, "range": [0, q + 1], **_AXIS},
        "yaxis": {"title": {"text": "largest |∂ϑ_v(t−q)/∂ϑ_u(t)|"}, "type": "log",
                  "exponentformat": "power", **_AXIS},
        "sliders": [
            slider([f"{s:g}" for s in scales], masks, title="weight scale w_max = ", active=first)
        ],
    }  # fmt: skip

    def draw_static(ax: Any) -> None:
        plot_decay_curves(ax, [items[first]])

    return explorable(
        {"data": data, "layout": layout},
        draw_static,
        div_id="flow-explorer",
        script=script,
        alt=(
            "The largest error flow of random logistic nets against the number of steps back, on a log "
            "scale, for a weight scale chosen on a slider: each net's flow, their geometric mean and the "
            "weak bound."
        ),
    )
