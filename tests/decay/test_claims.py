"""Mutation tests of the claims on measured decay (X50-X52).

Each test changes one library function the way a reader or an author could get it wrong, patched where the
check looks it up, and asserts that the claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

import numpy as np

from lstmnotes import decay as decay_part
from lstmnotes import ledger as claims
from lstmnotes.decay import _curves as decay
from lstmnotes.decay import evidence_mean
from lstmnotes.decay import evidence_survey as survey
from lstmnotes.ledger import Verdict, evaluate
from lstmnotes.net import _run as net

claims.collect()


def _flipped(claim_id: str) -> Verdict:
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


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
