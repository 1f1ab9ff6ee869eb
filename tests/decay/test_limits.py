"""The limits the measurements check: integer counts within a range, and the work a request may ask for."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import _limits as limits
from lstmnotes.decay._curves import decay_curves


def test_count_accepts_integers_in_range_and_refuses_the_rest():
    assert limits._count(np.int64(3), "n", 1, 64) == 3
    with pytest.raises(TypeError, match="n must be an integer"):
        limits._count(True, "n", 1, 64)
    with pytest.raises(ValueError, match="n must be an integer in 1\\.\\.64, got 65"):
        limits._count(65, "n", 1, 64)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda r: decay_curves([1.0], r, nets=2.5), TypeError, "nets must be an integer"),
        (lambda r: decay_curves([1.0] * 10, r, n=64, nets=1000, q=500), ValueError,
         "exceeds the limit"),
    ],
)  # fmt: skip
def test_measurements_refuse_requests_beyond_the_limits(call, error, message):
    with pytest.raises(error, match=message):
        call(np.random.default_rng(0))
