"""The two renderings of an explorable figure, and what the HTML may and may not load."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes.explore import PLOTLY_SCRIPT, Explorable, explorable, plotly_script_path, slider

FIGURE = {"data": [{"type": "scatter", "x": [0, 1], "y": [1, 2]}], "layout": {}}


def _draw(ax) -> None:
    ax.plot([0, 1], [1, 2])


def test_the_html_loads_plotly_from_the_given_relative_path_only():
    shown = explorable(FIGURE, _draw, div_id="demo", alt="a line")
    assert re.search(f'<script[^>]* src="{PLOTLY_SCRIPT}"></script>', shown.html)
    assert 'id="demo"' in shown.html
    for host in ("http:", "https:", "//cdn"):
        assert host not in shown.html
    assert 'aria-label="a line"' in shown.html


def test_the_static_rendering_is_a_png_and_both_are_offered_to_a_notebook():
    shown = explorable(FIGURE, _draw, div_id="demo", alt="a line")
    assert shown.png.startswith(b"\x89PNG\r\n\x1a\n")
    bundle = shown._repr_mimebundle_()
    assert bundle["text/html"] == shown.html
    assert base64.b64decode(bundle["image/png"]) == shown.png


def test_two_renderings_of_the_same_figure_are_identical():
    one = explorable(FIGURE, _draw, div_id="demo", alt="a line")
    two = explorable(FIGURE, _draw, div_id="demo", alt="a line")
    assert one == two


def test_the_plotly_script_ships_with_plotly():
    assert plotly_script_path().stat().st_size > 1_000_000


@pytest.mark.parametrize(
    "script",
    [
        "https://cdn.plot.ly/plotly.min.js",
        "HTTPS://cdn.example.com/plotly.js",
        "ftp://h/p.js",
        "data:text/javascript,alert(1)",
        "//cdn.example/p.js",
        "/abs/p.js",
        "",
        " https://evil.example/p.js",
        "\nhttps://evil.example/x.js",
        "_static/plotly.min.js\t",
        'a"><script>alert(1)</script>.js',  # was written into the page as HTML
        "a'b.js",
        "a&b.js",
    ],
)
def test_a_script_on_another_host_is_refused(script):
    with pytest.raises(ValueError, match="script"):
        explorable(FIGURE, _draw, div_id="demo", script=script, alt="a line")


@pytest.mark.parametrize(
    ("name", "kwargs", "error"),
    [
        ("script", {"script": False}, TypeError),
        ("script", {"script": 3}, TypeError),
        ("div_id", {"div_id": 3}, TypeError),
        ("div_id", {"div_id": " "}, ValueError),
        ("div_id", {"div_id": 'a"><script>alert(1)</script>'}, ValueError),
        ("alt", {"alt": None}, TypeError),
        ("alt", {"alt": ""}, ValueError),
    ],
)
def test_bad_arguments_are_refused_by_name(name, kwargs, error):
    arguments = {"div_id": "demo", "alt": "a line", **kwargs}
    with pytest.raises(error, match=name):
        explorable(FIGURE, _draw, **arguments)


def test_a_slider_step_shows_its_traces_only():
    made = slider(["a", "b"], [[True, False], [False, True]], title="t = ", active=1)
    assert made["active"] == 1
    assert [s["args"][0]["visible"] for s in made["steps"]] == [[True, False], [False, True]]
    with pytest.raises(ValueError, match="labels and visible"):
        slider(["a"], [[True], [False]], title="t = ", active=0)
    with pytest.raises(ValueError, match="active"):
        slider(["a"], [[True]], title="t = ", active=5)


def test_the_explorable_type_is_frozen():
    shown = Explorable(html="<div></div>", png=b"")
    with pytest.raises(AttributeError):
        shown.html = "x"  # type: ignore[misc]


def test_the_domains_page_has_a_row_for_each_public_function():
    from lstmnotes import explore
    from lstmnotes.domain import domain_markdown, domain_table

    functions = {row.function for row in domain_table()}
    assert {explorable, slider, plotly_script_path} <= functions
    assert "lstmnotes.explore.html#lstmnotes.explore.explorable" in domain_markdown()
    assert {row.function for row in explore.DOMAIN} == {explorable, slider, plotly_script_path}


def test_the_slider_keeps_its_stated_limits():
    with pytest.raises(ValueError, match="one entry a step"):
        slider(["a"], [[True], [False]], title="t", active=0)
    with pytest.raises(ValueError, match="active must be a step index"):
        slider(["a"], [[True]], title="t", active=1)


@pytest.mark.parametrize(
    ("labels", "visible", "title", "active", "named"),
    [
        (["a"], [[True]], "t", 0.0, "active"),
        (["a"], [[True]], "t", True, "active"),
        ([1], [[True]], "t", 0, r"labels\[0\]"),
        (["a"], [[1]], "t", 0, r"visible\[0\]\[0\]"),
        (["a"], [["yes"]], "t", 0, r"visible\[0\]\[0\]"),
        (["a"], [[True]], None, 0, "title"),
    ],
)
def test_the_slider_refuses_loose_types_naming_the_argument(labels, visible, title, active, named):
    with pytest.raises(TypeError, match=named):
        slider(labels, visible, title=title, active=active)


def test_the_slider_takes_numpy_masks_and_indices():
    made = slider(["a", "b"], np.eye(2, dtype=bool), title="t", active=np.int64(1))
    assert made["active"] == 1
    assert [s["args"][0]["visible"] for s in made["steps"]] == [[True, False], [False, True]]
    assert all(type(v) is bool for s in made["steps"] for v in s["args"][0]["visible"])


def _generator():
    yield "a"


@pytest.mark.parametrize(
    ("labels", "visible", "named"),
    [
        ({"a", "b"}, [[True], [False]], "labels must be a list or tuple"),
        ({"a": 0, "b": 1}, [[True], [False]], "labels must be a list or tuple"),
        ("ab", [[True], [False]], "labels must be a list or tuple"),
        ((label for label in "ab"), [[True], [False]], "labels must be a list or tuple"),
        (None, [[True]], "labels must be a list or tuple"),
        (["a"], None, "visible must be a list or tuple"),
        (["a"], (mask for mask in [[True]]), "visible must be a list or tuple"),
        (["a"], True, "visible must be a list or tuple"),
        (["a", "b"], [True, False], r"visible\[0\] must be a list or tuple"),
        (["a"], [None], r"visible\[0\] must be a list or tuple"),
        (["a"], [_generator()], r"visible\[0\] must be a list or tuple"),
        (["a"], [np.array([True], dtype=object)], r"visible\[0\] must hold bools"),
        (["a"], np.array([[True]], dtype=object), "visible must hold bools"),
        (["a"], [np.array([1])], r"visible\[0\] must hold bools"),
    ],
)
def test_the_slider_refuses_labels_and_masks_of_other_types_by_name(labels, visible, named):
    with pytest.raises(TypeError, match=named):
        slider(labels, visible, title="t", active=0)


def test_the_slider_refuses_masks_of_different_lengths():
    with pytest.raises(ValueError, match=r"visible\[1\] must have one entry a trace"):
        slider(["a", "b"], [[True], [False, True]], title="t", active=0)
    with pytest.raises(ValueError, match=r"visible\[0\] must be a 1-D boolean array"):
        slider(["a"], [np.eye(2, dtype=bool)], title="t", active=0)
    with pytest.raises(ValueError, match="visible must be a 2-D boolean array"):
        slider(["a"], np.array([True]), title="t", active=0)


def test_the_slider_takes_tuples_and_boolean_arrays_as_masks():
    made = slider(("a", "b"), (np.array([True, False]), (np.False_, True)), title="t", active=0)
    assert [s["label"] for s in made["steps"]] == ["a", "b"]
    assert [s["args"][0]["visible"] for s in made["steps"]] == [[True, False], [False, True]]
    assert all(type(v) is bool for s in made["steps"] for v in s["args"][0]["visible"])


def test_a_slider_at_its_limits_is_made_and_one_past_each_is_refused_at_once():
    import time

    from lstmnotes import explore

    steps, traces = explore.MAX_SLIDER_STEPS, explore.MAX_SLIDER_VALUES // explore.MAX_SLIDER_STEPS
    start = time.process_time()
    made = slider(["s"] * steps, np.ones((steps, traces), dtype=bool), title="t", active=0)
    assert len(made["steps"]) == steps
    assert_fast(start, 2.0)
    wide = explore.MAX_SLIDER_TRACES
    assert (
        len(slider(["s"], [[True] * wide], title="t", active=0)["steps"][0]["args"][0]["visible"])
        == wide
    )
    for call, message in [
        (
            lambda: slider(["s"] * (steps + 1), [[True]] * (steps + 1), title="t", active=0),
            "labels",
        ),
        (lambda: slider(["s"], [[True]] * (steps + 1), title="t", active=0), "MAX_SLIDER_STEPS"),
        (lambda: slider(["s"], [[True] * (wide + 1)], title="t", active=0), "MAX_SLIDER_TRACES"),
        (
            lambda: slider(
                ["s"] * steps, np.ones((steps, traces + 1), dtype=bool), title="t", active=0
            ),
            "MAX_SLIDER_VALUES",
        ),
    ]:
        start = time.process_time()
        with pytest.raises(ValueError, match=message):
            call()
        assert_fast(start, 0.5)


@pytest.mark.parametrize("alt", ['"x', "a <b> & c", "é, ü and 1 < 2", "it's"])
def test_the_alt_text_is_the_readers_words_exactly(alt):
    # the label was JSON-escaped first: '"x' reached screen readers as '\\"x', and 'é' as '\\u00e9'
    import html

    shown = explorable(FIGURE, _draw, div_id="demo", alt=alt)
    label = re.search(
        r'<div class="explorable" role="figure" aria-label="([^"]*)">', shown.html
    ).group(1)
    assert html.unescape(label) == alt


def test_a_slider_without_steps_says_so():
    with pytest.raises(ValueError, match="labels must name at least one step"):
        slider([], [], title="t", active=0)


@pytest.mark.parametrize("visible", [[[], []], ([], []), np.zeros((2, 0), dtype=bool)])
def test_a_slider_whose_masks_show_no_trace_says_so(visible):
    with pytest.raises(
        ValueError, match=r"visible(\[0\])? must have one entry a trace, at least one"
    ):
        slider(["a", "b"], visible, title="t", active=0)


@pytest.mark.parametrize(
    "alt", ["a\rb", "a\r\nb", "x\x00y", "\ud800", "bell\x07", "x\x7f", "x\x85", "x\x9b", "x\x80"]
)
def test_an_alt_text_html_would_not_keep_is_refused(alt):
    # a carriage return came back as a newline, NUL as U+FFFD; a lone surrogate could not be written out
    with pytest.raises(ValueError, match="alt must be text without control characters"):
        explorable(FIGURE, _draw, div_id="demo", alt=alt)
