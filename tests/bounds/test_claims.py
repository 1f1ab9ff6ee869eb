"""Mutation tests of the weak-bound claims on the bound itself (S5, P12, X41, X43): each check notices a slip.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import numpy as np

from lstmnotes.bounds import _norms as norms
from lstmnotes.bounds import _weak as bounds
from lstmnotes.bounds import (
    evidence_attainment,
    evidence_norm_pairs,
    evidence_weak,
)
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_s5_notices_e_u_taken_as_a_row_vector(monkeypatch):
    monkeypatch.setattr(evidence_norm_pairs, "e_u_times_W_defined", lambda n: True)
    assert _flipped("S5") is Verdict.FALSE


def test_p12_notices_the_norm_of_w_taken_as_its_largest_entry(monkeypatch):
    pair = norms.NORM_PAIRS["max-row-sum"]
    largest = norms.NormPair(
        pair.name, lambda a: float(np.abs(a).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(norms.NORM_PAIRS, "max-row-sum", largest)
    assert _flipped("P12") is Verdict.UNCHECKABLE


def test_x41_notices_the_norm_of_w_taken_as_its_largest_entry(monkeypatch):
    pair = norms.NORM_PAIRS["spectral"]
    largest = norms.NormPair(
        pair.name, lambda a: float(np.abs(a).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(norms.NORM_PAIRS, "spectral", largest)
    assert _flipped("X41") is Verdict.FALSE


def test_x43_notices_the_norm_of_w_taken_as_its_largest_entry(monkeypatch):
    pair = norms.NORM_PAIRS["spectral"]
    largest = norms.NormPair(
        pair.name, lambda a: float(np.abs(a).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(norms.NORM_PAIRS, "spectral", largest)
    assert _flipped("X43") is Verdict.FALSE


def test_x43_notices_a_weak_bound_without_its_factor_n(monkeypatch):
    real = evidence_weak.weak_bound
    monkeypatch.setattr(evidence_weak, "weak_bound", lambda W, fp, norm: real(W, fp, norm) / len(W))
    assert _flipped("X43") is Verdict.FALSE


def test_x43_notices_the_frobenius_norm_taken_as_the_spectral_norm(monkeypatch):
    # then logistic runs would reach 1/n for the Frobenius pair too: no longer a mere supremum
    monkeypatch.setitem(norms.NORM_PAIRS, "frobenius", norms.NORM_PAIRS["spectral"])
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


def test_s5_notices_column_sums_taken_along_the_rows(monkeypatch):
    pair = norms.NORM_PAIRS["max-column-sum"]
    rows = norms.NormPair(
        pair.name, lambda a: float(np.abs(a).sum(axis=1).max()), pair.vector, pair.description
    )
    monkeypatch.setitem(norms.NORM_PAIRS, "max-column-sum", rows)
    assert _flipped("S5") is Verdict.UNCHECKABLE


def test_p12_notices_fprime_max_taken_as_the_smallest_slope(monkeypatch):
    def smallest(fprime, norm="max-row-sum"):
        pair = norms.norm_pair(norm)
        return min(pair.matrix(np.diag(row)) for row in np.asarray(fprime, dtype=np.float64))

    monkeypatch.setattr(bounds, "fprime_max", smallest)
    assert _flipped("P12") is Verdict.UNCHECKABLE


def test_p12_notices_the_weighted_norm_without_its_weights(monkeypatch):
    real = evidence_norm_pairs._weighted_norm
    monkeypatch.setattr(evidence_norm_pairs, "_weighted_norm", lambda W, d: real(W, (1,) * len(d)))
    assert _flipped("P12") is Verdict.UNCHECKABLE
