"""The checks of internal state drift in the 1997 cell: the input-gate bias and the entry factor (X64, X66)."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import cell
from lstmnotes.cell import evidence_drift


def test_input_gate_bias_slows_the_drift():
    judged = evidence_drift.input_gate_bias_drift(np.random.default_rng(0), cells=5, steps=50)
    assert judged.violations == 0
    assert list(judged.state_end) == sorted(judged.state_end, reverse=True)
    assert list(judged.slope_end) == sorted(judged.slope_end)


def test_entry_factor_drift_and_the_flow_split():
    e = evidence_drift.entry_factor_drift(drift_steps=(4, 40))
    assert e.worst_ratio <= 1.0 + 1e-12
    assert e.drift_states == pytest.approx((2.0, 20.0))
    assert e.drift_slopes[1] < 2 * np.exp(-20.0)
    weights, x = cell.gated_cell_example(np.random.default_rng(1), steps=12, write_at=3)
    flow = cell.cell_error_flow(weights, x)
    assert flow.leaving == pytest.approx(flow.output_gate * flow.h_slope)
    assert flow.h_slope <= 0.5
