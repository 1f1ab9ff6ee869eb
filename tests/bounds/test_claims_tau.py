"""Mutation tests of the weak-bound claims on small weights (P13, P17, X42): each check notices a plausible slip.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import math

from lstmnotes.activations import _functions as activations
from lstmnotes.bounds import _weak as bounds
from lstmnotes.bounds import (
    evidence_fprime_max,
    evidence_global,
    evidence_tau,
)
from lstmnotes.ledger import Verdict, evaluate


def _split(tau):
    """A mutant of tau as tau_bound uses it: a mantissa and a power of two."""
    return lambda n, w_max, activation=None: math.frexp(tau(n, w_max))


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


def test_p13_notices_tau_without_its_factor_n(monkeypatch):
    def tau(n, w_max, **_activation):
        return w_max / 4.0

    monkeypatch.setattr(bounds, "_tau", _split(tau))  # tau_bound looks tau up here, split
    monkeypatch.setattr(evidence_tau, "tau", tau)
    assert _flipped("P13") is Verdict.FALSE


def test_p13_notices_the_constant_4_moved(monkeypatch):
    def tau(n, w_max, **_activation):
        return n * w_max / 8.0

    monkeypatch.setattr(bounds, "_tau", _split(tau))
    monkeypatch.setattr(evidence_tau, "tau", tau)
    assert _flipped("P13") is Verdict.FALSE


def test_s6_notices_fprime_max_read_as_exactly_a_quarter(monkeypatch):
    monkeypatch.setattr(
        evidence_fprime_max,
        "fprime_max",
        lambda fprime, norm="max-row-sum": activations.LOGISTIC_PRIME_MAX,
    )
    assert _flipped("S6") is Verdict.FALSE


def test_s6_notices_the_quarter_moved_below_the_slopes(monkeypatch):
    monkeypatch.setattr(evidence_fprime_max, "LOGISTIC_PRIME_MAX", 0.2)
    assert _flipped("S6") is Verdict.FALSE
