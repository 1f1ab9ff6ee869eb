"""Mutation tests of the section 3.2 and memory-cell claims: each check notices a plausible slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

import numpy as np

from lstmnotes import carousel, cell, conflicts
from lstmnotes.claims import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def _squared_logistic_slope(monkeypatch):
    """The logistic's slope taken as $(\\sigma(1 - \\sigma))^2$: a square where there is none."""
    real = carousel._lookup

    def lookup(name):
        f, fprime = real(name)
        return (f, lambda x: fprime(x) ** 2) if name == "logistic" else (f, fprime)

    monkeypatch.setattr(carousel, "_lookup", lookup)


def test_x60_notices_the_factor_1_minus_y_dropped_from_the_slope(monkeypatch):
    real = carousel.logistic_best_fixed_point_factor

    def without_one_minus_y():  # sigma'(wy) w = w y (1 - y) taken as w y
        y, w, _ = real()
        return y, w, w * y

    monkeypatch.setattr(carousel, "logistic_best_fixed_point_factor", without_one_minus_y)
    assert _flipped("X60") is Verdict.FALSE


def test_x60_notices_a_slope_twice_too_large(monkeypatch):
    real = carousel._lookup

    def lookup(
        name,
    ):  # sigma' taken as 2 sigma (1 - sigma): the search then disagrees with the closed form
        f, fprime = real(name)
        return (f, lambda x: 2 * fprime(x)) if name == "logistic" else (f, fprime)

    monkeypatch.setattr(carousel, "_lookup", lookup)
    assert _flipped("X60") is Verdict.FALSE


def test_x61_notices_a_squared_slope(monkeypatch):
    _squared_logistic_slope(monkeypatch)
    assert _flipped("X61") is Verdict.HOLDS


def test_x62_notices_the_slope_of_tanh_in_place_of_the_identity(monkeypatch):
    real = carousel._lookup

    def lookup(name):  # the identity's slope taken as 1 - tanh^2, one only at 0
        f, fprime = real(name)
        return (f, real("tanh")[1]) if name == "identity" else (f, fprime)

    monkeypatch.setattr(carousel, "_lookup", lookup)
    assert _flipped("X62") is Verdict.FALSE


def test_x63_notices_the_factor_1_minus_y_dropped_from_the_weight(monkeypatch):
    real = carousel.unit_factor_bias

    def without_one_minus_y(y, k=1.0):  # w = k / y instead of k / (y (1 - y))
        w, _ = real(y, k)
        w = k / y
        return w, float(np.log(y / (1 - y))) - w * y

    monkeypatch.setattr(carousel, "unit_factor_bias", without_one_minus_y)
    assert _flipped("X63") is Verdict.FALSE


def test_x64_notices_a_gate_with_its_sign_flipped(monkeypatch):
    real = cell._sigma
    monkeypatch.setattr(cell, "_sigma", lambda x: real(-np.asarray(x)))
    assert _flipped("X64") is Verdict.FALSE


def test_p19_notices_a_carousel_without_its_self_connection(monkeypatch):
    real = conflicts.naive_task_residual

    def forgetful(sequences, targets):  # s(t) = w x(t): what entered earlier is not kept
        x = np.asarray(sequences, dtype=np.float64)
        steps = np.concatenate(
            [x[:, :1], np.diff(x, axis=1)], axis=1
        )  # cumsum of these is x itself
        return real(steps, targets)

    monkeypatch.setattr(conflicts, "naive_task_residual", forgetful)
    assert _flipped("P19") is Verdict.FALSE
