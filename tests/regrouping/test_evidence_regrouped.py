"""The regrouped product on the chapter's running net (slip 2): the verdict and the worked bracket."""

from __future__ import annotations

import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.regrouping import evidence_regrouped as r

EXPECTED = {
    "corrected_pairing_needs_regrouping": Verdict.HOLDS,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(r, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary


def test_every_function_is_covered():
    verdicts = {name for name in r.__all__ if name in EXPECTED}
    assert verdicts == set(EXPECTED)


def test_worked_bracket_is_a_gain_below_its_maximum():
    example = r.corrected_pairing_needs_regrouping().data["example"]
    assert example["size"] <= example["best"] == pytest.approx(-example["best_signed"])
    assert example["latex"]["bracket"] == r"f'_{2}(11)\,w_{23}"
    assert example["latex"]["input"] == "y^{3}(10)"
    assert example["corrected_latex"]["slope"] == "f'_{3}(10)"
    assert not example["corrected_feeds"]
