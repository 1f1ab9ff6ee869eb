"""Mutation tests of the regrouping claims (S2, S3, P16, A6, X30, X31): each check notices a plausible slip."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lstmnotes import flow
from lstmnotes.activations import _functions as activations
from lstmnotes.ledger import Verdict, evaluate
from lstmnotes.local_gain import _in_net as gain_in_net
from lstmnotes.local_gain.evidence import UndecidedError
from lstmnotes.net import _run as net
from lstmnotes.regrouping import evidence_conditions as conditions_evidence
from lstmnotes.regrouping import evidence_regrouped as regrouped_evidence
from lstmnotes.regrouping import evidence_times as times_evidence
from lstmnotes.regrouping import evidence_two_units as two_units_evidence
from lstmnotes.regrouping import evidence_typical as typical_evidence
from lstmnotes.regrouping import evidence_vanishing as vanishing_evidence


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_s2_notices_the_regrouped_product_without_its_last_slope(monkeypatch):
    real = gain_in_net.path_pairing

    def tail_dropped(run, t, path, pairing="regrouped"):
        pairs = real(run, t, path, pairing)
        return dataclasses.replace(pairs, tail=1.0) if pairing == "regrouped" else pairs

    monkeypatch.setattr(regrouped_evidence, "path_pairing", tail_dropped)
    assert _flipped("S2") is Verdict.FALSE


def test_s2_notices_the_printed_pairing_in_place_of_the_regrouped_one(monkeypatch):
    real = gain_in_net.path_pairing

    def printed(run, t, path, pairing="regrouped"):
        return real(run, t, path, "printed" if pairing == "regrouped" else pairing)

    monkeypatch.setattr(regrouped_evidence, "path_pairing", printed)
    assert _flipped("S2") is Verdict.FALSE


def test_s3_notices_slopes_read_one_step_late(monkeypatch):
    # an off-by-one in the rows of the run: each pair's slope taken at t - m + 1 instead of t - m
    real = gain_in_net.path_pairing

    def late(run, t, path, pairing="regrouped"):
        pairs = real(run, t, path, pairing)
        slopes = activations.logistic_prime(run.nets[pairs.slope_times, pairs.slope_units])
        return dataclasses.replace(pairs, slopes=np.asarray(slopes))

    monkeypatch.setattr(times_evidence, "path_pairing", late)
    assert _flipped("S3") is Verdict.FALSE


def test_s3_notices_the_input_taken_at_the_slopes_time(monkeypatch):
    # y^{l_{m+1}}(t - m) in the role of y, the reading that drops the time arguments: a bookkeeping
    # error, which the guard refuses rather than deciding on
    real = gain_in_net.path_pairing

    def same_time(run, t, path, pairing="regrouped"):
        pairs = real(run, t, path, pairing)
        inputs = run.activations[pairs.slope_times, pairs.weight_index[:, 1]]
        return dataclasses.replace(pairs, inputs=np.asarray(inputs))

    monkeypatch.setattr(times_evidence, "path_pairing", same_time)
    with pytest.raises(RuntimeError, match="bookkeeping"):
        evaluate("S3")


def test_p16_notices_a_witness_without_negative_weights(monkeypatch):
    # the many-unit witnesses drawn on [0, w_max]: their units saturate and every flow dies, while the
    # random nets of typical_rates still grow, so the evidence no longer decides
    real = net.random_weights
    monkeypatch.setattr(
        typical_evidence,
        "random_weights",
        lambda n, rng, *, w_max=1.0, symmetric=False: np.abs(real(n, rng, w_max=w_max)),
    )
    with pytest.raises(UndecidedError):
        evaluate("P16")


def test_a6_notices_the_slopes_of_tanh_in_place_of_the_logistic(monkeypatch):
    real = net.run_net
    monkeypatch.setattr(
        vanishing_evidence,
        "run_net",
        lambda W, y0, steps, activation="logistic": real(W, y0, steps, "tanh"),
    )
    assert _flipped("A6") is Verdict.UNCHECKABLE


def test_a6_notices_path_terms_without_their_slopes(monkeypatch):
    real = flow.path_terms
    monkeypatch.setattr(
        vanishing_evidence,
        "path_terms",
        lambda W, fprime, u, v: real(W, np.ones_like(fprime), u, v),
    )
    assert _flipped("A6") is Verdict.UNCHECKABLE


def test_a6_notices_a_search_without_negative_weights(monkeypatch):
    real = two_units_evidence._candidate_weights
    monkeypatch.setattr(
        two_units_evidence,
        "_candidate_weights",
        lambda n, a, rng, count: [np.abs(W) for W in real(n, a, rng, count)],
    )
    assert _flipped("A6") is Verdict.UNCHECKABLE


def test_x30_notices_the_slopes_of_tanh_in_place_of_the_logistic(monkeypatch):
    real = net.run_net
    monkeypatch.setattr(
        conditions_evidence,
        "run_net",
        lambda W, y0, steps, activation="logistic": real(W, y0, steps, "tanh"),
    )
    assert _flipped("X30") is Verdict.FALSE


def test_x30_notices_a_flow_without_its_slopes(monkeypatch):
    real = flow.scaling_factor
    monkeypatch.setattr(
        conditions_evidence, "scaling_factor", lambda W, fprime: real(W, np.ones_like(fprime))
    )
    assert _flipped("X30") is Verdict.FALSE


def test_x31_notices_the_slopes_of_tanh_in_place_of_the_logistic(monkeypatch):
    real = net.run_net
    monkeypatch.setattr(
        conditions_evidence,
        "run_net",
        lambda W, y0, steps, activation="logistic": real(W, y0, steps, "tanh"),
    )
    assert _flipped("X31") is Verdict.FALSE
