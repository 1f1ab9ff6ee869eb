"""The later conditions' numerics keep their domain: the cases of the issue, refused types, limits."""

import datetime
import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import later
from lstmnotes.domain import Domain
from lstmnotes.flow import scaling_factor
from lstmnotes.later.evidence_checks import vanishing_condition_check


def test_every_public_function_has_a_domain_row():
    rows = {row.function.__name__ for row in later.DOMAIN}
    assert all(isinstance(row, Domain) for row in later.DOMAIN)
    functions = {
        name for name in later.__all__ if callable(getattr(later, name)) and name[0].islower()
    }
    assert functions == rows


def test_a_subnormal_largest_singular_value_keeps_the_stated_bound():
    # all entries subnormal: relative error below 1e-12 plus at most 2^-1075 from the last rounding
    W = [[2.597463454e-315, 1.054e-320], [4.865725163e-315, 4.6622456587e-314]]
    with mpmath.workprec(300):
        truth = max(
            mpmath.svd_r(
                mpmath.matrix([[mpmath.mpf(x) for x in row] for row in W]), compute_uv=False
            )
        )
        got = later.largest_singular_value(W)
        assert abs(mpmath.mpf(got) - truth) <= 1e-12 * truth + mpmath.mpf(2) ** -1075


def test_flow_norms_names_the_argument_that_is_not_numbers():
    with pytest.raises(TypeError, match="fprime must be real numbers"):
        later.flow_norms(np.eye(2), [["a", "b"]])


def test_largest_singular_value_near_the_top_of_the_range():
    # [[a, a], [a, a]] has singular values 2a and 0
    assert later.largest_singular_value([[1e307] * 2] * 2) == pytest.approx(2e307, rel=1e-15)
    with pytest.raises(ValueError, match="overflows float64"):
        later.largest_singular_value([[1e308] * 2] * 2)  # 2e308
    assert later.largest_singular_value([[5e-324]]) == 5e-324
    # eigenvalues 1e308 (1 +- i): modulus sqrt(2) 1e308, representable
    assert later.spectral_radius([[1e308, 1e308], [-1e308, 1e308]]) == pytest.approx(
        np.sqrt(2) * 1e308, rel=1e-15
    )


def test_flow_norms_is_the_norm_of_the_scaling_factor_at_every_lag():
    rng = np.random.default_rng(3)
    W, fprime = rng.normal(size=(4, 4)), rng.uniform(0, 0.25, size=(12, 4))
    expected = [np.linalg.norm(scaling_factor(W, fprime[:lag]), 2) for lag in range(1, 13)]
    assert later.flow_norms(W, fprime).tolist() == expected


def test_flow_norms_beyond_the_normal_range():
    # one unit: the norm at lag q is |prod f' w| exactly
    assert later.flow_norms([[1e300]], [[1e-300]] * 5).tolist() == [1.0] * 5
    assert later.flow_norms([[1e-160]], [[1e-160], [1e300]]).tolist() == [
        float(Fraction(1e-160) ** 2),
        float(Fraction(1e-160) ** 3 * Fraction(1e300)),
    ]


def test_flow_norms_is_linear_in_the_lag():
    start = time.process_time()
    later.flow_norms([[0.9]], np.full((10_000, 1), 0.25))
    assert_fast(start, 3.0)


def test_biased_net_input_that_overflows_midway():
    # 1e308 * 1 + 1e308 * (-1) = 0: the net input is zero, the unit at 1/2
    nets, ys = later.run_biased_logistic([[1e308, 1e308]] * 2, [0.0, 0.0], [1.0, -1.0], 1)
    assert nets.tolist() == [[0.0, 0.0]]
    assert ys[1].tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="beyond float64"):
        later.run_biased_logistic([[1e308, 1e308]] * 2, [0.0, 0.0], [1.0, 1.0], 1)


def test_an_activation_that_is_not_a_name():
    with pytest.raises(TypeError, match="activation must be an Activation or one of the names"):
        vanishing_condition_check(np.random.default_rng(0), activation=["logistic"])


BAD = ["0.5", b"0.5", None, 0.5j, True, datetime.date(2020, 1, 1), np.array([object()])]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("W", later.largest_singular_value),
        ("W", later.spectral_radius),
        ("W", lambda x: later.flow_norms(x, [[0.25]])),
        ("fprime", lambda x: later.flow_norms([[1.0]], x)),
        ("W", lambda x: later.run_biased_logistic(x, [0.0], [0.5], 2)),
        ("b", lambda x: later.run_biased_logistic([[1.0]], x, [0.5], 2)),
        ("y0", lambda x: later.run_biased_logistic([[1.0]], [0.0], x, 2)),
        ("steps", lambda x: later.run_biased_logistic([[1.0]], [0.0], [0.5], x)),
        ("units", lambda x: later.threshold_relation(units=x)),
        ("value", lambda x: later.threshold_relation(value=x)),
        ("lag", lambda x: later.threshold_relation(lag=x)),
    ],
)
def test_non_numbers_are_refused_naming_the_argument(name, call, bad):
    with pytest.raises(TypeError, match=name):
        call(bad)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: later.largest_singular_value(np.eye(later.MAX_UNITS + 1)), "MAX_UNITS"),
        (lambda: later.spectral_radius(np.eye(later.MAX_UNITS + 1)), "MAX_UNITS"),
        (lambda: later.flow_norms([[1.0]], np.ones((later.MAX_FLOW_LAG + 1, 1))), "MAX_FLOW_LAG"),
        (lambda: later.flow_norms(np.eye(100), np.ones((201, 100))), "MAX_FLOW_WORK"),
        (
            lambda: later.run_biased_logistic([[1.0]], [0.0], [0.5], later.MAX_BIASED_STEPS + 1),
            "steps must be an integer in",
        ),
        (lambda: later.threshold_relation(units=65), "units must be an integer in"),
        (lambda: later.threshold_relation(lag=201), "lag must be an integer in"),
    ],
)
def test_beyond_each_limit_a_quick_refusal(call, message):
    start = time.process_time()
    with pytest.raises(ValueError, match=message):
        call()
    assert_fast(start, 0.5)
