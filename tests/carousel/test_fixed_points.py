"""The lone logistic unit's held activations: fixed points, their factors, against scipy and plain iteration."""

from __future__ import annotations

import itertools

import mpmath
import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from lstmnotes import carousel


def test_best_logistic_fixed_point_factor_against_scipy_and_brute_force():
    y, w, factor = carousel.logistic_best_fixed_point_factor()
    assert float(1 / (1 + mpmath.exp(-w * y))) == pytest.approx(y, rel=1e-12)  # a fixed point
    assert factor == pytest.approx(w * y * (1 - y), rel=1e-12)
    ref = minimize_scalar(
        lambda v: -np.log(v / (1 - v)) * (1 - v), bounds=(0.5, 0.999), method="bounded",
        options={"xatol": 1e-12},
    )  # fmt: skip
    assert factor == pytest.approx(-ref.fun, rel=1e-9)
    # brute force: iterate y <- sigma(w y) to its fixed point on a grid of positive weights
    best = 0.0
    for weight in np.linspace(0.05, 12.0, 600):
        value = 0.5
        for _ in range(3000):
            value = 1 / (1 + np.exp(-weight * value))
        best = max(best, weight * value * (1 - value))
    assert best <= factor + 1e-9
    assert best > factor - 1e-4


def test_a_lone_logistic_unit_with_a_negative_weight_keeps_its_error_size():
    # the reader's case: w = -5.869586, y(0) = 0.2178117; |flow| stays one over 10,000 steps
    run = carousel.run_self_unit(-5.869586, 0.2178117, 10_000, activation="logistic")
    flow = carousel.self_unit_flow(run)
    assert np.max(np.abs(np.abs(flow) - 1.0)) < 1e-4
    assert np.all(np.sign(flow[1:]) == -np.sign(flow[:-1]))
    point = carousel.logistic_neutral_fixed_point()
    assert point.weight == pytest.approx(-5.869586, abs=1e-6)
    assert point.activation == pytest.approx(0.2178117, abs=1e-7)
    assert point.factor == pytest.approx(-1.0, abs=1e-12)


def test_a_biased_logistic_unit_holds_one_half_with_factor_one():
    w, b = carousel.unit_factor_bias(0.5)
    assert (w, b) == (4.0, -2.0)
    run = carousel.run_self_unit(w, 0.5, 1000, activation="logistic", inputs=np.full(1000, b))
    assert np.all(carousel.self_unit_flow(run) == 1.0)


def test_logistic_fixed_points_agree_with_a_dense_scan():
    for w, b in [(1.0, 0.0), (-5.0, 0.0), (8.0, -4.0), (12.0, -6.0)]:
        points = carousel.logistic_fixed_points(w, b)
        for p in points:
            assert 1 / (1 + np.exp(-(w * p.activation + b))) == pytest.approx(
                p.activation, abs=1e-12
            )
            assert p.factor == pytest.approx(w * p.activation * (1 - p.activation), abs=1e-9)
    assert len(carousel.logistic_fixed_points(12.0, -6.0)) == 3


def _mp_logistic_root_count(w, b):
    """Roots of w sigma(n) + b - n: its sign changes at 400 bits across b, b + w and the exact critical nets
    +-2 arcosh(sqrt(w)/2), where it turns."""
    with mpmath.workprec(400):
        w_, b_ = mpmath.mpf(w), mpmath.mpf(b)
        lo, hi = sorted((b_, b_ + w_))
        nets = [lo]
        if w_ > 4:
            c = 2 * mpmath.acosh(mpmath.sqrt(w_) / 2)
            nets += [x for x in (-c, c) if lo < x < hi]
        nets.append(hi)
        values = [w_ / (1 + mpmath.exp(-x)) + b_ - x for x in nets]
        return sum(1 for u, v in itertools.pairwise(values) if u * v < 0) + sum(
            v == 0 for v in values
        )


@pytest.mark.parametrize(
    ("w", "b"),
    [
        (
            8283.586662613416,
            -10.02191059017021,
        ),  # a tangent point at y = 1.2e-4 was reported: min F +5.3e-17
        (5.220407028268144, -2.817152762074491),  # F's max at the critical net is -2.3e-16
    ],
)
def test_no_root_is_reported_where_the_extremum_misses_zero(w, b):
    assert len(carousel.logistic_fixed_points(w, b)) == _mp_logistic_root_count(w, b) == 1


def _mp_roots(w, b, guesses):
    """The roots of w sigma(n) + b - n near ``guesses``, at 200 bits (mpmath's Newton iteration)."""
    with mpmath.workprec(200):
        w_, b_ = mpmath.mpf(w), mpmath.mpf(b)
        return [
            mpmath.findroot(lambda n: w_ / (1 + mpmath.exp(-n)) + b_ - n, mpmath.mpf(g))
            for g in guesses
        ]


@pytest.mark.parametrize(("w", "b"), [(1e-20, 0.1), (1e-17, 0.3), (-1e-20, -0.1), (1e-30, -0.7)])
def test_a_weight_below_an_ulp_of_the_bias_still_has_its_fixed_point(w, b):
    # F falls (w <= 4): one root, within an ulp or two of b (b + w rounds to b)
    (point,) = carousel.logistic_fixed_points(w, b)
    (net,) = _mp_roots(w, b, [b])
    assert point.activation == pytest.approx(float(1 / (1 + mpmath.exp(-net))), rel=4e-16)


def test_a_pair_near_the_tangency_at_w_near_4_is_found():
    # w = 4 + 2^-50, b = -w/2: three roots, 0 and about +-5.16e-8 (the critical nets +-2.98e-8 round away
    # if formed as 2 arcosh(sqrt(w)/2))
    w = 4.0 + 2.0**-50
    points = carousel.logistic_fixed_points(w, -w / 2)
    assert len(points) == 3
    nets = _mp_roots(w, -w / 2, [-5.2e-8, 0.0, 5.2e-8])
    assert abs(nets[0] + mpmath.mpf("5.16e-8")) < 1e-10
    for point, net in zip(points, nets, strict=True):
        assert point.activation == pytest.approx(float(1 / (1 + mpmath.exp(-net))), rel=1e-15)
