"""The computed verdicts on the gain claims: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence as v

EXPECTED = {
    "exponential_products": Verdict.FALSE,
    "coth_maximiser": Verdict.HOLDS,
    "gain_vanishes_for_large_weights": Verdict.HOLDS,
    "gain_below_one_for_small_weights": Verdict.HOLDS,
    "larger_weights_do_not_help": Verdict.CONDITIONAL,
    "learning_rate_keeps_ratio": Verdict.HOLDS,
    "four_is_not_sharp": Verdict.CONDITIONAL,
    "weights_cross_zero": Verdict.CONDITIONAL,
    "answer_net_sum_slip": Verdict.FALSE,
    "answer_coth_derivation": Verdict.HOLDS,
    "answer_y_constant": Verdict.CONDITIONAL,
    "answer_net_zero": Verdict.FALSE,
    "answer_limit": Verdict.CONDITIONAL,
    "answer_not_good_assumption": Verdict.CONDITIONAL,
    "running_limit": Verdict.FALSE,
    "regrouped_factors_are_gains": Verdict.FALSE,
}


def test_every_function_is_covered():
    assert sorted(EXPECTED) == sorted(set(v.__all__) - {"UndecidedError"})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(v, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary
    assert evidence.summary
    assert isinstance(evidence.data, dict)
    json.dumps(evidence.data)  # the ledger stores it as JSON


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
    monkeypatch.setattr(
        v, "gain_threshold", lambda y, c=0.0: np.full_like(np.asarray(y, float), 4.0)
    )
    assert v.four_is_not_sharp().verdict is Verdict.FALSE


def test_first_weights_with_gain_one_against_mpmath():
    # independent of the library: x1 < x* solves x f'(x) = |y| in mpmath; the first weight is x1/|y|
    mpmath = pytest.importorskip("mpmath")
    data = v.four_is_not_sharp().data
    with mpmath.workdps(40):
        slope = lambda x: mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2
        peak = mpmath.findroot(lambda x: x * mpmath.tanh(x / 2) - 1, 1.5)
        for y, first in zip(data["y"], data["first_w"], strict=True):
            y_ = mpmath.mpf(y)
            x1 = mpmath.findroot(
                lambda x, y_=y_: x * slope(x) - y_, (mpmath.mpf(0), peak), solver="bisect"
            )
            assert abs(float(x1 / y_) / first - 1) < 1e-12
        # the four numbers, to the digits it gives
        assert [round(w, 4) for w in data["first_w"][:3]] == [5.1658, 4.177, 4.0016]
        assert abs(data["first_w"][3] - 4.00000016) < 1e-8
        # at |y| = K the peak gain is exactly one; above K there is no crossing
        assert abs(data["peak_at_K"] - 1) < 1e-12
        assert all(p < 1 for p in data["beyond_K"]["peak"])
        assert abs(float(peak * slope(peak)) - data["K"]) < 1e-15
    # with c free the constant 4 is attained: c = -4y puts the net input at zero at |w| = 4
    assert all(t == 4.0 for t in data["c_free"]["threshold"])
    assert data["random"]["min_threshold"] >= 4.0


def test_p10_is_a_proof_with_no_rate_left():
    data = v.learning_rate_keeps_ratio().data
    assert data["rate_free"]
    assert data["witness"] is None
    assert data["proof_ratios"] > 0


def test_answer_net_sum_counterexample_is_smallest():
    data = v.answer_net_sum_slip().data
    assert data["agree"] == {"1": True, "2": False, "3": False}
    assert data["n"] == 2
    assert data["outgoing"]
    assert data["answer_limit"] == "0"


def test_sign_change_bound_and_jump():
    data = v.weights_cross_zero(walks=200, steps=5000).data
    assert data["worst_ratio"] <= 0.5
    assert data["small_min_abs"] < 4 <= data["jump_min_abs"]
    assert data["small_largest_step"] < 8


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


def test_p9_covers_the_offset():
    data = v.larger_weights_do_not_help().data
    assert data["offset"]["gain"] > 1 > v.GAIN_CONSTANT / data["offset"]["y"]
    assert data["offset"]["net"] < 0
    assert data["rise"]["low_gain"] < data["rise"]["high_gain"] < 1
    assert data["above_K_best"] <= 1


def test_a4_reads_the_answer_s_reason_literally():
    data = v.answer_limit().data
    assert data["literal"]["limit"] == "oo"
    assert data["literal"]["value"] == pytest.approx(data["literal"]["w"])


def test_a3_shows_the_true_part_and_both_sets():
    data = v.answer_net_zero().data
    assert data["reach"]["net"] == 0
    assert data["smallest_net_any"] < data["smallest_net"]
