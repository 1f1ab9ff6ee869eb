"""The flow functions across the whole float64 range, against exact rational arithmetic.

Weights and slopes are drawn with a base exponent anywhere from the subnormals to 1e308 and entries within
2^±60 of it, so that products under- and overflow float64 on the way; the exact flow (``Fraction``) is
the oracle, and each function must keep the accuracy its row in ``lstmnotes.flow.DOMAIN`` states or
refuse a result beyond float64.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstmnotes import flow

sys.path.insert(0, str(Path(__file__).parent))  # the tests run with --import-mode=importlib

from flow_oracle import EPS, FLOOR, FMAX, check, exact_flows


@st.composite
def wide(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """Finite floats around one base exponent anywhere in the float range (subnormals included)."""
    base = draw(st.integers(-1074, 1023))
    size = int(np.prod(shape))
    offsets = draw(st.lists(st.integers(-60, 60), min_size=size, max_size=size))
    mantissas = draw(
        st.lists(
            st.one_of(st.just(0.0), st.floats(1.0, 2.0, exclude_max=True)),
            min_size=size,
            max_size=size,
        )
    )
    signs = draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=size, max_size=size))
    exps = np.clip(base + np.array(offsets), -1074, 1023)
    values = np.ldexp(np.array(signs) * np.array(mantissas), exps)
    return np.where(np.isfinite(values), values, 0.0).reshape(shape)


def _too_large(values) -> bool:
    return any(abs(x) > FMAX for row in values for x in row)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_scaling_factor_keeps_its_stated_accuracy(data: st.DataObject) -> None:
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    W, fp = data.draw(wide((n, n))), data.draw(wide((q, n)))
    exact, absolute = exact_flows(W, fp)
    M, A = exact[-1], absolute[-1]
    tolerance = 2 * q * (n + 2) * EPS
    largest = max(abs(x) for row in M for x in row)
    assume(not FMAX * (1 - tolerance) <= largest <= FMAX * (1 + tolerance))  # too close to call
    if largest > FMAX:
        with pytest.raises(ValueError, match="overflows float64"):
            flow.scaling_factor(W, fp)
        return
    got = flow.scaling_factor(W, fp)
    for v in range(n):
        for u in range(n):
            check(got[v, u], M[v][u], tolerance * A[v][u])
    column = data.draw(st.integers(0, n - 1))
    got_column = flow.scaling_factor_column(W, fp, column)
    for v in range(n):
        check(got_column[v], M[v][column], tolerance * A[v][column])
    outputs = sorted(set(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n))))
    try:
        summed = flow.global_flow(W, fp, outputs)
    except ValueError:
        assert any(abs(sum(M[v][u] for u in outputs)) > FMAX / 2 for v in range(n))
        return
    for v in range(n):
        truth = sum(M[v][u] for u in outputs)
        check(summed[v], truth, tolerance * sum(A[v][u] for u in outputs))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_largest_flow_by_lag_keeps_its_stated_accuracy(data: st.DataObject) -> None:
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    W, fp = data.draw(wide((n, n))), data.draw(wide((q, n)))
    exact, absolute = exact_flows(W, fp)
    peaks = [max(abs(x) for row in M for x in row) for M in exact]
    assume(not any(FMAX * (1 - 2 * q * (n + 2) * EPS) <= p <= FMAX * (1 + q * EPS) for p in peaks))
    if any(_too_large(M) for M in exact):
        with pytest.raises(ValueError, match="overflows float64"):
            flow.largest_flow_by_lag(W, fp)
        return
    got = flow.largest_flow_by_lag(W, fp)
    for lag, (M, A) in enumerate(zip(exact, absolute, strict=True), start=1):
        truth = max(abs(x) for row in M for x in row)
        check(got[lag - 1], truth, 2 * lag * (n + 2) * EPS * max(x for row in A for x in row))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_path_sum_and_terms_keep_their_stated_accuracy(data: st.DataObject) -> None:
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    W, fp = data.draw(wide((n, n))), data.draw(wide((q, n)))
    exact, absolute = exact_flows(W, fp)
    M, A = exact[-1], absolute[-1]
    tolerance = (2 * q + n ** (q - 1)) * EPS
    largest = max(abs(x) for row in M for x in row)
    assume(not FMAX * (1 - tolerance) <= largest <= FMAX * (1 + tolerance))  # too close to call
    if largest > FMAX:
        with pytest.raises(ValueError, match="overflows float64"):
            flow.path_sum(W, fp)
        return
    got = flow.path_sum(W, fp)
    for v in range(n):
        for u in range(n):
            check(got[v, u], M[v][u], (2 * q + n ** (q - 1)) * EPS * A[v][u])
    if max(x for row in exact_flows(W.T, fp)[1][-1] for x in row) < FMAX / 2:  # as printed: W^T
        np.testing.assert_array_equal(flow.path_sum(W, fp, "printed"), flow.path_sum(W.T, fp))
    u, v = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    if A[v][u] > FMAX / 2:  # a term may be beyond float64
        return
    terms = flow.path_terms(W, fp, u, v).ravel()
    assert abs(sum(Fraction(float(t)) for t in terms) - M[v][u]) <= (
        (2 * q + n ** (q - 1)) * EPS * A[v][u] + len(terms) * FLOOR
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_matrix_form_keeps_its_stated_accuracy(data: st.DataObject) -> None:
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(2, 4))
    W, fp = data.draw(wide((n, n))), data.draw(wide((q, n)))
    u, v = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    exact, absolute = exact_flows(W, fp)
    truth, scale = exact[-1][v][u], absolute[-1][v][u]
    tolerance = 2 * q * (n + 2) * EPS
    assume(not FMAX * (1 - tolerance) <= abs(truth) <= FMAX * (1 + tolerance))
    if abs(truth) > FMAX:
        with pytest.raises(ValueError, match="overflows float64"):
            flow.matrix_form(W, fp, u, v)
        return
    check(flow.matrix_form(W, fp, u, v), truth, tolerance * scale)
