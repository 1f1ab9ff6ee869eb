"""Mutation tests of the claims on the later conditions (X4-X6).

Each test changes one library function the way a reader or an author could get it wrong, patched where the
check looks it up, and asserts that the claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import ledger as claims
from lstmnotes.activations import _functions as activations
from lstmnotes.decay import _long_run as long_run
from lstmnotes.later import _norms as norms
from lstmnotes.later import evidence_checks as checks
from lstmnotes.later import evidence_spectral as spectral
from lstmnotes.ledger import Verdict, evaluate
from lstmnotes.net import _run as net

claims.collect()


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x4_notices_the_slopes_dropped_from_the_flow(monkeypatch):
    real = norms.flow_norms
    monkeypatch.setattr(checks, "flow_norms", lambda W, fprime: real(W, np.ones_like(fprime)))
    assert _flipped("X4") is Verdict.FALSE


def test_x5_notices_the_logistic_gamma_used_for_tanh(monkeypatch):
    monkeypatch.setitem(norms.GAMMA, "tanh", activations.LOGISTIC_PRIME_MAX)
    assert _flipped("X5") is Verdict.FALSE


def test_x6_notices_the_spectral_radius_computed_as_the_largest_singular_value(monkeypatch):
    monkeypatch.setattr(spectral, "spectral_radius", norms.largest_singular_value)
    assert _flipped("X6") is Verdict.UNCHECKABLE


@pytest.fixture
def x6_biases_dropped_slopes_equalised(monkeypatch):
    """The biased fixed point run without its biases, and the held-slopes net with equal slopes."""
    real_run = spectral.run_net
    monkeypatch.setattr(
        spectral,
        "run_net",
        lambda W, y0, steps, activation="logistic", **external: real_run(
            W, y0, steps, activation, **{k: 0 * np.asarray(v) for k, v in external.items()}
        ),
    )
    real = spectral.spectral_radius_counterexample
    monkeypatch.setattr(
        spectral,
        "spectral_radius_counterexample",
        lambda: real(saturated_net=0.0, shift_weight=0.5),
    )


@pytest.mark.usefixtures("x6_biases_dropped_slopes_equalised")
def test_x6_notices_the_biases_dropped_with_the_held_slopes_equalised(monkeypatch):
    shift = ((0, 1, 0), (0, 0, 1), (0, 0, 0))  # nilpotent, but sigma_max = 1: no growth
    monkeypatch.setitem(spectral.NILPOTENT_NETS, "tanh", shift)
    monkeypatch.setitem(spectral.NILPOTENT_NETS, "logistic", shift)
    assert _flipped("X6") is Verdict.UNCHECKABLE


@pytest.mark.usefixtures("x6_biases_dropped_slopes_equalised")
def test_x6_notices_the_forward_runs_given_the_slopes_of_rest(monkeypatch):
    real_run = net.run_net

    def at_rest(W, y0, steps, activation="logistic", **external):  # the biases dropped, as above
        return real_run(W, np.zeros_like(np.asarray(y0, dtype=float)), steps, "tanh")

    monkeypatch.setattr(spectral, "run_net", at_rest)
    monkeypatch.setattr(long_run, "run_net", at_rest)
    assert _flipped("X6") is Verdict.UNCHECKABLE
