"""Mutation tests of the logistic chapter's claim (P5): the check notices a wrong slope.

Each test patches one library function where the check looks it up and asserts that the claim's computed
verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import numpy as np

from lstmnotes.activations import _functions as activations
from lstmnotes.activations import symbolic
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_p5_notices_a_missing_square_in_the_slope(monkeypatch):
    def slope(x):  # e / (1 + e) instead of e / (1 + e)^2
        e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
        return e / (1.0 + e)

    monkeypatch.setattr(activations, "logistic_prime", slope)
    assert _flipped("P5") is Verdict.FALSE


def test_p5_notices_the_slope_of_2_sigma_minus_1_in_place_of_sigma(monkeypatch):
    real = symbolic.logistic_prime
    monkeypatch.setattr(symbolic, "logistic_prime", lambda x: 2 * real(x))
    assert _flipped("P5") is Verdict.FALSE
