"""Mutation tests of the memory-cell claims (X3, X64, X65, X66): each check notices a plausible slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one. More mutations of X3 are in
``tests/ledger/test_mutations.py``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import sympy

from lstmnotes.cell import _cell as cell
from lstmnotes.cell import evidence, evidence_drift, symbolic
from lstmnotes.cell import evidence as cell_evidence
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x3_notices_a_forget_gate_that_halves_large_states(monkeypatch):
    real = evidence.run_cell

    def resetting(
        weights, inputs
    ):  # a multiplicative reset: s(t) = f s(t-1) + ..., f = 1/2 once |s| > 4
        run = real(weights, inputs)
        state = np.empty_like(run.state)
        s = 0.0
        for t, added in enumerate(run.y_in * run.g):
            s = (0.5 if abs(s) > 4.0 else 1.0) * s + added
            state[t] = s
        h = cell.cell_h(state)
        return dataclasses.replace(run, state=state, h=h, output=run.y_out * h)

    monkeypatch.setattr(evidence, "run_cell", resetting)
    assert _flipped("X3") is Verdict.FALSE


def test_x3_notices_a_forget_gate_in_the_state_equation(monkeypatch):
    def forgetting(previous, y_in, g):  # s(t) = y_phi s(t-1) + y_in g with y_phi = 1 - y_in / 2
        return (1 - y_in / 2) * previous + y_in * g

    monkeypatch.setattr(cell, "carousel_update", forgetting)
    monkeypatch.setattr(symbolic, "carousel_update", forgetting)
    assert _flipped("X3") is Verdict.FALSE


def test_x64_notices_a_gate_with_its_sign_flipped(monkeypatch):
    real = cell._sigma
    monkeypatch.setattr(cell, "_sigma", lambda x: real(-np.asarray(x)))
    assert _flipped("X64") is Verdict.FALSE


def test_x64_notices_a_bias_that_enters_the_gate_with_its_sign_flipped_symbolically(monkeypatch):

    def flipped():  # sigma(a - b): the derivative in b is negative
        a, b = sympy.symbols("a b", real=True)
        size = sympy.Symbol("G", positive=True)
        derivative = sympy.simplify(sympy.diff(size / (1 + sympy.exp(-(a - b))), b))
        return derivative, bool(derivative.is_positive)

    monkeypatch.setattr(symbolic, "bias_drift_symbolic", flipped)
    assert _flipped("X64") is Verdict.FALSE


def test_x64_notices_a_bias_step_that_leaves_the_state_unchanged(monkeypatch):
    real = evidence_drift._bias_drift_run

    def saturated(weights, x, bias):  # biases clipped at -3: no larger, but not strictly smaller
        return real(weights, x, max(bias, -3.0))

    monkeypatch.setattr(evidence_drift, "_bias_drift_run", saturated)
    assert _flipped("X64") is Verdict.FALSE


def test_x65_notices_a_cell_that_ignores_its_recurrent_cell_input(monkeypatch):
    real = evidence.run_cell

    def no_rc(weights, inputs):  # r_c dropped: the cell never writes against its own state
        plain = cell.CellWeights(
            weights.w_in, weights.w_out, weights.w_c, weights.r_in, weights.r_out, 0.0
        )
        return real(plain, inputs)

    monkeypatch.setattr(evidence, "run_cell", no_rc)
    assert _flipped("X65") is Verdict.FALSE


def test_x65_notices_a_leaky_carousel(monkeypatch):
    real = evidence.run_cell

    def leaky(weights, inputs):  # s(t) = 0.9 s(t-1) + y_in(t) g(net_c(t))
        run = real(weights, inputs)
        state = np.empty_like(run.state)
        s = 0.0
        for t, added in enumerate(run.y_in * run.g):
            s = 0.9 * s + added
            state[t] = s
        return dataclasses.replace(run, state=state)

    monkeypatch.setattr(evidence, "run_cell", leaky)
    assert _flipped("X65") is Verdict.FALSE


def test_x66_notices_the_slope_of_a_wider_h(monkeypatch):
    real = evidence_drift.cell_h_prime
    monkeypatch.setattr(
        evidence_drift, "cell_h_prime", lambda x: real(np.asarray(x) / 2.0)
    )  # h'(s/2)
    assert _flipped("X66") is Verdict.FALSE


def test_x3_notices_errors_sent_back_through_the_recurrent_gate_weights(monkeypatch):
    real = cell_evidence.error_signals

    def untruncated(weights, factors, e_y, e_s, scheme):
        return real(weights, factors, e_y, e_s, "full")

    monkeypatch.setattr(cell_evidence, "error_signals", untruncated)
    assert _flipped("X3") is Verdict.FALSE


def test_x3_notices_a_self_weight_below_one_in_the_carousel(monkeypatch):
    real = cell_evidence.run_cell

    def leaky(weights, inputs):  # s(t) = 0.99 s(t-1) + y_in(t) g(net_c(t))
        run = real(weights, inputs)
        state = np.empty_like(run.state)
        s = 0.0
        for t, added in enumerate(run.y_in * run.g):
            s = 0.99 * s + added
            state[t] = s
        h = cell.cell_h(state)
        return dataclasses.replace(run, state=state, h=h, output=run.y_out * h)

    monkeypatch.setattr(cell_evidence, "run_cell", leaky)
    assert _flipped("X3") is Verdict.FALSE
