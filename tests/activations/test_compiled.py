"""A reader's own activation is right over the whole float64 range, or refuses: sympy's forms are
compiled where they agree with mpmath and mpmath takes over beyond; callables refuse past net_limit."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes.activations.symbolic_activation import from_sympy
from lstmnotes.local_gain import gain, gain_supremum

T = sympy.Symbol("t", real=True)

# each expression with its slope written by hand for mpmath, independent of sympy's forms
SLOPES = {
    "algebraic": (T / sympy.sqrt(1 + T**2), lambda x: (1 + x**2) ** mpmath.mpf(-1.5)),
    "atan": (sympy.atan(T), lambda x: 1 / (1 + x**2)),
    "shifted tanh": (sympy.tanh(T - 2) / 3, lambda x: mpmath.sech(x - 2) ** 2 / 3),
    "logistic": (1 / (1 + sympy.exp(-T)), lambda x: 1 / (4 * mpmath.cosh(x / 2) ** 2)),
    "asinh": (sympy.asinh(T), lambda x: 1 / mpmath.sqrt(1 + x**2)),
}
UNITS = {name: from_sympy(expr, T, name) for name, (expr, _) in SLOPES.items()}


def _close(got: float, truth: mpmath.mpf) -> bool:
    error = abs(mpmath.mpf(got) - truth)
    return bool(error <= 8 * 2.0**-52 * abs(truth) or error <= 4 * 2.0**-1074)


def _truth_gain(name: str, w: float, y: float, c: float) -> mpmath.mpf:
    with mpmath.workprec(4000):
        net = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
        return abs(mpmath.mpf(w)) * SLOPES[name][1](net)


@pytest.mark.parametrize("name", list(SLOPES))
@settings(max_examples=60, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_the_slope_is_right_over_the_whole_float_range(name, x):
    with mpmath.workprec(4000):
        truth = SLOPES[name][1](mpmath.mpf(x))
    assert _close(UNITS[name].prime(x), truth), (name, x)


@pytest.mark.parametrize(
    ("name", "w", "y", "c"),
    [
        ("algebraic", 1.0, 6.47, 0.0),  # the derivative as differentiated cancels here
        ("algebraic", 1.0, 1.0, 1e6),
        ("algebraic", 1.0, 1.0, 1e154),  # x**2 overflows: the compiled form gave NaN
        ("atan", 1.0, 1.0, 1.5e154),  # 1/(1 + x**2) compiled is 0 past about 1.34e154
        ("logistic", 2.0, 1.0, 400.0),
        ("logistic", 2.0, 1.0, 740.0),  # exp(-x)/(1 + exp(-x))**2 compiled is 0 past about 709
        ("asinh", 1e308, 2.0, 0.0),  # the net input overflows float64: taken by mpmath, 0.5
        ("asinh", -1e308, 1e308, 1.0),
    ],
)
def test_the_cases_that_were_wrong_are_right(name, w, y, c):
    assert _close(gain(w, y, c, activation=UNITS[name]), _truth_gain(name, w, y, c))


def test_callables_refuse_net_inputs_beyond_their_limit(asinh_callables):
    unit = asinh_callables(tail_gains=(1.0, 1.0))
    assert unit.net_limit == 300.0
    assert gain(1.0, 2.0, activation=unit) == pytest.approx(1 / np.sqrt(5), rel=1e-15)
    with pytest.raises(ValueError, match=r"net input 301\.0 is beyond \+-300\.0.*net_limit"):
        gain(1.0, 1.0, 300.0, activation=unit)
    with pytest.raises(ValueError, match=r"inf in float64.*net_limit"):
        gain(1e308, 2.0, activation=unit)  # was 3.3e305, read from f' at 300; truth 0.5
    with pytest.raises(ValueError, match="net_limit"):
        gain_supremum(2.0, 0.0, activation=unit)  # the gain rises beyond any finite limit
    wide = asinh_callables(tail_gains=(1.0, 1.0), net_limit=1e100)
    assert wide.net_limit == 1e100
    with pytest.raises(ValueError, match="net_limit must be positive"):
        asinh_callables(net_limit=0.0)
    with pytest.raises(ValueError, match="net_limit must be finite"):
        asinh_callables(net_limit=np.inf)
    with pytest.raises(ValueError, match=r"slope_argmax = 1\.0 is beyond net_limit = 0\.5"):
        act.from_callables("x", np.tanh, np.cosh, slope_max=1.0, slope_argmax=1.0, net_limit=0.5)


def test_a_sympy_unit_supremum_approached_at_infinity_is_proved_not_attained():
    assert UNITS["asinh"].rising_beyond == (2.0, 2.0)
    sup = gain_supremum(-2.0, 0.0, activation=UNITS["asinh"])
    assert (sup.value, sup.attained) == (0.5, False)


def test_mpmath_takes_a_bounded_number_of_points():
    far = np.full(5000, 1e200)
    with pytest.raises(ValueError, match="5000 net inputs are beyond"):
        UNITS["atan"].prime(far)
    assert UNITS["atan"].prime(far[:10]).tolist() == [0.0] * 10  # 1e-400 underflows
    assert UNITS["atan"].prime(1e155) == 1e-310


def test_the_forms_kept_and_how_far_they_reach_are_stated():
    assert "f' to inf" in UNITS["algebraic"].smoothness  # (1 + x**2)**(-3/2), simplified
    assert "mpmath beyond" in UNITS["atan"].smoothness


# -- 1 + x f''/f': within 8 ulps of 1 + |x f''/f'|, near its zeros too -------------------------------------

# each unit's f''/f' written by hand for mpmath, independent of sympy's forms
RATES = {
    "algebraic": lambda x: -3 * x / (1 + x**2),
    "atan": lambda x: -2 * x / (1 + x**2),
    "shifted tanh": lambda x: -2 * mpmath.tanh(x - 2),
    "logistic": lambda x: -mpmath.tanh(x / 2),
    "asinh": lambda x: -x / (1 + x**2),
    "tanh": lambda x: -2 * mpmath.tanh(x),
    "erf": lambda x: -2 * x,
}
RATE_UNITS = {
    **UNITS,
    "tanh": from_sympy(sympy.tanh(T), T, "tanh"),
    "erf": from_sympy(sympy.erf(T), T, "erf"),
}


def _gain_rate_within_its_bound(name: str, x: float) -> None:
    with mpmath.workprec(4000):
        point = mpmath.mpf(x)
        term = point * RATES[name](point)
        truth, scale = 1 + term, 1 + abs(term)
    if abs(truth) > mpmath.mpf(np.finfo(float).max):
        return  # beyond float64: rounds to an infinity (see the next test)
    got = float(RATE_UNITS[name].gain_rate(np.array([x]))[0])
    error = abs(mpmath.mpf(got) - truth)
    assert error <= 8 * 2.0**-52 * scale or error <= 4 * 2.0**-1074, (name, x, got, truth)


def _zeros(name: str) -> list[float]:
    """The zeros of 1 + x f''/f' in (0, 10], by mpmath on the hand-written rate (odd functions of x)."""
    with mpmath.workdps(50):
        grid = [(k + mpmath.mpf(0.37)) / 8 for k in range(80)]  # no grid point on a zero
        values = [1 + x * RATES[name](x) for x in grid]
        return [
            float(mpmath.findroot(lambda x: 1 + x * RATES[name](x), (a, b), solver="anderson"))
            for a, b, fa, fb in zip(grid, grid[1:], values, values[1:], strict=False)
            if fa * fb < 0
        ]


@pytest.mark.parametrize("name", list(RATES))
def test_the_gain_rate_is_within_its_stated_bound_near_its_zeros(name):
    zeros = _zeros(name)
    assert bool(zeros) == (name != "asinh"), name  # asinh's is 1/(1 + x^2): no zero
    for zero in zeros + [-z for z in zeros]:
        for offset in [k * 2.0**-52 for k in range(-40, 41, 5)] + [
            2.0**-j for j in range(1, 50, 4)
        ]:
            _gain_rate_within_its_bound(name, zero * (1 + offset))
            _gain_rate_within_its_bound(name, zero * (1 - offset))


@pytest.mark.parametrize(
    ("name", "x"),
    [  # far off in relative terms (22 to 31 ulps) since near a zero, within the stated bound
        ("tanh", 0.7957306498401451),
        ("logistic", 1.5585425147561622),
        ("atan", 1.0113941536030921),
    ],
)
def test_the_gain_rate_near_a_zero_is_within_its_absolute_bound(name, x):
    _gain_rate_within_its_bound(name, x)


@pytest.mark.parametrize("name", list(RATES))
@settings(max_examples=40, deadline=None)
@given(x=st.floats(-1e6, 1e6) | st.floats(allow_nan=False, allow_infinity=False))
def test_the_gain_rate_is_within_its_stated_bound_anywhere(name, x):
    _gain_rate_within_its_bound(name, x)


def test_a_gain_rate_beyond_float64_rounds_to_an_infinity():
    assert RATE_UNITS["erf"].gain_rate(np.array([1e154]))[0] == -np.inf  # 1 - 2 x^2 = -2e308


def test_a_compiled_gain_rate_off_near_a_zero_is_left_to_mpmath_there():
    from lstmnotes.activations import symbolic_activation as sa
    from lstmnotes.activations.symbolic_compiled import grid_truths, numeric

    rate = -2 * sympy.tanh(T)
    forms = [1 + T * rate]
    right = numeric(forms[0], T)
    truths = grid_truths(forms, T)
    with mpmath.workdps(50):
        zero = float(mpmath.findroot(lambda x: 1 - 2 * x * mpmath.tanh(x), 0.77))

    def wrong(values):  # off by some 2^13 ulps of 1 + |x f''/f'| within 1e-3 of the zero
        return right(values) + np.where(np.abs(values - zero) < 1e-3, 1e-12, 0.0)

    assert sa._checked_near_zeros(right, forms, [rate], T, truths, np.inf) == np.inf
    limit = sa._checked_near_zeros(wrong, forms, [rate], T, truths, np.inf)
    assert zero / 2 < limit < zero  # the largest grid magnitude below the points that fail
