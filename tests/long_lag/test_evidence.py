"""The delay scan: deterministic, rows independent of each other, limits refused."""

from __future__ import annotations

import pickle
from dataclasses import replace

import mpmath
import numpy as np
import pytest

from lstmnotes.long_lag import bptt_flow, cell_net_flow, evidence, train_task_2a
from lstmnotes.long_lag import evidence_flow as flow

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
    r = flow.initial_flow(np.random.default_rng(0), [4, 30], 5)
    # p - 1 steps back, every factor |r| sigma' at most 0.2 / 4
    bound = (np.array([4, 30]) - 1) * np.log10(0.05)
    np.testing.assert_allclose(r.bptt_bound, bound, rtol=1e-14)
    assert np.all(r.bptt_largest < bound)
    np.testing.assert_allclose(r.bptt_edge, bound, rtol=1e-12)
    # the cell's flow is y_in(0) g'(net_c(0)) whatever the delay, with y_in in (0.45, 0.55) and g' in
    # (0.24, 0.25] for weights in [-0.2, 0.2]
    assert np.all(r.cell_smallest > np.log10(0.45 * 0.24))
    assert np.all(r.cell_largest < np.log10(0.55 * 0.25))
    with pytest.raises(ValueError, match="at least one"):
        flow.initial_flow(np.random.default_rng(0), [], 5)
    with pytest.raises(TypeError, match="nets"):
        flow.initial_flow(np.random.default_rng(0), [4], 5.0)


def test_the_bounds_from_the_starting_range():
    # the logistic's slope is at most 1/4 (at zero), the self-weight at most 0.2: 0.05 per step back
    assert flow.bptt_flow_bound(10) == pytest.approx(9 * np.log10(0.05), rel=1e-14)
    low, high = flow.cell_flow_range()
    s = 1.0 / (1.0 + np.exp(-0.2))  # sigma(0.2); sigma(-0.2) = 1 - s; sigma'(0.2) = s (1 - s)
    assert low == pytest.approx(np.log10((1.0 - s) * s * (1.0 - s)), rel=1e-14)
    assert high == pytest.approx(np.log10(s / 4.0), rel=1e-14)


@pytest.mark.parametrize("p", [2, 7, 100])
def test_edge_nets_lie_in_the_starting_range_and_reach_the_bounds(p):
    bptt, cell = flow.edge_bptt_nets(p), flow.edge_cell_nets(p)
    for w in (bptt.hidden_in, bptt.self_weight, cell.gate_in, cell.cell_in):
        assert np.all(np.abs(w) <= 0.2)
    first_x = np.concatenate([[p - 1], np.arange(p - 1), [p - 1]])[None, :]
    b = bptt_flow(bptt, np.tile(first_x, (4, 1)))
    # the first two nets keep every net input at zero: every slope 1/4, every factor 0.05 exactly
    np.testing.assert_allclose(b[:2], (p - 1) * np.log10(0.05), rtol=1e-12)
    # with every input weight zero the net input is zero at the first step only (equal for p = 2)
    assert np.all(b[2:] <= (p - 1) * np.log10(0.05) + 1e-12)
    assert p == 2 or np.all(b[2:] < (p - 1) * np.log10(0.05))
    c = cell_net_flow(cell, np.tile(first_x, (6, 1)))
    low, high = flow.cell_flow_range()
    assert c.min() == pytest.approx(low, rel=1e-14)
    assert c.max() == pytest.approx(high, rel=1e-14)


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
    held = evidence.worst_output(replace(out, cell_added_at=np.array([-1])))
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


def test_worst_output_keeps_the_slope_and_net_input_of_an_output_rounded_to_one():
    # every output weight from the cell 100: an output whose target is 0 has y = 1 to float64, its slope
    # y (1 - y) was 0 and its net input, read back as the logit of y, +inf; both now come from the net
    # input (100 times the state plus an input weight)
    p = 4
    out = train_task_2a(np.random.default_rng(0), "cell", p, seeds=1, sequences=1, learning_rate=1.0,
                        run_length=1)  # fmt: skip
    out.net.output[:, :, -1] = 100.0
    worst = evidence.worst_output(replace(out, cell_added_at=np.array([50])))
    assert 37 < worst.net_input[0] < 745  # finite
    with mpmath.workprec(200):
        e = mpmath.exp(-mpmath.mpf(worst.net_input[0]))  # sigma'(net) = e^-net (1 + e^-net)^-2
        exact = float(e / (1 + e) ** 2)
    assert worst.slope[0] == pytest.approx(exact, rel=1e-14, abs=0)
    assert worst.error[0] == 1.0  # y - 0 with y = 1 to float64
