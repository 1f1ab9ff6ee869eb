"""The carousel figures, inspected through what the plotting functions return."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.carousel import figures as cp
from lstmnotes.carousel._conflicts import input_weight_conflict, output_weight_conflict
from lstmnotes.carousel._self_unit import run_self_unit


def test_self_unit_flows_drawn_on_a_log_axis(ax):
    drawn = cp.plot_self_unit_flows(
        ax, {"carousel": run_self_unit(1.0, 0.5, 20), "fading": run_self_unit(0.5, 0.5, 20)}
    )
    assert ax.get_yscale() == "log"
    _, carousel = drawn["carousel"].get_data()
    q, fading = drawn["fading"].get_data()
    assert np.all(carousel == 1.0)
    np.testing.assert_allclose(fading, 0.5**q)


def test_zero_flow_is_left_out_on_the_log_axis(ax):
    drawn = cp.plot_self_unit_flows(ax, {"dead": run_self_unit(0.0, 0.5, 5)})
    q, values = drawn["dead"].get_data()
    assert list(q) == [0]
    assert list(values) == [1.0]


def test_activation_runs_show_the_flow_in_the_legend(ax):
    drawn = cp.plot_activation_runs(ax, {"climbs": run_self_unit(1.0, 0.0, 3, constant=1.0)})
    t, y = drawn["climbs"].get_data()
    assert list(t) == [0, 1, 2, 3]
    assert list(y) == [0.0, 1.0, 2.0, 3.0]
    assert "flow over the run: 1" in drawn["climbs"].get_label()


@pytest.mark.parametrize("make", [input_weight_conflict, output_weight_conflict])
def test_weight_conflict_marks_the_compromise_and_the_band(ax, make):
    conflict = make()
    drawn = cp.plot_weight_conflict(ax, conflict, points=201)
    w, total = drawn["total"].get_data()
    assert w[np.argmin(total)] == pytest.approx(conflict.compromise, abs=(w[1] - w[0]))
    assert total.min() == pytest.approx(conflict.residual, rel=1e-3)
    _, first = drawn["first"].get_data()
    _, second = drawn["second"].get_data()
    np.testing.assert_allclose(first + second, total)
    band = drawn["band"]
    assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx(conflict.opposing)
    assert list(drawn["compromise"].get_data()[0]) == [conflict.compromise]


def test_weight_conflict_refuses_too_few_points(ax):
    with pytest.raises(ValueError, match="points must be an integer in 3"):
        cp.plot_weight_conflict(ax, input_weight_conflict(), points=2)


def test_empty_mappings_refused(ax):
    with pytest.raises(ValueError, match="runs must hold at least one entry"):
        cp.plot_self_unit_flows(ax, {})
    with pytest.raises(ValueError, match="runs must hold at least one entry"):
        cp.plot_activation_runs(ax, {})
