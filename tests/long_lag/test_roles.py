"""The long-lag chapter's evidence and figure functions: arguments refused by type and beyond their limits,
at once."""

from __future__ import annotations

import time

import numpy as np
import pytest
from _timing import assert_fast
from matplotlib.figure import Figure

from lstmnotes.long_lag import MAX_DELAY, MAX_SEEDS, figures
from lstmnotes.long_lag import evidence as ev
from lstmnotes.long_lag import evidence_flow as evf
from lstmnotes.long_lag import evidence_gradient as evg

AX = Figure().add_subplot()
RATES = {"bptt": 1.0, "cell": 1.0}


def _rng():
    return np.random.default_rng(0)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (
        lambda v: ev.delay_scan(v, [4], seeds=1, sequences=5, learning_rates=RATES, run_length=1),
        "seed",
        None,
    ),
    (
        lambda v: ev.delay_scan(0, v, seeds=1, sequences=5, learning_rates=RATES, run_length=1),
        "delays",
        None,
    ),
    (
        lambda v: ev.delay_scan(0, [v], seeds=1, sequences=5, learning_rates=RATES, run_length=1),
        "delays",
        None,
    ),
    (
        lambda v: ev.delay_scan(0, [4], seeds=v, sequences=5, learning_rates=RATES, run_length=1),
        "seeds",
        MAX_SEEDS,
    ),
    (
        lambda v: ev.delay_scan(0, [4], seeds=1, sequences=v, learning_rates=RATES, run_length=1),
        "sequences",
        ev.MAX_SCAN_STEPS // 4,
    ),
    (
        lambda v: ev.delay_scan(0, [4], seeds=1, sequences=5, learning_rates=v, run_length=1),
        "learning_rates",
        None,
    ),
    (
        lambda v: ev.delay_scan(
            0, [4], seeds=1, sequences=5, learning_rates={"bptt": 1.0, "cell": v}, run_length=1
        ),
        "learning_rates",
        None,
    ),
    (
        lambda v: ev.delay_scan(0, [4], seeds=1, sequences=5, learning_rates=RATES, run_length=v),
        "run_length",
        None,
    ),
    (lambda v: evf.initial_flow(v, [4], 1), "rng", None),
    (lambda v: evf.initial_flow(_rng(), v, 1), "delays", None),
    (lambda v: evf.initial_flow(_rng(), [4, v], 1), "delays", None),
    (lambda v: evf.initial_flow(_rng(), [4], v), "nets", MAX_SEEDS),
    (evf.bptt_flow_bound, "p", MAX_DELAY),
    (evf.edge_bptt_nets, "p", MAX_DELAY),
    (evf.edge_cell_nets, "p", MAX_DELAY),
    (lambda v: evg.truncation_gap(v, [4], 1, 1), "rng", None),
    (lambda v: evg.truncation_gap(_rng(), v, 1, 1), "delays", None),
    (lambda v: evg.truncation_gap(_rng(), [v], 1, 1), "delays", None),
    (lambda v: evg.truncation_gap(_rng(), [4], v, 1), "nets", None),
    (lambda v: evg.truncation_gap(_rng(), [4], 1, v), "directions", None),
    (lambda v: evg.truncation_gap(_rng(), [4], 1, 1, v), "scale", None),
    (ev.worst_output, "training", None),
    (lambda v: figures.plot_success_by_delay(v, []), "ax", None),
    (lambda v: figures.plot_success_by_delay(AX, v), "rows", None),
    (lambda v: figures.plot_success_by_delay(AX, [v]), "rows", None),
    (lambda v: figures.plot_flow_by_delay(v, []), "ax", None),
    (lambda v: figures.plot_flow_by_delay(AX, v), "rows", None),
    (lambda v: figures.plot_flow_by_delay(AX, [v]), "rows", None),
]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


def _refused_at_once(call, match):
    start = time.process_time()
    with pytest.raises(ValueError, match=match):
        call()
    assert_fast(start, 0.5)


def test_the_delays_are_limited_in_number_and_in_work():
    _refused_at_once(lambda: evf.initial_flow(_rng(), [4] * (evf.MAX_FLOW_DELAYS + 1), 1), "delays")
    _refused_at_once(
        lambda: evf.initial_flow(_rng(), [999, 999], 2), "MAX_FLOW_WORK"
    )  # 2 * 2 * 1000^3 = 4e9
    _refused_at_once(
        lambda: ev.delay_scan(
            0,
            [2] * (ev.MAX_SCAN_STEPS + 1),
            seeds=1,
            sequences=1,
            learning_rates=RATES,
            run_length=1,
        ),
        "delays",
    )


def test_the_gap_refuses_a_scale_that_is_not_positive_and_too_much_work():
    _refused_at_once(lambda: evg.truncation_gap(_rng(), [4], 1, 1, 0.0), "scale")
    _refused_at_once(lambda: evg.truncation_gap(_rng(), [4], 1, 1, -1.0), "scale")
    _refused_at_once(lambda: evg.truncation_gap(_rng(), [100], 100, 100), "MAX_GAP_WORK")
    _refused_at_once(
        lambda: evg.truncation_gap(_rng(), [4] * (evg.MAX_GAP_DELAYS + 1), 1, 1), "delays"
    )


def test_the_largest_allowed_initial_flow_runs():
    start = time.process_time()
    r = evf.initial_flow(_rng(), [999], 2)  # 2 * 1000^3 = MAX_FLOW_WORK
    assert_fast(start, 2.0)
    assert r.delays == (999,)
    assert r.nets == 2
