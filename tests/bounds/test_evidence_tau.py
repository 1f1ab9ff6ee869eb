"""The searches against the bounds for small weights (P13, P17, X42) and the net that attains tau^q / n."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.bounds.evidence_tau import (
    path_count_search,
    tau_bound_search,
    tau_corollary_survey,
    uniform_net_ratios,
)


def test_tau_bound_search_reports_local_and_global():
    search = tau_bound_search(np.random.default_rng(2), nets=3, climbs=1)
    for name in ("local", "global", "global-sharp"):
        assert search.holds(name)
    data = search.summary_data()
    assert data["local"]["ratio"] == pytest.approx(1.0)
    assert data["local"]["multi"]["n"] >= 2


def test_tau_bound_search_refuses_an_empty_budget():
    with pytest.raises(ValueError, match=r"nets must be an integer in 1\.\."):
        tau_bound_search(np.random.default_rng(0), nets=0)


def test_path_count_search_reaches_but_never_exceeds_tau_q_over_n():
    search = path_count_search(np.random.default_rng(1), nets=3, climbs=1)
    assert search.holds("local")
    assert search.holds("global")
    assert search.worst["local"].ratio == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"nets must be an integer in 1\.\."):
        path_count_search(np.random.default_rng(1), nets=0)


def test_uniform_net_is_the_equality_case_of_the_path_count_bound():
    ratios = uniform_net_ratios((1, 2, 5), q=4)
    assert ratios[5] == pytest.approx([1.0, 1.0, 1 / 25])
    assert ratios[2][2] == pytest.approx(0.25)  # a fraction 1/n^2 of n tau^q
    with pytest.raises(ValueError, match="ns must hold at least one"):
        uniform_net_ratios((), 3)


def test_tau_survey():
    t = tau_corollary_survey(np.random.default_rng(6), nets=30, q_max=15)
    assert t.holds
    assert 0 < t.worst_ratio <= 1
    assert t.largest_tau < 1
