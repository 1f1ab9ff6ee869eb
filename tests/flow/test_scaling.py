"""The scaling factor of (3.1), its column and global forms, against independent means."""

from __future__ import annotations

import itertools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstmnotes import flow, net

AUTOGRAD_F = {
    "logistic": lambda x: 1 / (1 + anp.exp(-x)),
    "tanh": anp.tanh,
    "identity": lambda x: x,
}


def _forward_from(W, x, q, activation):
    """net(t) as a function of net(t - q) = x: the net run forward q steps."""
    f = AUTOGRAD_F[activation]
    z = x
    for _ in range(q):
        z = anp.dot(W, f(z))
    return z


def _run_and_slopes(seed, n, q, activation="logistic"):
    rng = np.random.default_rng(seed)
    W = rng.normal(scale=1.5, size=(n, n))
    run = net.run_net(W, rng.uniform(-1, 1, size=n), q + 2, activation)
    t = q + 2
    return W, run, t, run.fprime(t, q)


@pytest.mark.parametrize("activation", ["logistic", "tanh", "identity"])
@pytest.mark.parametrize(("n", "q"), [(1, 1), (3, 1), (3, 4), (5, 6)])
def test_scaling_factor_is_the_autograd_jacobian_of_the_unrolled_net(activation, n, q):
    # d theta_v(t-q) / d theta_u(t) = d net_u(t) / d net_v(t-q)
    W, run, t, fp = _run_and_slopes(10 * n + q, n, q, activation)
    jacobian = autograd.jacobian(lambda x: _forward_from(W, x, q, activation))(run.net(t - q))
    assert jacobian.shape == (n, n)
    np.testing.assert_allclose(_forward_from(W, run.net(t - q), q, activation), run.net(t))
    np.testing.assert_allclose(flow.scaling_factor(W, fp), jacobian.T, rtol=1e-10, atol=1e-15)


def test_scaling_factor_against_finite_differences():
    n, q = 4, 5
    W, run, t, fp = _run_and_slopes(5, n, q)
    M = flow.scaling_factor(W, fp)
    base = run.net(t - q)
    h = 1e-6
    for v in range(n):
        step = np.zeros(n)
        step[v] = h
        slope = (
            _forward_from(W, base + step, q, "logistic")
            - _forward_from(W, base - step, q, "logistic")
        ) / (2 * h)
        np.testing.assert_allclose(M[v, :], slope, rtol=1e-6, atol=1e-10)


def test_scaling_factor_against_forward_tangents():
    # forward mode: push the tangent e_v of net(t - q) through the run, one step at a time
    n, q = 5, 7
    W, run, t, _ = _run_and_slopes(6, n, q)
    M = flow.scaling_factor(W, run.fprime(t, q))
    slopes = run.slopes()
    for v in range(n):
        tangent = np.eye(n)[v]
        for s in range(t - q, t):
            tangent = W @ (slopes[s - 1] * tangent)  # d net(s+1) = W F'(s) d net(s)
        np.testing.assert_allclose(M[v, :], tangent, rtol=1e-12, atol=1e-15)


def test_scaling_factor_against_backpropagated_signals():
    n, q = 4, 6
    W, run, t, fp = _run_and_slopes(8, n, q)
    M = flow.scaling_factor(W, fp)
    for u in range(n):
        theta = net.error_signals(run, t, np.eye(n)[u])
        np.testing.assert_allclose(M[:, u], theta[t - q - 1], rtol=1e-12, atol=1e-15)


def test_q_equal_one_is_f_prime_v_times_w_uv():
    W = np.array([[0.0, 2.0, 0.0], [0.0, 0.0, 3.0], [5.0, 0.0, 0.0]])
    fp = np.array([[0.5, 0.25, 0.125]])
    M = flow.scaling_factor(W, fp)
    for u, v in itertools.product(range(3), repeat=2):
        assert M[v, u] == fp[0, v] * W[u, v]


def _nets(min_q=1, max_n=4, max_q=5):
    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_n))
        q = draw(st.integers(min_q, max_q))
        W = draw(arrays(np.float64, (n, n), elements=st.floats(-3, 3)))
        fp = draw(arrays(np.float64, (q, n), elements=st.floats(-1, 1)))
        return W, fp

    return build()


def _scale(W, fp):
    """A size for the absolute tolerance: the sum of the absolute values of all path terms."""
    return flow.scaling_factor(np.abs(W), np.abs(fp)).max() + 1e-300


@given(_nets(max_n=6, max_q=8), st.data())
@settings(max_examples=100, deadline=None)
def test_column_and_global_flow(args, data):
    W, fp = args
    n = W.shape[0]
    M = flow.scaling_factor(W, fp)
    u = data.draw(st.integers(0, n - 1))
    np.testing.assert_allclose(
        flow.scaling_factor_column(W, fp, u), M[:, u], rtol=1e-9, atol=1e-12 * _scale(W, fp)
    )
    outputs = data.draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True))
    np.testing.assert_allclose(
        flow.global_flow(W, fp, outputs),
        M[:, outputs].sum(axis=1),
        rtol=1e-9,
        atol=1e-11 * _scale(W, fp),
    )


BAD = [
    ({"W": np.ones((2, 3))}, ValueError, "W must be a non-empty square matrix"),
    ({"W": np.ones((2, 2, 2))}, ValueError, "W must be 2-D"),
    ({"W": [[0.0, np.inf], [0.0, 0.0]]}, ValueError, "W must be finite"),
    ({"W": [["x", "y"], ["z", "w"]]}, TypeError, "W must be real numbers"),
    ({"fprime": np.ones(2)}, ValueError, "fprime must be 2-D"),
    ({"fprime": np.ones((3, 3))}, ValueError, "fprime must have n = 2 columns"),
    ({"fprime": np.ones((0, 2))}, ValueError, "q = len.fprime. must be >= 1"),
    ({"fprime": [[0.25, np.nan]]}, ValueError, "fprime must be finite"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), BAD)
@pytest.mark.parametrize(
    "function",
    [
        flow.scaling_factor,
        flow.path_sum,
        lambda W, fprime: flow.scaling_factor_column(W, fprime, 0),
        lambda W, fprime: flow.path_terms(W, fprime, 0, 1),
        lambda W, fprime: flow.global_flow(W, fprime, [0]),
    ],
)
def test_bad_input_refused(function, kwargs, error, message):
    args = {"W": np.eye(2), "fprime": np.ones((2, 2))} | kwargs
    with pytest.raises(error, match=message):
        function(**args)


def test_bad_options_refused():
    W, fp = np.eye(2), np.ones((3, 2))
    with pytest.raises(ValueError, match=r"u must be a unit index in 0\.\.1, got 2"):
        flow.scaling_factor_column(W, fp, 2)
    with pytest.raises(ValueError, match="outputs must be distinct"):
        flow.global_flow(W, fp, [0, 0])
    with pytest.raises(ValueError, match="outputs must be a non-empty"):
        flow.global_flow(W, fp, [])


def test_rescaling_is_exact_and_survives_the_subnormal_range():
    # without underflow, the power-of-two rescaling changes no bit of the plain recursion
    rng = np.random.default_rng(14)
    W, fp = rng.normal(size=(6, 6)), rng.uniform(0, 0.25, size=(30, 6))
    plain = fp[0][:, None] * W.T
    for row in fp[1:]:
        plain = row[:, None] * (W.T @ plain)
    assert np.array_equal(flow.scaling_factor(W, fp), plain)
    # a flow that dips to 1e-400 and comes back: the plain product underflows to zero on the way
    W, fp = np.array([[1.0]]), np.array([[1e-200], [1e-200], [1e200]])
    assert flow.scaling_factor(W, fp)[0, 0] == pytest.approx(1e-200, rel=1e-15)
    assert flow.scaling_factor_column(W, fp, 0)[0] == pytest.approx(1e-200, rel=1e-15)
    assert flow.global_flow(W, fp, [0])[0] == pytest.approx(1e-200, rel=1e-15)
    assert flow.largest_flow_by_lag(W, fp).tolist() == pytest.approx(
        [1e-200, 1e-400, 1e-200], rel=1e-15
    )


def test_largest_flow_by_lag_matches_each_lag():
    rng = np.random.default_rng(15)
    W, fp = rng.normal(size=(4, 4)), rng.uniform(0, 0.25, size=(7, 4))
    largest = flow.largest_flow_by_lag(W, fp)
    for q in range(1, 8):
        assert largest[q - 1] == pytest.approx(
            np.abs(flow.scaling_factor(W, fp[:q])).max(), rel=1e-13
        )


def test_overflow_is_refused_not_returned():
    with pytest.raises(ValueError, match="overflows float64"):
        flow.scaling_factor(np.full((2, 2), 1e200), np.ones((3, 2)))


@pytest.mark.parametrize("flag", [True, np.bool_(True)])
def test_global_flow_refuses_a_bool_among_integer_outputs(flag: object) -> None:
    # numpy reads [0, True] as the integers [0, 1]; a bool is no unit index, even among integers
    with pytest.raises(
        TypeError, match=r"outputs must be integer unit indices, found a bool at outputs\[1\]"
    ):
        flow.global_flow(np.eye(2), [[1.0, 1.0]], [0, flag])
