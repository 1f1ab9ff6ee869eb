"""The local gain and its maximum, checked against brute force, mpmath, scipy and autograd."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
from autograd import grad
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

# the package re-exports the function gain() under the module's name: fetch the module itself
g = importlib.import_module("lstmnotes.local_gain._unit")


@pytest.fixture(autouse=True)
def _mpmath_precision() -> Iterator[None]:
    """The oracle works at 40 digits inside each test only, whatever other modules use."""
    with mpmath.workdps(40):
        yield


nonzero_y = st.one_of(st.floats(-5.0, -0.05), st.floats(0.05, 5.0))
offsets = st.floats(-10.0, 10.0)


def reference_gain(w, y, c):
    """The gain written out independently of the library: |w| e^{-|n|} / (1 + e^{-|n|})^2."""
    n = np.abs(np.asarray(w) * y + c)
    return np.abs(w) * np.exp(-n) / (1.0 + np.exp(-n)) ** 2


def mp_gain(w, y, c):
    n = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
    return abs(mpmath.mpf(w)) * mpmath.exp(-n) / (1 + mpmath.exp(-n)) ** 2


def mp_maximum(y, c, w0):
    """Polish a brute-force maximiser with mpmath: a root of the numerically differentiated gain."""
    signed = lambda w: (
        mpmath.mpf(w) * mpmath.exp(-(w * y + c)) / (1 + mpmath.exp(-(w * y + c))) ** 2
    )
    y, c = mpmath.mpf(y), mpmath.mpf(c)
    w = mpmath.findroot(lambda w: mpmath.diff(signed, w), mpmath.mpf(w0))
    return w, abs(signed(w))


def brute_force(y, c, points=400_001):
    """Dense search over w in a range that holds the maximiser: |w*| <= (2 + |c|) / |y|."""
    reach = (2.0 + abs(c)) / abs(y)
    w = np.linspace(-reach, reach, points)
    values = reference_gain(w, y, c)
    best = int(np.argmax(values))
    return float(w[best]), float(values[best])


def test_package_exports_the_functions():
    import lstmnotes

    assert lstmnotes.gain is g.gain
    assert lstmnotes.max_gain is g.max_gain


# -- the gain itself ------------------------------------------------------------------------------------


def test_gain_values():
    assert g.gain(4.0, 0.0) == 1.0
    assert g.gain(0.0, 3.0, 1.0) == 0.0
    np.testing.assert_allclose(
        g.gain([1.0, -2.0], 0.5, 0.25), reference_gain([1.0, -2.0], 0.5, 0.25)
    )


def test_gain_broadcasts():
    out = g.gain(np.ones((3, 1)), np.ones((1, 4)), 0.0)
    assert out.shape == (3, 4)


def test_gain_is_stable_far_out():
    assert g.gain(1e200, 1e200) == 0.0
    assert g.gain(-700.0, 1.0) > 0.0  # the slope is computed without losing the tail


@settings(max_examples=200, deadline=None)
@given(w=st.floats(-50, 50), y=st.floats(-5, 5), c=offsets)
def test_gain_symmetries(w, y, c):
    # the logistic's slope is even, so only the sign of wy + c matters, and w enters also as |w|
    base = g.gain(w, y, c)
    assert g.gain(-w, -y, c) == base
    assert g.gain(-w, y, -c) == base
    assert g.gain(w, -y, -c) == base


@settings(max_examples=200, deadline=None)
@given(
    w=st.floats(-50, 50, allow_subnormal=False),
    y=st.floats(-5, 5, allow_subnormal=False),
    s=st.sampled_from([-8.0, -2.0, 0.5, 4.0]),
)
def test_gain_scaling(w, y, s):
    # w -> s w, y -> y / s keeps the net input and multiplies the gain by |s| (exact for powers of 2,
    # where neither gain is subnormal: a subnormal gain has lost bits that the scaled one keeps)
    base = g.gain(w, y, 0.0)
    assume(base == 0.0 or base >= 2.0**-1019)
    assert g.gain(s * w, y / s, 0.0) == abs(s) * base


def test_gain_is_not_even_in_w_when_c_is_nonzero():
    assert g.gain(2.0, 1.0, 0.0) == g.gain(-2.0, 1.0, 0.0)
    assert g.gain(2.0, 1.0, 1.0) < g.gain(-2.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.nan, 1.0), "w must be finite"),
        ((1.0, np.inf), "y must be finite"),
        ((1.0, 1.0, -np.inf), "c must be finite"),
        (([1.0, 2.0], [1.0, 2.0, 3.0]), "do not broadcast"),
    ],
)
def test_gain_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        g.gain(*args)


def test_gain_refuses_non_numbers():
    with pytest.raises(TypeError, match="w must be real numbers"):
        g.gain("a lot", 1.0)


# -- the maximum ----------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(y=nonzero_y, c=offsets)
def test_max_gain_beats_brute_force(y, c):
    w_star, value = g.max_gain(y, c)
    w_grid, best = brute_force(y, c)
    assert best <= value * (1 + 1e-12)  # nothing on the grid does better
    assert best >= value * (1 - 1e-6)  # and the grid comes close
    assert reference_gain(w_star, y, c) == pytest.approx(value, rel=1e-12, abs=0)
    if abs(c) > 1e-6:  # otherwise the two branches tie to within the grid's resolution
        assert np.sign(w_star) == np.sign(w_grid)


@settings(max_examples=40, deadline=None)
@given(y=nonzero_y, c=offsets)
def test_max_gain_against_mpmath(y, c):
    w_star, value = g.max_gain(y, c)
    reach = (2.0 + abs(c)) / abs(y)
    w = np.linspace(reach / 20_000, reach, 20_000)
    # polish the best grid point on each side of w = 0; the better side is the global maximum
    sides = [mp_maximum(y, c, s * w[np.argmax(reference_gain(s * w, y, c))]) for s in (1.0, -1.0)]
    w_ref, value_ref = max(sides, key=lambda side: side[1])
    assert abs(value / value_ref - 1) <= 1e-10
    if (
        abs(c) > 1e-6
    ):  # otherwise the two sides tie to ten digits and either maximiser may be returned
        assert abs(w_star / w_ref - 1) <= 1e-10


@settings(max_examples=100, deadline=None)
@given(y=nonzero_y, c=offsets)
def test_max_gain_satisfies_the_coth_condition(y, c):
    w_star, _ = g.max_gain(y, c)
    w, y_, c_ = mpmath.mpf(w_star), mpmath.mpf(y), mpmath.mpf(c)
    net = w * y_ + c_
    assert net != 0
    assert abs(w / (mpmath.coth(net / 2) / y_) - 1) <= 1e-10


@settings(max_examples=40, deadline=None)
@given(y=nonzero_y, c=offsets)
def test_max_gain_against_scipy(y, c):
    # brentq on the derivative of log |f'(wy + c) w| on each side of w = 0; the larger side wins
    slope = lambda w: y * np.tanh(-(w * y + c) / 2) + 1 / w
    reach = 10 * (2 + abs(c)) / abs(y)
    candidates = [
        brentq(slope, 1e-12, reach, xtol=1e-15),
        brentq(slope, -reach, -1e-12, xtol=1e-15),
    ]
    values = [float(reference_gain(w, y, c)) for w in candidates]
    _, value = g.max_gain(y, c)
    assert value == pytest.approx(max(values), rel=1e-12)


def test_max_gain_is_vectorised_and_broadcasts():
    y = np.array([[0.5], [-2.0]])
    c = np.array([-1.0, 0.0, 3.0])
    w_star, value = g.max_gain(y, c)
    assert w_star.shape == value.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            w_ij, v_ij = g.max_gain(y[i, 0], c[j])
            assert w_star[i, j] == w_ij
            assert value[i, j] == v_ij


def test_max_gain_for_zero_offset_is_k_over_y():
    y = np.array([-3.0, 0.1, 1.0, 7.0])
    w_star, value = g.max_gain(y)
    np.testing.assert_allclose(value * np.abs(y), g.GAIN_CONSTANT, rtol=1e-15)
    np.testing.assert_allclose(w_star * y, g.GAIN_ARGMAX, rtol=1e-15)


@settings(max_examples=100, deadline=None)
@given(y=nonzero_y, c=offsets, s=st.sampled_from([-4.0, -0.5, 2.0, 8.0]))
def test_max_gain_scaling_and_mirror(y, c, s):
    w_star, value = g.max_gain(y, c)
    w_scaled, value_scaled = g.max_gain(y / s, c)
    assert value_scaled == pytest.approx(abs(s) * value, rel=1e-14)
    assert w_scaled == pytest.approx(s * w_star, rel=1e-14)
    # mirroring c mirrors the net input: the value is unchanged
    assert g.max_gain(y, -c)[1] == pytest.approx(value, rel=1e-15)


def test_max_gain_net_input_has_the_opposite_sign_of_c():
    y, c = np.array([1.0, 1.0, -2.0]), np.array([2.0, -2.0, 2.0])
    w_star, _ = g.max_gain(y, c)
    assert np.all(np.sign(w_star * y + c) == -np.sign(c))


def test_max_gain_extreme_offsets():
    # for |c| -> infinity the best net input tends to 0, the maximiser to -c / y, the value to |c| / (4 |y|)
    w_star, value = g.max_gain(1.0, 1e12)
    assert w_star == pytest.approx(-1e12, rel=1e-15)
    assert value == pytest.approx(0.25e12, rel=1e-12)
    w_star, value = g.max_gain(2.0, 1e-300)
    assert value == pytest.approx(g.GAIN_CONSTANT / 2, rel=1e-15)


def test_max_gain_refuses_y_zero_with_a_reason():
    with pytest.raises(ValueError, match=r"y must be nonzero \(y = 0 at index \(1,\)\).*unbounded"):
        g.max_gain([1.0, 0.0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.nan,), "y must be finite"),
        ((1.0, np.inf), "c must be finite"),
        (([1.0, 2.0], [1.0, 2.0, 3.0]), "do not broadcast"),
        ((1e-310,), "overflows"),
    ],
)
def test_max_gain_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        g.max_gain(*args)


def test_y_zero_really_is_unbounded():
    # the counter-example behind the refusal: with y = 0 the gain is f'(c)|w|, growing without bound
    w = np.array([1.0, 1e3, 1e6])
    np.testing.assert_allclose(g.gain(w, 0.0, 0.5), reference_gain(1.0, 0.0, 0.5) * w, rtol=1e-15)


# -- constants ------------------------------------------------------------------------------------------


def test_constants_against_mpmath():
    x = mpmath.findroot(
        lambda x: x * mpmath.tanh(x / 2) - 1, (mpmath.mpf(1), mpmath.mpf(2)), solver="anderson"
    )
    k = x * mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2
    assert abs(g.GAIN_ARGMAX / x - 1) <= 4e-16
    assert abs(g.GAIN_CONSTANT / k - 1) <= 4e-16


def test_constant_is_the_maximum_of_x_times_the_slope():
    x = np.linspace(0.0, 20.0, 2_000_001)
    values = x * np.exp(-x) / (1 + np.exp(-x)) ** 2
    assert values.max() <= g.GAIN_CONSTANT * (1 + 1e-15)
    assert abs(x[np.argmax(values)] - g.GAIN_ARGMAX) < 2e-5


# -- the tail and the elasticity ------------------------------------------------------------------------


@pytest.mark.parametrize(("y", "c"), [(1.0, 0.0), (-0.5, 2.0), (3.0, -4.0)])
def test_gain_tail_is_the_asymptote(y, c):
    for sign in (1.0, -1.0):
        w = sign * np.array([10.0, 100.0, 300.0]) / abs(y)
        ratio = g.gain(w, y, c) / g.gain_tail(w, y, c)
        assert np.all(np.diff(np.abs(ratio - 1)) <= 0)
        assert abs(ratio[-1] - 1) < 1e-12


@settings(max_examples=100, deadline=None)
@given(w=st.floats(0.1, 30), y=st.floats(-3, 3), c=st.floats(-5, 5))
def test_elasticity_against_autograd(w, y, c):
    log_slope = lambda log_w: anp.log(
        anp.exp(-(anp.exp(log_w) * y + c)) / (1 + anp.exp(-(anp.exp(log_w) * y + c))) ** 2
    )
    expected = grad(log_slope)(np.log(w))
    assert g.derivative_elasticity(w, y, c) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_elasticity_crosses_minus_one_at_the_maximiser():
    y = 0.3
    w = np.linspace(0.1, 30, 1000)
    below = g.derivative_elasticity(w, y) < -1
    assert np.all(below == (w * y > g.GAIN_ARGMAX))


# -- the brute-force reference --------------------------------------------------------------------------


@pytest.mark.parametrize(("y", "c"), [(1.0, 0.0), (0.2, -3.0), (-4.0, 7.5)])
def test_brute_force_max_gain_approaches_from_below(y, c):
    w_grid, value = g.brute_force_max_gain(y, c, points=400_001)
    assert value == pytest.approx(float(reference_gain(w_grid, y, c)), rel=1e-15)
    _, best = mp_maximum_value(y, c)
    assert value <= best * (1 + 1e-15)
    assert value >= best * (1 - 1e-8)


def mp_maximum_value(y, c):
    w, _ = brute_force(y, c, points=20_001)
    return mp_maximum(y, c, w)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.0,), "y must be nonzero"),
        ((1.0, 0.0, 2), "points must be"),
        ((1.0, np.nan), "c must be finite"),
    ],
)
def test_brute_force_max_gain_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        g.brute_force_max_gain(*args)
