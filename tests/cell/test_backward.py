"""The 1997 memory cell run backwards: both gradient schemes against autograd, the flow, the truncation gap."""

from __future__ import annotations

import math
from fractions import Fraction

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.cell import _backward as backward
from lstmnotes.cell import _cell as cell
from lstmnotes.cell import _cell_flow as cell_flow


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
def test_full_gradient_matches_autograd(problem):
    params, x, targets, mask = problem
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    grads = backward.cell_backward(weights, run, mask * (run.output - targets), scheme="full")
    loss = _loss(targets, mask)
    _check(grads, autograd.grad(loss, 0)(params, x), autograd.grad(loss, 1)(params, x))


@settings(max_examples=40, deadline=None)
@given(problem=cells())
def test_truncated_gradient_is_the_gradient_with_recurrent_inputs_held_fixed(problem):
    params, x, targets, mask = problem
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    grads = backward.cell_backward(weights, run, mask * (run.output - targets), scheme="truncated")
    loss = _loss(targets, mask, detached=run.previous)
    _check(grads, autograd.grad(loss, 0)(params, x), autograd.grad(loss, 1)(params, x))


@settings(max_examples=30, deadline=None)
@given(problem=cells(recurrent=False))
def test_schemes_agree_without_recurrent_weights(problem):
    params, x, targets, mask = problem
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    error = mask * (run.output - targets)
    full = backward.cell_backward(weights, run, error, scheme="full")
    truncated = backward.cell_backward(weights, run, error, scheme="truncated")
    np.testing.assert_allclose(full.weights.w_c, truncated.weights.w_c, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(full.delta_state, truncated.delta_state, rtol=1e-12, atol=1e-15)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(7)
    params = (rng.normal(size=2), rng.normal(size=2), rng.normal(size=2), rng.normal(size=3))
    x = rng.normal(size=(6, 2))
    targets = rng.normal(size=6)
    weights = _weights(params)
    run = cell.run_cell(weights, x)
    grads = backward.cell_backward(weights, run, run.output - targets)

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
        flow = cell_flow.cell_error_flow(weights, x, scheme=scheme)
        last = lambda o, kw=kw: _reference(params, x, net_c_offsets=o, **kw)[0][-1]
        expected = autograd.grad(last)(zero)[::-1]
        np.testing.assert_allclose(flow.to_cell_input, expected, rtol=1e-9, atol=1e-13)


@settings(max_examples=30, deadline=None)
@given(problem=cells())
def test_truncated_flow_factorises_through_a_carousel_of_exact_ones(problem):
    params, x, _, _ = problem
    flow = cell_flow.cell_error_flow(_weights(params), x)
    assert np.all(flow.carousel == 1.0)
    np.testing.assert_allclose(flow.to_state, flow.leaving, rtol=1e-15)
    np.testing.assert_allclose(flow.to_cell_input, flow.leaving * flow.entering, rtol=1e-14)


def test_full_carousel_flow_deviates_only_with_recurrent_weights():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20, 2))
    plain = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1])
    looped = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1], 0.7, -0.4, 1.2)
    assert np.all(cell_flow.cell_error_flow(plain, x, scheme="full").carousel == 1.0)
    assert np.max(np.abs(cell_flow.cell_error_flow(looped, x, scheme="full").carousel - 1.0)) > 1e-3


def test_bad_errors_refused():
    weights = cell.CellWeights([1.0], [1.0], [1.0])
    run = cell.run_cell(weights, [[1.0], [0.0]])
    with pytest.raises(ValueError, match="output_error must have one entry per step, 2"):
        backward.cell_backward(weights, run, [1.0])
    with pytest.raises(ValueError, match="state_error must be finite"):
        backward.cell_backward(weights, run, [1.0, 0.0], state_error=[np.inf, 0.0])


@pytest.mark.parametrize("scheme", ["truncated", "full"])
def test_flow_is_not_refused_over_gradients_it_does_not_return(scheme):
    # zero weights: every net input is 0, gates 1/2, g(0) = 0, g'(0) = 1, h'(0) = 1/2, so the flow to the
    # state is 1/2 * 1/2 and to the cell input 1/4 * 1/2 at every step; the inputs 1e308 only make the
    # weights' gradients (not returned) overflow
    flow = cell_flow.cell_error_flow(
        cell.CellWeights([0.0], [0.0], [0.0]), [[1e308]] * 4, scheme=scheme
    )
    assert flow.to_cell_input.tolist() == [0.125] * 4
    assert flow.to_state.tolist() == [0.25] * 4
    assert flow.carousel.tolist() == [1.0] * 4


def test_unknown_scheme_refused():
    with pytest.raises(ValueError, match="unknown scheme 'x'"):
        cell_flow.cell_error_flow(cell.CellWeights([1.0], [1.0], [1.0]), [[1.0]], scheme="x")


def test_truncation_gap():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(12, 2))
    error = rng.normal(size=12)
    plain = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1])
    assert cell_flow.truncation_gap(plain, x, error) == 0.0
    looped = cell.CellWeights([1.0, 0.5], [0.3, -1.0], [2.0, 0.1], 0.7, -0.4, 1.2)
    run = cell.run_cell(looped, x)
    full = backward.cell_backward(looped, run, error, scheme="full").weights
    trunc = backward.cell_backward(looped, run, error, scheme="truncated").weights
    names = ("w_in", "w_out", "w_c", "r_in", "r_out", "r_c")
    full_flat = np.hstack([getattr(full, n) for n in names])
    trunc_flat = np.hstack([getattr(trunc, n) for n in names])
    expected = np.max(np.abs(full_flat - trunc_flat)) / np.max(np.abs(full_flat))
    assert cell_flow.truncation_gap(looped, x, error) == pytest.approx(expected, rel=1e-12)
    assert expected > 0
    with pytest.raises(ValueError, match="the full gradient is zero"):
        cell_flow.truncation_gap(plain, x, np.zeros(12))


def test_gradients_by_inputs_and_weights_hold_across_blocks_of_steps():
    # the input terms are taken a block of steps at a time and summed over the blocks: with zero weights
    # and one unit of error into the last state, delta_s(t) = 1, the cell input's signal is
    # y_in g'(0) = 1/2 at every step, the gates' are 0, and the gradient by w_c is half the column sums
    d = 4
    steps = 3 * backward._BLOCK_VALUES // d + 5  # three full blocks and a part
    x = np.random.default_rng(7).normal(size=(steps, d))
    zeros = cell.CellWeights(np.zeros(d), np.zeros(d), np.zeros(d))
    state_error = np.zeros(steps)
    state_error[-1] = 1.0
    back = backward.cell_backward(
        zeros, cell.run_cell(zeros, x), np.zeros(steps), state_error=state_error
    )
    assert np.all(back.delta_c == 0.5)
    assert np.all(back.delta_in == 0.0)
    # fsum: each column sum correctly rounded (within half an ulp of the exact sum)
    for j in range(d):
        exact = math.fsum(x[:, j]) / 2
        error = abs(back.weights.w_c[j] - exact)
        assert error <= steps * 2.0**-53 * np.abs(x[:, j]).sum() + abs(exact) * 2.0**-52
    assert np.all(back.inputs == 0.0)
    # with weights, the gradient by an input is the signals times the weights, step by step
    rng = np.random.default_rng(8)
    weights = cell.CellWeights(*(0.1 * rng.normal(size=d) for _ in range(3)))
    errors = rng.normal(size=steps)
    back = backward.cell_backward(weights, cell.run_cell(weights, x), errors)
    for t in (0, steps // 3, steps // 3 + 1, steps - 1):
        terms = [
            Fraction(signal[t]) * Fraction(w)
            for signal, ws in (
                (back.delta_in, weights.w_in),
                (back.delta_out, weights.w_out),
                (back.delta_c, weights.w_c),
            )
            for w in ws
        ]
        for j in range(d):
            own = terms[j::d]
            assert abs(Fraction(back.inputs[t, j]) - sum(own)) <= 4 * Fraction(2) ** -53 * sum(
                map(abs, own)
            )
