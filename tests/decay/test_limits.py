"""The limits the measurements check: integer counts within a range, and the work a request may ask for."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import _limits as limits
from lstmnotes.decay._curves import decay_curves


def test_count_accepts_integers_in_range_and_refuses_the_rest():
    assert limits._count(np.int64(3), "n", 1, 64) == 3
    with pytest.raises(TypeError, match="n must be an integer"):
        limits._count(True, "n", 1, 64)
    with pytest.raises(ValueError, match="n must be an integer in 1\\.\\.64, got 65"):
        limits._count(65, "n", 1, 64)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda r: decay_curves([1.0], r, nets=2.5), TypeError, "nets must be an integer"),
        (lambda r: decay_curves([1.0] * 10, r, n=64, nets=1000, q=500), ValueError,
         "exceeds the limit"),
    ],
)  # fmt: skip
def test_measurements_refuse_requests_beyond_the_limits(call, error, message):
    with pytest.raises(error, match=message):
        call(np.random.default_rng(0))


@pytest.mark.parametrize(("n", "q"), [(64, 3), (4, 11), (2, 22), (1, 64)])
def test_path_product_distribution_admits_n_to_the_q_path_terms_up_to_the_limit(n, q):
    from lstmnotes import decay
    from lstmnotes.flow import MAX_PATH_TERMS

    assert n**q <= MAX_PATH_TERMS
    products = decay.path_product_distribution(np.random.default_rng(0), n=n, q=q)
    assert products.terms.size == n ** (q - 1)


@pytest.mark.parametrize(("n", "q"), [(64, 4), (4, 12), (2, 23)])
def test_path_product_distribution_refuses_one_past_the_limit_naming_n_and_q(n, q):
    from lstmnotes import decay
    from lstmnotes.flow import MAX_PATH_TERMS

    assert n**q > MAX_PATH_TERMS
    with pytest.raises(
        ValueError, match=r"n\^q = \d+ path terms.*MAX_PATH_TERMS.*\(n\).*\(q\)"
    ) as err:
        decay.path_product_distribution(np.random.default_rng(0), n=n, q=q)
    assert "fprime" not in str(err.value)


def test_long_run_rate_admits_the_largest_settle_and_lags():
    import mpmath

    from lstmnotes import decay

    # one logistic unit of weight 2 settles at y = sigma(2 y); the factor per step is then 2 sigma'(2 y)
    with mpmath.workdps(40):
        y = mpmath.findroot(lambda y: 1 / (1 + mpmath.exp(-2 * y)) - y, 0.8)
        s = 1 / (1 + mpmath.exp(-2 * y))
        truth = float(2 * s * (1 - s))
    rate = decay.long_run_rate([[2.0]], [0.1], settle=100_000, lags=100_000)
    assert rate == pytest.approx(truth, rel=1e-12)


@pytest.mark.parametrize(("settle", "lags", "name"), [(100_001, 1, "settle"), (0, 100_001, "lags")])
def test_long_run_rate_refuses_one_past_settle_and_lags_naming_them(settle, lags, name):
    from lstmnotes import decay

    with pytest.raises(
        ValueError, match=rf"^{name} must be an integer in \d+\.\.100000, got 100001"
    ):
        decay.long_run_rate([[2.0]], [0.1], settle=settle, lags=lags)


def test_long_run_rate_work_limits_hold_exactly_and_name_the_arguments():
    from lstmnotes import decay

    assert limits.MAX_WORK == 100**3 * 1000 == 100**2 * 100_000
    W, y0 = np.eye(100) * 0.5, np.full(100, 0.1)
    # identity units: the factor per step is the weight 1/2 (the activations decay with it, slopes stay 1)
    assert decay.long_run_rate(W, y0, settle=0, lags=1000, activation="identity") == pytest.approx(
        0.5, rel=1e-12
    )
    with pytest.raises(ValueError, match=r"^lags n\^3 = 1001000000 exceeds the limit"):
        decay.long_run_rate(W, y0, settle=0, lags=1001)
    assert decay.MAX_LONG_RUN_WORK == 100**2 * 20_000
    assert decay.long_run_rate(W, y0, settle=19_998, lags=1) > 0.0  # (settle + lags + 1) n^2 = 2e8
    with pytest.raises(
        ValueError,
        match=r"^\(settle \+ lags \+ 1\) n\^2 = 200010000 exceeds.*MAX_LONG_RUN_WORK.*settle",
    ):
        decay.long_run_rate(W, y0, settle=19_999, lags=1)
