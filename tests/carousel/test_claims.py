"""Mutation tests of the claims about constant flow through a lone unit (P15, X62): each check notices a slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one. P14 and slip 8 are mutated in
``tests/ledger/test_mutations.py``.
"""

from __future__ import annotations

import dataclasses

import pytest

from lstmnotes.carousel import _self_unit as carousel
from lstmnotes.carousel import _self_unit as self_unit
from lstmnotes.carousel import evidence as carousel_evidence
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


@pytest.fixture
def integration_constant_dropped(monkeypatch):
    """dsolve's general solution of $f' w = 1$ without its constant, as the paper writes it."""
    real = carousel_evidence.constant_flow_solution

    def without_constant():
        solution = real()
        return dataclasses.replace(solution, general=solution.paper)

    monkeypatch.setattr(carousel_evidence, "constant_flow_solution", without_constant)


@pytest.mark.usefixtures("integration_constant_dropped")
def test_p14_notices_the_integration_constant_dropped_and_the_weight_slope_slip(monkeypatch):
    # the weight that holds y with factor one taken as 1/y (the factor 1 - y dropped): no single-value
    # example is left, and with the constant dropped too the requirement would make f linear
    monkeypatch.setattr(carousel_evidence, "unit_factor_bias", lambda y, k=1.0: (k / y, 0.0))
    assert _flipped("P14") is Verdict.HOLDS


def test_p15_notices_the_slope_of_tanh_in_place_of_the_identity(monkeypatch):
    real = carousel._lookup

    def lookup(name):  # the identity's slope taken as 1 - tanh^2, one only at 0
        f, fprime = real(name)
        return (f, real("tanh")[1]) if name == "identity" else (f, fprime)

    monkeypatch.setattr(carousel, "_lookup", lookup)
    assert _flipped("P15") is Verdict.FALSE


@pytest.mark.usefixtures("integration_constant_dropped")
def test_s8_notices_the_integration_constant_dropped():
    assert _flipped("S8") is Verdict.FALSE


def test_s8_notices_a_unit_that_drops_the_constant_from_its_activation(monkeypatch):
    real = carousel_evidence.run_self_unit

    def constant_ignored(
        weight, initial, steps, *, activation="identity", constant=0.0, inputs=None
    ):
        return real(weight, initial, steps, activation=activation, inputs=inputs)

    monkeypatch.setattr(carousel_evidence, "run_self_unit", constant_ignored)
    assert _flipped("S8") is Verdict.FALSE
