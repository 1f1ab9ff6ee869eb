"""The constants of each activation against an independent 50-digit computation with mpmath."""

from __future__ import annotations

import math

import mpmath
import pytest
from _scaled_tanh import scaled_tanh

from lstmnotes.activations import Activation
from lstmnotes.beyond_logistic import activation_constants


def _logistic_prime(x):
    s = 1 / (1 + mpmath.exp(-x))
    return s * (1 - s)


# name: (f' written anew, a bracket for the root of d/dx [x f'(x)] = 0, the largest slope)
SMOOTH = {
    "logistic": (_logistic_prime, (1, 4), mpmath.mpf(1) / 4),
    "tanh": (lambda x: 1 - mpmath.tanh(x) ** 2, (0.3, 2), mpmath.mpf(1)),
    "cell_g": (lambda x: 4 * _logistic_prime(x), (1, 4), mpmath.mpf(1)),
    "cell_h": (lambda x: 2 * _logistic_prime(x), (1, 4), mpmath.mpf(1) / 2),
}


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_smooth_constants_agree_with_mpmath(name):
    fprime, bracket, slope_max = SMOOTH[name]
    with mpmath.workdps(50):
        x_star = mpmath.findroot(
            lambda x: mpmath.diff(lambda u: u * fprime(u), x), bracket, solver="anderson"
        )
        k = x_star * fprime(x_star)
        c = activation_constants(name)
        assert c.slope_max == float(slope_max)
        assert c.threshold == float(1 / slope_max)
        assert c.gain_argmax == pytest.approx(float(x_star), rel=1e-14)
        assert c.gain_constant == pytest.approx(float(k), rel=1e-14)


@pytest.mark.parametrize("name", ["identity", "relu", "leaky_relu"])
def test_piecewise_linear_units_have_no_largest_factor(name):
    c = activation_constants(name)
    assert c.gain_argmax is None
    assert c.gain_constant == math.inf
    assert c.reason


def test_an_activation_object_is_accepted():
    from lstmnotes.activations import TANH

    assert isinstance(TANH, Activation)
    assert activation_constants(TANH) == activation_constants("tanh")


@pytest.mark.parametrize("bad", [3, None, b"tanh", ["tanh"]])
def test_a_bad_activation_is_a_type_error(bad):
    with pytest.raises(TypeError, match="activation"):
        activation_constants(bad)


def test_an_unknown_name_is_a_value_error():
    with pytest.raises(ValueError, match="softsign"):
        activation_constants("softsign")


@pytest.mark.parametrize(("a", "b"), [(1.0, 1.0), (3e-200, 7e150), (2e250, 1e-100), (0.5, 1e-290)])
def test_the_constants_of_a_reader_activation_within_1e_14(a, b):
    # the row: gain_argmax and gain_constant to a relative error below 1e-14 each
    with mpmath.workdps(50):
        x = mpmath.findroot(lambda t: 1 - 2 * t * mpmath.tanh(t), mpmath.mpf("0.77"))
        c = activation_constants(scaled_tanh(a, b, net_limit=1.7e308))
        assert abs(c.gain_argmax - x / b) <= 1e-14 * x / b
        k = a * x / mpmath.cosh(x) ** 2
        assert abs(c.gain_constant - k) <= 1e-14 * k


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [(1e-312, 1e4, r"below 2\^-1022"), (1e-320, 1.0, "beyond float64")],
)
def test_the_constants_are_refused_where_the_row_says(a, b, message):
    # a peak K below 2^-1022 (gain_argmax refuses), a sup|f'| below 2^-1024 (weight_threshold refuses)
    with pytest.raises(ValueError, match=message):
        activation_constants(scaled_tanh(a, b, net_limit=1.7e308))
