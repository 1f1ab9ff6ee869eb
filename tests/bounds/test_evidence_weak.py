"""The weak bound's adversarial search (P12, X41, X43)."""

from __future__ import annotations

import numpy as np
import pytest

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
    with pytest.raises(ValueError, match="at least 1"):
        weak_bound_search(np.random.default_rng(0), nets=0)
