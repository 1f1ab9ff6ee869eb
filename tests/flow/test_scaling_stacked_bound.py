"""largest_flows_by_lag keeps the accuracy its domain row states, on both sides of the row's condition.

Each net's running product is kept at one power-of-two scale, so that entries far below the net's largest
round or are lost. The row bounds every entry by the flow of |W| and |fprime| with a raise at every lag
(``flow_oracle.raised_flows``); where no nonzero entry of the flow falls below its raise, the raise may be
left out and the bound is the one largest_flow_by_lag states. Exact fractions are the oracle.
"""

from __future__ import annotations

import re
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
from _timing import assert_fast
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from lstmnotes import flow
from lstmnotes.flow import largest_flows_by_lag

sys.path.insert(0, str(Path(__file__).parent))  # the tests run with --import-mode=importlib

from flow_oracle import EPS, FLOOR, FMAX, raised_flows


def _errors(W: np.ndarray, fprime: np.ndarray) -> list[tuple[Fraction, Fraction, Fraction, bool]]:
    """Per lag: the error of largest_flows_by_lag, its bound with the raise, without it, and whether the
    row's condition holds (the bound without the raise is stated)."""
    n = W.shape[0]
    got = largest_flows_by_lag(W[None], fprime[None])[0]
    out = []
    for lag, (truth, plain, raised, holds) in enumerate(raised_flows(W, fprime), start=1):
        error = abs(Fraction(float(got[lag - 1])) - truth)
        factor = 2 * lag * (n + 2) * EPS
        out.append((error, factor * raised + FLOOR, factor * plain + FLOOR, holds))
    return out


def _check(W: np.ndarray, fprime: np.ndarray) -> None:
    """The stated bound at every lag: the one with the raise always, the one without where it holds; a
    refusal only where the bound allows a largest flow beyond float64."""
    n, q = W.shape[0], fprime.shape[0]
    lags = raised_flows(W, fprime)
    near = FMAX * (1 - 2 * q * (n + 2) * EPS), FMAX * (1 + 2 * q * (n + 2) * EPS)
    assume(not any(near[0] <= truth <= near[1] for truth, *_ in lags))  # too close to call
    try:
        errors = _errors(W, fprime)
    except ValueError as err:
        message = str(err)
    else:
        message = ""
    if message:
        found = re.search(r"lag (\d+) overflows float64", message)
        assert found, message
        lag = int(found.group(1))
        truth, _, raised, _ = lags[lag - 1]
        assert truth + 2 * lag * (n + 2) * EPS * raised >= FMAX, message
        event("refused: beyond float64")
        return
    for error, bound, plain, holds in errors:
        assert error <= bound
        if holds:
            assert error <= plain
        event("the condition holds" if holds else "the condition fails")


@st.composite
def spread(draw: st.DrawFn, shape: tuple[int, ...], bases: tuple[int, int]) -> np.ndarray:
    """Entries near a base exponent, or some hundreds to about 1700 binades below it, or zero."""
    base = draw(st.integers(*bases))
    size = int(np.prod(shape))
    below = st.one_of(st.integers(0, 60), st.integers(400, 1100), st.integers(1100, 1700))
    drops = draw(st.lists(below, min_size=size, max_size=size))
    mantissas = draw(
        st.lists(
            st.one_of(st.just(0.0), st.floats(1.0, 2.0, exclude_max=True)),
            min_size=size,
            max_size=size,
        )
    )
    signs = draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=size, max_size=size))
    exponents = np.clip(base - np.array(drops), -1074, 1023)
    return np.ldexp(np.array(signs) * np.array(mantissas), exponents).reshape(shape)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_stated_bound_holds_for_nets_whose_entries_span_the_float_range(data):
    n, q = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    W = data.draw(spread((n, n), (-300, 1023)))
    fprime = data.draw(spread((q, n), (-600, 100)))
    _check(W, fprime)


def _drop(rho_exponent: int, mantissa: float, lost: float) -> tuple[np.ndarray, np.ndarray]:
    """Three units: at lag 1 unit 1's flow is rho = mantissa 2^rho_exponent times unit 0's (one); at lag
    2 unit 0 is cut off (slope zero) and unit 1's flow, passed on to unit 2 and multiplied by ``lost``,
    is the largest. At lag 1 it falls below 2^-1022 at the net's scale for rho below about 2^-1531."""
    V = np.zeros((3, 3))  # W^T
    V[0, 0], V[1, 1], V[2, 1] = 1.0, 2.0**-600, 1.0
    slope = float(Fraction(mantissa) * Fraction(2) ** (rho_exponent + 600))  # rho = 2^-600 slope
    return V.T.copy(), np.array([[1.0, slope, 0.0], [0.0, 0.0, lost]])


# the row's condition for _drop: rho at least the raise at lag 1, 2^-1532 + 2^-1530 n^2 2^-500 with n = 3
_THRESHOLD = Fraction(1, 2**1532) + Fraction(9, 2**2030)


@settings(max_examples=120, deadline=None)
@given(
    st.integers(-1600, -1450),
    st.floats(1.0, 2.0, exclude_max=True),
    st.floats(2.0**900, 2.0**1000),
)
def test_the_bound_holds_on_both_sides_of_the_condition_for_an_entry_that_later_leads(
    rho_exponent, mantissa, lost
):
    W, fprime = _drop(rho_exponent, mantissa, lost)
    holds = [h for *_, h in raised_flows(W, fprime)]
    assert holds[-1] == (Fraction(mantissa) * Fraction(2) ** rho_exponent >= _THRESHOLD)
    _check(W, fprime)


def test_below_the_condition_the_bound_without_the_raise_fails():
    # rho = 1.3 2^-1550: at lag 1 about 2^-1040 at the net's scale, a subnormal that keeps about 34 of
    # its 53 bits; at lag 2 it is the largest flow, off by far more than 2 q (n + 2) 2^-53 of it
    W, fprime = _drop(-1550, 1.3, 2.0**950)
    (error, bound, plain, holds) = _errors(W, fprime)[-1]
    assert not holds
    assert plain < error <= bound
    # just above the condition (rho = 1.3 2^-1532, the threshold about 2^-1532) the same net keeps the
    # bound without the raise
    W, fprime = _drop(-1532, 1.3, 2.0**950)
    (error, _, plain, holds) = _errors(W, fprime)[-1]
    assert holds
    assert error <= plain


def test_a_zero_slope_does_not_set_the_scale():
    # a zero slope was taken as a slope of about one in choosing a step's power of two, so unit 1's
    # product (0.21 2^-590) fell 2^500 too low, below the subnormals: the largest flow came back as -0.0
    W = np.array([[2.0**1000, 0.0], [0.0, 0.3 * 2.0**-90]])
    fprime = np.array([[0.0, 0.7 * 2.0**-500]])
    ((error, _, plain, holds),) = _errors(W, fprime)
    assert holds
    assert error <= plain
    assert largest_flows_by_lag(W[None], fprime[None])[0, 0] == float(
        Fraction(0.3 * 2.0**-90) * Fraction(0.7 * 2.0**-500)
    )


def test_a_leading_row_cut_off_by_its_slope_does_not_take_the_others_with_it():
    # unit 0 leads at lag 2 (2^1000) and is cut off at lag 3; unit 2's flow, one, is 2^-1000 below it.
    # Scaled by the largest entry times the largest slope, the step lost it (0 for 1); scaled by the
    # largest product, it is kept
    V = np.zeros((3, 3))  # W^T
    V[0, 0], V[1, 1], V[2, 1], V[2, 2] = 2.0**1000, 1.0, 0.1 * 2.0**-60, 1.0
    fprime = np.array([[2.0**-1000, 1.0, 1.0], [1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    errors = _errors(V.T.copy(), fprime)
    assert all(error <= bound for error, bound, _, _ in errors)
    assert [holds for *_, holds in errors] == [True, True, False]  # 0.2 2^-60 meets 2^1000 at lag 3
    assert largest_flows_by_lag(V.T[None], fprime[None])[0].tolist() == [1.0, 2.0**1000, 1.0]


def test_a_weight_far_below_the_largest_is_within_the_raise():
    # a weight 1.3 2^-1560 times the largest is subnormal once the weights are scaled, and keeps about 22
    # of its bits; the largest weight's unit has slope zero, so the flow at lag 1 is that weight alone,
    # and at lag 2 it leads. The raise takes max|W| where such a weight is nonzero (2^-500 max|W| would
    # not cover it)
    V = np.zeros((3, 3))  # W^T
    V[0, 0], V[1, 1], V[2, 1] = 2.0**1000, 1.3 * 2.0**-560, 1.0
    fprime = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0**1000]])
    (_, _, _, holds1), (error, bound, plain, _) = _errors(V.T.copy(), fprime)
    assert not holds1
    assert plain < error <= bound


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_docstring_states_the_accuracy_of_the_domain_row():
    (row,) = [row for row in flow.DOMAIN if row.function is largest_flows_by_lag]
    start = row.accuracy.index("For n >= 2")
    assert _words(row.accuracy[start:]) in _words(largest_flows_by_lag.__doc__ or "")


def test_steps_on_the_row_by_row_path_take_about_a_second():
    # slopes 2^600 apart beside weights of one: every step of every net takes the row-by-row path
    # (below the 2^900 that MAX_ROW_STEPS counts); net by net in Python, 2e6 such steps took a minute
    k, q = 2000, 1000
    fprime = np.ones((k, q, 2))
    fprime[:, :, 1] = 2.0**-600
    start = time.process_time()
    flows = largest_flows_by_lag(np.ones((k, 2, 2)), fprime)
    assert_fast(start, 3.0)
    np.testing.assert_array_equal(flows, np.ones((k, q)))


def test_rows_longer_than_the_loop_takes_are_reduced_alike():
    # n = 33: a row's largest entry is found by numpy's reduction rather than by a loop over its entries
    rng = np.random.default_rng(33)
    W = rng.uniform(-1.0, 1.0, (33, 33))
    W[0, 0] = 2.0**500
    W[:, 3] *= 2.0**-1040  # weights far below the largest, and a slope far below the others
    fprime = rng.uniform(0.0, 0.25, (2, 33))
    fprime[0, 5] = 2.0**-1000
    for error, bound, _, _ in _errors(W, fprime):
        assert error <= bound
