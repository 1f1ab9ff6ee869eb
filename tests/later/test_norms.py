"""The quantities the conditions compare: largest singular value, spectral radius and flow norms."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
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
