"""The searches over lone logistic units: the factor search and the units with a negative weight."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.carousel import evidence_fixed_points


def test_logistic_factor_search_rejects_a_bad_sign():
    with pytest.raises(ValueError, match="sign"):
        evidence_fixed_points.logistic_factor_search(np.random.default_rng(0), sign=0)


def test_negative_weight_units_against_plain_iteration():
    from lstmnotes.carousel.evidence_fixed_points import negative_weight_units

    r = negative_weight_units(np.random.default_rng(0), grid=30, draws=5)
    assert r.monotone
    assert r.neutral.factor == pytest.approx(-1.0, abs=1e-12)
    assert r.cycles_found == r.cycle_weights
    assert r.largest_two_step < 1.0
    assert r.above_largest < 1.0

    # separate code: iterate y -> sigma(w y) onto the 2-cycle and multiply the two factors
    def two_step(w):
        y = 0.3
        for _ in range(20_000):
            y = 1.0 / (1.0 + np.exp(-w * y))
        z = 1.0 / (1.0 + np.exp(-w * y))
        return w * y * (1 - y) * w * z * (1 - z)

    for key, value in r.two_step_at.items():
        assert value == pytest.approx(two_step(float(key)), rel=1e-6)
    w, high, low = r.cycle_at
    assert two_step(w) == pytest.approx(w * high * (1 - high) * w * low * (1 - low), rel=1e-9)


def test_negative_weight_units_rejects_weights_above_w_star():
    from lstmnotes.carousel.evidence_fixed_points import negative_weight_units

    with pytest.raises(ValueError, match="below w"):
        negative_weight_units(np.random.default_rng(0), named=(-5.0,))
