"""The computed verdicts on the limit as |w| grows, at fixed y and c, and the answer's argument: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence_limits as v

EXPECTED = {
    "gain_vanishes_for_large_weights": Verdict.HOLDS,
    "answer_limit": Verdict.CONDITIONAL,
    "answer_net_sum_slip": Verdict.FALSE,
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


def test_answer_net_sum_counterexample_is_smallest():
    data = v.answer_net_sum_slip().data
    assert data["agree"] == {"1": True, "2": False, "3": False}
    assert data["n"] == 2
    assert data["outgoing"]
    assert data["answer_limit"] == "0"


def test_a4_reads_the_answer_s_reason_literally():
    data = v.answer_limit().data
    assert data["literal"]["limit"] == "oo"
    assert data["literal"]["value"] == pytest.approx(data["literal"]["w"])
