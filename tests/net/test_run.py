"""The forward run and the back-propagated error signals, against independent computations."""

from __future__ import annotations

import time
from fractions import Fraction

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from _timing import assert_fast
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit

from lstmnotes import net

AUTOGRAD_F = {
    "logistic": lambda x: 1 / (1 + anp.exp(-x)),
    "tanh": anp.tanh,
    "identity": lambda x: x,
}


def test_identity_run_is_a_matrix_power():
    W = np.array([[1, 2], [0, -1]])
    y0 = np.array([3, 1])
    run = net.run_net(W, y0, 4, "identity")
    for t in range(5):
        assert run.y(t).tolist() == (np.linalg.matrix_power(W, t) @ y0).tolist()
    for t in range(1, 5):
        assert run.net(t).tolist() == (np.linalg.matrix_power(W, t) @ y0).tolist()


def test_logistic_run_against_scipy():
    rng = np.random.default_rng(1)
    W = rng.normal(size=(4, 4))
    y = rng.uniform(size=4)
    run = net.run_net(W, y, 6)
    assert run.steps == 6
    assert run.n == 4
    for t in range(1, 7):
        expected_net = W @ y
        y = expit(expected_net)
        np.testing.assert_allclose(run.net(t), expected_net, rtol=1e-14)
        np.testing.assert_allclose(run.y(t), y, rtol=1e-14)


def test_run_is_read_only():
    run = net.run_net(np.eye(2), [0.1, 0.2], 2)
    with pytest.raises(ValueError, match="read-only"):
        run.nets[0, 0] = 1.0
    assert run.net(1) is not run.nets[0]


def test_fprime_layout_row_m_minus_1_is_time_t_minus_m():
    rng = np.random.default_rng(2)
    run = net.run_net(rng.normal(size=(3, 3)), rng.uniform(size=3), 8)
    t, q = 7, 5
    fp = run.fprime(t, q)
    assert fp.shape == (q, 3)
    for m in range(1, q + 1):
        s = expit(run.net(t - m))
        np.testing.assert_allclose(fp[m - 1], s * (1 - s), rtol=1e-12)


@pytest.mark.parametrize(
    ("t", "q", "message"),
    [(3, 3, "need q < t"), (9, 1, "between 1 and T"), (3, 0, "q must be"), (0, 1, "between 1")],
)
def test_fprime_refuses_times_outside_the_run(t, q, message):
    run = net.run_net(np.eye(2), [0.1, 0.2], 8)
    with pytest.raises(ValueError, match=message):
        run.fprime(t, q)


def _loss_of_offsets(W, y0, t, target, outputs, *, activation):
    """E = 1/2 sum_k (d_k - y_k(t))^2 as a function of offsets added to every net input."""
    f = AUTOGRAD_F[activation]

    def loss(offsets):
        y = y0
        for s in range(t):
            y = f(anp.dot(W, y) + offsets[s])
        return 0.5 * anp.sum((target - y[outputs]) ** 2)

    return loss


@pytest.mark.parametrize("activation", ["logistic", "tanh", "identity"])
def test_error_signals_are_minus_the_gradient_by_autograd(activation):
    rng = np.random.default_rng(3)
    n, t = 4, 6
    W = rng.normal(scale=0.8, size=(n, n))
    y0 = rng.uniform(-1, 1, size=n)
    outputs = np.array([1, 3])
    target = np.array([0.2, -0.4])
    run = net.run_net(W, y0, t, activation)
    theta = net.error_signals(run, t, net.output_error(run, t, target, outputs))
    loss = _loss_of_offsets(W, y0, t, target, outputs, activation=activation)
    gradient = autograd.grad(loss)(np.zeros((t, n)))
    np.testing.assert_allclose(theta, -gradient, rtol=1e-10, atol=1e-14)


def test_error_signals_against_finite_differences():
    rng = np.random.default_rng(4)
    n, t = 3, 4
    W = rng.normal(size=(n, n))
    y0 = rng.uniform(size=n)
    run = net.run_net(W, y0, t)
    outputs, target = np.array([0]), np.array([1.0])
    theta = net.error_signals(run, t, net.output_error(run, t, target, outputs))
    loss = _loss_of_offsets(W, y0, t, target, outputs, activation="logistic")
    h = 1e-6
    for s in range(t):
        for j in range(n):
            offsets = np.zeros((t, n))
            offsets[s, j] = h
            slope = (loss(offsets) - loss(-offsets)) / (2 * h)
            assert -slope == pytest.approx(theta[s, j], rel=1e-6, abs=1e-10)


def test_error_signal_rule_by_hand():
    # w_10 = 4: unit 0 feeds unit 1. An error at unit 1, time 2, reaches unit 0 at time 1 as
    # f'_0(net_0(1)) w_10 = 1/4 * 4 (net(1) = 0 for y(0) = 0).
    run = net.run_net([[0.0, 0.0], [4.0, 0.0]], [0.0, 0.0], 2)
    assert net.error_signals(run, 2, [0.0, 1.0]).tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_output_error_by_hand():
    run = net.run_net(np.zeros((3, 3)), np.zeros(3), 1)  # net = 0, y = 1/2, f' = 1/4
    theta = net.output_error(run, 1, [1.0, 0.0], [2, 0])
    assert theta.tolist() == [0.25 * (0.0 - 0.5), 0.0, 0.25 * (1.0 - 0.5)]


@given(st.integers(1, 6), st.floats(0.01, 10), st.booleans(), st.integers(0, 2**32 - 1))
@settings(max_examples=50)
def test_random_weights_bounds_and_symmetry(n, w_max, symmetric, seed):
    W = net.random_weights(n, np.random.default_rng(seed), w_max=w_max, symmetric=symmetric)
    assert W.shape == (n, n)
    assert np.abs(W).max() <= w_max
    if symmetric:
        assert np.array_equal(W, W.T)


def test_random_weights_reproducible():
    a = net.random_weights(3, np.random.default_rng(7))
    b = net.random_weights(3, np.random.default_rng(7))
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"W": np.ones((2, 3))}, ValueError, "W must be a non-empty square matrix"),
        ({"W": [[np.nan, 0], [0, 0]]}, ValueError, "W must be finite"),
        ({"y0": [0.0]}, ValueError, "y0 must have length n = 2"),
        ({"y0": [[0.0, 0.0]]}, ValueError, "y0 must be 1-D"),
        ({"steps": 0}, ValueError, "steps must be an integer in 1.."),
        ({"steps": 2.5}, TypeError, "steps must be an integer"),
        ({"activation": "softplus"}, ValueError, "unknown activation"),
        ({"W": [["a", 0], [0, 0]]}, TypeError, "W must be real numbers"),
    ],
)
def test_run_net_refuses_bad_input(kwargs, error, message):
    args = {"W": np.eye(2), "y0": [0.0, 0.0], "steps": 3, "activation": "logistic"} | kwargs
    with pytest.raises(error, match=message):
        net.run_net(**args)


def test_run_net_refuses_a_blow_up():
    with pytest.raises(ValueError, match="net inputs at step 1 are beyond float64"):
        net.run_net([[1e200]], [1e200], 3, "identity")


def test_signals_and_outputs_refuse_bad_input():
    run = net.run_net(np.eye(2), [0.1, 0.2], 3)
    with pytest.raises(ValueError, match="theta must have length n = 2"):
        net.error_signals(run, 3, [1.0])
    with pytest.raises(ValueError, match="theta must be finite"):
        net.error_signals(run, 3, [1.0, np.inf])
    with pytest.raises(ValueError, match="t must be between 1 and T = 3"):
        net.error_signals(run, 4, [1.0, 0.0])
    with pytest.raises(ValueError, match="outputs must be distinct"):
        net.output_error(run, 1, [0.0, 0.0], [1, 1])
    with pytest.raises(ValueError, match="one entry per output unit"):
        net.output_error(run, 1, [0.0, 0.0], [1])
    with pytest.raises(ValueError, match="n must be an integer"):
        net.random_weights(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="w_max must be positive"):
        net.random_weights(2, np.random.default_rng(0), w_max=0.0)


def test_durations_and_ragged_outputs_are_refused_by_name():
    run = net.run_net(np.eye(2), [0.0, 0.0], 2)
    with pytest.raises(TypeError, match="t must be an integer"):
        net.output_error(run, np.timedelta64(1), [1.0], [0])
    with pytest.raises(TypeError, match="t must be an integer"):
        net.error_signals(run, np.timedelta64(2), [1.0, 1.0])
    with pytest.raises(ValueError, match="outputs must be a flat list"):
        net.output_error(run, 1, [1.0], [[0], [0, 1]])


@pytest.mark.parametrize(
    ("weights", "theta", "truth"),
    [
        (
            [[1e204, 0], [0, 1e170]],
            [1e-253, 1e222],
            Fraction(1, 4) * Fraction(1e204) * Fraction(1e-253),
        ),
        ([[1, 0], [0, 1e170]], [1e-300, 1e222], Fraction(1, 4) * Fraction(1e-300)),
    ],
)
def test_signal_kept_when_another_product_of_its_step_overflows(weights, theta, truth):
    run = net.run_net(weights, [0, 1], 2, "logistic")
    assert run.slopes()[0].tolist() == [0.25, 0.0]
    signals = net.error_signals(run, 2, theta)
    assert signals[0, 0] == float(truth)  # the other term, w_10 theta_1, is 0
    assert signals[0, 1] == 0.0
    assert signals[1].tolist() == theta


_MAGNITUDE = st.builds(
    lambda sign, power, digits: sign * digits * 2.0**power,
    st.sampled_from([-1.0, 0.0, 1.0]),
    st.integers(-1074, 1020),
    st.floats(1.0, 1.9375),
)


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(1, 3),
    data=st.data(),
    activation=st.sampled_from(["identity", "logistic"]),
)
def test_one_step_of_signals_over_extreme_magnitudes_against_fractions(n, data, activation):
    W = np.array(data.draw(st.lists(_MAGNITUDE, min_size=n * n, max_size=n * n))).reshape(n, n)
    theta = data.draw(st.lists(_MAGNITUDE, min_size=n, max_size=n))
    run = net.run_net(W, np.zeros(n), 2, activation)
    slopes = [Fraction(float(s)) for s in run.slopes()[0]]
    terms = [
        [slopes[j] * Fraction(float(W[i, j])) * Fraction(theta[i]) for i in range(n)]
        for j in range(n)
    ]
    truths = [sum(row) for row in terms]
    largest = Fraction(float(np.finfo(np.float64).max))
    try:
        signals = net.error_signals(run, 2, theta)
    except ValueError:
        assert any(abs(t) > largest * (1 - Fraction(1, 2**50)) for t in truths)
        return
    for j in range(n):
        bound = (n + 2) * Fraction(1, 2**53) * sum(abs(x) for x in terms[j]) + n * Fraction(
            1, 2**1074
        )
        assert abs(Fraction(float(signals[0, j])) - truths[j]) <= bound


@pytest.mark.parametrize("flag", [True, np.bool_(True)])
def test_output_error_refuses_a_bool_among_integer_outputs(flag: object) -> None:
    # numpy reads [0, True] as the integers [0, 1]; a bool is no unit index, even among integers
    run = net.run_net(np.eye(2) * 0.5, [1.0, 1.0], 2, "logistic")
    with pytest.raises(
        TypeError, match=r"outputs must be integer unit indices, found a bool at outputs\[1\]"
    ):
        net.output_error(run, 2, [1.0, 1.0], [0, flag])


def test_error_signals_whose_terms_cancel_far_below_their_size_keep_their_scale():
    # theta_0(1) = 2^600 2^600 - 2^600 2^600 + 2^500 2^500: terms of 2^1200 cancel to 2^1000; the redo
    # once scaled back by at most 2^1100 and gave about 2^897
    column = [2.0**600, -(2.0**600), 2.0**500]
    W = np.array([[w, 0.0, 0.0] for w in column])
    theta = [2.0**600, 2.0**600, 2.0**500]
    run = net.run_net(W, [0.0, 0.0, 0.0], 2, "identity")
    exact = sum(Fraction(w) * Fraction(t) for w, t in zip(column, theta, strict=True))
    assert exact == 2**1000
    assert net.error_signals(run, 2, theta)[0].tolist() == [float(exact), 0.0, 0.0]


def test_a_run_whose_every_step_overflows_and_cancels_is_refused_quickly():
    # every net input 1e300 * 1e10 - 1e300 * 1e10 overflows on the way; redoing all 200000 steps
    # scaled took 8 s: the redone steps count against MAX_NET_REDO with NET_REDO_CALL each
    import time

    T = 200_000
    start = time.process_time()
    with pytest.raises(ValueError, match=r"MAX_NET_REDO = 20000000 .*NET_REDO_CALL"):
        net.run_net(
            [[0.0]], [0.0], T, "identity", x=np.tile([1e10, 1e10], (T, 1)), V=[[1e300, -1e300]]
        )
    assert_fast(start, 1.0)
    assert T * (2 + net.NET_REDO_CALL) > net.MAX_NET_REDO


def _exact_nets(run, t):
    """net(t) = W y(t-1) + V x(t) + b in Fractions, from the run's own floats, and the sums of |terms|."""
    y = [Fraction(v) for v in run.activations[t - 1]]
    exact, size = [], []
    for i in range(run.n):
        terms = [Fraction(w) * v for w, v in zip(run.weights[i], y, strict=True)]
        if run.inputs is not None:
            x = [Fraction(v) for v in run.inputs[t - 1]]
            terms += [Fraction(w) * v for w, v in zip(run.input_weights[i], x, strict=True)]
        if run.biases is not None:
            terms.append(Fraction(run.biases[i]))
        exact.append(sum(terms))
        size.append(sum(abs(term) for term in terms))
    return exact, size


@pytest.mark.parametrize(
    ("W", "y0", "kwargs"),
    [
        # the paper's net: row 0's products overflow and cancel; row 1, 0.5 * 2^-1000 * 2^1000-ish, does
        # not, and was lost to the scale of row 0 (0.0 for 4.67e-302)
        (
            [[2.0**30, -(2.0**30), 0.0], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]],
            [2.0**1000, 2.0**1000, 2.0**-1000],
            {},
        ),
        # a bias of 1e-20 beside a row that overflows was lost (0.0)
        ([[2.0**30, -(2.0**30)], [0.0, 0.0]], [2.0**1000, 2.0**1000], {"b": [0.0, 1e-20]}),
        # one scale for the whole of V: row 1 came out 10.715086071862515 for 10.715086071862673
        (
            [[0.0, 0.0], [0.0, 0.0]],
            [0.0, 0.0],
            {"x": [[2.0**1000, 2.0**1000]], "V": [[2.0**30, -(2.0**30)], [0.0, 1e-300]]},
        ),
    ],
)
def test_a_net_input_keeps_its_digits_when_another_of_its_step_overflows(W, y0, kwargs):
    run = net.run_net(W, y0, 1, "identity", **kwargs)
    exact, size = _exact_nets(run, 1)
    n_terms = run.n + (0 if run.inputs is None else run.inputs.shape[1]) + 1
    for got, truth, total in zip(run.nets[0], exact, size, strict=True):
        allowed = n_terms * Fraction(2) ** -52 * total + (n_terms - 1) * Fraction(2) ** -1074
        assert abs(Fraction(float(got)) - truth) <= allowed


def test_a_run_that_blows_up_at_once_is_refused_before_its_last_step():
    # 2 y overflows at step 1024; the plain pass ran all 200000 steps before it looked (2 s at most n)
    T = 200_000
    start = time.process_time()
    with pytest.raises(ValueError, match=r"at step 1024 are beyond float64"):
        net.run_net([[2.0]], [1.0], T, "identity")
    assert_fast(start, 0.1)


def test_one_overflowing_step_in_a_long_run_is_redone_alone():
    # only x(1) is nonzero: net(1) = 1e300 * 1e10 - 1e300 * 1e10 = 0 exactly, redone scaled (within the
    # DOMAIN bound (n + m + 1) 2^-52 of the sum of |terms|); then net(t) = y(t-1) / 2, plain and exact
    import time

    T = 200_000
    x = np.zeros((T, 2))
    x[0] = 1e10
    start = time.process_time()
    run = net.run_net([[0.5]], [0.0], T, "identity", x=x, V=[[1e300, -1e300]])
    assert_fast(start, 20.0)
    terms = [Fraction(1e300) * Fraction(1e10), -Fraction(1e300) * Fraction(1e10)]
    bound = 4 * Fraction(2) ** -52 * sum(abs(term) for term in terms)
    assert abs(Fraction(float(run.nets[0, 0])) - sum(terms)) <= bound
    ys = run.activations[1:-1, 0]
    assert [Fraction(v) for v in run.nets[1:51, 0]] == [Fraction(y) / 2 for y in ys[:50]]
