"""Mutation tests of the weak-bound claims on small weights (P13, P17, X42): each check notices a plausible slip.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

from lstmnotes.bounds import evidence_global, evidence_tau
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_p13_notices_slopes_up_to_one_instead_of_a_quarter(monkeypatch):
    monkeypatch.setattr(evidence_tau, "LOGISTIC_PRIME_MAX", 1.0)
    assert _flipped("P13") is Verdict.FALSE


def test_p17_notices_slopes_up_to_one_instead_of_a_quarter(monkeypatch):
    monkeypatch.setattr(evidence_tau, "LOGISTIC_PRIME_MAX", 1.0)
    assert _flipped("P17") is Verdict.FALSE


def test_p17_notices_an_example_net_inside_the_condition(monkeypatch):
    monkeypatch.setattr(evidence_global, "GROWTH_WEIGHT", 1.9)  # tau = 0.95: the flow decays
    assert _flipped("P17") is Verdict.UNCHECKABLE


def test_x42_notices_slopes_up_to_one_instead_of_a_quarter(monkeypatch):
    monkeypatch.setattr(evidence_tau, "LOGISTIC_PRIME_MAX", 1.0)
    assert _flipped("X42") is Verdict.FALSE


def test_x42_notices_a_bound_that_counts_one_path_too_few(monkeypatch):
    real = evidence_tau.tau_bound
    monkeypatch.setattr(evidence_tau, "tau_bound", lambda n, w, q: real(n, w, q) / n)
    assert _flipped("X42") is Verdict.FALSE
