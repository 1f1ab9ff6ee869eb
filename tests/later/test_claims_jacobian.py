"""Mutation tests of the claim on eq. (5) of Pascanu et al. (X81)."""

from __future__ import annotations

from lstmnotes import ledger as claims
from lstmnotes.later import _norms as norms
from lstmnotes.later import evidence_jacobian as ej
from lstmnotes.ledger import Verdict, evaluate

claims.collect()


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x81_notices_the_printed_form_taken_for_the_jacobian(monkeypatch):
    monkeypatch.setattr(ej, "state_jacobian", ej.printed_jacobian)
    assert _flipped("X81") is Verdict.FALSE


def test_x81_notices_the_spectral_radius_taken_for_the_norm(monkeypatch):
    monkeypatch.setattr(ej, "largest_singular_value", norms.spectral_radius)
    assert _flipped("X81") is Verdict.FALSE


def test_x81_notices_the_printed_form_corrected_unnoticed(monkeypatch):
    monkeypatch.setattr(ej, "printed_jacobian", ej.state_jacobian)
    assert _flipped("X81") is Verdict.FALSE
