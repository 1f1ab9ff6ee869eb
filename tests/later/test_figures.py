"""Tests of the later-conditions figures: each draws what its data holds."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.later import evidence_checks, evidence_spectral
from lstmnotes.later import figures as lf


def test_condition_checks(ax):
    check = evidence_checks.exploding_condition_check(np.random.default_rng(4), n=3, nets=8, q=5)
    drawn = lf.plot_condition_checks(ax, {"tanh": check})
    offsets = drawn["tanh"].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], check.sigma_gamma)
    with pytest.raises(ValueError, match="checks must hold at least one entry"):
        lf.plot_condition_checks(ax, {})


def test_spectral_counterexample(ax):
    r = evidence_spectral.spectral_radius_counterexample(q=10)
    drawn = lf.plot_spectral_counterexample(ax, r)
    np.testing.assert_array_equal(drawn["flow"].get_data()[1], r.flow)
    assert list(drawn["shift"].get_data()[1]) == [
        2.0,
        4.0,
        8.0,
    ]  # the zero is left off the log axis
