"""The chain's verdicts allow for the stated rounding: equality cases never come out False."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import bounds


def _exact_sides(w: float, slope: float, q: int) -> tuple[Fraction, Fraction, Fraction]:
    """Flow, middle and bound of one unit with constant slopes, exactly (independent of the code)."""
    flow = (Fraction(w) * Fraction(slope)) ** q
    middle = Fraction(slope) ** q * abs(Fraction(w)) ** 2 * abs(Fraction(w)) ** (q - 2)
    bound = (Fraction(slope) * abs(Fraction(w))) ** q
    return flow, middle, bound


@pytest.mark.parametrize("name", list(bounds.NORM_PAIRS))
def test_the_referees_equality_cases_hold(name):
    for W, fp in ((np.array([[0.1]]), np.full((3, 1), 0.3)), ([[0.1]], [[0.1]] * 2)):
        w, slope, q = float(np.asarray(W)[0, 0]), float(np.asarray(fp)[0, 0]), len(fp)
        flow, middle, bound = _exact_sides(w, slope, q)
        assert abs(flow) == middle == bound  # equality, exactly
        chain = bounds.weak_bound_chain(W, fp, 0, 0, name)
        assert (chain.first_holds, chain.second_holds, chain.bound_holds) == (True, True, True)


@given(
    st.floats(1e-3, 1e3),
    st.booleans(),
    st.floats(1e-3, 1.0),
    st.integers(2, 40),
    st.sampled_from(list(bounds.NORM_PAIRS)),
)
@settings(max_examples=300, deadline=None)
def test_equality_cases_never_come_out_false(w, negative, slope, q, name):
    w = -w if negative else w
    flow, middle, bound = _exact_sides(w, slope, q)
    assert abs(flow) == middle == bound
    chain = bounds.weak_bound_chain([[w]], np.full((q, 1), slope), 0, 0, name)
    assert (chain.first_holds, chain.second_holds, chain.bound_holds) == (True, True, True)


def test_a_gap_beyond_the_rounding_is_still_reported():
    # the chain with max-column-sum: middle 1/4 > bound 1/8 exactly, far beyond any rounding
    chain = bounds.weak_bound_chain(
        [[1.0, 1.0], [0.0, 0.0]], np.full((2, 2), 0.25), 0, 0, "max-column-sum"
    )
    assert (Fraction(chain.middle), Fraction(chain.bound)) == (Fraction(1, 4), Fraction(1, 8))
    assert not chain.second_holds
    assert chain.first_holds
    assert chain.bound_holds
