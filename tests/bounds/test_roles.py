"""The bounds part's evidence functions: counts and numbers refused by type and beyond their limits, at once."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes.bounds import (
    evidence,
    evidence_attainment,
    evidence_fprime_max,
    evidence_global,
    evidence_matrix_form,
    evidence_norm_pairs,
    evidence_tau,
    evidence_weak,
)

RNG = np.random.default_rng(0)

# (call taking the one argument under test, its name, the largest allowed value or None for a number)
CASES = [
    (lambda v: evidence_attainment.fixed_point_ratios(q=v), "q", evidence.MAX_LAG),
    (lambda v: evidence_attainment.fixed_point_ratios(ns=(v,)), "ns[0]", evidence.MAX_UNITS),
    (lambda v: evidence_attainment.self_connection_ratios(q=v), "q", evidence.MAX_LAG),
    (lambda v: evidence_attainment.frobenius_approach(q=v), "q", evidence.MAX_LAG),
    (lambda v: evidence_fprime_max.fprime_max_evidence(RNG, n=v), "n", evidence.MAX_UNITS),
    (lambda v: evidence_fprime_max.fprime_max_evidence(RNG, q=v), "q", evidence.MAX_LAG),
    (evidence_global.global_flow_growth, "q_max", evidence.MAX_LAG),
    (
        lambda v: evidence_matrix_form.matrix_form_agreement(n_max=v),
        "n_max",
        evidence.MAX_SYMBOLIC_N,
    ),
    (
        lambda v: evidence_matrix_form.matrix_form_agreement(q_max=v),
        "q_max",
        evidence.MAX_SYMBOLIC_Q,
    ),
    (evidence_matrix_form.column_row_contradictions, "n_max", evidence.MAX_SYMBOLIC_N),
    (evidence_norm_pairs.e_u_times_W_defined, "n", evidence.MAX_SYMBOLIC_N),
    (evidence_norm_pairs.weak_bound_counterexample, "max_weight", evidence.MAX_WEIGHT),
    (lambda v: evidence_tau.tau_corollary_survey(RNG, nets=v), "nets", evidence.MAX_NETS),
    (lambda v: evidence_tau.tau_corollary_survey(RNG, q_max=v), "q_max", evidence.MAX_LAG),
    (lambda v: evidence_tau.uniform_net_ratios(q=v), "q", evidence.MAX_LAG),
    (lambda v: evidence_tau.tau_bound_search(RNG, nets=v), "nets", evidence.MAX_NETS),
    (lambda v: evidence_tau.path_count_search(RNG, climbs=v), "climbs", evidence.MAX_CLIMBS),
    (lambda v: evidence_weak.weak_bound_search(RNG, nets=v), "nets", evidence.MAX_NETS),
    (lambda v: evidence_weak.weak_bound_survey(RNG, nets=v), "nets", evidence.MAX_NETS),
    (evidence_attainment.logistic_fixed_point, "weight", None),
    (lambda v: evidence_attainment.fixed_point_ratios(weight=v), "weight", None),
]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


@pytest.mark.parametrize("rng", [0, None, np.random.RandomState(0)])
def test_rng_must_be_a_generator(rng):
    with pytest.raises(TypeError, match="rng"):
        evidence_weak.weak_bound_survey(rng, nets=1)


@pytest.mark.parametrize(
    "cases",
    [(1.0, 2.0), [1.0], ((1.0, 2.0, 3.0),), "12", None, 3.0, ((1.0,),), ({1.0, 2.0},)],
)
def test_frobenius_cases_that_are_not_pairs_are_refused_by_type(cases):
    with pytest.raises(TypeError, match="cases"):
        evidence_attainment.frobenius_approach(cases)


def test_too_many_frobenius_cases_are_refused_before_any_work():
    start = time.process_time()
    with pytest.raises(ValueError, match="cases holds"):
        evidence_attainment.frobenius_approach(
            [(1.0, 2.0)] * (evidence_attainment.MAX_FROBENIUS_CASES + 1)
        )
    assert_fast(start, 0.5)
