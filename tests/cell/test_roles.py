"""The memory cell's evidence, symbolic and figure functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import datetime
import time

import numpy as np
import pytest
from _timing import assert_fast
from matplotlib.figure import Figure

from lstmnotes.cell import MAX_CELL_STEPS, MAX_RECURRENT_CELL_STEPS, figures, symbolic
from lstmnotes.cell import evidence as ev
from lstmnotes.cell import evidence_drift as drift

AX = Figure().add_subplot()


def _rng():
    return np.random.default_rng(0)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (ev.memory_cell_has_no_forget_gate, "rng", None),
    (lambda v: ev.memory_cell_has_no_forget_gate(_rng(), cells=v), "cells", ev.MAX_CELLS),
    (
        lambda v: ev.memory_cell_has_no_forget_gate(_rng(), cells=1, steps=v),
        "steps",
        ev.MAX_CELL_WORK,
    ),
    (
        lambda v: ev.memory_cell_has_no_forget_gate(_rng(), cells=1, steps=1, drift_steps=v),
        "drift_steps",
        MAX_CELL_STEPS,
    ),
    (ev.additive_forgetting, "rng", None),
    (lambda v: ev.additive_forgetting(_rng(), steps=v), "steps", MAX_RECURRENT_CELL_STEPS),
    (lambda v: ev.additive_forgetting(_rng(), gate_bias=v), "gate_bias", None),
    (lambda v: ev.additive_forgetting(_rng(), pulse_weight=v), "pulse_weight", None),
    (lambda v: ev.additive_forgetting(_rng(), recurrent=v), "recurrent", None),
    (lambda v: ev.additive_forgetting(_rng(), cells=v), "cells", ev.MAX_CELLS),
    (drift.input_gate_bias_drift, "rng", None),
    (lambda v: drift.input_gate_bias_drift(_rng(), biases=v), "biases", None),
    (
        lambda v: drift.input_gate_bias_drift(_rng(), biases=(0.0, -1.0), steps=v),
        "steps",
        MAX_CELL_STEPS // 2,
    ),
    (lambda v: drift.input_gate_bias_drift(_rng(), cells=v), "cells", ev.MAX_CELLS),
    (lambda v: drift.entry_factor_drift(drift_steps=v), "drift_steps", None),
    (lambda v: drift.entry_factor_drift(drift_steps=(v,)), "drift_steps", MAX_CELL_STEPS),
    (symbolic.cell_flow_factorisation, "steps", symbolic.MAX_UNROLLED_STEPS),
    (lambda v: figures.plot_cell_versus_units(AX, v, {}), "flows", None),
    (lambda v: figures.plot_cell_versus_units(AX, {"a": v}, {}), "flows", None),
    (lambda v: figures.plot_cell_versus_units(AX, {}, v), "units", None),
    (lambda v: figures.plot_cell_versus_units(AX, {}, {1.0: v}), "units", None),
    (lambda v: figures.plot_gates(AX, v), "run", None),
    (lambda v: figures.plot_gate_flow(AX, v), "flow", None),
]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


def test_the_cells_and_steps_of_the_forget_gate_check_share_one_limit():
    start = time.process_time()
    with pytest.raises(ValueError, match="steps"):
        ev.memory_cell_has_no_forget_gate(_rng(), cells=2, steps=ev.MAX_CELL_WORK // 2 + 1)
    assert_fast(start, 0.5)


def test_too_many_drift_lengths_are_refused():
    with pytest.raises(ValueError, match="drift_steps"):
        drift.entry_factor_drift(drift_steps=(1,) * (drift.MAX_BIASES + 1))


@pytest.mark.parametrize("weight", ["3", b"3", None, 3j, True, datetime.date(2000, 1, 1)])
def test_a_unit_weight_that_is_no_real_number_is_refused(weight):
    with pytest.raises(TypeError, match="units"):
        figures.plot_cell_versus_units(AX, {}, {weight: [1.0]})
