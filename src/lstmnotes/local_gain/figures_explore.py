r"""The local gain $|\sigma'(wy + c)\,w|$ as a figure a reader can move: $y$ on a slider, $c$ in a menu.

Every curve is computed by {py:func}`lstmnotes.local_gain.gain` when the figure is made; the page only
switches between them. See {py:mod}`lstmnotes.explore` for the two renderings (interactive HTML and a static
PNG for print).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from lstmnotes._validate import count, finite_array, finite_scalar
from lstmnotes.explore import PLOTLY_SCRIPT, Explorable, explorable, slider
from lstmnotes.local_gain._unit import gain, max_gain
from lstmnotes.local_gain.figures import plot_gain_curves
from lstmnotes.plots import COLORS

__all__ = ["MAX_CURVES", "gain_explorer"]

MAX_CURVES = 400
"""The most curves (activations times offsets) one figure carries, so that a page stays small."""
_MAX_POINTS = 4001
_AXIS = {
    "showline": True,
    "linecolor": "#444",
    "ticks": "outside",
    "gridcolor": "#e5e5e5",
    "zeroline": False,
}


def _values(values: Sequence[float], name: str, *, nonzero: bool) -> list[float]:
    array = finite_array(values, name, ndim=1)
    if array.size == 0:
        raise ValueError(f"{name} must hold at least one value")
    if nonzero and np.any(array == 0):
        raise ValueError(f"{name} must be nonzero: the gain is 0 for every w at y = 0")
    if np.unique(array).size != array.size:
        raise ValueError(f"{name} must not repeat a value")
    return [float(v) for v in array]


def _rounded(values: Any) -> list[float]:
    return [float(f"{v:.4g}") for v in values]


def gain_explorer(
    ys: Sequence[float] = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0),
    cs: Sequence[float] = (-4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0),
    *,
    y: float = 0.3,
    c: float = 0.0,
    w_max: float = 40.0,
    points: int = 801,
    script: str | bool = PLOTLY_SCRIPT,
) -> Explorable:
    r"""The gain against $w$, with the activation $y$ on a slider and the offset $c$ in a menu.

    Each curve is $|\sigma'(wy + c)\,w|$ on $w \in [-w_{max}, w_{max}]$, with its maximiser
    ({py:func}`lstmnotes.local_gain.max_gain`) marked; guides show the level one and the lines $|w| = 4$
    inside which the gain stays below one (section 3's bound). The static rendering shows the curve of
    the starting ``y`` and ``c``.

    :param ys: the activations on the slider, nonzero and distinct.
    :param cs: the offsets in the menu, distinct.
    :param y: the activation shown first; one of ``ys``.
    :param c: the offset shown first; one of ``cs``.
    :param w_max: the plot spans $[-w_{max}, w_{max}]$, widened where a maximiser lies beyond it (so that
        every dot is on the plot); positive, at most $10^{6}$.
    :param points: sample points per curve, 3 to 4001.
    :param script: where the page loads plotly from (see {py:func}`lstmnotes.explore.explorable`).
    :return: the {py:class}`lstmnotes.explore.Explorable`.
    :raises TypeError: for values that are not real numbers or a ``points`` that is not an integer.
    :raises ValueError: for an empty, repeating or non-finite ``ys`` or ``cs``, a zero activation, a
        starting ``y`` or ``c`` not among them, more than {py:data}`MAX_CURVES` curves, or a ``w_max`` or
        ``points`` out of range.
    """
    y_values = _values(ys, "ys", nonzero=True)
    c_values = _values(cs, "cs", nonzero=False)
    if len(y_values) * len(c_values) > MAX_CURVES:
        raise ValueError(
            f"ys and cs give {len(y_values) * len(c_values)} curves, above MAX_CURVES = {MAX_CURVES}"
        )
    y0, c0 = finite_scalar(y, "y"), finite_scalar(c, "c")
    if y0 not in y_values:
        raise ValueError(f"y = {y0} must be one of ys")
    if c0 not in c_values:
        raise ValueError(f"c = {c0} must be one of cs")
    w_max = finite_scalar(w_max, "w_max")
    if not 0 < w_max <= 1e6:
        raise ValueError(f"w_max must lie in (0, 1e6], got {w_max}")
    points = count(points, "points", minimum=3, maximum=_MAX_POINTS)
    reach = max(abs(max_gain(a, o)[0]) for a in y_values for o in c_values)
    w_max = max(w_max, math.ceil(1.05 * reach))  # every maximiser's dot on the plot
    w = np.linspace(-w_max, w_max, points)
    step = float(w[1] - w[0])

    def curves(offset: float) -> tuple[list[Any], list[Any]]:
        """Per trace, in order (curve, maximiser) for each y: the x values (None for a curve, whose x
        is its grid) and the y values, to four significant digits (the page's resolution)."""
        xs: list[Any] = []
        values: list[Any] = []
        for activation in y_values:
            w_star, top = max_gain(activation, offset)
            xs += [None, [float(w_star)]]
            values += [_rounded(gain(w, activation, offset)), [float(top)]]
        return xs, values

    by_offset = {offset: curves(offset) for offset in c_values}
    start_x, start_y = by_offset[c0]
    data: list[dict[str, Any]] = []
    for k, activation in enumerate(y_values):
        shown = activation == y0
        data.append(
            {"type": "scatter", "x0": -w_max, "dx": step, "y": start_y[2 * k], "mode": "lines",
             "visible": shown, "line": {"color": COLORS["main"]}, "name": "gain",
             "hovertemplate": "w = %{x:.3g}<br>gain = %{y:.4g}<extra></extra>"}
        )  # fmt: skip
        data.append(
            {"type": "scatter", "x": start_x[2 * k + 1], "y": start_y[2 * k + 1], "mode": "markers",
             "visible": shown, "marker": {"color": COLORS["second"], "size": 9},
             "name": "largest gain",
             "hovertemplate": "w* = %{x:.4g}<br>largest gain = %{y:.4g}<extra></extra>"}
        )  # fmt: skip
    masks = [[j // 2 == k for j in range(2 * len(y_values))] for k in range(len(y_values))]
    menu = []
    for offset, (xs, values) in by_offset.items():
        menu.append(
            {"label": f"c = {offset:g}", "method": "restyle", "args": [{"x": xs, "y": values}]}
        )
    guide = {"color": COLORS["guide"], "width": 1}
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": 460,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "showlegend": False,
        "xaxis": {"title": {"text": "weight w"}, "range": [-w_max, w_max], **_AXIS},
        "yaxis": {"title": {"text": "gain |σ′(wy + c) w|"}, "rangemode": "tozero", **_AXIS},
        "shapes": [
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": 1,
                "y1": 1,
                "line": {**guide, "dash": "dash"},
            },
            *(
                {
                    "type": "line",
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "x0": s * 4.0,
                    "x1": s * 4.0,
                    "line": {**guide, "dash": "dot"},
                }
                for s in (-1, 1)
            ),
        ],
        "sliders": [
            slider(
                [f"{v:g}" for v in y_values],
                masks,
                title="activation y = ",
                active=y_values.index(y0),
            )
        ],
        "updatemenus": [
            {
                "buttons": menu,
                "active": c_values.index(c0),
                "x": 1.0,
                "xanchor": "right",
                "y": 1.12,
                "yanchor": "top",
                "direction": "down",
            }
        ],
    }

    def draw_static(ax: Any) -> None:
        plot_gain_curves(ax, (y0,), c=c0, w_max=w_max, points=points)

    return explorable(
        {"data": data, "layout": layout},
        draw_static,
        div_id="gain-explorer",
        script=script,
        alt=(
            "The gain |σ′(wy + c) w| against the weight w, for an activation y chosen on a slider and an "
            "offset c chosen in a menu, with the largest gain marked, the level one dashed and |w| = 4 "
            "dotted."
        ),
    )
