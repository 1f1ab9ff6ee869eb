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
from lstmnotes.local_gain._in_net import activation_sensitivity, pair_sweep, path_pairing
from lstmnotes.net._run import random_weights, run_net


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
    with pytest.raises(ValueError, match=r"k must be an integer in 0\.\.0"):
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
