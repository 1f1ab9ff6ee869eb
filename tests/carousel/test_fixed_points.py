"""The lone logistic unit's held activations: fixed points, their factors, against scipy and plain iteration."""

from __future__ import annotations

import itertools
import math
import re

import mpmath
import numpy as np
import pytest
from _mp_bisection import bracket
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from lstmnotes import carousel
from lstmnotes.carousel import _fixed_points


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


# -- the stated accuracy of the net inputs, against an mpmath root finder ------------------------------------


def _stated(pattern):
    row = next(r for r in carousel.DOMAIN if r.function is carousel.logistic_fixed_points)
    found = re.findall(pattern, row.accuracy)
    assert found, row.accuracy
    (value,) = set(found)
    return float(value)


ROOT_UNITS = _stated(r"plus ([0-9.]+) units of 2\^-53 of E / \|1 - rho\|")
"""The stated accuracy of a net input: one ulp of it plus this many units of 2^-53 of E / |1 - rho|."""
CRITICAL_UNITS = _stated(r"within ([0-9.]+) units of 2\^-53 of c\b")
"""The stated accuracy of the computed critical net c, which bounds the pairs that may be missed."""
U = 2.0**-53
_BITS = 256  # the oracle's midpoints and critical nets
_ZERO = mpmath.mpf(2) ** -1200  # a root nearer 0 than this is 0 as far as float64 can tell


_FAR = 2.0**20
"""Beyond it sigma(n) is within e^-(2^20) < 2^-1,500,000 of 0 or 1: w times that is below any nonzero sum of
floats and 256-bit numbers (at least 2^-1400), so the rest of F decides its sign exactly."""


def _f_sign(n, w, b):
    """The sign of F(n) = w sigma(n) + b - n at the exact n, w and b: at 320 bits, doubled until |F| exceeds
    its rounding bound, 2^(12 - p) times the sum of its terms, that of w sigma(n) taken |n| + 4 times for
    the rounding of the exponential's argument (0 if not even at 5120 bits)."""
    # far out F = (w + b - n) - w sigma(-n), or (b - n) + w sigma(n): the first part taken exactly
    if abs(n) > _FAR:
        rest = mpmath.fsub(b, n, exact=True)
        rest = mpmath.fadd(rest, w, exact=True) if n > 0 else rest
        if rest != 0:
            return 1 if rest > 0 else -1
        return int(np.sign(-w if n > 0 else w))
    for bits in (320, 640, 1280, 2560, 5120):
        with mpmath.workprec(bits):
            term = mpmath.mpf(w) / (1 + mpmath.exp(-n))
            value = term + b - n
            rounding = abs(term) * (abs(n) + 4) + abs(b) + abs(n)
            if abs(value) > rounding * mpmath.ldexp(1, 12 - bits):
                return 1 if value > 0 else -1
    return 0


def _mp_root(lo, hi, w, b):
    """The root of F on [lo, hi], whose ends' signs differ, by bisection to 2^-80 of itself (or to 2^-1200);
    the midpoint is the geometric mean where the ends differ by more than a factor 4, so that a bracket
    spanning many binades (up to 1.8e308) takes a few hundred steps at most."""
    s_lo, s_hi = _f_sign(lo, w, b), _f_sign(hi, w, b)
    if s_lo == 0 or s_hi == 0:
        return lo if s_lo == 0 else hi
    assert s_lo == -s_hi
    with mpmath.workprec(_BITS):
        lo, hi = bracket(
            lo, hi, s_lo, lambda x: _f_sign(x, w, b), _BITS, mpmath.ldexp(1, -80), _ZERO
        )
        return (lo + hi) / 2


def _mp_critical_net(w):
    """2 arcosh(sqrt(w)/2) at 256 bits: where w sigma'(n) = 1."""
    with mpmath.workprec(_BITS):
        return 2 * mpmath.acosh(mpmath.sqrt(mpmath.mpf(w)) / 2)


def _mp_all_roots(w, b):
    """Every root of F: one on each piece between b, b + w and the exact critical nets +-c where F's sign
    changes (or is 0 at an end); F is monotone on each piece."""
    with mpmath.workprec(_BITS):
        ends = sorted((mpmath.mpf(b), mpmath.fadd(b, w, exact=True)))
        if w > 4:
            c = _mp_critical_net(w)
            ends[1:1] = [x for x in (-c, c) if ends[0] < x < ends[-1]]
    roots = []
    for lo, hi in itertools.pairwise(ends):
        s_lo, s_hi = _f_sign(lo, w, b), _f_sign(hi, w, b)
        if s_lo * s_hi <= 0:
            roots.append(_mp_root(lo, hi, w, b))
    return sorted(set(roots))


def _form_terms(n, w, b):
    """The exact terms of the form of F the library uses at the float n (as the row lists them)."""
    big_w, big_n = mpmath.mpf(w), mpmath.mpf(n)
    if abs(n) < 1:
        return [
            mpmath.fadd(b, big_w / 2, exact=True),
            (big_w / 4 - 1) * big_n,
            big_w / 2 * (mpmath.tanh(big_n / 2) - big_n / 2),
        ]
    # beyond _FAR the term w sigma(-|n|) is below 2^-1,500,000 |w|, far below |n|: it is never the largest
    far = mpmath.mpf(0)
    if n >= 1:
        return [
            mpmath.fadd(w, b, exact=True),
            far if n > _FAR else big_w / (1 + mpmath.exp(big_n)),
            big_n,
        ]
    return [far if n < -_FAR else big_w / (1 + mpmath.exp(-big_n)), mpmath.mpf(b), big_n]


def _stated_bound(n, root, w, b, units=None):
    """One ulp of n (2^-52 |n|, or 2^-1074) plus ``units`` (the stated number) of 2^-53 of E / |1 - rho|."""
    units = ROOT_UNITS if units is None else units
    floats = [
        x
        for x in (math.nextafter(n, -math.inf), n, math.nextafter(n, math.inf))
        if math.isfinite(x)
    ]
    with mpmath.workprec(_BITS):
        scale = max(
            [mpmath.ldexp(1, -1022)] + [abs(t) for x in floats for t in _form_terms(x, w, b)]
        )
        e = mpmath.exp(-abs(root))
        rho = mpmath.mpf(w) * e / (1 + e) ** 2
        ulp = mpmath.ldexp(abs(n), -52) + mpmath.ldexp(1, -1074)
        return ulp + (units * U * scale / abs(1 - rho) if rho != 1 else mpmath.inf)


def _check_nets(w, b, units=None):
    """Each reported net input within the stated bound of a true root, and each true root found (within the
    bound of a reported net input), unless a root lies within the stated CRITICAL_UNITS of c of +-c."""
    nets = _fixed_points._fixed_point_nets(w, b)
    truth = _mp_all_roots(w, b)
    with mpmath.workprec(_BITS):
        for n in nets:
            assert any(abs(n - t) <= _stated_bound(n, t, w, b, units) for t in truth), (n, truth)
        if w > 4:
            c = _mp_critical_net(w)
            if any(abs(abs(t) - c) <= CRITICAL_UNITS * U * c for t in truth):
                return  # a pair this near the tangency may be missed
        for t in truth:
            assert any(abs(n - t) <= _stated_bound(n, t, w, b, units) for n in nets), (t, nets)


def _log_uniform(low, high):
    return st.floats(math.log2(low), math.log2(high)).map(lambda e: 2.0**e)


SIGNS = st.sampled_from([-1.0, 1.0])


@st.composite
def _units(draw):
    """A weight and a bias: ordinary, near a tangency (a fixed point at y with factor k near 1, the bias a
    few ulps off), near w = 4 and b = -2, huge (b near -w too), subnormal, or near a tangency far out."""
    kind = draw(st.sampled_from(["plain", "tangent", "near_four", "huge", "tiny", "far_tangent"]))
    if kind == "plain":
        w = draw(SIGNS) * draw(_log_uniform(1e-3, 1e4))
        return w, draw(SIGNS) * draw(_log_uniform(1e-3, 1e4))
    if kind == "near_four":
        w = 4.0 + draw(SIGNS) * draw(_log_uniform(2.0**-51, 1e-2))
        return w, -w / 2 + draw(st.sampled_from([0.0, -1.0, 1.0])) * draw(_log_uniform(1e-20, 1e-3))
    if kind == "huge":
        w = draw(SIGNS) * draw(_log_uniform(1e10, 1e300))
        if draw(st.booleans()):
            b = -w * (1 - draw(_log_uniform(2.0**-53, 1.0)))
        else:
            b = draw(SIGNS) * draw(_log_uniform(1.0, 1e300))
        assume(math.isfinite(w + b))
        return w, b
    if kind == "tiny":
        w = draw(SIGNS) * draw(_log_uniform(5e-324, 1e-300))
        return w, draw(SIGNS) * draw(_log_uniform(5e-324, 1e-300))
    if kind == "tangent":
        y = draw(st.floats(1e-3, 1 - 1e-3))
    else:  # y near 0 or near 1
        near_one = _log_uniform(2.0**-52, 1e-3).map(lambda v: 1 - v)
        y = draw(st.one_of(_log_uniform(1e-300, 1e-3), near_one))
    k = 1 + draw(SIGNS) * draw(_log_uniform(2.0**-50, 1e-2))
    try:
        w, b = carousel.unit_factor_bias(y, k)
    except ValueError:
        assume(False)
    return w, b + draw(st.integers(-3, 3)) * math.ulp(b)


@settings(max_examples=120, deadline=None)
@given(_units())
@example((4.0, -2.0))  # a triple root at 0, the tangency itself: rho = 1
@example((4.0 + 2.0**-50, -(4.0 + 2.0**-50) / 2))  # the pair at +-5.16e-8 beside the root 0
@example((3.9999999999999187, -1.9999999999999594))  # root 0: F rounds to 0 out to 1.2e-310
@example((5.6107485216906285, -2.49874593493865))  # 1.7 units of E / |1 - rho|, rho = 1 + 1.7e-8
@example((8283.586662613416, -10.02191059017021))  # the extremum misses zero by 5.3e-17
@example((1e308, -9.999999999999998e307))  # b near -w, huge: the middle root keeps its digits
@example((5e-324, 5e-324))
def test_each_fixed_points_net_input_is_within_the_stated_bound(unit):
    w, b = unit
    _check_nets(w, b)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.floats(4.0, 8.0, exclude_min=True),
        _log_uniform(2.0**-50, 1.0).map(lambda d: 4.0 + d),
        _log_uniform(8.0, 1.7e308),
    )
)
@example(math.nextafter(4.0, 5.0))
@example(4.000000000239159)  # 2.9 units, the most a search of 200,000 weights found
def test_the_critical_net_is_within_its_stated_units(w):
    c = _fixed_points._critical_net(w)
    exact = _mp_critical_net(w)
    with mpmath.workprec(_BITS):
        assert abs(c - exact) <= CRITICAL_UNITS * U * exact


def test_the_array_logistic_is_the_scalar_one_bit_for_bit():
    from lstmnotes.carousel._fixed_points import _logistic, _logistic_array

    rng = np.random.default_rng(3)
    x = np.concatenate(
        [
            rng.normal(0.0, 1.0, 2000),
            rng.normal(0.0, 40.0, 2000),
            rng.uniform(-760.0, 760.0, 2000),
            [0.0, -0.0, 5e-324, -5e-324, 2.0**-1022, 709.78, -745.13, -746.0, 1e308, -1e308],
        ]
    )
    for size in (1, 7, 8, 9, 17, x.size):  # the lengths at which vectorised loops split differently
        part = x[:size]
        expected = np.array([_logistic(float(v)) for v in part])
        assert _logistic_array(part).tobytes() == expected.tobytes()
