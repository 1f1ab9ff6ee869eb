"""Mutation tests of the claims about the naive carousel (X1, X2, P19): each check notices a slip.

Each test changes one library function the way a reader or an author could get it wrong, patched where the
check looks it up, and asserts that the claim's computed verdict moves away from the stated one. More
mutations of X1 and X2 are in ``tests/ledger/test_mutations.py``.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lstmnotes.carousel import _conflicts as conflicts
from lstmnotes.carousel import evidence_naive_tasks
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def _unsigned_gradients(monkeypatch):
    """The error's sign dropped in the back-pass: |y - d| in place of y - d."""
    real = conflicts.naive_carousel_gradients

    def unsigned(run, targets, mask=None):
        dw_in, dw_out = real(run, targets, mask)
        return np.abs(dw_in), np.abs(dw_out)

    monkeypatch.setattr(conflicts, "naive_carousel_gradients", unsigned)


def test_x1_notices_gradient_parts_that_are_not_opposed(monkeypatch):
    _unsigned_gradients(
        monkeypatch
    )  # the least error is unchanged (0.1 > 0), the parts no longer oppose
    assert _flipped("X1") is Verdict.FALSE


def test_x2_notices_gradient_parts_that_are_not_opposed(monkeypatch):
    _unsigned_gradients(monkeypatch)
    assert _flipped("X2") is Verdict.FALSE


def test_p19_notices_a_carousel_without_its_self_connection(monkeypatch):
    real = evidence_naive_tasks.naive_task_residual

    def forgetful(sequences, targets):  # s(t) = w x(t): what entered earlier is not kept
        x = np.asarray(sequences, dtype=np.float64)
        steps = np.concatenate(
            [x[:, :1], np.diff(x, axis=1)], axis=1
        )  # cumsum of these is x itself
        return real(steps, targets)

    monkeypatch.setattr(evidence_naive_tasks, "naive_task_residual", forgetful)
    # nothing outside local, non-repeating inputs is met any more: the remark would look right
    assert _flipped("P19") is Verdict.HOLDS


def _gates_swapped(real):
    """The write gate applied on the read side and the other way round."""

    def run(w_in, w_out, inputs, *, write=None, read=None):
        return real(w_in, w_out, inputs, write=read, read=write)

    return run


def test_x1_notices_a_carousel_without_its_self_connection(monkeypatch):
    real = conflicts.run_naive_carousel

    def forgetful(w_in, w_out, inputs, *, write=None, read=None):
        run = real(w_in, w_out, inputs, write=write, read=read)
        state = run.write * run.w_in * run.inputs  # s(t) = a(t) w_in x(t): the term s(t-1) dropped
        return dataclasses.replace(run, state=state, outputs=run.read * run.w_out * state)

    monkeypatch.setattr(conflicts, "run_naive_carousel", forgetful)
    assert _flipped("X1") is Verdict.FALSE


def test_x1_notices_the_gate_on_the_wrong_side(monkeypatch):
    monkeypatch.setattr(
        conflicts, "run_naive_carousel", _gates_swapped(conflicts.run_naive_carousel)
    )
    assert _flipped("X1") is Verdict.FALSE


def test_x2_notices_the_gate_on_the_wrong_side(monkeypatch):
    monkeypatch.setattr(
        conflicts, "run_naive_carousel", _gates_swapped(conflicts.run_naive_carousel)
    )
    assert _flipped("X2") is Verdict.FALSE
