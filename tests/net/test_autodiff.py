"""The autograd cross-checks agree with the BPTT rule and the recursion, and refuse bad input."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import flow, net
from lstmnotes.net import autodiff


@pytest.mark.parametrize("activation", ["logistic", "tanh", "identity"])
def test_autodiff_error_signals_match_the_rule(activation):
    rng = np.random.default_rng(1)
    W = rng.normal(scale=0.9, size=(5, 5))
    run = net.run_net(W, rng.uniform(-1, 1, 5), 7, activation)
    outputs, target = [0, 4], [0.3, -0.2]
    by_rule = net.error_signals(run, 7, net.output_error(run, 7, target, outputs))
    by_autograd = autodiff.autodiff_error_signals(run, 7, target, outputs)
    np.testing.assert_allclose(by_autograd, by_rule, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("activation", ["logistic", "tanh", "identity"])
def test_autodiff_scaling_factor_matches_the_recursion(activation):
    rng = np.random.default_rng(2)
    W = rng.normal(scale=0.9, size=(4, 4))
    run = net.run_net(W, rng.uniform(-1, 1, 4), 9, activation)
    for t, q in [(9, 1), (9, 8), (5, 3)]:
        np.testing.assert_allclose(
            autodiff.autodiff_scaling_factor(run, t, q),
            flow.scaling_factor(W, run.fprime(t, q)),
            rtol=1e-10,
            atol=1e-15,
        )


def test_bad_input_refused():
    run = net.run_net(np.eye(2), [0.1, 0.2], 3)
    with pytest.raises(ValueError, match="need q < t"):
        autodiff.autodiff_scaling_factor(run, 3, 3)
    with pytest.raises(ValueError, match="one entry per output unit"):
        autodiff.autodiff_error_signals(run, 3, [0.0, 1.0], [0])
    with pytest.raises(ValueError, match="t must be between 1 and T = 3"):
        autodiff.autodiff_error_signals(run, 4, [0.0], [0])


@pytest.mark.parametrize("activation", ["logistic", "tanh", "cell_g"])
def test_a_saturated_unit_gives_zero_slopes_not_nan_and_no_warning(activation):
    # net(2) = -1000: the slope e^-1000 (or 4 e^-2000) is below the float range, so every derivative
    # through it is 0 (the library's too); autograd's 1/(1 + e^-x) formed 0 times inf (nan) and warned
    run = net.run_net([[-1000.0]], [1.0], 2, activation)
    by_rule = net.error_signals(run, 2, net.output_error(run, 2, [0.5], [0]))
    assert autodiff.autodiff_error_signals(run, 2, [0.5], [0]).tolist() == by_rule.tolist()
    assert autodiff.autodiff_scaling_factor(run, 2, 1).tolist() == [[0.0]]
    expected = net.loss_gradient(run, net.target_errors(run, [[0.5]], [0], [2])).W
    assert (
        autodiff.autodiff_loss_gradient(run, [[0.5]], [0], [2])["W"].tolist() == expected.tolist()
    )


def test_a_run_that_is_not_one_and_a_long_run_are_refused_at_once():
    # run=None gave an AttributeError; T = 200000 ran for 43 s
    for call in (
        lambda r: autodiff.autodiff_error_signals(r, 1, [0.0], [0]),
        lambda r: autodiff.autodiff_scaling_factor(r, 2, 1),
        lambda r: autodiff.autodiff_loss_gradient(r, [[0.0]], [0], [1]),
    ):
        with pytest.raises(TypeError, match="run must be a Run"):
            call(None)
    T = 200_000
    run = net.run_net([[0.5]], [0.1], T)
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_AUTODIFF_STEPS = 2500"):
        autodiff.autodiff_error_signals(run, T, [0.0], [0])
    with pytest.raises(ValueError, match="MAX_AUTODIFF_STEPS = 2500"):
        autodiff.autodiff_loss_gradient(run, [[0.0]], [0], [T])
    with pytest.raises(ValueError, match="MAX_AUTODIFF_STEPS = 2500"):
        autodiff.autodiff_scaling_factor(run, T, T - 1)
    assert_fast(start, 0.1)


def test_an_overflow_in_autograds_own_pass_is_refused():
    # the library redoes a sum whose products overflow (1e300 y0 - 1e300 y0 with y0 = 1e10 is 0); autograd
    # forms inf - inf = nan, which is refused rather than returned
    run = net.run_net([[1e300, -1e300], [0.0, 0.0]], [1e10, 1e10], 1, "identity")
    with pytest.raises(ValueError, match="autograd's pass overflows float64"):
        autodiff.autodiff_loss_gradient(run, [[0.0]], [0], [1])
