"""Paths of opposite sign in a logistic and a linear net, recomputed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from lstmnotes.flow import evidence_cancelling as evidence


def _sigma_prime(x):
    s = expit(x)
    return s * (1 - s)


@pytest.mark.parametrize("activation", ["logistic", "identity"])
def test_cancelling_paths(activation):
    c = evidence.cancelling_paths_example(activation)
    if activation == "identity":
        assert c.terms == (1.0, -1.0)
        assert (c.small_flow, c.large_flow) == (1.0, 0.0)
    else:
        # small net: net(1) = 0, net(2) = w y(1) = 1/2; flow = f'(net(1)) f'(net(2)) w^2
        assert c.small_flow == pytest.approx(_sigma_prime(0.0) * _sigma_prime(0.5), rel=1e-14)
        # large net: net(1) = 0, y(1) = (1/2, 1/2), net(2) = (1, -1/2)
        f2 = _sigma_prime(np.array([1.0, -0.5]))
        assert c.terms == pytest.approx((0.25 * f2[0] * 1 * 1, 0.25 * f2[1] * 1 * -1), rel=1e-14)
    assert c.large_flow == pytest.approx(sum(c.terms), rel=1e-14, abs=1e-300)
    assert c.signs_differ
    assert c.more_units_less_flow
