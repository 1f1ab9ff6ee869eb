"""Mutation tests of the chapter's claims (X82-X85): each check notices a slip a reader or an author could make."""

from __future__ import annotations

import dataclasses

import numpy as np
import sympy

from lstmnotes.activations import TANH, leaky_relu
from lstmnotes.beyond_logistic import evidence
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x82_notices_a_largest_tanh_slope_of_one_half(monkeypatch):
    real = evidence.largest_slope
    monkeypatch.setattr(
        evidence,
        "largest_slope",
        lambda name: sympy.Rational(1, 2) if name == "tanh" else real(name),
    )
    assert _flipped("X82") is Verdict.FALSE


def test_x83_notices_the_crossing_read_as_tanh_x_equal_to_one_half(monkeypatch):
    monkeypatch.setattr(evidence, "slope_crossing", lambda: sympy.atanh(sympy.Rational(1, 2)))
    assert _flipped("X83") is Verdict.FALSE


def test_x84_notices_tanh_linearised_to_slope_one(monkeypatch):
    linear = dataclasses.replace(TANH, fprime=np.ones_like)
    monkeypatch.setattr(evidence, "TANH", linear)
    assert _flipped("X84") is Verdict.FALSE


def test_x85_notices_a_leaky_slope_taken_for_relu(monkeypatch):
    monkeypatch.setattr(evidence, "RELU", leaky_relu(0.01))
    assert _flipped("X85") is Verdict.FALSE
