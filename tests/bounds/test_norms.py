"""The norm pairs of the weak bound: independent norm formulas, compatibility, the paper's condition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstmnotes import bounds


def _by_hand(name, A):
    """The matrix norms written out, not through numpy.linalg.norm."""
    A = np.asarray(A, dtype=float)
    if name == "max-row-sum":
        return max(sum(abs(x) for x in row) for row in A)
    if name == "max-column-sum":
        return max(sum(abs(x) for x in col) for col in A.T)
    if name == "spectral":
        return float(np.sqrt(max(np.linalg.eigvalsh(A.T @ A).max(), 0.0)))
    return float(np.sqrt(sum(x * x for x in A.ravel())))


matrices = st.integers(1, 5).flatmap(
    lambda n: arrays(np.float64, (n, n), elements=st.floats(-4, 4))
)


@given(matrices, st.data())
@settings(max_examples=100)
def test_norms_by_hand_and_compatible(A, data):
    n = A.shape[0]
    x = data.draw(arrays(np.float64, n, elements=st.floats(-4, 4)))
    for name, pair in bounds.NORM_PAIRS.items():
        assert pair.matrix(A) == pytest.approx(_by_hand(name, A), rel=1e-9, abs=1e-12)
        assert pair.vector(A @ x) <= pair.matrix(A) * pair.vector(x) * (1 + 1e-9) + 1e-12
        assert np.abs(x).max() <= pair.vector(x) + 1e-12  # the paper's condition on the vector norm
    d = data.draw(arrays(np.float64, n, elements=st.floats(1, 10)))
    weighted = bounds.weighted_max_norm_pair(d)
    assert weighted.vector(A @ x) <= weighted.matrix(A) * weighted.vector(x) * (1 + 1e-9) + 1e-12
    assert np.abs(x).max() <= weighted.vector(x) + 1e-12


def test_norm_pair_by_name_or_as_it_is():
    pair = bounds.weighted_max_norm_pair([1.0, 2.0])
    assert bounds.norm_pair(pair) is pair
    assert bounds.norm_pair("frobenius") is bounds.NORM_PAIRS["frobenius"]


def test_bad_input_refused():
    with pytest.raises(ValueError, match="unknown norm pair 'max'"):
        bounds.norm_pair("max")
    with pytest.raises(ValueError, match="weights must be positive"):
        bounds.weighted_max_norm_pair([1.0, 0.0])
