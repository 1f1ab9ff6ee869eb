"""Logistic units with biases run forward."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.activations import logistic
from lstmnotes.later import _biased as conditions


def test_run_biased_logistic_adds_the_biases_to_the_net_inputs():
    W, b, y0 = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([0.3, -0.2]), np.array([0.1, 0.9])
    nets, ys = conditions.run_biased_logistic(W, b, y0, 3)
    assert nets.shape == (3, 2)
    assert ys.shape == (4, 2)
    np.testing.assert_array_equal(ys[0], y0)
    for t in range(1, 4):
        np.testing.assert_allclose(nets[t - 1], W @ ys[t - 1] + b, rtol=1e-15)
        np.testing.assert_allclose(ys[t], logistic(nets[t - 1]), rtol=1e-15)


def test_run_biased_logistic_rejects_bad_input():
    with pytest.raises(ValueError, match="b must be"):
        conditions.run_biased_logistic(np.eye(2), [0.0], [0.0, 0.0], 1)
    with pytest.raises(ValueError, match="steps must be"):
        conditions.run_biased_logistic(np.eye(2), [0.0, 0.0], [0.0, 0.0], 0)
