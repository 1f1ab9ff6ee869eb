"""The computed verdicts on the maximiser: the coth condition and the answer's reading of it: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence_maximiser as v

EXPECTED = {
    "coth_maximiser": Verdict.HOLDS,
    "answer_coth_derivation": Verdict.HOLDS,
    "answer_net_zero": Verdict.FALSE,
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


def test_coth_check_notices_a_wrong_maximum(monkeypatch):
    real = v.max_gain
    monkeypatch.setattr(v, "max_gain", lambda y, c=0.0: (real(y, c)[0], real(y, c)[1] * 0.999))
    assert v.coth_maximiser(count=20, points=20_001).verdict is Verdict.FALSE


def test_coth_check_notices_a_wrong_maximiser(monkeypatch):
    real = v.max_gain
    monkeypatch.setattr(v, "max_gain", lambda y, c=0.0: (real(y, c)[0] * 1.01, real(y, c)[1]))
    assert v.coth_maximiser(count=20, points=20_001).verdict is Verdict.FALSE


def test_net_zero_check_notices_a_maximiser_at_zero_net(monkeypatch):
    monkeypatch.setattr(v, "max_gain", lambda y, c=0.0: (-np.asarray(c) / y, np.ones_like(y)))
    assert v.answer_net_zero(count=100).verdict is Verdict.HOLDS


def test_a3_shows_the_true_part_and_both_sets():
    data = v.answer_net_zero().data
    assert data["reach"]["net"] == 0
    assert data["smallest_net_any"] < data["smallest_net"]
