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


_LARGEST = float(np.finfo(np.float64).max)


def _exact_geometric_mean(column):
    """exp of the mean of log|x| at 60 digits (mpmath), rounded once to float64."""
    import mpmath

    with mpmath.workdps(60):
        logs = [mpmath.log(mpmath.mpf(abs(float(x)))) for x in column]
        return float(mpmath.exp(mpmath.fsum(logs) / len(logs)))


@pytest.mark.parametrize("nets", [1000, 20000])
def test_geometric_mean_of_equal_tiny_flows_is_that_flow(nets):
    # the mean of equal entries is the entry: a running sum of logarithms near -690 missed it by 6.5e-12
    result = decay.geometric_mean(np.full((nets, 2), 1e-300))
    np.testing.assert_allclose(result, 1e-300, rtol=1e-14, atol=0)


def test_geometric_mean_lies_between_the_column_extremes():
    # many equal entries near the bottom of the normal range: the mean was above every one of them
    assert decay.geometric_mean(np.full((20000, 2), 3e-308)).tolist() == [3e-308, 3e-308]


def test_geometric_mean_of_the_largest_floats_neither_overflows_nor_warns():
    assert decay.geometric_mean(np.full((20000, 2), _LARGEST)).tolist() == [_LARGEST, _LARGEST]


@pytest.mark.parametrize("nets", [3, 16, 17, 400])
def test_geometric_mean_against_high_precision(nets):
    rng = np.random.default_rng(nets)
    # magnitudes across the whole range, subnormal to near the largest float, and a few columns whose
    # mean falls among the subnormals
    wide = np.sign(rng.uniform(-1, 1, (nets, 6))) * 10.0 ** rng.uniform(-320, 308, (nets, 6))
    low = 10.0 ** rng.uniform(-323, -309, (nets, 3))
    flows = np.hstack([wide, low])
    result = decay.geometric_mean(flows)
    tiny = float(np.finfo(np.float64).tiny)
    for j in range(flows.shape[1]):
        exact = _exact_geometric_mean(flows[:, j])
        if exact >= tiny:
            assert abs(result[j] - exact) <= 1e-14 * exact
        else:  # one rounding into the subnormals
            assert abs(result[j] - exact) <= 2.0**-1074
