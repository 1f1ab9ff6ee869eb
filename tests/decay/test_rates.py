"""The summaries of a measured flow: the fitted factor per step and the geometric mean over nets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lstmnotes.decay import _rates as decay


@given(rate=st.floats(0.05, 3.0), length=st.integers(2, 60), start=st.floats(0.1, 10.0))
def test_fitted_rate_recovers_a_geometric_sequence(rate, length, start):
    flow = start * rate ** np.arange(1, length + 1)
    assert decay.fitted_rate(flow) == pytest.approx(rate, rel=1e-9)


def test_fitted_rate_refuses_what_it_cannot_fit():
    with pytest.raises(ValueError, match="at least two lags"):
        decay.fitted_rate([0.5])
    with pytest.raises(ValueError, match="nonzero at every lag"):
        decay.fitted_rate([0.5, 0.0])
    with pytest.raises(ValueError, match="flow must be finite"):
        decay.fitted_rate([0.5, np.nan])


def test_geometric_mean_is_exp_of_mean_log():
    flows = np.array([[1e-3, 2.0], [1e-1, 8.0]])
    np.testing.assert_allclose(decay.geometric_mean(flows), [1e-2, 4.0])
    with pytest.raises(ValueError, match="nonzero"):
        decay.geometric_mean([[0.0, 1.0]])
