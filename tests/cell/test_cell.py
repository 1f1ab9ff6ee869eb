"""The 1997 memory cell run forward: against autograd, its squashing functions, its weights and inputs."""

from __future__ import annotations

import math
from fractions import Fraction

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.cell import _cell as cell


def _sig(x):
    return 0.5 * (anp.tanh(0.5 * x) + 1.0)  # the logistic, written differently from the library


def _reference(params, x):
    """The cell's forward pass in autograd. ``params`` = (w_in, w_out, w_c, r) with r = (r_in, r_out, r_c)."""
    w_in, w_out, w_c, r = params
    s, y = 0.0, 0.0
    outputs, states = [], []
    for t in range(x.shape[0]):
        n_in = anp.dot(x[t], w_in) + r[0] * y
        n_out = anp.dot(x[t], w_out) + r[1] * y
        n_c = anp.dot(x[t], w_c) + r[2] * y
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


@settings(max_examples=40, deadline=None)
@given(problem=cells())
def test_forward_matches_reference(problem):
    params, x, _, _ = problem
    run = cell.run_cell(_weights(params), x)
    out, states = _reference(params, x)
    np.testing.assert_allclose(run.output, out, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.state, states, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.previous, np.concatenate(([0.0], out[:-1])), atol=1e-14)


def test_squashing_functions():
    x = np.linspace(-30, 30, 601)
    sig = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(cell.cell_g(x), 4 * sig - 2, atol=1e-14)
    np.testing.assert_allclose(cell.cell_h(x), 2 * sig - 1, atol=1e-14)
    g = autograd.elementwise_grad(lambda v: 4 * _sig(v) - 2)(x)
    h = autograd.elementwise_grad(lambda v: 2 * _sig(v) - 1)(x)
    np.testing.assert_allclose(cell.cell_g_prime(x), g, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(cell.cell_h_prime(x), h, rtol=1e-10, atol=1e-300)


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
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


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
        ({"steps": 1}, r"steps must be an integer in 2\.\."),
        ({"write_at": 0}, r"write_at must be an integer in 1\.\."),
        ({"steps": 5, "write_at": 5}, r"write_at must be an integer in 1\.\.4, got 5"),
        ({"gate_gain": -1.0}, r"gate_gain must be at least 2\^-1021"),
        ({"gate_gain": 5e-324}, r"gate_gain must be at least 2\^-1021"),  # -k/2 would round to -0.0
        # 2^-1022 + 2^-1074: half of it is not a float
        ({"gate_gain": math.nextafter(2.0**-1022, 1.0)}, r"gate_gain must be at least 2\^-1021"),
    ):
        with pytest.raises(ValueError, match=message):
            cell.gated_cell_example(np.random.default_rng(0), **kwargs)


@pytest.mark.parametrize("gain", [2.0**-1021, math.nextafter(2.0**-1021, 1.0), 3.0 * 2.0**-1021])
def test_the_gates_bias_is_exactly_minus_half_the_gain(gain):
    weights, _ = cell.gated_cell_example(np.random.default_rng(0), gate_gain=gain)
    assert Fraction(weights.w_in[-1]) == Fraction(weights.w_out[-1]) == -Fraction(gain) / 2


@pytest.mark.parametrize("recurrent", [0.0, 0.5], ids=["plain", "recurrent"])
def test_net_inputs_hold_across_blocks_of_steps(recurrent):
    # the products x_i w_i are formed a block of steps at a time: rows in every block, with a scale that
    # differs from block to block, keep the stated (n + 1) 2^-53 S (n terms, S their absolute sum)
    d = 20
    steps = 2 * cell._BLOCK_VALUES // d + 7  # within MAX_RECURRENT_CELL_STEPS
    rng = np.random.default_rng(3)
    x = rng.normal(size=(steps, d)) * np.exp2(rng.integers(-900, 900, size=(steps, 1)))
    w = rng.normal(size=(3, d))
    run = cell.run_cell(cell.CellWeights(*w, r_in=recurrent), x)
    for t in (0, steps // 2 - 1, steps // 2, steps - 1):
        terms = [Fraction(v) * Fraction(u) for v, u in zip(x[t], w[0], strict=True)]
        if recurrent:
            terms.append(Fraction(recurrent) * Fraction(run.previous[t]))
        bound = (len(terms) + 1) * Fraction(2) ** -53 * sum(map(abs, terms)) + Fraction(2) ** -1074
        assert abs(Fraction(run.net_in[t]) - sum(terms)) <= bound
