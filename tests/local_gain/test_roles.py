"""The local-gain part's evidence and figure functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import time

import pytest
from _timing import assert_fast
from matplotlib.figure import Figure

from lstmnotes.local_gain import (
    DESCENT_MAX_STEPS,
    MAX_GRID_POINTS,
    derivative_elasticity,
    evidence_maximiser,
    evidence_pointwise,
    evidence_products,
    evidence_running,
    evidence_training,
    evidence_weight_size,
    figures,
    gain_contour,
    gain_interval,
    gain_tail,
    gain_threshold,
)
from lstmnotes.local_gain import evidence as ev

AX = Figure().add_subplot()

# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (lambda v: evidence_maximiser.coth_maximiser(seed=v), "seed", None),
    (lambda v: evidence_maximiser.coth_maximiser(count=v), "count", ev.MAX_PAIRS),
    (lambda v: evidence_maximiser.coth_maximiser(count=1, points=v), "points", MAX_GRID_POINTS),
    (lambda v: evidence_maximiser.answer_net_zero(seed=v), "seed", None),
    (lambda v: evidence_maximiser.answer_net_zero(count=v), "count", ev.MAX_PAIRS),
    (lambda v: evidence_pointwise.regrouped_factors_are_gains(seed=v), "seed", None),
    (lambda v: evidence_pointwise.regrouped_factors_are_gains(nets=v), "nets", ev.MAX_NETS),
    (lambda v: evidence_pointwise.regrouped_factors_are_gains(q_max=v), "q_max", ev.MAX_LAG),
    (evidence_products.exponential_products, "q", ev.MAX_LEVELS),
    (lambda v: evidence_running.running_limit(start=v), "start", None),
    (lambda v: evidence_running.running_limit(weights=v), "weights", None),
    (lambda v: evidence_training.learning_rate_keeps_ratio(seed=v), "seed", None),
    (lambda v: evidence_training.learning_rate_keeps_ratio(n=v), "n", ev.MAX_UNITS),
    (lambda v: evidence_training.learning_rate_keeps_ratio(steps=v), "steps", ev.MAX_STEPS),
    (lambda v: evidence_training.weights_cross_zero(seed=v), "seed", None),
    (lambda v: evidence_training.weights_cross_zero(walks=v), "walks", ev.MAX_WALKS),
    (lambda v: evidence_training.weights_cross_zero(steps=v), "steps", DESCENT_MAX_STEPS),
    (
        lambda v: evidence_weight_size.gain_below_one_for_small_weights(points=v),
        "points",
        ev.MAX_POINTS,
    ),
    (lambda v: evidence_weight_size.gain_below_one_for_small_weights(seed=v), "seed", None),
    (
        lambda v: evidence_weight_size.gain_below_one_for_small_weights(count=v),
        "count",
        ev.MAX_PAIRS,
    ),
    (lambda v: evidence_weight_size.larger_weights_do_not_help(seed=v), "seed", None),
    (lambda v: evidence_weight_size.larger_weights_do_not_help(count=v), "count", ev.MAX_PAIRS),
    (lambda v: evidence_weight_size.four_is_not_sharp(seed=v), "seed", None),
    (lambda v: evidence_weight_size.four_is_not_sharp(count=v), "count", ev.MAX_PAIRS),
    (lambda v: evidence_weight_size.four_is_not_sharp(fixed_c=v), "fixed_c", None),
    (lambda v: figures.plot_gain_curves(AX, ys=v), "ys", None),
    (lambda v: figures.plot_gain_curves(AX, c=v), "c", None),
    (lambda v: figures.plot_gain_curves(AX, w_max=v), "w_max", figures.MAX_RANGE),
    (lambda v: figures.plot_gain_curves(AX, points=v), "points", figures.MAX_CURVE_POINTS),
    (lambda v: figures.plot_gain_plane(AX, w_max=v), "w_max", figures.MAX_RANGE),
    (lambda v: figures.plot_gain_plane(AX, y_max=v), "y_max", figures.MAX_RANGE),
    (lambda v: figures.plot_gain_plane(AX, points=v), "points", figures.MAX_PLANE_POINTS),
    (lambda v: figures.plot_gain_tail(AX, c=v), "c", None),
    (lambda v: figures.plot_gain_tail(AX, w_max=v), "w_max", figures.MAX_RANGE),
    (lambda v: figures.plot_gain_tail(AX, points=v), "points", figures.MAX_CURVE_POINTS),
    (lambda v: figures.plot_path_decay(AX, v, [1.0], [1.0]), "largest", None),
    (lambda v: gain_tail(1.0, 1.0, activation=v), "activation", None),
    (lambda v: derivative_elasticity(1.0, 1.0, activation=v), "activation", None),
    (lambda v: gain_threshold(1.0, activation=v), "activation", None),
    (lambda v: gain_contour(1.0, activation=v), "activation", None),
    (lambda v: gain_interval(1.0, activation=v), "activation", None),
]
STRING_NAMES = {"activation"}  # a string is a name: an unknown one is a ValueError


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


def test_the_grid_work_of_the_coth_check_is_bounded():
    start = time.process_time()
    with pytest.raises(ValueError, match=r"count \* points"):
        evidence_maximiser.coth_maximiser(count=ev.MAX_PAIRS, points=MAX_GRID_POINTS)
    assert_fast(start, 0.5)


@pytest.mark.parametrize("fixed_c", [0.0, float("nan"), float("inf")])
def test_the_fixed_offset_is_finite_and_nonzero(fixed_c):
    with pytest.raises(ValueError, match="fixed_c"):
        evidence_weight_size.four_is_not_sharp(count=1, fixed_c=fixed_c)


def test_too_many_weights_are_refused():
    with pytest.raises(ValueError, match="weights"):
        evidence_running.running_limit(weights=[-1.0] * (ev.MAX_WEIGHTS + 1))


def test_the_pair_indices_of_the_sweep_are_integers():
    with pytest.raises(TypeError, match="k_regrouped"):
        figures.plot_pair_sweep(AX, None, None, k_regrouped=1.5)  # type: ignore[arg-type]
