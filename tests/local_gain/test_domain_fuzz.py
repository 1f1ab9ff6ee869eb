"""Fuzz tests of the local gain over the whole float64 range, against an mpmath oracle at 60 digits."""

from __future__ import annotations

import math
from collections.abc import Iterator

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.local_gain import (
    GAIN_CONSTANT,
    derivative_elasticity,
    gain,
    gain_interval,
    gain_tail,
    max_gain,
)


@pytest.fixture(autouse=True)
def _mpmath_precision() -> Iterator[None]:
    """The oracle works at 60 digits inside each test only, whatever other modules use."""
    with mpmath.workdps(60):
        yield


TINY = 2.0**-1074
GAIN_TOL = 1e-14  # the DOMAIN rows state these
MAX_TOL = 1e-14
INTERVAL_TOL = 1e-12

# every finite float64, with the edges (subnormals, +-745, +-1e308) drawn often
edges = st.sampled_from(
    [0.0, TINY, 1e-310, 1e-300, 1.0, 2.0, 745.0, 1e10, 1e300, 1e308, 1.7976931348623157e308]
)
magnitudes = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False), edges, edges.map(lambda v: -v)
)


def close(got: float, exact: mpmath.mpf, rel: float) -> bool:
    """``got`` within ``rel`` of ``exact`` relatively, or within two subnormal units where exact is tiny."""
    err = abs(mpmath.mpf(got) - exact)
    return bool(err <= rel * abs(exact) or err <= 2 * TINY)


def exact_slope(net: mpmath.mpf) -> mpmath.mpf:
    e = mpmath.exp(-abs(net))
    return e / (1 + e) ** 2


@settings(max_examples=400, deadline=None)
@given(magnitudes, magnitudes, magnitudes)
def test_gain_against_mpmath(w, y, c):
    net = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
    exact = abs(mpmath.mpf(w)) * exact_slope(net)
    assert close(gain(w, y, c), exact, GAIN_TOL), (w, y, c, gain(w, y, c), exact)


@settings(max_examples=400, deadline=None)
@given(magnitudes, magnitudes, magnitudes)
def test_gain_tail_against_mpmath(w, y, c):
    net = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
    exact = abs(mpmath.mpf(w)) * mpmath.exp(-abs(net))
    assert close(gain_tail(w, y, c), exact, GAIN_TOL)


@settings(max_examples=300, deadline=None)
@given(magnitudes, magnitudes, magnitudes)
def test_elasticity_against_mpmath(w, y, c):
    wy = mpmath.mpf(w) * mpmath.mpf(y)
    exact = -wy * mpmath.tanh((wy + mpmath.mpf(c)) / 2)
    if abs(exact) > 1.7976931348623157e308:
        return  # refused: checked by the limit tests
    try:
        got = derivative_elasticity(w, y, c)
    except ValueError:
        assert abs(exact) > 1e308
        return
    assert close(got, exact, GAIN_TOL)


def exact_max(y: float, c: float) -> tuple[mpmath.mpf, mpmath.mpf]:
    """An independent maximiser: the stationary |net| = m from mpmath's root finder, then the value."""
    a = abs(mpmath.mpf(c))
    m = mpmath.findroot(
        lambda m: (m + a) * mpmath.tanh(m / 2) - 1, 2 / (a / 2 + mpmath.sqrt(a**2 / 4 + 2))
    )
    w_abs = (m + a) / abs(mpmath.mpf(y))
    return w_abs, w_abs * exact_slope(m)


@settings(max_examples=300, deadline=None)
@given(magnitudes.filter(lambda v: v != 0), magnitudes)
def test_max_gain_against_mpmath(y, c):
    w_abs, value = exact_max(y, c)
    if w_abs > 1.7976931348623157e308:
        return
    w_star, got = max_gain(y, c)
    assert close(abs(w_star), w_abs, MAX_TOL), (y, c, w_star, w_abs)
    assert close(got, value, MAX_TOL), (y, c, got, value)
    # no weight does better: the gain at the (rounded) maximiser stays below the exact maximum
    assert mpmath.mpf(gain(w_star, y, c)) <= value * (1 + 1e-14) + TINY


@settings(max_examples=200, deadline=None)
@given(magnitudes.filter(lambda v: v != 0), st.floats(min_value=1e-300, max_value=1e300))
def test_gain_interval_against_mpmath(y, level):
    s, g = abs(mpmath.mpf(y)), mpmath.mpf(level)
    if s * g >= 0.99 * GAIN_CONSTANT:
        return
    x_star = mpmath.mpf("1.5434046384182084")

    def h(x):
        return mpmath.log(x) + mpmath.log(exact_slope(x)) - mpmath.log(s * g)

    x1 = (
        mpmath.findroot(h, (mpmath.mpf(0) + 4 * s * g * 0.5, x_star), solver="anderson")
        if 4 * s * g > 1e-30
        else 4 * s * g
    )
    x2 = mpmath.findroot(
        h, (x_star, 2 * x_star + 2 * abs(mpmath.log(s * g)) + 10), solver="anderson"
    )
    inner_exact, outer_exact = x1 / s, x2 / s
    if outer_exact > 1.7976931348623157e308 or inner_exact > 1.7976931348623157e308:
        return
    inner, outer = gain_interval(y, level)
    assert close(inner, inner_exact, INTERVAL_TOL), (y, level, inner, inner_exact)
    assert close(outer, outer_exact, INTERVAL_TOL), (y, level, outer, outer_exact)


@settings(max_examples=60, deadline=None)
@given(
    magnitudes.filter(lambda v: v != 0), magnitudes, st.floats(min_value=1e-300, max_value=1e300)
)
def test_gain_threshold_against_mpmath(y, c, level):
    from lstmnotes.local_gain import gain_threshold

    r = gain_threshold(y, c, level)

    def best(radius: float) -> mpmath.mpf:
        net = [s * mpmath.mpf(radius) * mpmath.mpf(y) + mpmath.mpf(c) for s in (1, -1)]
        return max(mpmath.mpf(radius) * exact_slope(n) for n in net)

    g = mpmath.mpf(level)
    if math.isinf(r):  # no float weight reaches it: not the floats around the maximiser either
        w_abs, _ = exact_max(y, c)
        if w_abs > 1e308:
            return
        nearest = float(w_abs)
        around = [nearest, math.nextafter(nearest, 0), math.nextafter(nearest, math.inf)]
        assert all(best(v) < g * (1 + 1e-12) for v in around), (y, c, level)
        return
    assert best(r) >= g * (1 - 1e-12), (y, c, level, r)
    below = r * (1 - 1e-12)
    if below > 0:
        assert best(below) <= g * (1 + 1e-12), (y, c, level, r)
