"""The entrywise bound (X30) and the sharpness of n w_max < 4 (X31): the verdicts and the alternating nets."""

from __future__ import annotations

import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.regrouping import evidence_conditions as r

EXPECTED = {
    "entrywise_bound": Verdict.HOLDS,
    "alternating_threshold_sharp": Verdict.HOLDS,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(r, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary


def test_every_function_is_covered():
    verdicts = {name for name in r.__all__ if name in EXPECTED}
    assert verdicts == set(EXPECTED)


def test_alternating_threshold_keeps_one_over_n():
    data = r.alternating_threshold_sharp().data
    assert data["proved"]
    assert data["rate"] == pytest.approx([1.0] * 4)
    assert data["deviation"] < 1e-12
