"""Activations as objects: each built-in against mpmath, its stated supremum, the look-ups and refusals."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes.activations.symbolic_activation import expression, from_sympy
from lstmnotes.cell import cell_g, cell_g_prime, cell_h, cell_h_prime


@pytest.fixture(autouse=True, scope="module")
def _fifty_digits():
    # other test modules set mpmath's precision when they are imported: hold it at 50 digits here
    with mpmath.workdps(50):
        yield


def _sigma(x):
    return 1 / (1 + mpmath.exp(-x))


# each built-in's f, written independently in mpmath
ORACLES = {
    "logistic": _sigma,
    "tanh": mpmath.tanh,
    "identity": lambda x: x,
    "relu": lambda x: x if x > 0 else mpmath.mpf(0),
    "leaky_relu": lambda x: x if x > 0 else x / 100,
    "cell_g": lambda x: 4 * _sigma(x) - 2,
    "cell_h": lambda x: 2 * _sigma(x) - 1,
}


def _sigma_prime(x):
    e = mpmath.exp(-abs(x))
    return e / (1 + e) ** 2


def _sigma_second(x):
    s = _sigma(x)
    return s * (1 - s) * (1 - 2 * s)


# f' and f'' in closed form (mpmath's numerical derivative loses the tails' digits)
PRIMES = {
    "logistic": _sigma_prime,
    "tanh": lambda x: mpmath.sech(x) ** 2,
    "identity": lambda x: mpmath.mpf(1),
    "relu": lambda x: mpmath.mpf(1 if x > 0 else 0),
    "leaky_relu": lambda x: mpmath.mpf(1) if x > 0 else mpmath.mpf(1) / 100,
    "cell_g": lambda x: 4 * _sigma_prime(x),
    "cell_h": lambda x: 2 * _sigma_prime(x),
}
SECONDS = {
    "logistic": _sigma_second,
    "tanh": lambda x: -2 * mpmath.tanh(x) * mpmath.sech(x) ** 2,
    "identity": lambda x: mpmath.mpf(0),
    "cell_g": lambda x: 4 * _sigma_second(x),
    "cell_h": lambda x: 2 * _sigma_second(x),
}


def _close(got: float, truth, rel: float = 2.0**-49, absolute: float = 1e-300) -> bool:
    return abs(mpmath.mpf(got) - truth) <= max(rel * abs(truth), absolute)


@pytest.mark.parametrize("name", list(ORACLES))
@settings(max_examples=60, deadline=None)
@given(x=st.floats(-60, 60).filter(lambda v: abs(v) > 1e-9 or v == 0))
def test_each_builtin_against_mpmath(name, x):
    unit = act.NAMED_ACTIVATIONS[name]
    oracle = ORACLES[name]
    assert _close(unit(x), oracle(mpmath.mpf(x)))
    if unit.smooth or x != 0:  # a kink's slope is a convention, tested below
        assert _close(unit.prime(x), PRIMES[name](mpmath.mpf(x)), rel=1e-14)
        # and the closed form is the derivative of f
        assert _close(
            float(PRIMES[name](mpmath.mpf(x))), mpmath.diff(oracle, mpmath.mpf(x)), 1e-6, 1e-30
        )
    if unit.fsecond is not None:
        assert _close(unit.second(x), SECONDS[name](mpmath.mpf(x)), rel=1e-14, absolute=1e-300)


@pytest.mark.parametrize("name", list(ORACLES))
def test_the_stated_supremum_of_the_slope(name):
    unit = act.NAMED_ACTIVATIONS[name]
    oracle = ORACLES[name]
    # independently: the largest |f'| over a fine grid in mpmath, refined by a maximiser where smooth
    grid = [mpmath.mpf(v) for v in np.linspace(-30, 30, 6001)]
    slopes = [abs(mpmath.diff(oracle, v)) if v != 0 or unit.smooth else 0 for v in grid]
    best = max(slopes)
    assert abs(unit.prime(unit.slope_argmax)) == unit.slope_max
    assert best <= unit.slope_max * (1 + 1e-15)
    assert abs(best - unit.slope_max) <= 1e-6 * unit.slope_max
    assert unit.threshold == 1 / unit.slope_max


def test_the_kinks_convention_and_the_paper_values():
    assert act.RELU.prime(0.0) == 0.0
    assert act.leaky_relu(0.2).prime(0.0) == 0.2
    assert act.LOGISTIC.threshold == 4.0
    assert act.CELL_H.slope_max == 0.5
    assert act.CELL_G.slope_max == 1.0
    assert act.leaky_relu(-3.0).slope_max == 3.0
    assert act.leaky_relu(-3.0).slope_argmax == -1.0


def test_the_cells_squashing_functions_are_the_objects():
    x = np.linspace(-40, 40, 801)
    assert np.array_equal(cell_g(x), act.CELL_G(x))
    assert np.array_equal(cell_h(x), act.CELL_H(x))
    assert np.array_equal(cell_g_prime(x), act.CELL_G.prime(x))
    assert np.array_equal(cell_h_prime(x), act.CELL_H.prime(x))


def test_names_keep_working_and_objects_are_accepted():
    x = np.linspace(-40, 40, 801)
    for name in ("logistic", "tanh", "identity"):
        f, fprime = act.activation(name)
        raw_f, raw_fprime = act.ACTIVATIONS[name]
        assert np.array_equal(f(x), raw_f(x))
        assert np.array_equal(fprime(x), raw_fprime(x))
        assert act.as_activation(name).name == name
    f, fprime = act.activation(act.RELU)
    assert np.array_equal(f(x), act.RELU.f(x))
    assert np.array_equal(fprime(x), act.RELU.fprime(x))
    assert act.as_activation(act.TANH) is act.TANH
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        act.as_activation("softplus")
    for bad in (None, 1.0, ("tanh",), b"tanh"):
        with pytest.raises(TypeError, match="activation must be an Activation or one of"):
            act.as_activation(bad)
        with pytest.raises(TypeError, match="name must be the name of an activation"):
            act.activation(bad)


def test_the_families_refuse_bad_parameters():
    with pytest.raises(ValueError, match="slope must be nonzero"):
        act.affine(0.0)
    with pytest.raises(TypeError, match="slope must be real numbers"):
        act.affine("2")
    with pytest.raises(ValueError, match="offset must be finite"):
        act.affine(1.0, np.inf)
    with pytest.raises(ValueError, match="leak must not be 1"):
        act.leaky_relu(1.0)
    with pytest.raises(TypeError, match="leak must be real numbers"):
        act.leaky_relu(None)
    assert act.affine(2.0, -1.0)(3.0) == 5.0
    assert act.affine(-2.0).slope_max == 2.0


def test_a_second_derivative_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="relu has no second derivative: piecewise linear"):
        act.RELU.second(1.0)
    with pytest.raises(ValueError, match="x must be finite"):
        act.TANH.prime(np.nan)


def _softsign(**kwargs):
    base = {"slope_max": 1.0, "slope_argmax": 0.0, "even_slope": True}
    return act.from_callables(
        "softsign", lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2, **(base | kwargs)
    )


def test_from_callables_checks_the_stated_supremum():
    assert _softsign().slope_max == 1.0
    assert not _softsign().smooth
    with pytest.raises(ValueError, match="is not slope_max"):
        _softsign(slope_max=0.5)
    with pytest.raises(ValueError, match="exceeds slope_max"):
        _softsign(slope_argmax=300.0, slope_max=float(1 / 301**2))
    with pytest.raises(ValueError, match="even_slope is stated"):
        act.from_callables(
            "shifted",
            np.tanh,
            lambda x: 1 / np.cosh(x - 1) ** 2,
            slope_max=1.0,
            slope_argmax=1.0,
            even_slope=True,
        )
    with pytest.raises(TypeError, match="fprime must be callable"):
        act.from_callables("x", np.tanh, 1.0, slope_max=1.0, slope_argmax=0.0)
    with pytest.raises(ValueError, match="slope_max must be positive"):
        _softsign(slope_max=-1.0)


@pytest.mark.parametrize("stated", [1, 0, 1.0, None, "yes", np.int64(1)])
def test_from_callables_takes_only_a_bool_for_even_slope(stated):
    with pytest.raises(TypeError, match="even_slope must be a bool"):
        _softsign(even_slope=stated)


def test_from_callables_takes_a_numpy_bool_for_even_slope():
    assert _softsign(even_slope=np.True_).even_slope is True


def test_from_sympy_derives_and_finds_the_supremum():
    t = sympy.Symbol("t")
    unit = from_sympy(sympy.atan(t), t)
    assert (unit.slope_max, unit.slope_argmax, unit.smooth, unit.even_slope) == (
        1.0,
        0.0,
        True,
        True,
    )
    assert unit.prime(1.0) == 0.5
    assert unit.second(1.0) == -0.5
    shifted = from_sympy(sympy.tanh(t - 2) / 3, t)
    assert shifted.slope_argmax == 2.0
    assert shifted.slope_max == pytest.approx(1 / 3, rel=1e-15)
    assert not shifted.even_slope
    assert expression(unit) == sympy.atan(sympy.Symbol("x", real=True))


def test_from_sympy_refuses_what_it_cannot_do():
    t, s = sympy.symbols("t s")
    with pytest.raises(ValueError, match="not reached"):
        from_sympy(sympy.log(1 + sympy.exp(t)), t)  # softplus: f' -> 1 only at infinity
    with pytest.raises(ValueError, match="piecewise"):
        from_sympy(sympy.Max(0, t), t)
    with pytest.raises(ValueError, match="one variable"):
        from_sympy(s * t, t)
    with pytest.raises(TypeError, match="expr must be a sympy expression"):
        from_sympy("tanh(t)", t)
    with pytest.raises(TypeError, match="x must be a sympy Symbol"):
        from_sympy(sympy.tanh(t), "t")


@pytest.mark.parametrize("name", list(ORACLES))
def test_the_sympy_twins_agree_with_the_numerics(name):
    x = sympy.Symbol("x", real=True)
    twin = sympy.lambdify(x, expression(name, x), "mpmath")
    for v in (-3.5, -0.25, 0.75, 2.0):
        assert _close(act.NAMED_ACTIVATIONS[name](v), twin(mpmath.mpf(v)), rel=1e-15)
    with pytest.raises(ValueError, match="no sympy twin"):
        expression(_softsign())


_FLOAT_MAX = mpmath.mpf(np.finfo(np.float64).max)


@pytest.mark.parametrize(
    ("unit", "exact", "x"),
    [
        (act.affine(1e308, 1e308), lambda v: mpmath.mpf(1e308) * v + mpmath.mpf(1e308), -10.0),
        (act.affine(1e308, 1e308), lambda v: mpmath.mpf(1e308) * v + mpmath.mpf(1e308), 10.0),
        (act.leaky_relu(1e308), lambda v: mpmath.mpf(1e308) * v, -10.0),
        (act.affine(-1e308), lambda v: mpmath.mpf(-1e308) * v, 2.0),
    ],
)
def test_a_value_beyond_float64_is_refused_naming_x(unit, exact, x):
    # mpmath's exact value is beyond the largest float64: f must refuse it, without a warning
    assert abs(exact(mpmath.mpf(x))) > _FLOAT_MAX
    with pytest.raises(ValueError, match=rf"x = {x!r} gives .*not a finite float64"):
        unit(x)
    with pytest.raises(ValueError, match=rf"x = {x!r} gives"):
        unit([0.0, x])
    # just inside the range the value is mpmath's, rounded once
    inside = x / 20.0
    assert abs(exact(mpmath.mpf(inside))) < _FLOAT_MAX
    assert unit(inside) == float(exact(mpmath.mpf(inside)))


def test_the_derivatives_of_a_steep_unit_stay_finite():
    assert act.affine(1e308, 1e308).prime(1e308) == 1e308
    assert act.affine(1e308, 1e308).second(1e308) == 0.0
    assert act.leaky_relu(1e308).prime(-1e308) == 1e308


@pytest.mark.parametrize("label", ["f", "fprime", "fsecond", "slope_rate"])
def test_from_callables_names_a_callable_that_returns_strings(label: str) -> None:
    # numpy would say "could not convert string to float" without naming which callable returned them
    functions = {
        "f": np.tanh,
        "fprime": lambda x: 1.0 - np.tanh(x) ** 2,
        "fsecond": lambda x: -2.0 * np.tanh(x) * (1.0 - np.tanh(x) ** 2),
        "slope_rate": lambda x: -2.0 * np.tanh(x),
    }
    functions[label] = lambda x: np.full(np.shape(x), "0.5")
    with pytest.raises(TypeError, match=f"the values of {label} must be real numbers, got strings"):
        act.from_callables(
            "tanh",
            functions["f"],
            functions["fprime"],
            fsecond=functions["fsecond"],
            slope_rate=functions["slope_rate"],
            slope_max=1.0,
            slope_argmax=0.0,
        )


@pytest.mark.parametrize("value", [1e-300, math.pi, 2.0**0.5, 0.1, 0.01, -2.5, 5e-324])
def test_the_sympy_twin_of_an_affine_or_leaky_unit_has_a_rational_that_rounds_to_its_parameter(
    value,
):
    # nsimplify alone gave 0 for 1e-300 (a unit affine refuses), sqrt(2) for 2**0.5 and a rational
    # 7 ulps off for pi
    t = sympy.Symbol("t")
    twin = expression(act.affine(value), t)
    slope = sympy.diff(twin, t)
    assert isinstance(slope, sympy.Rational)
    assert float(slope) == value
    if value > 0:
        leaky = expression(act.leaky_relu(value), t)
        alpha = sympy.diff(leaky.args[1][0], t)
        assert isinstance(alpha, sympy.Rational)
        assert float(alpha) == value


def test_a_failure_inside_sympy_is_a_value_error_naming_expr():
    # atan(1e20 x): mpmath's root finder gives up (NoConvergence), which escaped as a RuntimeError
    x = sympy.Symbol("x", real=True)
    with pytest.raises(ValueError, match=r"^sympy failed on expr: NoConvergence"):
        from_sympy(sympy.atan(sympy.Float("1e20") * x), x, timeout=120)


def _exact_second(name, x):
    """f''(x) at 400 bits in forms that keep the far tails' digits: with e = e^{-k|x|},
    tanh'' = -sign(x) 8 e (1 - e)/(1 + e)^3 (k = 2), sigma'' = -sign(x) e (1 - e)/(1 + e)^3 (k = 1),
    1 - e by expm1 (1 - tanh(x)^2 is 0 at 300 bits by x = 355, and 1 - e cancels near 0)."""
    factor, rate = {"tanh": (8, 2), "logistic": (1, 1), "cell_g": (4, 1), "cell_h": (2, 1)}[name]
    with mpmath.workprec(400):
        a = abs(mpmath.mpf(x))
        e = mpmath.exp(-rate * a)
        return -mpmath.sign(x) * factor * e * -mpmath.expm1(-rate * a) / (1 + e) ** 3


def _second_within_its_bound(name, x):
    got = act.NAMED_ACTIVATIONS[name].second(x)
    truth = _exact_second(name, x)
    error = abs(mpmath.mpf(got) - truth)
    if abs(truth) >= mpmath.mpf(2) ** -1022:  # 8 ulps
        assert error <= abs(truth) * mpmath.mpf(2) ** -50, (x, got, truth)
    else:  # subnormal: 2 units of 2^-1074
        assert error <= 2 * mpmath.mpf(2) ** -1074, (x, got, truth)


SMOOTH_BUILTINS = ["tanh", "logistic", "cell_g", "cell_h"]


def test_tanh_second_where_it_is_subnormal():
    # -8 e^{-2|x|} was formed as 8 times the rounded subnormal e^{-2|x|}: up to 4 units of 2^-1074 off
    x = 354.47785  # the old value was 4.005 units off
    truth = _exact_second("tanh", x)
    assert abs(mpmath.mpf(act.TANH.second(x)) - truth) <= 2 * mpmath.mpf(2) ** -1074


@pytest.mark.parametrize("name", SMOOTH_BUILTINS)
def test_second_on_a_grid_through_the_subnormal_tails(name):
    # tanh'' is subnormal for about 354 < |x| < 373, the logistic's for about 708 < |x| < 745
    low, high = (350.0, 375.0) if name == "tanh" else (700.0, 750.0)
    grid = np.concatenate([np.linspace(low, high, 1501), np.geomspace(2.0**-1074, 800.0, 1500)])
    for x in np.concatenate([grid, -grid]).tolist():
        _second_within_its_bound(name, x)


@pytest.mark.parametrize("name", SMOOTH_BUILTINS)
@settings(max_examples=200, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False) | st.floats(-800.0, 800.0))
def test_second_over_the_whole_float_range(name, x):
    _second_within_its_bound(name, x)


@pytest.mark.parametrize("name", ["logistic", "tanh", "identity"])
def test_the_looked_up_pair_checks_its_argument(name):
    # the pair was the unchecked float64 callables: uint8 input overflowed to 0 with warnings, float32
    # came back in float32, and booleans raised numpy's own error
    f, fprime = act.activation(name)
    one = np.array([1.0])
    assert np.array_equal(f(np.array([1], dtype=np.uint8)), f(one))
    assert f(np.array([1.0], dtype=np.float32)).dtype == np.float64
    for call in (f, fprime):
        with pytest.raises(TypeError, match="x must be real numbers"):
            call(np.array([True]))
        with pytest.raises(ValueError, match="x must be finite"):
            call(np.array([np.nan]))
