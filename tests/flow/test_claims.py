"""Mutation tests of the error-flow claims: each check must notice a plausible slip and move its verdict.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

from lstmnotes.flow import evidence_printed
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x40_notices_slopes_that_do_not_depend_on_the_net_input(monkeypatch):
    real = evidence_printed.run_net
    monkeypatch.setattr(
        evidence_printed, "run_net", lambda W, y0, t, activation: real(W, y0, t, "identity")
    )
    assert _flipped("X40") is Verdict.UNCHECKABLE
