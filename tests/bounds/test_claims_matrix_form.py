"""Mutation tests of the weak-bound claims on the matrix form (S4): each check notices a plausible slip.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import numpy as np
import sympy

from lstmnotes import flow
from lstmnotes.bounds import (
    evidence_matrix_form,
)
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow.evidence import as_ints
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_s4_notices_the_literal_reading_laid_out_the_usual_way(monkeypatch):
    monkeypatch.setattr(
        evidence_matrix_form,
        "literal_W_e_v",
        lambda W, v: as_ints((W @ np.eye(W.shape[0])[v])[None, :])[0],
    )
    assert _flipped("S4") is Verdict.FALSE


def test_p11_notices_the_last_slope_dropped_from_the_matrix_form(monkeypatch):
    real = flow_symbolic.matrix_form

    def without_last_slope(n, q, u, v):
        last = flow_symbolic.fprime_symbols(n, q)[q - 1, v]
        return sympy.expand(real(n, q, u, v) / last)

    monkeypatch.setattr(flow_symbolic, "matrix_form", without_last_slope)
    assert _flipped("P11") is Verdict.FALSE


def test_p11_notices_u_and_v_transposed_in_the_matrix_form(monkeypatch):
    real = flow_symbolic.matrix_form
    monkeypatch.setattr(flow_symbolic, "matrix_form", lambda n, q, u, v: real(n, q, v, u))
    assert _flipped("P11") is Verdict.FALSE


def test_s4_notices_a_column_row_reading_without_its_transpose(monkeypatch):
    real = flow.matrix_form

    def reading_ignored(W, fprime, u, v, *, reading="row-column"):
        return real(W, fprime, u, v)  # the middle W not transposed under the literal reading

    monkeypatch.setattr(evidence_matrix_form, "matrix_form", reading_ignored)
    assert _flipped("S4") is Verdict.UNCHECKABLE
