"""Fixed points near a tangency at a small net input, where $w f(x) + b$ and $x$ agree to many digits:
the centred form of ``lstmnotes._tanh_form`` keeps the roots of both fixed-point searches to a few ulps
(mpmath oracles throughout)."""

from __future__ import annotations

import itertools
import math

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import carousel, latching
from lstmnotes._tanh_form import NEAR, tanh_minus_identity

ULPS = 8


@given(
    st.one_of(
        st.floats(-NEAR, NEAR, exclude_min=True, exclude_max=True),
        st.floats(2.0**-1074, 2.0**-500),
    )
)
@settings(max_examples=300, deadline=None)
def test_tanh_minus_identity_keeps_a_few_ulps(u):
    digits = 40 + int(-3 * math.log10(abs(u))) if u else 40
    with mpmath.workdps(digits):
        truth = mpmath.tanh(mpmath.mpf(u)) - mpmath.mpf(u)
        if abs(truth) < mpmath.mpf(2) ** -1022:  # a subnormal result: absolute accuracy
            assert abs(tanh_minus_identity(u) - truth) <= 2.0**-1074
        else:
            assert abs(tanh_minus_identity(u) - truth) <= 4 * 2.0**-53 * abs(truth)


def _mp_bisect(gap, lo, hi):
    """The root of ``gap`` on ``[lo, hi]``, across which it changes sign, to 400 halvings (or exactly)."""
    g_lo = gap(lo)
    for _ in range(400):
        mid = (lo + hi) / 2
        g_mid = gap(mid)
        if g_mid == 0:
            return mid
        if (g_mid > 0) == (g_lo > 0):
            lo, g_lo = mid, g_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _mp_roots(w, b, activation):
    """Every root of $w f(x) + b - x$ at 60 digits: bisection on the pieces between the critical nets."""
    with mpmath.workdps(60):
        w, b = mpmath.mpf(w), mpmath.mpf(b)
        if activation == "tanh":
            f, slope_max = mpmath.tanh, 1
            critical = mpmath.acosh(mpmath.sqrt(w)) if w > 1 else None
        else:
            f, slope_max = (lambda x: 1 / (1 + mpmath.exp(-x))), mpmath.mpf(1) / 4
            critical = 2 * mpmath.acosh(mpmath.sqrt(w) / 2) if w > 4 else None
        assert (critical is None) == (w * slope_max <= 1)

        def gap(x):
            return w * f(x) + b - x

        ends = [b - abs(w) - 1, b + abs(w) + 1]
        cuts = sorted(ends + ([-critical, critical] if critical is not None else []))
        roots = []
        for lo, hi in itertools.pairwise(cuts):
            if gap(lo) == 0:
                roots.append(lo)
            elif gap(lo) * gap(hi) < 0:
                roots.append(_mp_bisect(gap, lo, hi))
        return roots


def _conditioning(w, b, activation, net):
    """The stated accuracy of a root: $E/|1 - \\rho|$, with $E$ the largest term of the form in use."""
    with mpmath.workdps(60):
        w, b, net = mpmath.mpf(w), mpmath.mpf(b), mpmath.mpf(net)
        omega, beta, s = (
            (w, b, 1) if activation == "tanh" else (w / 4, b + w / 2, mpmath.mpf(1) / 2)
        )
        rho = omega * 4 * mpmath.exp(-2 * abs(s * net)) / (1 + mpmath.exp(-2 * abs(s * net))) ** 2
        if abs(s * net) < NEAR:
            terms = (beta, (omega - 1) * net, omega / s * (mpmath.tanh(s * net) - s * net))
        else:
            terms = (w, b, 1)
        return max(abs(t) for t in terms) / abs(1 - rho)


def _close(found, truth, w, b, activation="logistic"):
    allowance = abs(truth) + _conditioning(w, b, activation, truth)
    return abs(mpmath.mpf(found) - truth) <= ULPS * 2.0**-52 * max(allowance, 2.0**-1022)


@given(st.floats(2.0**-40, 0.25))
@settings(max_examples=40, deadline=None)
def test_latching_roots_near_a_tangency_keep_a_few_ulps(excess):
    w = 1.0 + excess
    for activation, bias in (("tanh", 0.0), ("logistic", -2.0 * w)):
        weight = w if activation == "tanh" else 4.0 * w
        found = [p.net for p in latching.fixed_points(weight, bias, activation)]
        truth = _mp_roots(weight, bias, activation)
        assert len(found) == len(truth) == 3
        assert all(
            _close(x, t, weight, bias, activation) for x, t in zip(found, truth, strict=True)
        )


@pytest.mark.parametrize(
    ("w", "b"),
    [
        (4.000000001, -2.0),
        (4.0001, -2.00005),
        (4.0 + 2.0**-40, -2.0),
        (4.4, -2.2),
        (11.62029657368238, -3.35798567495446),  # two roots 2.8e-6 apart near -2.2529
    ],
)
def test_carousel_roots_near_a_tangency_keep_a_few_ulps(w, b):
    found = [p.activation for p in carousel.logistic_fixed_points(w, b)]
    roots = _mp_roots(w, b, "logistic")
    assert len(found) == len(roots)
    with mpmath.workdps(60):
        for y, n in zip(found, roots, strict=True):  # an error in n of e moves y by at most e/4
            slack = ULPS * 2.0**-52 * (_conditioning(w, b, "logistic", n) / 4 + 1)
            assert abs(mpmath.mpf(y) - 1 / (1 + mpmath.exp(-n))) <= slack
