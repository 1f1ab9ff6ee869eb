"""Mutation tests of the latching claim (X80).

Each test changes one library function the way an author could get it wrong, patched where the check looks
it up, and asserts that the claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

from lstmnotes import ledger as claims
from lstmnotes.latching import _fixed_points, _latch
from lstmnotes.latching import evidence as ev
from lstmnotes.ledger import Verdict, evaluate

claims.collect()


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x80_notices_the_tolerance_taken_at_a_wrong_critical_net(monkeypatch):
    real = _fixed_points._critical_net

    def shifted(w, activation):
        c = real(w, activation)
        return None if c is None else 1.05 * c

    monkeypatch.setattr(_latch, "_critical_net", shifted)
    assert _flipped("X80") is Verdict.FALSE


def test_x80_notices_the_worst_case_rate_taken_at_the_attractor(monkeypatch):
    real = ev.worst_case_rate
    monkeypatch.setattr(ev, "worst_case_rate", lambda w, b, eps, a, side: real(w, b, 0.0, a, side))
    assert _flipped("X80") is Verdict.FALSE


def test_x80_notices_the_worst_case_input_pushing_the_wrong_way(monkeypatch):
    real = ev._escape
    monkeypatch.setattr(
        ev,
        "_escape",
        lambda w, b, unit, start, inside: real(
            w, -b if unit == "tanh" else -w - b, unit, start, inside
        ),
    )
    assert _flipped("X80") is Verdict.FALSE
