"""f'_max of a logistic run against 1/4 (slip 6)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from lstmnotes.bounds import evidence_fprime_max as evidence


def _sigma_prime(x):
    s = expit(x)
    return s * (1 - s)


def test_fprime_max_evidence():
    e = evidence.fprime_max_evidence(np.random.default_rng(7))
    assert e.where_quarter == (0,)
    assert e.random_fprime_max < 0.25
    assert e.random_fprime_max == pytest.approx(_sigma_prime(e.random_min_abs_net), rel=1e-12)
    assert e.zero_net_fprime_max == 0.25
    assert not e.equality_in_general
    assert e.quarter_is_safe
