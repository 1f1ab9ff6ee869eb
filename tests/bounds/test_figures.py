"""The weak-bound figure, inspected through what the plotting function returns."""

from __future__ import annotations

import pytest

from lstmnotes.bounds import figures as bound_plots


def test_bound_vs_flow(ax):
    lags = [1, 2, 3]
    drawn = bound_plots.plot_bound_vs_flow(
        ax, lags, [0.1, 0.01, 0.001], {"bound": [1.0, 0.5, 0.25]}
    )
    assert drawn["flow"].get_ydata().tolist() == [0.1, 0.01, 0.001]
    assert drawn["bounds"]["bound"].get_ydata().tolist() == [1.0, 0.5, 0.25]
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["largest true flow", "bound"]
    with pytest.raises(ValueError, match="one value per lag"):
        bound_plots.plot_bound_vs_flow(ax, lags, [0.1, 0.2], {})
    with pytest.raises(ValueError, match="positive"):
        bound_plots.plot_bound_vs_flow(ax, lags, [0.1, 0.0, 0.1], {})
