"""Mutation tests of the section 3.2 and memory-cell claims: each check notices a plausible slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from lstmnotes.carousel import _conflicts as conflicts
from lstmnotes.carousel import _fixed_points as fixed_points
from lstmnotes.carousel import _self_unit as self_unit
from lstmnotes.carousel import evidence, evidence_fixed_points, evidence_naive_tasks, symbolic
from lstmnotes.cell import _cell as cell
from lstmnotes.ledger import Verdict, evaluate


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


def _patch_lookup(monkeypatch, lookup):
    """Replace the activation lookup in every module of the lone unit that looks activations up."""
    for module in (self_unit, fixed_points, evidence_fixed_points):
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


def test_x62_notices_the_slope_of_tanh_in_place_of_the_identity(monkeypatch):
    real = self_unit._lookup

    def lookup(name):  # the identity's slope taken as 1 - tanh^2, one only at 0
        f, fprime = real(name)
        return (f, real("tanh")[1]) if name == "identity" else (f, fprime)

    _patch_lookup(monkeypatch, lookup)
    assert _flipped("X62") is Verdict.FALSE


def test_x63_notices_the_factor_1_minus_y_dropped_from_the_weight(monkeypatch):
    real = evidence_fixed_points.unit_factor_bias

    def without_one_minus_y(y, k=1.0):  # w = k / y instead of k / (y (1 - y))
        w, _ = real(y, k)
        w = k / y
        return w, float(np.log(y / (1 - y))) - w * y

    monkeypatch.setattr(evidence_fixed_points, "unit_factor_bias", without_one_minus_y)
    monkeypatch.setattr(evidence, "unit_factor_bias", without_one_minus_y)
    assert _flipped("X63") is Verdict.FALSE


def test_x64_notices_a_gate_with_its_sign_flipped(monkeypatch):
    real = cell._sigma
    monkeypatch.setattr(cell, "_sigma", lambda x: real(-np.asarray(x)))
    assert _flipped("X64") is Verdict.FALSE


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


def test_p15_notices_a_symbolic_identity_with_the_slope_of_tanh(monkeypatch):
    real = symbolic._symbolic_activation

    def tanh_for_identity(name, x):  # the identity written as tanh, whose slope is one only at 0
        return real("tanh" if name == "identity" else name, x)

    monkeypatch.setattr(symbolic, "_symbolic_activation", tanh_for_identity)
    assert _flipped("P15") is Verdict.FALSE


def test_x3_notices_a_forget_gate_that_halves_large_states(monkeypatch):
    real = cell.run_cell

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

    monkeypatch.setattr(cell, "run_cell", resetting)
    assert _flipped("X3") is Verdict.FALSE


def test_x63_notices_a_slip_in_the_symbolic_gap(monkeypatch):
    def wrong_sign():  # D'(u) found as +32u^2/(1 - 4u^2)^2: D would increase, the proof is not the stated one
        raise ArithmeticError("D'(u) = 32*u**2/(16*u**4 - 8*u**2 + 1): not the stated form")

    monkeypatch.setattr(symbolic, "second_value_gap_symbolic", wrong_sign)
    assert _flipped("X63") is Verdict.FALSE


def test_x64_notices_a_bias_that_enters_the_gate_with_its_sign_flipped_symbolically(monkeypatch):
    import sympy

    def flipped():  # sigma(a - b): the derivative in b is negative
        a, b = sympy.symbols("a b", real=True)
        size = sympy.Symbol("G", positive=True)
        derivative = sympy.simplify(sympy.diff(size / (1 + sympy.exp(-(a - b))), b))
        return derivative, bool(derivative.is_positive)

    monkeypatch.setattr(cell, "bias_drift_symbolic", flipped)
    assert _flipped("X64") is Verdict.FALSE


def test_x65_notices_a_cell_that_ignores_its_recurrent_cell_input(monkeypatch):
    real = cell.run_cell

    def no_rc(weights, inputs):  # r_c dropped: the cell never writes against its own state
        plain = cell.CellWeights(
            weights.w_in, weights.w_out, weights.w_c, weights.r_in, weights.r_out, 0.0
        )
        return real(plain, inputs)

    monkeypatch.setattr(cell, "run_cell", no_rc)
    assert _flipped("X65") is Verdict.FALSE


def test_x65_notices_a_leaky_carousel(monkeypatch):
    real = cell.run_cell

    def leaky(weights, inputs):  # s(t) = 0.9 s(t-1) + y_in(t) g(net_c(t))
        run = real(weights, inputs)
        state = np.empty_like(run.state)
        s = 0.0
        for t, added in enumerate(run.y_in * run.g):
            s = 0.9 * s + added
            state[t] = s
        return dataclasses.replace(run, state=state)

    monkeypatch.setattr(cell, "run_cell", leaky)
    assert _flipped("X65") is Verdict.FALSE


def test_x66_notices_the_slope_of_a_wider_h(monkeypatch):
    real = cell.cell_h_prime
    monkeypatch.setattr(cell, "cell_h_prime", lambda x: real(np.asarray(x) / 2.0))  # h'(s/2)
    assert _flipped("X66") is Verdict.FALSE


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


def test_x3_notices_a_forget_gate_in_the_state_equation(monkeypatch):
    def forgetting(previous, y_in, g):  # s(t) = y_phi s(t-1) + y_in g with y_phi = 1 - y_in / 2
        return (1 - y_in / 2) * previous + y_in * g

    monkeypatch.setattr(cell, "carousel_update", forgetting)
    assert _flipped("X3") is Verdict.FALSE


def test_x63_notices_a_slope_of_the_wrong_sign(monkeypatch):
    import sympy

    def increasing():  # d/dy sigma(w y + b) taken as -w sigma': the map would increase for w < 0
        w = sympy.Symbol("w", negative=True)
        b, y = sympy.Symbol("b", real=True), sympy.Symbol("y", real=True)
        slope = sympy.simplify(-sympy.diff(1 / (1 + sympy.exp(-(w * y + b))), y))
        return slope, True, bool(slope.is_negative)

    monkeypatch.setattr(symbolic, "minus_one_unique_symbolic", increasing)
    assert _flipped("X63") is Verdict.FALSE


def test_x64_notices_a_bias_step_that_leaves_the_state_unchanged(monkeypatch):
    real = cell._bias_drift_run

    def saturated(weights, x, bias):  # biases clipped at -3: no larger, but not strictly smaller
        return real(weights, x, max(bias, -3.0))

    monkeypatch.setattr(cell, "_bias_drift_run", saturated)
    assert _flipped("X64") is Verdict.FALSE
