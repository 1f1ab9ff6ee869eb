"""The error-flow figure, inspected through what the plotting function returns."""

from __future__ import annotations

import matplotlib as mpl
import pytest

from lstmnotes.flow import figures as flow_plots
from lstmnotes.plots import COLORS


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
