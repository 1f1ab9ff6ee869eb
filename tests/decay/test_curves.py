"""The flow of random logistic nets at several weight scales, against the weak bound."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import _curves as decay


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
