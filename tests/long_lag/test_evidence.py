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
