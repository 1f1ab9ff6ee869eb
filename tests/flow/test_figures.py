"""The error-flow figures, inspected through what the plotting functions return."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest

from lstmnotes.flow import figures as flow_plots
from lstmnotes.plots import COLORS


def test_error_signals_one_line_per_unit_on_a_log_scale(ax):
    theta = np.array([[0.5, 0.0], [-0.25, 0.0], [1.0, 0.0]])
    drawn = flow_plots.plot_error_signals(ax, theta)
    assert len(drawn["lines"]) == 2
    x, y = drawn["lines"][0].get_data()
    assert x.tolist() == [1, 2, 3]
    assert y.tolist() == [0.5, 0.25, 1.0]
    assert len(drawn["lines"][1].get_xdata()) == 0  # all zero: nothing to draw on a log scale
    assert ax.get_yscale() == "log"


def test_error_signals_legend_numbers_units_from_one_by_default(ax):
    theta = np.ones((2, 3))
    labels = [line.get_label() for line in flow_plots.plot_error_signals(ax, theta)["lines"]]
    assert labels == ["unit 1", "unit 2", "unit 3"]
    ax.clear()
    code = [line.get_label() for line in flow_plots.plot_error_signals(ax, theta, 0)["lines"]]
    assert code == ["unit 0", "unit 1", "unit 2"]
    with pytest.raises(TypeError, match="first_unit"):
        flow_plots.plot_error_signals(ax, theta, 1.5)  # type: ignore[arg-type]


def test_path_terms_sorted_with_sum_and_size(ax):
    drawn = flow_plots.plot_path_terms(ax, [0.5, -1.0, 0.25])
    heights = [bar.get_height() for bar in drawn["bars"]]
    assert heights == [-1.0, 0.25, 0.5]
    assert drawn["bars"][0].get_facecolor() == mpl.colors.to_rgba(COLORS["second"])
    assert drawn["sum"].get_ydata()[0] == pytest.approx(-0.25)
    assert drawn["abs_sum"] == pytest.approx(1.75)
    assert "1.75" in drawn["sum"].get_label()
    with pytest.raises(ValueError, match="must not be empty"):
        flow_plots.plot_path_terms(ax, [])


def test_bound_vs_flow(ax):
    lags = [1, 2, 3]
    drawn = flow_plots.plot_bound_vs_flow(ax, lags, [0.1, 0.01, 0.001], {"bound": [1.0, 0.5, 0.25]})
    assert drawn["flow"].get_ydata().tolist() == [0.1, 0.01, 0.001]
    assert drawn["bounds"]["bound"].get_ydata().tolist() == [1.0, 0.5, 0.25]
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["largest true flow", "bound"]
    with pytest.raises(ValueError, match="one value per lag"):
        flow_plots.plot_bound_vs_flow(ax, lags, [0.1, 0.2], {})
    with pytest.raises(ValueError, match="positive"):
        flow_plots.plot_bound_vs_flow(ax, lags, [0.1, 0.0, 0.1], {})
