"""Where the gain reaches a level: the contour, the interval above it and the threshold, against mpmath."""

from __future__ import annotations

from collections.abc import Iterator

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.local_gain._levels import gain_contour, gain_interval, gain_threshold
from lstmnotes.local_gain._unit import GAIN_CONSTANT, gain, max_gain


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


# -- where the gain exceeds a level ---------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(y=st.floats(1e-6, 0.22), level=st.sampled_from([1.0, 0.5, 2.0]))
def test_gain_interval_ends_are_level_crossings(y, level):
    if y * level >= GAIN_CONSTANT:
        return
    inner, outer = gain_interval(y, level)
    assert 4 * level < inner < outer
    assert float(reference_gain(inner, y, 0.0)) == pytest.approx(level, rel=1e-9)
    assert float(reference_gain(outer, y, 0.0)) == pytest.approx(level, rel=1e-9)
    assert reference_gain(np.sqrt(inner * outer), y, 0.0) > level
    assert reference_gain(inner * 0.999, y, 0.0) < level
    assert reference_gain(outer * 1.001, y, 0.0) < level
    # the sign of y does not matter for c = 0
    assert gain_interval(-y, level) == (inner, outer)


def test_gain_interval_is_empty_when_y_is_large():
    inner, outer = gain_interval([0.3, -1.0, 5.0])
    np.testing.assert_array_equal(inner, outer)
    w = np.linspace(-100, 100, 100_001)
    for y in (0.3, -1.0, 5.0):
        assert reference_gain(w, y, 0.0).max() < 1


def test_gain_interval_tends_to_four_as_y_vanishes():
    inner, outer = gain_interval([1e-3, 1e-6, 1e-12])
    np.testing.assert_allclose(inner, 4.0, rtol=1e-2)
    assert np.all(np.diff(inner) < 0)
    assert np.all(np.diff(outer) > 0)


def test_gain_interval_refuses_bad_input():
    with pytest.raises(ValueError, match="y must be nonzero"):
        gain_interval(0.0)
    with pytest.raises(ValueError, match="level must be positive"):
        gain_interval(0.1, level=0.0)


def test_gain_contour_lies_on_the_level_set():
    x = np.linspace(0.0, 30.0, 301)
    for level in (1.0, 0.25, 3.0):
        w, y = gain_contour(x, level)
        np.testing.assert_allclose(reference_gain(w, y, 0.0), level, rtol=1e-13)
    w, y = gain_contour(x)
    assert y.max() <= GAIN_CONSTANT
    assert w.min() == 4.0


def test_gain_contour_refuses_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        gain_contour(-1.0)
    with pytest.raises(ValueError, match="at most 700"):
        gain_contour(701.0)
    with pytest.raises(ValueError, match="level must be positive"):
        gain_contour(1.0, level=-1.0)


# -- the threshold: the smallest |w| whose gain reaches a level ---------------------------------------------


def test_threshold_matches_the_newton_solver_for_zero_offset():
    ys = np.array([0.2, 0.1, 0.01, -0.05])
    assert np.allclose(gain_threshold(ys), gain_interval(ys)[0], rtol=1e-13)


def test_threshold_is_four_exactly_when_the_offset_cancels():
    for y in (0.01, -0.3, 2.0):
        assert gain_threshold(y, -4 * y) == 4.0
        assert gain_threshold(y, 4 * y) == 4.0


@settings(max_examples=60, deadline=None)
@given(nonzero_y, offsets)
def test_threshold_is_never_below_four_and_reaches_one(y, c):
    t = gain_threshold(y, c)
    assert t >= 4.0
    if np.isfinite(t):
        assert gain(t, y, c) == pytest.approx(1.0, rel=1e-9) or gain(-t, y, c) == pytest.approx(
            1.0, rel=1e-9
        )
        inside = np.linspace(-t, t, 2001)[1:-1]
        assert np.all(gain(inside, y, c) < 1 + 1e-12)
    else:
        assert max_gain(y, c)[1] < 1


def test_threshold_against_mpmath_with_an_offset():
    y, c = 0.3, 0.5
    slope = lambda n: mpmath.exp(-n) / (1 + mpmath.exp(-n)) ** 2
    candidates = []
    for a in (y, -y):  # the half-lines w > 0 and w < 0: w = r s with a = s y

        def log_slope(r, a=a):
            return 1 / r - a * mpmath.tanh((r * a + c) / 2)

        def excess(r, a=a):
            return r * slope(r * a + c) - 1

        peak = mpmath.findroot(log_slope, 3)
        if excess(peak) >= 0:
            candidates.append(mpmath.findroot(excess, (4, peak), solver="bisect"))
    assert gain_threshold(y, c) == pytest.approx(float(min(candidates)), rel=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.0,), "y must be nonzero"),
        ((0.1, np.nan), "c must be finite"),
        ((0.1, 0.0, 0.0), "level"),
    ],
)
def test_threshold_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        gain_threshold(*args)
