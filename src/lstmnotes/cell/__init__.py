"""The 1997 memory cell: a constant error carousel behind an input gate and an output gate (the memory-cell chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.cell.figures` and {py:mod}`lstmnotes.cell.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.cell._cell import (
    MAX_CELL_STEPS,
    SCHEMES,
    AdditiveForgetting,
    CellFactorisation,
    CellFlow,
    CellGradients,
    CellRun,
    CellWeights,
    EntryFactor,
    InputGateBiasDrift,
    NoForgetGate,
    additive_forgetting,
    bias_drift_symbolic,
    carousel_update,
    cell_backward,
    cell_error_flow,
    cell_flow_factorisation,
    cell_g,
    cell_g_prime,
    cell_h,
    cell_h_prime,
    entry_factor_drift,
    gated_cell_example,
    input_gate_bias_drift,
    memory_cell_has_no_forget_gate,
    run_cell,
    state_update_symbolic,
    truncation_gap,
)

__all__ = [
    "MAX_CELL_STEPS",
    "SCHEMES",
    "AdditiveForgetting",
    "CellFactorisation",
    "CellFlow",
    "CellGradients",
    "CellRun",
    "CellWeights",
    "EntryFactor",
    "InputGateBiasDrift",
    "NoForgetGate",
    "additive_forgetting",
    "bias_drift_symbolic",
    "carousel_update",
    "cell_backward",
    "cell_error_flow",
    "cell_flow_factorisation",
    "cell_g",
    "cell_g_prime",
    "cell_h",
    "cell_h_prime",
    "entry_factor_drift",
    "gated_cell_example",
    "input_gate_bias_drift",
    "memory_cell_has_no_forget_gate",
    "run_cell",
    "state_update_symbolic",
    "truncation_gap",
]
