"""The gain explorer: its curves are the gain computed independently, its controls cover every choice."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from lstmnotes.local_gain.figures_explore import MAX_CURVES, gain_explorer

YS, CS = (0.2, 1.0), (-2.0, 0.0, 3.0)


@pytest.fixture
def figure(plotly_spec):
    shown = gain_explorer(YS, CS, y=1.0, c=0.0, w_max=20.0, points=101)
    return shown, *plotly_spec(shown.html, "gain-explorer")


def _gain(w, y, c):  # written out here, not taken from the library
    s = 1.0 / (1.0 + np.exp(-(w * y + c)))
    return s * (1.0 - s) * np.abs(w)


def _negative_gain(w, y, c):
    return -_gain(w, y, c)


def test_each_menu_entry_holds_the_gain_of_every_activation_at_its_offset(figure):
    _, data, layout = figure
    w = data[0]["x0"] + data[0]["dx"] * np.arange(101)
    assert np.allclose(w[[0, -1]], [-20.0, 20.0])
    buttons = layout["updatemenus"][0]["buttons"]
    assert [b["label"] for b in buttons] == [f"c = {c:g}" for c in CS]
    for c, button in zip(CS, buttons, strict=True):
        ys = button["args"][0]["y"]
        for k, y in enumerate(YS):
            assert np.allclose(ys[2 * k], _gain(w, y, c), rtol=1e-3, atol=1e-12), (y, c)
            best = minimize_scalar(
                _negative_gain, args=(y, c), bounds=(-60 / y, 60 / y), method="bounded"
            )
            w_star, top = button["args"][0]["x"][2 * k + 1][0], ys[2 * k + 1][0]
            assert top >= -best.fun * (1 - 1e-9), (y, c)
            assert np.isclose(_gain(w_star, y, c), top, rtol=1e-12)


def test_the_slider_shows_one_activation_at_a_time_and_starts_where_asked(figure):
    _, data, layout = figure
    steps = layout["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == ["0.2", "1"]
    for k, step in enumerate(steps):
        visible = step["args"][0]["visible"]
        assert visible == [j // 2 == k for j in range(len(data))]
    assert layout["sliders"][0]["active"] == 1
    assert [t["visible"] for t in data] == [False, False, True, True]
    assert layout["updatemenus"][0]["active"] == CS.index(0.0)


def test_the_static_rendering_is_a_png(figure):
    shown, _, _ = figure
    assert shown.png.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"ys": [0.0, 1.0], "y": 1.0}, ValueError, "nonzero"),
        ({"ys": [1.0, 1.0], "y": 1.0}, ValueError, "repeat"),
        ({"ys": [], "y": 1.0}, ValueError, "at least one"),
        ({"ys": [1.0], "y": 0.5}, ValueError, "one of ys"),
        ({"cs": [1.0], "c": 0.0}, ValueError, "one of cs"),
        (
            {"ys": np.linspace(0.1, 1, MAX_CURVES + 1), "cs": [0.0], "y": 0.1},
            ValueError,
            "MAX_CURVES",
        ),
        ({"ys": ["a"], "y": 1.0}, TypeError, "ys"),
        ({"w_max": 0.0}, ValueError, "w_max"),
        ({"w_max": "2"}, TypeError, "w_max"),
        ({"points": 2}, ValueError, "points"),
        ({"points": 2.5}, TypeError, "points"),
        ({"cs": [np.nan], "c": 0.0}, ValueError, "cs"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, error, match):
    with pytest.raises(error, match=match):
        gain_explorer(**kwargs)


def test_every_maximiser_is_inside_the_plotted_range(plotly_spec):
    # y = 0.05 with c = 4 has its maximiser near |w| = 89, beyond the default w_max of 40
    shown = gain_explorer((0.05, 1.0), (0.0, 4.0), y=1.0, c=0.0, points=101)
    _, layout = plotly_spec(shown.html, "gain-explorer")
    low, high = layout["xaxis"]["range"]
    for button in layout["updatemenus"][0]["buttons"]:
        for xs in button["args"][0]["x"][1::2]:
            assert low <= xs[0] <= high
    assert high > 85
