"""The computed verdicts on the gain claims: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import gain_verdicts as v
from lstmnotes.claims import Evidence, Verdict

EXPECTED = {
    "exponential_products": Verdict.CONDITIONAL,
    "coth_maximiser": Verdict.HOLDS,
    "gain_vanishes_for_large_weights": Verdict.HOLDS,
    "gain_below_one_for_small_weights": Verdict.HOLDS,
    "larger_weights_do_not_help": Verdict.CONDITIONAL,
    "learning_rate_keeps_ratio": Verdict.HOLDS,
    "four_is_not_sharp": Verdict.HOLDS,
    "answer_coth_derivation": Verdict.HOLDS,
    "answer_y_constant": Verdict.CONDITIONAL,
    "answer_net_zero": Verdict.FALSE,
    "answer_limit": Verdict.CONDITIONAL,
}


def test_every_function_is_covered():
    assert sorted(EXPECTED) == sorted(v.__all__)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(v, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary
    assert evidence.summary
    assert isinstance(evidence.data, dict)


def test_products_without_margin_stay_bounded():
    data = v.exponential_products(2000).data
    assert data["rising_product"] < data["rising_bound"]
    assert data["falling_product"] > 0.5
    assert data["max_factor_error"] < 1e-9


# -- mutations: a check that no change of the mathematics can fail is not a check ---------------------


def test_coth_check_notices_a_wrong_maximum(monkeypatch):
    real = v.max_gain
    monkeypatch.setattr(v, "max_gain", lambda y, c=0.0: (real(y, c)[0], real(y, c)[1] * 0.999))
    assert v.coth_maximiser(count=20, points=20_001).verdict is Verdict.FALSE


def test_coth_check_notices_a_wrong_maximiser(monkeypatch):
    real = v.max_gain
    monkeypatch.setattr(v, "max_gain", lambda y, c=0.0: (real(y, c)[0] * 1.01, real(y, c)[1]))
    assert v.coth_maximiser(count=20, points=20_001).verdict is Verdict.FALSE


def test_below_one_check_notices_a_larger_slope(monkeypatch):
    real = v.gain
    monkeypatch.setattr(v, "gain", lambda w, y, c=0.0: 1.1 * real(w, y, c))
    assert v.gain_below_one_for_small_weights(points=41).verdict is Verdict.FALSE


def test_sharpness_check_notices_a_threshold_at_four(monkeypatch):
    monkeypatch.setattr(v, "gain_interval", lambda y: (np.full_like(y, 4.0), np.full_like(y, 5.0)))
    assert v.four_is_not_sharp().verdict is Verdict.FALSE


def test_net_zero_check_notices_a_maximiser_at_zero_net(monkeypatch):
    monkeypatch.setattr(v, "max_gain", lambda y, c=0.0: (-np.asarray(c) / y, np.ones_like(y)))
    assert v.answer_net_zero(count=100).verdict is Verdict.HOLDS


def test_learning_rate_check_notices_a_lag_dependent_rate(monkeypatch):
    real = v.lag_contributions

    def uneven(run, t, theta, learning_rate):
        out = real(run, t, theta, learning_rate)
        out[20] *= 1 + 1e-3 * learning_rate  # a rate that acts differently on long lags
        return out

    monkeypatch.setattr(v, "lag_contributions", uneven)
    assert v.learning_rate_keeps_ratio().verdict is Verdict.FALSE
