"""Mutation tests of the error-flow claims: each check must notice a plausible slip and move its verdict.

Each test patches one library function or constant where the check looks it up and asserts that the
claim's computed verdict differs from the stated one (see ``tests/ledger/test_mutations.py``).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from lstmnotes import flow
from lstmnotes.flow import _path_sum as path_sums
from lstmnotes.flow import evidence_cancelling, evidence_printed
from lstmnotes.flow import symbolic as flow_symbolic
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


def _transpose_weights(expr: sympy.Matrix, n: int) -> sympy.Matrix:
    w = flow_symbolic.weight_symbols(n)
    swap = {w[i, j]: w[j, i] for i in range(n) for j in range(n)}
    return expr.applyfunc(lambda e: e.xreplace(swap))


@pytest.fixture
def transposed_recursion(monkeypatch):
    """(3.1) with $w_{vu}$ where the back-propagation rule gives $w_{uv}$."""
    real = flow_symbolic.scaling_factor

    def transposed(n, q, *, expand=True):
        return _transpose_weights(real(n, q, expand=expand), n)

    monkeypatch.setattr(flow_symbolic, "scaling_factor", transposed)


def _convention_ignored(real):
    """``step_weight`` that always uses the corrected index: the printed sum made equal to the corrected one."""

    def step_weight(W, previous, current, convention="corrected"):
        real(W, previous, current, convention)  # still validates the name
        return real(W, previous, current, "corrected")

    return step_weight


@pytest.mark.usefixtures("transposed_recursion")
def test_p1_notices_the_recursion_with_a_transposed_weight():
    assert _flipped("P1") is Verdict.FALSE


@pytest.mark.usefixtures("transposed_recursion")
def test_s1_notices_the_recursion_with_a_transposed_weight():
    assert _flipped("S1") is Verdict.FALSE


def test_s1_notices_printed_index_equal_to_corrected(monkeypatch):
    monkeypatch.setattr(flow_symbolic, "step_weight", _convention_ignored(flow.step_weight))
    assert _flipped("S1") is Verdict.FALSE


def test_p2_notices_printed_index_equal_to_corrected(monkeypatch):
    monkeypatch.setattr(path_sums, "step_weight", _convention_ignored(flow.step_weight))
    assert _flipped("P2") is Verdict.UNCHECKABLE  # a search that finds nothing proves nothing


def test_a5_notices_the_corrected_sum_left_with_the_printed_index(monkeypatch):
    real = flow.step_weight

    def swapped(W, previous, current, convention="corrected"):
        return real(W, previous, current, "printed" if convention == "corrected" else "corrected")

    monkeypatch.setattr(flow_symbolic, "step_weight", swapped)
    assert _flipped("A5") is Verdict.FALSE


def test_p3_notices_path_terms_that_lost_their_signs(monkeypatch):
    real = flow.path_terms
    monkeypatch.setattr(evidence_cancelling, "path_terms", lambda *a, **k: np.abs(real(*a, **k)))
    assert _flipped("P3") is Verdict.FALSE
