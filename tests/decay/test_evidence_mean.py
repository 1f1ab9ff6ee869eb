"""The searches that try to make the geometric mean over nets grow."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import decay_curves
from lstmnotes.decay import evidence_mean as search_module


def test_mean_decay_search_matches_decay_curves_scale_by_scale():
    search = search_module.mean_decay_search([3], [2.0, 0.5], n=4, nets=3, q=10)
    curves = decay_curves([0.5, 2.0], np.random.default_rng(3), n=4, nets=3, q=10)
    np.testing.assert_allclose(search.rates[0], [c.rate for c in curves])
    assert search.worst[1] == 3
    with pytest.raises(ValueError, match="at least one seed"):
        search_module.mean_decay_search([], [1.0])


def test_mean_decay_search_smallest_growing_and_worst():
    search = search_module.MeanDecaySearch(4, 2, 5, (0, 1), np.array([1.0, 2.0, 4.0]),
                                           np.array([[0.5, 1.2, 1.1], [0.4, 0.9, 1.3]]))  # fmt: skip
    assert search.smallest_growing() == (2.0, 1.2)
    assert search.worst == (1.3, 1, 4.0)


def test_mean_growth_search_finds_large_chaotic_nets():
    g = search_module.mean_growth_search([2, 48], [0], [16.0], nets=3, q=20)
    assert g.n == 48
    assert g.rate > 1
    assert g.smaller < 1
    with pytest.raises(ValueError, match="increasing"):
        search_module.mean_growth_search([8, 4], [0], [1.0])


def test_growth_shares_counts_growing_seeds():
    g = search_module.growth_shares([2, 48], [0, 1], [16.0], nets=3, q=20)
    assert g.rates.shape == (2, 2, 1)
    assert g.shares[0, 0] == 0.0
    assert g.shares[1, 0] == 1.0
    assert g.best(1) == (16.0, 1.0)
    assert g.smallest_majority_scale(0) is None
    assert g.smallest_majority_scale(1) == (16.0, 1.0)
    with pytest.raises(ValueError, match="increasing"):
        search_module.growth_shares([8, 4], [0], [1.0])
