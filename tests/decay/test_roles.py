"""The measured-decay part's evidence and figure functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast
from matplotlib.figure import Figure

from lstmnotes import decay
from lstmnotes.decay import evidence_mean as em
from lstmnotes.decay import evidence_neutral as en
from lstmnotes.decay import figures, figures_explore

AX = Figure().add_subplot()
SMALL = {"n": 2, "nets": 1, "q": 3}


def _paths():
    return decay.path_product_distribution(np.random.default_rng(2), n=2, q=3)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (lambda v: em.mean_decay_search(v, [1.0], **SMALL), "seeds", None),
    (lambda v: em.mean_decay_search([0], v, **SMALL), "scales", None),
    (lambda v: em.mean_decay_search([0], [1.0], **{**SMALL, "n": v}), "n", 64),
    (lambda v: em.mean_decay_search([0], [1.0], **{**SMALL, "nets": v}), "nets", 1000),
    (lambda v: em.mean_decay_search([0], [1.0], **{**SMALL, "q": v}), "q", 500),
    (lambda v: em.mean_growth_search(v, [0], [1.0], nets=1, q=3), "sizes", None),
    (lambda v: em.mean_growth_search([2], v, [1.0], nets=1, q=3), "seeds", None),
    (lambda v: em.mean_growth_search([2], [0], v, nets=1, q=3), "scales", None),
    (lambda v: em.mean_growth_search([2], [0], [1.0], nets=v, q=3), "nets", 1000),
    (lambda v: em.mean_growth_search([2], [0], [1.0], nets=1, q=v), "q", 500),
    (lambda v: em.growth_shares(v, [0], [1.0], nets=1, q=3), "sizes", None),
    (lambda v: em.growth_shares([2], v, [1.0], nets=1, q=3), "seeds", None),
    (lambda v: em.growth_shares([2], [0], v, nets=1, q=3), "scales", None),
    (lambda v: em.growth_shares([2], [0], [1.0], nets=v, q=3), "nets", 1000),
    (lambda v: em.growth_shares([2], [0], [1.0], nets=1, q=v), "q", 500),
    (lambda v: en.neutral_self_unit(q=v), "q", en.MAX_NEUTRAL_LAGS),
    (lambda v: en.neutral_unit_settling(v, q=3), "settles", None),
    (lambda v: en.neutral_unit_settling([v], q=3), "settles", en.MAX_SETTLE),
    (lambda v: en.neutral_unit_settling([5], q=v), "q", en.MAX_NEUTRAL_LAGS),
    (lambda v: en.neutral_unit_settling([5], q=3, seed=v), "seed", None),
    (lambda v: figures.plot_decay_curves(AX, v), "curves", None),
    (lambda v: figures.plot_decay_curves(AX, [v]), "curves", None),
    (lambda v: figures.plot_decay_rates(AX, v), "curves", None),
    (lambda v: figures.plot_blow_up(AX, v), "blow_up", None),
    (lambda v: figures.plot_path_products(AX, v), "paths", None),
    (lambda v: figures.plot_path_products(AX, _paths(), bins=v), "bins", figures.MAX_BINS),
    (lambda v: figures.plot_unit_count(AX, v), "count", None),
    (figures_explore.flow_explorer, "curves", None),
    (lambda v: figures_explore.flow_explorer([v]), "curves", None),
]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


def test_too_many_seeds_are_refused_at_once():
    start = time.process_time()
    with pytest.raises(ValueError, match="seeds"):
        em.mean_decay_search(list(range(em.MAX_SEARCH_SEEDS + 1)), [1.0], **SMALL)
    assert_fast(start, 0.5)


def test_a_search_beyond_its_work_is_refused_at_once():
    start = time.process_time()
    with pytest.raises(ValueError, match=str(em.MAX_SEARCH_WORK)):
        em.growth_shares(list(range(1, 65)), list(range(100)), [1.0, 2.0], nets=1000, q=500)
    assert_fast(start, 0.5)


def test_no_scales_is_refused():
    with pytest.raises(ValueError, match="scales"):
        em.mean_decay_search([0], [], **SMALL)


def test_too_many_settles_are_refused_at_once():
    start = time.process_time()
    with pytest.raises(ValueError, match="settles"):
        en.neutral_unit_settling([1] * (en.MAX_SETTLES + 1), q=3)
    assert_fast(start, 0.5)


def test_no_settles_is_refused():
    with pytest.raises(ValueError, match="settles"):
        en.neutral_unit_settling([], q=3)
