"""The local gain for any activation against an independent 50-digit maximiser; the honest answers for the
piecewise-linear units; the constants, the interval, the stationarity condition sympy derives."""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes.activations.symbolic_activation import from_sympy
from lstmnotes.local_gain import (
    GAIN_ARGMAX,
    GAIN_CONSTANT,
    gain,
    gain_argmax,
    gain_constant,
    gain_interval,
    gain_supremum,
    max_gain,
    weight_threshold,
)
from lstmnotes.local_gain.symbolic_activation import NET, Y, stationarity_condition


@pytest.fixture(autouse=True, scope="module")
def _fifty_digits():
    # other test modules set mpmath's precision when they are imported: hold it at 50 digits here
    with mpmath.workdps(50):
        yield


T = sympy.Symbol("t")
ATAN = from_sympy(sympy.atan(T), T)


def _sigma_prime(x):
    e = mpmath.exp(-abs(x))
    return e / (1 + e) ** 2


def _sigma_second(x):
    s = 1 / (1 + mpmath.exp(-x))
    return s * (1 - s) * (1 - 2 * s)


# each smooth activation's f' and f'', written independently in mpmath, and f' in numpy for a grid
SLOPES = {
    act.TANH: lambda x: mpmath.sech(x) ** 2,
    act.CELL_G: lambda x: 4 * _sigma_prime(x),
    act.CELL_H: lambda x: 2 * _sigma_prime(x),
    act.LOGISTIC: _sigma_prime,
    ATAN: lambda x: 1 / (1 + x**2),
}
SECONDS = {
    act.TANH: lambda x: -2 * mpmath.tanh(x) * mpmath.sech(x) ** 2,
    act.CELL_G: lambda x: 4 * _sigma_second(x),
    act.CELL_H: lambda x: 2 * _sigma_second(x),
    act.LOGISTIC: _sigma_second,
    ATAN: lambda x: -2 * x / (1 + x**2) ** 2,
}
FLOAT_SLOPES = {
    act.TANH: lambda x: 1 / np.cosh(np.minimum(np.abs(x), 300)) ** 2,
    act.CELL_G: lambda x: 4 * np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2,
    act.CELL_H: lambda x: 2 * np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2,
    act.LOGISTIC: lambda x: np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2,
    ATAN: lambda x: 1 / (1 + x**2),
}


def oracle_max(unit, y: float, c: float) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """The peaks of |w f'(wy + c)| on each half-line, located on a float grid and refined at 50 digits
    as the root of the derivative f'(wy + c) + wy f''(wy + c)."""
    slope, second = SLOPES[unit], SECONDS[unit]
    y_, c_ = mpmath.mpf(y), mpmath.mpf(c)
    reach = (abs(c) + 8) / abs(y)
    peaks = []
    for sign in (1.0, -1.0):
        grid = sign * np.linspace(reach / 40001, reach, 40001)
        start = mpmath.mpf(
            float(grid[int(np.argmax(np.abs(grid) * FLOAT_SLOPES[unit](grid * y + c)))])
        )
        # in the net input n = wy + c the condition is f'(n) + (n - c) f''(n) = 0, better scaled
        net = mpmath.findroot(lambda n: slope(n) + (n - c_) * second(n), start * y_ + c_)
        root = (net - c_) / y_
        peaks.append((root, abs(root) * slope(net)))
    return peaks


def _close(got: float, truth: mpmath.mpf, rel: float) -> bool:
    return abs(mpmath.mpf(got) - truth) <= rel * abs(truth)


def test_the_largest_tanh_gain_for_y_one_and_c_zero():
    # max over w of |w tanh'(w)|: stationary where 1 = 2 w tanh(w), found here by mpmath from w = 1
    root = mpmath.findroot(lambda w: 2 * w * mpmath.tanh(w) - 1, 1)
    value = root * mpmath.sech(root) ** 2
    w_star, got = max_gain(1.0, 0.0, activation="tanh")
    assert _close(w_star, root, 4 * 2.0**-52)
    assert _close(got, value, 4 * 2.0**-52)
    assert gain_argmax("tanh") == w_star
    assert gain_constant("tanh") == got
    assert gain(w_star, 1.0, activation=act.TANH) == got


@pytest.mark.parametrize("unit", list(SLOPES), ids=lambda u: u.name)
@settings(max_examples=12, deadline=None)
@given(
    y=st.floats(1e-3, 1e3) | st.floats(-1e3, -1e-3),
    c=st.floats(-30, 30),
)
def test_max_gain_against_a_50_digit_maximiser(unit, y, c):
    w_star, value = max_gain(y, c, activation=unit)
    peaks = oracle_max(unit, y, c)
    best = max(v for _, v in peaks)
    assert _close(value, best, 1e-14)
    # the maximiser is the best peak's (either one where the two tie to 12 digits)
    assert any(_close(w_star, w, 1e-14) for w, v in peaks if v >= best * (1 - 1e-12))


@pytest.mark.parametrize("unit", [act.TANH, act.CELL_G, act.CELL_H, ATAN], ids=lambda u: u.name)
def test_the_constants_against_mpmath(unit):
    slope, second = SLOPES[unit], SECONDS[unit]
    root = mpmath.findroot(lambda x: slope(x) + x * second(x), 1)
    assert _close(gain_argmax(unit), root, 4 * 2.0**-52)
    assert _close(gain_constant(unit), root * slope(root), 4 * 2.0**-52)


def test_the_logistic_keeps_its_numbers():
    assert gain_argmax() == GAIN_ARGMAX
    assert gain_constant("logistic") == GAIN_CONSTANT
    assert weight_threshold() == 4.0
    y, c = np.array([0.3, -2.0, 1e-5]), np.array([0.0, 4.0, -1.0])
    for spec in ("logistic", act.LOGISTIC):
        assert np.array_equal(max_gain(y, c, activation=spec)[1], max_gain(y, c)[1])
        assert np.array_equal(gain(1.5, y, c, activation=spec), gain(1.5, y, c))
    assert gain_interval(0.1, activation="logistic") == gain_interval(0.1)


def test_the_general_search_agrees_with_the_logistics_own():
    # the logistic made from sympy takes the general path: it must meet the specialised Newton solver
    twin = from_sympy(1 / (1 + sympy.exp(-T)), T)
    y, c = np.array([0.3, -2.0, 1.0, 7.0]), np.array([0.0, 4.0, -1.0, 0.5])
    w1, v1 = max_gain(y, c, activation=twin)
    w2, v2 = max_gain(y, c)
    np.testing.assert_allclose(v1, v2, rtol=1e-14)
    np.testing.assert_allclose(w1, w2, rtol=1e-14)


def test_the_thresholds():
    assert [weight_threshold(n) for n in ("tanh", "cell_g", "cell_h", "relu", "identity")] == [
        1.0,
        1.0,
        2.0,
        1.0,
        1.0,
    ]
    assert weight_threshold(act.leaky_relu(-4.0)) == 0.25


def test_a_threshold_beyond_float64_is_refused():
    # 1/sup|f'| for sup|f'| = 5e-324 is about 2e323: no float64 holds it (it was inf)
    with pytest.raises(ValueError, match=r"1/sup\|f'\| = 1/5e-324 is beyond float64"):
        weight_threshold(act.affine(5e-324, 0.0))
    with pytest.raises(ValueError, match="beyond float64"):
        weight_threshold(act.affine(2.0**-1024, 0.0))  # 2^1024: just beyond
    # a float above 2^-1024 has a reciprocal below 2^1024, rounded once
    above = float(np.nextafter(2.0**-1024, 1.0))
    assert weight_threshold(act.affine(above, 0.0)) == float(1 / Fraction(above))


@pytest.mark.parametrize("unit", ["relu", "identity", act.leaky_relu(0.1), act.affine(-0.5, 2.0)])
def test_piecewise_linear_units_have_no_maximum_and_say_so(unit):
    with pytest.raises(ValueError, match=r"has no maximum: it is (piecewise )?linear"):
        max_gain(0.5, 1.0, activation=unit)
    sup = gain_supremum(0.5, 1.0, activation=unit)
    assert sup.value == np.inf
    assert not sup.attained
    assert sup.weight is None
    assert "grows without bound" in sup.reason
    with pytest.raises(ValueError, match="no stationary point"):
        stationarity_condition(unit)


def test_the_rectifiers_gain_is_its_slope_times_the_weight():
    assert gain(2.0, 1.0, -1.0, activation="relu") == 2.0
    assert gain(2.0, 1.0, -3.0, activation="relu") == 0.0
    assert gain(-2.0, 1.0, 0.0, activation=act.leaky_relu(0.1)) == pytest.approx(0.2, rel=1e-16)


def test_a_smooth_unit_without_a_maximum_is_refused():
    softplus = from_sympy_softplus()
    with pytest.raises(ValueError, match="grows without bound"):
        max_gain(1.0, activation=softplus)
    sup = gain_supremum(1.0, activation=softplus)
    assert sup.value == np.inf
    assert not sup.attained


def from_sympy_softplus():
    # softplus' slope is the logistic, which tends to 1: its supremum is stated at the far end of the grid
    return act.from_callables(
        "softplus",
        lambda x: np.logaddexp(0.0, x),
        lambda x: 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(x, -700), 700))),
        slope_max=1.0,
        slope_argmax=300.0,
        fsecond=lambda x: np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2,
        tail_gains=(0.0, np.inf),
    )


def test_a_gain_with_two_peaks_is_refused_or_found():
    sech2 = act.ACTIVATIONS["tanh"][1]  # 1 - tanh^2, accurate over the whole float range
    bump = act.from_callables(
        "two bumps",
        lambda x: np.tanh(x) + np.tanh(x - 10),
        lambda x: sech2(x) + sech2(x - 10),
        slope_max=float(1 + sech2(np.float64(10.0))),
        slope_argmax=0.0,
        net_limit=1e308,
        fsecond=lambda x: -2 * np.tanh(x) * sech2(x) - 2 * np.tanh(x - 10) * sech2(x - 10),
        tail_gains=(0.0, 0.0),
    )
    w = np.linspace(-30, 30, 600001)
    best = float(np.max(np.abs(w) * bump.fprime(w)))
    try:
        _, value = max_gain(1.0, activation=bump)
    except ValueError as err:
        message = str(err)
        value = np.inf
    else:
        message = "more than one peak"
    assert "more than one peak" in message
    assert value >= best * (1 - 1e-12)


@pytest.mark.parametrize("unit", [act.TANH, act.CELL_G, act.CELL_H], ids=lambda u: u.name)
@pytest.mark.parametrize("y", [0.05, -0.3, 2.0])
def test_the_interval_ends_have_the_level(unit, y):
    level = 0.5 * gain_constant(unit) / abs(y)
    inner, outer = gain_interval(y, level, activation=unit)
    slope = SLOPES[unit]
    for end in (inner, outer):
        truth = mpmath.mpf(end) * slope(mpmath.mpf(end) * y)
        assert _close(level, truth, 1e-13)
    assert gain(inner * 1.001, y, activation=unit) > level > gain(inner * 0.999, y, activation=unit)
    assert gain(outer * 0.999, y, activation=unit) > level > gain(outer * 1.001, y, activation=unit)
    above = gain_interval(y, 2 * level, activation=unit)
    assert above[0] == above[1] == gain_argmax(unit) / abs(y)


def test_the_interval_refuses_what_it_cannot_answer():
    with pytest.raises(ValueError, match="f' is even"):
        gain_interval(0.5, activation="relu")
    bumpy = from_sympy(T / (1 + T**2) ** 2 + sympy.atan(T), T)  # 1/f' is not convex near |t| = 1
    with pytest.raises(ValueError, match=re.escape("1/|f'| is convex")):
        gain_interval(0.5, activation=bumpy)
    own = act.from_callables(
        "own", np.tanh, act.ACTIVATIONS["tanh"][1], slope_max=1.0, slope_argmax=0.0, even_slope=True
    )
    with pytest.raises(ValueError, match="callables do not tell it"):
        gain_interval(0.5, activation=own)
    with pytest.raises(ValueError, match="level must be positive"):
        gain_interval(0.5, -1.0, activation="tanh")
    with pytest.raises(ValueError, match="y must be nonzero"):
        gain_interval(0.0, activation="tanh")


@pytest.mark.parametrize("bad", [3, None, ("tanh",), act.ACTIVATIONS["tanh"]])
def test_an_activation_that_is_neither_a_name_nor_an_object_is_refused(bad):
    for call in (
        lambda: gain(1.0, 1.0, activation=bad),
        lambda: max_gain(1.0, activation=bad),
        lambda: gain_supremum(1.0, activation=bad),
        lambda: weight_threshold(bad),
        lambda: gain_argmax(bad),
        lambda: gain_interval(1.0, activation=bad),
    ):
        with pytest.raises(TypeError, match="activation must be an Activation or one of"):
            call()


def test_other_refusals_name_the_argument():
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        max_gain(1.0, activation="softplus")
    with pytest.raises(TypeError, match="y must be real numbers"):
        max_gain("1", activation="tanh")
    with pytest.raises(ValueError, match="y must be nonzero"):
        max_gain(0.0, activation="tanh")
    with pytest.raises(ValueError, match="c must be finite"):
        gain(1.0, 1.0, np.nan, activation="tanh")
    with pytest.raises(ValueError, match="y must be a single number"):
        gain_supremum([1.0, 2.0], activation="tanh")
    with pytest.raises(ValueError, match="f' is even"):
        gain_argmax(act.leaky_relu(0.1))


def test_the_stationarity_conditions_sympy_derives():
    logistic = stationarity_condition("logistic").weight
    assert sympy.simplify(logistic - sympy.coth(NET / 2) / Y) == 0
    # the others: each condition's root at y = 1 is the maximiser the numerics find
    for unit in (act.TANH, act.CELL_G, act.CELL_H, ATAN):
        weight = sympy.lambdify(NET, stationarity_condition(unit).weight.subs(Y, 1), "mpmath")
        root = mpmath.findroot(lambda x, weight=weight: x - weight(x), 1)
        assert _close(gain_argmax(unit), root, 4 * 2.0**-52)


@pytest.mark.parametrize("unit", [act.TANH, act.CELL_G, act.CELL_H, ATAN], ids=lambda u: u.name)
@settings(max_examples=60, deadline=None)
@given(
    w=st.floats(-1e6, 1e6),
    y=st.floats(-1e3, 1e3),
    c=st.floats(-1e3, 1e3),
)
def test_gain_against_mpmath_where_the_slope_is_normal(unit, w, y, c):
    net = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
    truth = abs(mpmath.mpf(w)) * SLOPES[unit](net)
    got = gain(w, y, c, activation=unit)
    if SLOPES[unit](net) >= mpmath.mpf(2) ** -1022 and truth >= mpmath.mpf(2) ** -1022:
        assert _close(got, truth, 1e-14)
    else:  # f' subnormal: its few units of 2^-1074, times |w|
        slack = 8 * max(abs(w), 1) * mpmath.mpf(2) ** -1074 + truth * mpmath.mpf(1e-14)
        assert abs(mpmath.mpf(got) - truth) <= slack


def test_a_slope_rate_of_0_over_0_is_refused_for_what_it_is():
    # f' and f'' of these callables both underflow to 0 far out: f''/f' is 0/0 there, and the search
    # must say so rather than call the gain still rising at the largest float
    def sech2(x):
        return 1 / np.cosh(np.clip(x, -700, 700)) ** 2

    grid = np.linspace(-10, 10, 200001)
    slopes = sech2(grid - 3) + sech2(grid + 3)
    unit = act.from_callables(
        "two tanh",
        lambda x: np.tanh(x - 3) + np.tanh(x + 3),
        lambda x: sech2(x - 3) + sech2(x + 3),
        slope_max=float(slopes.max()),
        slope_argmax=float(grid[np.argmax(slopes)]),
        net_limit=float(np.finfo(np.float64).max),
        fsecond=lambda x: -2 * np.tanh(x - 3) * sech2(x - 3) - 2 * np.tanh(x + 3) * sech2(x + 3),
        tail_gains=(0.0, 0.0),
    )
    with pytest.raises(ValueError, match=r"f''/f' of two tanh is not a number .*0/0"):
        max_gain(1.0, activation=unit)


def test_a_softsign_from_callables_is_not_called_piecewise_linear():
    # softsign's slope 1/(1 + |x|)^2 is about 1.1e-5 at the default net_limit of 300, not its limit 0
    # (stated by tail_gains = (0, 0)); it was called "piecewise linear", with an infinite supremum
    def build(**more):
        return act.from_callables(
            "softsign",
            lambda x: x / (1 + np.abs(x)),
            lambda x: 1 / (1 + np.abs(x)) ** 2,
            slope_max=1.0,
            slope_argmax=0.0,
            even_slope=True,
            tail_gains=(0.0, 0.0),
            **more,
        )

    soft = build()
    assert soft.tail_slopes == (0.0, 0.0)
    with pytest.raises(ValueError, match=r"no second derivative given .* cannot run"):
        gain_constant(soft)
    # with f'' given, the sup of |x f'(x)| = x / (1 + x)^2 is 1/4, at x = 1
    smooth = build(
        fsecond=lambda x: -2 * np.sign(x) / (1 + np.abs(x)) ** 3,
        net_limit=float(np.finfo(float).max),
    )
    assert gain_constant(smooth) == pytest.approx(0.25, rel=1e-14)


with mpmath.workprec(200):
    _TANH_ARGMAX = mpmath.findroot(lambda x: 1 - 2 * x * mpmath.tanh(x), 0.77)
    """x* of tanh, the root of 2 x tanh x = 1, to 200 bits."""


def _scaled_tanh(scale: float) -> act.Activation:
    """scale * tanh, from callables that stay finite over the whole float range."""
    return act.from_callables(
        f"tanh times {scale}",
        lambda x: scale * np.tanh(x),
        lambda x: scale * (1 - np.tanh(x) ** 2),
        fsecond=lambda x: -2 * scale * np.tanh(x) * (1 - np.tanh(x) ** 2),
        slope_max=scale,
        slope_argmax=0.0,
        even_slope=True,
        tail_gains=(0.0, 0.0),
        net_limit=1.7e308,
    )


@pytest.mark.parametrize("scale", [1e-320, 5e-324])
def test_a_peak_among_subnormal_slopes_is_kept_to_its_value_and_its_place_is_refused(scale):
    # |x f'(x)| of scale * tanh peaks at x* = 0.7717 (2 x tanh x = 1) at K = 0.448 scale. With slopes
    # below 2^-1022 the values lie on the grid of 2^-1074 and the peak is flat to it: the maximiser came
    # back as 0.77159 (for 1e-320) or 0.881 (for 5e-324), said to be within 1e-14 relative
    x_star = _TANH_ARGMAX
    peak = mpmath.mpf(scale) * x_star / mpmath.cosh(x_star) ** 2
    unit = _scaled_tanh(scale)
    allowed = 8 * mpmath.mpf(2) ** -1074  # 8 max(x*, 1) 2^-1074, x* < 1
    assert abs(gain_constant(unit) - peak) <= allowed
    w, value = max_gain(1.0, 0.0, activation=unit)
    assert abs(value - peak) <= allowed
    exact_gain = abs(w) * mpmath.mpf(scale) / mpmath.cosh(w) ** 2  # the gain at the w* returned
    assert peak - exact_gain <= allowed
    with pytest.raises(ValueError, match=r"below 2\^-1022: its subnormal values"):
        gain_argmax(unit)


def test_a_peak_among_normal_slopes_of_a_tiny_scale_is_placed_to_1e_14():
    x_star = _TANH_ARGMAX
    unit = _scaled_tanh(1e-300)
    assert _close(gain_argmax(unit), x_star, 1e-14)
    assert _close(
        gain_constant(unit), mpmath.mpf(1e-300) * x_star / mpmath.cosh(x_star) ** 2, 1e-14
    )
