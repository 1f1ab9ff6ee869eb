"""The flow of random logistic nets against the weak bound, and the survey with the searches on it."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import _curves as decay
from lstmnotes.flow import _scaling as flow
from lstmnotes.net import _run as net


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
        (lambda r: decay.decay_curves([], r), ValueError, "non-empty list of positive"),
        (lambda r: decay.decay_curves([-1.0], r), ValueError, "non-empty list of positive"),
        (lambda r: decay.decay_curves([1.0], r, n=0), ValueError, "n must be between 1 and 64"),
        (lambda r: decay.decay_curves([1.0], r, q=1), ValueError, "q must be between 2"),
        (lambda r: decay.decay_curves([0.01], r, n=2, nets=1, q=500), ValueError, "underflows"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, error, message):
    with pytest.raises(error, match=message):
        call(np.random.default_rng(0))


def _independent_survey_rates(w_max, seed_stream, n, nets, q, burn_in):
    """The survey's nets recomputed with separate code: a plain loop for the run, Jacobians for the flow."""
    rates, last = [], []
    for _ in range(nets):
        W = seed_stream.uniform(-w_max, w_max, size=(n, n))
        y = seed_stream.uniform(0.0, 1.0, size=n)
        nets_in = []
        for _ in range(burn_in + q + 1):
            a = W @ y
            nets_in.append(a)
            y = 1.0 / (1.0 + np.exp(-a))
        s = 1.0 / (1.0 + np.exp(-np.array(nets_in)))
        slopes = s * (1.0 - s)
        T, M, log_size, sizes = len(nets_in), np.eye(n), 0.0, []
        for m in range(1, q + 1):  # theta(s - 1) = F'(s - 1) W^T theta(s), from s = T down
            M = np.diag(slopes[T - m - 1]) @ W.T @ M
            peak = np.abs(M).max()
            log_size += np.log(peak)
            M /= peak
            sizes.append(log_size)
        rates.append(np.exp(np.polyfit(np.arange(1, q + 1), sizes, 1)[0]))
        last.append(np.exp(sizes[-1]))
    return np.array(rates), np.array(last)


def test_survey_single_nets_against_an_independent_recomputation():
    curves = decay.decay_survey()
    stream = np.random.default_rng(decay.SURVEY_SEED)
    for curve in curves:
        rates, last = _independent_survey_rates(
            curve.w_max, stream, decay.SURVEY_N, decay.SURVEY_NETS, decay.SURVEY_Q, decay.BURN_IN
        )
        np.testing.assert_allclose(curve.rates, rates, rtol=1e-9)
        np.testing.assert_allclose(curve.flows[:, -1], last, rtol=1e-9)
    by_scale = {c.w_max: c for c in curves}
    # the mean decays at every scale of the survey, single nets do not
    assert all(c.rate < 1 for c in curves)
    assert int(np.sum(by_scale[4.0].rates >= decay.NEAR_ONE)) == 4
    assert by_scale[4.0].flows[np.argmax(by_scale[4.0].rates), -1] == pytest.approx(2.438, abs=1e-3)
    assert int(np.sum(by_scale[8.0].rates >= decay.NEAR_ONE)) == 6
    assert by_scale[8.0].rates.max() == pytest.approx(1.1888, abs=1e-4)


def test_mean_decay_search_matches_decay_curves_scale_by_scale():
    search = decay.mean_decay_search([3], [2.0, 0.5], n=4, nets=3, q=10)
    curves = decay.decay_curves([0.5, 2.0], np.random.default_rng(3), n=4, nets=3, q=10)
    np.testing.assert_allclose(search.rates[0], [c.rate for c in curves])
    assert search.worst[1] == 3
    with pytest.raises(ValueError, match="at least one seed"):
        decay.mean_decay_search([], [1.0])


def test_mean_growth_search_finds_large_chaotic_nets():
    g = decay.mean_growth_search([2, 48], [0], [16.0], nets=3, q=20)
    assert g.n == 48
    assert g.rate > 1
    assert g.smaller < 1
    with pytest.raises(ValueError, match="increasing"):
        decay.mean_growth_search([8, 4], [0], [1.0])


def test_neutral_self_unit_against_sympy():
    import sympy

    y, w = sympy.symbols("y w")
    s = 1 / (1 + sympy.exp(-w * y))
    root = sympy.nsolve([s - y, s * (1 - s) * w + 1], [y, w], [0.2, -6.0], prec=30)
    unit = decay.neutral_self_unit(q=30)
    assert unit.fixed_point == pytest.approx(float(root[0]), rel=1e-12)
    assert unit.weight == pytest.approx(float(root[1]), rel=1e-12)
    assert unit.factor == pytest.approx(-1.0, abs=1e-12)
    np.testing.assert_allclose(unit.flow, 1.0, atol=1e-10)


def test_slope_max_and_smallest_growing():
    (curve,) = decay.decay_curves([16.0], np.random.default_rng(2), n=4, nets=3, q=10)
    assert 0 < curve.slope_max <= 0.25
    search = decay.MeanDecaySearch(4, 2, 5, (0, 1), np.array([1.0, 2.0, 4.0]),
                                   np.array([[0.5, 1.2, 1.1], [0.4, 0.9, 1.3]]))  # fmt: skip
    assert search.smallest_growing() == (2.0, 1.2)
    assert search.worst == (1.3, 1, 4.0)


def test_decay_claims_state_the_survey_set_up():
    from lstmnotes import ledger as claims

    claims.collect()
    statement = claims.CLAIMS["X50"].statement
    assert f"{decay.SURVEY_N} units" in statement
    assert f"{decay.BURN_IN} settling steps" in statement
    assert f"{decay.SURVEY_NETS} nets" in statement
    assert f"to {decay.SURVEY_SCALES[-1]:g}" in statement
    assert f"{decay.SURVEY_NETS} random" in claims.CLAIMS["X52"].statement


def test_bound_and_first_growing_bound():
    curves = decay.decay_curves([0.25, 2.0, 8.0], np.random.default_rng(1), n=4, nets=3, q=6)
    np.testing.assert_allclose(curves[1].bound, 4 * curves[1].bound_rate ** np.arange(1, 7))
    assert decay.first_growing_bound(curves) == min(c.w_max for c in curves if c.bound_rate > 1)
    with pytest.raises(ValueError, match="exceeds one"):
        decay.first_growing_bound(curves[:1])


def test_growth_shares_counts_growing_seeds():
    g = decay.growth_shares([2, 48], [0, 1], [16.0], nets=3, q=20)
    assert g.rates.shape == (2, 2, 1)
    assert g.shares[0, 0] == 0.0
    assert g.shares[1, 0] == 1.0
    assert g.best(1) == (16.0, 1.0)
    assert g.smallest_majority_scale(0) is None
    assert g.smallest_majority_scale(1) == (16.0, 1.0)
    with pytest.raises(ValueError, match="increasing"):
        decay.growth_shares([8, 4], [0], [1.0])


def test_neutral_unit_decays_under_the_survey_protocol():
    unit = decay.neutral_self_unit()
    W = np.array([[unit.weight]])
    rng = np.random.default_rng(0)
    for _ in range(3):
        run = net.run_net(W, rng.uniform(0.0, 1.0, 1), decay.BURN_IN + 41)
        assert decay.fitted_rate(flow.largest_flow_by_lag(W, run.fprime(run.steps, 40))) < 1.0
