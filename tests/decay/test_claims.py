"""Mutation tests of the claims on measured decay and on the later conditions (X4-X6, X50-X52).

Each test changes one library function the way a reader or an author could get it wrong, patched where the
check looks it up, and asserts that the claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import decay as decay_part
from lstmnotes import ledger as claims
from lstmnotes.activations import _functions as activations
from lstmnotes.decay import _curves as decay
from lstmnotes.decay import _long_run as long_run
from lstmnotes.decay import evidence_mean
from lstmnotes.decay import evidence_survey as survey
from lstmnotes.flow import _scaling as flow
from lstmnotes.later import _norms as conditions
from lstmnotes.ledger import Verdict, evaluate
from lstmnotes.net import _run as net

claims.collect()


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def test_x4_notices_the_slopes_dropped_from_the_flow(monkeypatch):
    real = flow.scaling_factor
    monkeypatch.setattr(
        conditions, "scaling_factor", lambda W, fprime: real(W, np.ones_like(fprime))
    )
    assert _flipped("X4") is Verdict.FALSE


def test_x5_notices_the_logistic_gamma_used_for_tanh(monkeypatch):
    monkeypatch.setitem(conditions.GAMMA, "tanh", activations.LOGISTIC_PRIME_MAX)
    assert _flipped("X5") is Verdict.FALSE


def test_x6_notices_the_spectral_radius_computed_as_the_largest_singular_value(monkeypatch):
    monkeypatch.setattr(conditions, "spectral_radius", conditions.largest_singular_value)
    assert _flipped("X6") is Verdict.UNCHECKABLE


def test_x50_notices_an_arithmetic_mean_in_place_of_the_geometric_one(monkeypatch):
    monkeypatch.setattr(decay, "geometric_mean", lambda flows: np.mean(np.abs(flows), axis=0))
    assert _flipped("X50") is Verdict.FALSE


def test_x51_notices_the_mean_taken_for_every_single_net(monkeypatch):
    monkeypatch.setattr(
        decay.DecayCurve, "rates", property(lambda self: np.full(self.flows.shape[0], self.rate))
    )
    assert _flipped("X51") is Verdict.UNCHECKABLE


def test_x52_notices_weights_scaled_down_with_the_number_of_units(monkeypatch):
    real = net.random_weights
    monkeypatch.setattr(
        decay, "random_weights", lambda n, rng, *, w_max=1.0: real(n, rng, w_max=w_max / n)
    )
    assert _flipped("X52") is Verdict.UNCHECKABLE


@pytest.fixture
def x6_biases_dropped_slopes_equalised(monkeypatch):
    """The biased fixed point run without its biases, and the held-slopes net with equal slopes."""
    real_bias = conditions.run_biased_logistic
    monkeypatch.setattr(
        conditions,
        "run_biased_logistic",
        lambda W, b, y0, steps: real_bias(W, 0 * np.asarray(b), y0, steps),
    )
    real = conditions.spectral_radius_counterexample
    monkeypatch.setattr(
        conditions,
        "spectral_radius_counterexample",
        lambda: real(saturated_net=0.0, shift_weight=0.5),
    )


@pytest.mark.usefixtures("x6_biases_dropped_slopes_equalised")
def test_x6_notices_the_biases_dropped_with_the_held_slopes_equalised(monkeypatch):
    shift = ((0, 1, 0), (0, 0, 1), (0, 0, 0))  # nilpotent, but sigma_max = 1: no growth
    monkeypatch.setitem(conditions.NILPOTENT_NETS, "tanh", shift)
    monkeypatch.setitem(conditions.NILPOTENT_NETS, "logistic", shift)
    assert _flipped("X6") is Verdict.UNCHECKABLE


@pytest.mark.usefixtures("x6_biases_dropped_slopes_equalised")
def test_x6_notices_the_forward_runs_given_the_slopes_of_rest(monkeypatch):
    real_run = net.run_net

    def at_rest(W, y0, steps, activation="logistic"):
        return real_run(W, np.zeros_like(np.asarray(y0, dtype=float)), steps, "tanh")

    monkeypatch.setattr(conditions, "run_net", at_rest)
    monkeypatch.setattr(long_run, "run_net", at_rest)
    assert _flipped("X6") is Verdict.UNCHECKABLE


def test_x51_notices_the_long_run_factor_normalised_away(monkeypatch):
    monkeypatch.setattr(decay_part, "long_run_rate", lambda W, y0, **kwargs: 1.0)
    assert _flipped("X51") is Verdict.UNCHECKABLE


def test_x52_notices_the_search_stopped_at_small_nets(monkeypatch):
    real = evidence_mean.growth_shares
    monkeypatch.setattr(
        evidence_mean, "growth_shares", lambda sizes, seeds, scales: real(sizes[:3], seeds, scales)
    )
    assert _flipped("X52") is Verdict.UNCHECKABLE


def test_decay_claims_state_the_survey_set_up():
    statement = claims.CLAIMS["X50"].statement
    assert f"{survey.SURVEY_N} units" in statement
    assert f"{decay.BURN_IN} settling steps" in statement
    assert f"{survey.SURVEY_NETS} nets" in statement
    assert f"to {survey.SURVEY_SCALES[-1]:g}" in statement
    assert f"{survey.SURVEY_NETS} random" in claims.CLAIMS["X52"].statement
