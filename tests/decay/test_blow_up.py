"""Linear units with weights above one: the flow grows like the spectral radius."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from lstmnotes.decay import _blow_up as decay


def test_blow_up_grows_like_the_spectral_radius():
    b = decay.blow_up_example(np.random.default_rng(3), n=3, q=30)
    assert b.rate > 1
    assert np.all(np.diff(b.flow) > 0)
    assert b.rate == pytest.approx(b.spectral_radius, rel=1e-3)
    assert b.spectral_radius <= b.max_row_sum
    for q in (1, 5, 30):
        assert b.flow[q - 1] == pytest.approx(np.linalg.matrix_power(b.weights, q).max(), rel=1e-12)
    limit = np.log(np.finfo(float).max)
    assert (b.overflow_lag - 1) * np.log(b.rate) < limit <= b.overflow_lag * np.log(b.rate)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: decay.blow_up_example(r, low=0.5), "weights above one"),
        (lambda r: decay.blow_up_example(r, q=1), "q must be an integer in 2"),
    ],
)
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call(np.random.default_rng(0))


_LARGEST = Fraction(float(np.finfo(np.float64).max))


def _is_overflow_lag(rate, k):
    """The smallest k with rate^k above the largest float, checked in exact rationals."""
    return Fraction(rate) ** (k - 1) <= _LARGEST < Fraction(rate) ** k


def test_overflow_lag_at_the_boundary_is_exact():
    # rate^53 is below the largest float, rate^54 above it: the log ratio in float64 gave 53
    w = 654827.1969537528
    b = decay.blow_up_example(
        np.random.default_rng(0), n=1, low=w, high=float(np.nextafter(w, np.inf)), q=2
    )
    assert b.rate == 654827.1969537509
    assert b.overflow_lag == 54
    assert _is_overflow_lag(b.rate, b.overflow_lag)


def test_overflow_lag_of_rates_next_to_every_root_of_the_largest_float():
    import mpmath

    rates = []
    with mpmath.workdps(50):
        top = mpmath.mpf(float(np.finfo(np.float64).max))
        for k in range(1, 300):
            root = float(mpmath.root(top, k))
            rates += [math.nextafter(root, 0.0), root, math.nextafter(root, math.inf)]
    for rate in rates:
        if 1.0 < rate <= float(np.finfo(np.float64).max):
            assert _is_overflow_lag(rate, decay._overflow_lag(rate)), rate


@pytest.mark.parametrize("rate", [1.0000000000000002, 1.0000001, 1.01])
def test_overflow_lag_of_rates_near_one_against_high_precision(rate):
    import mpmath

    with mpmath.workdps(80):
        top = mpmath.mpf(float(np.finfo(np.float64).max))
        ratio = mpmath.log(top) / mpmath.log(mpmath.mpf(rate))
        expected = int(mpmath.floor(ratio)) + 1
    assert decay._overflow_lag(rate) == expected
