"""run_nets: a stack of nets runs, bit for bit, as run_net runs each net alone."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import net


@pytest.mark.parametrize("activation", ["logistic", "tanh", "identity"])
def test_a_stack_runs_as_each_net_alone(activation):
    rng = np.random.default_rng(3)
    W = rng.uniform(-16.0, 16.0, (9, 6, 6))
    y0 = rng.uniform(0.0, 1.0, (9, 6))
    if activation == "identity":
        W[0] = 1e300 * np.eye(6)  # its products overflow: the scaled path of run_net
        y0[0] = 1e-300
    runs = net.run_nets(W, y0, 40 if activation != "identity" else 2, activation)
    for i, run in enumerate(runs):
        alone = net.run_net(W[i], y0[i], run.steps, activation)
        np.testing.assert_array_equal(run.nets, alone.nets)
        np.testing.assert_array_equal(run.activations, alone.activations)
        assert run.activation.name == activation
        assert not run.nets.flags.writeable
        np.testing.assert_array_equal(run.fprime(run.steps, 1), alone.fprime(run.steps, 1))


@pytest.mark.parametrize(
    ("W", "y0", "steps", "error", "message"),
    [
        (np.zeros((0, 2, 2)), np.zeros((0, 2)), 3, ValueError, "non-empty stack"),
        (np.zeros((2, 2, 3)), np.zeros((2, 2)), 3, ValueError, "non-empty stack"),
        (np.zeros((2, 2, 2)), np.zeros((3, 2)), 3, ValueError, "y0 must have shape"),
        (np.zeros((2, 2, 2)), np.zeros((2, 2)), 0, ValueError, "steps"),
        (np.zeros((2, 2, 2)), np.zeros((2, 2)), 2.5, TypeError, "steps"),
        (np.zeros((1000, 64, 64)), np.zeros((1000, 64)), 10_000, ValueError, "MAX_WORK"),
    ],
)
def test_bad_stacks_are_refused(W, y0, steps, error, message):
    with pytest.raises(error, match=message):
        net.run_nets(W, y0, steps)
