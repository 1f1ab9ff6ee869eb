"""The flow functions at the edges of their domain: the cases of the float range that used to go wrong,
strict argument types, and the limits on sizes, refused at once."""

from __future__ import annotations

import datetime
import time
from fractions import Fraction

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import flow


def _exact(*factors: float) -> float:
    """The product of the floats, rounded once to float64."""
    out = Fraction(1)
    for x in factors:
        out *= Fraction(x)
    return float(out)


@pytest.mark.parametrize(
    "function",
    [
        flow.scaling_factor,
        flow.path_sum,
        lambda W, fp: flow.scaling_factor_column(W, fp, 0)[None, :],
        lambda W, fp: flow.global_flow(W, fp, [0])[None, :],
    ],
)
@pytest.mark.parametrize(
    ("W", "fprime"),
    [
        ([[1e300]], [[1e-300]]),
        ([[1e10]], [[1e-315]]),  # a subnormal slope: the exact product is about 1e-305
        ([[1e200]], [[1e200], [1e-300]]),  # the flow passes 1e400 on its way to 1e300
        ([[1e-200]], [[1e-200], [1e300], [1e300]]),  # and 1e-400 on its way to 1e200
        ([[5e-324]], [[2.0**1000], [2.0**100]]),  # subnormal weights
    ],
)
def test_one_unit_flows_are_right_over_the_float_range(function, W, fprime):
    factors = [x for row in fprime for x in row] + [W[0][0]] * len(fprime)
    tolerance = 2 * len(fprime) * 3 * 2.0**-53  # the stated 2 q (n + 2) 2^-53
    assert function(W, fprime)[0, 0] == pytest.approx(
        _exact(*factors), rel=tolerance, abs=2.0**-1073
    )


def test_the_cases_of_the_issue():
    assert flow.scaling_factor([[1e300]], [[1e-300]])[0, 0] == 1.0
    tolerance = 12 * 2.0**-53  # 2 q (n + 2) 2^-53 with q = 2, n = 1
    assert flow.scaling_factor([[1e200]], [[1e200], [1e-300]])[0, 0] == pytest.approx(
        _exact(1e200, 1e200, 1e200, 1e-300), rel=tolerance
    )
    assert flow.matrix_form([[1e160]], [[1.0], [1e-200]], 0, 0) == pytest.approx(
        _exact(1e160, 1e160, 1e-200), rel=tolerance
    )
    assert flow.path_sum([[1.0]], np.ones((64, 1)))[0, 0] == 1.0  # one path, not an IndexError
    # the largest flow at lag 1 is 1e400 here: beyond float64, refused with a message
    with pytest.raises(ValueError, match="largest flow at lag 1 overflows float64"):
        flow.largest_flow_by_lag([[1e200]], [[1e200], [1e-300]])
    assert flow.largest_flow_by_lag([[1e100]], [[1e200], [1e-300]]).tolist() == pytest.approx(
        [_exact(1e100, 1e200), _exact(1e100, 1e200, 1e100, 1e-300)], rel=tolerance
    )


def test_a_flow_that_decays_below_the_subnormals_is_zero_and_one_beyond_float64_is_refused():
    assert flow.scaling_factor([[1e-200]], [[1e-200]] * 2)[0, 0] == 0.0
    with pytest.raises(ValueError, match="scaling factor overflows float64"):
        flow.scaling_factor([[1e200]], [[1e200]] * 2)
    with pytest.raises(ValueError, match="path sum overflows float64"):
        flow.path_sum([[1e200]], [[1e200]] * 2)
    with pytest.raises(ValueError, match="path term overflows float64"):
        flow.path_terms([[1e200]], [[1e200]] * 2, 0, 0)
    with pytest.raises(ValueError, match="matrix form overflows float64"):
        flow.matrix_form([[1e200]], [[1e200]] * 2, 0, 0)


def test_a_mixed_two_unit_flow_against_exact_arithmetic():
    W = np.array([[1e200, -3e-150], [2e-10, 1e150]])  # spans 2^1160, within the stated 2^1400
    fp = np.array([[1e-250, 3e-200], [4e-300, 1e-5], [1e-300, 2e-305]])
    exact = [[Fraction(int(i == j)) for j in range(2)] for i in range(2)]
    for row in fp:
        exact = [
            [
                Fraction(row[v]) * sum(Fraction(W[k, v]) * exact[k][u] for k in range(2))
                for u in range(2)
            ]
            for v in range(2)
        ]
    got = flow.scaling_factor(W, fp)
    for v in range(2):
        for u in range(2):
            assert got[v, u] == pytest.approx(float(exact[v][u]), rel=1e-14, abs=1e-320)


BAD_TYPES = ["0.5", b"0.5", None, 1j, True, datetime.date(2020, 1, 1), object()]


@pytest.mark.parametrize("bad", BAD_TYPES, ids=lambda v: type(v).__name__)
def test_non_numbers_are_refused_naming_the_argument(bad):
    for call, name in [
        (lambda: flow.scaling_factor([[bad]], [[1.0]]), "W"),
        (lambda: flow.scaling_factor([[1.0]], [[bad]]), "fprime"),
        (lambda: flow.largest_flow_by_lag([[bad]], [[1.0]]), "W"),
        (lambda: flow.scaling_factor_column([[1.0]], [[bad]], 0), "fprime"),
        (lambda: flow.global_flow([[bad]], [[1.0]], [0]), "W"),
        (lambda: flow.path_sum([[1.0]], [[bad]]), "fprime"),
        (lambda: flow.path_terms([[bad]], [[1.0]], 0, 0), "W"),
        (lambda: flow.matrix_form([[1.0]], [[bad], [bad]], 0, 0), "fprime"),
    ]:
        with pytest.raises(TypeError, match=name):
            call()


@pytest.mark.parametrize("bad", ["0", 0.0, True, None])
def test_unit_indices_must_be_integers(bad):
    with pytest.raises(TypeError, match="u must be an integer"):
        flow.scaling_factor_column(np.eye(2), np.ones((1, 2)), bad)
    with pytest.raises(TypeError, match="v must be an integer"):
        flow.matrix_form(np.eye(2), np.ones((2, 2)), 0, bad)


def _refuses_fast(call, match):
    start = time.process_time()
    with pytest.raises(ValueError, match=match):
        call()
    assert_fast(start, 0.5)


def test_sizes_beyond_the_limits_are_refused_at_once():
    lags = np.ones((flow.MAX_LAGS + 1, 1))
    _refuses_fast(lambda: flow.scaling_factor([[1.0]], lags), "above the limit of")
    _refuses_fast(lambda: flow.largest_flow_by_lag([[1.0]], lags), "above the limit of")
    _refuses_fast(lambda: flow.scaling_factor_column([[1.0]], lags, 0), "above the limit of")
    _refuses_fast(lambda: flow.global_flow([[1.0]], lags, [0]), "above the limit of")
    _refuses_fast(lambda: flow.matrix_form([[1.0]], lags, 0, 0), "above the limit of")
    n = 1000  # q n^3 just above MAX_WORK
    W, fp = np.eye(n), np.ones((flow.MAX_WORK // n**3 + 1, n))
    _refuses_fast(lambda: flow.scaling_factor(W, fp), "MAX_WORK")
    n = 100  # q n^2 just above MAX_MATRIX_ENTRIES, q n^3 far below MAX_WORK
    W, fp = np.eye(n), np.ones((flow.MAX_MATRIX_ENTRIES // n**2 + 1, n))
    _refuses_fast(lambda: flow.scaling_factor(W, fp), "MAX_MATRIX_ENTRIES")
    _refuses_fast(lambda: flow.largest_flow_by_lag(W, fp), "MAX_MATRIX_ENTRIES")
    n = 1200  # q n^2 just above MAX_COLUMN_WORK
    W, fp = np.eye(n), np.ones((flow.MAX_COLUMN_WORK // n**2 + 1, n))
    _refuses_fast(lambda: flow.scaling_factor_column(W, fp, 0), "MAX_COLUMN_WORK")
    _refuses_fast(lambda: flow.matrix_form(W, fp, 0, 0), "MAX_COLUMN_WORK")
    many = np.ones((flow.MAX_PATH_LAGS + 1, 1))
    _refuses_fast(lambda: flow.path_sum([[1.0]], many), "steps for the path sum")
    _refuses_fast(lambda: flow.path_terms([[1.0]], many, 0, 0), "steps for the path sum")
    assert flow.path_terms([[1.0]], many[1:], 0, 0).shape == (1,) * (flow.MAX_PATH_LAGS - 1)
