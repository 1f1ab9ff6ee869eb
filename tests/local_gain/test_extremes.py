"""The gain and its maximum at the far ends of float64, against exact rational and high-precision oracles:
the kink of the rectifiers where w y underflows, the side of the maximiser for a tiny offset, a maximiser
near the largest float, and a gain whose supremum is a limit that no weight reaches."""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes.activations.symbolic_activation import from_sympy
from lstmnotes.local_gain import derivative_elasticity, gain, gain_supremum, max_gain

TINY = 5e-324


def _exact_slope(w: float, y: float, c: float, leak: float) -> float:
    net = Fraction(w) * Fraction(y) + Fraction(c)
    return 1.0 if net > 0 else leak


def test_the_rectifier_takes_the_slope_of_the_exact_net_where_w_y_underflows():
    # 0.5 * 5e-324 + 0 is positive, though it rounds to 0
    assert gain(0.5, TINY, 0.0, activation="relu") == 0.5
    assert gain(-0.5, TINY, 0.0, activation="relu") == 0.0
    assert gain(0.5, -TINY, TINY, activation="relu") == 0.5  # net = 2.5e-324 > 0
    assert gain(1.5, -TINY, TINY, activation="relu") == 0.0  # net = -2.5e-324 < 0
    assert gain(0.5, TINY, 0.0, activation="leaky_relu") == 0.5
    assert gain(-0.5, TINY, 0.0, activation="leaky_relu") == 0.5 * 0.01


_EXTREME = st.builds(
    lambda m, e: float(np.ldexp(m, e)),
    st.floats(-1.0, 1.0, allow_nan=False),
    st.integers(-1080, 1023),
)


@settings(max_examples=400, deadline=None)
@given(w=_EXTREME, y=_EXTREME, c=_EXTREME, nudge=st.integers(-2, 2), cancel=st.booleans())
def test_the_rectifiers_match_exact_rational_arithmetic(w, y, c, nudge, cancel):
    if cancel:  # c within a few ulps of -w y, where the rounded net loses its sign
        with np.errstate(all="ignore"):
            c = float(np.nextafter(-(w * y), np.inf * nudge)) if nudge else -(w * y)
        if not np.isfinite(c):
            c = 0.0
    for leak in (0.0, 0.01, -0.5):
        unit = act.leaky_relu(leak)
        expected = float(abs(Fraction(w) * Fraction(_exact_slope(w, y, c, leak))))
        assert gain(w, y, c, activation=unit) == expected


def _gain_mp(slope, w, y, c):
    return abs(w) * slope(w * y + c)


@pytest.mark.parametrize(
    ("unit", "slope"),
    [
        (act.TANH, lambda x: mpmath.sech(x) ** 2),
        (act.CELL_G, lambda x: 4 * mpmath.exp(-abs(x)) / (1 + mpmath.exp(-abs(x))) ** 2),
        (act.CELL_H, lambda x: 2 * mpmath.exp(-abs(x)) / (1 + mpmath.exp(-abs(x))) ** 2),
    ],
    ids=lambda u: getattr(u, "name", ""),
)
@pytest.mark.parametrize("c", [1e-300, -1e-300, 1e-16, -3e-17, TINY])
@pytest.mark.parametrize("y", [1.0, -0.25])
def test_the_maximiser_for_a_tiny_offset_is_on_the_better_side(unit, slope, c, y):
    w_star, value = max_gain(y, c, activation=unit)
    with mpmath.workdps(700):  # the two sides differ by about c: far below float64's resolution
        here = _gain_mp(slope, mpmath.mpf(w_star), mpmath.mpf(y), mpmath.mpf(c))
        there = _gain_mp(slope, -mpmath.mpf(w_star), mpmath.mpf(y), mpmath.mpf(c))
        assert here > there
        assert abs(value - here) <= 4e-16 * here


@pytest.mark.parametrize("unit", [act.TANH, act.CELL_G, act.CELL_H], ids=lambda u: u.name)
@pytest.mark.parametrize("c", [1e308, -1e308, 1.7e308])
def test_a_maximiser_near_the_largest_float_is_found(unit, c):
    # with n = w y + c the maximum lies at a tiny n of the sign opposite to c: |w*| = |c| to float64,
    # and the value |c| f'(0) to float64 (f'(n) = f'(0) (1 - O(n^2)))
    peak = {"tanh": 1.0, "cell_g": 1.0, "cell_h": 0.5}[unit.name]
    sup = gain_supremum(1.0, c, activation=unit)
    with mpmath.workdps(50):
        assert sup.attained
        assert sup.weight == -c
        assert abs(mpmath.mpf(sup.value) - abs(mpmath.mpf(c)) * peak) <= 2e-16 * abs(c) * peak
    w_star, value = max_gain(-1.0, c, activation=unit)
    assert (w_star, value) == (c, sup.value)


@pytest.mark.parametrize("unit", ["logistic", "tanh", "cell_g", "cell_h"])
@pytest.mark.parametrize(("y", "c"), [(0.5, 1e308), (TINY, 1.0), (1e-308, 1e300)])
def test_a_maximiser_beyond_the_float_range_is_refused_as_the_logistic_refuses_it(unit, y, c):
    with pytest.raises(ValueError, match="float range"):
        max_gain(y, c, activation=unit)
    with pytest.raises(ValueError, match="float range"):
        gain_supremum(y, c, activation=unit)


X = sympy.Symbol("x", real=True)
ASINH = from_sympy(sympy.asinh(X), X)


def _asinh_gain(w, y, c):
    return abs(w) / mpmath.sqrt(1 + (w * y + c) ** 2)


@pytest.mark.parametrize("y", [1.0, -2.0, 1e-300, 3e300])
def test_a_supremum_approached_only_at_infinity_is_not_attained(y):
    # |w| / sqrt(1 + (w y)^2) rises towards 1/|y| and never reaches it
    sup = gain_supremum(y, 0.0, activation=ASINH)
    assert not sup.attained
    assert sup.weight is None
    assert sup.value == float(1 / Fraction(abs(y)))
    with mpmath.workdps(50):
        far = _asinh_gain(mpmath.mpf(10) ** 15 / abs(mpmath.mpf(y)), mpmath.mpf(y), 0)
        assert far < 1 / abs(mpmath.mpf(y))
        assert abs(far - sup.value) <= 1e-15 * sup.value
    with pytest.raises(ValueError, match="no maximum"):
        max_gain(y, 0.0, activation=ASINH)


@pytest.mark.parametrize(("y", "c"), [(1.0, 1.0), (1.0, -3.0), (-0.5, 0.01)])
def test_an_interior_peak_above_the_limit_is_the_maximum(y, c):
    # the peak of |w| / sqrt(1 + (w y + c)^2): found independently by mpmath's root finder
    sup = gain_supremum(y, c, activation=ASINH)
    with mpmath.workdps(50):
        y_, c_ = mpmath.mpf(y), mpmath.mpf(c)
        start = -(1 + c_**2) / (c_ * y_)
        w = mpmath.findroot(lambda v: mpmath.diff(lambda u: _asinh_gain(u, y_, c_), v), start)
        truth = _asinh_gain(w, y_, c_)
        assert truth > 1 / abs(y_)
        assert sup.attained
        assert abs(mpmath.mpf(sup.value) - truth) <= 4e-16 * truth
        assert abs(mpmath.mpf(sup.weight) - w) <= 1e-7 * abs(w)


def test_a_peak_within_rounding_of_the_limit_is_refused():
    # for c != 0 the peak is sqrt(1 + c^2)/|y|: for c = 1e-10 within rounding of the limit 1/|y|
    with pytest.raises(ValueError, match="not decided in float64"):
        gain_supremum(1.0, 1e-10, activation=ASINH)


def test_callables_that_do_not_state_their_limits_are_refused(asinh_callables):
    with pytest.raises(ValueError, match="callables do not tell"):
        gain_supremum(1.0, activation=asinh_callables())
    # the gain rises towards its limit 1/|y| along the whole half-line: callables trusted only up to
    # their net_limit cannot show that it still rises beyond, so the supremum is refused, naming it
    with pytest.raises(ValueError, match="net_limit"):
        gain_supremum(1.0, activation=asinh_callables(tail_gains=(1.0, 1.0)))
    with pytest.raises(ValueError, match="net_limit"):
        gain_supremum(1.0, activation=asinh_callables(tail_gains=(1.0, 1.0), net_limit=1e150))
    with pytest.raises(ValueError, match="tail_gains must be two numbers"):
        asinh_callables(tail_gains=(1.0, -1.0))
    with pytest.raises(TypeError, match="tail_gains must be a tuple"):
        asinh_callables(tail_gains=1.0)
    with pytest.raises(TypeError, match="tail_gains must be real numbers"):
        asinh_callables(tail_gains=("1", 1.0))


def test_sympy_takes_the_limits():
    assert ASINH.tail_gains == (1.0, 1.0)
    t = sympy.Symbol("t")
    assert from_sympy(sympy.atan(t), t).tail_gains == (0.0, 0.0)


@functools.cache
def _unit(name):
    """Activations made from sympy, built once when a test first asks for one."""
    return from_sympy(_EXPRESSIONS[name], X)


_EXPRESSIONS = {
    "logistic": 1 / (1 + sympy.exp(-X)),
    "tanh": sympy.tanh(X),
    "atan": sympy.atan(X),
    "asinh": sympy.asinh(X),
    "erf": sympy.erf(X),
    "gauss": sympy.exp(-(X**2)),
    "xgauss": X * sympy.exp(-(X**2)),
    "algebraic": X / sympy.sqrt(1 + X**2),
    "shifted": sympy.tanh(X - 2) / 3,
}

# f' and psi = f''/f' by hand, for mpmath
_SLOPE = {
    "logistic": lambda n: mpmath.exp(-n) / (1 + mpmath.exp(-n)) ** 2,
    "tanh": lambda n: mpmath.sech(n) ** 2,
    "atan": lambda n: 1 / (1 + n**2),
    "asinh": lambda n: 1 / mpmath.sqrt(1 + n**2),
    "erf": lambda n: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-(n**2)),
    "gauss": lambda n: -2 * n * mpmath.exp(-(n**2)),
    "xgauss": lambda n: (1 - 2 * n**2) * mpmath.exp(-(n**2)),
    "algebraic": lambda n: (1 + n**2) ** mpmath.mpf(-1.5),
    "shifted": lambda n: mpmath.sech(n - 2) ** 2 / 3,
}
_RATE = {
    "logistic": lambda n: -mpmath.tanh(n / 2),
    "tanh": lambda n: -2 * mpmath.tanh(n),
    "atan": lambda n: -2 * n / (1 + n**2),
    "asinh": lambda n: -n / (1 + n**2),
    "erf": lambda n: -2 * n,
    "gauss": lambda n: 1 / n - 2 * n,
    "xgauss": lambda n: (4 * n**3 - 6 * n) / (1 - 2 * n**2),
    "algebraic": lambda n: -3 * n / (1 + n**2),
    "shifted": lambda n: -2 * mpmath.tanh(n - 2),
}


def _true_peak(name, y, c, start):
    """(w*, max gain) by mpmath at 2400 bits (a net input near 2 is resolved to far below 1e-154): the root n of 1 + (n - c) psi(n) = 0 near ``start`` (a net
    input found by hand from the asymptotics), w* = (n - c)/y, the gain |n - c| |f'(n)|/|y|."""
    with mpmath.workprec(2400):
        y_, c_ = mpmath.mpf(y), mpmath.mpf(c)
        n = mpmath.findroot(
            lambda v: 1 + (v - c_) * _RATE[name](v), mpmath.mpf(start), tol=mpmath.mpf(2) ** -2000
        )
        return (n - c_) / y_, abs(n - c_) * abs(_SLOPE[name](n)) / abs(y_)


# (unit, y, c, a start for the stationary net input): large |c| that w y cancels, so that the net input
# at the peak is far smaller than |w y|, and the float weights step over it
_FAR_PEAKS = [
    ("logistic", 1.0, 1e16, -2e-16),
    ("logistic", 1.0, 9.6173e15, -2 / 9.6173e15),
    ("tanh", 1.0, 1e16, -5e-17),
    ("atan", 0.3, 1e154, -5e-155),
    ("asinh", 0.3, -1e154, 1e-154),
    ("algebraic", 0.3, 1e154, -1 / 3e154),
    ("algebraic", 0.3, -1e154, 1 / 3e154),
    ("shifted", 1.0, -1e154, 2.0),
    ("erf", 1.0, -1e300, 5e-301),
    ("gauss", 1.0, -1e154, 0.7),
    ("atan", 1.0, -1.7e308, 1 / 3.4e308),
    ("tanh", 1.0, 1.7e308, -1 / 3.4e308),
    ("logistic", 1e-300, 745.0, -2 / 745),
    ("atan", 2.5, -1.7e308, 1 / 3.4e308),
    ("asinh", 1e300, -1.0, 1.0),
    ("algebraic", 1.7e308, -1.7e308, 1 / 5.1e308),
]


@pytest.mark.parametrize(("name", "y", "c", "start"), _FAR_PEAKS)
def test_a_far_peak_is_found_with_its_value(name, y, c, start):
    unit = _unit(name)
    w, value = _true_peak(name, y, c, start)
    w_star, got = max_gain(y, c, activation=unit)
    sup = gain_supremum(y, c, activation=unit)
    with mpmath.workprec(400):
        assert abs(got - value) <= 1e-14 * value
        assert abs(w_star - w) <= 1e-14 * abs(w)
        assert sup.attained
        assert (sup.weight, sup.value) == (w_star, got)


def test_a_peak_beyond_the_largest_weight_is_refused_not_taken_for_the_limit():
    # |w| / sqrt(1 + (w y + c)^2) peaks at w = -(c + 1/c)/y, about -1e600: the supremum sqrt(1 + c^2)/|y|
    # is reached there, beyond float64, and is not the limit 1/|y| as |w| -> inf
    with pytest.raises(ValueError, match="beyond the float range"):
        max_gain(1e-300, 1e300, activation=_unit("asinh"))
    with pytest.raises(ValueError, match="beyond the float range"):
        gain_supremum(1e-300, 1e300, activation=_unit("asinh"))


def _two_tanh():
    return act.from_callables(
        "2 tanh",
        lambda x: 2 * np.tanh(x),
        lambda x: 2 / np.cosh(x) ** 2,
        slope_max=2.0,
        slope_argmax=0.0,
        even_slope=True,
    )


@pytest.mark.parametrize(
    ("w", "y", "c", "unit", "slope"),
    [
        (1e308, 1.0, 0.0, lambda: act.affine(2.0), 2),
        (-1e308, 1.0, -1.0, lambda: act.leaky_relu(-3.0), -3),
        (1.6e308, 0.0, 0.0, lambda: _unit("erf"), None),
        (1e308, 1e-310, 0.0, _two_tanh, None),
    ],
)
def test_a_gain_beyond_the_float_range_is_refused(w, y, c, unit, slope):
    if slope is not None:  # exact: |w| |slope| is past the largest float
        assert abs(Fraction(w) * slope) > Fraction(float(np.finfo(np.float64).max))
    with pytest.raises(ValueError, match=r"exceeds the float range.*1\.798e\+308"):
        gain(w, y, c, activation=unit())


def test_a_gain_just_below_the_largest_float_is_returned():
    assert gain(8e307, 1.0, activation=act.affine(2.0)) == 1.6e308
    assert gain(-5e307, 1.0, -1.0, activation=act.leaky_relu(-3.0)) == 1.5e308


def _erf_elasticity(w, y, c):
    """w y f''/f'(w y + c) for erf, f''/f' = -2 net, in exact rationals."""
    wy = Fraction(w) * Fraction(y)
    return wy * -2 * (wy + Fraction(c))


@pytest.mark.parametrize(
    ("w", "y", "c"), [(0.5, TINY, 1e300), (0.5, TINY, 355.0), (3.0, TINY, 1e300)]
)
def test_the_elasticity_keeps_a_w_y_below_the_smallest_float(w, y, c):
    # w y = 2^-1075 (or 1.5 2^-1074) is not a float; times f''/f' it is a normal or subnormal number
    truth = float(_erf_elasticity(w, y, c))
    got = derivative_elasticity(w, y, c, activation=_unit("erf"))
    assert got != 0
    assert abs(got - truth) <= max(1e-15 * abs(truth), TINY)


def test_the_elasticity_of_an_unbounded_rate_near_zero():
    with mpmath.workprec(2400):
        w, y, c = mpmath.mpf(-0.5), mpmath.mpf(-TINY), mpmath.mpf(1e-300)
        n = w * y + c
        truth = float(w * y * _RATE["gauss"](n))
    got = derivative_elasticity(-0.5, -TINY, 1e-300, activation=_unit("gauss"))
    assert abs(got - truth) <= 1e-15 * abs(truth)


@settings(max_examples=200, deadline=None)
@given(w=_EXTREME, y=_EXTREME, c=_EXTREME)
def test_the_elasticity_of_erf_matches_exact_rationals(w, y, c):
    exact = _erf_elasticity(w, y, c)
    largest = Fraction(float(np.finfo(np.float64).max))
    wy_c = Fraction(w) * Fraction(y) + Fraction(c)
    # refused where it overflows, or f''/f' = -2 net does
    if abs(exact) > largest / 2 or 2 * abs(wy_c) > largest:
        return
    got = derivative_elasticity(w, y, c, activation=_unit("erf"))
    truth = float(exact)
    # f''/f' at the rounded net input: one rounding of the net, one of the rate, one of the product
    assert abs(got - truth) <= max(4e-16 * abs(truth), 2 * TINY)


@pytest.mark.parametrize(("y", "c"), [(1.0, 1.6e308), (-1.0, 1.7e308), (1.0, -1.7e308)])
def test_a_largest_gain_beyond_the_float_range_is_refused(y, c):
    # the peak sits near net 0, where erf' = 2/sqrt(pi): the value is about |c| 2/sqrt(pi)/|y|, past 1.8e308
    with mpmath.workprec(200):
        assert abs(mpmath.mpf(c)) * 2 / mpmath.sqrt(mpmath.pi) / abs(y) > mpmath.mpf(
            np.finfo(float).max
        )
    for search in (max_gain, gain_supremum):
        with pytest.raises(ValueError, match=r"largest gain of erf.* exceeds the float range"):
            search(y, c, activation=_unit("erf"))


@pytest.mark.parametrize(
    ("name", "y", "c", "starts"),
    [
        *(
            ("gauss", y, c, (0.75, -0.75))
            for y, c in [(1.0, 1.0), (-1.0, 1.0), (0.5, 2.0), (2.0, -3.0), (1.0, -5.0), (1e-3, 1.0)]
        ),
        ("gauss", 3.0, 0.3, (0.75, -0.75)),
        # large |c|: the humps lie closer together in w than a step of a log-spaced grid of weights
        ("gauss", 1.0, -30.0, (0.75, -0.75)),
        ("gauss", 3.0, -1000.0, (0.75, -0.75)),
        # the two peaks differ by the factor |n - c| alone, 1.4e-6 apart
        ("gauss", 1.0, 1e6, (0.75, -0.75)),
        # three humps of f' = (1 - 2x^2) e^(-x^2): the centre one wins for large |c|
        ("xgauss", 3.0, -1000.0, (0.0, 1.2, -1.2)),
        ("xgauss", 1.0, 1.0, (0.0, 1.2, -1.2)),
    ],
)
def test_the_largest_of_several_humps_is_found(name, y, c, starts):
    # |f'| of exp(-x^2) has a hump at each side of 0 (of x exp(-x^2): three): along the half-line of
    # weights that carries the net input through them the gain has a peak at each; every stationary
    # point by mpmath, the largest is the maximum
    peaks = [_true_peak(name, y, c, start) for start in starts]
    w, value = max(peaks, key=lambda peak: peak[1])
    w_star, got = max_gain(y, c, activation=_unit(name))
    with mpmath.workprec(400):
        assert abs(got - value) <= 1e-14 * value
        assert abs(w_star - w) <= 1e-14 * abs(w)
