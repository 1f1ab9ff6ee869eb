"""The regrouping part's domain: no numerics of its own, and its evidence refuses bad counts and oversized work."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast

import lstmnotes.regrouping as rg
from lstmnotes.local_gain import path_pairing
from lstmnotes.regrouping.evidence_regrouped import bracket_latex, sample_run
from lstmnotes.regrouping.evidence_two_units import (
    SEARCH_MAX_WORK,
    counter_example_flow,
    path_series,
    small_weight_search,
)
from lstmnotes.regrouping.evidence_typical import TYPICAL_MAX_WORK, typical_rates
from lstmnotes.regrouping.symbolic import regrouped_product, weight_feeds


def test_the_part_exports_no_numerics():
    assert rg.DOMAIN == ()
    assert rg.__all__ == ["DOMAIN"]


@pytest.mark.parametrize("bad", [2.0, "3", True, None])
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (regrouped_product, "q"),
        (weight_feeds, "n"),
        (lambda v: path_series(3.0, v), "q_max"),
        (lambda v: counter_example_flow(3.0, v), "lags"),
        (lambda v: small_weight_search(n=v), "n"),
        (lambda v: typical_rates(2, v, np.random.default_rng(0)), "nets"),
    ],
)
def test_counts_must_be_integers(call, name, bad):
    with pytest.raises(TypeError, match=name):
        call(bad)


def test_bracket_index_is_checked():
    pairing = path_pairing(sample_run(), 4, [0, 1, 1])
    with pytest.raises(TypeError, match="k"):
        bracket_latex(pairing, True)
    with pytest.raises(ValueError, match="k must be an integer in"):
        bracket_latex(pairing, 5)


@pytest.mark.parametrize(
    "call",
    [
        lambda: typical_rates(10, 10_000, np.random.default_rng(0), lags=TYPICAL_MAX_WORK // 10**6),
        lambda: small_weight_search(count=SEARCH_MAX_WORK, lags=30),
        lambda: counter_example_flow(3.0, 10**6),
        lambda: counter_example_flow("3.0", 3),
    ],
)
def test_beyond_the_limits_refuses_at_once(call):
    start = time.process_time()
    with pytest.raises((ValueError, TypeError)):
        call()
    assert_fast(start, 0.5)
