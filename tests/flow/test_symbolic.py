"""The symbolic twins of (3.1), (3.2) and the matrix form, paired with the numeric twins and checked by hand."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy

from lstmnotes import flow
from lstmnotes.flow import symbolic as flow_symbolic

SIZES = [(1, 1), (1, 3), (2, 1), (2, 2), (2, 3), (3, 2), (3, 3), (2, 5)]


def _rational_net(seed, n, q):
    rng = np.random.default_rng(seed)
    W = [[Fraction(int(x), 7) for x in row] for row in rng.integers(-9, 10, size=(n, n))]
    fp = [[Fraction(int(x), 8) for x in row] for row in rng.integers(0, 3, size=(q, n))]
    return W, fp


def _as_float(rows):
    return np.array([[float(x) for x in row] for row in rows])


@pytest.mark.parametrize(("n", "q"), SIZES)
def test_symbolic_twins_match_numeric_twins_exactly(n, q):
    W, fp = _rational_net(n * 10 + q, n, q)
    Wf, fpf = _as_float(W), _as_float(fp)
    exact = flow_symbolic.substitute(flow_symbolic.scaling_factor(n, q), W, fp)
    np.testing.assert_allclose(
        np.array(exact, dtype=float), flow.scaling_factor(Wf, fpf), rtol=1e-12
    )
    for convention in flow.CONVENTIONS:
        exact = flow_symbolic.substitute(flow_symbolic.path_sum(n, q, convention), W, fp)
        np.testing.assert_allclose(
            np.array(exact, dtype=float), flow.path_sum(Wf, fpf, convention), rtol=1e-12
        )
    if q >= 2:
        for u, v in itertools.product(range(n), repeat=2):
            exact = flow_symbolic.substitute(flow_symbolic.matrix_form(n, q, u, v), W, fp)
            assert float(exact) == pytest.approx(
                flow.matrix_form(Wf, fpf, u, v), rel=1e-12, abs=1e-15
            )


def test_the_q2_entry_by_hand():
    # d theta_2(t-2)/d theta_1(t) = sum_l f'_l(t-1) w_{1l} f'_2(t-2) w_{l2}
    w, f = flow_symbolic.weight_symbols(2), flow_symbolic.fprime_symbols(2, 2)
    expected = f[1, 1] * (f[0, 0] * w[0, 0] * w[0, 1] + f[0, 1] * w[0, 1] * w[1, 1])
    assert sympy.expand(flow_symbolic.scaling_factor(2, 2)[1, 0] - expected) == 0
    printed = f[1, 1] * (f[0, 0] * w[0, 0] * w[1, 0] + f[0, 1] * w[1, 0] * w[1, 1])
    assert sympy.expand(flow_symbolic.path_sum(2, 2, "printed")[1, 0] - printed) == 0


@pytest.mark.parametrize(("n", "q"), [(1, 1), (2, 1), (2, 4), (3, 3)])
def test_corrected_path_sum_is_the_recursion(n, q):
    true = flow_symbolic.scaling_factor(n, q)
    corrected = flow_symbolic.path_sum(n, q, "corrected")
    assert all(sympy.expand(a - b) == 0 for a, b in zip(true, corrected, strict=True))


def test_limits_and_bad_input():
    with pytest.raises(ValueError, match="MAX_SYMBOLIC_TERMS"):
        flow_symbolic.scaling_factor(4, 6)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        flow_symbolic.weight_symbols(0)
    with pytest.raises(ValueError, match="at most 9"):
        flow_symbolic.weight_symbols(10)
    with pytest.raises(ValueError, match="unknown convention"):
        flow_symbolic.path_sum(2, 2, "other")
    with pytest.raises(ValueError, match="q > 1"):
        flow_symbolic.matrix_form(2, 1, 0, 0)
    with pytest.raises(TypeError, match="expand must be a bool"):
        flow_symbolic.scaling_factor(2, 2, expand=0)
