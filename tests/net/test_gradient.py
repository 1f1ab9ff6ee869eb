"""The gradient of a loss over a run: against reverse-mode autodiff and central differences, split by lag."""

from __future__ import annotations

import itertools
import math
import time
from fractions import Fraction

import numpy as np
import pytest
from _timing import assert_fast
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes import net
from lstmnotes.net import _gradient as gradient_module
from lstmnotes.net import _signals as signals_module
from lstmnotes.net import autodiff

UNITS = {
    "logistic": act.LOGISTIC,
    "tanh": act.TANH,
    "identity": act.IDENTITY,
    "relu": act.RELU,
    "leaky_relu": act.leaky_relu(0.1),
    "cell_g": act.CELL_G,
    "cell_h": act.CELL_H,
    "affine": act.affine(0.9, 0.2),
}


def _net(name: str, seed: int, *, inputs: bool = True, biases: bool = True):
    """A random net of 4 units, 3 input lines, 9 steps; targets on units 0 and 2 at times 3, 6 and 9."""
    rng = np.random.default_rng(seed)
    n, m, T = 4, 3, 9
    scale = 0.6 if name in ("identity", "affine", "relu", "leaky_relu") else 1.2
    W = rng.normal(scale=scale / np.sqrt(n), size=(n, n))
    kwargs = {}
    if inputs:
        kwargs |= {"x": rng.uniform(-1, 1, (T, m)), "V": rng.normal(size=(n, m))}
    if biases:
        kwargs["b"] = rng.normal(scale=0.3, size=n)
    run = net.run_net(W, rng.uniform(-1, 1, n), T, UNITS[name], **kwargs)
    target = rng.uniform(-1, 1, (3, 2))
    return run, target, [0, 2], [3, 6, 9]


def _loss(run, target, outputs, times, *, W=None, V=None, b=None) -> float:
    """E of the same net rerun with one parameter replaced (an independent forward pass, in numpy)."""
    W = run.weights if W is None else W
    f = run.activation.f
    y, total = run.activations[0], 0.0
    for s in range(1, run.steps + 1):
        net_in = W @ y
        if run.inputs is not None:
            net_in = net_in + (run.input_weights if V is None else V) @ run.inputs[s - 1]
        if b is not None:
            net_in = net_in + b
        elif run.biases is not None:
            net_in = net_in + run.biases
        y = f(net_in)
        if s in times:
            d = target[times.index(s)]
            total += 0.5 * float(np.sum((d - y[outputs]) ** 2))
    return total


def _central(run, target, outputs, times, key: str, base: np.ndarray, h: float) -> np.ndarray:
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[index] += h
        down[index] -= h
        plus = _loss(run, target, outputs, times, **{key: up})
        minus = _loss(run, target, outputs, times, **{key: down})
        grad[index] = (plus - minus) / (2 * h)
    return grad


def _away_from_kinks(run) -> bool:
    return bool(np.min(np.abs(run.nets)) > 1e-3)


def _exact_loss(errors):
    return sum(Fraction(float(e)) ** 2 for e in np.ravel(errors)) / 2


@pytest.mark.parametrize(
    ("n", "value"), [(1, 1.5e154), (1, 1.8e154), (10, 1e-162), (3, 1e-170), (2, 3e-100), (4, 0.75)]
)
def test_the_loss_is_right_wherever_it_is_a_float64(n, value):
    # the squares overflow or underflow on the way; E itself is a finite float64 (Fraction decides)
    run = net.run_net(np.zeros((n, n)), np.zeros(n), 1, "identity")
    target = [[value] * n]
    exact = _exact_loss(net.target_errors(run, target, list(range(n)), [1]))
    ours = net.squared_error(run, target, list(range(n)), [1])
    assert exact <= Fraction(np.finfo(np.float64).max)
    tiny = Fraction(2) ** -1074
    assert abs(Fraction(ours) - exact) <= exact * (n + 2) * Fraction(2) ** -53 + tiny / 2
    if exact < 2 * tiny:  # here the nearest float64 is exactly what is returned
        assert ours == float(exact)  # 5e-324 for ten errors of 1e-162; 0.0 below 2^-1075


def test_a_loss_beyond_float64_is_refused():
    run = net.run_net([[0.0]], [0.0], 1, "identity")
    assert _exact_loss([[1.9e154]]) > Fraction(np.finfo(np.float64).max)
    with pytest.raises(
        ValueError,
        match=r"squared error 1/2 sum \(d - y\)\^2 over target is about 2\^1024\.0, beyond float64",
    ):
        net.squared_error(run, [[1.9e154]], [0], [1])
    assert net.squared_error(run, [[0.0]], [0], [1]) == 0.0


@pytest.mark.parametrize("name", list(UNITS))
@pytest.mark.parametrize(
    ("inputs", "biases"), [(True, True), (False, True), (True, False), (False, False)]
)
def test_the_gradient_is_the_autodiff_gradient(name, inputs, biases):
    run, target, outputs, times = _net(name, 11, inputs=inputs, biases=biases)
    errors = net.target_errors(run, target, outputs, times)
    ours = net.loss_gradient(run, errors)
    oracle = autodiff.autodiff_loss_gradient(run, target, outputs, times)
    assert np.max(np.abs(ours.W)) > 1e-3  # a gradient worth comparing
    np.testing.assert_allclose(ours.W, oracle["W"], rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(ours.b, oracle["b"], rtol=1e-11, atol=1e-14)
    if inputs:
        np.testing.assert_allclose(ours.V, oracle["V"], rtol=1e-11, atol=1e-14)
    else:
        assert ours.V is None
        assert "V" not in oracle


@pytest.mark.parametrize("name", list(UNITS))
def test_the_gradient_is_the_central_difference(name):
    for seed in range(20, 40):  # the first net whose net inputs keep away from a kink
        run, target, outputs, times = _net(name, seed)
        if _away_from_kinks(run):
            break
    assert _away_from_kinks(run)
    errors = net.target_errors(run, target, outputs, times)
    ours = net.loss_gradient(run, errors)
    h = 1e-6
    b = np.zeros(run.n) if run.biases is None else run.biases
    for key, base, value in [
        ("W", run.weights, ours.W),
        ("V", run.input_weights, ours.V),
        ("b", b, ours.b),
    ]:
        estimate = _central(run, target, outputs, times, key, np.array(base), h)
        np.testing.assert_allclose(value, estimate, rtol=1e-5, atol=1e-7)


def test_the_loss_is_the_sum_of_squares_and_its_errors_are_minus_its_derivative():
    run, target, outputs, times = _net("tanh", 3)
    assert net.squared_error(run, target, outputs, times) == pytest.approx(
        _loss(run, target, outputs, times), rel=1e-14
    )
    errors = net.target_errors(run, target, outputs, times)
    assert np.count_nonzero(errors) == 6
    assert errors[5, 2] == target[1, 1] - run.y(6)[2]


@pytest.mark.parametrize("name", list(UNITS))
def test_the_parts_by_lag_sum_to_the_gradient(name):
    run, target, outputs, times = _net(name, 5)
    errors = net.target_errors(run, target, outputs, times)
    total = net.loss_gradient(run, errors)
    parts = net.loss_gradient_by_lag(run, errors)
    assert parts.W.shape == (run.steps, run.n, run.n)
    assert parts.V.shape == (run.steps, run.n, 3)
    assert parts.b.shape == (run.steps, run.n)
    eps = np.finfo(float).eps
    for whole, split in [(total.W, parts.W), (total.V, parts.V), (total.b, parts.b)]:
        size = np.sum(np.abs(split), axis=0) + np.abs(whole)
        assert np.all(np.abs(np.sum(split, axis=0) - whole) <= 64 * run.steps * eps * size + 1e-300)
    # errors only at 3, 6 and 9: the lags run up to 8, and the lag-8 part is the error at 9 reaching time 1
    assert np.any(parts.W[8] != 0)


def test_a_lag_part_is_the_error_of_one_time_reaching_back():
    # one error at time t: its lag-q part is -theta(t - q) y(t - q - 1)^T with error_signals' theta
    run, *_ = _net("logistic", 8, inputs=False, biases=False)
    errors = np.zeros((run.steps, run.n))
    errors[6, 1] = 0.7  # time 7
    theta = net.error_signals(run, 7, run.slopes()[6] * errors[6])
    parts = net.loss_gradient_by_lag(run, errors)
    for q in range(7):
        np.testing.assert_allclose(
            parts.W[q], -np.outer(theta[6 - q], run.y(6 - q)), rtol=1e-13, atol=1e-300
        )
    assert np.all(parts.W[7:] == 0)
    np.testing.assert_allclose(net.loss_signals(run, errors)[:7], theta, rtol=1e-13, atol=1e-300)


def test_a_relu_net_with_the_identity_passes_error_back_unchanged_over_50_steps():
    n, T = 3, 51
    x = np.ones((T, 1))
    run = net.run_net(np.eye(n), [0.5, 1.0, 2.0], T, "relu", x=x, V=np.full((n, 1), 0.1))
    assert np.all(run.nets > 0)  # every unit active at every step
    errors = np.zeros((T, n))
    errors[-1] = [1.0, -2.0, 0.25]
    signals = net.loss_signals(run, errors)
    np.testing.assert_array_equal(signals, np.tile(errors[-1], (T, 1)))  # exactly, 50 steps back
    parts = net.loss_gradient_by_lag(run, errors)
    for q in (0, 25, 50):  # the lag-q part of dE/dw_ij is -e_i y_j(T - q - 1): no decay with q
        np.testing.assert_array_equal(parts.W[q], -np.outer(errors[-1], run.y(T - q - 1)))


def test_the_tanh_self_unit_derivative_of_its_last_state_by_its_weight():
    # h_t = tanh(w h_{t-1} + x_t), w = 0.8, eight random inputs: dh_T/dw, by the library and by autograd
    import autograd
    import autograd.numpy as anp

    rng = np.random.default_rng(14)
    xs, w = rng.normal(size=8), 0.8
    run = net.run_net([[w]], [0.0], 8, "tanh", x=xs[:, None], V=[[1.0]])
    errors = np.zeros((8, 1))
    errors[-1, 0] = -1.0  # E = h_T, so e = -dE/dh_T = -1
    ours = float(net.loss_gradient(run, errors).W[0, 0])

    def last(weight):
        h = 0.0
        for x_t in xs:
            h = anp.tanh(weight * h + x_t)
        return h

    oracle = float(autograd.grad(last)(w))
    assert ours == pytest.approx(oracle, rel=1e-13)
    # the sum over lags, term by term: sum_q prod_{k<q} w tanh'(net(T-k)) tanh'(net(T-q)) h(T-q-1)
    slopes = run.slopes()[:, 0]
    terms = [
        np.prod(w * slopes[8 - q :][::-1][:q] if q else [1.0]) * slopes[7 - q] * run.y(7 - q)[0]
        for q in range(8)
    ]
    assert ours == pytest.approx(sum(terms), rel=1e-13)
    # half of the sum, the size of the mistaken formula, is far off
    assert abs(ours - 0.5 * sum(terms)) > 0.1 * abs(ours)


def test_inputs_and_biases_enter_the_net_inputs():
    W, V, b = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[1.0], [-0.5]]), np.array([0.3, -0.2])
    x = np.array([[1.0], [2.0], [-1.0]])
    run = net.run_net(W, [0.1, 0.9], 3, "tanh", x=x, V=V, b=b)
    for t in range(1, 4):
        np.testing.assert_allclose(run.net(t), W @ run.y(t - 1) + V @ x[t - 1] + b, rtol=1e-15)
        np.testing.assert_array_equal(run.y(t), np.tanh(run.net(t)))
    assert not run.inputs.flags.writeable
    # without them, the run of the paper's net
    plain = net.run_net(W, [0.1, 0.9], 3, act.TANH)
    np.testing.assert_array_equal(plain.nets, net.run_net(W, [0.1, 0.9], 3, "tanh").nets)
    assert plain.inputs is None
    assert plain.biases is None
    # an inputs-and-bias net input that overflows only midway is computed scaled
    big = net.run_net([[1e308]], [1.0], 1, "identity", x=[[1.0]], V=[[1e308]], b=[-1e308])
    assert big.nets.tolist() == [[1e308]]
    with pytest.raises(ValueError, match="beyond float64"):
        net.run_net([[1e308]], [1.0], 1, "identity", x=[[1.0]], V=[[1e308]])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"x": [[1.0]] * 3}, ValueError, "x and V must be given together"),
        ({"V": [[1.0], [1.0]]}, ValueError, "x and V must be given together"),
        (
            {"x": [[1.0]] * 2, "V": [[1.0], [1.0]]},
            ValueError,
            r"x must have shape \(T, m\) = \(3, m\)",
        ),
        ({"x": np.zeros((3, 0)), "V": np.zeros((2, 0))}, ValueError, "m >= 1"),
        (
            {"x": [[1.0]] * 3, "V": [[1.0, 2.0]] * 2},
            ValueError,
            r"V must have shape \(n, m\) = \(2, 1\)",
        ),
        ({"x": [[np.nan]] * 3, "V": [[1.0]] * 2}, ValueError, "x must be finite"),
        ({"x": [["a"]] * 3, "V": [[1.0]] * 2}, TypeError, "x must be real"),
        ({"x": [[1.0]] * 3, "V": [[1j]] * 2}, TypeError, "V must be real"),
        ({"b": [0.0]}, ValueError, "b must be a vector of length n = 2"),
        ({"b": [np.inf, 0.0]}, ValueError, "b must be finite"),
        ({"b": "0"}, TypeError, "b must be real"),
    ],
)
def test_run_net_refuses_bad_inputs_and_biases(kwargs, error, message):
    with pytest.raises(error, match=message):
        net.run_net(np.eye(2), [0.0, 0.0], 3, "relu", **kwargs)


def test_the_gradient_functions_refuse_bad_input():
    run = net.run_net(np.eye(2), [0.1, 0.2], 3)
    good = np.zeros((3, 2))
    for call in (net.loss_signals, net.loss_gradient, net.loss_gradient_by_lag):
        with pytest.raises(TypeError, match="run must be a Run"):
            call("run", good)
        with pytest.raises(ValueError, match=r"errors must have shape \(T, n\) = \(3, 2\)"):
            call(run, np.zeros((2, 2)))
        with pytest.raises(ValueError, match="errors must be finite"):
            call(run, np.full((3, 2), np.nan))
        with pytest.raises(TypeError, match="errors must be real"):
            call(run, [["a", 0.0]] * 3)
    for call in (net.target_errors, net.squared_error):
        with pytest.raises(
            ValueError, match=r"target must have shape \(len\(times\), len\(outputs\)\)"
        ):
            call(run, [[1.0]], [0], [1, 2])
        with pytest.raises(ValueError, match=r"times must be distinct steps in 1\.\.T = 3"):
            call(run, [[1.0], [1.0]], [0], [2, 2])
        with pytest.raises(ValueError, match=r"times must be distinct steps in 1\.\.T = 3"):
            call(run, [[1.0]], [0], [4])
        with pytest.raises(TypeError, match="times must be integer"):
            call(run, [[1.0]], [0], [1.5])
        with pytest.raises(TypeError, match="times must be integer"):
            call(run, [[1.0]], [0], None)
        with pytest.raises(ValueError, match="outputs must be distinct"):
            call(run, [[1.0]], [2], [1])
        with pytest.raises(
            ValueError, match="target minus the output y at step 1, unit 0 is beyond float64"
        ):
            call(net.run_net([[1.0]], [1.7e308], 1, "identity"), [[-1.7e308]], [0], [1])
        with pytest.raises(TypeError, match="run must be a Run"):
            call(None, [[1.0]], [0], [1])


def test_a_gradient_beyond_the_float_range_is_refused():
    run = net.run_net([[1e150]], [1.0], 2, "identity")  # y(1) = w = 1e150
    for call in (net.loss_signals, net.loss_gradient, net.loss_gradient_by_lag):
        with pytest.raises(ValueError, match="beyond float64"):  # theta(1) = w e(2) = 1e350
            call(run, [[0.0], [1e200]])


def test_the_limits_are_refused_at_once():
    import time

    run = net.run_net(
        np.eye(400) * 0.5, np.zeros(400), 100
    )  # T n (n + 1) = 16 million > MAX_RUN_VALUES
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_RUN_VALUES"):
        net.loss_gradient_by_lag(run, np.zeros((100, 400)))
    T = net.MAX_LAG_STEPS  # two units: few values kept, but T errors back through T steps each
    long = net.Run(
        weights=np.ones((2, 2)),
        activation=act.LOGISTIC,
        nets=np.zeros((T, 2)),
        activations=np.zeros((T + 1, 2)),
    )
    with pytest.raises(ValueError, match="MAX_LAG_WORK"):  # 20000 * 20000 * 2 * 3 = 2.4e9
        net.loss_gradient_by_lag(long, np.ones((T, 2)))
    assert_fast(start, 1.0)


def _exact(run, errors):
    """The gradient and its parts by lag in exact rationals, from the run's own floats (W, f', e, y, x),
    and the same sums on absolute values (the scale of the stated rounding bound)."""
    from fractions import Fraction as F

    T, n = run.steps, run.n
    W = [[F(v) for v in row] for row in run.weights]
    slopes = [[F(v) for v in row] for row in run.slopes()]
    ys = [[F(v) for v in row] for row in run.activations]
    parts = [[[F(0)] * n for _ in range(n)] for _ in range(T)]
    scale = [[[F(0)] * n for _ in range(n)] for _ in range(T)]
    for t in range(1, T + 1):
        theta = [slopes[t - 1][i] * F(errors[t - 1][i]) for i in range(n)]
        size = [abs(v) for v in theta]
        for q in range(t):
            s = t - q
            for i in range(n):
                for j in range(n):
                    parts[q][i][j] -= theta[i] * ys[s - 1][j]
                    scale[q][i][j] += size[i] * abs(ys[s - 1][j])
            if s > 1:
                theta = [
                    slopes[s - 2][j] * sum(W[i][j] * theta[i] for i in range(n)) for j in range(n)
                ]
                size = [
                    abs(slopes[s - 2][j]) * sum(abs(W[i][j]) * size[i] for i in range(n))
                    for j in range(n)
                ]
    return parts, scale


@pytest.mark.parametrize("name", ["logistic", "tanh", "relu", "cell_h"])
def test_the_gradient_is_within_its_stated_rounding_bound(name):
    from fractions import Fraction as F

    run, target, outputs, times = _net(name, 31, inputs=False)
    errors = net.target_errors(run, target, outputs, times)
    errors[1] = [0.3, -0.1, 0.0, 2.0]  # errors at more times, on every unit
    T, n = run.steps, run.n
    parts, scale = _exact(run, errors)
    bound = F((T + 1) * (n + 4), 2**53)
    total, split = net.loss_gradient(run, errors), net.loss_gradient_by_lag(run, errors)
    for i in range(n):
        for j in range(n):
            exact = sum(parts[q][i][j] for q in range(T))
            size = sum(scale[q][i][j] for q in range(T))
            assert abs(F(total.W[i, j]) - exact) <= bound * size + F(1, 2**1000)
            for q in range(T):
                assert abs(F(split.W[q, i, j]) - parts[q][i][j]) <= bound * scale[q][i][j] + F(
                    1, 2**1000
                )


def _exact_gradient(W, y0, errors):
    """BPTT for the identity unit in Fractions: -sum_s theta_i(s) y_j(s-1) and -sum_s theta_i(s)."""
    W = [[Fraction(w) for w in row] for row in W]
    n, T = len(W), len(errors)
    ys = [[Fraction(v) for v in y0]]
    for _ in range(T):
        ys.append([sum(W[i][j] * ys[-1][j] for j in range(n)) for i in range(n)])
    theta, later = [None] * T, [Fraction(0)] * n
    for s in range(T, 0, -1):
        later = [
            Fraction(errors[s - 1][i]) + sum(W[k][i] * later[k] for k in range(n)) for i in range(n)
        ]
        theta[s - 1] = later
    dW = [[-sum(theta[s][i] * ys[s][j] for s in range(T)) for j in range(n)] for i in range(n)]
    db = [-sum(theta[s][i] for s in range(T)) for i in range(n)]
    return dW, db


_U, _D = 2.0**520, 2.0**468  # _D is the spacing of float64 at _U: the terms below are exact floats


@pytest.mark.parametrize(
    ("W", "y0", "errors"),
    [
        ([[1.0]], [1e200], [[-2e200], [1e200]]),  # terms -1e400 and 1e400: dE/dw = 0
        ([[1.0, 0.0], [0.0, 1.0]], [_U, 1.0], [[-2 * _U, 3.0], [_U, -1.0], [_D, 0.5]]),
    ],
)
def test_a_gradient_whose_terms_overflow_but_cancel_is_exact(W, y0, errors):
    run = net.run_net(W, y0, len(errors), "identity")
    # a term theta_0(1) y_0(0) is beyond float64, the entry it is part of is not
    assert abs(Fraction(y0[0]) * Fraction(errors[0][0])) > Fraction(np.finfo(np.float64).max)
    dW, db = _exact_gradient(W, y0, errors)
    ours = net.loss_gradient(run, errors)
    assert ours.W.tolist() == [[float(v) for v in row] for row in dW]
    assert ours.b.tolist() == [float(v) for v in db]


def test_a_gradient_beyond_float64_is_refused():
    run = net.run_net([[1.0]], [_U], 1, "identity")
    dW, _ = _exact_gradient([[1.0]], [_U], [[_U]])
    assert abs(dW[0][0]) > Fraction(np.finfo(np.float64).max)
    with pytest.raises(ValueError, match="dE/dW is beyond float64"):
        net.loss_gradient(run, [[_U]])


def test_a_squared_error_beyond_the_floats_names_its_size_and_largest_term():
    # 1/2 ((1e308 - 0.5)^2 + (1e308 + 0.5)^2) = 1e616 to float precision: log2 of it is 2046.3
    run = net.run_net(np.eye(2), [0.5, 0.5], 3, "identity")
    with pytest.raises(ValueError, match=r"about 2\^2046\.3, beyond float64.*step 3, unit 0"):
        net.squared_error(run, [[1e308, -1e308]], [0, 1], [3])


@pytest.mark.parametrize("flag", [True, np.bool_(True)])
def test_bools_among_integer_indices_are_refused(flag: object) -> None:
    # numpy reads [0, True] as [0, 1] and [2, True] as [2, 1]; a bool is no index, even among integers
    run = net.run_net(np.eye(2) * 0.5, [1.0, 1.0], 2, "logistic")
    with pytest.raises(TypeError, match=r"times must be integer steps, found a bool at times\[1\]"):
        net.squared_error(run, [[1.0], [1.0]], [1], [2, flag])
    with pytest.raises(
        TypeError, match=r"outputs must be integer unit indices, found a bool at outputs\[1\]"
    ):
        net.target_errors(run, [[1.0, 1.0]], [0, flag], [2])
    with pytest.raises(
        TypeError, match=r"outputs must be integer unit indices, found a bool at outputs\[1\]"
    ):
        autodiff.autodiff_loss_gradient(run, [[1.0, 1.0]], (0, flag), [2])


def test_the_exact_redo_of_cancelling_terms_is_bounded_by_max_redo(monkeypatch):
    # y(s) = (-1)^s 1e300, theta(s) = 1e300: dE/dw sums T terms of size 1e600 that cancel to 0
    W, y0, errors = [[-1.0]], [1e300], [[2e300], [2e300], [2e300], [1e300]]
    run = net.run_net(W, y0, len(errors), "identity")
    dW, db = _exact_gradient(W, y0, errors)
    # one entry redone over T = 4 steps counts T + 2 = 6: within a limit of 6, not of 5
    monkeypatch.setattr(gradient_module, "MAX_REDO", 6)
    ours = net.loss_gradient(run, errors)
    assert ours.W.tolist() == [[float(v) for v in row] for row in dW] == [[0.0]]
    assert ours.b.tolist() == [float(v) for v in db]
    monkeypatch.setattr(gradient_module, "MAX_REDO", 5)
    with pytest.raises(ValueError, match=r"dE/dW: 1 entries .* over 4 steps .* MAX_REDO = 5"):
        net.loss_gradient(run, errors)
    monkeypatch.setattr(gradient_module, "MAX_REDO", 0)
    with pytest.raises(ValueError, match=r"dE/dW at lag 0: .* MAX_REDO = 0"):
        net.loss_gradient_by_lag(run, errors)


def test_a_redo_beyond_max_redo_is_refused_before_it_starts():
    # the referee's case: within T n (n + m + 1) <= MAX_WORK, but 10^4 entries to redo over 2 10^4 steps
    # (about a minute of exact summation) -- refused in well under a second, before any is redone
    n, T = 100, 20_000
    run = net.run_net(-np.eye(n), np.full(n, 1e300), T, "identity")
    errors = np.full((T, n), 2e300)
    errors[-1] = 1e300
    start = time.process_time()
    with pytest.raises(ValueError, match=r"10000 entries .* above the limit MAX_REDO = 5000000"):
        net.loss_gradient(run, errors)
    assert_fast(start, 5.0)


def _exact_signals(run, errors):
    """theta(s) = F'(s) (e(s) + W^T theta(s + 1)) in Fractions, on the run's slopes and weights."""
    W = [[Fraction(w) for w in row] for row in run.weights.tolist()]
    slopes = [[Fraction(v) for v in row] for row in run.slopes().tolist()]
    n, T = run.n, run.steps
    later, out = [Fraction(0)] * n, [None] * T
    for s in range(T, 0, -1):
        later = [
            slopes[s - 1][j]
            * (Fraction(errors[s - 1][j]) + sum(W[i][j] * later[i] for i in range(n)))
            for j in range(n)
        ]
        out[s - 1] = later
    return [[float(v) for v in row] for row in out]


def test_loss_signals_redo_a_product_that_overflows_on_the_way():
    # the referee's case: theta(2) = f'(2) 1e10 is finite, theta(1) = f'(-1e300) (-1e300) theta(2) = 0,
    # only the product -1e300 theta(2) overflows; error_signals gives the same
    run = net.run_net([[-1e300]], [1.0], 2, "logistic")
    errors = [[0.0], [1e10]]
    ours = net.loss_signals(run, errors)
    assert ours.tolist() == _exact_signals(run, errors)
    assert ours.tolist() == net.error_signals(run, 2, ours[1]).tolist()
    gradient = net.loss_gradient(run, errors)
    assert gradient.W.tolist() == [[0.0]]
    assert gradient.b.tolist() == [-ours[1, 0]]
    by_lag = net.loss_gradient_by_lag(run, errors)  # it propagates the signals on its own
    assert by_lag.W.sum(axis=0).tolist() == [[0.0]]
    assert by_lag.b.sum(axis=0).tolist() == [-ours[1, 0]]


def test_the_split_by_lag_redoes_signals_whose_terms_overflow_but_cancel():
    W = [[1e200, 1.0], [-1e200, 1.0]]
    errors = [[1e100, 5.0], [1e200, 1e200]]
    run = net.run_net(W, [0.0, 0.0], 2, "identity")
    dW, db = _exact_gradient(W, [0.0, 0.0], errors)
    split = net.loss_gradient_by_lag(run, errors)
    assert split.W.sum(axis=0).tolist() == [[float(v) for v in row] for row in dW]
    assert split.b.sum(axis=0).tolist() == [float(v) for v in db]


def test_loss_signals_whose_terms_overflow_but_cancel_are_exact():
    # (W^T theta(2))_0 = 1e200 1e200 - 1e200 1e200 = 0 although each term overflows; plus e_0(1) = 1e100
    # (a term below 2^-1074 of the largest, such as 3 here, would be lost, as the accuracy allows)
    W = [[1e200, 1.0], [-1e200, 1.0]]
    errors = [[1e100, 5.0], [1e200, 1e200]]
    run = net.run_net(W, [0.0, 0.0], 2, "identity")
    assert net.loss_signals(run, errors).tolist() == _exact_signals(run, errors)
    dW, db = _exact_gradient(W, [0.0, 0.0], errors)
    ours = net.loss_gradient(run, errors)
    assert ours.W.tolist() == [[float(v) for v in row] for row in dW]
    assert ours.b.tolist() == [float(v) for v in db]


def test_loss_signals_refuse_a_redo_beyond_max_signal_redo_and_a_signal_beyond_float64(monkeypatch):
    W, errors = [[1e200, 1.0], [-1e200, 1.0]], [[1e100, 5.0], [1e200, 1e200]]
    run = net.run_net(W, [0.0, 0.0], 2, "identity")
    monkeypatch.setattr(
        signals_module, "MAX_SIGNAL_REDO", 2
    )  # one row of n + 1 = 3 terms: too many
    with pytest.raises(ValueError, match=r"at time 1: .* MAX_SIGNAL_REDO = 2 terms"):
        net.loss_signals(run, errors)
    monkeypatch.undo()
    big = net.run_net([[1e200]], [0.0], 2, "identity")  # theta(1) = 1e200 1e200: beyond float64
    with pytest.raises(ValueError, match="the error signal at time 1 is beyond float64"):
        net.loss_signals(big, [[0.0], [1e200]])


def test_many_small_signal_redos_are_refused_within_a_second():
    # every step's products overflow and cancel: 200000 redo calls of 6 terms each; the per-call cost
    # (SIGNAL_REDO_CALL) makes MAX_SIGNAL_REDO bound the time, not just the 1.2e6 terms
    run = net.run_net([[1e300, 1e300], [-1e300, -1e300]], [0.0, 0.0], 200_000, "identity")
    errors = np.full((200_000, 2), 1e10)
    for call in (net.loss_signals, net.loss_gradient):
        start = time.process_time()
        with pytest.raises(ValueError, match=r"MAX_SIGNAL_REDO = .*SIGNAL_REDO_CALL"):
            call(run, errors)
        assert_fast(start, 6.0)
    assert (2 * 3 + net.SIGNAL_REDO_CALL) * 200_000 > net.MAX_SIGNAL_REDO


def test_the_split_by_lag_refuses_a_long_run_at_once():
    # an ordinary net, one error at the last step: the loop over the T lags alone took 6-9 s at T = 200000
    T = 200_000
    run = net.run_net(np.full((1, 1), 0.5), [0.1], T, "tanh")
    errors = np.zeros((T, 1))
    errors[-1] = 1.0
    start = time.process_time()
    with pytest.raises(
        ValueError, match=r"T = 200000 steps, above the limit MAX_LAG_STEPS = 20000"
    ):
        net.loss_gradient_by_lag(run, errors)
    assert_fast(start, 2.0)


def test_the_split_by_lag_at_its_step_limit_takes_about_a_second():
    T = net.MAX_LAG_STEPS
    run = net.run_net(np.full((1, 1), 0.5), [0.1], T, "identity")
    errors = np.zeros((T, 1))
    errors[-1] = 1.0
    start = time.process_time()
    parts = net.loss_gradient_by_lag(run, errors)
    assert_fast(start, 15.0)
    # lag q: theta(T - q) = 0.5^q exactly (identity, w = 1/2); b's part is -theta
    assert parts.b[:40, 0].tolist() == [-float(Fraction(1, 2**q)) for q in range(40)]


def test_the_split_by_lag_refuses_work_beyond_its_own_limit_at_once():
    # n = 2, errors at the last 16000 of 20000 times: K T n (n + m + 1) = 1.92e9, under MAX_WORK but a
    # loop of 20000 lags over 16000 signals took 17 s; the split has its own, tighter limit
    T = 20_000
    run = net.run_net(0.5 * np.eye(2), [1.0, 1.0], T, "logistic")
    errors = np.zeros((T, 2))
    errors[-16_000:] = 1.0
    assert 16_000 * T * 2 * 3 <= net.MAX_WORK
    start = time.process_time()
    with pytest.raises(ValueError, match=r"above the limit MAX_LAG_WORK = 2e\+08"):
        net.loss_gradient_by_lag(run, errors)
    assert_fast(start, 2.0)


def test_a_signal_that_underflows_but_meets_a_huge_activation_keeps_its_digits():
    # referee pass 13B: theta(1) = 1e-30 * 1e-300 = 1e-330 underflowed to 0, but theta(1) y(0) = 1e-30
    run = net.run_net([[1e-30]], [1e300], 2, "identity")
    errors = [[0.0], [1e-300]]
    y = [Fraction(v) for v in run.activations[:, 0]]  # the run's own activations, taken as exact
    theta2 = Fraction(1e-300)
    theta1 = Fraction(1e-30) * theta2
    assert net.loss_gradient(run, errors).W[0, 0] == float(-(theta1 * y[0] + theta2 * y[1]))
    assert net.loss_gradient(run, errors).W[0, 0] == -2.0000000000000005e-30
    split = net.loss_gradient_by_lag(run, errors).W[:, 0, 0].tolist()
    for ours, exact in zip(split, [-theta2 * y[1], -theta1 * y[0]], strict=True):
        # within the stated (T + 1)(n + 4) 2^-53 = 15 2^-53 of the single term (it was 0.0 at lag 1)
        assert abs(Fraction(ours) - exact) <= Fraction(15, 2**53) * abs(exact)
    assert net.loss_signals(run, errors).tolist() == [[0.0], [1e-300]]  # 1e-330 is below 2^-1074


def test_a_signal_that_underflows_is_carried_through_a_huge_weight():
    # relu, y(0) = (-1, 1): theta(3) = (1e-200, 0), theta_1(2) = 1e-200 1e-200 = 1e-400 (below float64),
    # theta_0(1) = 1e300 theta_1(2) = 1e-100, whose terms theta_0(1) y(0) = -/+1e-100 were lost
    W = [[0.0, 1e-200], [1e300, 0.0]]
    run = net.run_net(W, [-1.0, 1.0], 3, "relu")
    assert run.slopes().tolist() == [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    errors = [[0.0, 0.0], [0.0, 0.0], [1e-200, 0.0]]
    theta1 = Fraction(1e300) * (Fraction(1e-200) * Fraction(1e-200))
    assert net.loss_signals(run, errors)[0].tolist() == [float(theta1), 0.0]
    (exact, scale, slack), (parts, part_scale, part_slack) = _exact_with_floor(run, errors)
    assert exact[0][0] == theta1  # -theta_0(1) y_0(0), y_0(0) = -1; the other terms are 0
    bound, unit = Fraction(4 * 6, 2**53), Fraction(1, 2**1074)
    total, split = net.loss_gradient(run, errors), net.loss_gradient_by_lag(run, errors)
    for i in range(2):
        for j in range(2):
            allowed = bound * scale[i][j] + unit * slack[i][j]
            assert abs(Fraction(total.W[i, j]) - exact[i][j]) <= allowed
            allowed = bound * part_scale[2][i][j] + unit * part_slack[2][i][j]
            assert abs(Fraction(split.W[2, i, j]) - parts[2][i][j]) <= allowed
    assert total.W[0].tolist() == [1e-100, -2e-100]  # with theta_0(3) y_1(2) = 1e-200 1e100


def _exact_with_floor(run, errors):
    """In exact rationals from the run's own floats: the gradient dE/dW and its parts by lag, the sums on
    absolute values that scale the rounding bound, and the stated allowance for digits lost to
    underflow, in units of 2^-1074 (the recursion on absolute values driven at every step by
    (n + 2) max_k |theta_k(s)| + (n + 1) |f'_j(s)| max_i |w_ij| max_k |theta_k(s + 1)|, times |y|, plus
    T, or K by lag, for the products themselves)."""
    F = Fraction
    T, n = run.steps, run.n
    W = [[F(v) for v in row] for row in run.weights]
    col = [max(abs(W[i][j]) for i in range(n)) for j in range(n)]
    slopes = [[F(v) for v in row] for row in run.slopes()]
    ys = [[F(v) for v in row] for row in run.activations]
    e = [[F(v) for v in row] for row in errors]

    def back(theta, s):  # theta(s - 1) from theta(s), no error
        return [slopes[s - 2][j] * sum(W[i][j] * theta[i] for i in range(n)) for j in range(n)]

    def floor(theta, later, s):
        big, big_later = max(abs(v) for v in theta), max(abs(v) for v in later)
        return [
            (n + 2) * big + (n + 1) * abs(slopes[s - 1][j]) * col[j] * big_later for j in range(n)
        ]

    def grow(size, s):
        return [
            abs(slopes[s - 2][j]) * sum(abs(W[i][j]) * size[i] for i in range(n)) for j in range(n)
        ]

    def zero():
        return [[F(0)] * n for _ in range(n)]

    # in total
    total, scale, slack = zero(), zero(), zero()
    theta, size, extra = [F(0)] * n, [F(0)] * n, [F(0)] * n
    for s in range(T, 0, -1):
        later = theta
        theta = [
            slopes[s - 1][j] * (e[s - 1][j] + sum(W[i][j] * later[i] for i in range(n)))
            for j in range(n)
        ]
        size = [
            abs(slopes[s - 1][j])
            * (abs(e[s - 1][j]) + sum(abs(W[i][j]) * size[i] for i in range(n)))
            for j in range(n)
        ]
        extra = [
            a + b
            for a, b in zip(
                floor(theta, later, s), grow(extra, s + 1) if s < T else [0] * n, strict=True
            )
        ]
        for i in range(n):
            for j in range(n):
                total[i][j] -= theta[i] * ys[s - 1][j]
                scale[i][j] += size[i] * abs(ys[s - 1][j])
                slack[i][j] += extra[i] * abs(ys[s - 1][j])
    slack = [[v + T for v in row] for row in slack]
    # by lag
    parts = [zero() for _ in range(T)]
    part_scale = [zero() for _ in range(T)]
    part_slack = [zero() for _ in range(T)]
    for t in range(1, T + 1):
        theta = [slopes[t - 1][i] * e[t - 1][i] for i in range(n)]
        size = [abs(v) for v in theta]
        extra = floor(theta, [F(0)] * n, t)
        for q in range(t):
            s = t - q
            for i in range(n):
                for j in range(n):
                    parts[q][i][j] -= theta[i] * ys[s - 1][j]
                    part_scale[q][i][j] += size[i] * abs(ys[s - 1][j])
                    part_slack[q][i][j] += extra[i] * abs(ys[s - 1][j]) + 1
            if s > 1:
                earlier = back(theta, s)
                extra = [
                    a + b for a, b in zip(floor(earlier, theta, s - 1), grow(extra, s), strict=True)
                ]
                size, theta = grow(size, s), earlier
    return (total, scale, slack), (parts, part_scale, part_slack)


_MAGNITUDES = st.integers(-700, 700).map(lambda k: 2.0**k)


@st.composite
def _extreme_nets(draw):
    n = draw(st.integers(1, 3))
    T = draw(st.integers(1, 4))

    def value(zero=True):
        if zero and draw(st.booleans()) and draw(st.booleans()):
            return 0.0
        mantissa = draw(st.floats(0.5, 1.0, exclude_max=True))
        sign = draw(st.sampled_from([-1.0, 1.0]))
        return sign * mantissa * draw(_MAGNITUDES)

    W = [[value() for _ in range(n)] for _ in range(n)]
    y0 = [value() for _ in range(n)]
    errors = [[value() for _ in range(n)] for _ in range(T)]
    name = draw(st.sampled_from(["identity", "relu", "leaky_relu", "affine"]))
    return W, y0, errors, name


@settings(max_examples=150, deadline=None)
@given(_extreme_nets())
def test_the_gradient_of_nets_with_huge_and_tiny_values_is_within_its_stated_bound(case):
    # the oracle: BPTT in exact rationals from the run's own W, f', e and y; the bound as the docstring
    # states it: (T + 1)(n + 4) 2^-53 of the sums on absolute values plus the underflow allowance
    W, y0, errors, name = case
    try:
        run = net.run_net(W, y0, len(errors), UNITS[name])
        total = net.loss_gradient(run, errors)
        split = net.loss_gradient_by_lag(run, errors)
    except ValueError as error:  # a net input, signal or entry beyond float64
        refusal = str(error)
    else:
        refusal = ""
    if refusal:
        assert "beyond float64" in refusal
        return
    T, n = run.steps, run.n
    (exact, scale, slack), (parts, part_scale, part_slack) = _exact_with_floor(run, errors)
    bound, unit = Fraction((T + 1) * (n + 4), 2**53), Fraction(1, 2**1074)
    for i in range(n):
        for j in range(n):
            err = abs(Fraction(total.W[i, j]) - exact[i][j])
            assert err <= bound * scale[i][j] + unit * slack[i][j], (i, j)
            for q in range(T):
                err = abs(Fraction(split.W[q, i, j]) - parts[q][i][j])
                allowed = bound * part_scale[q][i][j] + unit * part_slack[q][i][j]
                assert err <= allowed, (q, i, j)


def test_signals_below_the_float_range_for_many_steps_are_refused_within_a_second():
    # w = 1, identity, an error of 1e-320 at the last step: every signal is subnormal and cannot be
    # dropped (times y = 1, T terms, it is still above 2^-1100); about 90 microseconds a step held as
    # mantissas and powers of two, so MAX_SIGNAL_REDO bounds them (200000 steps took 19 s)
    T = 200_000
    run = net.run_net(np.ones((1, 1)), [1.0], T, "identity")
    errors = np.zeros((T, 1))
    errors[-1] = 1e-320
    for call in (net.loss_signals, net.loss_gradient):
        start = time.process_time()
        with pytest.raises(ValueError, match=r"underflow on the way .* MAX_SIGNAL_REDO = 20000000"):
            call(run, errors)
        assert_fast(start, 3.0)
    short = net.run_net(np.ones((1, 1)), [1.0], 3, "identity")  # within the limit: exact
    assert net.loss_gradient(short, [[0.0], [0.0], [1e-320]]).W.tolist() == [[-3e-320]]


def _plain_signals(run, errors):
    """theta(s) = f'(s) (e(s) + W^T theta(s + 1)) in plain float64, step by step, with its own bound on
    absolute values: ``(theta, size)``, row ``s - 1`` time ``s``."""
    slopes, W = run.slopes(), run.weights
    theta, size = np.zeros((run.steps, run.n)), np.zeros((run.steps, run.n))
    later, later_size = np.zeros(run.n), np.zeros(run.n)
    with np.errstate(under="ignore"):
        for s in range(run.steps, 0, -1):
            later = slopes[s - 1] * (errors[s - 1] + W.T @ later)
            later_size = np.abs(slopes[s - 1]) * (np.abs(errors[s - 1]) + np.abs(W.T) @ later_size)
            theta[s - 1], size[s - 1] = later, later_size
    return theta, size


def _close_to_plain(got, plain, size, steps, n):
    """Within the stated bound of each, on top of each other: (T - s + 1)(n + 3) 2^-53 of the recursion on
    absolute values, twice, plus 2^-1074 for the library's and 2^-1074 for each of the plain pass's
    underflows (a few, where its signals leave the float range)."""
    later = np.arange(steps, 0, -1)[:, None]  # T - s + 1 for row s - 1
    allowed = 2 * later * (n + 3) * 2.0**-53 * size + 8 * 2.0**-1074
    assert np.all(np.abs(got - plain) <= allowed)


def test_a_saturated_unit_beside_a_slowly_vanishing_one_is_answered():
    # logistic units: unit 0 saturated by w = 60 (slope 8.8e-27, its signal below the float range after
    # one step back, and falling), unit 1 with gain 3.9 f' = 0.975 a step, whose signal stays a normal
    # float over 20000 steps. The row held entry by entry could not be dropped for unit 1's sake, and
    # was refused under MAX_SIGNAL_REDO; unit 0's signal alone is now dropped where it can add nothing
    for W in ([[60.0, 0.0], [0.0, 3.9]], [[60.0, 0.1], [0.0, 3.9]]):
        run = net.run_net(W, [0.9, 0.5], 20_000, "logistic", b=[0.0, -1.95])
        errors = np.zeros((20_000, 2))
        errors[-1] = 1.0
        plain, size = _plain_signals(run, errors)
        _close_to_plain(net.loss_signals(run, errors), plain, size, 20_000, 2)
        expected = -(plain.T @ run.activations[:-1])
        allowed = 20_001 * 6 * 2.0**-53 * (size.T @ np.abs(run.activations[:-1])) + 2.0**-1060
        assert np.all(np.abs(net.loss_gradient(run, errors).W - expected) <= allowed)
        short = net.run_net(W, [0.9, 0.5], 3000, "logistic", b=[0.0, -1.95])
        errors = np.zeros((3000, 2))
        errors[-1] = 1.0
        plain, size = _plain_signals(short, errors)
        parts = net.loss_gradient_by_lag(short, errors).b  # lag q: -theta(T - q)
        _close_to_plain(-parts[::-1], plain, size, 3000, 2)


def test_an_ordinary_vanishing_gradient_of_thirty_units_over_20000_steps_is_answered():
    # a random tanh net of 30 units, spectral radius 0.66: its signals fall below the float range after
    # about 1800 steps back. The bound that lets them be dropped needs the signed products of blocks of
    # steps (|W| would grow them); at T n^3 = 5.4e8 multiply-adds it was not formed, and the call was
    # refused under MAX_SIGNAL_REDO
    rng = np.random.default_rng(5)
    W = rng.normal(size=(30, 30))
    W *= 0.66 / max(abs(np.linalg.eigvals(W)))
    run = net.run_net(W, np.full(30, 0.5), 20_000, "tanh")
    errors = np.zeros((20_000, 30))
    errors[-1] = 1.0
    if np.finfo(np.longdouble).minexp > -16000:
        pytest.skip("the oracle needs numpy's long double with x87's exponent range")
    # the oracle: the same recursion in long double (64-bit mantissas, exponents down to -16445): no
    # underflow where float64 has one; |W|'s bound overflows here, so it is compared entry by entry
    slopes, Wl = run.slopes().astype(np.longdouble), W.astype(np.longdouble)
    exact = np.zeros((20_000, 30), dtype=np.longdouble)
    later = np.ones(30, dtype=np.longdouble) * slopes[-1]
    exact[-1] = later
    for s in range(19_999, 0, -1):
        later = slopes[s - 1] * (Wl.T @ later)
        exact[s - 1] = later
    start = time.process_time()
    got = net.loss_signals(run, errors)
    assert_fast(start, 1.5)
    assert np.all(np.abs(got - exact) <= 1e-9 * np.abs(exact) + 2.0**-1074)
    assert np.all(got[:18_000] == 0.0)  # about 1800 steps back the signals leave the float range
    assert np.any(got[18_300] != 0.0)


def test_a_strongly_non_normal_net_is_refused_within_a_second():
    # W = I/2 + 50 N (N strictly upper triangular): W's powers decay, but |W|'s grow, and over blocks of
    # 16 steps so do the signed products; the signals below the float range cannot be shown negligible,
    # and the steps held entry by entry run into MAX_SIGNAL_REDO (1.2 to 1.8 s before the bound was
    # formed for all blocks at once)
    rng = np.random.default_rng(1)
    W = 0.5 * np.eye(10) + 50 * np.triu(rng.normal(size=(10, 10)), 1)
    run = net.run_net(W, np.zeros(10), 20_000, "identity")
    errors = np.zeros((20_000, 10))
    errors[-1] = 1.0
    for call in (net.loss_signals, net.loss_gradient, net.loss_gradient_by_lag):
        start = time.process_time()
        with pytest.raises(ValueError, match=r"underflow on the way .* MAX_SIGNAL_REDO = 20000000"):
            call(run, errors)
        assert_fast(start, 1.0)


_ANY = st.builds(
    lambda sign, exponent, mantissa: sign * math.ldexp(mantissa, exponent),
    st.sampled_from([-1.0, 0.0, 1.0]),
    st.integers(-1074, 1000),
    st.floats(0.5, 1.0, exclude_max=True),
)


def _bptt_on_the_run(run, errors, absolute):
    """-sum_s theta_i(s) y_j(s-1) in Fractions, with the run's own (float) activations and the identity
    unit's exact signals; on absolute values where ``absolute``, and by lag as well; and the largest
    signal of the whole loss."""
    f = abs if absolute else (lambda v: v)
    n, T = run.n, run.steps
    W = [[f(Fraction(w)) for w in row] for row in run.weights]
    ys = [[f(Fraction(v)) for v in row] for row in run.activations]
    total = [[Fraction(0)] * n for _ in range(n)]
    lags = [[[Fraction(0)] * n for _ in range(n)] for _ in range(T)]
    later, largest = [Fraction(0)] * n, Fraction(0)
    for s in range(T, 0, -1):
        later = [
            f(Fraction(errors[s - 1][i])) + sum(W[k][i] * later[k] for k in range(n))
            for i in range(n)
        ]
        largest = max([largest] + [abs(v) for v in later])
    for t in range(1, T + 1):  # the error e(t) alone, back through every lag
        theta = [f(Fraction(errors[t - 1][i])) for i in range(n)]
        for q in range(t):
            s = t - q
            for i in range(n):
                for j in range(n):
                    term = theta[i] * ys[s - 1][j]
                    total[i][j] -= term
                    lags[q][i][j] -= term
            theta = [sum(W[k][i] * theta[k] for k in range(n)) for i in range(n)]
    return total, lags, largest


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 2), steps=st.integers(1, 3), data=st.data())
def test_the_gradients_keep_each_entry_to_its_own_rounding_over_the_whole_range(n, steps, data):
    # weights, starting activations and errors each of its own size from 2^-1074 to 2^1000: every entry
    # of the gradient, in total and by lag, within its own bound (no digits lost to another's size)
    W = np.array(data.draw(st.lists(_ANY, min_size=n * n, max_size=n * n))).reshape(n, n)
    y0 = np.array(data.draw(st.lists(_ANY, min_size=n, max_size=n)))
    errors = np.array(data.draw(st.lists(_ANY, min_size=n * steps, max_size=n * steps)))
    errors = errors.reshape(steps, n)
    try:
        run = net.run_net(W, y0, steps, "identity")
    except ValueError:
        return  # the forward run itself leaves float64
    exact, exact_lags, largest = _bptt_on_the_run(run, errors, absolute=False)
    size, size_lags, _ = _bptt_on_the_run(run, errors, absolute=True)
    top = Fraction(np.finfo(np.float64).max)
    bound = (steps + 1) * (n + 4) * Fraction(1, 2**53)
    floor = steps * Fraction(1, 2**1074)
    if largest > top * (1 - bound) or any(abs(v) > top * (1 - bound) for r in exact for v in r):
        return  # a signal or an entry at or beyond float64: refusals are tested elsewhere
    total = net.loss_gradient(run, errors).W
    for i in range(n):
        for j in range(n):
            assert abs(Fraction(total[i, j]) - exact[i][j]) <= bound * abs(size[i][j]) + floor
    if any(abs(v) > top * (1 - bound) for lag in exact_lags for r in lag for v in r):
        return
    parts = net.loss_gradient_by_lag(run, errors).W
    for q in range(steps):
        for i in range(n):
            for j in range(n):
                error = abs(Fraction(parts[q, i, j]) - exact_lags[q][i][j])
                assert error <= bound * abs(size_lags[q][i][j]) + floor


def test_many_entries_whose_terms_overflow_and_cancel_are_summed_exactly():
    # y(0) = 1e300 and y(1) = -1e300 (the input -1e300), x = -1e300, 1e300, every signal 1e10: every
    # entry of dE/dW and dE/dV has two terms of 1e310 that cancel exactly; 930 entries are redone
    n = 30
    run = net.run_net(
        np.zeros((n, n)), np.full(n, 1e300), 2, "identity", x=[[-1e300], [1e300]], V=np.ones((n, 1))
    )
    gradient = net.loss_gradient(run, np.full((2, n), 1e10))
    assert not np.any(gradient.V)
    assert not np.any(gradient.W)
    parts = net.loss_gradient_by_lag(run, np.full((2, n), 1e10))
    assert not np.any(parts.V.sum(axis=0))
    assert not np.any(parts.W.sum(axis=0))


def test_the_split_by_lag_bounds_many_patterns_of_support_at_a_bounded_cost():
    # 127 error times, each on its own set of the units 0..6 (W = diag(0.5, ..., 0.5, 2)): each set's
    # drop bound was formed apart, over all 20000 steps (36 s); now a few sets apart, then their union
    T = 20_000
    run = net.run_net(np.diag([0.5] * 7 + [2.0]), np.zeros(8), T, "identity")
    subsets = [s for r in range(1, 8) for s in itertools.combinations(range(7), r)]
    errors = np.zeros((T, 8))
    for k, subset in enumerate(subsets):
        errors[T - 1 - k, list(subset)] = 1.0
    start = time.process_time()
    parts = net.loss_gradient_by_lag(run, errors)
    assert_fast(start, 2.0)
    # lag q of the bias: minus the sum over the error times of theta(t - q) = 2^-q on each time's units
    count = np.array([sum(j in s for s in subsets) for j in range(8)], dtype=float)
    for q in (0, 1, 500, 1000, 1074):
        assert parts.b[q].tolist() == (-count * 2.0**-q).tolist()
    assert np.all(np.abs(parts.b[1080:]) <= 127 * 2.0**-1074)
