"""The autograd cross-checks agree with the BPTT rule and the recursion, and refuse bad input."""

from __future__ import annotations

import numpy as np
import pytest

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
