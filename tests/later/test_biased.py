"""Logistic units with biases run forward."""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import later
from lstmnotes.activations import logistic
from lstmnotes.later import _biased as conditions


def test_run_biased_logistic_adds_the_biases_to_the_net_inputs():
    W, b, y0 = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([0.3, -0.2]), np.array([0.1, 0.9])
    nets, ys = conditions.run_biased_logistic(W, b, y0, 3)
    assert nets.shape == (3, 2)
    assert ys.shape == (4, 2)
    np.testing.assert_array_equal(ys[0], y0)
    for t in range(1, 4):
        np.testing.assert_allclose(nets[t - 1], W @ ys[t - 1] + b, rtol=1e-15)
        np.testing.assert_allclose(ys[t], logistic(nets[t - 1]), rtol=1e-15)


def test_run_biased_logistic_rejects_bad_input():
    with pytest.raises(ValueError, match="b must be"):
        conditions.run_biased_logistic(np.eye(2), [0.0], [0.0, 0.0], 1)
    with pytest.raises(ValueError, match="steps must be"):
        conditions.run_biased_logistic(np.eye(2), [0.0, 0.0], [0.0, 0.0], 0)


F = Fraction
LARGEST = F(sys.float_info.max)
_reals = st.one_of(
    st.just(0.0),
    st.floats(allow_nan=False, allow_infinity=False),
    st.builds(
        lambda m, e, sign: sign * math.ldexp(m, e),
        st.floats(0.5, 1.0, exclude_max=True),
        st.integers(-1074, 1024),
        st.sampled_from([1, -1]),
    ),
)


def _row_bound(n):
    """The row's bound as a function of sum_j |w_ij y_j| + |b_i|: relative, plus the underflow term."""
    (row,) = (row for row in later.DOMAIN if row.function is later.run_biased_logistic)
    assert "(n + 1) 2^-53 (sum_j |w_ij y_j| + |b_i|) + (n + 1) 2^-1074" in row.accuracy
    return lambda size: F(n + 1, 2**53) * size + F(n + 1, 2**1074)


def test_a_net_input_lost_to_underflow_is_within_the_stated_bound():
    nets, _ = conditions.run_biased_logistic([[1e-200]], [0.0], [1e-200], 1)
    exact = F(1e-200) * F(1e-200)  # 1e-400, below the float range
    assert nets[0, 0] == 0.0
    assert abs(F(nets[0, 0]) - exact) <= _row_bound(1)(exact)


def _net_errors(W, b, y, nets_row):
    """Per unit: |net - (W y + b)| and sum_j |w_ij y_j| + |b_i|, in exact fractions."""
    for i, net in enumerate(nets_row):
        terms = [F(w) * F(v) for w, v in zip(W[i], y, strict=True)] + [F(b[i])]
        yield abs(F(net) - sum(terms)), sum(abs(t) for t in terms), abs(sum(terms))


@st.composite
def biased_nets(draw):
    n = draw(st.integers(1, 4))
    W = [[draw(_reals) for _ in range(n)] for _ in range(n)]
    return (
        W,
        [draw(_reals) for _ in range(n)],
        [draw(_reals) for _ in range(n)],
        draw(st.integers(1, 2)),
    )


@settings(max_examples=300, deadline=None)
@given(case=biased_nets())
def test_net_inputs_keep_the_stated_bound_over_the_whole_range(case):
    W, b, y0, steps = case
    bound = _row_bound(len(W))
    ys = [y0]
    for t in range(1, steps + 1):
        try:
            nets, run_ys = conditions.run_biased_logistic(W, b, y0, t)
        except ValueError as err:
            assert "beyond float64" in str(err)  # noqa: PT017
            # a net input of this step is at the edge of the float range or beyond
            assert any(
                size + bound(sum_abs) >= LARGEST
                for _, sum_abs, size in _net_errors(W, b, ys[-1], [0.0] * len(W))
            )
            return
        for error, sum_abs, _ in _net_errors(W, b, ys[-1], nets[t - 1].tolist()):
            assert error <= bound(sum_abs)
        ys.append(run_ys[t].tolist())
