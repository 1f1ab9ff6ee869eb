"""Mutation tests of the claims about constant flow through a lone unit (P15, X62): each check notices a slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one. P14 and slip 8 are mutated in
``tests/ledger/test_mutations.py``.
"""

from __future__ import annotations

from lstmnotes.carousel import _self_unit as self_unit
from lstmnotes.carousel import symbolic
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_p15_notices_a_symbolic_identity_with_the_slope_of_tanh(monkeypatch):
    real = symbolic._symbolic_activation

    def tanh_for_identity(name, x):  # the identity written as tanh, whose slope is one only at 0
        return real("tanh" if name == "identity" else name, x)

    monkeypatch.setattr(symbolic, "_symbolic_activation", tanh_for_identity)
    assert _flipped("P15") is Verdict.FALSE


def test_x62_notices_the_slope_of_tanh_in_place_of_the_identity(monkeypatch):
    real = self_unit._lookup

    def lookup(name):  # the identity's slope taken as 1 - tanh^2, one only at 0
        f, fprime = real(name)
        return (f, real("tanh")[1]) if name == "identity" else (f, fprime)

    monkeypatch.setattr(self_unit, "_lookup", lookup)
    assert _flipped("X62") is Verdict.FALSE
