"""The peak search of a unit from callables stops at the largest weight whose net input is finite rather
than form an infinite net input where its f' cannot be taken as its limit (referee pass 12B), against
80-digit mpmath oracles."""

from __future__ import annotations

import time

import mpmath
import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import activations as act
from lstmnotes.local_gain import MAX_SEARCH_ELEMENTS, gain_supremum, max_gain

TOP = 1.7976931348623157e308


def _atan() -> act.Activation:
    # tail_gains (1, 1) as the referee stated them: the search trusts them as the limits at infinity
    return act.from_callables(
        "atan",
        np.arctan,
        lambda x: 1 / (1 + x * x),
        slope_max=1,
        slope_argmax=0,
        fsecond=lambda x: -2 * (x / (1 + x * x)) / (1 + x * x),
        even_slope=True,
        tail_gains=(1, 1),
        net_limit=TOP,
        slope_rate=lambda x: -2 * (x / (1 + x * x)),
    )


def _oracle_peak(fprime, y: float, c: float, w0: float) -> tuple[float, float]:
    """The stationary weight of |w f'(wy + c)| near w0 and the gain there, at 80 digits."""
    with mpmath.workdps(80):
        y_, c_ = mpmath.mpf(y), mpmath.mpf(c)

        def log_gain(w):
            return mpmath.log(abs(w)) + mpmath.log(fprime(w * y_ + c_))

        w = mpmath.findroot(lambda w: mpmath.diff(log_gain, w), mpmath.mpf(w0))
        return float(w), float(abs(w) * fprime(w * y_ + c_))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_supremum_that_is_the_tail_limit_is_found_without_an_infinite_net_input() -> None:
    unit = _atan()
    # the one stationary point of |w|/(1 + 4 w^2) on w > 0 (the gain is 0 at both ends of the half-line,
    # and even in w): the peak, 1/4 at w = 1/2, below the stated limit 1/|y| = 1/2
    _, peak = _oracle_peak(lambda x: 1 / (1 + x * x), 2.0, 0.0, 0.4)
    assert peak < 0.5
    found = gain_supremum(2.0, 0.0, activation=unit)
    assert found.value == 0.5
    assert not found.attained


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_an_attained_peak_of_a_unit_trusted_to_the_largest_float() -> None:
    w_true, v_true = _oracle_peak(lambda x: 1 / (1 + x * x), 9.8209, 2.9926, -0.3)
    found = gain_supremum(9.8209, 2.9926, activation=_atan())
    assert found.attained
    assert found.value == pytest.approx(v_true, rel=1e-14)
    assert found.weight == pytest.approx(w_true, rel=1e-14)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_gaussian_peak_far_out_is_found(gauss_callables) -> None:
    y, c = 1e111, 2.7e302
    with mpmath.workdps(80):
        c_ = mpmath.mpf(c)
        n = mpmath.findroot(lambda n: 2 * n * n - 2 * n * c_ - 1, -1 / (2 * c_))
        w = (n - c_) / mpmath.mpf(y)
        w_true, v_true = float(w), float(abs(w) * mpmath.exp(-n * n))
    w_star, value = max_gain(y, c, activation=gauss_callables)
    assert w_star == pytest.approx(w_true, rel=1e-14)
    assert value == pytest.approx(v_true, rel=1e-14)


def test_a_search_beyond_the_element_limit_is_refused_at_once(gauss_callables) -> None:
    y = np.full(MAX_SEARCH_ELEMENTS + 1, 0.5)
    unit = gauss_callables
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"at most 500 pairs \(y, c\) a call .* broadcast to 501"):
        max_gain(y, 0.1, activation=unit)
    assert_fast(start, 0.5, time.perf_counter)
    assert MAX_SEARCH_ELEMENTS == 500
