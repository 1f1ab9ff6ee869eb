"""The path sums of (3.2), printed and corrected, against the recursion and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstmnotes import flow


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


@given(_nets())
@settings(max_examples=200, deadline=None)
def test_corrected_path_sum_equals_scaling_factor(args):
    W, fp = args
    np.testing.assert_allclose(
        flow.path_sum(W, fp, "corrected"),
        flow.scaling_factor(W, fp),
        rtol=1e-9,
        atol=1e-12 * _scale(W, fp),
    )


@given(_nets())
@settings(max_examples=100, deadline=None)
def test_printed_path_sum_is_the_flow_of_the_transposed_net(args):
    W, fp = args
    np.testing.assert_allclose(
        flow.path_sum(W, fp, "printed"),
        flow.scaling_factor(W.T, fp),
        rtol=1e-9,
        atol=1e-12 * _scale(W, fp),
    )


@given(_nets())
@settings(max_examples=100, deadline=None)
def test_printed_agrees_for_symmetric_weights(args):
    W, fp = args
    S = W + W.T
    np.testing.assert_allclose(
        flow.path_sum(S, fp, "printed"),
        flow.scaling_factor(S, fp),
        rtol=1e-9,
        atol=1e-12 * _scale(S, fp),
    )


def test_printed_differs_in_general():
    rng = np.random.default_rng(11)
    for n, q in [(2, 1), (2, 2), (3, 3), (4, 5)]:
        W = rng.normal(size=(n, n))
        fp = rng.uniform(0.05, 0.25, size=(q, n))
        assert not np.allclose(flow.path_sum(W, fp, "printed"), flow.scaling_factor(W, fp))


def test_printed_q1_contradicts_the_recursion():
    # (3.1) at q = 1 gives f'_v w_uv; (3.2) as printed gives f'_v w_vu
    W = np.array([[0.0, 1.0], [0.0, 0.0]])  # one connection, from unit 1 to unit 0
    fp = np.array([[0.25, 0.25]])
    printed = flow.path_sum(W, fp, "printed")
    corrected = flow.scaling_factor(W, fp)
    assert corrected[1, 0] == 0.25 * W[0, 1] == 0.25
    assert printed[1, 0] == 0.25 * W[1, 0] == 0.0
    assert printed[0, 1] == 0.25


def test_path_terms_by_hand_and_their_sum():
    W = np.array([[1.0, 1.0], [-1.0, 0.0]])
    fp = np.ones((2, 2))
    terms = flow.path_terms(W, fp, 0, 0)
    assert terms.tolist() == [1.0 * 1.0, 1.0 * -1.0]  # paths 0 -> 0 -> 0 and 0 -> 1 -> 0
    assert flow.path_sum(W, fp)[0, 0] == 0.0
    rng = np.random.default_rng(12)
    W, fp = rng.normal(size=(3, 3)), rng.uniform(size=(4, 3))
    terms = flow.path_terms(W, fp, 2, 1, "printed")
    assert terms.shape == (3, 3, 3)
    # one path by hand: l = (2, 0, 1, 2, 1), printed weight w_{l_m l_{m-1}}
    path = (2, 0, 1, 2, 1)
    by_hand = np.prod([fp[m - 1, path[m]] * W[path[m], path[m - 1]] for m in range(1, 5)])
    assert terms[0, 1, 2] == pytest.approx(by_hand, rel=1e-14)
    assert terms.sum() == pytest.approx(flow.path_sum(W, fp, "printed")[1, 2], rel=1e-12)
    assert flow.path_terms(W, fp[:1], 2, 1).shape == ()


def test_step_weight_on_sympy_objects():
    sympy = pytest.importorskip("sympy")
    w = sympy.IndexedBase("w")
    a, b = sympy.symbols("a b")
    assert flow.step_weight(w, a, b) == w[a, b]
    assert flow.step_weight(w, a, b, "printed") == w[b, a]


def test_path_count_limit_is_refused_before_any_work():
    n = 2
    q = int(np.log2(flow.MAX_PATH_TERMS))  # n^(q+1) = 2 * limit
    with pytest.raises(
        ValueError,
        match=rf"too many paths: fprime has q = {q} rows for n = 2 units.*MAX_PATH_TERMS = {flow.MAX_PATH_TERMS}",
    ):
        flow.path_sum(np.eye(n), np.ones((q, n)))
    with pytest.raises(ValueError, match="too many paths"):
        flow.path_terms(np.eye(1000), np.ones((3, 1000)), 0, 0)
    flow.path_sum(np.eye(n), np.ones((q - 1, n)))  # exactly at the limit: allowed


def test_bad_options_refused():
    W, fp = np.eye(2), np.ones((3, 2))
    with pytest.raises(ValueError, match="unknown convention 'transposed'"):
        flow.path_sum(W, fp, "transposed")
    with pytest.raises(ValueError, match="unknown convention"):
        flow.step_weight(W, 0, 1, "other")
    with pytest.raises(TypeError, match="v must be an integer"):
        flow.path_terms(W, fp, 0, 1.0)


def test_overflow_is_refused_not_returned():
    with pytest.raises(ValueError, match="overflows float64"):
        flow.path_sum(np.full((2, 2), 1e200), np.ones((3, 2)))
