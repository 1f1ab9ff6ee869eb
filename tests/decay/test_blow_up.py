"""Linear units with weights above one: the flow grows like the spectral radius."""

from __future__ import annotations

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
