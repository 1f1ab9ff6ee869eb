"""The long-lag figures, inspected through what the plotting functions return."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.long_lag import evidence
from lstmnotes.long_lag import figures as lf


@pytest.fixture(scope="module")
def rows():
    # a small scan of both learners at two delays
    return evidence.delay_scan(
        5, [4, 6], seeds=3, sequences=1000, learning_rates={"bptt": 1.0, "cell": 1.0}, run_length=5
    )


def test_success_by_delay_draws_each_learners_percentage(ax, rows):
    drawn = lf.plot_success_by_delay(ax, rows)
    assert set(drawn) == {"bptt", "cell"}
    for learner, line in drawn.items():
        own = [r for r in rows if r.learner == learner]
        assert list(line.get_data()[0]) == [r.p for r in own]
        # the percentage from the trained nets themselves, not from the row's summary
        assert list(line.get_data()[1]) == [
            100.0 * int(r.training.solved.sum()) / r.training.solved_at.shape[0] for r in own
        ]
    assert ax.get_xscale() == "log"


def test_flow_by_delay_draws_start_and_end_medians(ax, rows):
    drawn = lf.plot_flow_by_delay(ax, rows)
    assert set(drawn) == {"bptt start", "bptt end", "cell start", "cell end"}
    for row in rows:
        start = drawn[f"{row.learner} start"].get_data()
        end = drawn[f"{row.learner} end"].get_data()
        i = list(start[0]).index(row.p)
        assert start[1][i] == np.median(row.training.flow_start)
        assert end[1][i] == np.median(row.training.flow_end)
    # BPTT's flow at the start is below the cell's at every delay (products of slopes times |r| <= 0.2)
    assert np.all(drawn["bptt start"].get_data()[1] < drawn["cell start"].get_data()[1])


def test_rows_are_sorted_by_delay_whatever_their_order(ax, rows):
    drawn = lf.plot_success_by_delay(ax, list(reversed(rows)))
    assert list(drawn["cell"].get_data()[0]) == [4, 6]


def test_figures_refuse(ax):
    with pytest.raises(ValueError, match="at least one"):
        lf.plot_success_by_delay(ax, [])
    with pytest.raises(TypeError, match="DelayRow"):
        lf.plot_flow_by_delay(ax, ["cell"])
