"""Tests of the adversarial searches behind P12, P13, P17 and X41."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.bounds.evidence import (
    GROWTH_WEIGHT,
    LARGEST_N,
    fixed_point_ratios,
    frobenius_approach,
    global_flow_growth,
    logistic_fixed_point,
    path_count_search,
    self_connection_ratios,
    tau_bound_search,
    uniform_net_ratios,
    weak_bound_search,
)


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


def test_tau_bound_search_reports_local_and_global():
    search = tau_bound_search(np.random.default_rng(2), nets=3, climbs=1)
    for name in ("local", "global", "global-sharp"):
        assert search.holds(name)
    data = search.summary_data()
    assert data["local"]["ratio"] == pytest.approx(1.0)
    assert data["local"]["multi"]["n"] >= 2


@pytest.mark.parametrize("search", [weak_bound_search, tau_bound_search])
def test_searches_refuse_empty_budgets(search):
    with pytest.raises(ValueError, match="at least 1"):
        search(np.random.default_rng(0), nets=0)


def test_global_flow_grows_below_four_but_cancels_over_both_units():
    growth = global_flow_growth(12)
    assert abs(growth.W[0][1]) == GROWTH_WEIGHT < 4
    assert growth.grows
    assert growth.rate == pytest.approx(2 * GROWTH_WEIGHT / 4)
    assert max(growth.both_outputs) == 0.0


def test_global_flow_growth_needs_two_lags():
    with pytest.raises(ValueError, match="q_max"):
        global_flow_growth(1)


def test_path_count_search_reaches_but_never_exceeds_tau_q_over_n():
    search = path_count_search(np.random.default_rng(1), nets=3, climbs=1)
    assert search.holds("local")
    assert search.holds("global")
    assert search.worst["local"].ratio == pytest.approx(1.0)
    with pytest.raises(ValueError, match="at least 1"):
        path_count_search(np.random.default_rng(1), nets=0)


def test_uniform_net_is_the_equality_case_of_the_path_count_bound():
    ratios = uniform_net_ratios((1, 2, 5), q=4)
    assert ratios[5] == pytest.approx([1.0, 1.0, 1 / 25])
    assert ratios[2][2] == pytest.approx(0.25)  # a fraction 1/n^2 of n tau^q
    with pytest.raises(ValueError, match="at least 1"):
        uniform_net_ratios((), 3)


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
