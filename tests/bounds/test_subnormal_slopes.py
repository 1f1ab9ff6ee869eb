"""Subnormal slopes with huge weights (and subnormal weights with huge slopes), for all four norm pairs.

Referee pass 12B: the Frobenius f'_max of slopes near 1e-310 was rounded into the subnormals before it
was raised to the power q, so weak_bound and weak_bound_chain were 3.4e-14 off where they state 5.3e-15.
The oracle is mpmath at 400 bits from the exact float inputs (the spectral norm as the square root of the
largest eigenvalue of W^T W); nothing here is computed by the code under test.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import bounds

PAIRS = ["max-row-sum", "max-column-sum", "spectral", "frobenius"]
ULP = mpmath.mpf(2) ** -1074


def _mp(values):
    return [mpmath.mpf(float(x)) for x in np.ravel(values)]


def _matrix_norm(W, pair):
    a = [[abs(mpmath.mpf(float(x))) for x in row] for row in W]
    if pair == "max-row-sum":
        return max(mpmath.fsum(r) for r in a)
    if pair == "max-column-sum":
        return max(mpmath.fsum(c) for c in zip(*a, strict=True))
    if pair == "frobenius":
        return mpmath.sqrt(mpmath.fsum(x**2 for r in a for x in r))
    eigenvalues, _ = mpmath.eigsy(mpmath.matrix(W.tolist()).T * mpmath.matrix(W.tolist()))
    return mpmath.sqrt(max(*eigenvalues, 0))


def _vector_norm(x, pair):
    a = [abs(v) for v in _mp(x)]
    if pair == "max-row-sum":
        return max(a)
    if pair == "max-column-sum":
        return mpmath.fsum(a)
    return mpmath.sqrt(mpmath.fsum(v**2 for v in a))


def _fprime_max(fprime, pair):
    if pair == "frobenius":
        return max(_vector_norm(row, "frobenius") for row in fprime)
    return max(abs(x) for x in _mp(fprime))


def _relative(pair, n, q):
    """The DOMAIN row of weak_bound (weak_bound_middle with q + 2 and twice the log term)."""
    if pair in ("max-row-sum", "max-column-sum"):
        return (q * (n + 2) + 2 * math.log2(q) + 4) * 2.0**-53
    return (q * (3 * n + 2) + 4 * math.log2(q) + 8) * 2.0**-53


def _within(got, exact, relative):
    return abs(mpmath.mpf(got) - exact) <= relative * exact + ULP


def test_the_referees_case():
    W, fprime = 1e300 * np.eye(2), np.full((4, 2), 1e-310)
    with mpmath.workprec(400):
        exact = 2 * (mpmath.sqrt(2) * mpmath.mpf(1e-310) * mpmath.sqrt(2) * mpmath.mpf(1e300)) ** 4
        chain = bounds.weak_bound_chain(W, fprime, 0, 0, "frobenius")
        for got in (bounds.weak_bound(W, fprime, "frobenius"), chain.bound):
            assert _within(got, exact, _relative("frobenius", 2, 4))
            assert _within(got, exact, chain.bound_error)


tiny = st.builds(  # subnormal, or just above the normal range's floor
    lambda m, e, sign: sign * math.ldexp(m, e),
    st.floats(0.5, 1.0, exclude_max=True),
    st.integers(-1074, -1015),
    st.sampled_from([1.0, -1.0, 0.0]),
)
huge = st.builds(
    lambda m, e, sign: sign * math.ldexp(m, e),
    st.floats(0.5, 1.0, exclude_max=True),
    st.integers(900, 1022),
    st.sampled_from([1.0, -1.0, 0.0]),
)


@st.composite
def nets(draw):
    n, q = draw(st.integers(1, 3)), draw(st.integers(2, 6))
    slopes, weights = (tiny, huge) if draw(st.booleans()) else (huge, tiny)
    W = np.array([[draw(weights) for _ in range(n)] for _ in range(n)])
    fprime = np.array([[draw(slopes) for _ in range(n)] for _ in range(q)])
    return W, fprime


def _check(call, exact, relative):
    """``call()`` within ``relative`` of ``exact`` plus a subnormal ulp, or a refused overflow."""
    largest = mpmath.mpf(np.finfo(np.float64).max)
    if exact >= largest * (1 - relative):
        try:
            got = call()
        except ValueError as err:
            assert "overflows float64" in str(err)  # noqa: PT017
            return None
    else:
        got = call()
    assert _within(got, exact, relative)
    return got


@settings(max_examples=150, deadline=None)
@given(net=nets(), pair=st.sampled_from(PAIRS), data=st.data())
def test_bounds_against_mpmath(net, pair, data):
    W, fprime = net
    n, q = W.shape[0], fprime.shape[0]
    u, v = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    with mpmath.workprec(400):
        steepest, size = _fprime_max(fprime, pair), _matrix_norm(W, pair)
        fprime_rel = n * 2.0**-52 if pair == "frobenius" else 0.0
        _check(lambda: bounds.fprime_max(fprime, pair), steepest, fprime_rel)
        exact = n * (steepest * size) ** q
        relative = _relative(pair, n, q)
        _check(lambda: bounds.weak_bound(W, fprime, pair), exact, relative)
        if exact <= mpmath.mpf(np.finfo(np.float64).max) / 2:
            _check(lambda: bounds.weak_bound_by_lag(W, fprime, pair)[-1], exact, relative)
        middle = (
            n * steepest**q * _vector_norm(W[:, v], pair) * _vector_norm(W[u, :], pair)
            * size ** (q - 2)
        )  # fmt: skip
        double = _relative(pair, n, q + 2) + 2 * math.log2(q + 2) * 2.0**-53
        _check(lambda: bounds.weak_bound_middle(W, fprime, u, v, pair), middle, double)
        try:
            chain = bounds.weak_bound_chain(W, fprime, u, v, pair)
        except ValueError:  # a side beyond the float range
            return
        # the stated error bounds on which the chain's verdicts rest are true ones
        assert _within(chain.bound, exact, chain.bound_error)
        assert _within(chain.middle, middle, chain.middle_error)


@pytest.mark.parametrize("pair", PAIRS)
def test_a_norm_pair_without_splits_keeps_a_subnormal_norms_digits(pair):
    # a pair that only has the float norms: they are taken on the argument scaled by a power of two
    known = bounds.NORM_PAIRS[pair]
    plain = bounds.NormPair(pair, known.matrix, known.vector, "no splits")
    W, fprime = 1e300 * np.eye(2), np.full((4, 2), 1e-310)
    with mpmath.workprec(400):
        exact = 2 * (_fprime_max(fprime, pair) * _matrix_norm(W, pair)) ** 4
    # a pair outside NORM_PAIRS is allowed the spectral error with n + 3 for n
    assert _within(bounds.weak_bound(W, fprime, plain), exact, _relative("spectral", 5, 4))
