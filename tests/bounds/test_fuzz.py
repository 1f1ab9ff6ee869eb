"""The weak bounds against exact rational arithmetic, over the whole float64 range (the accuracy of DOMAIN)."""

import math
import sys
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import bounds

F = Fraction
U = F(1, 2**53)
LARGEST = F(sys.float_info.max)
SUBNORMAL_ULP = F(1, 2**1074)

reals = st.floats(allow_nan=False, allow_infinity=False)  # subnormals and +-1.8e308 included
small_or_huge = st.one_of(
    reals,
    st.builds(
        lambda m, e, sign: sign * math.ldexp(m, e),
        st.floats(0.5, 1.0, exclude_max=True),
        st.integers(-1074, 1024),
        st.sampled_from([1, -1]),
    ),
)
positive = small_or_huge.map(abs).filter(lambda x: x > 0)


def _check(call, exact, relative):
    """``call()`` is within ``relative`` of ``exact`` (plus a subnormal ulp), or refuses an overflow."""
    if exact >= LARGEST * (1 - relative):  # beyond the range, or at its edge: a refusal is right
        try:
            got = call()
        except ValueError as err:
            assert "overflows float64" in str(err)  # noqa: PT017
            return
        assert exact <= LARGEST * (1 + relative)
    else:
        got = call()
    assert abs(F(got) - exact) <= relative * exact + SUBNORMAL_ULP


def _matrix(draw, n, elements):
    return np.array([[draw(elements) for _ in range(n)] for _ in range(n)])


@st.composite
def nets(draw, q_min=1):
    n, q = draw(st.integers(1, 3)), draw(st.integers(q_min, 6))
    W = _matrix(draw, n, small_or_huge)
    fprime = np.array([[draw(small_or_huge) for _ in range(n)] for _ in range(q)])
    return W, fprime


def _norm(W, pair):
    a = [[F(x) for x in row] for row in np.abs(W)]
    rows = [sum(r) for r in a] if pair == "max-row-sum" else [sum(c) for c in zip(*a, strict=True)]
    return max(rows)


@settings(max_examples=150, deadline=None)
@given(net=nets(), pair=st.sampled_from(["max-row-sum", "max-column-sum"]))
def test_weak_bound_against_fractions(net, pair):
    W, fprime = net
    n, q = W.shape[0], fprime.shape[0]
    steepest = max(F(x) for x in np.abs(fprime).ravel())
    exact = n * (steepest * _norm(W, pair)) ** q
    relative = (q * (n + 2) + 2 * math.log2(q) + 4) * U
    _check(lambda: bounds.weak_bound(W, fprime, pair), exact, relative)
    if exact <= LARGEST / 2:
        lags = bounds.weak_bound_by_lag(W, fprime, pair)
        assert lags[-1] == pytest.approx(float(exact), rel=float(relative), abs=2.0**-1074)


@settings(max_examples=150, deadline=None)
@given(net=nets(q_min=2), pair=st.sampled_from(["max-row-sum", "max-column-sum"]), data=st.data())
def test_weak_bound_middle_against_fractions(net, pair, data):
    W, fprime = net
    n, q = W.shape[0], fprime.shape[0]
    u, v = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    steepest = max(F(x) for x in np.abs(fprime).ravel())
    vector = max if pair == "max-row-sum" else sum
    column = vector(F(abs(x)) for x in W[:, v])
    row = vector(F(abs(x)) for x in W[u, :])
    exact = n * steepest**q * column * row * _norm(W, pair) ** (q - 2)
    relative = ((q + 2) * (n + 2) + 4 * math.log2(q) + 8) * U
    _check(lambda: bounds.weak_bound_middle(W, fprime, u, v, pair), exact, relative)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10**6), w_max=positive, q=st.integers(1, 60))
def test_tau_and_tau_bound_against_fractions(n, w_max, q):
    tau = F(n) * F(w_max) / 4
    _check(lambda: bounds.tau(n, w_max), tau, 2 * U)
    _check(lambda: bounds.tau_bound(n, w_max, q), n * tau**q, (q + 2 * math.log2(q) + 4) * U)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n=st.integers(1, 3))
def test_weighted_pair_against_fractions(data, n):
    d = np.array([data.draw(positive) for _ in range(n)])
    a = _matrix(data.draw, n, small_or_huge)
    pair = bounds.weighted_max_norm_pair(d)
    exact = max(sum(F(d[i]) * F(abs(a[i, j])) / F(d[j]) for j in range(n)) for i in range(n))
    _check(lambda: pair.matrix(a), exact, (n + 3) * U)
    x = a[0]
    _check(lambda: pair.vector(x), max(F(d[i]) * F(abs(x[i])) for i in range(n)), 2 * U)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n=st.integers(1, 4), q=st.integers(1, 3))
def test_fprime_max_frobenius_against_mpmath(data, n, q):
    fprime = np.array([[data.draw(small_or_huge) for _ in range(n)] for _ in range(q)])
    with mpmath.workprec(300):
        exact = max(mpmath.sqrt(sum(mpmath.mpf(x) ** 2 for x in row)) for row in fprime)
        relative = n * 2.0**-52
        if exact > sys.float_info.max * (1 + relative):
            with pytest.raises(ValueError, match="overflows float64"):
                bounds.fprime_max(fprime, "frobenius")
            return
        try:
            got = bounds.fprime_max(fprime, "frobenius")
        except ValueError:  # at the edge of the range the rounded norm may pass 2^1024
            assert exact >= sys.float_info.max * (1 - relative)
            return
        assert abs(mpmath.mpf(got) - exact) <= relative * exact + mpmath.mpf(2) ** -1074
    # the induced pairs: exactly the largest |f'|
    assert bounds.fprime_max(fprime, "spectral") == np.abs(fprime).max()
