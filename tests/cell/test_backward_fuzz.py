"""The cell's back-propagation over the whole float64 range, against forward-mode derivatives in mpmath.

The oracle runs the cell in mpmath at 300 bits with dual numbers (a value and its derivative along one
weight or input), one pass per weight and input: forward mode, where the library goes backwards. The loss
is linear in the outputs and states, $L = \\sum_t e_y(t)\\, y^c(t) + e_s(t)\\, s(t)$, so its gradient is what
``cell_backward`` returns for ``output_error`` $= e_y$ and ``state_error`` $= e_s$. A second pass with
absolute values gives the sum of the absolute terms that the DOMAIN row's accuracy is stated against; the
oracle itself is checked against mpmath's finite differences where those are well conditioned.
"""

from __future__ import annotations

import math
import sys

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstmnotes.cell import CellWeights, cell_backward, run_cell

U = 2.0**-53
TINY = 2.0**-1074
LARGEST = sys.float_info.max

edges = st.sampled_from(
    [0.0, TINY, 1e-310, 1e-300, 0.5, 1.0, 2.0, 745.0, 1e10, 1e300, 1e308, LARGEST]
)
magnitudes = st.one_of(
    st.floats(-4.0, 4.0),
    st.floats(allow_nan=False, allow_infinity=False),
    edges,
    edges.map(lambda v: -v),
    st.builds(
        lambda m, e, sign: sign * math.ldexp(m, e),
        st.floats(0.5, 1.0, exclude_max=True),
        st.integers(-1074, 1024),
        st.sampled_from([1, -1]),
    ),
)


class Dual:
    """A value and a derivative; with ``absolute`` the derivative collects the absolute value of each term."""

    def __init__(self, value, slope=0, absolute=False):
        self.value, self.slope, self.absolute = mpmath.mpf(value), mpmath.mpf(slope), absolute

    def _abs(self, x):
        return abs(x) if self.absolute else x

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other, 0, self.absolute)
        return Dual(self.value + other.value, self.slope + other.slope, self.absolute)

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other, 0, self.absolute)
        slope = self._abs(self.value) * other.slope + self._abs(other.value) * self.slope
        return Dual(self.value * other.value, slope, self.absolute)

    __rmul__ = __mul__

    def logistic(self):
        # beyond |net| = 10^5, e^-|net| is below 10^-43000: no product of a few float64 factors lifts it
        # anywhere near the smallest subnormal, so zero serves (and spares mpmath a huge exponential)
        e = mpmath.exp(-abs(self.value)) if abs(self.value) < 1e5 else mpmath.mpf(0)
        value = 1 / (1 + e) if self.value >= 0 else e / (1 + e)
        return Dual(value, e / (1 + e) ** 2 * self.slope, self.absolute)

    def tanh_half(self):
        """$\\tanh(v/2) = 2\\sigma(v) - 1$, free of the cancellation of the difference."""
        value = mpmath.tanh(self.value / 2)
        # the slope (1 - tanh^2)/2 = 2 e^-|v| / (1 + e^-|v|)^2, without the cancellation of 1 - tanh^2
        e = mpmath.exp(-abs(self.value)) if abs(self.value) < 1e5 else mpmath.mpf(0)
        return Dual(value, 2 * e / (1 + e) ** 2 * self.slope, self.absolute)


def _loss(w_in, w_out, w_c, r, x, e_y, e_s):
    """The linear loss of the cell run on duals (weights and inputs as lists of Duals)."""
    s, y, total = Dual(0, 0, r[0].absolute), 0, 0
    for t, row in enumerate(x):
        net = [
            sum((a * b for a, b in zip(row, w, strict=True)), r[k] * y)
            for k, w in enumerate((w_in, w_out, w_c))
        ]
        gate_in, gate_out = net[0].logistic(), net[1].logistic()
        s = s + gate_in * (2 * net[2].tanh_half())  # g = 4 sigma - 2
        y = gate_out * s.tanh_half()  # h = 2 sigma - 1
        total = total + e_y[t] * y + e_s[t] * s
    return total


def oracle(weights, x, e_y, e_s, absolute=False):
    """The gradient by every weight and input, as (w_in, w_out, w_c, (r_in, r_out, r_c), inputs)."""
    leaves = [
        list(weights.w_in),
        list(weights.w_out),
        list(weights.w_c),
        [weights.r_in, weights.r_out, weights.r_c],
        [list(row) for row in x],
    ]
    flat = [
        (i, j, k)
        for i, group in enumerate(leaves)
        for j, item in enumerate(group)
        for k in range(len(item) if i == 4 else 1)
    ]
    result = [
        [0] * len(group) if i < 4 else [[0] * x.shape[1] for _ in x]
        for i, group in enumerate(leaves)
    ]
    for i, j, k in flat:
        duals = [
            [
                [Dual(v, int((a, b, c) == (i, j, k)), absolute) for c, v in enumerate(item)]
                for b, item in enumerate(group)
            ]
            if a == 4
            else [Dual(item, int((a, b) == (i, j)), absolute) for b, item in enumerate(group)]
            for a, group in enumerate(leaves)
        ]
        slope = _loss(*duals[:4], duals[4], e_y, e_s).slope
        if i == 4:
            result[4][j][k] = slope
        else:
            result[i][j] = slope
    return result


def _library(grads):
    w = grads.weights
    return [
        list(w.w_in),
        list(w.w_out),
        list(w.w_c),
        [w.r_in, w.r_out, w.r_c],
        grads.inputs.tolist(),
    ]


def _flat(nested):
    out = []
    for item in nested:
        out += _flat(item) if isinstance(item, list) else [item]
    return out


@st.composite
def problems(draw, elements=magnitudes):
    d, steps = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    vec = lambda: np.array([draw(elements) for _ in range(d)])
    weights = CellWeights(vec(), vec(), vec(), *(draw(elements) for _ in range(3)))
    x = np.array([[draw(elements) for _ in range(d)] for _ in range(steps)])
    e_y = np.array([draw(elements) for _ in range(steps)])
    e_s = np.array([draw(elements) for _ in range(steps)])
    return weights, x, e_y, e_s


@settings(max_examples=60, deadline=None)
@given(problem=problems())
def test_cell_backward_against_forward_mode_in_mpmath(problem):
    # the DOMAIN row's accuracy holds where the run's net inputs and states are zero or normal floats: the
    # slopes, gates and products are then carried as mantissas and powers of two, whatever their size
    weights, x, e_y, e_s = problem
    run = run_cell(weights, x)
    slopes_at = np.concatenate([run.net_in, run.net_out, run.net_c, run.state])
    assume(np.all((slopes_at == 0) | (np.abs(slopes_at) >= 2.0**-1022)))
    # and no product of the forward pass rounded into the subnormals or to zero
    operands = [(x, w) for w in (weights.w_in, weights.w_out, weights.w_c)]
    operands += [(run.previous, r) for r in (weights.r_in, weights.r_out, weights.r_c)]
    operands += [(run.y_in, run.g), (run.y_out, run.h)]
    with np.errstate(over="ignore"):  # an overflowing product is no rounding into the subnormals
        assume(
            all(np.all((a == 0) | (b == 0) | (np.abs(a * b) >= 2.0**-1022)) for a, b in operands)
        )
    assume(np.all(np.isfinite(slopes_at)))
    # and no forward sum cancels: the backward pass inherits the forward pass's rounding, which a cancelling
    # sum magnifies (the state tanh(4) - tanh(4.5) of x = 8, -9)
    with np.errstate(over="ignore", invalid="ignore"):
        increments = np.cumsum(np.abs(run.y_in * run.g))
        sums = [(run.state, increments)]
        for net, w, r in zip(
            (run.net_in, run.net_out, run.net_c),
            (weights.w_in, weights.w_out, weights.w_c),
            (weights.r_in, weights.r_out, weights.r_c),
            strict=True,
        ):
            sums.append((net, np.abs(x * w).sum(axis=1) + np.abs(r * run.previous)))
        assume(all(np.all(~(np.abs(v) < terms / 2)) for v, terms in sums))
    try:
        grads = cell_backward(weights, run, e_y, state_error=e_s)
    except ValueError as err:  # an error signal or a gradient beyond the float range
        assert "exceeds the float64 range" in str(err)  # noqa: PT017
        return
    with mpmath.workprec(300):
        exact = _flat(oracle(weights, x, e_y, e_s))
        size = _flat(oracle(weights, x, e_y, e_s, absolute=True))
        steps, d = x.shape
        relative = 16 * (steps + d + 4 + mpmath.mpf(np.abs(slopes_at).max())) * U  # no overflow
        for value, truth, bound in zip(_flat(_library(grads)), exact, size, strict=True):
            assert abs(mpmath.mpf(value) - truth) <= relative * bound + 128 * steps * TINY


def test_oracle_against_finite_differences():
    rng = np.random.default_rng(3)
    weights = CellWeights(*rng.normal(size=(3, 2)), *rng.normal(size=3))
    x, e_y, e_s = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=3)
    with mpmath.workprec(200):
        slopes = oracle(weights, x, e_y, e_s)

        def loss(w_c0):
            w_c = [Dual(w_c0), Dual(weights.w_c[1])]
            duals = [[Dual(v) for v in weights.w_in], [Dual(v) for v in weights.w_out], w_c]
            r = [Dual(weights.r_in), Dual(weights.r_out), Dual(weights.r_c)]
            return _loss(*duals, r, [[Dual(v) for v in row] for row in x], e_y, e_s).value

        assert mpmath.diff(loss, mpmath.mpf(weights.w_c[0])) == pytest.approx(
            slopes[2][0], rel=1e-30
        )


def test_a_huge_state_error_through_the_input_gate_is_not_refused():
    # delta_s(1) = 9.3e307 times g(net_c = 4) < 2 overflows, but times f'(net_in = 2) it is about 2e307
    weights = CellWeights([1.0], [0.0], [2.0])
    x, e_s = np.array([[2.0], [0.0], [0.0]]), np.array([9.32387807e307, 0.0, 0.0])
    grads = cell_backward(weights, run_cell(weights, x), np.zeros(3), state_error=e_s)
    with mpmath.workprec(300):
        exact = oracle(weights, x, np.zeros(3), e_s)
    assert grads.weights.w_in[0] == pytest.approx(float(exact[0][0]), rel=1e-14)
    assert grads.delta_in[0] == pytest.approx(
        float(exact[0][0]) / 2.0, rel=1e-14
    )  # dL/dw_in = 2 delta_in


def _against_the_oracle(weights, x, e_y, e_s):
    grads = cell_backward(weights, run_cell(weights, x), e_y, state_error=e_s)
    with mpmath.workprec(300):
        exact = _flat(oracle(weights, x, e_y, e_s))
    for value, truth in zip(_flat(_library(grads)), exact, strict=True):
        assert abs(mpmath.mpf(value) - truth) <= abs(truth) * 2.0**-50 + TINY, (value, truth)
    return grads, exact


def test_a_slope_below_the_subnormals_lifted_by_a_recurrent_weight():
    # sigma'(745) is below the smallest subnormal; r_in = 1.19e60 lifts the product back: the float64
    # recursion gave 3.7e-73 for dL/dw_in
    weights = CellWeights([1.0], [0.0], [2.0], r_in=1.19e60)
    x, e_y = np.array([[745.0], [1.0]]), np.array([0.0, 1.83e249])
    grads, exact = _against_the_oracle(weights, x, e_y, np.zeros(2))
    assert 2.1e-73 < exact[0] < 2.2e-73
    assert grads.weights.w_in[0] == pytest.approx(float(exact[0]), rel=1e-14)


def test_r_times_delta_beyond_the_float_range_with_finite_gradients():
    # r_in delta_in(2) is about 3.75e312 (beyond 1.8e308), yet the gradients are finite: it was refused
    weights = CellWeights([0.0], [-1.0], [1.0], r_in=1e300)
    x, e_y = np.array([[800.0], [-700.0]]), np.array([1e10, 1e10])
    grads, exact = _against_the_oracle(weights, x, e_y, np.zeros(2))
    assert grads.weights.w_c[0] == pytest.approx(float(exact[2]), rel=1e-14)
    assert abs(grads.weights.w_c[0]) < 1e-290


def test_a_product_that_underflows_to_zero_sends_the_pass_to_the_scaled_path():
    # delta_s f_in is about 4.5e-409, which rounds to 0 in float64, yet times x = 1.4e87 it is
    # dL/dw_in = 6.3e-322: the plain pass took the zero product for an exact one and gave 0.0
    weights = CellWeights([0.0], [0.0], [2.0**-1022], r_c=1.0)
    x, e_s = np.array([[1.39577328e87]]), np.array([5.83553161e-188])
    grads, exact = _against_the_oracle(weights, x, np.zeros(1), e_s)
    assert 6e-322 < exact[0] < 6.5e-322
    assert grads.weights.w_in[0] == float(exact[0])
