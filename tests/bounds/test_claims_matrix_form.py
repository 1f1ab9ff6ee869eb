"""Mutation tests of the weak-bound claims on the matrix form (S4): each check notices a plausible slip.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import numpy as np

from lstmnotes.bounds import evidence_matrix_form
from lstmnotes.flow.evidence import as_ints
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_s4_notices_the_literal_reading_laid_out_the_usual_way(monkeypatch):
    monkeypatch.setattr(
        evidence_matrix_form,
        "literal_W_e_v",
        lambda W, v: as_ints((W @ np.eye(W.shape[0])[v])[None, :])[0],
    )
    assert _flipped("S4") is Verdict.FALSE
