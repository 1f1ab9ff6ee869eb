"""The weak bound and its tau corollary: the chain on random nets, the counter-examples, bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstmnotes import bounds, flow


def test_fprime_max_per_norm():
    fp = np.array([[0.1, -0.2, 0.15], [0.25, 0.0, 0.0]])
    assert bounds.fprime_max(fp) == 0.25
    assert bounds.fprime_max(fp, "spectral") == 0.25
    assert bounds.fprime_max(fp, "frobenius") == pytest.approx(np.sqrt(0.01 + 0.04 + 0.0225))


def _logistic_nets(min_q=2):
    @st.composite
    def build(draw):
        n = draw(st.integers(1, 5))
        q = draw(st.integers(min_q, 7))
        W = draw(arrays(np.float64, (n, n), elements=st.floats(-8, 8)))
        fp = draw(arrays(np.float64, (q, n), elements=st.floats(0, 0.25)))  # logistic slopes
        return W, fp

    return build()


@given(_logistic_nets())
@settings(max_examples=200, deadline=None)
def test_weak_bound_chain_never_violated_for_the_papers_pair(args):
    W, fp = args
    M = np.abs(flow.scaling_factor(W, fp))
    final = bounds.weak_bound(W, fp)
    n = W.shape[0]
    for u, v in itertools.product(range(n), repeat=2):
        middle = bounds.weak_bound_middle(W, fp, u, v)
        assert M[v, u] <= middle * (1 + 1e-9) + 1e-300
        assert middle <= final * (1 + 1e-9) + 1e-300


@given(_logistic_nets(min_q=1), st.sampled_from(["max-column-sum", "spectral", "frobenius"]))
@settings(max_examples=200, deadline=None)
def test_final_bound_holds_for_the_other_common_pairs(args, name):
    W, fp = args
    M = np.abs(flow.scaling_factor(W, fp))
    assert M.max() <= bounds.weak_bound(W, fp, name) * (1 + 1e-9) + 1e-300


def test_compatibility_step_fails_for_the_one_norm():
    # ||e_u^T W||_1 = |w_00| + |w_01| = 2, but ||W||_1 ||e_u||_1 = (largest column sum) * 1 = 1
    W = np.array([[1.0, 1.0], [0.0, 0.0]])
    pair = bounds.NORM_PAIRS["max-column-sum"]
    assert pair.vector(np.eye(2)[0] @ W) == 2.0
    assert pair.matrix(W) * pair.vector(np.eye(2)[0]) == 1.0
    chain = bounds.weak_bound_chain(W, np.full((2, 2), 0.25), 0, 0, "max-column-sum")
    # flow: f'^2 (w_00 w_00 + w_01 w_10) = 1/16; middle: 2 (1/16) ||W_0||_1 ||W_{0^T}||_1 = 2/16 * 1 * 2
    assert (chain.flow, chain.middle, chain.bound) == (1 / 16, 0.25, 2 * (0.25 * 1.0) ** 2)
    assert chain.first_holds
    assert not chain.second_holds
    assert chain.bound_holds


def test_weighted_norm_breaks_the_final_bound():
    # d = (1, 7): ||W||_D = ||D W D^-1||_inf = max(1 + 1/7, 1) = 8/7; (W^3)[0, 1] = 3 > 2 (8/7)^3
    W = np.array([[1.0, 1.0], [0.0, 1.0]])
    pair = bounds.weighted_max_norm_pair([1.0, 7.0])
    assert pair.matrix(W) == pytest.approx(8 / 7, rel=1e-15)
    fp = np.ones((3, 2))
    assert flow.scaling_factor(W, fp)[1, 0] == 3.0
    assert bounds.weak_bound(W, fp, pair) == pytest.approx(2 * (8 / 7) ** 3, rel=1e-14)
    chain = bounds.weak_bound_chain(W, fp, 0, 1, pair)
    assert not chain.bound_holds
    assert chain.first_holds  # |x^T y| <= n ||x|| ||y|| still holds: the e_v step is what fails
    assert pair.vector(np.eye(2)[1]) == 7.0


@given(st.integers(1, 6), st.floats(0.01, 0.999), st.integers(1, 20), st.data())
@settings(max_examples=100, deadline=None)
def test_tau_corollary(n, fraction, q, data):
    w_max = fraction * 4.0 / n
    W = data.draw(arrays(np.float64, (n, n), elements=st.floats(-w_max, w_max)))
    fp = data.draw(arrays(np.float64, (q, n), elements=st.floats(0, 0.25)))
    bound = bounds.tau_bound(n, w_max, q)
    assert bound == pytest.approx(n * (n * w_max / 4) ** q, rel=1e-12)
    assert np.abs(flow.scaling_factor(W, fp)).max() <= bound * (1 + 1e-9)
    assert bounds.tau(n, w_max) < 1


def test_bound_by_lag_matches_prefixes():
    rng = np.random.default_rng(0)
    W, fp = rng.normal(size=(4, 4)), rng.uniform(0, 0.25, size=(6, 4))
    for name in bounds.NORM_PAIRS:
        by_lag = bounds.weak_bound_by_lag(W, fp, name)
        for q in range(1, 7):
            assert by_lag[q - 1] == pytest.approx(bounds.weak_bound(W, fp[:q], name), rel=1e-12)


def test_bad_input_refused():
    W, fp = np.eye(2), np.full((3, 2), 0.25)
    with pytest.raises(ValueError, match="unknown norm pair 'max'"):
        bounds.weak_bound(W, fp, "max")
    with pytest.raises(ValueError, match="stated for q > 1, got q = 1"):
        bounds.weak_bound_middle(W, fp[:1], 0, 0)
    with pytest.raises(ValueError, match="u must be a unit index"):
        bounds.weak_bound_middle(W, fp, 5, 0)
    with pytest.raises(ValueError, match="fprime must have n = 2 columns"):
        bounds.weak_bound(W, np.ones((2, 3)))
    with pytest.raises(ValueError, match="overflows"):
        bounds.weak_bound(np.full((2, 2), 1e100), np.ones((5, 2)))
    with pytest.raises(ValueError, match="w_max must be positive"):
        bounds.tau(2, 0.0)
    with pytest.raises(ValueError, match=r"q must be an integer in 1\.\."):
        bounds.tau_bound(2, 1.0, 0)
    with pytest.raises(ValueError, match="fprime must be non-empty"):
        bounds.fprime_max(np.ones((0, 2)))
