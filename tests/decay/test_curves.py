"""The flow of random logistic nets at several weight scales, against the weak bound."""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import flow, net
from lstmnotes.decay import MAX_WORK
from lstmnotes.decay import _curves as decay
from lstmnotes.flow import MAX_ONE_UNIT_NETS, MAX_STACKED_STEPS


def test_decay_curves_respect_the_weak_bound_and_are_reproducible():
    curves = decay.decay_curves([0.5, 2.0, 8.0], np.random.default_rng(5), n=5, nets=6, q=25)
    again = decay.decay_curves([0.5, 2.0, 8.0], np.random.default_rng(5), n=5, nets=6, q=25)
    for curve, twin in zip(curves, again, strict=True):
        np.testing.assert_array_equal(curve.flows, twin.flows)
        assert curve.flows.shape == (6, 25)
        assert curve.lags.tolist() == list(range(1, 26))
        assert curve.rate < 1  # logistic nets: the flow decays
        assert curve.rate <= curve.bound_rate
        assert curve.tau == pytest.approx(5 * curve.w_max / 4)
        # the geometric mean lies between the smallest and largest net at every lag
        assert np.all(curve.flow <= curve.flows.max(axis=0) * (1 + 1e-12))
        assert np.all(curve.flow >= curve.flows.min(axis=0) * (1 - 1e-12))


def test_decay_curve_flow_is_the_largest_entry_of_the_explicit_product():
    # one net by hand: the product of q factors F'(t - m) W^T, from numpy's matmul
    rng = np.random.default_rng(11)
    (curve,) = decay.decay_curves([1.5], rng, n=3, nets=1, q=6)
    rng = np.random.default_rng(11)
    W = rng.uniform(-1.5, 1.5, size=(3, 3))
    y = rng.uniform(0, 1, size=3)
    nets = []
    for _ in range(decay.BURN_IN + 7):
        net = W @ y
        nets.append(net)
        y = 1 / (1 + np.exp(-net))
    slopes = [np.exp(-n) / (1 + np.exp(-n)) ** 2 for n in nets]
    M = np.eye(3)
    for m in range(1, 7):
        M = np.diag(slopes[-1 - m]) @ W.T @ M
        assert curve.flows[0, m - 1] == pytest.approx(np.abs(M).max(), rel=1e-10)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda r: decay.decay_curves([], r), ValueError, "non-empty list of scales"),
        (lambda r: decay.decay_curves([-1.0], r), ValueError, "non-empty list of scales"),
        (lambda r: decay.decay_curves([1.0], r, n=0), ValueError, "n must be an integer in 1\\.\\.64"),
        (lambda r: decay.decay_curves([1.0], r, q=1), ValueError, "q must be an integer in 2"),
        (lambda r: decay.decay_curves([0.01], r, n=2, nets=1, q=500), ValueError, "underflows"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, error, message):
    with pytest.raises(error, match=message):
        call(np.random.default_rng(0))


def test_slope_max():
    (curve,) = decay.decay_curves([16.0], np.random.default_rng(2), n=4, nets=3, q=10)
    assert 0 < curve.slope_max <= 0.25


def test_bound_and_first_growing_bound():
    curves = decay.decay_curves([0.25, 2.0, 8.0], np.random.default_rng(1), n=4, nets=3, q=6)
    np.testing.assert_allclose(curves[1].bound, 4 * curves[1].bound_rate ** np.arange(1, 7))
    assert decay.first_growing_bound(curves) == min(c.w_max for c in curves if c.bound_rate > 1)
    with pytest.raises(ValueError, match="exceeds one"):
        decay.first_growing_bound(curves[:1])


@pytest.mark.parametrize(
    ("scales", "n", "nets", "q", "message"),
    [
        (21, 1, 1000, 2, r"^len\(w_max_values\) \* nets = 21000 exceeds the limit MAX_CURVE_NETS"),
        (5, 2, 1000, 500, r"^len\(w_max_values\) \* nets \* q = 2500000 exceeds the limit lstmnotes\.flow\."),
        (200_000, 1, 1, 2, r"^len\(w_max_values\) \* nets = 200000 exceeds the limit MAX_CURVE_NETS"),
        (2, 64, 1000, 10, r"^len\(w_max_values\) \* nets \* q \* n\^3 = 5242880000 exceeds the limit"),
    ],
)  # fmt: skip
def test_decay_curves_refuses_beyond_its_stated_limits_at_once_naming_its_arguments(
    scales, n, nets, q, message
):
    start = time.process_time()
    with pytest.raises(ValueError, match=message):
        decay.decay_curves([1.0] * scales, np.random.default_rng(0), n=n, nets=nets, q=q)
    assert_fast(start, 0.2)


def test_decay_curves_refuses_a_huge_array_of_scales_before_reading_it():
    start = time.process_time()
    with pytest.raises(ValueError, match=r"^len\(w_max_values\) \* nets = 1000000000 exceeds"):
        decay.decay_curves(np.broadcast_to(1.0, (10**9,)), np.random.default_rng(0), nets=1)
    assert_fast(start, 0.2)


def test_decay_curves_admits_its_largest_number_of_nets():
    # K = len(w_max_values) * nets = MAX_CURVE_NETS nets over two lags: within every limit
    curves = decay.decay_curves([1.0] * 20, np.random.default_rng(0), n=2, nets=1000, q=2)
    assert len(curves) * curves[0].flows.shape[0] == decay.MAX_CURVE_NETS


def test_the_stated_limits_imply_those_of_the_stacked_run_and_flow():
    # for every n and q decay_curves admits, the largest K it admits stays within the limits of
    # lstmnotes.net.run_nets and lstmnotes.flow.largest_flows_by_lag, so neither refuses a call
    for n in range(1, 65):
        for q in range(2, 501):
            most = min(decay.MAX_CURVE_NETS, MAX_STACKED_STEPS // q, MAX_WORK // (q * n**3))
            if n == 1:
                most = min(most, MAX_ONE_UNIT_NETS)
            if most == 0:
                continue
            steps = decay.BURN_IN + q + 1
            assert steps <= net.MAX_STEPS
            assert steps * n <= net.MAX_RUN_VALUES
            assert most * steps * n * n <= net.MAX_WORK
            assert q <= (flow.MAX_LAGS if n == 1 else flow.MAX_MATRIX_LAGS)
            assert q * n**3 <= flow.MAX_WORK
            assert q * n**2 <= flow.MAX_MATRIX_ENTRIES
            assert most * q * n**3 <= flow.MAX_WORK


@pytest.mark.parametrize(("n", "nets", "q"), [(1, 1000, 2), (1, 7, 3), (2, 1000, 500), (8, 20, 40),
                                              (64, 3, 500), (64, 1000, 500)])  # fmt: skip
def test_most_scales_is_the_largest_count_decay_curves_admits(n, nets, q):
    most = decay._most_scales(n, nets, q)
    if most:
        decay._check_sizes(most, n, nets, q)
    with pytest.raises(ValueError, match="exceeds the limit"):
        decay._check_sizes(most + 1, n, nets, q)


def test_bound_beyond_float64_is_inf_without_a_warning():
    # n b^q for n = 8 nets at w_max = 4 exceeds float64 well before q = 500 (numpy warned of overflow)
    (curve,) = decay.decay_curves([4.0], np.random.default_rng(1), n=8, nets=2, q=500)
    bound = curve.bound
    top = Fraction(float(np.finfo(np.float64).max))
    for k in (1, 2, 100, 200, 300, 499, 500):
        exact = 8 * Fraction(curve.bound_rate) ** k
        if exact > top:
            assert bound[k - 1] == np.inf
        else:
            assert bound[k - 1] == pytest.approx(float(exact), rel=1e-13)
    assert np.isinf(bound[-1])
    assert np.isfinite(bound[0])


def test_slopes_spanning_too_many_binades_are_refused_naming_the_arguments():
    # at w_max = 1000 many steps have a saturated unit beside an unsaturated one: more of them than the
    # stacked flow's row-by-row path takes in one call
    with pytest.raises(
        ValueError, match=r"len\(w_max_values\) \* nets.*MAX_ROW_STEPS.*w_max_values"
    ):
        decay.decay_curves([1000.0], np.random.default_rng(0), n=8, nets=1000, q=100)
