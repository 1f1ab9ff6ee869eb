"""The corrected (3.2) against the recursion, symbolically and in exact arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.flow import evidence_corrected as evidence


def test_corrected_agreement():
    c = evidence.corrected_path_sum_agreement(2, 3)
    assert c.all_equal
    assert c.cases == ((1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3))


def test_path_sum_exactness_exact_equal_and_float_orders():
    rng = np.random.default_rng(5)
    W, fprime = rng.uniform(-2, 2, (3, 3)), rng.uniform(0, 0.25, (4, 3))
    result = evidence.path_sum_exactness(W, fprime, 0, 2)
    assert result.exact_equal
    assert set(result.float_differences) == {"numpy", "sequential", "sorted"}
    assert 0 <= result.largest_float_difference < 1e-15
    with pytest.raises(ValueError, match="v"):
        evidence.path_sum_exactness(W, fprime, 0, 3)


def test_agreement_phrase():
    assert evidence.agreement_phrase(0.0) == "exactly"
    assert evidence.agreement_phrase(3.0e-16, ".1e") == "to within 3.0e-16"
    with pytest.raises(ValueError, match="not negative"):
        evidence.agreement_phrase(-1.0)
