"""The gain figures are inspected through what the plotting functions return."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.local_gain import figures as gain_plots
from lstmnotes.local_gain._unit import GAIN_ARGMAX, GAIN_CONSTANT


def slope(x):
    return np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2


def test_curves_draw_the_gain_and_mark_the_maxima(ax):
    drawn = gain_plots.plot_gain_curves(ax, (0.1, 1.0), w_max=30.0, points=601)
    assert len(drawn["curves"]) == len(drawn["maximisers"]) == 2
    for line, mark, y in zip(drawn["curves"], drawn["maximisers"], (0.1, 1.0), strict=True):
        w, values = line.get_data()
        np.testing.assert_allclose(values, slope(w * y) * np.abs(w))
        w_marks, top = mark.get_data()
        np.testing.assert_allclose(np.abs(w_marks), GAIN_ARGMAX / y)
        assert top[0] >= values.max()
    assert list(drawn["level"].get_ydata()) == [1.0, 1.0]
    assert sorted(b.get_xdata()[0] for b in drawn["bounds"]) == [-4.0, 4.0]


def test_curves_with_an_offset_mark_one_maximiser(ax):
    drawn = gain_plots.plot_gain_curves(ax, (0.5,), c=1.0)
    w_mark, _ = drawn["maximisers"][0].get_data()
    assert len(w_mark) == 1
    assert w_mark[0] < 0  # the net input of the best weight has the opposite sign of c


def test_plane_draws_level_bounds_and_maximisers(ax):
    drawn = gain_plots.plot_gain_plane(ax, w_max=30.0, y_max=0.4, points=51)
    w, y = drawn["level"][0].get_data()
    np.testing.assert_allclose(slope(w * y) * np.abs(w), 1.0, rtol=1e-12)
    assert y.max() <= GAIN_CONSTANT
    w, y = drawn["maximisers"][1].get_data()
    np.testing.assert_allclose(w * y, -GAIN_ARGMAX)
    assert drawn["peak"].get_data()[1][0] == GAIN_CONSTANT
    assert drawn["shading"].get_array().shape == (51, 51)
    assert drawn["colorbar"] is not None


def test_tail_draws_curves_and_asymptotes(ax):
    drawn = gain_plots.plot_gain_tail(ax, (0.5,), w_max=80.0)
    _, values = drawn["curves"][0].get_data()
    _, tail = drawn["asymptotes"][0].get_data()
    assert abs(values[-1] / tail[-1] - 1) < 1e-12
    assert ax.get_yscale() == "log"


def test_tail_slopes_are_log10_slopes(ax):
    # on a log10 axis the tail falls by |y| log10(e) per unit of w, plus the small d log10(w)/dw
    drawn = gain_plots.plot_gain_tail(ax, (0.5, 1.0), w_max=80.0)
    for y, slope, predicted in zip((0.5, 1.0), drawn["slopes"], drawn["predicted"], strict=True):
        assert predicted == pytest.approx(-y / np.log(10), rel=1e-15)
        correction = 1 / (60.0 * np.log(10))  # d log10(w)/dw in the middle of the right half
        assert slope == pytest.approx(predicted + correction, abs=2e-3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ys": ()}, "ys must hold"),
        ({"ys": (0.1, 0.2, 0.3, 0.4)}, "ys must hold"),
        ({"ys": (0.0,)}, "nonzero"),
        ({"w_max": -1.0}, "w_max"),
        ({"points": 2}, "points"),
    ],
)
def test_curves_and_tail_refuse_bad_arguments(ax, kwargs, message):
    with pytest.raises(ValueError, match=message):
        gain_plots.plot_gain_curves(ax, **kwargs)
    with pytest.raises(ValueError, match=message):
        gain_plots.plot_gain_tail(ax, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"y_max": 0.0}, "y_max"), ({"w_max": np.inf}, "w_max"), ({"points": 1}, "points")],
)
def test_plane_refuses_bad_arguments(ax, kwargs, message):
    with pytest.raises(ValueError, match=message):
        gain_plots.plot_gain_plane(ax, **kwargs)


def test_pair_sweep_draws_a_peaked_and_a_linear_curve(ax):
    from lstmnotes.local_gain._in_net import path_pairing
    from lstmnotes.net._run import random_weights, run_net

    rng = np.random.default_rng(0)
    run = run_net(random_weights(3, rng, w_max=3.5), rng.uniform(0, 1, 3), 12)
    regrouped = path_pairing(run, 12, [0, 1, 2], "regrouped")
    corrected = path_pairing(run, 12, [0, 1, 2], "corrected")
    drawn = gain_plots.plot_pair_sweep(ax, regrouped, corrected, k_corrected=1, w_max=20.0)
    w, linear = drawn["corrected"].get_data()
    np.testing.assert_allclose(linear, corrected.slopes[1] * np.abs(w))
    w, peaked = drawn["regrouped"].get_data()
    y, c = regrouped.inputs[0], regrouped.offsets[0]
    np.testing.assert_allclose(peaked, slope(w * y + c) * np.abs(w))
    assert drawn["actual"][0].get_data()[0][0] == regrouped.weights[0]
    assert ax.get_ylim()[1] >= peaked.max()


def test_path_decay_draws_three_series(ax):
    drawn = gain_plots.plot_path_decay(ax, [0.1, 0.01], [0.2, 0.04], [0.3, 0.05])
    assert list(drawn["bound"].get_ydata()) == [0.2, 0.04]
    assert list(drawn["flow"].get_xdata()) == [1, 2]
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="equal length"):
        gain_plots.plot_path_decay(ax, [0.1], [0.2, 0.04], [0.3])
    with pytest.raises(ValueError, match="positive"):
        gain_plots.plot_path_decay(ax, [0.0], [0.2], [0.3])
