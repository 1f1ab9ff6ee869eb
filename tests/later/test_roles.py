"""The later conditions' evidence and figure functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast
from matplotlib.figure import Figure

from lstmnotes.later import evidence_checks as ec
from lstmnotes.later import evidence_search as es
from lstmnotes.later import evidence_spectral as sp
from lstmnotes.later import figures

AX = Figure().add_subplot()


def _rng():
    return np.random.default_rng(0)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (lambda v: ec.vanishing_condition_check(v, nets=1, q=2), "rng", None),
    (lambda v: ec.vanishing_condition_check(_rng(), activation=v), "activation", None),
    (lambda v: ec.vanishing_condition_check(_rng(), n=v, nets=1), "n", ec.MAX_CHECK_UNITS),
    (lambda v: ec.vanishing_condition_check(_rng(), nets=v), "nets", ec.MAX_CHECK_NETS),
    (lambda v: ec.vanishing_condition_check(_rng(), nets=1, q=v), "q", ec.MAX_CHECK_LAGS),
    (lambda v: ec.vanishing_condition_check(_rng(), nets=1, q=2, low=v), "low", None),
    (lambda v: ec.exploding_condition_check(v, nets=1, q=2), "rng", None),
    (lambda v: ec.exploding_condition_check(_rng(), activation=v), "activation", None),
    (lambda v: ec.exploding_condition_check(_rng(), n=v, nets=1), "n", ec.MAX_CHECK_UNITS),
    (lambda v: ec.exploding_condition_check(_rng(), nets=v), "nets", ec.MAX_CHECK_NETS),
    (lambda v: ec.exploding_condition_check(_rng(), nets=1, q=v), "q", ec.MAX_CHECK_LAGS),
    (lambda v: ec.exploding_condition_check(_rng(), nets=1, q=2, high=v), "high", None),
    (ec.vanishing_survey, "activation", None),
    (ec.exploding_survey, "activation", None),
    (lambda v: es.norm_bound_search(v, sizes=(1,), q=2, draws=1), "rng", None),
    (lambda v: es.norm_bound_search(_rng(), sizes=v, q=2, draws=1), "sizes", None),
    (lambda v: es.norm_bound_search(_rng(), sizes=(v,), q=2, draws=1), "sizes", ec.MAX_CHECK_UNITS),
    (lambda v: es.norm_bound_search(_rng(), sizes=(1,), q=v, draws=1), "q", ec.MAX_CHECK_LAGS),
    (lambda v: es.norm_bound_search(_rng(), sizes=(1,), q=2, draws=v), "draws", es.MAX_DRAWS),
    (lambda v: es.norm_bound_search(_rng(), sizes=(1,), q=2, draws=1, climbs=v), "climbs", 1),
    (lambda v: es.norm_bound_search(_rng(), sizes=(1,), q=2, steps=v), "steps", es.MAX_CLIMB_STEPS),
    (lambda v: sp.spectral_radius_counterexample(scale=v), "scale", None),
    (lambda v: sp.spectral_radius_counterexample(saturated_net=v), "saturated_net", None),
    (lambda v: sp.spectral_radius_counterexample(q=v), "q", sp.MAX_EXAMPLE_LAGS),
    (lambda v: sp.spectral_radius_counterexample(shift_units=v), "shift_units", sp.MAX_SHIFT_UNITS),
    (lambda v: sp.spectral_radius_counterexample(shift_weight=v), "shift_weight", None),
    (lambda v: sp.biased_fixed_point_counterexample(scale=v), "scale", None),
    (lambda v: sp.biased_fixed_point_counterexample(saturated_net=v), "saturated_net", None),
    (lambda v: sp.biased_fixed_point_counterexample(q=v), "q", sp.MAX_EXAMPLE_LAGS),
    (lambda v: sp.biased_fixed_point_counterexample(tolerance=v), "tolerance", None),
    (sp.nilpotent_forward_counterexample, "activation", None),
    (lambda v: sp.nilpotent_forward_counterexample("tanh", starts=v), "starts", sp.MAX_STARTS),
    (lambda v: sp.nilpotent_forward_counterexample("tanh", q=v), "q", sp.MAX_NILPOTENT_LAGS),
    (lambda v: sp.nilpotent_forward_counterexample("tanh", settle=v), "settle", sp.MAX_SETTLE),
    (
        lambda v: sp.nilpotent_forward_counterexample("tanh", starts=1, long_starts=v),
        "long_starts",
        1,
    ),
    (
        lambda v: sp.nilpotent_forward_counterexample("tanh", starts=1, long_starts=0, seed=v),
        "seed",
        None,
    ),
    (lambda v: figures.plot_condition_checks(AX, v), "checks", None),
    (lambda v: figures.plot_condition_checks(AX, {"a": v}), "checks", None),
    (lambda v: figures.plot_spectral_counterexample(AX, v), "misreading", None),
]
# an activation may be named by a string: "3" is refused as an unknown name (a ValueError) instead
STRING_NAMES = {"activation"}


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


def test_too_many_sizes_are_refused_at_once():
    start = time.process_time()
    with pytest.raises(ValueError, match="sizes"):
        es.norm_bound_search(_rng(), sizes=(1,) * (es.MAX_SEARCH_SIZES + 1))
    assert_fast(start, 0.5)


@pytest.mark.parametrize(
    "call",
    [
        lambda: sp.spectral_radius_counterexample(scale=0.0),
        lambda: sp.biased_fixed_point_counterexample(tolerance=-1.0),
        lambda: sp.spectral_radius_counterexample(saturated_net=float("inf")),
    ],
)
def test_non_positive_or_non_finite_numbers_are_refused(call):
    with pytest.raises(ValueError, match=r"scale|tolerance|saturated_net"):
        call()


@pytest.mark.parametrize("name", ["scale", "shift_weight"])
def test_a_weight_that_puts_the_flow_beyond_float64_is_named(name):
    from lstmnotes.later.evidence_spectral import spectral_radius_counterexample

    with pytest.raises(ValueError, match=f"{name} = 1e\\+308"):
        spectral_radius_counterexample(**{name: 1e308})
