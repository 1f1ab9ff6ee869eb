"""The numbers the domain rows of fixed_points and worst_case_rate state, checked against mpmath over their
whole domain: near tangencies, near the threshold weights, saturated attractors and subnormal values."""

from __future__ import annotations

import itertools
import math
import re
import time

import mpmath
import pytest
from _mp_bisection import bracket
from _timing import assert_fast
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from lstmnotes import latching
from lstmnotes.latching import _fixed_points

U = 2.0**-53
TINY = 2.0**-1074
GAMMA = {"tanh": 1.0, "logistic": 4.0}
"""The threshold weight 1/gamma of each activation: two attractors need w above it."""


def _row(function):
    return next(row for row in latching.DOMAIN if row.function is function)


def _stated(function, pattern):
    """The numbers a row's accuracy states, by a pattern with groups."""
    found = re.search(pattern, _row(function).accuracy)
    assert found, _row(function).accuracy
    return tuple(float(g) for g in found.groups())


EXCESS_UNITS, SUBNORMAL_UNITS = _stated(
    latching.fixed_points, r"<= ([0-9.]+) units of 2\^-53 E plus ([0-9.]+) units of 2\^-1074"
)
"""The stated bound on |w f(x) + b - x| at a net within one float of each net input returned."""
(CRITICAL_UNITS,) = _stated(
    latching.fixed_points, r"within ([0-9.]+) units of 2\^-53 c of an exact"
)
"""The stated distance (in units of 2^-53 c) from an exact critical net within which a pair may be missed."""
(RATE_ULPS,) = _stated(latching.worst_case_rate, r"within ([0-9.]+) ulps? of the exact value")
"""The stated accuracy of worst_case_rate, in ulps of the exact value."""


@pytest.mark.parametrize("function", [latching.fixed_points, latching.worst_case_rate])
def test_the_docstring_states_the_rows_accuracy_in_the_same_words(function):
    words = " ".join(function.__doc__.split())
    accuracy = " ".join(_row(function).accuracy.split())
    assert accuracy in words or accuracy.split(": ", 1)[1] in words


# ---- the oracle: G(x) = w f(x) + b - x from the float inputs taken as exact --------------------------------


def _f(x, activation):
    return mpmath.tanh(x) if activation == "tanh" else 1 / (1 + mpmath.exp(-x))


def _sign(x, w, b, activation):
    """The sign of G at the exact x (a float or an mpf of at most 300 bits): at 320 bits, doubled until |G|
    exceeds the rounding of its terms (0 if not even at 5120 bits)."""
    for bits in (320, 640, 1280, 2560, 5120):
        with mpmath.workprec(bits):
            x_ = mpmath.mpf(x)
            term = mpmath.mpf(w) * _f(x_, activation)
            value = term + b - x_
            if abs(value) > (abs(term) + abs(b) + abs(x_)) * mpmath.ldexp(1, 12 - bits):
                return 1 if value > 0 else -1
    return 0


def _excess(x, w, b, activation, resolution):
    """G at the float x, within ``resolution`` (a positive mpf)."""
    size = abs(w) + abs(b) + abs(x) + 1.0
    bits = 64 + max(0, mpmath.frexp(size / resolution)[1])
    with mpmath.workprec(bits):
        x_ = mpmath.mpf(x)
        return mpmath.mpf(w) * _f(x_, activation) + b - x_


def _size(x, w, b, activation):
    """E at the float x, as the row defines it: max(|w|, |b|, 1) where |s x| >= 1/2, else the largest term of
    the centred form beta + (omega - 1) x + (omega/s)(tanh(s x) - s x), exact."""
    s = 1.0 if activation == "tanh" else 0.5
    if abs(s * x) >= 0.5:
        return mpmath.mpf(max(abs(w), abs(b), 1.0))
    with mpmath.workprec(400):
        w_, x_ = mpmath.mpf(w), mpmath.mpf(x)
        omega = w_ if activation == "tanh" else w_ / 4
        beta = mpmath.mpf(b) if activation == "tanh" else mpmath.fadd(b, w_ / 2, exact=True)
        u = s * x_
        # tanh u - u, by its series (to 2^-160 of itself) where it would cancel beyond 400 bits
        gap = -(u**3) / 3 + 2 * u**5 / 15 if abs(u) < 2.0**-40 else mpmath.tanh(u) - u
        return max(abs(beta), abs((omega - 1) * x_), abs(omega / s * gap))


def _bound(x, w, b, activation):
    """The stated bound on |G| near the float x: EXCESS_UNITS of 2^-53 E plus SUBNORMAL_UNITS of 2^-1074."""
    return EXCESS_UNITS * U * _size(x, w, b, activation) + mpmath.ldexp(SUBNORMAL_UNITS, -1074)


def _critical(w, activation):
    """The exact critical net c > 0 (w f'(c) = 1), at 300 bits, or None for w at or below 1/gamma."""
    if w <= GAMMA[activation]:
        return None
    with mpmath.workprec(300):
        w_ = mpmath.mpf(w)
        if activation == "tanh":
            return mpmath.atanh(mpmath.sqrt(1 - 1 / w_))
        return 2 * mpmath.acosh(mpmath.sqrt(w_) / 2)


def _bisect(lo, hi, s_lo, w, b, activation):
    """A bracket [lo, hi] of the root of G between lo and hi (G's sign at lo is s_lo, at hi the other), to
    2^-100 of itself (or 2^-1130): bisection at 300 bits, by the geometric mean where the ends differ by
    more than a factor 4 (tiny roots)."""
    sign = lambda x: _sign(x, w, b, activation)
    return bracket(lo, hi, s_lo, sign, 300, mpmath.ldexp(1, -100), mpmath.ldexp(1, -1130))


def _root(a, z, w, b, activation, hints):
    """A bracket of the one root of G on the piece [a, z] (where G is monotone and the signs of its ends
    differ, or one is zero): from a hint inside the piece, the floats beside it if the root lies between
    them, else a bracket widened fourfold until it holds the root, then bisected."""
    s_a, s_z = _sign(a, w, b, activation), _sign(z, w, b, activation)
    if s_a == 0 or s_z == 0:
        end = mpmath.mpf(a if s_a == 0 else z)
        return end, end
    inside = [h for h in hints if a < h < z]
    if not inside:
        return _bisect(a, z, s_a, w, b, activation)
    hint = inside[0]
    with mpmath.workprec(300):
        step = mpmath.mpf(math.ulp(hint))
        while True:
            lo, hi = max(mpmath.mpf(a), hint - step), min(mpmath.mpf(z), hint + step)
            s_lo, s_hi = _sign(lo, w, b, activation), _sign(hi, w, b, activation)
            if s_lo == 0 or s_hi == 0:
                return (lo, lo) if s_lo == 0 else (hi, hi)
            if s_lo != s_hi:
                break
            step *= 4
        if hi - lo <= 2 * math.ulp(hint):
            return lo, hi
        return _bisect(lo, hi, s_lo, w, b, activation)


def _roots(w, b, activation, hints=()):
    """A bracket of every exact root of G: one on each piece between b -+ (|w| + 1) and the exact critical
    nets where G's sign changes (G is monotone on each); ``hints``, floats near the roots, shorten the
    search (the brackets are found and checked from G's exact signs alone)."""
    with mpmath.workprec(300):
        cuts = [mpmath.mpf(b) - abs(w) - 1, mpmath.mpf(b) + abs(w) + 1]
        c = _critical(w, activation)
        if c is not None:
            cuts[1:1] = [v for v in (-c, c) if cuts[0] < v < cuts[-1]]
    brackets = []
    for lo, hi in itertools.pairwise(cuts):
        if _sign(lo, w, b, activation) * _sign(hi, w, b, activation) <= 0:
            brackets.append(_root(lo, hi, w, b, activation, hints))
    return sorted(set(brackets))


def _slope_gap(t, w, activation):
    """|1 - w f'(t)| at the exact t."""
    with mpmath.workprec(300):
        t = mpmath.mpf(t)
        slope = (
            1 / mpmath.cosh(t) ** 2 if activation == "tanh" else 1 / (4 * mpmath.cosh(t / 2) ** 2)
        )
        return abs(1 - w * slope)


def _beside(x):
    return math.nextafter(x, -math.inf), x, math.nextafter(x, math.inf)


def _near_a_small_excess(x, w, b, activation, units=EXCESS_UNITS):
    """Whether within one float of x there is a net where |G| is within the stated bound (with ``units``
    for EXCESS_UNITS): G vanishes between x and a float beside it, or |G| is within the bound at one of them."""
    floats = _beside(x)
    bounds = [
        units * U * _size(v, w, b, activation) + mpmath.ldexp(SUBNORMAL_UNITS, -1074)
        for v in floats
    ]
    values = [
        _excess(v, w, b, activation, bound * 2.0**-30)
        for v, bound in zip(floats, bounds, strict=True)
    ]
    if any(abs(g) <= bound for g, bound in zip(values, bounds, strict=True)):
        return True
    return values[0] * values[1] <= 0 or values[1] * values[2] <= 0


def _check(w, b, activation, units=EXCESS_UNITS, critical_units=CRITICAL_UNITS):
    """Every statement of the row on the nets and the count, for one unit (``units`` and ``critical_units``
    standing for the stated numbers)."""
    points = latching.fixed_points(w, b, activation)
    nets = [p.net for p in points]
    roots = _roots(w, b, activation, nets)
    c = _critical(w, activation)
    for x in nets:
        assert _near_a_small_excess(x, w, b, activation, units), (x, roots)
        # the consequence: within the bound over the least |1 - w f'| on the way, plus one float
        lo, hi = min(roots, key=lambda r: min(abs(r[0] - x), abs(r[1] - x)))
        low, _, high = _beside(x)
        ends = [min(mpmath.mpf(low), lo), max(mpmath.mpf(high), hi)]
        if c is not None and any(ends[0] <= v <= ends[1] for v in (-c, c)):
            continue  # |1 - w f'| vanishes on the way: no bound
        gaps = [_slope_gap(v, w, activation) for v in ends]
        if ends[0] < 0 < ends[1]:
            gaps.append(_slope_gap(0, w, activation))
        if min(gaps) == 0:
            continue  # a triple root at 0 (w = 1/gamma): no bound either
        largest = max(
            units * U * _size(v, w, b, activation) + mpmath.ldexp(SUBNORMAL_UNITS, -1074)
            for v in _beside(x)
        )
        with mpmath.workprec(300):
            distance = max(abs(x - lo), abs(x - hi))
            assert distance <= largest / min(gaps) + max(x - low, high - x), (x, lo, hi)
    if c is None or all(abs(abs(lo) - c) > critical_units * U * c for lo, _ in roots):
        assert len(nets) == len(roots), (nets, roots)
    # where the rounded G at a float critical net is within twice the bound of zero, or of the other sign,
    # the nets on the pieces beside it are within one float of the exact ones
    cut = _fixed_points._critical_net(w, activation)
    if cut is None:
        return
    top, bottom = b + abs(w) + 1.0, b - abs(w) - 1.0
    cuts = [bottom, *(min(max(v, bottom), top) for v in (-cut, cut)), top]
    for i in (1, 2):
        rounded = _fixed_points._excess(cuts[i], w, b, activation)
        sign = _sign(cuts[i], w, b, activation)
        wrong = sign != 0 and (rounded == 0.0 or (rounded > 0) != (sign > 0))
        if wrong or abs(rounded) <= 2 * _bound(cuts[i], w, b, activation) * (1 - 2.0**-40):
            for x in nets:
                if cuts[i - 1] < x <= cuts[i + 1]:
                    low, _, high = _beside(x)
                    assert any(low <= lo and hi <= high for lo, hi in roots), (x, roots)


# ---- the units tried -------------------------------------------------------------------------------------


def _log_uniform(low, high):
    return st.floats(math.log2(low), math.log2(high)).map(lambda e: 2.0**e)


SIGNS = st.sampled_from([-1.0, 1.0])
ACTIVATIONS = st.sampled_from(latching.LATCH_ACTIVATIONS)


@st.composite
def _weights_above_threshold(draw, activation):
    """w above 1/gamma: within 2^-52 .. 1/2 of it relatively, or anywhere up to MAX_WEIGHT."""
    gamma = GAMMA[activation]
    if draw(st.booleans()):
        return gamma * (1 + draw(_log_uniform(2.0**-52, 0.5)))
    return draw(st.floats(gamma, latching.MAX_WEIGHT, exclude_min=True))


@st.composite
def _units(draw):
    """(w, b, activation): anywhere; near a tangency (b a few ulps, or up to 2^30 ulps, from an end of the
    bistable range); near the threshold weight with b near its centre; tiny or subnormal w and b."""
    activation = draw(ACTIVATIONS)
    kind = draw(st.sampled_from(["plain", "tangent", "far_tangent", "threshold", "tiny"]))
    top = latching.MAX_WEIGHT
    if kind == "plain":
        return draw(st.floats(-top, top)), draw(st.floats(-top, top)), activation
    if kind == "tiny":
        w = draw(SIGNS) * draw(st.one_of(_log_uniform(5e-324, 1e-300), st.floats(0.0, 2.0)))
        if draw(st.booleans()):
            w = GAMMA[activation] * (1 + draw(st.integers(1, 8)) * 2.0**-52)
        b = draw(SIGNS) * draw(_log_uniform(5e-324, 1e-300))
        return w, (b - w / 2 if activation == "logistic" else b), activation
    w = draw(_weights_above_threshold(activation))
    low, high = latching.bistable_biases(w, activation)
    if kind == "threshold":
        centre = 0.0 if activation == "tanh" else -w / 2
        b = centre + draw(st.floats(-1.0, 1.0)) * (high - low)
        assume(abs(b) <= top)
        return w, b, activation
    end = draw(st.sampled_from([low, high]))
    steps = draw(st.integers(-40, 40) if kind == "tangent" else st.integers(-(2**30), 2**30))
    b = end + steps * math.ulp(end)
    assume(abs(b) <= top)
    return w, b, activation


@settings(max_examples=300, deadline=None)
@given(_units())
@example((2.0, 0.0, "tanh"))
@example((1 + 2.0**-52, 0.0, "tanh"))  # the root 0 and the attractors at about +-2.6e-8
@example(
    (1 + 2.0**-52, 1.020222082446934e-24, "tanh")
)  # inside the bistable range, about +-2.2e-24
@example((4 * (1 + 2.0**-50), -2.0 - 2.0**-49, "logistic"))
@example((1.0, 0.0, "tanh"))  # a triple root at 0, the tangency itself
@example(
    (1 + 3 * 2.0**-52, 3 * 2.0**-1074, "tanh")
)  # the middle root near -2^-1022 loses its digits
@example((1000.0, -995.3531002112119, "tanh"))
@example((693.5795777152691, 689.1156778335934, "tanh"))  # the minimum of G is -5.5e-15
@example((5.220407028268144, -2.817152762074491, "logistic"))
@example((1.131094729078368, 0.03047976395747868, "tanh"))  # rho = 1 +- 3.8e-9
@example((-1000.0, 1000.0, "logistic"))
def test_each_net_input_and_the_count_keep_the_stated_bounds(unit):
    """Each net input within one float of a net where |G| is within the stated bound, and so within that
    over the least |1 - w f'| plus one float of the exact net; the count exact unless a root lies within the
    stated distance of a critical net; within one float where the rounded G at a critical net is near zero."""
    _check(*unit)


def test_a_net_beside_a_critical_net_where_g_rounds_near_zero_is_within_one_float():
    # b 40 ulps inside the lower end of the bistable range: the rounded G at the float critical net c has
    # the right sign but is within its rounding of zero, and bisection of the rounded G ended 4.2e-10 and
    # 8.5e-11 from the nets of the pair near c
    w, b = 1.2082695359761895, -0.059795394517915886
    start = time.process_time()
    points = latching.fixed_points(w, b, "tanh")
    assert_fast(
        start, 0.01
    )  # the docstring: about 10 milliseconds at most, bisecting on precise signs
    roots = _roots(w, b, "tanh", [p.net for p in points])
    assert len(points) == len(roots) == 3
    for p, (lo, hi) in zip(points, roots, strict=True):
        low, _, high = _beside(p.net)
        assert low <= lo
        assert hi <= high


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(latching.LATCH_ACTIVATIONS).flatmap(
        lambda a: st.tuples(st.just(a), _weights_above_threshold(a))
    )
)
@example(("tanh", 1 + 2.0**-52))
@example(("logistic", 4.000000000239159))
def test_the_float_critical_net_is_within_the_stated_units(unit):
    activation, w = unit
    c = _fixed_points._critical_net(w, activation)
    with mpmath.workprec(300):
        assert abs(c - _critical(w, activation)) <= CRITICAL_UNITS * U * _critical(w, activation)


# ---- worst_case_rate -------------------------------------------------------------------------------------


def _mp_rate(w, b, eps, activation, side):
    """w f'(x) at the root x of G(x) = +-eps beyond the exact critical net (the critical net itself where
    there is none: the rate one), by bisection at 256 bits to 2^-200 (the rate to about 2^-110)."""
    with mpmath.workprec(256):
        w_, b_, eps_ = mpmath.mpf(w), mpmath.mpf(b), mpmath.mpf(eps)
        s = 1 if side == "upper" else -1
        near, far = s * _critical(w, activation), b_ + s * (w_ + 1)

        def above(x):
            return s * (w_ * _f(x, activation) + b_ - x - s * eps_) > 0

        if not above(near):
            far = near
        while abs(far - near) > mpmath.ldexp(1, -200):
            mid = (near + far) / 2
            near, far = (mid, far) if above(mid) else (near, mid)
        x = (near + far) / 2
        if activation == "tanh":
            return w_ / mpmath.cosh(x) ** 2
        return w_ * mpmath.exp(-abs(x)) / (1 + mpmath.exp(-abs(x))) ** 2


def _ulp(value):
    """An ulp of the exact value: 2^(e - 52) for 2^e <= |value| < 2^(e + 1), 2^-1074 below 2^-1022."""
    if abs(value) < 2.0**-1022:
        return mpmath.mpf(TINY)
    return mpmath.ldexp(1, mpmath.frexp(abs(value))[1] - 53)


@st.composite
def _rate_cases(draw):
    """(w, b, epsilon, activation, attractor): b anywhere in the bistable range, a few ulps inside an end
    (an attractor near its tangency), or placing an attractor where its slope is subnormal; epsilon zero,
    the tolerance, just below it, or a fraction of it."""
    activation = draw(ACTIVATIONS)
    kind = draw(st.sampled_from(["inside", "edge", "subnormal"]))
    if (
        kind == "subnormal"
    ):  # the upper attractor's net near w + b, where f' is about e^-2|net| or e^-|net|
        w = draw(st.floats(400.0, latching.MAX_WEIGHT))
        net = draw(st.floats(330.0, 390.0) if activation == "tanh" else st.floats(690.0, 760.0))
        b = net - w
        side = "upper"
    else:
        w = draw(_weights_above_threshold(activation))
        low, high = latching.bistable_biases(w, activation)
        if kind == "inside":
            b = low + draw(st.floats(0.0, 1.0)) * (high - low)
        else:
            end, inward = draw(st.sampled_from([(low, high), (high, low)]))
            b = end
            for _ in range(draw(st.integers(1, 6))):
                b = math.nextafter(b, inward)
        side = draw(st.sampled_from(latching.ATTRACTORS))
    try:
        unit = latching.latch(w, b, activation)
    except ValueError:
        assume(False)
    tolerance = max(unit.tolerance(side), 0.0)
    eps = draw(
        st.sampled_from([0.0, tolerance, math.nextafter(tolerance, 0.0)])
        | st.floats(0.0, 60.0).map(lambda k: tolerance * (1 - 2.0**-k))
        | st.floats(0.0, 1.0).map(lambda t: tolerance * t)
    )
    return w, b, max(eps, 0.0), activation, side


def _rate_error(case):
    """|worst_case_rate - exact| in ulps of the exact value."""
    rate = latching.worst_case_rate(*case)
    exact = _mp_rate(*case)
    with mpmath.workprec(320):
        return float(abs(rate - exact) / _ulp(exact))


@settings(max_examples=200, deadline=None)
@given(_rate_cases())
@example((1000.0, 0.0, 0.0, "tanh", "upper"))  # 4000 e^-2000: zero
@example((760.0, -400.0, 0.0, "tanh", "upper"))  # about 3e-310: subnormal
@example((1000.0, -995.3531002111538, 0.0, "tanh", "upper"))  # near a tangency: 0.99998...
@example((2.0, 0.0, 0.5328399753535519, "tanh", "upper"))  # epsilon the tolerance: the rate one
@example((4.000000000000874, -2.000000000000437, 0.0, "logistic", "upper"))  # tolerance below zero
def test_worst_case_rate_is_within_the_stated_ulps(case):
    assert _rate_error(case) <= RATE_ULPS


def test_worst_case_rate_takes_zero_where_the_tolerance_rounds_below_zero():
    # near w = 4 the closed-form tolerance is a difference of terms near 2 that rounds to -8.2e-17 (exact:
    # about 1e-22); epsilon = 0 was refused as outside [0, tolerance]
    case = (4.000000000000874, -2.000000000000437, 0.0, "logistic", "upper")
    assert latching.latch(*case[:2], "logistic").upper_tolerance < 0
    assert _rate_error(case) <= RATE_ULPS
    with pytest.raises(ValueError, match="epsilon"):
        latching.worst_case_rate(*case[:2], 1e-30, "logistic", "upper")


def test_an_epsilon_the_float_tolerance_admits_beyond_the_exact_one_gives_the_limit_one():
    # epsilon is the float tolerance itself, about 1e-16 above the exact one (within the tolerance's stated
    # error): G(x) = epsilon has no root beyond the critical net, and the rate is its limit, 1
    w, b, eps = 4.0065761315021415, -2.00337690204262, 3.0531133177191805e-16
    assert latching.worst_case_rate(w, b, eps, "logistic", "upper") == 1.0
