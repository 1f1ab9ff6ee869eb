"""The delay scan: deterministic, rows independent of each other, limits refused."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lstmnotes.long_lag import evidence

RATES = {"bptt": 1.0, "cell": 10.0}


def _scan(delays):
    return evidence.delay_scan(3, delays, seeds=2, sequences=60, learning_rates=RATES, run_length=5)


def test_scan_is_deterministic_to_the_byte():
    a, b = _scan([4, 6]), _scan([4, 6])
    assert pickle.dumps([(r.successes, r.flow_start, r.flow_end) for r in a]) == pickle.dumps(
        [(r.successes, r.flow_start, r.flow_end) for r in b]
    )
    np.testing.assert_array_equal(a[-1].training.last_error, b[-1].training.last_error)


def test_a_row_does_not_depend_on_the_other_delays():
    alone = {(r.learner, r.p): r for r in _scan([6])}
    together = {(r.learner, r.p): r for r in _scan([4, 6])}
    for key, row in alone.items():
        np.testing.assert_array_equal(row.training.flow_end, together[key].training.flow_end)


def test_rows_summarise_their_training():
    for row in _scan([4]):
        assert row.successes == int(row.training.solved.sum())
        assert row.flow_start == float(np.median(row.training.flow_start))
        if row.successes == 0:
            assert row.median_to_success == -1.0


def test_scan_refuses():
    with pytest.raises(ValueError, match="MAX_SCAN_STEPS"):
        evidence.delay_scan(0, [1000], seeds=1, sequences=2001, learning_rates=RATES, run_length=1)
    with pytest.raises(ValueError, match="learning_rates"):
        evidence.delay_scan(
            0, [4], seeds=1, sequences=5, learning_rates={"cell": 1.0}, run_length=1
        )
    with pytest.raises(ValueError, match="at least one"):
        evidence.delay_scan(0, [], seeds=1, sequences=5, learning_rates=RATES, run_length=1)
    with pytest.raises(TypeError, match="delays"):
        evidence.delay_scan(0, [4.0], seeds=1, sequences=5, learning_rates=RATES, run_length=1)


def test_chapter_scan_is_computed_once_per_process():
    evidence.chapter_scan.cache_clear()
    first = evidence.chapter_scan()
    assert evidence.chapter_scan() is first
    assert [(r.learner, r.p) for r in first] == [
        (learner, p) for learner in ("bptt", "cell") for p in evidence.CHAPTER_DELAYS
    ]
    assert all(r.trials == evidence.CHAPTER_SEEDS for r in first)


def test_initial_flow_bounds_and_refusals():
    r = evidence.initial_flow(np.random.default_rng(0), [4, 30], 5)
    # every BPTT factor is at most |r| sigma' <= 0.2 / 4 after a first sigma' <= 1/4
    bound = np.log10(0.25) + (np.array([4, 30]) - 1) * np.log10(0.05)
    assert np.all(r.bptt_largest <= bound)
    # the cell's flow is y_in(0) g'(net_c(0)) whatever the delay, with y_in in (0.45, 0.55) and g' in
    # (0.24, 0.25] for weights in [-0.2, 0.2]
    assert np.all(r.cell_smallest > np.log10(0.45 * 0.24))
    assert np.all(r.cell_largest < np.log10(0.55 * 0.25))
    with pytest.raises(ValueError, match="at least one"):
        evidence.initial_flow(np.random.default_rng(0), [], 5)
    with pytest.raises(TypeError, match="nets"):
        evidence.initial_flow(np.random.default_rng(0), [4], 5.0)
