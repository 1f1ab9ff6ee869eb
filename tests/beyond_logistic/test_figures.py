"""The chapter's figures draw what they say."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from lstmnotes.beyond_logistic.evidence import same_weight_flow
from lstmnotes.beyond_logistic.figures import (
    MAX_CURVES,
    plot_activation_gains,
    plot_same_weight_flow,
)


def test_gains_one_curve_per_activation_with_maxima_where_they_exist():
    ax = Figure().add_subplot()
    drawn = plot_activation_gains(ax, ("logistic", "tanh", "relu"))
    assert len(drawn["curves"]) == 3
    assert drawn["maxima"][2] is None
    w, g = drawn["curves"][1].get_data()
    np.testing.assert_allclose(g, np.abs(w / np.cosh(w) ** 2), rtol=1e-12, atol=1e-300)
    _, top = drawn["maxima"][1].get_data()
    assert top[0] == pytest.approx(np.max(g), rel=1e-5)
    _, relu = drawn["curves"][2].get_data()
    np.testing.assert_array_equal(relu, w)


def test_same_weight_flow_draws_both_units_and_the_reversal():
    ax = Figure().add_subplot()
    scan = same_weight_flow(1, weights=200)
    drawn = plot_same_weight_flow(ax, scan)
    np.testing.assert_array_equal(drawn["tanh"].get_data()[1], scan.tanh)
    assert drawn["reversal"].get_data()[0][0] == scan.first_reversal


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda ax: plot_activation_gains(ax, "tanh"), TypeError, "activations"),
        (
            lambda ax: plot_activation_gains(ax, ["tanh"] * (MAX_CURVES + 1)),
            ValueError,
            "activations",
        ),
        (lambda ax: plot_activation_gains(ax, [3]), TypeError, "activations"),
        (lambda ax: plot_activation_gains(ax, ["tanh"], y=0.0), ValueError, "y"),
        (lambda ax: plot_activation_gains(ax, ["tanh"], y="1"), TypeError, "y"),
        (lambda ax: plot_activation_gains(ax, ["tanh"], w_max=1e4), ValueError, "w_max"),
        (lambda ax: plot_activation_gains(ax, ["tanh"], points=10**6), ValueError, "points"),
        (lambda ax: plot_same_weight_flow(ax, None), TypeError, "scan"),
        (
            lambda ax: plot_same_weight_flow(ax, same_weight_flow(50, weights=10, w_max=20.0)),
            ValueError,
            "zero",
        ),
    ],
)
def test_bad_arguments_are_refused(call, error, name):
    with pytest.raises(error, match=name):
        call(Figure().add_subplot())
