"""Mutation tests of the claims about the lone logistic unit (X60, X61, X63, X67): each check notices a slip.

Each test changes one library function the way a reader or an author could get it wrong, patched where the
check looks it up, and asserts that the claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lstmnotes.carousel import _fixed_points as fixed_points
from lstmnotes.carousel import _self_unit as self_unit
from lstmnotes.carousel import evidence, evidence_fixed_points, symbolic
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def _patch_lookup(monkeypatch, lookup):
    """Replace the activation lookup in every module of the lone unit that looks activations up."""
    for module in (self_unit, fixed_points):
        monkeypatch.setattr(module, "_lookup", lookup)


def _squared_logistic_slope(monkeypatch):
    """The logistic's slope taken as $(\\sigma(1 - \\sigma))^2$: a square where there is none."""
    real = self_unit._lookup

    def lookup(name):
        f, fprime = real(name)
        return (f, lambda x: fprime(x) ** 2) if name == "logistic" else (f, fprime)

    _patch_lookup(monkeypatch, lookup)


def test_x60_notices_the_factor_1_minus_y_dropped_from_the_slope(monkeypatch):
    real = fixed_points.logistic_best_fixed_point_factor

    def without_one_minus_y():  # sigma'(wy) w = w y (1 - y) taken as w y
        y, w, _ = real()
        return y, w, w * y

    monkeypatch.setattr(fixed_points, "logistic_best_fixed_point_factor", without_one_minus_y)
    assert _flipped("X60") is Verdict.FALSE


def test_x60_notices_a_slope_twice_too_large(monkeypatch):
    real = self_unit._lookup

    def lookup(
        name,
    ):  # sigma' taken as 2 sigma (1 - sigma): the search then disagrees with the closed form
        f, fprime = real(name)
        return (f, lambda x: 2 * fprime(x)) if name == "logistic" else (f, fprime)

    _patch_lookup(monkeypatch, lookup)
    assert _flipped("X60") is Verdict.FALSE


def test_x61_notices_a_squared_slope(monkeypatch):
    _squared_logistic_slope(monkeypatch)
    assert _flipped("X61") is Verdict.HOLDS


def test_x63_notices_the_factor_1_minus_y_dropped_from_the_weight(monkeypatch):
    real = evidence_fixed_points.unit_factor_bias

    def without_one_minus_y(y, k=1.0):  # w = k / y instead of k / (y (1 - y))
        w, _ = real(y, k)
        w = k / y
        return w, float(np.log(y / (1 - y))) - w * y

    monkeypatch.setattr(evidence_fixed_points, "unit_factor_bias", without_one_minus_y)
    monkeypatch.setattr(evidence, "unit_factor_bias", without_one_minus_y)
    assert _flipped("X63") is Verdict.FALSE


def test_x63_notices_a_slip_in_the_symbolic_gap(monkeypatch):
    def wrong_sign():  # D'(u) found as +32u^2/(1 - 4u^2)^2: D would increase, the proof is not the stated one
        raise ArithmeticError("D'(u) = 32*u**2/(16*u**4 - 8*u**2 + 1): not the stated form")

    monkeypatch.setattr(symbolic, "second_value_gap_symbolic", wrong_sign)
    assert _flipped("X63") is Verdict.FALSE


def test_x63_notices_a_slope_of_the_wrong_sign(monkeypatch):
    import sympy

    def increasing():  # d/dy sigma(w y + b) taken as -w sigma': the map would increase for w < 0
        w = sympy.Symbol("w", negative=True)
        b, y = sympy.Symbol("b", real=True), sympy.Symbol("y", real=True)
        slope = sympy.simplify(-sympy.diff(1 / (1 + sympy.exp(-(w * y + b))), y))
        return slope, True, bool(slope.is_negative)

    monkeypatch.setattr(symbolic, "minus_one_unique_symbolic", increasing)
    assert _flipped("X63") is Verdict.FALSE


def test_x67_notices_the_factor_1_minus_y_dropped_on_the_2_cycle(monkeypatch):
    def without_one_minus_y(weight):  # w y * w z for w y (1 - y) * w z (1 - z)
        out = []
        for y in np.linspace(0.01, 0.49, 25):
            z = fixed_points._logistic(weight * fixed_points._logistic(weight * y))
            if abs(z - y) > 1e-7:
                out.append(weight * y * weight * z)
        return out

    monkeypatch.setattr(evidence_fixed_points, "_two_cycle_products", without_one_minus_y)
    assert _flipped("X67") is Verdict.FALSE


def test_x67_notices_a_unit_that_cannot_stay_on_a_repelling_fixed_point(monkeypatch):
    real = evidence_fixed_points.exact_fixed_point

    def nudged(
        weight, bias=0.0
    ):  # the reading "the unit cannot stay there": started just off it instead
        point = real(weight, bias)
        if point is None:
            return None
        return dataclasses.replace(point, activation=point.activation * (1.0 + 1e-12))

    monkeypatch.setattr(evidence_fixed_points, "exact_fixed_point", nudged)
    assert _flipped("X67") is Verdict.FALSE
