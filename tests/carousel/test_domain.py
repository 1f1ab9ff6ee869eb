"""The carousel's domain: the issue's cases as regressions, fuzzing against exact arithmetic, refusals, rows."""

from __future__ import annotations

import datetime
import itertools
import math
import re
import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _timing import assert_fast
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import carousel
from lstmnotes.net import run_net

FLOATS = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
SIZES = st.floats(
    min_value=carousel.CONFLICT_RANGE[0], max_value=carousel.CONFLICT_RANGE[1]
) | st.sampled_from([*carousel.CONFLICT_RANGE, 1e-6, 1e12, 1.0, 3.0])


def _correctly_rounded(value: float, exact: Fraction) -> bool:
    """Whether ``value`` is within half an ulp (subnormal spacing at least) of ``exact``, plus slack."""
    spacing = Fraction(max(math.ulp(float(exact)), 5e-324))
    return abs(Fraction(value) - exact) <= spacing


@settings(max_examples=80, deadline=None)
@given(SIZES, st.booleans())
def test_input_conflict_holds_with_exact_numbers(size, negative):
    b = -size if negative else size
    if b == -1.0:
        return
    c = carousel.input_weight_conflict(b)
    phi = [Fraction(1), 1 + Fraction(b)]  # the oracle: the closed form, in rationals
    w = (phi[0] + phi[1]) / (phi[0] ** 2 + phi[1] ** 2)
    errors = [w * p - 1 for p in phi]
    assert c.verdict == "holds"
    assert _correctly_rounded(c.compromise, w)
    assert _correctly_rounded(c.residual, (errors[0] ** 2 + errors[1] ** 2) / 2)
    assert _correctly_rounded(c.gradients[1], errors[1] * Fraction(b))
    assert c.residual > 0
    assert (c.gradients[0] < 0) != (c.gradients[1] < 0)


@settings(max_examples=80, deadline=None)
@given(SIZES, st.booleans())
def test_output_conflict_holds_with_exact_numbers(size, negative):
    v = -size if negative else size
    c = carousel.output_weight_conflict(v)
    assert c.verdict == "holds"
    assert c.compromise == 0.5
    assert _correctly_rounded(c.residual, Fraction(v) ** 2 / 4)
    assert _correctly_rounded(c.gradients[0], Fraction(v) ** 2 / 2)
    assert c.gradients[1] == -c.gradients[0]


def test_issue_cases_of_the_conflicts():
    # 1e155 and 1e-160 are beyond CONFLICT_RANGE: refused, naming the argument the caller passed
    with pytest.raises(ValueError, match="distractor must lie between"):
        carousel.input_weight_conflict(1e155)
    for v in (1e-160, 1e-200):
        with pytest.raises(ValueError, match="stored must lie between"):
            carousel.output_weight_conflict(v)
    c = carousel.input_weight_conflict(1e-6)  # least error b^2 / 4 (to 1e-6 relative), positive
    assert c.verdict == "holds"
    assert c.residual == pytest.approx(2.5e-13, rel=2e-6)
    assert "holds" not in c.summary or c.residual > 0


def test_issue_case_affine_unit_with_tiny_weight():
    with pytest.raises(ValueError, match="weight must be at least"):
        carousel.run_self_unit(1e-310, 1.0, 3, activation="affine")
    run = carousel.run_self_unit(6e-309, 1.0, 3, activation="affine")  # 1/w still a float64
    assert carousel.self_unit_flow(run).tolist() == pytest.approx([1.0, 1.0, 1.0], rel=4e-16)


def test_issue_case_flow_of_a_run_of_another_kind():
    with pytest.raises(TypeError, match="run must be a SelfUnitRun"):
        carousel.self_unit_flow(run_net(np.eye(1), [0.5], 3))


@settings(max_examples=60, deadline=None)
@given(st.lists(FLOATS.filter(lambda v: 1e-300 < abs(v) < 1e300), min_size=1, max_size=12))
def test_flow_products_over_the_whole_range(weights):
    # an identity unit has f' = 1: the flow at q is w^q; drive it with y(0) = 0 so it never overflows
    w = weights[0]
    steps = len(weights) + 1
    run = carousel.run_self_unit(w, 0.0, steps)
    exact = [Fraction(w) ** q for q in range(steps)]
    if any(abs(e) > Fraction(np.finfo(np.float64).max) for e in exact):
        with pytest.raises(ValueError, match="float64 range"):
            carousel.self_unit_flow(run)
        return
    flow = carousel.self_unit_flow(run)
    for q, (value, e) in enumerate(zip(flow.tolist(), exact, strict=True)):
        spacing = Fraction(max(math.ulp(float(e)), 5e-324))
        assert abs(Fraction(value) - e) <= (q + 1) * spacing


def test_error_signals_carry_what_would_underflow():
    run = carousel.run_self_unit(1e-200, 0.0, 3)
    assert carousel.self_unit_error_signals(run, 1e300).tolist() == pytest.approx(
        [1e-100, 1e100, 1e300], rel=1e-15
    )


def test_naive_carousel_products_scaled():
    run = carousel.run_naive_carousel(1e300, 1e-300, [1e-300, 2e-300])
    assert run.state.tolist() == pytest.approx([1.0, 3.0], rel=1e-15)
    assert run.outputs.tolist() == pytest.approx([1e-300, 3e-300], rel=1e-15)
    with pytest.raises(ValueError, match="float64 range"):
        carousel.run_naive_carousel(1e300, 1e300, [1.0])


BAD = ["1", b"1", None, 1j, True, datetime.date(2020, 1, 1), np.array([object()])]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: type(v).__name__)
def test_numbers_refused_by_type(bad):
    for call, name in (
        (lambda: carousel.run_self_unit(bad, 1.0, 3), "weight"),
        (lambda: carousel.run_self_unit(1.0, 1.0, bad), "steps"),
        (lambda: carousel.input_weight_conflict(bad), "distractor"),
        (lambda: carousel.output_weight_conflict(bad), "stored"),
        (lambda: carousel.run_naive_carousel(1.0, bad, [1.0]), "w_out"),
        (lambda: carousel.unit_factor_bias(bad), "activation"),
        (lambda: carousel.logistic_fixed_points(bad), "weight"),
        (lambda: carousel.naive_task_fit(bad, [[1.0]]), "sequences"),
        (lambda: carousel.self_unit_flow_examples(bad), "steps"),
    ):
        with pytest.raises(TypeError, match=name):
            call()


def _refused_quickly(call, match):
    start = time.process_time()
    with pytest.raises(ValueError, match=match):
        call()
    assert_fast(start, 0.5)


def test_limits_refuse_quickly():
    _refused_quickly(lambda: carousel.run_self_unit(1.0, 0.0, carousel.MAX_STEPS + 1), "steps")
    _refused_quickly(
        lambda: carousel.run_naive_carousel(1.0, 1.0, np.ones(carousel.MAX_CONFLICT_STEPS + 1)),
        "MAX_CONFLICT_STEPS",
    )
    run = carousel.run_naive_carousel(1.0, 1.0, np.ones(carousel.MAX_GRADIENT_STEPS + 1))
    _refused_quickly(
        lambda: carousel.naive_carousel_gradients(run, np.ones(carousel.MAX_GRADIENT_STEPS + 1)),
        "MAX_GRADIENT_STEPS",
    )
    _refused_quickly(
        lambda: carousel.self_unit_flows(np.ones(2), np.zeros(carousel.MAX_STEPS)), "MAX_STEPS"
    )
    _refused_quickly(
        lambda: carousel.input_weight_conflict(carousel.CONFLICT_RANGE[1] * 2), "distractor"
    )
    _refused_quickly(
        lambda: carousel.naive_task_fit(np.ones((1001, 1000, 1)), np.ones((1001, 1000))), "MAX_TASK"
    )
    _refused_quickly(lambda: carousel.unit_factor_bias(0.5, 1e308), "float64")


def test_a_run_at_the_largest_length_is_quick():
    start = time.process_time()
    carousel.run_self_unit(0.5, 1.0, carousel.MAX_STEPS, activation="logistic")
    assert_fast(start, 3.0)


def test_domain_rows_cover_the_numerics():
    names = {row.function.__name__ for row in carousel.DOMAIN}
    functions = {n for n in carousel.__all__ if callable(getattr(carousel, n)) and n[0].islower()}
    assert names == functions
    assert all(row.inputs and row.accuracy and row.limits for row in carousel.DOMAIN)


@pytest.mark.parametrize("call", [carousel.input_weight_conflict, carousel.output_weight_conflict])
def test_a_refusal_prints_the_limit_it_applies(call):
    # just below the lower limit: the message must print the limit in full (a rounded one, e.g. 9.54e-07,
    # would refuse a value equal to the limit it states)
    low, _ = carousel.CONFLICT_RANGE
    with pytest.raises(ValueError, match=re.escape(repr(low))):
        call(math.nextafter(low, 0.0))
    call(low)  # the limit itself is accepted


def _all_fixed_points(w, b):
    """Every root n of w sigma(n) + b - n by mpmath (60 digits), in increasing order: sign changes on a
    fine grid of net inputs between b and b + w, each refined by bisection; the fixed points are sigma(n)."""
    with mpmath.workdps(60):

        def f(n):
            return w / (1 + mpmath.exp(-n)) + b - n

        if w == 0:  # the one root is n = b
            return [float(1 / (1 + mpmath.exp(-mpmath.mpf(b))))]
        lo, hi = sorted((mpmath.mpf(b), mpmath.mpf(b) + w))
        grid = [lo + (hi - lo) * k / 2999 for k in range(3000)]
        roots = [x for x in grid if f(x) == 0]
        for x, y in itertools.pairwise(grid):
            if f(x) * f(y) < 0:
                roots.append(mpmath.findroot(f, (x, y), solver="bisect"))
        return [float(1 / (1 + mpmath.exp(-n))) for n in sorted(roots)]


@pytest.mark.parametrize(
    ("w", "b"),
    [
        (0.0, -37.0),
        (0.0, -100.0),
        (-6.0, -40.0),
        (-6.0, -700.0),
        (8.0, -4.0),
        (5.0, -2.0),
        (-10.0, 3.0),
        (0.0, 37.0),
    ],
)
def test_every_fixed_point_is_found_however_far_out(w, b):
    # a fixed point with |logit y| beyond 36 (y below 2e-16 or within 2e-16 of 1) was missed
    got = [p.activation for p in carousel.logistic_fixed_points(w, b)]
    truth = _all_fixed_points(w, b)
    assert len(got) == len(truth)
    for y, t in zip(got, truth, strict=True):
        assert abs(y - t) <= 4 * 2.0**-52 * t


def test_the_exact_fixed_point_of_a_unit_with_one_far_out():
    # one fixed point, y = sigma(-40 - 6 y) = 4.25e-18: exact_fixed_point must not say there is none
    point = carousel.exact_fixed_point(-6.0, -40.0)
    (truth,) = _all_fixed_points(-6.0, -40.0)  # mpmath: 4.2484e-18
    assert point.activation == pytest.approx(truth, rel=1e-15)


def _close_to_factor(factor, w, net):
    """Within 8 ulps of the exact w sigma'(net), or 2 units of 2^-1074 where that is subnormal."""
    with mpmath.workdps(60):
        e = mpmath.exp(-abs(mpmath.mpf(net)))
        truth = w * e / (1 + e) ** 2
        if abs(truth) < 2.0**-1022:
            return abs(factor - truth) <= 2 * mpmath.mpf(2) ** -1074
        return abs(factor / truth - 1) <= 8 * 2.0**-52


@pytest.mark.parametrize(
    ("w", "b"),
    [
        (-1.0, 40.0),  # near y = 1, w y (1 - y) from the rounded y lost every digit: it gave -0.0
        (-1.0, 30.0),
        (-6.0, 0.0),
        (-3.0, -40.0),
        (700.0, 40.0),  # w times a subnormal slope: 153 units of 2^-1074 off
        (720.0, 0.0),
        (713.1704966084208, 21.760506901127574),
    ],
)
def test_the_fixed_points_factor_is_the_slope_at_its_net_input(w, b):
    point = carousel.exact_fixed_point(w, b)
    net = point.weight * point.activation + b  # the net input as the unit forms it, rounded once
    assert _close_to_factor(point.factor, w, net)
    (found,) = carousel.logistic_fixed_points(w, b)
    with mpmath.workdps(60):  # its factor at the exact root n = w sigma(n) + b
        root = mpmath.findroot(lambda n: w / (1 + mpmath.exp(-n)) + b - n, w * found.activation + b)
        e = mpmath.exp(-abs(root))
        truth = w * e / (1 + e) ** 2
        allowed = (8 + abs(root)) * 2.0**-52 * abs(truth) + 2 * mpmath.mpf(2) ** -1074
        assert abs(found.factor - truth) <= allowed


@pytest.mark.parametrize(
    ("w", "b"),
    [(1e308, -9.999999999999998e307), (1e20, -9.99999999999999e19), (1e30, -9.9999999999999e29)],
)
def test_the_middle_fixed_point_of_a_huge_weight_with_b_near_minus_w(w, b):
    # w sigma(n) + b - n rounded to w 2^-53, as large as all of F: the middle factor was 44% low
    points = carousel.logistic_fixed_points(w, b)
    assert len(points) == 3
    with mpmath.workprec(3000):
        big_w, big_b = mpmath.mpf(w), mpmath.mpf(b)
        guess = mpmath.log(big_w / (big_w + big_b))
        root = mpmath.findroot(
            lambda n: big_w / (1 + mpmath.exp(-n)) + big_b - n,
            (guess - 1, guess + 1),
            solver="anderson",
        )
        e = mpmath.exp(-root)
        truth = big_w * e / (1 + e) ** 2
        assert abs(points[1].factor / truth - 1) <= (8 + abs(root)) * 2.0**-52


@settings(max_examples=300, deadline=None)
@given(
    y=st.floats(2.0**-60, 1.0, exclude_min=True, exclude_max=True),
    k=st.floats(-8.0, 8.0).filter(lambda v: v != 0),
)
def test_the_weight_that_holds_an_activation_is_correctly_rounded(y, k):
    # w = k / (y (1 - y)): with 1 - y, the product and the quotient rounded apart, w was 1.21 ulps off at
    # y = 0.45489791621182035, k = 1.9983920406076767
    w, _ = carousel.unit_factor_bias(y, k)
    assert w == float(Fraction(k) / (Fraction(y) * (1 - Fraction(y))))


def test_the_referees_weight_is_correctly_rounded():
    w, _ = carousel.unit_factor_bias(0.45489791621182035, 1.9983920406076767)
    assert w == 8.059143737496992


def test_the_affine_unit_with_a_huge_weight_passes_each_factor_within_one_rounding():
    # w = 1.7e308: its slope 1/w is subnormal and had lost digits, so each factor w f' came out
    # 1 + 2^-52, and the flow over 10^6 steps 1 + 2.2e-10 (twice the stated one rounding a factor)
    T = 10**6
    flow = carousel.self_unit_flow(carousel.run_self_unit(1.7e308, 0.0, T, activation="affine"))
    assert abs(flow[-1] - 1.0) <= T * 2.0**-53  # each exact factor w (1/w) is 1


def _mp_bias(y, w):
    """logit(y) - w y at 400 bits from the floats y and w taken as exact."""
    with mpmath.workprec(400):
        y_, w_ = mpmath.mpf(y), mpmath.mpf(w)
        logit = mpmath.log(y_) - mpmath.log1p(-y_)
        return logit - w_ * y_, abs(logit) + abs(w_ * y_)


def test_the_bias_that_holds_an_activation_near_one_half_keeps_its_digits():
    # ln(y / (1 - y)) in float64 cancels near y = 1/2: b came out 3.72529029150302e-09, 1.9e-9 relative off
    y = 0.5 + 2**-30
    w, b = carousel.unit_factor_bias(y, 1e-20)
    assert w == float(Fraction(1e-20) / (Fraction(y) * (1 - Fraction(y))))
    exact, _ = _mp_bias(y, w)
    assert float(exact) == pytest.approx(3.7252902984419140668e-9, rel=1e-15)
    assert abs(b - exact) <= math.ulp(float(exact))


@settings(max_examples=300, deadline=None)
@given(
    y=st.one_of(
        st.floats(2.0**-60, 1.0, exclude_min=True, exclude_max=True),
        st.floats(0.5 - 2.0**-20, 0.5 + 2.0**-20),
    ),
    k=st.floats(-8.0, 8.0).filter(lambda v: v != 0) | st.floats(1e-30, 1e-10),
)
def test_the_bias_that_holds_an_activation_is_within_its_stated_half_ulp(y, k):
    w, b = carousel.unit_factor_bias(y, k)
    exact, scale = _mp_bias(y, w)
    with mpmath.workprec(400):
        assert abs(b - exact) <= math.ulp(float(exact)) / 2 + mpmath.mpf(2) ** -124 * scale


def _opposing_ends(b):
    """The exact ends of the input conflict's two intervals and its compromise, in rationals: split by input
    the parts are w (2 + b) - 2 and (w (1 + b) - 1) b, by target w - 1 and (w (1 + b) - 1)(1 + b)."""
    b = Fraction(b)
    compromise = (2 + b) / (1 + (1 + b) ** 2)
    ends = []
    # at b = -2 the first part by input is -2 at every w: it has no root
    by_input = [1 / (1 + b)] if b == -2 else [2 / (2 + b), 1 / (1 + b)]
    for roots in (by_input, [Fraction(1), 1 / (1 + b)]):
        below = [r for r in roots if r < compromise]
        above = [r for r in roots if r > compromise]
        ends.append(
            (float(max(below)) if below else -math.inf, float(min(above)) if above else math.inf)
        )
    return compromise, ends


@pytest.mark.parametrize("b", [1e-19, -1e-19, 2.0**-26, 1.2892705775154303e37, -(2.0**60)])
def test_a_distractor_whose_interval_would_collapse_is_refused(b):
    # at 1e-19 the interval was reported as (1.0, 1.0) around the compromise 1.0 with the verdict 'holds';
    # at 1.29e37 its lower end equalled the compromise: the exact ends lie within rounding of it
    compromise, ends = _opposing_ends(b)  # the oracle: rounding merges an end with the compromise
    assert any(not lo < float(compromise) < hi for lo, hi in ends)
    with pytest.raises(
        ValueError, match=re.escape(f"distractor must lie between {carousel.CONFLICT_RANGE[0]!r}")
    ):
        carousel.input_weight_conflict(b)


@settings(max_examples=200, deadline=None)
@given(SIZES, st.booleans())
def test_each_conflict_interval_strictly_contains_the_compromise(size, negative):
    b = -size if negative else size
    if b == -1.0:
        return
    c = carousel.input_weight_conflict(b)
    compromise, ends = _opposing_ends(b)
    assert c.verdict == "holds"
    assert c.compromise == float(compromise)
    assert [c.opposing, c.opposing_by_target] == ends
    for lo, hi in ends:
        assert lo < c.compromise < hi
    out = carousel.output_weight_conflict(b)
    assert out.verdict == "holds"
    assert out.opposing == out.opposing_by_target == (0.0, 1.0)
    assert out.compromise == 0.5
