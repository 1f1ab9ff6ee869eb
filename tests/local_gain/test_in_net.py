"""Pairings of path terms in a running net, checked against the flow, explicit net inputs and autograd."""

from __future__ import annotations

import itertools

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.flow import path_terms
from lstmnotes.local_gain._in_net import (
    activation_sensitivity,
    lag_contributions,
    pair_sweep,
    path_pairing,
)
from lstmnotes.net._run import output_error, random_weights, run_net


def sample_run(seed, n=3, steps=8, w_max=3.0):
    rng = np.random.default_rng(seed)
    return run_net(random_weights(n, rng, w_max=w_max), rng.uniform(0, 1, n), steps)


def slope(x):
    return np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 3), q=st.integers(1, 4))
def test_corrected_and_regrouped_products_are_the_flows_path_terms(seed, n, q):
    run = sample_run(seed, n=n)
    t = run.steps
    for u, v in itertools.product(range(n), repeat=2):
        terms = np.asarray(path_terms(run.weights, run.fprime(t, q), u, v))
        for middle in itertools.product(range(n), repeat=q - 1):
            path = (u, *middle, v)
            expected = float(terms[middle]) if middle else float(terms)
            for pairing in ("corrected", "regrouped"):
                product = path_pairing(run, t, path, pairing).product
                assert product == pytest.approx(expected, rel=1e-12, abs=1e-300)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), q=st.integers(2, 5))
def test_regrouped_pairs_meet_the_weight_into_their_own_unit(seed, q):
    run = sample_run(seed)
    t = run.steps
    rng = np.random.default_rng(seed)
    path = tuple(int(u) for u in rng.integers(0, run.n, q + 1))
    pairs = path_pairing(run, t, path, "regrouped")
    assert pairs.pairs.size == q - 1
    assert pairs.head == run.weights[path[0], path[1]]
    assert pairs.tail == slope(run.nets[t - q - 1, path[q]])
    for k, m in enumerate(range(1, q)):
        unit, source, time = path[m], path[m + 1], t - m
        net = run.weights[unit] @ run.activations[time - 1]  # net_l(t - m) from y(t - m - 1)
        assert pairs.weight_index[k].tolist() == [unit, source]
        assert pairs.slope_times[k] == time
        assert pairs.inputs[k] == run.activations[time - 1, source]
        assert pairs.offsets[k] == pytest.approx(net - run.weights[unit, source] * pairs.inputs[k])
        assert abs(pairs.pairs[k]) == pytest.approx(slope(net) * abs(run.weights[unit, source]))
    assert bool(pairs.feeds.all())


def test_which_weights_feed_their_slope():
    run = sample_run(1)
    path = (0, 0, 1, 2, 2)
    printed = path_pairing(run, 6, path, "printed")
    corrected = path_pairing(run, 6, path, "corrected")
    assert printed.feeds.tolist() == [True] * 4
    assert corrected.feeds.tolist() == [True, False, False, True]  # only the self-loops feed
    assert corrected.inputs[1] == 0.0
    assert printed.weight_index.tolist() == [[0, 0], [1, 0], [2, 1], [2, 2]]
    assert corrected.weight_index.tolist() == [[0, 0], [0, 1], [1, 2], [2, 2]]


def test_pair_sweep_peaks_for_feeding_pairs_and_grows_for_the_others():
    run = sample_run(2)
    corrected = path_pairing(run, 6, (0, 1, 2), "corrected")
    w = np.array([1.0, 10.0, 1e3, 1e6])
    grows = pair_sweep(corrected, 0, w)
    np.testing.assert_allclose(grows, corrected.slopes[0] * w)
    regrouped = path_pairing(run, 6, (0, 1, 2), "regrouped")
    falls = pair_sweep(regrouped, 0, w)
    y, c = regrouped.inputs[0], regrouped.offsets[0]
    np.testing.assert_allclose(falls, slope(w * y + c) * w)
    assert falls[-1] < 1e-100


def test_pairing_refuses_bad_input():
    run = sample_run(0)
    with pytest.raises(ValueError, match="unknown pairing"):
        path_pairing(run, 5, (0, 1), "sideways")
    with pytest.raises(ValueError, match="at least two"):
        path_pairing(run, 5, (0,))
    with pytest.raises(ValueError, match=r"units must be in 0\.\.2"):
        path_pairing(run, 5, (0, 3))
    with pytest.raises(ValueError, match="q < t <= T"):
        path_pairing(run, 2, (0, 1, 2))
    with pytest.raises(TypeError, match="t must be an integer"):
        path_pairing(run, 5.0, (0, 1))
    pairs = path_pairing(run, 5, (0, 1, 2))
    with pytest.raises(ValueError, match="k must index"):
        pair_sweep(pairs, 1, [1.0])


def forward(W, y0, t):
    y = y0
    for _ in range(t):
        y = 1 / (1 + anp.exp(-anp.dot(W, y)))
    return y


@pytest.mark.parametrize(("t", "i", "j"), [(1, 0, 1), (2, 1, 0), (4, 2, 2), (6, 0, 2)])
def test_activation_sensitivity_against_autograd(t, i, j):
    rng = np.random.default_rng(3)
    W, y0 = random_weights(3, rng, w_max=2.0), rng.uniform(0, 1, 3)
    exact = jacobian(lambda weights: forward(weights, y0, t))(W)[:, i, j]
    np.testing.assert_allclose(activation_sensitivity(W, y0, t, i, j), exact, rtol=1e-6, atol=1e-10)


def test_activation_sensitivity_refuses_bad_input():
    with pytest.raises(ValueError, match="i must be a unit index"):
        activation_sensitivity(np.eye(2), [0.0, 0.0], 2, 2, 0)
    with pytest.raises(ValueError, match="step must be positive"):
        activation_sensitivity(np.eye(2), [0.0, 0.0], 2, 0, 0, step=0.0)


def test_lag_contributions_against_autograd_on_untied_weights():
    # give every time step its own copy of W: the gradient with respect to copy s is the update
    # contribution of step s, which autograd computes without the paper's error-signal rule
    rng = np.random.default_rng(4)
    n, steps = 3, 6
    W, y0 = random_weights(n, rng, w_max=2.0), rng.uniform(0, 1, n)
    run = run_net(W, y0, steps)
    target = 0.9

    def error(stack):
        y = y0
        for s in range(steps):
            y = 1 / (1 + anp.exp(-anp.dot(stack[s], y)))
        return 0.5 * (target - y[0]) ** 2

    per_step = jacobian(error)(np.stack([W] * steps))
    theta = output_error(run, steps, [target], [0])
    alpha = 0.3
    got = lag_contributions(run, steps, theta, alpha)
    expected = [alpha * np.linalg.norm(per_step[steps - 1 - lag]) for lag in range(steps)]
    np.testing.assert_allclose(got, expected, rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 1000), alpha=st.floats(1e-4, 1e4))
def test_learning_rate_scales_every_lag_alike(seed, alpha):
    run = sample_run(seed, steps=10)
    theta = output_error(run, 10, [1.0], [1])
    base = lag_contributions(run, 10, theta, 1.0)
    scaled = lag_contributions(run, 10, theta, alpha)
    np.testing.assert_allclose(scaled, alpha * base, rtol=1e-14)


def test_lag_contributions_refuse_bad_rates():
    run = sample_run(0)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        lag_contributions(run, 3, [1.0, 0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="learning_rate must be finite"):
        lag_contributions(run, 3, [1.0, 0.0, 0.0], np.nan)


# -- gradient descent on one weight -------------------------------------------------------------------------


def test_descend_weight_takes_the_squared_error_gradient_step():
    from lstmnotes.local_gain._in_net import descend_weight

    w0, x, d, alpha = 1.5, -0.7, 0.3, 2.0
    loss = lambda w: 0.5 * (d - 1 / (1 + anp.exp(-w * x))) ** 2
    from autograd import grad

    path = descend_weight(w0, x, d, alpha, 3)
    w = w0
    for k in range(1, 4):
        w = w - alpha * grad(loss)(w)
        assert path[k] == pytest.approx(w, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1.0, 0.0, 0.5, 1.0, 3), "x must be nonzero"),
        ((1.0, 1.0, 1.0, 1.0, 3), "target"),
        ((1.0, 1.0, 0.5, 0.0, 3), "learning_rate"),
        ((1.0, 1.0, 0.5, 1.0, 0), "steps"),
    ],
)
def test_descend_weight_refuses_bad_input(args, message):
    from lstmnotes.local_gain._in_net import descend_weight

    with pytest.raises(ValueError, match=message):
        descend_weight(*args)
