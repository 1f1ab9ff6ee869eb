"""The later conditions' numerics against mpmath and exact fractions, over the whole float64 range."""

import math
import sys
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _exact_flows import exact_flows
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import later

F = Fraction
LARGEST = sys.float_info.max

magnitudes = st.builds(
    lambda m, e, sign: sign * math.ldexp(m, e),
    st.floats(0.5, 1.0, exclude_max=True),
    st.integers(-1074, 1024),
    st.sampled_from([1, -1]),
)
reals = st.one_of(st.floats(allow_nan=False, allow_infinity=False), magnitudes)


@st.composite
def scaled_matrices(draw, symmetric=False):
    """A matrix of moderate entries times a power of two anywhere in the range."""
    n = draw(st.integers(1, 3))
    a = np.array([[draw(st.floats(-1.75, 1.75)) for _ in range(n)] for _ in range(n)])
    if symmetric:
        a = np.triu(a) + np.triu(a, 1).T
    return np.ldexp(a, draw(st.integers(-1070, 1022)))


def _agrees(call, exact, relative):
    if exact > LARGEST * (1 - relative):
        try:
            got = call()
        except ValueError as err:
            assert "overflows float64" in str(err)  # noqa: PT017
            return
        assert exact <= LARGEST * (1 + relative)
    else:
        got = call()
    assert abs(mpmath.mpf(got) - exact) <= relative * exact + mpmath.mpf(2) ** -1074


@settings(max_examples=100, deadline=None)
@given(W=scaled_matrices())
def test_largest_singular_value_against_mpmath(W):
    with mpmath.workprec(200):
        exact = max(mpmath.svd_r(mpmath.matrix(W.tolist()), compute_uv=False)) if W.any() else 0
        _agrees(lambda: later.largest_singular_value(W), mpmath.mpf(exact), 1e-12)


@settings(max_examples=100, deadline=None)
@given(W=scaled_matrices(symmetric=True))
def test_spectral_radius_of_symmetric_matrices_against_mpmath(W):
    with mpmath.workprec(200):
        exact = max(abs(e) for e in mpmath.eigsy(mpmath.matrix(W.tolist()))[0])
        _agrees(lambda: later.spectral_radius(W), mpmath.mpf(exact), 1e-12)


@settings(max_examples=100, deadline=None)
@given(w=reals, slopes=st.lists(reals, min_size=1, max_size=8))
def test_flow_norms_of_one_unit_against_fractions(w, slopes):
    # one unit: M_q = prod f'_m w, exactly
    exact = [abs(math.prod(F(s) * F(w) for s in slopes[:lag])) for lag in range(1, len(slopes) + 1)]
    q = len(slopes)
    if max(exact) > F(LARGEST) * (1 - F(q, 2**52)):
        if max(exact) > F(LARGEST) * (1 + F(q, 2**52)):
            with pytest.raises(ValueError, match="overflows float64"):
                later.flow_norms([[w]], np.array(slopes)[:, None])
        return
    got = later.flow_norms([[w]], np.array(slopes)[:, None])
    for value, truth in zip(got, exact, strict=True):
        assert abs(F(value) - truth) <= F(q, 2**52) * truth + F(1, 2**1074)


@settings(max_examples=150, deadline=None)
@given(w=st.lists(reals, min_size=2, max_size=2), b=reals, y=reals)
def test_biased_net_input_against_fractions(w, b, y):
    # two units, the second silent: net_0(1) = w_00 y + w_01 y + b
    W = np.array([w, [0.0, 0.0]])
    exact = F(w[0]) * F(y) + F(w[1]) * F(y) + F(b)
    scale = (abs(F(w[0]) * F(y)) + abs(F(w[1]) * F(y)) + abs(F(b))) * F(3, 2**53)
    if abs(exact) > F(LARGEST) - scale:
        if abs(exact) > F(LARGEST) + scale:
            with pytest.raises(ValueError, match="beyond float64"):
                later.run_biased_logistic(W, [b, 0.0], [y, y], 1)
        return
    nets, ys = later.run_biased_logistic(W, [b, 0.0], [y, y], 1)
    assert abs(F(nets[0, 0]) - exact) <= scale + F(1, 2**1074)
    assert 0.0 <= ys[1, 0] <= 1.0


def _mp(x):
    return mpmath.mpf(x.numerator) / x.denominator


@st.composite
def flow_cases(draw):
    """Weights and slopes anywhere in the float64 range: zeros, entries of one scale (a power of two per
    matrix or slope row), and entries of any magnitude, mixed, so that columns span far."""
    n, q = draw(st.integers(1, 3)), draw(st.integers(1, 5))

    def entries(count, scale):
        kinds = draw(st.lists(st.sampled_from("0sa"), min_size=count, max_size=count))
        out = []
        for kind in kinds:
            if kind == "0":
                out.append(0.0)
            elif kind == "s":
                out.append(math.ldexp(draw(st.floats(-1.75, 1.75)), scale))
            else:
                out.append(draw(reals))
        return out

    W = np.array(entries(n * n, draw(st.integers(-1074, 1023)))).reshape(n, n)
    slopes = np.array([entries(n, draw(st.integers(-1074, 1023))) for _ in range(q)])
    return W, slopes


@settings(max_examples=300, deadline=None)
@given(case=flow_cases())
def test_flow_norms_keep_the_stated_bound_over_the_whole_range(case):
    # the row: within q (n + 1) 2^-52 ||P_q||_F + 1e-12 ||M_q||_2, plus 2^-1074, at every lag q
    W, slopes = case
    n = W.shape[0]
    with mpmath.workprec(200):
        truths, bounds = [], []
        for lag, (M, P) in enumerate(exact_flows(W.tolist(), slopes.tolist()), start=1):
            matrix = mpmath.matrix([[_mp(x) for x in row] for row in M])
            sigma = max(mpmath.svd_r(matrix, compute_uv=False)) if any(map(any, M)) else 0
            frobenius = mpmath.sqrt(sum(_mp(x) ** 2 for row in P for x in row))
            truths.append(sigma)
            bounds.append(
                lag * (n + 1) * mpmath.mpf(2) ** -52 * frobenius
                + mpmath.mpf(1e-12) * sigma
                + mpmath.mpf(2) ** -1074
            )
        try:
            got = later.flow_norms(W, slopes)
        except ValueError as err:
            assert "overflows float64" in str(err)  # noqa: PT017
            lag = int(str(err).split("at lag ")[1].split()[0])
            assert truths[lag - 1] + bounds[lag - 1] >= LARGEST
            return
        for value, truth, bound in zip(got.tolist(), truths, bounds, strict=True):
            assert abs(mpmath.mpf(value) - truth) <= bound
