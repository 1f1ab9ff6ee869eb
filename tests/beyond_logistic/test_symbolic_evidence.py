"""The sympy results and the evidence functions against computations written anew (mpmath, math, loops)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

from lstmnotes.beyond_logistic import evidence as ev
from lstmnotes.beyond_logistic.symbolic import (
    largest_slope,
    slope_crossing,
    stationarity_conditions,
    tail_constants,
)


def test_the_crossing_is_where_tanh_prime_is_one_quarter():
    with mpmath.workdps(40):
        x = mpmath.mpf(str(float(slope_crossing().evalf(30))))
        assert (
            abs(mpmath.sech(mpmath.mpf(slope_crossing().evalf(40))) ** 2 - mpmath.mpf(1) / 4)
            < 1e-35
        )
    assert float(slope_crossing()) == pytest.approx(math.log(2 + math.sqrt(3)), rel=1e-15)
    assert x > 0


def test_largest_slopes_and_tails():
    assert largest_slope("logistic") == sympy.Rational(1, 4)
    assert largest_slope("tanh") == 1
    tails = tail_constants()
    with mpmath.workdps(40):
        x = mpmath.mpf(60)
        assert float(tails["tanh"]) == pytest.approx(
            float(mpmath.sech(x) ** 2 * mpmath.exp(2 * x)), rel=1e-20
        )
        s = 1 / (1 + mpmath.exp(-x))
        assert float(tails["logistic"]) == pytest.approx(
            float(s * (1 - s) * mpmath.exp(x)), rel=1e-20
        )
    with pytest.raises(ValueError, match="name"):
        largest_slope("relu")


def test_the_stationarity_conditions_vanish_the_derivative():
    for row in stationarity_conditions(("logistic", "tanh")):
        assert "coth" in str(row.weight)


def test_same_weight_flow_against_a_loop():
    scan = ev.same_weight_flow(3, weights=40, w_max=6.0)
    for w, tanh, logistic in zip(scan.weights, scan.tanh, scan.logistic, strict=True):
        for f, fprime, got in (
            (math.tanh, lambda x: 1 - math.tanh(x) ** 2, tanh),
            (
                lambda x: 1 / (1 + math.exp(-x)),
                lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2,
                logistic,
            ),
        ):
            y, flow = 0.5, 1.0
            for _ in range(3):
                net = w * y
                flow *= w * fprime(net)
                y = f(net)
            assert got == pytest.approx(abs(flow), rel=1e-12)
    assert scan.first_reversal is not None
    assert scan.tanh[0] > scan.logistic[0]


def test_the_one_step_crossing_solves_cosh_w_half_equal_two_cosh_w_quarter():
    # one step from y(0) = 1/2: w tanh'(w/2) = w sigma'(w/2), i.e. cosh(w/2) = 2 cosh(w/4)
    exact = 4 * math.acosh((1 + math.sqrt(3)) / 2)
    assert ev.same_weight_flow(1, weights=200).first_reversal == pytest.approx(exact, rel=1e-14)


def test_rectified_flow_is_exact_and_the_scaled_identities_are_powers():
    r = ev.rectified_flow(np.random.default_rng(0), nets=20, steps=10)
    assert r.slopes_not_binary == 0
    assert r.worst_relative < 1e-14
    assert r.scaled[0.9] == pytest.approx(0.9**50, rel=1e-13)
    assert r.scaled[1.1] == pytest.approx(1.1**50, rel=1e-13)


def test_the_weak_bound_ratio_is_four_to_the_lag():
    r = ev.weak_bound_ratio(np.random.default_rng(0), nets=20)
    assert r.cases > 0
    assert r.exact == r.cases
    assert r.sup_ratio == 4.0


def test_slope_comparison_has_no_disagreement():
    assert ev.slope_comparison(points=1001).disagreements == 0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: ev.weak_bound_ratio(np.random.default_rng(0), nets=ev.MAX_NETS + 1), "nets"),
        (lambda: ev.weak_bound_ratio(0), "rng"),
        (lambda: ev.rectified_flow(np.random.default_rng(0), steps=201), "steps"),
        (lambda: ev.same_weight_flow(1001), "steps"),
        (lambda: ev.same_weight_flow("3"), "steps"),
        (lambda: ev.same_weight_flow(3, weights=20_001), "weights"),
        (lambda: ev.slope_comparison(points=2), "points"),
    ],
)
def test_bad_arguments_are_refused_by_name(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
