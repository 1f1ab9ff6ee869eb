"""The NumPy activations against their sympy twins, in the tails, and on bad input."""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from lstmnotes.activations import _functions as activations
from lstmnotes.activations import activation, symbolic

NAMES = ["logistic", "logistic_prime", "tanh", "tanh_prime", "identity", "identity_prime"]
POINTS = [-30.0, -2.5, -0.1, 0.0, 0.3, 1.0, 7.0, 30.0]


@pytest.mark.parametrize("name", NAMES)
def test_matches_sympy_twin(name):
    numeric = getattr(activations, name)
    x = sympy.Symbol("x", real=True)
    exact = sympy.lambdify(x, getattr(symbolic, name)(x), modules="mpmath")
    with mpmath.workdps(60):  # enough digits that 1 - tanh(30)^2 is not lost to cancellation
        for point in POINTS:
            reference = float(exact(mpmath.mpf(point)))
            assert numeric(point) == pytest.approx(reference, rel=1e-13, abs=1e-300)


@pytest.mark.parametrize("name", NAMES)
def test_no_overflow_warning_in_the_tails(name):
    x = np.array([-1e4, -745.0, -710.0, 710.0, 745.0, 1e4, 1e300, -1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = getattr(activations, name)(x)
    assert np.all(np.isfinite(values))


def test_tail_values():
    assert activations.logistic([-1e4, 1e4]).tolist() == [0.0, 1.0]
    assert activations.logistic_prime(1e4) == 0.0
    # relative accuracy deep in the tail, where sigma*(1 - sigma) would give exactly zero
    assert activations.logistic_prime(40.0) == pytest.approx(np.exp(-40.0), rel=1e-15)
    assert activations.tanh_prime(30.0) == pytest.approx(4 * np.exp(-60.0), rel=1e-14)


@given(st.floats(-700, 700))
def test_logistic_prime_is_sigma_times_one_minus_sigma(x):
    # 1 - sigma(x) = sigma(-x), written so that the reference does not cancel for large x
    expected = activations.logistic(x) * activations.logistic(-x)
    assert activations.logistic_prime(x) == pytest.approx(expected, rel=1e-12, abs=1e-300)


@given(st.floats(-1e4, 1e4))
def test_logistic_prime_at_most_a_quarter_and_symmetric(x):
    value = activations.logistic_prime(x)
    assert 0 <= value <= activations.LOGISTIC_PRIME_MAX
    assert value == activations.logistic_prime(-x)


@given(st.floats(-50, 50))
def test_logistic_symmetry(x):
    assert activations.logistic(x) + activations.logistic(-x) == pytest.approx(1.0, rel=1e-15)


def test_vectorised_shapes():
    x = np.zeros((2, 3))
    for name in NAMES:
        assert getattr(activations, name)(x).shape == (2, 3)
    assert isinstance(activations.logistic(0), float)


@pytest.mark.parametrize("bad", [np.nan, [0.0, np.inf], -np.inf])
@pytest.mark.parametrize("name", NAMES)
def test_non_finite_input_refused(name, bad):
    with pytest.raises(ValueError, match="x must be finite"):
        getattr(activations, name)(bad)


def test_non_numeric_input_refused():
    with pytest.raises(TypeError, match="x must be real numbers"):
        activations.logistic("a")


def test_activation_lookup():
    _f, fprime = activation("tanh")
    assert fprime(np.zeros(1))[0] == 1.0
    with pytest.raises(ValueError, match="unknown activation 'relu'"):
        activation("relu")
