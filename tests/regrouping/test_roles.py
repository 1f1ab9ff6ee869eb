"""The regrouping part's evidence functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import dataclasses
import time

import pytest
from _timing import assert_fast

from lstmnotes.regrouping import evidence_conditions as cond
from lstmnotes.regrouping import evidence_regrouped as reg
from lstmnotes.regrouping import evidence_times, evidence_typical, evidence_vanishing

EXAMPLE = reg.EXAMPLE
WITNESS = evidence_typical.WITNESS


def _example(**fields):
    return dataclasses.replace(EXAMPLE, **fields)


def _witness(**fields):
    return dataclasses.replace(WITNESS, **fields)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (lambda v: cond.alternating_threshold_sharp((v,)), "units[0]", cond.MAX_UNITS),
    (lambda v: cond.entrywise_bound(seed=v), "seed", None),
    (lambda v: cond.entrywise_bound(nets=v), "nets", cond.MAX_NETS),
    (lambda v: cond.entrywise_bound(lags=(1, v)), "lags[1]", cond.MAX_LAG),
    (lambda v: reg.sample_run(_example(units=v)), "example.units", reg.MAX_UNITS),
    (lambda v: reg.sample_run(_example(steps=v)), "example.steps", reg.MAX_STEPS),
    (lambda v: reg.sample_run(_example(seed=v)), "example.seed", None),
    (lambda v: reg.sample_run(_example(w_max=v)), "example.w_max", reg.MAX_WEIGHT),
    (lambda v: reg.sample_run(_example(q=v)), "example.q", None),
    (lambda v: reg.sample_run(_example(u=v)), "example.u", None),
    (lambda v: reg.sample_run(_example(path=(0, v))), "example.path", None),
    (
        lambda v: reg.corrected_pairing_needs_regrouping(_example(units=v)),
        "example.units",
        reg.MAX_UNITS,
    ),
    (lambda v: evidence_times.time_arguments_dropped(_example(q=v)), "example.q", None),
    (lambda v: evidence_times.time_arguments_dropped(h=v), "h", evidence_times.MAX_STEP),
    (
        lambda v: evidence_typical.witness_growth(_witness(units=v)),
        "witness.units",
        evidence_typical.MAX_WITNESS_UNITS,
    ),
    (lambda v: evidence_typical.witness_growth(_witness(burn_in=v)), "witness.burn_in", None),
    (lambda v: evidence_typical.witness_growth(_witness(lags=v)), "witness.lags", None),
    (
        lambda v: evidence_typical.witness_growth(_witness(small=v)),
        "witness.small",
        evidence_typical.MAX_WITNESS_WEIGHT,
    ),
    (
        lambda v: evidence_vanishing.small_weights_flow_vanishes(_witness(seed=v)),
        "witness.seed",
        None,
    ),
    (evidence_vanishing.answer_still_vanishes, "q_max", evidence_vanishing.MAX_PATH_LAG),
]
# None selects the witness's own scale and seed here
NONE_ALLOWED = [
    (
        lambda v: evidence_typical.witness_growth(w_max=v),
        "w_max",
        evidence_typical.MAX_WITNESS_WEIGHT,
    ),
    (lambda v: evidence_typical.witness_growth(seed=v), "seed", None),
]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cond.alternating_threshold_sharp((3,)), "units"),
        (lambda: cond.entrywise_bound(lags=(1,) * (cond.MAX_SIZES + 1)), "lags"),
        (lambda: reg.sample_run(_example(q=EXAMPLE.steps - 1)), "example.q"),
        (lambda: reg.sample_run(_example(units=reg.MAX_UNITS, q=6)), "example.units"),
        (lambda: reg.sample_run(_example(u=EXAMPLE.units)), "example.u"),
        (lambda: evidence_times.time_arguments_dropped(h=0.0), "h"),
        (lambda: evidence_typical.witness_growth(_witness(units=1000, lags=2000)), "witness.units"),
        (
            lambda: evidence_typical.witness_growth(_witness(more_seeds=(0,) * 101)),
            "witness.more_seeds",
        ),
    ],
    ids=["odd-units", "many-lags", "q-past-run", "paths", "u", "h-zero", "witness-work", "seeds"],
)
def test_other_limits_are_refused_at_once(call, name):
    start = time.process_time()
    with pytest.raises(ValueError, match=name):
        call()
    assert_fast(start, 0.5)


@pytest.mark.parametrize("value", [3, None, EXAMPLE])
def test_a_witness_is_a_witness(value):
    with pytest.raises(TypeError, match="witness"):
        evidence_typical.witness_growth(value)


def test_an_example_is_an_example():
    with pytest.raises(TypeError, match="example"):
        reg.sample_run(WITNESS)
