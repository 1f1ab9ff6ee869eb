"""The computed verdicts on the size of a weight against a gain of one: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence_weight_size as v

EXPECTED = {
    "gain_below_one_for_small_weights": Verdict.HOLDS,
    "four_is_not_sharp": Verdict.CONDITIONAL,
    "larger_weights_do_not_help": Verdict.CONDITIONAL,
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
    json.dumps(evidence.data)  # the ledger stores it as JSON


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


def test_p9_covers_the_offset():
    data = v.larger_weights_do_not_help().data
    assert data["offset"]["gain"] > 1 > v.GAIN_CONSTANT / data["offset"]["y"]
    assert data["offset"]["net"] < 0
    assert data["rise"]["low_gain"] < data["rise"]["high_gain"] < 1
    assert data["above_K_best"] <= 1
