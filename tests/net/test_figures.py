"""The network figure, inspected through what the plotting function returns."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.net import figures as net_plots


def test_error_signals_one_line_per_unit_on_a_log_scale(ax):
    theta = np.array([[0.5, 0.0], [-0.25, 0.0], [1.0, 0.0]])
    drawn = net_plots.plot_error_signals(ax, theta)
    assert len(drawn["lines"]) == 2
    x, y = drawn["lines"][0].get_data()
    assert x.tolist() == [1, 2, 3]
    assert y.tolist() == [0.5, 0.25, 1.0]
    assert len(drawn["lines"][1].get_xdata()) == 0  # all zero: nothing to draw on a log scale
    assert ax.get_yscale() == "log"


def test_error_signals_legend_numbers_units_from_one_by_default(ax):
    theta = np.ones((2, 3))
    labels = [line.get_label() for line in net_plots.plot_error_signals(ax, theta)["lines"]]
    assert labels == ["unit 1", "unit 2", "unit 3"]
    ax.clear()
    code = [line.get_label() for line in net_plots.plot_error_signals(ax, theta, 0)["lines"]]
    assert code == ["unit 0", "unit 1", "unit 2"]
    with pytest.raises(TypeError, match="first_unit"):
        net_plots.plot_error_signals(ax, theta, 1.5)  # type: ignore[arg-type]
