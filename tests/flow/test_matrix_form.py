"""The matrix form against the recursion, read row-column and column-row."""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstmnotes import flow

sys.path.insert(0, str(Path(__file__).parent))  # the tests run with --import-mode=importlib

from flow_oracle import EPS, FMAX, check, exact_flows, mixed


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


# -- weights and slopes from subnormals to 1e299 side by side, against exact rational arithmetic ----------

# A net of three units over six steps whose weights and slopes span 1e-301 .. 1e299 (entries far below
# the largest of the running row vector come to dominate later): the flow from 0 to 1 is about +4.5e464.
WIDE_W = np.array(
    [
        [1.0676641457352608e150, -4.235666699986711e299, 1.7692642772096373e150],
        [2.2252970384637974e-301, 9.063191415105347e-302, 0.35688413886287884],
        [1.741179596515403, 6.5536153449067e299, 5.1671213290880644e-151],
    ]
)
WIDE_F = np.array(
    [
        [5.948327641071711e-21, -9.125131166937273e298, 0.886559621323969],
        [-0.0, 6.45390283687163e-151, -0.8487069295705372],
        [-3.220457622492412e299, -7.086769425289749e149, -1.9249766088210118e-21],
        [-0.1893730975257537, -5.1893920687285e-21, -1.6186553664387749e299],
        [0.0, 1.5512055934165537e19, -5.131528442310271e-21],
        [4.226914183767691e-301, 4.176578000903341e-151, -1.563530312841146e299],
    ]
)


def _exact_matrix_form(W, fp, u, v, reading="row-column", absolute=False):
    """The matrix form multiplied out literally, left to right, in exact fractions."""
    size = abs if absolute else (lambda x: x)
    n, q = W.shape[0], fp.shape[0]
    w = [[size(Fraction(float(W[i, j]))) for j in range(n)] for i in range(n)]
    f = [[size(Fraction(float(x))) for x in row] for row in fp]
    middle = w if reading == "row-column" else [list(col) for col in zip(*w, strict=True)]
    row = [w[u][i] * f[0][i] for i in range(n)]  # (W_{u^T})^T F'(t-1)
    for m in range(1, q - 1):  # ... W F'(t-m)
        row = [sum(row[i] * middle[i][j] for i in range(n)) * f[m][j] for j in range(n)]
    return sum(row[i] * w[i][v] for i in range(n)) * f[q - 1][v]  # ... W_v f'_v(t-q)


def _check_matrix_form(W, fp, u, v, reading):
    n, q = W.shape[0], fp.shape[0]
    truth = _exact_matrix_form(W, fp, u, v, reading)
    tolerance = 2 * q * (n + 2) * EPS
    if abs(truth) > FMAX:
        with pytest.raises(ValueError, match="the matrix form overflows float64"):
            flow.matrix_form(W, fp, u, v, reading=reading)
        return
    scale = _exact_matrix_form(W, fp, u, v, reading, absolute=True)
    check(flow.matrix_form(W, fp, u, v, reading=reading), truth, tolerance * scale)


@pytest.mark.parametrize("reading", flow.READINGS)
def test_a_net_spanning_1e_minus_301_to_1e299_keeps_sign_and_refuses_overflow(reading):
    assert _exact_matrix_form(WIDE_W, WIDE_F, 1, 0) > 10**464  # beyond float64, and positive
    with pytest.raises(ValueError, match="the matrix form overflows float64"):
        flow.matrix_form(WIDE_W, WIDE_F, 1, 0)
    for u, v in itertools.product(range(3), repeat=2):
        for q in range(2, 7):
            _check_matrix_form(WIDE_W, WIDE_F[:q], u, v, reading)


def _expect(call, truths, bounds):
    """``call()`` is within ``bounds`` of ``truths`` entry by entry, or refuses a truth beyond float64."""
    if any(abs(t) > FMAX for t in truths):
        with pytest.raises(ValueError, match="overflows float64"):
            call()
        return
    got = np.asarray(call()).ravel()
    for value, truth, bound in zip(got, truths, bounds, strict=True):
        check(value, truth, bound)


def test_the_recursion_on_the_same_net_keeps_its_stated_accuracy():
    n = 3
    pairs = list(itertools.product(range(n), repeat=2))  # (v, u), in the order of M.ravel()
    for q in range(1, 7):
        fp = WIDE_F[:q]
        exact, absolute = exact_flows(WIDE_W, fp)
        M, A = exact[-1], absolute[-1]
        tolerance = 2 * q * (n + 2) * EPS
        truths = [M[v][u] for v, u in pairs]
        _expect(
            lambda fp=fp: flow.scaling_factor(WIDE_W, fp),
            truths,
            [tolerance * A[v][u] for v, u in pairs],
        )
        path_tolerance = (2 * q + n ** (q - 1)) * EPS
        _expect(
            lambda fp=fp: flow.path_sum(WIDE_W, fp),
            truths,
            [path_tolerance * A[v][u] for v, u in pairs],
        )
        for u in range(n):
            _expect(
                lambda fp=fp, u=u: flow.scaling_factor_column(WIDE_W, fp, u),
                [M[v][u] for v in range(n)],
                [tolerance * A[v][u] for v in range(n)],
            )
        _expect(
            lambda fp=fp: flow.largest_flow_by_lag(WIDE_W, fp),
            [max(abs(x) for row in E for x in row) for E in exact],
            [
                2 * lag * (n + 2) * EPS * max(x for row in E for x in row)
                for lag, E in enumerate(absolute, start=1)
            ],
        )


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_matrix_form_keeps_its_stated_accuracy_over_mixed_magnitudes(data):
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(2, 6))
    ends = (1e-301, 1e299)  # the ends of the net above
    W, fp = data.draw(mixed((n, n), ends)), data.draw(mixed((q, n), ends))
    u, v = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    reading = data.draw(st.sampled_from(flow.READINGS))
    truth = _exact_matrix_form(W, fp, u, v, reading)
    tolerance = 2 * q * (n + 2) * EPS
    assume(not FMAX * (1 - tolerance) <= abs(truth) <= FMAX * (1 + tolerance))  # too close to call
    _check_matrix_form(W, fp, u, v, reading)
