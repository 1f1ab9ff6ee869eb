"""The computed verdicts on the learning rate and weights that change sign: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence_training as v

EXPECTED = {
    "learning_rate_keeps_ratio": Verdict.HOLDS,
    "weights_cross_zero": Verdict.CONDITIONAL,
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


def test_p10_is_a_proof_with_no_rate_left():
    data = v.learning_rate_keeps_ratio().data
    assert data["rate_free"]
    assert data["witness"] is None
    assert data["proof_ratios"] > 0


def test_sign_change_bound_and_jump():
    data = v.weights_cross_zero(walks=200, steps=5000).data
    assert data["worst_ratio"] <= 0.5
    assert data["small_min_abs"] < 4 <= data["jump_min_abs"]
    assert data["small_largest_step"] < 8


def test_learning_rate_check_notices_a_lag_dependent_rate(monkeypatch):
    real = v.lag_contributions

    def uneven(run, t, theta, learning_rate):
        out = real(run, t, theta, learning_rate)
        out[20] *= 1 + 1e-3 * learning_rate  # a rate that acts differently on long lags
        return out

    monkeypatch.setattr(v, "lag_contributions", uneven)
    assert v.learning_rate_keeps_ratio().verdict is Verdict.FALSE
