"""Task 2a's generator and the success criterion."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import long_lag


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 120), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_sequences_are_the_papers_two(p, batch, seed):
    symbols = long_lag.task_2a_symbols(np.random.default_rng(seed), p, batch)
    assert symbols.shape == (batch, p + 1)
    assert set(np.unique(symbols[:, 0])) <= {p - 1, p}  # x or y first
    np.testing.assert_array_equal(symbols[:, 0], symbols[:, -1])  # the first symbol comes back last
    np.testing.assert_array_equal(symbols[:, 1:-1], np.tile(np.arange(p - 1), (batch, 1)))
    assert len({tuple(row) for row in symbols.tolist()}) <= 2


def test_both_sequences_are_drawn_about_equally_often():
    first = long_lag.task_2a_symbols(np.random.default_rng(0), 10, 20_000)[:, 0]
    share = np.mean(first == 10)
    assert abs(share - 0.5) < 0.02  # binomial sd 0.0035: more than five of them


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 40), st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_coding_is_local_and_targets_are_the_next_symbol(p, batch, seed):
    task = long_lag.task_2a(np.random.default_rng(seed), p, batch)
    assert task.inputs.shape == task.targets.shape == (batch, p, p + 1)  # alphabet of p + 1
    assert set(np.unique(task.inputs)) == {0.0, 1.0}
    np.testing.assert_array_equal(task.inputs.sum(axis=2), 1.0)
    np.testing.assert_array_equal(task.inputs.argmax(axis=2), task.symbols[:, :-1])
    np.testing.assert_array_equal(task.targets.argmax(axis=2), task.symbols[:, 1:])
    np.testing.assert_array_equal(task.targets[:, :-1], task.inputs[:, 1:])  # shifted by one step


def test_same_seed_same_sequences():
    a = long_lag.task_2a_symbols(np.random.default_rng(11), 7, 50)
    b = long_lag.task_2a_symbols(np.random.default_rng(11), 7, 50)
    np.testing.assert_array_equal(a, b)


def test_criterion_is_the_largest_absolute_error_below_a_quarter():
    targets = np.zeros((3, 2, 2))
    outputs = np.zeros((3, 2, 2))
    outputs[1, 1, 0] = 0.25  # exactly at the threshold: not below it
    outputs[2, 0, 1] = -0.2499
    assert long_lag.within_threshold(outputs, targets).tolist() == [True, False, True]
    assert long_lag.within_threshold(outputs, targets, threshold=0.3).tolist() == [True] * 3


def test_criterion_refuses_mismatched_shapes_and_bad_thresholds():
    with pytest.raises(ValueError, match="share a shape"):
        long_lag.within_threshold(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="threshold"):
        long_lag.within_threshold(np.zeros((2, 3)), np.zeros((2, 3)), threshold=0.0)
    with pytest.raises(TypeError, match="threshold"):
        long_lag.within_threshold(np.zeros((2, 3)), np.zeros((2, 3)), threshold="0.25")
