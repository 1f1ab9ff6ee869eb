"""The training steps specialised to Task 2a's two sequences against the general gradients.

The general gradients are checked against automatic differentiation in ``test_gradients.py``; here one
step of each specialised function must move every weight by exactly ``-rate`` times that gradient (to
rounding), and report the error and the largest absolute output error of the sequence it was given.
"""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.long_lag import (
    bptt_gradient,
    cell_net_gradient,
    random_bptt_net,
    random_cell_net,
    run_bptt,
    run_cell_net,
)
from lstmnotes.long_lag._two_sequences import bptt_step, cell_step

RATE = 0.7


def _sequences(p: int, first: np.ndarray) -> np.ndarray:
    middle = np.arange(p - 1)
    return np.stack([np.concatenate([[f], middle, [f]]) for f in first])


def _largest(outputs: np.ndarray, symbols: np.ndarray) -> np.ndarray:
    targets = np.arange(outputs.shape[2]) == symbols[:, 1:, None]
    return np.abs(outputs - targets).max(axis=(1, 2))


@pytest.mark.parametrize("p", [2, 3, 7])
def test_cell_step_is_the_truncated_gradient_step(p):
    rng = np.random.default_rng(p)
    net = random_cell_net(rng, p, 4)
    net = type(net)(
        3 * net.gate_in, 3 * net.cell_in, 5 * net.output
    )  # away from the symmetric start
    first = np.array([p - 1, p, p, p - 1])
    symbols = _sequences(p, first)
    grad, loss = cell_net_gradient(net, symbols)
    outputs = run_cell_net(net, symbols).outputs
    v, c, w = net.gate_in.copy(), net.cell_in.copy(), net.output.copy()
    largest, step_loss = cell_step(v, c, w, first, np.ones(4), RATE)
    np.testing.assert_allclose(v, net.gate_in - RATE * grad.gate_in, rtol=0, atol=1e-13)
    np.testing.assert_allclose(c, net.cell_in - RATE * grad.cell_in, rtol=0, atol=1e-13)
    np.testing.assert_allclose(w, net.output - RATE * grad.output, rtol=0, atol=1e-13)
    np.testing.assert_allclose(step_loss, loss, rtol=1e-13)
    np.testing.assert_allclose(largest, _largest(outputs, symbols), rtol=1e-13)


def test_cell_step_without_its_cell_moves_only_the_input_to_output_weights():
    p = 5
    net = random_cell_net(np.random.default_rng(1), p, 2)
    v, c, w = net.gate_in.copy(), net.cell_in.copy(), net.output.copy()
    cell_step(v, c, w, np.array([p - 1, p]), np.zeros(2), RATE)
    np.testing.assert_array_equal(v, net.gate_in)
    np.testing.assert_array_equal(c, net.cell_in)
    np.testing.assert_array_equal(w[:, :, -1], net.output[:, :, -1])
    assert not np.array_equal(w, net.output)


@pytest.mark.parametrize("p", [2, 3, 7])
def test_bptt_step_is_the_full_gradient_step(p):
    rng = np.random.default_rng(10 + p)
    net = random_bptt_net(rng, p, 3)
    net = type(net)(3 * net.hidden_in, 4 * net.self_weight + 1.0, 5 * net.output)
    first = np.array([p, p - 1, p])
    symbols = _sequences(p, first)
    grad, loss = bptt_gradient(net, symbols)
    outputs = run_bptt(net, symbols).outputs
    h, r, w = net.hidden_in.copy(), net.self_weight.copy(), net.output.copy()
    largest, step_loss = bptt_step(h, r, w, first, RATE)
    np.testing.assert_allclose(h, net.hidden_in - RATE * grad.hidden_in, rtol=0, atol=1e-13)
    np.testing.assert_allclose(r, net.self_weight - RATE * grad.self_weight, rtol=0, atol=1e-13)
    np.testing.assert_allclose(w, net.output - RATE * grad.output, rtol=0, atol=1e-13)
    np.testing.assert_allclose(step_loss, loss, rtol=1e-13)
    np.testing.assert_allclose(largest, _largest(outputs, symbols), rtol=1e-13)


@pytest.mark.parametrize("learner", ["bptt", "cell"])
def test_a_step_keeps_the_gradient_of_a_saturated_output(learner):
    # output p - 1 (the symbol x) reads every input with weight 40: its y rounds to 1 at every step, and
    # y (1 - y) was 0 (and y - d too, at the last step, whose target is x). Its weight from the hidden unit
    # (or cell), 0, must still move by -rate times the general gradient (checked against mpmath in
    # test_gradients.py), about 1e-17
    p = 3
    output = np.zeros((1, p + 1, p + 2))
    output[0, p - 1, : p + 1] = 40.0
    first = np.array([p - 1])
    symbols = _sequences(p, first)
    w = output.copy()
    if learner == "bptt":
        net = random_bptt_net(np.random.default_rng(0), p, 1)
        net = type(net)(net.hidden_in, net.self_weight, output)
        bptt_step(net.hidden_in.copy(), net.self_weight.copy(), w, first, RATE)
        grad = bptt_gradient(net, symbols)[0].output
    else:
        net = random_cell_net(np.random.default_rng(0), p, 1)
        net = type(net)(net.gate_in, net.cell_in, output)
        cell_step(net.gate_in.copy(), net.cell_in.copy(), w, first, np.ones(1), RATE)
        grad = cell_net_gradient(net, symbols)[0].output
    assert 0 < abs(grad[0, p - 1, -1]) < 1e-15
    assert w[0, p - 1, -1] == pytest.approx(-RATE * grad[0, p - 1, -1], rel=1e-13)
