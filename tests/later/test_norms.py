"""The quantities the conditions compare: largest singular value, spectral radius and flow norms."""

from __future__ import annotations

import math
import time

import autograd
import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
from _exact_flows import exact_flows
from _timing import assert_fast
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import svdvals

from lstmnotes import activations, later
from lstmnotes.later import _norms as conditions
from lstmnotes.net._run import run_net


@st.composite
def matrices(draw):
    n = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).normal(size=(n, n)) * draw(st.floats(0.1, 5.0))


@settings(deadline=None)
@given(W=matrices())
def test_singular_value_and_spectral_radius_against_scipy_and_mpmath(W):
    assert conditions.largest_singular_value(W) == pytest.approx(svdvals(W)[0], rel=1e-12)
    eig = mpmath.eig(mpmath.matrix(W.tolist()))[0]
    assert conditions.spectral_radius(W) == pytest.approx(max(abs(e) for e in eig), rel=1e-9)
    assert conditions.spectral_radius(W) <= conditions.largest_singular_value(W) * (1 + 1e-12)


def _logistic(x):
    return 1 / (1 + anp.exp(-x))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4), q=st.integers(1, 5))
def test_flow_norms_against_autograd_through_the_forward_run(seed, n, q):
    # d net_u(t) / d net_v(t - q) = M_q[v, u]: differentiate the forward run by an offset at t - q
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(n, n))
    y0 = rng.uniform(0, 1, size=n)
    steps = q + 3
    run = run_net(W, y0, steps)

    def last_net(offset):
        y = y0
        for s in range(1, steps + 1):
            net = anp.dot(W, y) + (offset if s == steps - q else 0.0)
            y = _logistic(net)
        return net

    J = autograd.jacobian(last_net)(np.zeros(n))  # J[u, v]
    norms = conditions.flow_norms(W, run.fprime(steps, q))
    assert norms[-1] == pytest.approx(np.linalg.norm(J, 2), rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conditions.largest_singular_value([[1.0, 2.0]]), "square"),
        (lambda: conditions.spectral_radius([[np.nan]]), "W must be finite"),
        (lambda: conditions.flow_norms(np.eye(2), [0.25, 0.25]), "fprime must be 2-D"),
    ],
)
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_gamma_is_the_supremum_of_the_slope_for_every_activation():
    assert later.gamma("logistic") == later.GAMMA["logistic"] == 0.25
    assert later.gamma("tanh") == later.GAMMA["tanh"] == 1.0
    assert [later.gamma(n) for n in ("identity", "relu", "cell_g", "cell_h")] == [
        1.0,
        1.0,
        1.0,
        0.5,
    ]
    assert later.gamma(activations.leaky_relu(-2.0)) == 2.0
    # the chapter's table and the objects agree
    assert all(later.GAMMA[n] == activations.as_activation(n).slope_max for n in later.GAMMA)
    # no slope of a run exceeds it: the rectifier's and the cell's h on a spread of net inputs
    x = np.linspace(-50, 50, 10001)
    for unit in (activations.RELU, activations.CELL_H, activations.TANH):
        assert np.max(np.abs(unit.prime(x))) <= later.gamma(unit)
    with pytest.raises(TypeError, match="activation must be an Activation or one of"):
        later.gamma(None)
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        later.gamma("gelu")


def test_flow_norms_keep_parts_of_the_product_far_below_its_largest_entry():
    # products of powers of two: the exact norms are powers of two
    tiny = math.ldexp(1.0, -1074)
    # M_1 = diag(2^1000, 2^-74), M_2 = diag(0, 2^926): the second entry is 2^1074 below the first
    got = later.flow_norms(2.0**1000 * np.eye(2), [[1.0, tiny], [0.0, 1.0]])
    assert got.tolist() == [2.0**1000, 2.0**926]
    # M_1 = diag(0, 2^-80): the weight 2^-80 lies 2^1080 below the largest weight
    assert later.flow_norms([[2.0**1000, 0.0], [0.0, 2.0**-80]], [[0.0, 1.0]]).tolist() == [
        2.0**-80
    ]
    # M_1 = diag(1, 2^-1074), M_2 = diag(0, 2^-1074): a subnormal slope beside a slope of 1
    assert later.flow_norms(np.eye(2), [[1.0, tiny], [0.0, 1.0]]).tolist() == [1.0, tiny]


def _exact_flow(W, slopes):
    """$M_q$ and the product of |.| $P_q$ in fractions (the last lag of ``exact_flows``)."""
    *_, last = exact_flows(W, slopes)
    return last


def _spectral_norm(M):
    with mpmath.workprec(200):
        matrix = mpmath.matrix(
            [[mpmath.mpf(x.numerator) / x.denominator for x in row] for row in M]
        )
        return max(mpmath.svd_r(matrix, compute_uv=False))


def test_flow_norms_move_a_column_entry_by_entry_midway_and_keep_it_exact():
    # weights 2^-600 apart and a slope of 2^-1074 beside 1 at step 5: the columns then span about
    # 2^1074, with the weights beyond one scale; unit 1 feeds only itself and (weakly) unit 0, and from
    # step 6 on only what passed through its tiny slope is left
    W = 2.0**100 * np.array([[1.0, 0.0, 0.5], [2.0**-600, 0.75, 0.0], [0.25, 0.0, 1.0]])
    slopes = np.full((12, 3), 0.75)
    slopes[4] = [1.0, math.ldexp(1.0, -1074), 1.0]
    slopes[5] = [0.0, 1.0, 0.0]
    got = later.flow_norms(W, slopes)
    assert 0.0 < got[5] < 2.0**-900 * got[4]  # lag 6: only the part through the tiny slope
    for lag in range(1, 13):
        M, P = _exact_flow(W.tolist(), slopes[:lag].tolist())
        truth = _spectral_norm(M)
        frobenius = _spectral_norm(P) * math.sqrt(3)  # ||P||_F <= sqrt(rank) ||P||_2
        assert abs(got[lag - 1] - truth) <= lag * 4 * 2.0**-52 * frobenius + 1e-12 * truth


def test_flow_norms_of_a_cancelling_product_keep_the_stated_absolute_bound():
    # W^2 = 0 up to the rounding of W's entries: ||M_2|| is tiny beside the product of absolute values,
    # so the error is bounded by q (n + 1) 2^-52 ||P_q||_F, not by a relative one
    x, y = 0.1, 0.3
    W = np.array([[x, y], [-x * x / y, -x]])
    got = later.flow_norms(W, np.ones((2, 2)))
    M, P = _exact_flow(W.tolist(), [[1.0, 1.0]] * 2)
    truth = _spectral_norm(M)
    frobenius = math.sqrt(sum(float(v) ** 2 for row in P for v in row))
    assert abs(got[1] - truth) <= 2 * 3 * 2.0**-52 * frobenius + 1e-12 * truth
    assert abs(got[1] - truth) > 0.5 * truth  # the relative error is large here
    (row,) = (row for row in later.DOMAIN if row.function is later.flow_norms)
    assert "||P_q||_F" in row.accuracy


def test_flow_norms_refuse_entrywise_work_beyond_the_limit_at_once():
    # weights 2^1080 apart: every column entry by entry, 2 n^3 products at n = 256
    W = 2.0**10 * np.eye(later.MAX_UNITS)
    W[0, 1] = 2.0**-1070
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_FLOW_ENTRYWISE_WORK"):
        later.flow_norms(W, np.ones((2, later.MAX_UNITS)))
    assert_fast(start, 0.5)


HUGE = 200_000_000


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: later.flow_norms(np.eye(2), np.broadcast_to([[0.5, 0.5]], (HUGE, 2))),
            "MAX_FLOW_LAG",
        ),
        (lambda: later.flow_norms(np.eye(2), np.broadcast_to(0.5, (HUGE,))), "fprime must be 2-D"),
        (lambda: later.flow_norms(np.eye(2), np.broadcast_to(0.5, (2, HUGE))), "n = 2 columns"),
        (lambda: later.flow_norms(np.broadcast_to(0.5, (50_000, 50_000)), [[0.5]]), "MAX_UNITS"),
        (lambda: later.flow_norms(np.broadcast_to(0.5, (2, HUGE)), [[0.5]]), "square"),
        (lambda: later.largest_singular_value(np.broadcast_to(0.5, (50_000, 50_000))), "MAX_UNITS"),
        (lambda: later.largest_singular_value(np.broadcast_to(0.5, (HUGE,))), "W must be 2-D"),
        (lambda: later.spectral_radius(np.broadcast_to(0.5, (50_000, 50_000))), "MAX_UNITS"),
        (lambda: later.spectral_radius(np.broadcast_to(0.5, (2, HUGE))), "square"),
    ],
)
def test_oversized_arrays_are_refused_on_their_shape(call, message):
    start = time.process_time()
    with pytest.raises(ValueError, match=message):
        call()
    assert_fast(start, 0.01)
