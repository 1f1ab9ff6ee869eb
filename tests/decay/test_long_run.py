"""The long-run factor per step: the renormalised product of many steps back after a long settling run."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import _long_run as decay
from lstmnotes.flow import scaling_factor
from lstmnotes.net import run_net


def test_long_run_rate_over_a_few_lags_is_the_flow_norm_per_step():
    rng = np.random.default_rng(7)
    W, y0 = rng.uniform(-3.0, 3.0, size=(4, 4)), rng.uniform(0.0, 1.0, size=4)
    run = run_net(W, y0, 20 + 6 + 1)
    direct = np.linalg.norm(scaling_factor(W, run.fprime(run.steps, 6)), 2) ** (1 / 6)
    assert decay.long_run_rate(W, y0, settle=20, lags=6) == pytest.approx(direct, rel=1e-12)


def test_long_run_rate_of_linear_units_approaches_the_spectral_radius():
    W = np.random.default_rng(3).normal(size=(3, 3))
    rho = np.max(np.abs(np.linalg.eigvals(W)))
    rate = decay.long_run_rate(W, np.zeros(3), settle=0, lags=2_000, activation="identity")
    assert rate == pytest.approx(rho, rel=1e-2)


def test_long_run_rate_is_zero_once_the_product_vanishes():
    shift = [[0.0, 1.0], [0.0, 0.0]]
    assert decay.long_run_rate(shift, [0.0, 0.0], settle=0, lags=3, activation="identity") == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"settle": -1}, "settle must be an integer in 0"),
        ({"lags": 0}, "lags must be an integer in 1"),
    ],
)
def test_bad_input_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        decay.long_run_rate([[1.0]], [0.5], **kwargs)


@pytest.mark.parametrize(
    ("w", "kwargs"),
    [
        (1e-300, {}),
        (1e-300, {"settle": 0, "lags": 100_000}),
        (1e-5, {"settle": 0, "lags": 100_000}),
        (0.75, {"settle": 0, "lags": 2_000}),
        (3e5, {"settle": 0, "lags": 2_000}),
    ],
)
def test_one_identity_unit_has_its_weight_as_long_run_rate(w, kwargs):
    # for one identity unit every factor is w: the rate is |w| exactly (a running float sum of the
    # logarithms missed it by up to 1.9e-9)
    rate = decay.long_run_rate([[w]], [0.0], activation="identity", **kwargs)
    assert abs(rate - w) <= 1e-12 * w


@pytest.mark.parametrize("w", [3e-310, -3e-310, 5e-324, 2.2250738585072e-308])
def test_one_identity_unit_with_a_subnormal_weight_is_within_one_unit(w):
    # a subnormal rate is rounded once: within one unit of 2^-1074 of |w| (it was 1.5e3 units off)
    rate = decay.long_run_rate([[w]], [0.5], activation="identity")
    assert abs(rate - abs(w)) <= 2.0**-1074
