"""largest_flows_by_lag: a stack of nets gives, bit for bit, what largest_flow_by_lag gives net by net,
also where a net's flow dies out, where slopes are zero, and on the subnormal (row-by-row) path."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import flow


@pytest.mark.parametrize(
    ("n", "q", "scale", "slope"),
    [(8, 40, 16.0, 0.25), (5, 30, 0.25, 0.25), (3, 30, 1e-200, 1e-200), (4, 50, 1e200, 1e-300)],
)
def test_a_stack_is_each_net_alone(n, q, scale, slope):
    rng = np.random.default_rng(n)
    W = rng.uniform(-scale, scale, (12, n, n))
    fprime = rng.uniform(0.0, slope, (12, q, n))
    W[1] = 0.0  # a flow that is zero from the first lag
    fprime[2, 5] = 0.0  # a flow that dies at lag 6
    fprime[3, :, 1:] = 2.0**-1070  # slopes that need the row-by-row path
    alone = np.stack([flow.largest_flow_by_lag(W[i], fprime[i]) for i in range(12)])
    stacked = flow.largest_flows_by_lag(W, fprime)
    np.testing.assert_array_equal(stacked, alone)
    assert np.all(stacked[1] == 0.0)
    assert np.all(stacked[2, 5:] == 0.0)


def test_a_flow_beyond_float64_is_refused_as_for_one_net():
    W = np.full((2, 2, 2), 1e300)
    with pytest.raises(ValueError, match="the largest flow at lag 2"):
        flow.largest_flow_by_lag(W[0], np.ones((3, 2)))
    with pytest.raises(ValueError, match="the largest flow at lag 2"):
        flow.largest_flows_by_lag(W, np.ones((2, 3, 2)))


@pytest.mark.parametrize(
    ("W", "fprime", "message"),
    [
        (np.zeros((0, 2, 2)), np.zeros((0, 1, 2)), "non-empty stack"),
        (np.zeros((2, 2, 3)), np.zeros((2, 1, 3)), "non-empty stack"),
        (np.zeros((2, 2)), np.zeros((1, 2)), "W"),
        (np.zeros((2, 2, 2)), np.zeros((3, 1, 2)), "fprime must have shape"),
        (np.zeros((2, 2, 2)), np.zeros((2, 0, 2)), "fprime must have shape"),
        (np.full((1, 2, 2), np.nan), np.zeros((1, 1, 2)), "W"),
    ],
)
def test_bad_stacks_are_refused(W, fprime, message):
    with pytest.raises(ValueError, match=message):
        flow.largest_flows_by_lag(W, fprime)
