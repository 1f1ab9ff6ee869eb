"""The flow recursion with entries of any magnitude side by side, against exact rational arithmetic.

Every entry of a weight matrix or slope row is drawn on its own anywhere in the float range (subnormals,
1e-300, 1, 1e300), so that the columns of the flow, and the entries within one column, lie more than
2^2000 apart; each entry must keep the accuracy stated in ``lstmnotes.flow.DOMAIN`` or the call must refuse
a result beyond float64.
"""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from _timing import assert_fast
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstmnotes import flow

sys.path.insert(0, str(Path(__file__).parent))  # the tests run with --import-mode=importlib

from flow_oracle import EPS, FMAX, check, exact_flows, mixed


def test_the_smallest_known_case():
    M = flow.scaling_factor([[0, 1e200], [0, 1e-200]], [[0, 1e200], [0, 1]])
    # M_2[1, 1] = w_11 (f'_1)^2 w_11 ... exactly 1e-200 * 1e200 * 1e-200, rounded once here
    truth = Fraction(1e-200) * Fraction(1e200) * Fraction(1e-200) * Fraction(1)
    check(M[1, 1], truth, 2 * 2 * 4 * EPS * truth)
    assert M[1, 1] != 0.0


def test_columns_apart_and_entries_of_one_column_apart():
    # W^T W^T with w spanning 1e-300..1e300: column 0 holds 2 and 2e-300, column 1 2e300 and 2
    W = np.array([[1.0, 1e-300], [1e300, 1.0]])
    fp = np.ones((2, 2))
    exact, _ = exact_flows(W, fp)
    got = flow.scaling_factor(W, fp)
    for v in range(2):
        for u in range(2):
            check(got[v, u], exact[-1][v][u], 16 * EPS * abs(exact[-1][v][u]))
    assert flow.largest_flow_by_lag(W, fp).tolist() == pytest.approx([1e300, 2e300], rel=1e-15)
    assert flow.scaling_factor_column(W, fp, 0).tolist() == pytest.approx([2.0, 2e-300], rel=1e-15)


def test_one_column_spanning_far_after_many_steps():
    # slopes 1e-300 for unit 0 and 1 for unit 1: entry 0 of column 0 falls 2^1000 a step below entry 1,
    # then comes back by slopes 1e300 through w_01 (a path the entrywise recursion must keep)
    W = np.array([[1.0, 1.0], [0.0, 1.0]])
    fp = np.array([[1e-300, 1.0]] * 3 + [[1e300, 1.0]] * 3)
    exact, absolute = exact_flows(W, fp)
    got = flow.scaling_factor(W, fp)
    q, n = fp.shape[0], 2
    for v in range(n):
        for u in range(n):
            check(got[v, u], exact[-1][v][u], 2 * q * (n + 2) * EPS * absolute[-1][v][u])
    assert got[0, 0] != 0.0  # 1e-900 * 1e900 = 1: lost at one scale


def test_the_entrywise_recursion_is_bounded():
    n, q = 128, 200
    W = np.full((n, n), 1.0)
    W[0, 0] = 1e-300
    W[1, 1] = 1e300  # weights 2^1993 apart: every column needs one exponent per entry
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_ENTRYWISE_WORK"):
        flow.scaling_factor(W, np.full((q, n), 0.5))
    assert_fast(start, 1.0)


def test_one_unit_flows_of_a_million_steps_are_fast_and_right():
    rng = np.random.default_rng(3)
    fp = rng.uniform(0.5, 1.5, (10**6, 1))
    start = time.process_time()
    largest = flow.largest_flow_by_lag([[1.0]], fp)
    assert_fast(start, 1.0)
    exact = Fraction(1)
    for m in range(2000):  # the first lags, exactly
        exact *= Fraction(float(fp[m, 0]))
        check(largest[m], abs(exact), 2 * (m + 1) * 3 * EPS * abs(exact))


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_every_entry_keeps_its_stated_accuracy_over_mixed_magnitudes(data: st.DataObject) -> None:
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    W, fp = data.draw(mixed((n, n))), data.draw(mixed((q, n)))
    exact, absolute = exact_flows(W, fp)
    tolerance = 2 * q * (n + 2) * EPS
    M, A = exact[-1], absolute[-1]
    largest = max(abs(x) for row in M for x in row)
    assume(not FMAX * (1 - tolerance) <= largest <= FMAX * (1 + tolerance))
    if largest > FMAX:
        with pytest.raises(ValueError, match="overflows float64"):
            flow.scaling_factor(W, fp)
        return
    got = flow.scaling_factor(W, fp)
    for v in range(n):
        for u in range(n):
            check(got[v, u], M[v][u], tolerance * A[v][u])
    u = data.draw(st.integers(0, n - 1))
    column = flow.scaling_factor_column(W, fp, u)
    for v in range(n):
        check(column[v], M[v][u], tolerance * A[v][u])
    peaks = [max(abs(x) for row in E for x in row) for E in exact]
    if all(p < FMAX * (1 - tolerance) for p in peaks):
        by_lag = flow.largest_flow_by_lag(W, fp)
        for lag, (peak, B) in enumerate(zip(peaks, absolute, strict=True), start=1):
            bound = 2 * lag * (n + 2) * EPS * max(x for row in B for x in row)
            check(by_lag[lag - 1], peak, bound)


def test_ragged_or_non_integer_outputs_are_refused_by_name():
    W, fp = np.eye(2), np.ones((1, 2))
    with pytest.raises(ValueError, match="outputs must be a flat list"):
        flow.global_flow(W, fp, [[0], [0, 1]])
    with pytest.raises(TypeError, match="outputs must be integer"):
        flow.global_flow(W, fp, [np.timedelta64(1)])
    with pytest.raises(TypeError, match="outputs must be integer"):
        flow.global_flow(W, fp, [0.0])


def test_the_entrywise_limit_admits_about_a_second_of_work_and_refuses_one_step_more():
    # d_i / (n d_j) with d spanning 10^300: every column needs one exponent per entry from the start,
    # so the work is exactly q n (n^2 + 128): its products and a fixed cost a column and step
    n = 20
    d = 10 ** np.linspace(-150, 150, n)
    W = d[:, None] / (n * d[None, :])
    q = flow.MAX_ENTRYWISE_WORK // (n * (n**2 + 128))
    assert q * n * (n**2 + 128) <= flow.MAX_ENTRYWISE_WORK < (q + 1) * n * (n**2 + 128)
    start = time.process_time()
    assert np.all(np.isfinite(flow.scaling_factor(W, np.ones((q, n)))))
    assert_fast(start, 1.5)
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_ENTRYWISE_WORK"):
        flow.scaling_factor(W, np.ones((q + 1, n)))
    assert_fast(start, 0.5)


def test_the_entrywise_limit_counts_a_fixed_cost_a_column_and_step():
    # n = 11, q = 10000, one subnormal weight: all 11 columns go entrywise; 1.3e7 products were within
    # the old limit of 1.5e7 but took 4 to 5 s, the steps' fixed cost uncounted
    W = np.ones((11, 11))
    W[0, 1] = 2.0**-1030
    start = time.process_time()
    for call in (flow.scaling_factor, flow.largest_flow_by_lag):
        with pytest.raises(ValueError, match=r"n\^2 \+ 128 a column and step.*MAX_ENTRYWISE_WORK"):
            call(W, np.full((10_000, 11), 1 / 11))
    assert_fast(start, 0.5)
