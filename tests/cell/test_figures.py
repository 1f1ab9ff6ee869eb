"""The memory cell figures, inspected through what the plotting functions return."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.carousel import self_unit_flows
from lstmnotes.cell import CellWeights, cell_error_flow, gated_cell_example, run_cell
from lstmnotes.cell import figures as cp


def test_cell_versus_units(ax):
    weights, x = gated_cell_example(np.random.default_rng(0), steps=30)
    flow = cell_error_flow(weights, x)
    units = self_unit_flows([1.0, 4.0], x[:, 0])
    drawn = cp.plot_cell_versus_units(ax, {"cell": flow}, units)
    assert set(drawn) == {"cell", "lone logistic unit, $w = 1$", "lone logistic unit, $w = 4$"}
    _, values = drawn["cell"].get_data()
    np.testing.assert_allclose(values, np.abs(flow.to_cell_input))
    assert ax.get_yscale() == "log"


def test_gates_and_gate_flow(ax):
    weights, x = gated_cell_example(np.random.default_rng(0), steps=12, write_at=4)
    run = run_cell(weights, x)
    drawn = cp.plot_gates(ax, run)
    t, gate = drawn["input_gate"].get_data()
    assert t[np.argmax(gate)] == 4
    flow = cell_error_flow(weights, x)
    drawn = cp.plot_gate_flow(ax, flow)
    t, values = drawn["flow"].get_data()
    assert t[np.argmax(values)] == 4  # the error leaves the cell where the input gate was open
    _, dots = drawn["factors"].get_data()
    np.testing.assert_allclose(dots, values, rtol=1e-12)


def test_empty_mappings_refused(ax):
    with pytest.raises(ValueError, match="flows and units must hold"):
        cp.plot_cell_versus_units(ax, {}, {})


def test_gates_of_a_constant_cell(ax):
    run = run_cell(CellWeights([0.0], [0.0], [0.0]), np.ones((3, 1)))
    drawn = cp.plot_gates(ax, run)
    assert list(drawn["output_gate"].get_data()[1]) == [0.5, 0.5, 0.5]
