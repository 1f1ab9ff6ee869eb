"""The 1997 memory cell: a constant error carousel behind an input gate and an output gate (the memory-cell chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.cell.symbolic`, {py:mod}`lstmnotes.cell.evidence`, {py:mod}`lstmnotes.cell.evidence_drift`,
{py:mod}`lstmnotes.cell.figures` and {py:mod}`lstmnotes.cell.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.cell._backward import (
    SCHEMES,
    CellFlow,
    CellGradients,
    cell_backward,
    cell_error_flow,
    truncation_gap,
)
from lstmnotes.cell._cell import (
    MAX_CELL_STEPS,
    CellRun,
    CellWeights,
    carousel_update,
    cell_g,
    cell_g_prime,
    cell_h,
    cell_h_prime,
    gated_cell_example,
    run_cell,
)

__all__ = [
    "MAX_CELL_STEPS",
    "SCHEMES",
    "CellFlow",
    "CellGradients",
    "CellRun",
    "CellWeights",
    "carousel_update",
    "cell_backward",
    "cell_error_flow",
    "cell_g",
    "cell_g_prime",
    "cell_h",
    "cell_h_prime",
    "gated_cell_example",
    "run_cell",
    "truncation_gap",
]
