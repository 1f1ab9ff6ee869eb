"""The local gain's domain: the cases of issue 13 with their right values, type refusals, limits, DOMAIN rows."""

from __future__ import annotations

import datetime
import math
import time
from collections.abc import Iterator
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _timing import assert_fast

import lstmnotes.local_gain as lg
from lstmnotes.local_gain import (
    DESCENT_MAX_STEPS,
    DOMAIN,
    MAX_GRID_POINTS,
    activation_sensitivity,
    brute_force_max_gain,
    derivative_elasticity,
    descend_weight,
    gain,
    gain_contour,
    gain_interval,
    gain_tail,
    gain_threshold,
    lag_contributions,
    max_gain,
    pair_sweep,
    path_pairing,
)
from lstmnotes.net import run_net


@pytest.fixture(autouse=True)
def _mpmath_precision() -> Iterator[None]:
    """The oracle works at 60 digits inside each test only, whatever other modules use."""
    with mpmath.workdps(60):
        yield


def exact_gain(w: float, y: float, c: float) -> mpmath.mpf:
    net = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
    e = mpmath.exp(-abs(net))
    return abs(mpmath.mpf(w)) * e / (1 + e) ** 2


# --- the cases of the issue, and their kind -------------------------------------------------------------


def test_max_gain_blames_c_when_c_is_the_cause():
    with pytest.raises(ValueError, match=r"\|c\| = 1e\+308 is too large for \|y\| = 0\.5"):
        max_gain(0.5, 1e308)


def test_max_gain_blames_y_when_y_is_the_cause():
    with pytest.raises(ValueError, match=r"\|y\| = 1e-310 is too small"):
        max_gain(1e-310)


def test_max_gain_at_huge_c_is_right_without_a_warning():
    # m solves (m + a) tanh(m/2) = 1, so m ~ 2/a; w* = -(m + a)/y = -1e308, value = sigma'(m)(m + a) = a/4
    w_star, value = max_gain(1.0, 1e308)
    assert w_star == -1e308
    assert value == 2.5e307


def test_max_gain_with_a_subnormal_value():
    w_star, value = max_gain(1e308)  # K/|y| lies in the subnormals: right to a unit of 2^-1074
    k = mpmath.mpf(lg.GAIN_CONSTANT)
    assert abs(mpmath.mpf(value) - k / mpmath.mpf(1e308)) <= 2.0**-1074
    assert w_star == pytest.approx(lg.GAIN_ARGMAX / 1e308, rel=1e-15)


def test_gain_with_cancelling_net_input():
    # 0.1 * 1e20 is 1e19 + 555.1115..., so the net input is about 555 and not 0 (the old result 0.025)
    exact = exact_gain(0.1, 1e20, -1e19)
    assert float(exact) == pytest.approx(8.28e-243, rel=1e-2)
    assert gain(0.1, 1e20, -1e19) == pytest.approx(float(exact), rel=1e-14)


def test_gain_below_the_slopes_underflow():
    # |net| = 1000: sigma'(net) alone underflows, |w| sigma'(net) = 1e308 e^-1000 does not (truth 5.08e-127)
    exact = exact_gain(1e308, 1e-305, 0.0)
    assert gain(1e308, 1e-305) == pytest.approx(float(exact), rel=1e-14)
    assert gain_tail(1e308, 1e-305) == pytest.approx(float(exact), rel=1e-14)


def test_elasticity_refuses_overflow_and_keeps_cancellation():
    with pytest.raises(ValueError, match=r"\|w y\| must be at most"):
        derivative_elasticity(1e200, 1e200)
    exact = (
        -mpmath.mpf(0.1) * mpmath.mpf(1e20) * mpmath.tanh((mpmath.mpf(0.1) * 10**20 - 10**19) / 2)
    )
    assert derivative_elasticity(0.1, 1e20, -1e19) == pytest.approx(float(exact), rel=1e-14)


def test_gain_threshold_over_the_whole_range():
    # for tiny |y| the threshold tends to 4g; the old bisection in value space returned far larger numbers
    assert gain_threshold(1e-300) == 4.0
    assert gain_threshold(1e-300, 0.0, 1e-300) == 4e-300
    assert gain_threshold(0.1) == pytest.approx(4.177027169603797, rel=1e-13)


def test_gain_interval_at_tiny_y_and_level():
    inner, outer = gain_interval(1e-200, 1e-100)  # inner = 4g(1 + 4g^2 y^2), outer = x_2/|y|
    assert inner == 4e-100
    x2 = mpmath.findroot(
        lambda x: (
            mpmath.log(x) - x - 2 * mpmath.log1p(mpmath.exp(-x)) - mpmath.log(mpmath.mpf(1e-300))
        ),
        700,
    )
    assert outer == pytest.approx(float(x2 / mpmath.mpf(1e-200)), rel=1e-13)
    with pytest.raises(ValueError, match="y is too small"):
        gain_interval(1e-306)
    with pytest.raises(ValueError, match="level"):
        gain_contour(700.0, 1e10)


def test_path_product_survives_underflowing_partial_products():
    run = run_net([[0.5, -1.0], [2.0, 0.25]], [0.5, 0.5], 4)
    p = path_pairing(run, 4, [0, 1, 1])
    exact = Fraction(p.head) * Fraction(p.tail)
    for v in p.pairs:
        exact *= Fraction(float(v))
    assert p.product == pytest.approx(float(exact), rel=1e-15)


def test_lag_contributions_without_overflowing_norms():
    run = run_net([[0.0, 0.0], [4.0, 0.0]], [1.0, 0.0], 2)
    out = lag_contributions(run, 2, [0.0, 1e300], 1e-300)  # |theta| = 1e300: its square overflows
    # theta(1) = f'(0) W^T theta(2) = (1e300, 0), y(0) = (1, 0), y(1) = (1/2, sigma(4)); alpha = 1e-300
    lag0 = mpmath.sqrt(mpmath.mpf(1) / 4 + (1 / (1 + mpmath.exp(-4))) ** 2)
    assert out.tolist() == pytest.approx([float(lag0), 1.0], rel=1e-14)


def test_descend_weight_refuses_a_weight_leaving_the_range():
    with pytest.raises(ValueError, match="learning_rate"):
        descend_weight(0.0, 1e300, 0.75, 1e300, 3)


# --- types ---------------------------------------------------------------------------------------------

BAD = ["1.0", b"1", None, 1j, True, datetime.date(2020, 1, 1), np.array([object()])]


@pytest.mark.parametrize("bad", BAD, ids=[type(b).__name__ for b in BAD])
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda v: gain(v, 1.0), "w"),
        (lambda v: gain_tail(1.0, v), "y"),
        (lambda v: derivative_elasticity(1.0, 1.0, v), "c"),
        (lambda v: max_gain(1.0, v), "c"),
        (brute_force_max_gain, "y"),
        (lambda v: gain_contour(1.0, v), "level"),
        (gain_interval, "y"),
        (lambda v: gain_threshold(0.1, v), "c"),
        (lambda v: descend_weight(0.0, 1.0, 0.75, v, 1), "learning_rate"),
        (lambda v: activation_sensitivity([[1.0]], [1.0], 1, 0, 0, step=v), "step"),
    ],
)
def test_non_numbers_are_refused_by_name(call, name, bad):
    with pytest.raises(TypeError, match=name):
        call(bad)


@pytest.mark.parametrize("bad", [2.5, "3", True, None])
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda v: brute_force_max_gain(1.0, 0.0, v), "points"),
        (lambda v: descend_weight(0.0, 1.0, 0.75, 1.0, v), "steps"),
        (lambda v: activation_sensitivity([[1.0]], [1.0], v, 0, 0), "t"),
        (lambda v: path_pairing(run_net([[1.0]], [0.5], 3), v, [0, 0]), "t"),
    ],
)
def test_counts_must_be_integers(call, name, bad):
    with pytest.raises(TypeError, match=name):
        call(bad)


def test_pairing_and_path_types():
    run = run_net([[1.0]], [0.5], 3)
    with pytest.raises(TypeError, match="pairing"):
        path_pairing(run, 3, [0, 0], ["regrouped"])
    with pytest.raises(TypeError, match="path"):
        path_pairing(run, 3, [0.0, 0.0])
    with pytest.raises(TypeError, match="run"):
        path_pairing("run", 3, [0, 0])
    with pytest.raises(TypeError, match="pairing"):
        pair_sweep("pairing", 0, 1.0)


# --- limits: one step beyond each refuses at once ------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: brute_force_max_gain(1.0, 0.0, MAX_GRID_POINTS + 1), "points"),
        (lambda: descend_weight(0.0, 1.0, 0.75, 1.0, DESCENT_MAX_STEPS + 1), "steps"),
        (lambda: activation_sensitivity(np.eye(100), np.zeros(100), 10_001, 0, 0), "n\\^2 t"),
        (lambda: activation_sensitivity([[1.0]], [1.0], 2, 0, 0, step=1e-17), "step"),
        # w_ij = 0: 0 +- 1e308 is finite, but the 2e308 between them overflowed to a slope of 0
        (
            lambda: activation_sensitivity([[0, 1], [1, 0]], [1, 0], 2, 1, 0, step=1e308),
            "too large",
        ),
        (lambda: brute_force_max_gain(1e-308, 1e300), "reach"),
        (lambda: gain_contour(700.0 + 1e-9), "x must be at most 700"),
    ],
)
def test_beyond_the_limits_refuses_at_once(call, message):
    start = time.process_time()
    with pytest.raises(ValueError, match=message):
        call()
    assert_fast(start, 0.5)


# --- the DOMAIN rows ----------------------------------------------------------------------------------


def test_every_public_numeric_has_a_row():
    functions = {d.function for d in DOMAIN}
    public = {
        getattr(lg, name)
        for name in lg.__all__
        if callable(getattr(lg, name)) and not isinstance(getattr(lg, name), type)
    }
    assert functions == public
    for d in DOMAIN:
        assert d.inputs
        assert d.accuracy
        assert d.limits


def test_rows_quote_the_constants():
    text = " ".join(d.limits for d in DOMAIN)
    assert str(MAX_GRID_POINTS) in text
    assert str(DESCENT_MAX_STEPS) in text
    assert not math.isnan(len(text))


@pytest.mark.parametrize("path", [[0, True], [1, np.True_, 0], (0, False)])
def test_a_bool_among_a_paths_units_is_refused(path):
    # numpy reads [0, True] as the integers [0, 1]
    run = run_net([[0.5, -1.0], [2.0, 0.25]], [0.5, 0.5], 4)
    with pytest.raises(
        TypeError, match=r"path must be integer unit indices, found a bool at path\["
    ):
        lg.path_pairing(run, 3, path)


@pytest.mark.parametrize(
    ("y", "c", "level"),
    [
        (22900.0, 90500800.0, 988.0),  # gave inf
        (27900.0, 108810000.0, 975.0),  # gave inf
        (1.0, 8.0, 2.0),  # gave 8.000000000000002
        (1.0, 100.0, 25.0),  # gave 400.0000000000001
        (0.015221655368804932, 0.05296502452074492, 0.8698959350585938),
    ],
)
def test_the_logistic_threshold_is_4g_exactly_where_the_net_input_there_is_0(y, c, level):
    # with c = 4 g y exactly, w = -4g gives the net input 0 and sigma'(0) = 1/4: the gain is g exactly,
    # and no smaller |w| reaches it (sigma' <= 1/4); the rounded log-gain missed it by an ulp
    assert Fraction(-4 * level) * Fraction(y) + Fraction(c) == 0
    assert gain_threshold(y, c, level) == 4 * level


def test_a_path_longer_than_the_run_is_refused_before_its_units_are_read():
    # 2^40 units of a zero-stride view: their range was scanned first (past 40 s of CPU)
    run = run_net(np.eye(2) * 0.5, [0.1, 0.2], 5)
    path = np.broadcast_to(np.zeros(1, dtype=np.int64), (2**40,))
    start = time.process_time()
    with pytest.raises(ValueError, match=r"q < t <= T \(q = 1099511627775, T = 5\)"):
        lg.path_pairing(run, 4, path)
    assert_fast(start, 0.1)
