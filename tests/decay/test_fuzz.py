"""The measured decay's summaries against mpmath, over the whole float64 range."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import decay

LOG_LARGEST = math.log(np.finfo(np.float64).max)

sizes = st.builds(math.ldexp, st.floats(0.5, 1.0, exclude_max=True), st.integers(-1073, 1024))
nonzero = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0), sizes
)


@settings(max_examples=150, deadline=None)
@given(flow=st.lists(nonzero, min_size=2, max_size=20))
def test_fitted_rate_against_the_exact_least_squares_slope(flow):
    with mpmath.workprec(200):
        lags = [mpmath.mpf(k) for k in range(1, len(flow) + 1)]
        logs = [mpmath.log(abs(mpmath.mpf(x))) for x in flow]
        mean_k, mean_y = sum(lags) / len(lags), sum(logs) / len(logs)
        slope = sum((k - mean_k) * (y - mean_y) for k, y in zip(lags, logs, strict=True)) / sum(
            (k - mean_k) ** 2 for k in lags
        )
        if slope > LOG_LARGEST + 1e-9:
            with pytest.raises(ValueError, match="overflows float64"):
                decay.fitted_rate(flow)
            return
        if slope > LOG_LARGEST - 1e-9:
            return  # at the edge: either answer
        exact = mpmath.exp(slope)
        got = decay.fitted_rate(flow)
        assert abs(mpmath.mpf(got) - exact) <= 1e-10 * exact + mpmath.mpf(2) ** -1074


@settings(max_examples=150, deadline=None)
@given(data=st.data(), nets=st.integers(1, 5), q=st.integers(1, 4))
def test_geometric_mean_against_mpmath(data, nets, q):
    flows = np.array([[data.draw(nonzero) for _ in range(q)] for _ in range(nets)])
    got = decay.geometric_mean(flows)
    with mpmath.workprec(200):
        for column, value in zip(flows.T, got, strict=True):
            exact = mpmath.exp(sum(mpmath.log(abs(mpmath.mpf(x))) for x in column) / nets)
            assert abs(mpmath.mpf(value) - exact) <= 1e-12 * exact + mpmath.mpf(2) ** -1074


@settings(max_examples=60, deadline=None)
@given(w=nonzero, lags=st.integers(1, 20))
def test_long_run_rate_of_one_linear_unit_is_its_weight(w, lags):
    # one identity unit at rest: every factor is w, the long-run factor |w|
    got = decay.long_run_rate([[w]], [0.0], settle=0, lags=lags, activation="identity")
    assert got == pytest.approx(abs(w), rel=1e-12, abs=2.0**-1074)
