"""gain_tail, derivative_elasticity, gain_threshold, gain_contour and gain_interval for activations other
than the logistic, against 60-digit mpmath with each f', f''/f' and tail written anew here; and their
refusals, each naming why."""

from __future__ import annotations

import re

import mpmath
import numpy as np
import pytest
import sympy

from lstmnotes import activations as act
from lstmnotes.activations.symbolic_activation import from_sympy
from lstmnotes.local_gain import (
    derivative_elasticity,
    gain_contour,
    gain_interval,
    gain_tail,
    gain_threshold,
)


@pytest.fixture(autouse=True, scope="module")
def _sixty_digits():
    with mpmath.workdps(60):
        yield


T = sympy.Symbol("t")
ATAN = from_sympy(sympy.atan(T), T)
ALGEBRAIC = from_sympy(T / sympy.sqrt(1 + T**2), T)
BUMPY = from_sympy(T / (1 + T**2) ** 2 + sympy.atan(T), T)  # 1/f' not convex near |t| = 1


def _logistic_slope(x):
    e = mpmath.exp(-abs(x))
    return e / (1 + e) ** 2


# f', f''/f' and the tail A |x|^p e^(-k|x|) of each, from the formulas, not from the code under test
ORACLES = {
    "tanh": (lambda x: mpmath.sech(x) ** 2, lambda x: -2 * mpmath.tanh(x), (4, 0, 2)),
    "cell_g": (lambda x: 4 * _logistic_slope(x), lambda x: -mpmath.tanh(x / 2), (4, 0, 1)),
    "cell_h": (lambda x: 2 * _logistic_slope(x), lambda x: -mpmath.tanh(x / 2), (2, 0, 1)),
    "atan(t)": (lambda x: 1 / (1 + x**2), lambda x: -2 * x / (1 + x**2), (1, -2, 0)),
    "t/sqrt(t**2 + 1)": (lambda x: (1 + x**2) ** -1.5, lambda x: -3 * x / (1 + x**2), (1, -3, 0)),
}
UNITS = [act.TANH, act.CELL_G, act.CELL_H, ATAN, ALGEBRAIC]
IDS = [u.name for u in UNITS]


def _net(w, y, c):
    return mpmath.mpf(float(w)) * mpmath.mpf(float(y)) + mpmath.mpf(float(c))


def _gain(unit, w, y, c=0.0):
    return abs(ORACLES[unit.name][0](_net(w, y, c)) * mpmath.mpf(float(w)))


def _rel(value, truth):
    truth = mpmath.mpf(truth)
    return abs(mpmath.mpf(float(value)) - truth) / abs(truth)


def _wide(rng, n, low, high):
    """Reals with log-uniform magnitudes 2^low .. 2^high, either sign."""
    return np.ldexp(rng.uniform(0.5, 1.0, n), rng.integers(low, high, n)) * rng.choice([-1, 1], n)


@pytest.mark.parametrize("unit", UNITS, ids=IDS)
def test_the_tail_is_the_asymptote_over_the_float_range(unit):
    rng = np.random.default_rng(11)
    w = np.concatenate([_wide(rng, 300, -1000, 1020), [1e300, 2.0**1023, 40.0]])
    y = np.concatenate([_wide(rng, 300, -1000, 1020), [1e-298, 10.0, 1.0]])
    c = np.concatenate([_wide(rng, 300, -1000, 1020), [-0.5, 3.0, 0.0]])
    big_a, p, k = ORACLES[unit.name][2]
    checked = 0
    for wi, yi, ci in zip(w, y, c, strict=True):
        net = abs(_net(wi, yi, ci))
        truth = abs(mpmath.mpf(float(wi))) * big_a * net**p * mpmath.exp(-k * net)
        if truth > np.finfo(np.float64).max:
            with pytest.raises(ValueError, match="asymptote"):
                gain_tail(wi, yi, ci, activation=unit)
            continue
        value = gain_tail(wi, yi, ci, activation=unit)
        if truth >= 2.0**-1022:
            assert _rel(value, truth) < 1e-14, (wi, yi, ci)
            checked += 1
        else:
            assert abs(mpmath.mpf(value) - truth) <= 2.0**-1073
    assert checked > 20


@pytest.mark.parametrize("unit", UNITS, ids=IDS)
def test_the_gain_tends_to_its_tail(unit):
    exponential = ORACLES[unit.name][2][2] > 0
    # where f' falls exponentially the tail is exact to rounding once e^(-k|net|) is below 1e-17;
    # a power law approaches its tail like 1/net^2
    for w in (40.0, 300.0) if exponential else (1e3, 1e5, 1e9):
        y = 1.0 if exponential else 0.05
        ratio = _gain(unit, w, y, 1.0) / mpmath.mpf(gain_tail(w, y, 1.0, activation=unit))
        assert abs(ratio - 1) < (1e-14 if exponential else 10.0 / (y * w) ** 2 + 1e-14)


@pytest.mark.parametrize("unit", UNITS, ids=IDS)
def test_the_elasticity_is_wy_times_the_rate(unit):
    rng = np.random.default_rng(12)
    # the expressions' compiled rates hold for |net| up to about 1e154 (beyond, x^2 overflows: refused)
    top = 500 if unit.expression is None else 230
    w = np.concatenate([_wide(rng, 300, -500, top), [5e-324, 1e200, 1.0]])
    y = np.concatenate([_wide(rng, 300, -500, top), [1e300, 1e-200, 1.0]])
    c = np.concatenate([_wide(rng, 300, -600, 500), [1e-310, -1.0, 0.0]])
    values = derivative_elasticity(w, y, c, activation=unit)
    rate = ORACLES[unit.name][1]
    checked = 0
    for wi, yi, ci, value in zip(w, y, c, values, strict=True):
        truth = mpmath.mpf(float(wi)) * mpmath.mpf(float(yi)) * rate(_net(wi, yi, ci))
        if abs(truth) >= 2.0**-1022:
            assert _rel(value, truth) < 1e-14, (wi, yi, ci)
            checked += 1
    assert checked > 100
    # the paper's unit falls faster than its weight grows where this is below -1: at the peak it is -1
    assert derivative_elasticity(0.0, 1.0, activation=unit) == 0.0


def test_the_elasticity_of_an_affine_unit_is_zero():
    assert derivative_elasticity(
        [1e300, -3.0], [2.0, 1e-5], [1.0, 0.0], activation="identity"
    ).tolist() == [0.0, 0.0]


def _reaches(unit, y, c, level):
    """The oracle's verdict on a threshold t: the gain reaches level at t, and nowhere on either sign below
    it (a log grid and the float just below t)."""

    def check(t):
        assert _gain(unit, t, y, c) >= level * (1 - 1e-12)
        below = np.nextafter(t, 0.0)
        grid = np.concatenate([np.geomspace(below * 1e-6, below, 300), [below]])
        for s in (1.0, -1.0):
            assert max(_gain(unit, s * r, y, c) for r in grid) <= level * (1 + 1e-12)

    return check


@pytest.mark.parametrize("unit", UNITS, ids=IDS)
@pytest.mark.parametrize(
    ("y", "c", "level"),
    [(0.1, 0.0, 1.0), (0.1, -2.0, 1.0), (-0.3, 1.5, 0.5), (1e-200, 5.0, 1.0), (3e5, -7.0, 1e-7)],
)
def test_the_threshold_is_the_first_weight_that_reaches_the_level(unit, y, c, level):
    t = gain_threshold(y, c, level, activation=unit)
    assert np.isfinite(t)
    _reaches(unit, y, c, level)(t)


@pytest.mark.parametrize("unit", UNITS, ids=IDS)
def test_no_weight_reaches_a_level_above_the_peak(unit):
    slope, rate, _ = ORACLES[unit.name]
    x_star = mpmath.findroot(
        lambda x: 1 + x * rate(x), 1.0
    )  # 1 + x f''/f' = 0: the peak of x f'(x)
    peak = x_star * slope(x_star)
    y = 0.25
    assert gain_threshold(y, 0.0, float(peak / y) * (1 + 1e-9), activation=unit) == np.inf
    assert np.isfinite(gain_threshold(y, 0.0, float(peak / y) * (1 - 1e-9), activation=unit))


def test_the_threshold_of_an_affine_unit():
    t = gain_threshold(1e-300, 1e300, 3.0, activation=act.affine(2.0))
    assert t == 1.5
    assert gain_threshold(1.0, 0.0, 1e300, activation=act.affine(1e-10)) == np.inf


@pytest.mark.parametrize("unit", UNITS, ids=IDS)
def test_the_contour_has_the_level(unit):
    x = np.concatenate([[0.0, 1e-320, 1e-100], np.linspace(0.01, 30, 60), [300.0]])
    slope = ORACLES[unit.name][0]
    # the row's 1e-14 holds where f'(x) as computed is that close (the row: 2^-52 relative to the f'(x)
    # computed); sympy's f' of t/sqrt(1 + t^2) subtracts two terms, so its own error grows like t^2
    tolerances = 1e-14 * (1 + x**2 if unit is ALGEBRAIC else np.ones_like(x))
    with pytest.raises(ValueError, match="level is too large"):
        gain_contour(1.0, 1.7e308, activation=unit)  # w = level/f'(1) beyond the floats
    for level in (1.0, 1e-200, 1e20):
        w, y = gain_contour(x, level, activation=unit)
        for xi, wi, yi, tolerance in zip(x, w, y, tolerances, strict=True):
            f1 = slope(mpmath.mpf(xi))
            assert _rel(wi, level / f1) < tolerance
            truth = mpmath.mpf(xi) * f1 / level
            if truth >= 2.0**-1022:
                assert _rel(yi, truth) < tolerance
            else:
                assert abs(mpmath.mpf(yi) - truth) <= 2.0**-1074


@pytest.mark.parametrize("unit", [ATAN, ALGEBRAIC], ids=["atan", "algebraic"])
@pytest.mark.parametrize("y", [0.05, -0.3, 2.0])
def test_the_interval_of_an_expression_has_the_level(unit, y):
    slope, rate, _ = ORACLES[unit.name]
    x_star = mpmath.findroot(lambda x: 1 + x * rate(x), 1.0)
    level = float(0.5 * x_star * slope(x_star) / abs(y))
    for end in gain_interval(y, level, activation=unit):
        assert abs(_gain(unit, end, y) / level - 1) < 1e-13


def _own_tanh(**kwargs):
    return act.from_callables(
        "own",
        np.tanh,
        act.ACTIVATIONS["tanh"][1],
        slope_max=1.0,
        slope_argmax=0.0,
        even_slope=True,
        fsecond=lambda x: -2.0 * np.tanh(x) * act.ACTIVATIONS["tanh"][1](x),
        **kwargs,
    )


def test_the_refusals_say_why():
    own = _own_tanh(net_limit=1e308)  # stated, wrongly: f''/f' is 0/0 once tanh' underflows
    for unit in ("relu", act.leaky_relu(0.1), "identity"):
        with pytest.raises(ValueError, match="does not: f' tends"):
            gain_tail(3.0, 1.0, activation=unit)
    with pytest.raises(ValueError, match="callables do not tell it"):
        gain_tail(3.0, 1.0, activation=own)
    with pytest.raises(ValueError, match="exceeds the float range"):
        gain_tail(3.0, 1e-300, activation=ATAN)  # |w|/net^2 at a net near 0
    for unit in ("relu", act.leaky_relu(0.1)):
        with pytest.raises(ValueError, match="not defined"):
            derivative_elasticity(1.0, 1.0, activation=unit)
        with pytest.raises(ValueError, match="gain jumps"):
            gain_threshold(1.0, activation=unit)
    with pytest.raises(ValueError, match="divides 0 by 0"):
        derivative_elasticity(1.0, 800.0, activation=own)  # f''/f' = 0/0 where tanh' underflows
    with pytest.raises(ValueError, match=re.escape("beyond +-300.0") + ".*net_limit"):
        derivative_elasticity(1.0, 800.0, activation=_own_tanh())
    with pytest.raises(ValueError, match="net input w y \\+ c exceeds the float range"):
        derivative_elasticity(1e300, 1e10, activation=ATAN)
    # x^2 of the compiled -2x/(1 + x^2) overflows at the net input 1e200: mpmath takes over there
    with mpmath.workdps(50):
        net = mpmath.mpf(1e300) * mpmath.mpf(1e-100)
        truth = net * (-2 * net / (1 + net**2))
    assert derivative_elasticity(1e300, 1e-100, activation=ATAN) == float(truth)
    for unit in (own, BUMPY):
        with pytest.raises(ValueError, match=re.escape("1/|f'| is convex")):
            gain_threshold(1.0, activation=unit)
    with pytest.raises(ValueError, match="no weight reaches the level"):
        gain_contour([1.0, 0.0], activation="relu")
    with pytest.raises(ValueError, match="not a normal float"):
        gain_contour(400.0, activation="tanh")


def test_the_expression_s_forms_come_from_its_limits():
    assert ATAN.slope_decay == ((1.0, -2.0, 0.0), (1.0, -2.0, 0.0))
    assert ALGEBRAIC.reciprocal_slope_convex
    assert not BUMPY.reciprocal_slope_convex
    assert from_sympy(sympy.tanh(T), T).slope_decay == act.TANH.slope_decay
    assert from_sympy(T * sympy.exp(-(T**2)) + 2 * T, T).slope_decay is None  # f' tends to 2
