"""The spectral and Frobenius weak bounds against mpmath over the whole float64 range (the accuracy of DOMAIN).

The oracle takes the largest singular value as the square root of the largest eigenvalue of $W^T W$,
formed and solved by mpmath at 400 bits, and the Frobenius norms as square roots of exact sums of squares;
the library takes its norms from LAPACK on arguments scaled by powers of two.
"""

import math
import sys

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import bounds

LARGEST = mpmath.mpf(sys.float_info.max)
TINY = mpmath.mpf(2) ** -1022  # below it the result is subnormal: one subnormal ulp is its accuracy

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


def _relative(n, q):
    """The DOMAIN row's accuracy for the spectral and Frobenius pairs."""
    return (q * (3 * n + 2) + 4 * math.log2(q) + 8) * 2.0**-53


def _mp(values):
    return [mpmath.mpf(float(x)) for x in np.ravel(values)]


def _spectral(W):
    A = mpmath.matrix([[mpmath.mpf(float(x)) for x in row] for row in W])
    eigenvalues, _ = mpmath.eigsy(A.T * A)
    return mpmath.sqrt(max(*eigenvalues, 0))


def _euclid(values):
    return mpmath.sqrt(mpmath.fsum(x**2 for x in _mp(values)))


def _norms(W, pair):
    """(the matrix norm of W, the vector norm) of the pair, exactly (to 400 bits); both vector norms are
    Euclidean."""
    return (_spectral(W) if pair == "spectral" else _euclid(W)), _euclid


def _fprime_max(fprime, pair):
    if pair == "spectral":
        return max(abs(x) for x in _mp(fprime))
    return max(_euclid(row) for row in fprime)


def _check(call, exact, relative):
    """``call()`` within ``relative`` of ``exact`` (plus a subnormal ulp), or a refused overflow."""
    if exact >= LARGEST * (1 - relative):
        try:
            got = call()
        except ValueError as err:
            assert "overflows float64" in str(err)  # noqa: PT017
            return
        assert exact <= LARGEST * (1 + relative)
    else:
        got = call()
    assert abs(mpmath.mpf(got) - exact) <= relative * exact + mpmath.mpf(2) ** -1074


@st.composite
def nets(draw, q_min=1):
    n, q = draw(st.integers(1, 3)), draw(st.integers(q_min, 6))
    W = np.array([[draw(small_or_huge) for _ in range(n)] for _ in range(n)])
    fprime = np.array([[draw(small_or_huge) for _ in range(n)] for _ in range(q)])
    return W, fprime


@settings(max_examples=120, deadline=None)
@given(net=nets(), pair=st.sampled_from(["spectral", "frobenius"]))
def test_weak_bound_against_mpmath(net, pair):
    W, fprime = net
    n, q = W.shape[0], fprime.shape[0]
    with mpmath.workprec(400):
        size, _ = _norms(W, pair)
        exact = n * (_fprime_max(fprime, pair) * size) ** q
        relative = _relative(n, q)
        _check(lambda: bounds.weak_bound(W, fprime, pair), exact, relative)
        if exact <= LARGEST / 2:
            lags = bounds.weak_bound_by_lag(W, fprime, pair)
            assert abs(mpmath.mpf(lags[-1]) - exact) <= relative * exact + mpmath.mpf(2) ** -1074


@settings(max_examples=120, deadline=None)
@given(net=nets(q_min=2), pair=st.sampled_from(["spectral", "frobenius"]), data=st.data())
def test_weak_bound_middle_against_mpmath(net, pair, data):
    W, fprime = net
    n, q = W.shape[0], fprime.shape[0]
    u, v = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    with mpmath.workprec(400):
        size, vector = _norms(W, pair)
        exact = (
            n * _fprime_max(fprime, pair) ** q * vector(W[:, v]) * vector(W[u, :]) * size ** (q - 2)
        )
        relative = _relative(n, q + 2)
        _check(lambda: bounds.weak_bound_middle(W, fprime, u, v, pair), exact, relative)


@pytest.mark.parametrize("pair", ["spectral", "frobenius"])
def test_a_norm_beyond_the_range_with_slopes_far_below_it(pair):
    # W = [[1e308, 1e308], [1e308, 1e308]]: spectral and Frobenius norm both 2e308; slopes 1e-300
    W = np.full((2, 2), 1e308)
    fprime = [[1e-300, 0.0]]
    with mpmath.workprec(400):
        exact = 2 * mpmath.mpf(1e-300) * 2 * mpmath.mpf(1e308)
    got = bounds.weak_bound(W, fprime, pair)
    assert abs(mpmath.mpf(got) - exact) <= _relative(2, 1) * exact


@pytest.mark.parametrize("pair", ["spectral", "frobenius"])
def test_subnormal_weights_give_a_subnormal_bound(pair):
    # n (f' |w|)^1 = 1 * (0.5 * 2^-1070) = 2^-1071, exact
    assert bounds.weak_bound([[2.0**-1070]], [[0.5]], pair) == 2.0**-1071
