"""The peak of the gain of tanh and the memory cell's g and h, whose slope is K sigma'(s x), against an
80-digit mpmath oracle: near the largest float (where s|c| overflows), without warnings, and fast for
large arrays (referee pass 12B)."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes.local_gain import gain_supremum, max_gain

TOP = 1.7976931348623157e308
SCALES = {"tanh": (4, 2), "cell_g": (4, 1), "cell_h": (2, 1)}


@pytest.mark.parametrize("name", sorted(SCALES))
@pytest.mark.parametrize(
    ("y", "c"),
    [
        (10.0, TOP),
        (10.0, -TOP),
        (1.5, TOP),
        (1.5, -1.7976931348623155e308),
        (1e200, TOP),
        (-1e200, 1.7976931348623155e308),
        (1.0, 1.7976931348623155e308),
        (1.0, TOP),  # w* rounds to the largest float
        (1.0, 0.0),
        (-3.0, 0.7),
        (1e-300, 1e-10),
        (2.0, 1e300),
    ],
)
def test_the_peak_near_the_largest_float_matches_the_oracle(
    name: str, y: float, c: float, logistic_family_peak
) -> None:
    w_true, v_true = logistic_family_peak(*SCALES[name], y, c)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w_star, value = max_gain(y, c, activation=name)
    assert w_star == pytest.approx(w_true, rel=4e-16)
    assert value == pytest.approx(v_true, rel=4e-16)


def test_the_supremum_near_the_largest_float_is_the_peak(logistic_family_peak) -> None:
    w_true, v_true = logistic_family_peak(*SCALES["tanh"], 1e200, TOP)
    found = gain_supremum(1e200, TOP, activation="tanh")
    assert found.attained
    assert found.value == pytest.approx(v_true, rel=4e-16)
    assert found.weight == pytest.approx(w_true, rel=4e-16)


def test_a_maximiser_beyond_the_floats_is_refused_naming_y_and_c() -> None:
    with pytest.raises(ValueError, match=r"y = 0\.5, c = 1\.7976931348623157e\+308"):
        max_gain(0.5, TOP, activation="tanh")


def test_a_hundred_thousand_peaks_take_well_under_a_second(logistic_family_peak) -> None:
    y = np.full(100_000, 0.5)
    start = time.perf_counter()
    w_star, value = max_gain(y, 0.1, activation="tanh")
    assert_fast(start, 1.0, time.perf_counter)
    w_true, v_true = logistic_family_peak(*SCALES["tanh"], 0.5, 0.1)
    assert np.all(w_star == w_star[0])
    assert w_star[0] == pytest.approx(w_true, rel=4e-16)
    assert np.all(value == value[0])
    assert value[0] == pytest.approx(v_true, rel=4e-16)
