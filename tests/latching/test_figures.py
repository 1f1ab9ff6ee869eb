"""The latching figures draw what the library computed."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstmnotes.latching import evidence, figures, latch


def test_the_map_marks_the_computed_fixed_points_and_basins():
    ax = Figure().add_subplot()
    drawn = figures.plot_latch_map(ax, 2.0, 0.1)
    unit = latch(2.0, 0.1)
    xs = drawn["attractors"].get_offsets()[:, 0]
    assert xs.tolist() == [unit.lower.state, unit.upper.state]
    assert drawn["saddle"].get_offsets()[0, 0] == unit.saddle.state
    x, y = drawn["map"].get_data()
    assert np.allclose(y, np.tanh(2.0 * x + 0.1))


def test_the_tradeoff_draws_the_scan():
    ax = Figure().add_subplot()
    scan = evidence.tradeoff_scan("logistic", weights=2, biases=1)
    drawn = figures.plot_tradeoff(ax, scan)
    assert drawn["tolerance"].get_ydata().tolist() == scan.symmetric_tolerances.tolist()
    assert np.array_equal(drawn["rate_gap"].get_ydata(), 1.0 - scan.symmetric_rates)
    with pytest.raises(TypeError, match="scan"):
        figures.plot_tradeoff(ax, object())


def test_the_figure_has_both_panels_and_its_alt_text():
    fig = figures.latch_figure()
    assert len(fig.axes) == 2
    assert "unstable point" in figures.LATCH_FIGURE_ALT
