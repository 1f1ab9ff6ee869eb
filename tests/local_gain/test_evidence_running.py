"""The computed verdicts on a running net, where y moves with w: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence_running as v

EXPECTED = {
    "running_limit": Verdict.FALSE,
    "answer_y_constant": Verdict.CONDITIONAL,
    "answer_not_good_assumption": Verdict.CONDITIONAL,
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
