"""Where the weak bound is attained: a fraction 1/n of it, with free slopes and in logistic runs (X43)."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.bounds.evidence_attainment import (
    fixed_point_ratios,
    frobenius_approach,
    logistic_fixed_point,
    self_connection_ratios,
)


def test_one_self_connection_reaches_one_nth_of_the_weak_bound_for_every_pair():
    ratios = self_connection_ratios((2, 7), q=3, weight=-2.5)
    assert all(r == pytest.approx(1.0) for by_n in ratios.values() for r in by_n.values())
    with pytest.raises(ValueError, match="non-zero weight"):
        self_connection_ratios((2,), 3, weight=0.0)


def test_logistic_fixed_point_net_reaches_one_nth_for_three_pairs_only():
    ratios = fixed_point_ratios((2, 3, 5), q=3, weight=-2.0)
    for name in ("max-row-sum", "max-column-sum", "spectral"):
        assert all(r == pytest.approx(1.0, abs=1e-9) for r in ratios[name].values())
    assert ratios["frobenius"][3] == pytest.approx(3.0**-3)
    y = logistic_fixed_point(-2.0)
    assert y == pytest.approx(1 / (1 + np.exp(2.0 * y)), abs=1e-15)
    with pytest.raises(ValueError, match="non-zero weight"):
        fixed_point_ratios((2,), 3, weight=0.0)
    with pytest.raises(ValueError, match="finite"):
        logistic_fixed_point(float("nan"))


def test_frobenius_fraction_is_approached_by_logistic_runs_but_not_reached():
    ratios = frobenius_approach()
    assert all(r < 1 for r in ratios)
    assert ratios == sorted(ratios)
    assert ratios[-1] > 1 - 1e-6
    with pytest.raises(ValueError, match="non-zero weights"):
        frobenius_approach(((0.0, 1.0),))
