"""The matrix form against the recursion, read row-column and column-row."""

from __future__ import annotations

import itertools

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


@given(_nets(min_q=2))
@settings(max_examples=100, deadline=None)
def test_matrix_form_equals_the_scaling_factor(args):
    W, fp = args
    M = flow.scaling_factor(W, fp)
    tol = 1e-12 * _scale(W, fp)
    for u, v in itertools.product(range(W.shape[0]), repeat=2):
        assert flow.matrix_form(W, fp, u, v) == pytest.approx(M[v, u], rel=1e-9, abs=tol)


def test_matrix_form_column_row_reading_is_wrong_from_q_equal_3():
    rng = np.random.default_rng(13)
    W, fp = rng.normal(size=(3, 3)), rng.uniform(0.1, 0.25, size=(3, 3))
    M = flow.scaling_factor(W, fp)
    values = [
        flow.matrix_form(W, fp, u, v, reading="column-row") for u in range(3) for v in range(3)
    ]
    assert not np.allclose(values, M.T.ravel())
    # for q = 2 there is no matrix in the middle: both readings agree
    assert flow.matrix_form(W, fp[:2], 0, 1, reading="column-row") == pytest.approx(
        flow.scaling_factor(W, fp[:2])[1, 0], rel=1e-12
    )


def test_bad_options_refused():
    W, fp = np.eye(2), np.ones((3, 2))
    with pytest.raises(ValueError, match=r"fprime must have at least 2 rows.*got q = 1"):
        flow.matrix_form(W, fp[:1], 0, 0)
    with pytest.raises(ValueError, match="unknown reading"):
        flow.matrix_form(W, fp, 0, 0, reading="diagonal")


def test_overflow_is_refused_not_returned():
    with pytest.raises(ValueError, match="overflows"):
        flow.matrix_form(np.full((2, 2), 1e200), np.ones((3, 2)), 0, 1)
