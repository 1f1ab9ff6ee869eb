"""gain_contour, lag_contributions and descend_weight over the whole float64 range, against mpmath."""

from __future__ import annotations

import itertools
import math
import sys

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstmnotes.local_gain import descend_weight, gain_contour, lag_contributions
from lstmnotes.net import error_signals, run_net

TINY = 2.0**-1074
LARGEST = sys.float_info.max
U = 2.0**-53

edges = st.sampled_from(
    [0.0, TINY, 1e-310, 1e-300, 1.0, 2.0, 700.0, 745.0, 1e10, 1e300, 1e308, LARGEST]
)
magnitudes = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    edges,
    edges.map(lambda v: -v),
    st.builds(
        lambda m, e, sign: sign * math.ldexp(m, e),
        st.floats(0.5, 1.0, exclude_max=True),
        st.integers(-1074, 1024),
        st.sampled_from([1, -1]),
    ),
)
positive = magnitudes.map(abs).filter(lambda v: v > 0)


def _slope(x):
    """The logistic's derivative e^-|x| / (1 + e^-|x|)^2, at the working precision."""
    e = mpmath.exp(-abs(x))
    return e / (1 + e) ** 2


def _logistic(x):
    return 1 / (1 + mpmath.exp(-x))


# --- gain_contour: w = level / f'(x), y = x f'(x) / level ---------------------------------------------


@settings(max_examples=300, deadline=None)
@given(x=st.one_of(st.floats(0.0, 700.0), positive.filter(lambda v: v <= 700)), level=positive)
def test_gain_contour_against_mpmath(x, level):
    with mpmath.workprec(200):
        slope = _slope(mpmath.mpf(x))
        w, y = level / slope, mpmath.mpf(x) * slope / level
        if max(w, y) > LARGEST * (1 - 1e-14):
            with pytest.raises(ValueError, match="level"):
                gain_contour(x, level)
            return
        got_w, got_y = gain_contour(x, level)
        for got, exact in (
            (got_w, w),
            (got_y, y),
        ):  # the DOMAIN row: 1e-14 relative, one subnormal ulp
            assert abs(mpmath.mpf(got) - exact) <= 1e-14 * exact + TINY


def test_gain_contour_at_a_subnormal_product():
    # x f'(x) = 5e-324 / 4 underflows to zero, but y = x f'(x) / 1e-310 is 2^-1074 / 4e-310, a normal float
    exact = mpmath.mpf(2) ** -1074 * mpmath.mpf("0.25") / mpmath.mpf(1e-310)
    assert gain_contour(TINY, 1e-310)[1] == pytest.approx(float(exact), rel=1e-15)


# --- descend_weight: each step against the exact update of the weight before it ---------------------


def _exact_step(w, x, goal, alpha):
    w, x = mpmath.mpf(w), mpmath.mpf(x)
    net = w * x
    return alpha * (goal - _logistic(net)) * _slope(net) * x, alpha * _slope(net) * abs(x)


@settings(max_examples=300, deadline=None)
@given(
    w0=magnitudes,
    x=magnitudes.filter(lambda v: v != 0),
    target=st.floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    alpha=positive,
)
def test_descend_weight_against_mpmath(w0, x, target, alpha):
    with mpmath.workprec(200):
        try:
            weights = descend_weight(w0, x, target, alpha, 3)
        except ValueError as err:
            assert "leaves the float range" in str(err)  # noqa: PT017
            weights = [w0]
            while True:  # the refused step is one whose exact update leaves the float range
                try:
                    weights = descend_weight(w0, x, target, alpha, len(weights))
                except ValueError:
                    break
            step, _ = _exact_step(weights[-1], x, mpmath.mpf(target), alpha)
            assert abs(weights[-1] + step) > LARGEST * (1 - 1e-14)
            return
        for before, after in itertools.pairwise(weights):
            step, size = _exact_step(before, x, mpmath.mpf(target), alpha)
            exact = before + step
            # the DOMAIN row: 8 ulps of the step, one rounding of the sum, 2^-52 of alpha f' |x| for d - y
            tolerance = 8 * U * abs(step) + U * abs(exact) + 2 * U * size + TINY
            assert abs(mpmath.mpf(after) - exact) <= tolerance, (before, after, exact)


def test_descend_weight_with_a_step_that_underflows_as_a_plain_product():
    # net = 690: f' = e^-690 (4e-300), alpha (d - y) f' = 1e-300 * -0.5 * e^-690 underflows, times x = 1e300
    w0, x, alpha = 6.9e-298, 1e300, 1e-300
    with mpmath.workprec(200):
        step, _ = _exact_step(w0, x, mpmath.mpf("0.5"), alpha)
        exact = float(w0 + step)
    assert exact != w0
    assert descend_weight(w0, x, 0.5, alpha, 1)[1] == pytest.approx(exact, rel=4 * U)


def test_descend_weight_far_out_on_the_logistic_tail():
    # net = 800: f' = e^-800 (about 3.7e-348) is below every float; the step 1e300 * 0.5 * f' * 1e100 is not
    w0, x, alpha = 8e-98, 1e100, 1e300
    with mpmath.workprec(200):
        step, _ = _exact_step(w0, x, mpmath.mpf("0.5"), alpha)
        exact = float(w0 + step)
    assert descend_weight(w0, x, 0.5, alpha, 1)[1] == pytest.approx(exact, rel=4 * U)


# --- lag_contributions: alpha |theta(s)| |y(s - 1)|, given the error signals -------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=st.integers(1, 3), steps=st.integers(1, 4), alpha=positive)
def test_lag_contributions_against_mpmath(data, n, steps, alpha):
    W = np.array([[data.draw(magnitudes) for _ in range(n)] for _ in range(n)])
    y0 = np.array([data.draw(magnitudes) for _ in range(n)])
    theta = np.array([data.draw(magnitudes) for _ in range(n)])
    activation = data.draw(st.sampled_from(["identity", "logistic", "tanh"]))
    try:
        run = run_net(W, y0, steps, activation)
        signals = error_signals(run, steps, theta)
    except ValueError:  # a run or a signal beyond the float range: the net part refuses it
        assume(False)
    with mpmath.workprec(200):
        exact = [
            alpha
            * mpmath.sqrt(mpmath.fsum(mpmath.mpf(v) ** 2 for v in signals[s]))
            * mpmath.sqrt(mpmath.fsum(mpmath.mpf(v) ** 2 for v in run.activations[s]))
            for s in range(steps)
        ][::-1]
        if max(exact) > LARGEST * (1 + 1e-14):  # beyond float64 by more than rounding: refused
            with pytest.raises(ValueError, match="learning_rate"):
                lag_contributions(run, steps, theta, alpha)
            return
        try:
            got = lag_contributions(run, steps, theta, alpha)
        except ValueError:  # near the largest float64 a refusal is as right as a value
            assert max(exact) > LARGEST * (1 - 1e-14)
            return
        for value, truth in zip(got, exact, strict=True):  # the DOMAIN row: 1e-14 relative
            assert abs(mpmath.mpf(value) - truth) <= 1e-14 * truth + TINY
