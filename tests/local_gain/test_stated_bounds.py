"""The accuracies the rows state as numbers, each checked across its domain against an independent oracle:
the grid search's shortfall from the peak, the contour of another activation given its f', and the
constants x* and K of an even slope."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from _scaled_tanh import scaled_tanh
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes.activations.symbolic_activation import from_sympy
from lstmnotes.local_gain import (
    MAX_GRID_POINTS,
    brute_force_max_gain,
    gain_argmax,
    gain_constant,
    gain_contour,
)

LARGEST = 1.7976931348623157e308
TINY = 2.0**-1074


@pytest.fixture(autouse=True)
def _precision() -> Iterator[None]:
    """The oracles work at 200 bits inside each test only, whatever other modules use."""
    with mpmath.workprec(200):
        yield


# --- brute_force_max_gain: the best grid weight against the peak over all real weights -----------------

# the row's numbers: the grid term (4 + |c|) h^2 / (64 |y|), h = 2 (2 + |c|)/(points - 1) the grid step in
# the net input; the rounding of the gains compared, (2e-14 + 2^-50 |c|) of the peak; 2^-1072 absolute
GRID_DIVISOR = 64
ROUNDING = 2e-14
ROUNDING_PER_OFFSET = 2.0**-50
ABSOLUTE = 2.0**-1072
ABOVE = 1e-14  # the returned gain's own rounding, above the peak
ABOVE_ABSOLUTE = 2.0**-1073


def logistic_peak(y: float, c: float) -> mpmath.mpf:
    """The largest gain over all real weights, sigma'(m) (m + |c|)/|y| with (m + |c|) tanh(m/2) = 1, the
    offset m bisected on [0, 2] (the left side increases in m) to far below the precision needed."""
    a = abs(mpmath.mpf(c))
    lo, hi = mpmath.mpf(0), mpmath.mpf(2)
    for _ in range(240):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (mid + a) * mpmath.tanh(mid / 2) < 1 else (lo, mid)
    m = (lo + hi) / 2
    e = mpmath.exp(-m)
    return e / (1 + e) ** 2 * (m + a) / abs(mpmath.mpf(y))


def grid_shortfall_bound(
    y: float, c: float, points: int, divisor: int = GRID_DIVISOR
) -> mpmath.mpf:
    a = abs(mpmath.mpf(c))
    h = 2 * (2 + a) / (points - 1)
    return (4 + a) * h**2 / (divisor * abs(mpmath.mpf(y)))


def _scaled(smallest: float, u: float) -> float:
    """``smallest`` times 2^u, at most the largest float."""
    try:
        return min(smallest * 2.0 ** (u % 1.0) * 2.0 ** math.floor(u), LARGEST)
    except OverflowError:
        return LARGEST


offsets_for_grid = st.one_of(
    st.just(0.0),
    st.floats(-3.0, 3.0),
    st.floats(-1e4, 1e4),
    st.floats(10.0, 1e4).map(lambda v: -v),  # where the bound is nearly reached
    st.builds(
        lambda m, e, s: s * math.ldexp(m, e),
        st.floats(0.5, 1.0, exclude_max=True),
        st.integers(-1074, 1024),
        st.sampled_from([1.0, -1.0]),
    ),
    st.sampled_from([1e17, -4.5e15, 1e300, -1.7e308]),
)
grid_sizes = st.one_of(
    st.integers(3, 40),
    st.integers(3, 20_001),
    st.integers(1_000, 20_001),
    st.sampled_from([100_003, 200_001]),
)


@settings(max_examples=300, deadline=None)
@given(c=offsets_for_grid, points=grid_sizes, data=st.data())
def test_brute_force_max_gain_within_its_stated_shortfall(c, points, data):
    # |y| from the smallest the reach (2 + |c|)/|y| <= largest/2 allows to the largest float
    smallest = (2.0 + abs(c)) / (LARGEST / 2)
    while not (2.0 + abs(c)) / smallest <= LARGEST / 2:
        smallest = math.nextafter(smallest, math.inf)
    span = math.log2(LARGEST) - math.log2(smallest)
    magnitude = data.draw(
        st.one_of(
            st.floats(smallest, LARGEST),
            st.floats(0.0, span).map(lambda u: _scaled(smallest, u)),
            st.sampled_from([smallest, max(smallest, 1.0), LARGEST]),
        )
    )
    y = magnitude * data.draw(st.sampled_from([1.0, -1.0]))
    w, value = brute_force_max_gain(y, c, points)
    assert abs(w) <= (2.0 + abs(c)) / abs(y) * (1 + 2.0**-50)
    peak = logistic_peak(y, c)
    assert value <= peak * (1 + ABOVE) + ABOVE_ABSOLUTE, (y, c, points)
    allowed = (
        grid_shortfall_bound(y, c, points)
        + (ROUNDING + ROUNDING_PER_OFFSET * abs(c)) * peak
        + ABSOLUTE
    )
    assert peak - mpmath.mpf(value) <= allowed, (y, c, points, (peak - value) / allowed)


@pytest.mark.parametrize(
    ("y", "c", "points"),
    [
        (1.0, 0.0, MAX_GRID_POINTS),  # the grid term shrinks to 2e-13 of the peak: rounding shows
        (-3e-300, 0.25, MAX_GRID_POINTS - 1),
        (5e307, -1.5, 1_000_001),  # a subnormal peak
    ],
)
def test_brute_force_max_gain_at_the_finest_grids(y, c, points):
    peak = logistic_peak(y, c)
    _, value = brute_force_max_gain(y, c, points)
    assert value <= peak * (1 + ABOVE) + ABOVE_ABSOLUTE
    allowed = (
        grid_shortfall_bound(y, c, points)
        + (ROUNDING + ROUNDING_PER_OFFSET * abs(c)) * peak
        + ABSOLUTE
    )
    assert peak - mpmath.mpf(value) <= allowed


def test_brute_force_max_gain_with_a_reach_near_half_the_float_range():
    # reach (2 + |c|)/|y| = 8.99e307: numpy's linspace(-reach, reach) overflowed forming its last point,
    # and the warning leaked
    y, c, points = 4.172013484701003e-308, 1.75, 7
    w, value = brute_force_max_gain(y, c, points)
    assert abs(w) <= (2.0 + abs(c)) / y
    peak = logistic_peak(y, c)
    assert 0 <= peak - mpmath.mpf(value) <= grid_shortfall_bound(y, c, points) + ROUNDING * peak


def test_brute_force_max_gain_shortfall_comes_near_its_bound():
    # the bound is not loose where |c| is large: the gain's curvature at the peak is nearly |c|/(8|y|), and a
    # peak near half way between two grid weights loses most of (4 + |c|) h^2/(64|y|): here 0.91 of it, so
    # half the bound fails
    for y in (1.0, -3e-200):
        peak = logistic_peak(y, 50.0)
        shortfall = peak - mpmath.mpf(brute_force_max_gain(y, 50.0, 1089)[1])
        assert grid_shortfall_bound(y, 50.0, 1089, 2 * GRID_DIVISOR) < shortfall
        assert shortfall <= grid_shortfall_bound(y, 50.0, 1089)


# --- gain_contour for another activation: w = level/f'(x), y = x f'(x)/level, given f'(x) as computed ----

# the row: relative to level/f'(x) and x f'(x)/level with f'(x) as computed, plus one unit of 2^-1074
CONTOUR_GIVEN_SLOPE = 2.0**-52
CONTOUR_NAMED = 1e-14  # the row: tanh and the cell's g and h, against their exact f'(x), likewise

_T = sympy.Symbol("t")
CONTOUR_UNITS = {
    "tanh": act.TANH,
    "cell_g": act.CELL_G,
    "cell_h": act.CELL_H,
    "atan": from_sympy(sympy.atan(_T), _T),
    "algebraic": from_sympy(_T / sympy.sqrt(1 + _T**2), _T),
}


def _exact_slope(name: str, x: float) -> mpmath.mpf | None:
    """f'(x) written anew for the named units, None for the others."""
    x_ = mpmath.mpf(x)
    if name == "tanh":
        return mpmath.sech(x_) ** 2
    if name in ("cell_g", "cell_h"):
        e = mpmath.exp(-abs(x_))
        return (4 if name == "cell_g" else 2) * e / (1 + e) ** 2
    return None


def _contour_unit(name: str, scale: float) -> act.Activation:
    if name == "affine":
        return act.affine(scale)
    if name == "scaled tanh":  # a reader's callables, |f'| up to scale
        return act.from_callables(
            "scaled tanh",
            lambda x: scale * np.tanh(x),
            lambda x: scale * (1 - np.tanh(x) ** 2),
            slope_max=scale,
            slope_argmax=0.0,
            even_slope=True,
            net_limit=LARGEST,
        )
    return CONTOUR_UNITS[name]


def _within(got: float, exact: Fraction, rel: float) -> bool:
    """``got`` within ``rel`` of ``exact`` relatively, plus one unit of 2^-1074."""
    return abs(Fraction(got) - exact) <= Fraction(rel) * exact + Fraction(TINY)


contour_x = st.one_of(
    st.floats(0.0, 40.0),
    st.floats(0.0, 800.0),
    st.floats(0.0, LARGEST),
    st.builds(math.ldexp, st.floats(0.5, 1.0), st.integers(-1074, 1023)),
)
positive_floats = st.builds(
    math.ldexp, st.floats(0.5, 1.0, exclude_max=True), st.integers(-1073, 1024)
).filter(lambda v: 0 < v <= LARGEST)


@settings(max_examples=400, deadline=None)
@given(
    name=st.sampled_from([*CONTOUR_UNITS, "affine", "scaled tanh"]),
    scale=positive_floats,
    x=contour_x,
    level=positive_floats,
)
def test_gain_contour_of_another_activation_within_its_stated_bound(name, scale, x, level):
    unit = _contour_unit(name, scale)
    with np.errstate(all="ignore"):  # f'(x) as gain_contour computes it, for a 0-d array x
        slope = abs(
            float(np.asarray(unit.fprime(np.asarray(x, dtype=np.float64)), dtype=np.float64))
        )
    if not slope >= 2.0**-1022:  # 0, subnormal or not a number: refused, naming x
        with pytest.raises(ValueError, match="not a normal float"):
            gain_contour(x, level, activation=unit)
        return
    w_exact = Fraction(level) / Fraction(slope)
    y_exact = Fraction(x) * Fraction(slope) / Fraction(level)
    if max(w_exact, y_exact) > Fraction(LARGEST) * (1 - Fraction(2.0**-51)):
        try:  # at the top a refusal and the largest float are both right
            w, y = gain_contour(x, level, activation=unit)
        except ValueError as err:
            assert "level is too" in str(err)  # noqa: PT017
            return
    else:
        w, y = gain_contour(x, level, activation=unit)
    assert _within(w, w_exact, CONTOUR_GIVEN_SLOPE), (name, scale, x, level, w, float(w_exact))
    assert _within(y, y_exact, CONTOUR_GIVEN_SLOPE), (name, scale, x, level, y, float(y_exact))
    exact = _exact_slope(name, x)
    if exact is not None:  # against the exact f'(x): 1e-14 relative, plus one unit of 2^-1074
        for got, truth in ((w, level / exact), (y, mpmath.mpf(x) * exact / level)):
            assert abs(got - truth) <= CONTOUR_NAMED * truth + TINY, (name, x, level)


def test_gain_contour_where_x_f_prime_exceeds_the_floats_but_y_does_not():
    # x f'(x) = 1e310 overflows, and y = x f'(x)/level = 1e290 does not: it was refused as "level too small"
    w, y = gain_contour(1e300, 1e20, activation=act.affine(1e10))
    assert w == 1e10
    assert Fraction(y) == pytest.approx(Fraction(10**290), rel=2.0**-52)


# --- gain_argmax and gain_constant: a tanh(b x), whose x* = X/b and K = a X sech(X)^2 with 2 X tanh X = 1 --

CONSTANTS_REL = 1e-14  # the rows of gain_argmax and gain_constant (K and f'(x*) normal floats)
SUBNORMAL_UNITS = 8  # gain_constant's row elsewhere: within 8 max(x*, 1) 2^-1074

with mpmath.workprec(300):
    _X = mpmath.findroot(lambda x: 1 - 2 * x * mpmath.tanh(x), mpmath.mpf("0.77"))


def _power_of_ten(low: int, high: int) -> st.SearchStrategy[float]:
    return st.builds(
        math.ldexp,
        st.floats(0.5, 1.0, exclude_max=True),
        st.integers(int(low * 3.33), int(high * 3.33)),
    )


@settings(max_examples=40, deadline=None)
@given(a=_power_of_ten(-320, 300), b=_power_of_ten(-300, 300))
def test_gain_argmax_and_gain_constant_within_their_stated_bounds(a, b):
    if not (a * b > 0 and mpmath.mpf(a) * mpmath.mpf(b) * max(b, 1) <= LARGEST / 8):
        return  # f' (up to a b) or f'' (up to 0.8 a b^2) beyond the floats: not an activation of float64
    unit = scaled_tanh(a, b)
    x_star = _X / mpmath.mpf(b)
    sech2 = 1 / mpmath.cosh(_X) ** 2
    peak, slope_there = mpmath.mpf(a) * _X * sech2, mpmath.mpf(a) * mpmath.mpf(b) * sech2
    normal = min(peak, slope_there) >= 2.0**-1022
    if normal:
        assert abs(gain_argmax(unit) - x_star) <= CONSTANTS_REL * x_star, (a, b)
        assert abs(gain_constant(unit) - peak) <= CONSTANTS_REL * peak, (a, b)
    else:  # refused: the subnormal values place x* too coarsely (or make the gain look many-peaked)
        with pytest.raises(ValueError, match=r"below 2\^-1022|more than one peak"):
            gain_argmax(unit)
        allowed = SUBNORMAL_UNITS * max(x_star, 1) * mpmath.mpf(2) ** -1074
        try:
            got = gain_constant(unit)
        except ValueError as err:
            # the peak search's refusal where f'(x*) is subnormal (as max_gain's, and stated there)
            assert slope_there < 2.0**-1022
            assert "more than one peak" in str(err)  # noqa: PT017
            return
        assert abs(got - peak) <= allowed, (a, b)
