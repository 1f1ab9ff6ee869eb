"""The peak search of a unit from callables near the top of the float range (referee pass 13B): a product
$wy$ beyond the floats that $c$ brings back, a maximiser that rounds to the largest float, no overflow
warnings, and 500 pairs in about a second; truths from mpmath at 60 digits."""

from __future__ import annotations

import time
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import activations as act
from lstmnotes.local_gain import MAX_SEARCH_ELEMENTS, gain_supremum, max_gain
from lstmnotes.local_gain._extended import net_input

TOP = 1.7976931348623157e308


def _sp(x):
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


def _logistic() -> act.Activation:
    # the logistic given as callables: no closed form, the general search
    return act.from_callables(
        "lg",
        lambda x: 0.5 * (1 + np.tanh(x / 2)),
        _sp,
        fsecond=lambda x: -_sp(x) * np.tanh(x / 2),
        slope_rate=lambda x: -np.tanh(x / 2),
        slope_max=0.25,
        slope_argmax=0.0,
        even_slope=True,
        tail_gains=(0.0, 0.0),
        net_limit=TOP,
    )


def _gauss_truth(y: float, c: float) -> tuple[float, float]:
    """For f' = exp(-x^2) and c > 0 the peak's net input n < 0 solves 2n^2 - 2nc - 1 = 0."""
    with mpmath.workdps(60):
        c_ = mpmath.mpf(c)
        n = (c_ - mpmath.sqrt(c_ * c_ + 2)) / 2
        w = (n - c_) / mpmath.mpf(y)
        return float(w), float(abs(w) * mpmath.exp(-n * n))


CASES = [
    (1e300, 1.7976931348623155e308),
    (1e300, 1.797693134862315e308),
    (1e300, TOP),
    (3.0, TOP),
    (3.0, 1.7976931348623155e308),
    (TOP, TOP),
    (-2.5, -1.7e308),
    (1.0, TOP),  # w* = -(TOP + m), m ~ 1e-308: rounds to -TOP
    (0.5, TOP / 2),
    (-0.25, -TOP / 4),
]


@pytest.mark.parametrize(("y", "c"), CASES)
def test_the_logistic_as_callables_near_the_largest_float(
    y: float, c: float, logistic_family_peak
) -> None:
    w_true, v_true = logistic_family_peak(1, 1, y, c)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w_star, value = max_gain(y, c, activation=_logistic())
        found = gain_supremum(y, c, activation=_logistic())
    assert w_star == pytest.approx(w_true, rel=4e-16)
    assert value == pytest.approx(v_true, rel=4e-16)
    assert found.attained
    assert found.value == pytest.approx(v_true, rel=4e-16)


def test_a_gaussian_near_the_largest_float(gauss_callables) -> None:
    for y, c in ((1e300, 1.7976931348623155e308), (1.0, 1.7976931348623155e308), (1.0, TOP)):
        w_true, v_true = _gauss_truth(y, c)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            w_star, value = max_gain(y, c, activation=gauss_callables)
        assert w_star == pytest.approx(w_true, rel=4e-16)
        assert value == pytest.approx(v_true, rel=4e-16)


def test_a_maximiser_beyond_the_largest_float_is_still_refused(logistic_family_peak) -> None:
    w_true, _ = logistic_family_peak(1, 1, 0.9, TOP)
    assert w_true == -np.inf  # (TOP + m)/0.9 overflows
    with pytest.raises(
        ValueError, match=r"beyond the float range at index \(\) \(y = 0\.9, c = 1\.797"
    ):
        max_gain(0.9, TOP, activation=_logistic())


def test_no_overflow_warning_where_asinh_is_refused(asinh_callables) -> None:
    # its f''/f' from callables is not a number far out: refused, naming y and c, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"y = 1\.0, c = 1\.7976931348623155e\+308"):
            max_gain(
                1.0,
                1.7976931348623155e308,
                activation=asinh_callables(tail_gains=(1.0, 1.0), net_limit=TOP),
            )


def test_a_product_beyond_the_floats_that_c_brings_back() -> None:
    w, y, c = (
        np.array([-2.0, 1.5, 7.0]),
        np.array([1e308, TOP, 1e300]),
        np.array([1e308, -TOP, -TOP]),
    )
    hi, lo = net_input(w, y, c)
    for k in range(3):
        exact = Fraction(w[k]) * Fraction(y[k]) + Fraction(c[k])
        assert hi[k] == float(exact)
        assert Fraction(hi[k]) + Fraction(lo[k]) == exact
    hi, _ = net_input(np.array([2.0]), np.array([1e308]), np.array([1e308]))
    assert hi[0] == np.inf


def test_500_pairs_take_about_a_second(logistic_family_peak) -> None:
    rng = np.random.default_rng(13)
    y = rng.uniform(0.1, 10, MAX_SEARCH_ELEMENTS) * rng.choice([-1.0, 1.0], MAX_SEARCH_ELEMENTS)
    c = rng.uniform(-20, 20, MAX_SEARCH_ELEMENTS)
    c[:100] = 0.0
    unit = _logistic()
    start = time.process_time()
    w_star, value = max_gain(y, c, activation=unit)
    assert_fast(start, 3.0)  # 6.4 s before the local maxima were bisected together
    for k in [*range(0, MAX_SEARCH_ELEMENTS, 25), 101, 102]:
        w_true, v_true = logistic_family_peak(1, 1, y[k], c[k])
        if c[k] == 0:  # the gain K/|y| at w* = x*/y (x* tanh(x*/2) = 1): w* y > 0
            w_true = abs(w_true) * np.sign(y[k])
        assert value[k] == pytest.approx(v_true, rel=4e-15)
        assert w_star[k] == pytest.approx(w_true, rel=1e-13)
