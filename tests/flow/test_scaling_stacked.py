"""largest_flows_by_lag: a stack of nets gives what largest_flow_by_lag gives net by net, to the accuracy
both state, also where a net's flow dies out, where slopes are zero, and on the subnormal (row-by-row)
path."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import flow
from lstmnotes.flow import largest_flow_by_lag, largest_flows_by_lag


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
    _within_the_stated_bound(stacked, alone, W, fprime)
    assert np.all(stacked[1] == 0.0)
    assert np.all(stacked[2, 5:] == 0.0)


def _within_the_stated_bound(stacked, alone, W, fprime):
    """Each entry within 2 q' (n + 2) 2^-53 of the flow of |W| and |fprime| (plus 2^-1073), for each
    of the two: so the two within twice that of each other."""
    k, q, n = fprime.shape
    size = np.stack([largest_flow_by_lag(np.abs(W[i]), np.abs(fprime[i])) for i in range(k)])
    lags = np.arange(1, q + 1)[None, :]
    bound = 2 * (2 * lags * (n + 2) * 2.0**-53 * size + 2.0**-1073)
    assert np.all(np.abs(stacked - alone) <= bound)


def test_the_stack_and_the_single_net_may_differ_in_the_last_bit():
    # the two keep their scales differently (one a net, one a column) and round differently here: at
    # lag 2 they give 0.067239 and 0.06723900000000001, both within the stated bound
    W = np.array([[[0.41, 0.27], [-0.76, 1.5]]])
    fprime = np.array([[[7.6e-282, 0.124], [1.36e-281, 0.241]]])
    stacked = largest_flows_by_lag(W, fprime)
    alone = largest_flow_by_lag(W[0], fprime[0])[None, :]
    _within_the_stated_bound(stacked, alone, W, fprime)


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


def test_one_unit_nets_are_bit_for_bit_the_one_net_recursion():
    # the smallest case where a stacked step and the one-unit blocks used to round differently
    got = largest_flows_by_lag([[[0.1]]], [[[0.1], [0.1]]])
    assert got[0].tolist() == largest_flow_by_lag([[0.1]], [[0.1], [0.1]]).tolist()
    exact = Fraction(0.1) ** 4  # the float 0.1, to the fourth power: the lag-2 flow
    assert abs(Fraction(got[0, 1]) - exact) <= 2 * 2 * 3 * Fraction(1, 2**53) * exact


def test_the_step_limit_is_per_net_and_the_total_has_its_own_limit(monkeypatch):
    W, fprime = np.full((2, 1, 1), 0.9), np.full((2, 600_000, 1), 0.9)
    assert largest_flows_by_lag(W, fprime).shape == (2, 600_000)  # 1.2e6 steps in all, 6e5 per net
    monkeypatch.setattr("lstmnotes.flow._stacked.MAX_STACKED_STEPS", 10)
    with pytest.raises(ValueError, match="MAX_STACKED_STEPS"):
        largest_flows_by_lag(np.ones((3, 1, 1)), np.ones((3, 4, 1)))


def test_the_costly_stacks_are_refused_at_once():
    import time

    from lstmnotes.flow import MAX_ONE_UNIT_NETS, MAX_ROW_STEPS, MAX_STACKED_STEPS

    cases = [
        ((MAX_STACKED_STEPS // 1000 + 1, 1000, 2), 1.0, "MAX_STACKED_STEPS"),
        ((MAX_ONE_UNIT_NETS + 1, 1, 1), 1.0, "MAX_ONE_UNIT_NETS"),
        ((MAX_ROW_STEPS // 1000 + 1, 1000, 2), 2.0**-1000, "MAX_ROW_STEPS"),
    ]
    for (k, q, n), low, match in cases:
        W = np.ones((k, n, n))
        fprime = np.full((k, q, n), 0.25)
        fprime[:, :, 0] *= low
        start = time.process_time()
        with pytest.raises(ValueError, match=match):
            largest_flows_by_lag(W, fprime)
        assert_fast(start, 0.5)
    k = MAX_ROW_STEPS // 1000  # at the limit: taken
    fprime = np.full((k, 1000, 2), 0.25)
    fprime[:, :, 0] *= 2.0**-1000
    assert largest_flows_by_lag(np.ones((k, 2, 2)), fprime).shape == (k, 1000)
