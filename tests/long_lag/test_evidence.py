"""The delay scan: deterministic, rows independent of each other, limits refused."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest

from lstmnotes.long_lag import evidence, train_task_2a

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


def test_worst_output_finds_a_saturated_output_and_its_slope():
    # one cell net at p = 4, cell added, every output weight from the cell -40: every output is near 0
    # once the state is positive, so the unit whose target is 1 at the last step errs by almost 1
    p = 4
    out = train_task_2a(np.random.default_rng(0), "cell", p, seeds=1, sequences=1, learning_rate=1.0,
                        run_length=1)  # fmt: skip
    net = out.net
    net.output[:, :, -1] = -40.0
    saturated = replace(out, cell_added_at=np.array([50]))
    worst = evidence.worst_output(saturated)
    assert worst.error[0] > 0.999
    assert worst.slope[0] < 1e-5
    assert worst.net_input[0] < -10
    # held out (never added), the cell's weights are not seen: the outputs are those of the input weights
    held = evidence.worst_output(replace(out, cell_added_at=np.array([0])))
    assert held.slope[0] > 0.05


def test_worst_output_refuses_what_is_not_a_training():
    with pytest.raises(TypeError, match="training"):
        evidence.worst_output("cell")


def test_training_records_the_drift_and_the_first_update_with_the_cell():
    out = train_task_2a(np.random.default_rng(2), "cell", 20, seeds=3, sequences=1500,
                        learning_rate=1.0, run_length=20)  # fmt: skip
    added = out.cell_added_at > 0
    assert added.all()
    # the input gate and the cell input get no error while the cell is held out, so they keep their
    # starting weights in [-0.2, 0.2]: every step adds sigma(v) sigma(c) in (0.2, 0.3) to the state
    assert np.all((out.state_at_added > 0.2 * 20) & (out.state_at_added < 0.3 * 20))
    assert np.all(out.first_jump > 0)
    bptt = train_task_2a(np.random.default_rng(2), "bptt", 4, seeds=2, sequences=5,
                         learning_rate=1.0, run_length=1)  # fmt: skip
    assert np.all(bptt.state_at_added == -1.0)
    assert np.all(bptt.first_jump == -1.0)
