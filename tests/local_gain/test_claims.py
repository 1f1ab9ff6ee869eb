"""Mutation tests of the local-gain claims: each check notices a plausible slip in the library it calls.

Each test changes one library function the way a reader or an author could get it wrong, patched where the
check looks it up, and asserts that the claim's computed verdict moves away from the stated one (or, where
the slip leaves the evidence deciding nothing, that the check refuses to decide). The coverage test in
``tests/ledger/test_mutations.py`` collects these tests by name.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from lstmnotes import ledger as claims
from lstmnotes.activations import _functions as activations
from lstmnotes.activations import symbolic
from lstmnotes.ledger import Verdict, evaluate
from lstmnotes.local_gain import _in_net as gain_in_net
from lstmnotes.local_gain import _levels as gain_levels
from lstmnotes.local_gain import _training as gain_training
from lstmnotes.local_gain import _unit as local_gain
from lstmnotes.local_gain import evidence_maximiser as maximiser_evidence
from lstmnotes.local_gain import evidence_pointwise as pointwise_evidence
from lstmnotes.local_gain import evidence_products as products_evidence
from lstmnotes.local_gain import evidence_running as running_evidence
from lstmnotes.local_gain import evidence_training as training_evidence
from lstmnotes.local_gain import evidence_weight_size as weight_size_evidence
from lstmnotes.local_gain import symbolic as gain_symbolic
from lstmnotes.local_gain import symbolic_net_sum as net_sum_symbolic
from lstmnotes.local_gain import symbolic_training as rate_symbolic
from lstmnotes.local_gain.evidence import UndecidedError

claims.collect()


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


@pytest.fixture
def flipped_slope_sign(monkeypatch):
    """$\\sigma' = \\sigma(1 + \\sigma)$ in the symbolic gain, a sign slip in $\\sigma(1 - \\sigma)$."""
    monkeypatch.setattr(
        gain_symbolic,
        "logistic_prime",
        lambda x: symbolic.logistic(x) * (1 + symbolic.logistic(x)),
    )


# -- the paper's claims -------------------------------------------------------------------------------------


def test_p4_notices_a_missing_factor_y_in_the_net_input(monkeypatch):
    real = local_gain.gain
    monkeypatch.setattr(products_evidence, "gain", lambda w, y, c=0.0: real(w, 1.0, c))
    with pytest.raises(UndecidedError):
        evaluate("P4")


def test_p6_notices_a_maximiser_that_ignores_the_offset(monkeypatch):
    real = local_gain.max_gain
    monkeypatch.setattr(maximiser_evidence, "max_gain", lambda y, c=0.0: real(y))
    assert _flipped("P6") is Verdict.FALSE


@pytest.mark.usefixtures("flipped_slope_sign")
def test_p7_notices_a_flipped_sign_in_the_slope():
    assert _flipped("P7") is Verdict.FALSE


def test_p8_notices_the_slope_of_tanh_in_place_of_the_logistic(monkeypatch):
    monkeypatch.setattr(local_gain, "_sigma_prime", activations.ACTIVATIONS["tanh"][1])
    assert _flipped("P8") is Verdict.FALSE


def test_p9_notices_an_elasticity_without_its_chain_rule_factor(monkeypatch):
    def elasticity(w, y, c=0.0):  # -tanh((wy + c)/2): the factor wy of the chain rule dropped
        return -np.tanh(0.5 * (np.asarray(w) * np.asarray(y) + c))

    monkeypatch.setattr(weight_size_evidence, "derivative_elasticity", elasticity)
    assert _flipped("P9") is Verdict.FALSE


def test_p9_notices_a_largest_gain_without_its_division_by_y(monkeypatch):
    real = local_gain.max_gain

    def undivided(y, c=0.0):  # K instead of K/|y|: the largest gain never reaches one
        w_star, value = real(y, c)
        return w_star, value * np.abs(y)

    monkeypatch.setattr(weight_size_evidence, "max_gain", undivided)
    with pytest.raises(
        UndecidedError
    ):  # c = 0 now says "never above one", the offset case disagrees
        evaluate("P9")


def test_p9_notices_a_largest_gain_that_ignores_the_offset(monkeypatch):
    real = local_gain.max_gain
    monkeypatch.setattr(weight_size_evidence, "max_gain", lambda y, c=0.0: real(y))
    with pytest.raises(UndecidedError):  # the offset example no longer exceeds one
        evaluate("P9")


def test_p10_notices_a_learning_rate_that_compounds_along_the_path(monkeypatch):
    real = gain_training.lag_contributions

    def compounding(run, t, theta, learning_rate):
        out = real(run, t, theta, learning_rate)
        return out * learning_rate ** np.arange(out.size)  # the rate once more per step back

    monkeypatch.setattr(training_evidence, "lag_contributions", compounding)
    assert _flipped("P10") is Verdict.FALSE


def test_p10_notices_a_rate_folded_into_the_symbolic_recursion(monkeypatch):
    real = rate_symbolic.update_contributions

    def folded(n=2, lags=3, rate=rate_symbolic.ALPHA):  # alpha applied at every step back as well
        return [part * rate**k for k, part in enumerate(real(n, lags, rate))]

    monkeypatch.setattr(rate_symbolic, "update_contributions", folded)
    assert _flipped("P10") is Verdict.FALSE


def test_p18_notices_updates_clipped_to_a_small_step(monkeypatch):
    real = gain_training.descend_weight

    def clipped(
        w0, x, target, learning_rate, steps
    ):  # gradient clipping: no jump across is possible
        return real(w0, x, target, min(learning_rate, 400.0), steps)

    monkeypatch.setattr(training_evidence, "descend_weight", clipped)
    assert _flipped("P18") is Verdict.HOLDS


# -- reported slip 7 ------------------------------------------------------------------------------------------


def test_s7_notices_thresholds_left_in_units_of_wy(monkeypatch):
    real = gain_levels.gain_threshold

    def undivided(y, c=0.0, level=1.0):  # the root in x = |wy|, not divided by |y|
        return real(y, c, level) * np.abs(y)

    monkeypatch.setattr(weight_size_evidence, "gain_threshold", undivided)
    assert _flipped("S7") is Verdict.FALSE


def test_s7_notices_a_threshold_that_ignores_the_offset(monkeypatch):
    real = gain_levels.gain_threshold
    monkeypatch.setattr(weight_size_evidence, "gain_threshold", lambda y, c=0.0, level=1.0: real(y))
    assert _flipped("S7") is Verdict.HOLDS


# -- the public answer ----------------------------------------------------------------------------------------


def test_a1_notices_the_factor_w_dropped_from_the_gain(monkeypatch):
    real = gain_symbolic.signed_gain
    monkeypatch.setattr(
        maximiser_evidence, "signed_gain", lambda w, y, c: sympy.cancel(real(w, y, c) / w)
    )
    assert _flipped("A1") is Verdict.FALSE


def test_a2_notices_a_sensitivity_that_runs_the_unperturbed_net(monkeypatch):
    def frozen(W, y0, t, i, j, *, step=1e-6):  # both runs use the same weights: the difference is 0
        return np.zeros(np.asarray(W).shape[0])

    monkeypatch.setattr(running_evidence, "activation_sensitivity", frozen)
    assert _flipped("A2") is Verdict.HOLDS


def test_x21_notices_the_slope_of_tanh_in_place_of_the_logistic(monkeypatch):
    monkeypatch.setattr(pointwise_evidence, "logistic_prime", lambda x: 1 - np.tanh(x) ** 2)
    assert _flipped("X21") is Verdict.HOLDS


def test_x23_notices_a_running_factor_evaluated_at_the_frozen_start(monkeypatch):
    # the slip: the factor at t = 2 evaluated with the activation of the start, y(0), as if y did not move
    monkeypatch.setattr(
        running_evidence,
        "_running_self_factor",
        lambda w, start, t: float(np.sign(w) * local_gain.gain(w, start, 0.0)),
    )
    assert _flipped("X23") is Verdict.HOLDS


def test_x22_notices_the_pairing_of_the_corrected_product_left_unregrouped(monkeypatch):
    real = gain_in_net.path_pairing
    monkeypatch.setattr(
        pointwise_evidence,
        "path_pairing",
        lambda run, t, path, pairing="regrouped": real(run, t, path, "corrected"),
    )
    assert _flipped("X22") is Verdict.HOLDS


def test_a3_notices_a_maximiser_that_maximises_the_slope_alone(monkeypatch):
    real = local_gain.max_gain

    def slope_only(y, c=0.0):  # w = -c/y puts the net input at 0, where f' (not f' w) is largest
        _, value = real(y, c)
        y_, c_ = np.broadcast_arrays(np.asarray(y, float), np.asarray(c, float))
        return np.where(c_ == 0, 1.0, -c_ / y_), value

    monkeypatch.setattr(maximiser_evidence, "max_gain", slope_only)
    assert _flipped("A3") is Verdict.HOLDS


@pytest.mark.usefixtures("flipped_slope_sign")
def test_a4_notices_a_flipped_sign_in_the_slope():
    assert _flipped("A4") is Verdict.FALSE


def test_x20_notices_the_answer_read_with_the_right_index(monkeypatch):
    def corrected(w, ys, unit, source):  # a reader who silently fixes the answer's sum
        return sum((w[unit, k] * ys[k] for k in range(w.rows)), sympy.Integer(0))

    monkeypatch.setattr(net_sum_symbolic, "_answer_sum", corrected)
    assert _flipped("X20") is Verdict.HOLDS
