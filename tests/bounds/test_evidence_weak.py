"""The weak bound's adversarial search (P12, X41, X43)."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.bounds import evidence_weak
from lstmnotes.bounds.evidence import LARGEST_N
from lstmnotes.bounds.evidence_weak import weak_bound_search


def test_weak_bound_search_finds_the_single_unit_equality():
    search = weak_bound_search(np.random.default_rng(0), nets=3, climbs=1)
    for name in ("max-row-sum", "max-column-sum", "spectral", "frobenius"):
        assert search.holds(name)
        assert search.worst[name].ratio == pytest.approx(1.0)
        assert search.worst_multi[name].ratio <= 1 / search.worst_multi[name].n + 1e-9


def test_weak_bound_search_reaches_the_largest_n():
    search = weak_bound_search(np.random.default_rng(1), nets=2, climbs=1)
    assert search.largest_n == LARGEST_N
    assert set(search.candidates) == {"structured", "random", "optimised"}


def test_search_refuses_an_empty_budget():
    with pytest.raises(ValueError, match=r"nets must be an integer in 1\.\."):
        weak_bound_search(np.random.default_rng(0), nets=0)


def test_weak_bound_survey_and_looseness():
    s = evidence_weak.weak_bound_survey(np.random.default_rng(5), nets=40)
    assert s.paper_pair_holds
    assert all(v == 0 for v in s.bound_violations.values())
    assert s.second_violations["max-column-sum"] > 0  # the chain breaks, the conclusion does not
    assert all(0 < r <= 1 for r in s.worst_ratio.values())
    b = evidence_weak.bound_looseness(np.array([[0.5, 0.0], [0.0, 0.25]]), np.full((4, 2), 0.5))
    # largest flow: (0.5 * 0.5)^q; bound: 2 (0.5 * 0.5)^q
    assert b.flow.tolist() == [0.25**q for q in range(1, 5)]
    assert b.ratio.tolist() == [2.0] * 4
    assert b.never_violated
    with pytest.raises(ValueError, match="q >= 2"):
        evidence_weak.bound_looseness(np.eye(2), np.ones((1, 2)))
    with pytest.raises(ValueError, match="vanishes"):
        evidence_weak.bound_looseness(np.zeros((2, 2)), np.ones((2, 2)))
