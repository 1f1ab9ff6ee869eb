"""The 1997 memory cell: forward pass, both gradient schemes against autograd, the flow, the claim."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.cell import _cell as cell


def _sig(x):
    return 0.5 * (anp.tanh(0.5 * x) + 1.0)  # the logistic, written differently from the library


def _reference(params, x, *, detached=None, net_c_offsets=None):
    """The cell in autograd. ``params`` = (w_in, w_out, w_c, r) with r = (r_in, r_out, r_c).

    With ``detached`` (an array of y(t-1) values) the recurrent inputs are constants: the paper's truncation.
    """
    w_in, w_out, w_c, r = params
    s, y = 0.0, 0.0
    outputs, states = [], []
    for t in range(x.shape[0]):
        prev = y if detached is None else detached[t]
        n_in = anp.dot(x[t], w_in) + r[0] * prev
        n_out = anp.dot(x[t], w_out) + r[1] * prev
        n_c = anp.dot(x[t], w_c) + r[2] * prev
        if net_c_offsets is not None:
            n_c = n_c + net_c_offsets[t]
        s = s + _sig(n_in) * (4.0 * _sig(n_c) - 2.0)
        y = _sig(n_out) * (2.0 * _sig(s) - 1.0)
        outputs.append(y)
        states.append(s)
    return anp.stack(outputs), anp.stack(states)


@st.composite
def cells(draw, recurrent=True):
    d = draw(st.integers(1, 3))
    steps = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    r = rng.normal(scale=0.8, size=3) if recurrent else np.zeros(3)
    params = (rng.normal(size=d), rng.normal(size=d), rng.normal(scale=1.5, size=d), r)
    x = rng.normal(size=(steps, d))
    targets = rng.normal(scale=0.5, size=steps)
    mask = rng.integers(0, 2, size=steps).astype(float)
    return params, x, targets, mask


def _weights(params):
    w_in, w_out, w_c, r = params
    return cell.CellWeights(w_in, w_out, w_c, *r)


def _loss(targets, mask, **kw):
    def loss(params, x):
        out, _ = _reference(params, x, **kw)
        return 0.5 * anp.sum(mask * (out - targets) ** 2)

    return loss


def _check(grads, expected_params, expected_x):
    np.testing.assert_allclose(grads.weights.w_in, expected_params[0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads.weights.w_out, expected_params[1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads.weights.w_c, expected_params[2], rtol=1e-9, atol=1e-12)
    recurrent = [grads.weights.r_in, grads.weights.r_out, grads.weights.r_c]
    np.testing.assert_allclose(recurrent, expected_params[3], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(grads.inputs, expected_x, rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(problem=cells())
def test_forward_matches_reference(problem):
    params, x, _, _ = problem
    run = cell.run_cell(_weights(params), x)
    out, states = _reference(params, x)
    np.testing.assert_allclose(run.output, out, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.state, states, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.previous, np.concatenate(([0.0], out[:-1])), atol=1e-14)


@settings(max_examples=40, deadline=None)
@given(problem=cells())
def test_full_gradient_matches_autograd(problem):
    params, x, targets, mask = problem
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    grads = cell.cell_backward(weights, run, mask * (run.output - targets), scheme="full")
    loss = _loss(targets, mask)
    _check(grads, autograd.grad(loss, 0)(params, x), autograd.grad(loss, 1)(params, x))


@settings(max_examples=40, deadline=None)
@given(problem=cells())
def test_truncated_gradient_is_the_gradient_with_recurrent_inputs_held_fixed(problem):
    params, x, targets, mask = problem
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    grads = cell.cell_backward(weights, run, mask * (run.output - targets), scheme="truncated")
    loss = _loss(targets, mask, detached=run.previous)
    _check(grads, autograd.grad(loss, 0)(params, x), autograd.grad(loss, 1)(params, x))


@settings(max_examples=30, deadline=None)
@given(problem=cells(recurrent=False))
def test_schemes_agree_without_recurrent_weights(problem):
    params, x, targets, mask = problem
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    error = mask * (run.output - targets)
    full = cell.cell_backward(weights, run, error, scheme="full")
    truncated = cell.cell_backward(weights, run, error, scheme="truncated")
    np.testing.assert_allclose(full.weights.w_c, truncated.weights.w_c, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(full.delta_state, truncated.delta_state, rtol=1e-12, atol=1e-15)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(7)
    params = (rng.normal(size=2), rng.normal(size=2), rng.normal(size=2), rng.normal(size=3))
    x = rng.normal(size=(6, 2))
    targets = rng.normal(size=6)
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    grads = cell.cell_backward(weights, run, run.output - targets)

    def loss(w):
        out = cell.run_cell(w, x).output
        return 0.5 * np.sum((out - targets) ** 2)

    h = 1e-6
    for k in range(2):
        up, down = params[2].copy(), params[2].copy()
        up[k] += h
        down[k] -= h
        fd = (
            loss(_weights((*params[:2], up, params[3])))
            - loss(_weights((*params[:2], down, params[3])))
        ) / (2 * h)
        assert grads.weights.w_c[k] == pytest.approx(fd, rel=1e-6, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(problem=cells())
def test_flow_to_the_cell_input_matches_autograd(problem):
    params, x, _, _ = problem
    steps = x.shape[0]
    weights = _weights(params)
    zero = np.zeros(steps)
    for scheme, kw in (
        ("full", {}),
        ("truncated", {"detached": cell.run_cell(weights, x).previous}),
    ):
        flow = cell.cell_error_flow(weights, x, scheme=scheme)
        last = lambda o, kw=kw: _reference(params, x, net_c_offsets=o, **kw)[0][-1]
        expected = autograd.grad(last)(zero)[::-1]
        np.testing.assert_allclose(flow.to_cell_input, expected, rtol=1e-9, atol=1e-13)


@settings(max_examples=30, deadline=None)
@given(problem=cells())
def test_truncated_flow_factorises_through_a_carousel_of_exact_ones(problem):
    params, x, _, _ = problem
    flow = cell.cell_error_flow(_weights(params), x)
    assert np.all(flow.carousel == 1.0)
    np.testing.assert_allclose(flow.to_state, flow.leaving, rtol=1e-15)
    np.testing.assert_allclose(flow.to_cell_input, flow.leaving * flow.entering, rtol=1e-14)


def test_full_carousel_flow_deviates_only_with_recurrent_weights():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20, 2))
    plain = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1])
    looped = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1], 0.7, -0.4, 1.2)
    assert np.all(cell.cell_error_flow(plain, x, scheme="full").carousel == 1.0)
    assert np.max(np.abs(cell.cell_error_flow(looped, x, scheme="full").carousel - 1.0)) > 1e-3


def test_squashing_functions():
    x = np.linspace(-30, 30, 601)
    sig = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(cell.cell_g(x), 4 * sig - 2, atol=1e-14)
    np.testing.assert_allclose(cell.cell_h(x), 2 * sig - 1, atol=1e-14)
    g = autograd.elementwise_grad(lambda v: 4 * _sig(v) - 2)(x)
    h = autograd.elementwise_grad(lambda v: 2 * _sig(v) - 1)(x)
    np.testing.assert_allclose(cell.cell_g_prime(x), g, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(cell.cell_h_prime(x), h, rtol=1e-10, atol=1e-300)


def test_no_forget_gate_claim():
    judged = cell.memory_cell_has_no_forget_gate(np.random.default_rng(2), cells=5, steps=15)
    assert (judged.claim, judged.verdict) == ("no forget gate in 1997", "holds")
    assert judged.carousel_deviation == 0.0
    assert judged.full_deviation > 0.0
    # by hand: input gate sigma(0) = 1/2, g(log 3) = 4 * 3/4 - 2 = 1, so s(t) = t/2
    assert judged.drift_state == pytest.approx(judged.drift_steps / 2)
    # |h(s)| > 0.99 first when t/2 > log(199), that is t > 10.58
    assert judged.saturated_after == 11


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cell.CellWeights([1.0], [1.0, 2.0], [1.0]), "of one length"),
        (lambda: cell.CellWeights([], [], []), "non-empty"),
        (lambda: cell.CellWeights([np.nan], [1.0], [1.0]), "w_in must be finite"),
        (lambda: cell.CellWeights([1.0], [1.0], [1.0], r_c=[1, 2]), "r_c must be a single"),
        (lambda: cell.run_cell(cell.CellWeights([1.0], [1.0], [1.0]), [[1.0, 2.0]]), "1 columns"),
        (lambda: cell.run_cell(cell.CellWeights([1.0], [1.0], [1.0]), [1.0]), "inputs must be 2-D"),
        (lambda: cell.run_cell(cell.CellWeights([1.0], [1.0], [1.0]), np.ones((0, 1))), "1 to MAX"),
        (lambda: cell.cell_error_flow(cell.CellWeights([1.0], [1.0], [1.0]), [[1.0]], scheme="x"),
         "unknown scheme 'x'"),
        (lambda: cell.memory_cell_has_no_forget_gate(np.random.default_rng(0), cells=0),
         "cells must be between 1"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_errors_refused():
    weights = cell.CellWeights([1.0], [1.0], [1.0])
    run = cell.run_cell(weights, [[1.0], [0.0]])
    with pytest.raises(ValueError, match="output_error must have one entry per step, 2"):
        cell.cell_backward(weights, run, [1.0])
    with pytest.raises(ValueError, match="state_error must be finite"):
        cell.cell_backward(weights, run, [1.0, 0.0], state_error=[np.inf, 0.0])


def test_truncation_gap():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(12, 2))
    error = rng.normal(size=12)
    plain = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1])
    assert cell.truncation_gap(plain, x, error) == 0.0
    looped = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1], 0.7, -0.4, 1.2)
    run = cell.run_cell(looped, x)
    full = cell.cell_backward(looped, run, error, scheme="full").weights
    trunc = cell.cell_backward(looped, run, error, scheme="truncated").weights
    names = ("w_in", "w_out", "w_c", "r_in", "r_out", "r_c")
    full_flat = np.hstack([getattr(full, n) for n in names])
    trunc_flat = np.hstack([getattr(trunc, n) for n in names])
    expected = np.max(np.abs(full_flat - trunc_flat)) / np.max(np.abs(full_flat))
    assert cell.truncation_gap(looped, x, error) == pytest.approx(expected, rel=1e-12)
    assert expected > 0
    with pytest.raises(ValueError, match="the full gradient is zero"):
        cell.truncation_gap(plain, x, np.zeros(12))


def test_gated_example():
    weights, x = cell.gated_cell_example(
        np.random.default_rng(0), steps=20, write_at=5, recurrent=0.3
    )
    assert x.shape == (20, 4)
    assert weights.r_in == weights.r_out == weights.r_c == 0.3
    run = cell.run_cell(weights, x)
    assert np.argmax(run.y_in) == 4
    assert np.argmax(run.y_out) == 19
    for kwargs, message in (
        ({"steps": 1}, "steps must be between 2"),
        ({"write_at": 0}, "write_at must be between 1"),
        ({"steps": 5, "write_at": 5}, "write_at must be between 1 and steps - 1 = 4"),
        ({"gate_gain": -1.0}, "gate_gain must be positive"),
    ):
        with pytest.raises(ValueError, match=message):
            cell.gated_cell_example(np.random.default_rng(0), **kwargs)


def test_factorisation_checked_by_sympy():
    f = cell.cell_flow_factorisation(4)
    assert f.checked == (0, 1, 2, 3)
    assert f.steps == 4
    assert "y^{\\mathrm{out}}(T)" in f.latex()
    with pytest.raises(ValueError, match="steps must be between 1 and 12"):
        cell.cell_flow_factorisation(13)


def test_input_gate_bias_slows_the_drift():
    judged = cell.input_gate_bias_drift(np.random.default_rng(0), cells=5, steps=50)
    assert judged.violations == 0
    assert list(judged.state_end) == sorted(judged.state_end, reverse=True)
    assert list(judged.slope_end) == sorted(judged.slope_end)


def test_additive_forgetting_against_a_plain_loop():
    r = cell.additive_forgetting(np.random.default_rng(0), cells=5)

    def plain(rc):  # separate code: the 1997 equations with both gates sigma(bias), one pulse
        sig = lambda v: 1.0 / (1.0 + np.exp(-v))
        s = y = 0.0
        out = []
        for t in range(r.states.size):
            x = 1.0 if t == 0 else 0.0
            s += sig(r.gate_bias) * (4 * sig(r.pulse_weight * x + rc * y) - 2)
            y = sig(r.gate_bias) * (2 * sig(s) - 1)
            out.append(s)
        return np.array(out)

    assert r.states == pytest.approx(plain(r.recurrent), rel=1e-12, abs=1e-15)
    assert r.kept == pytest.approx(plain(0.0), rel=1e-12)
    assert abs(r.states[-1]) < 1e-6 * abs(r.states[0])
    assert r.violations == 0


def test_entry_factor_drift_and_the_flow_split():
    e = cell.entry_factor_drift(drift_steps=(4, 40))
    assert e.worst_ratio <= 1.0 + 1e-12
    assert e.drift_states == pytest.approx((2.0, 20.0))
    assert e.drift_slopes[1] < 2 * np.exp(-20.0)
    weights, x = cell.gated_cell_example(np.random.default_rng(1), steps=12, write_at=3)
    flow = cell.cell_error_flow(weights, x)
    assert flow.leaving == pytest.approx(flow.output_gate * flow.h_slope)
    assert flow.h_slope <= 0.5


def test_bias_drift_symbolic_is_positive():
    derivative, positive = cell.bias_drift_symbolic()
    assert positive
    assert "cosh" in str(derivative)


def test_no_forget_gate_reports_the_largest_drop():
    judged = cell.memory_cell_has_no_forget_gate(np.random.default_rng(0), cells=6, steps=10)
    assert judged.largest_drop < 2.0 < judged.largest_state
