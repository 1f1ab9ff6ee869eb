"""The limits on the length of the flow recursions: one unit runs in blocks up to MAX_LAGS steps, two or
more units step by step up to MAX_MATRIX_LAGS; a longer request is refused before any work."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import flow

_SWAP = np.array([[0.0, 2.0], [0.5, 0.0]])  # two steps of the flow of W^T bring every entry back

CALLS = {
    "scaling_factor": lambda fp: flow.scaling_factor(_SWAP, fp),
    "scaling_factor_column": lambda fp: flow.scaling_factor_column(_SWAP, fp, 0),
    "largest_flow_by_lag": lambda fp: flow.largest_flow_by_lag(_SWAP, fp),
    "global_flow": lambda fp: flow.global_flow(_SWAP, fp, [0, 1]),
    "matrix_form": lambda fp: flow.matrix_form(_SWAP, fp, 0, 0),
    "largest_flows_by_lag": lambda fp: flow.largest_flows_by_lag(_SWAP[None], fp[None]),
}


def test_the_limit_for_matrices_is_below_the_one_for_a_single_unit():
    assert 1 < flow.MAX_MATRIX_LAGS < flow.MAX_LAGS


@pytest.mark.parametrize("name", sorted(CALLS))
def test_two_units_run_the_longest_allowed_recursion(name):
    q = flow.MAX_MATRIX_LAGS  # even: the swap applied q times is the identity, slopes one
    result = np.asarray(CALLS[name](np.ones((q, 2))))
    expected = {
        "scaling_factor": np.eye(2),
        "scaling_factor_column": np.array([1.0, 0.0]),
        "largest_flow_by_lag": np.where(np.arange(1, q + 1) % 2 == 1, 2.0, 1.0),
        "global_flow": np.array([1.0, 1.0]),
        "matrix_form": np.array(1.0),
        "largest_flows_by_lag": np.where(np.arange(1, q + 1) % 2 == 1, 2.0, 1.0)[None, :],
    }[name]
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_two_units_one_step_beyond_the_limit_are_refused_at_once(name):
    fprime = np.ones((flow.MAX_MATRIX_LAGS + 1, 2))
    start = time.process_time()
    with pytest.raises(ValueError, match=r"fprime has q = \d+ rows.*MAX_MATRIX_LAGS = \d+"):
        CALLS[name](fprime)
    assert_fast(start, 0.5)


def test_one_unit_keeps_the_longer_limit():
    lags = flow.MAX_MATRIX_LAGS + 1
    np.testing.assert_array_equal(
        flow.largest_flow_by_lag([[1.0]], np.ones((lags, 1))), np.ones(lags)
    )
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_LAGS"):
        flow.scaling_factor([[1.0]], np.ones((flow.MAX_LAGS + 1, 1)))
    assert_fast(start, 0.5)


def test_a_stack_needing_row_by_row_steps_splits_its_slopes_once():
    # a subnormal slope beside a slope of one: every step of every net takes the row-by-row path; its
    # cost is linear in q (it was quadratic: the slopes were split again at every step)
    q = 6000
    fprime = np.ones((1, q, 2))
    fprime[:, :, 1] = 5e-324
    start = time.process_time()
    flows = flow.largest_flows_by_lag(np.eye(2)[None], fprime)
    assert_fast(start, 5.0)  # about 0.5 s; quadratic, it took minutes
    np.testing.assert_array_equal(flows, np.ones((1, q)))


BROADCAST = {
    "scaling_factor": lambda fp: flow.scaling_factor(np.eye(2), fp),
    "scaling_factor_column": lambda fp: flow.scaling_factor_column(np.eye(2), fp, 0),
    "largest_flow_by_lag": lambda fp: flow.largest_flow_by_lag(np.eye(2), fp),
    "global_flow": lambda fp: flow.global_flow(np.eye(2), fp, [0]),
    "matrix_form": lambda fp: flow.matrix_form(np.eye(2), fp, 0, 1),
    "path_sum": lambda fp: flow.path_sum(np.eye(2), fp),
    "path_terms": lambda fp: flow.path_terms(np.eye(2), fp, 0, 1),
    "largest_flows_by_lag": lambda fp: flow.largest_flows_by_lag(
        np.broadcast_to(np.eye(2), (1, 2, 2)), fp[None]
    ),
}


@pytest.mark.parametrize("name", sorted(BROADCAST))
@pytest.mark.parametrize("fill", [1.0, 1, np.nan], ids=["float", "int", "nan"])
def test_a_huge_broadcast_fprime_is_refused_by_its_size_before_its_entries_are_read(name, fill):
    # a zero-stride view: 10^9 rows cost no memory, but a scan of them for finiteness (or a conversion
    # of integers to float64) would take seconds and gigabytes; the size alone is beyond every limit
    fprime = np.broadcast_to(fill, (10**9, 2))
    start = time.process_time()
    with pytest.raises(ValueError, match=r"fprime|MAX_STACKED_STEPS"):
        BROADCAST[name](fprime)
    assert_fast(start, 0.5)


def test_a_huge_broadcast_w_is_refused_by_its_size():
    W = np.broadcast_to(1.0, (10**5, 10**5))
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_WORK"):
        flow.scaling_factor(W, np.ones((1, 10**5)))
    assert_fast(start, 0.5)


def test_a_broadcast_fprime_of_the_wrong_width_is_refused_by_its_shape():
    fprime = np.broadcast_to(1.0, (10**9, 3))
    start = time.process_time()
    with pytest.raises(ValueError, match=r"fprime must have n = 2 columns"):
        flow.scaling_factor(np.eye(2), fprime)
    assert_fast(start, 0.5)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: flow.path_sum(np.eye(2), np.ones((22, 2))),  # 2^23 terms
            rf"fprime has q = 22 rows for n = 2 units.*MAX_PATH_TERMS = {flow.MAX_PATH_TERMS}",
        ),
        (
            lambda: flow.path_terms(np.eye(4), np.ones((12, 4)), 0, 0),  # 2^24 terms
            rf"fprime has q = 12 rows for n = 4 units.*MAX_PATH_TERMS = {flow.MAX_PATH_TERMS}",
        ),
        (
            lambda: flow.path_sum([[1.0]], np.ones((flow.MAX_PATH_LAGS + 1, 1))),
            rf"fprime has q = {flow.MAX_PATH_LAGS + 1} rows.*MAX_PATH_LAGS = {flow.MAX_PATH_LAGS}",
        ),
        (
            lambda: flow.matrix_form(np.eye(2), np.ones((1, 2)), 0, 0),
            r"fprime must have at least 2 rows.*got q = 1",
        ),
    ],
    ids=["path_sum", "path_terms", "path_lags", "matrix_form"],
)
def test_the_refusals_of_the_path_sum_and_matrix_form_name_fprime_and_the_limit(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_many_two_unit_nets_of_one_lag_take_about_a_second():
    # k = 2e6 nets, q = 1 (k q at MAX_STACKED_STEPS): each net was scaled in a Python loop, 16-22 s
    k = flow.MAX_STACKED_STEPS
    start = time.process_time()
    largest = flow.largest_flows_by_lag(np.full((k, 2, 2), 0.5), np.full((k, 1, 2), 0.5))
    assert_fast(start, 3.0)
    assert largest.shape == (k, 1)
    assert np.all(largest == 0.25)  # F' W^T: 0.5 * 0.5 in every entry
