"""Figures are inspected through what the plotting functions return, never by pixels."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest

from lstmnotes import plots
from lstmnotes.activations._functions import logistic


def test_plot_logistic_draws_both_curves_and_the_peak(ax):
    drawn = plots.plot_logistic(ax, x_max=5.0, points=101)
    x, y = drawn["sigma"].get_data()
    assert x[0] == -5.0
    assert x[-1] == 5.0
    assert len(x) == 101
    np.testing.assert_allclose(y, logistic(x))
    xp, yp = drawn["sigma_prime"].get_data()
    assert yp.max() == pytest.approx(0.25)
    assert xp[np.argmax(yp)] == 0.0
    assert list(drawn["peak"].get_data()[1]) == [0.25]
    assert len(ax.get_legend().get_texts()) == 3


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"x_max": 0}, "x_max"), ({"points": 2}, "points")]
)
def test_plot_logistic_refuses_bad_ranges(ax, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_logistic(ax, **kwargs)


def test_book_style_is_opaque_and_reproducible():
    style = plots.book_style()
    assert style["figure.facecolor"] == "white"
    assert not style["savefig.transparent"]
    with mpl.rc_context(style):
        assert mpl.rcParams["svg.hashsalt"] == "lstmnotes"
