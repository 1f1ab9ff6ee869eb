"""Mutation tests of the error-flow claims: each check must notice a plausible slip and move its verdict.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import numpy as np

from lstmnotes.bounds import _weak as bounds
from lstmnotes.bounds import (
    evidence_attainment,
    evidence_global,
    evidence_matrix_form,
    evidence_norm_pairs,
    evidence_tau,
    evidence_weak,
)
from lstmnotes.flow import evidence_printed
from lstmnotes.flow.evidence import as_ints
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


def test_s4_notices_the_literal_reading_laid_out_the_usual_way(monkeypatch):
    monkeypatch.setattr(
        evidence_matrix_form,
        "literal_W_e_v",
        lambda W, v: as_ints((W @ np.eye(W.shape[0])[v])[None, :])[0],
    )
    assert _flipped("S4") is Verdict.FALSE


def test_s5_notices_e_u_taken_as_a_row_vector(monkeypatch):
    monkeypatch.setattr(evidence_norm_pairs, "e_u_times_W_defined", lambda n: True)
    assert _flipped("S5") is Verdict.FALSE


def test_p12_notices_the_norm_of_w_taken_as_its_largest_entry(monkeypatch):
    pair = bounds.NORM_PAIRS["max-row-sum"]
    largest = bounds.NormPair(
        pair.name, lambda a: float(np.abs(a).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(bounds.NORM_PAIRS, "max-row-sum", largest)
    assert _flipped("P12") is Verdict.UNCHECKABLE


def test_p13_notices_slopes_up_to_one_instead_of_a_quarter(monkeypatch):
    monkeypatch.setattr(evidence_tau, "LOGISTIC_PRIME_MAX", 1.0)
    assert _flipped("P13") is Verdict.FALSE


def test_p17_notices_slopes_up_to_one_instead_of_a_quarter(monkeypatch):
    monkeypatch.setattr(evidence_tau, "LOGISTIC_PRIME_MAX", 1.0)
    assert _flipped("P17") is Verdict.FALSE


def test_p17_notices_an_example_net_inside_the_condition(monkeypatch):
    monkeypatch.setattr(evidence_global, "GROWTH_WEIGHT", 1.9)  # tau = 0.95: the flow decays
    assert _flipped("P17") is Verdict.UNCHECKABLE


def test_x41_notices_the_norm_of_w_taken_as_its_largest_entry(monkeypatch):
    pair = bounds.NORM_PAIRS["spectral"]
    largest = bounds.NormPair(
        pair.name, lambda a: float(np.abs(a).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(bounds.NORM_PAIRS, "spectral", largest)
    assert _flipped("X41") is Verdict.FALSE


def test_x42_notices_slopes_up_to_one_instead_of_a_quarter(monkeypatch):
    monkeypatch.setattr(evidence_tau, "LOGISTIC_PRIME_MAX", 1.0)
    assert _flipped("X42") is Verdict.FALSE


def test_x42_notices_a_bound_that_counts_one_path_too_few(monkeypatch):
    real = evidence_tau.tau_bound
    monkeypatch.setattr(evidence_tau, "tau_bound", lambda n, w, q: real(n, w, q) / n)
    assert _flipped("X42") is Verdict.FALSE


def test_x43_notices_the_norm_of_w_taken_as_its_largest_entry(monkeypatch):
    pair = bounds.NORM_PAIRS["spectral"]
    largest = bounds.NormPair(
        pair.name, lambda a: float(np.abs(a).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(bounds.NORM_PAIRS, "spectral", largest)
    assert _flipped("X43") is Verdict.FALSE


def test_x43_notices_a_weak_bound_without_its_factor_n(monkeypatch):
    real = evidence_weak.weak_bound
    monkeypatch.setattr(evidence_weak, "weak_bound", lambda W, fp, norm: real(W, fp, norm) / len(W))
    assert _flipped("X43") is Verdict.FALSE


def test_x43_notices_the_frobenius_norm_taken_as_the_spectral_norm(monkeypatch):
    # then logistic runs would reach 1/n for the Frobenius pair too: no longer a mere supremum
    monkeypatch.setitem(bounds.NORM_PAIRS, "frobenius", bounds.NORM_PAIRS["spectral"])
    assert _flipped("X43") is Verdict.FALSE


def test_x43_notices_an_attainment_that_holds_only_with_free_slopes(monkeypatch):
    # the fixed-point net reaching only half of 1/n: the three pairs no longer attain it
    real = evidence_attainment._fixed_point_run_ratios
    monkeypatch.setattr(
        evidence_attainment,
        "_fixed_point_run_ratios",
        lambda weights, q: {k: (r / 2, u, v) for k, (r, u, v) in real(weights, q).items()},
    )
    assert _flipped("X43") is Verdict.FALSE
