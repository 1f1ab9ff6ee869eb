"""The 1997 memory cell: a constant error carousel behind an input gate and an output gate (the memory-cell chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.cell.symbolic`, {py:mod}`lstmnotes.cell.evidence`, {py:mod}`lstmnotes.cell.evidence_drift`,
{py:mod}`lstmnotes.cell.figures` and {py:mod}`lstmnotes.cell.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.cell._backward import (
    MAX_BACKWARD_WORK,
    SCHEMES,
    CellGradients,
    cell_backward,
)
from lstmnotes.cell._cell import (
    MAX_CELL_STEPS,
    MAX_CELL_VALUES,
    MAX_RECURRENT_CELL_STEPS,
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
from lstmnotes.cell._cell_flow import CellFlow, cell_error_flow, truncation_gap
from lstmnotes.domain import Domain

__all__ = [
    "DOMAIN",
    "MAX_BACKWARD_WORK",
    "MAX_CELL_STEPS",
    "MAX_CELL_VALUES",
    "MAX_RECURRENT_CELL_STEPS",
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

_REAL = (
    "finite real float64 (ints fine; str, bytes, None, bool, complex, dates refused with TypeError)"
)
_SQUASH = (
    "within 3 ulps of the exact value (tanh form, exact scaling near zero; subnormals included)"
)
_RUN_LIMITS = (
    f"T <= MAX_CELL_STEPS = {MAX_CELL_STEPS}, or MAX_RECURRENT_CELL_STEPS = {MAX_RECURRENT_CELL_STEPS} "
    f"with a nonzero recurrent weight; T d <= MAX_CELL_VALUES = {MAX_CELL_VALUES}"
)
_BACKWARD_LIMITS = (
    _RUN_LIMITS
    + f", and T (d + 2) <= MAX_BACKWARD_WORK = {MAX_BACKWARD_WORK}; time linear in T (d + 2), "
    "about a second of CPU time at the limits"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        cell_g, inputs=f"x: {_REAL}, any shape", accuracy=_SQUASH, limits="elementwise, any size"
    ),
    Domain(
        cell_h, inputs=f"x: {_REAL}, any shape", accuracy=_SQUASH, limits="elementwise, any size"
    ),
    Domain(
        cell_g_prime,
        inputs=f"x: {_REAL}, any shape",
        accuracy="within 8 ulps where the result is normal (|x| < 705); absolute error below 2^-1071 "
        "in the subnormal tail",
        limits="elementwise, any size",
    ),
    Domain(
        cell_h_prime,
        inputs=f"x: {_REAL}, any shape",
        accuracy="within 8 ulps where the result is normal (|x| < 705); absolute error below 2^-1071 "
        "in the subnormal tail",
        limits="elementwise, any size",
    ),
    Domain(
        carousel_update,
        inputs="floats or sympy expressions",
        accuracy="one float64 multiplication and addition (IEEE)",
        limits="scalar",
    ),
    Domain(
        run_cell,
        inputs=f"weights: CellWeights of {_REAL}; inputs (T, d): {_REAL}",
        accuracy="net inputs: the products x_i w_i, and r y(t - 1) with the recorded y(t - 1) where a "
        "recurrent weight is nonzero, each rounded once and scaled by exact powers of two, then summed in "
        "float64: error at most (n + 1) 2^-53 S + 2^-1074, with n the number of terms (d, or d + 1 with a "
        "recurrent weight) and S the sum of their absolute values; a net input whose computed value lies "
        "beyond float64 (about 1.8e308) is recorded as +-inf. Gates: lstmnotes.activations.logistic of the "
        "recorded net input, bit for bit, so within the accuracy stated for it: relative error below 8 ulps "
        "(2^-50) where the gate is at least 2^-1022, absolute error below 4 · 2^-1074 below that (the "
        "subnormal gates, net inputs from about -745 to -708); a net input of +inf or -inf gives a gate of "
        "exactly 1 or 0. g, h as cell_g, cell_h",
        limits=_RUN_LIMITS + "; time linear in T d, about a second of CPU time at the limits",
    ),
    Domain(
        cell_backward,
        inputs=f"weights, run from run_cell; output_error, state_error: {_REAL}, one per step",
        accuracy="back-propagation in the order of the recursion on mantissas and exact powers of two (slopes, "
        "gates and products below the subnormals or beyond 1.8e308 kept exactly scaled), each result rounded "
        "to float64 once: error at most 16 (T + d + 4 + max |net|) 2^-53 times the sum of the absolute "
        "terms plus T 2^-1067, wherever run_cell's products (x_i w_i, r y, y_in g, y_out h), net inputs "
        "and states are exact zeros or normal floats (at least 2^-1022 in magnitude) and no net input or "
        "state cancels (each at least half the sum of the absolute values of its terms); not bounded where the "
        "forward pass rounded one of them into the subnormals or to zero, nor where a sum cancels: the "
        "backward pass inherits the forward pass's rounding, which a cancelling sum magnifies (the state "
        "tanh(4) - tanh(4.5) keeps the absolute rounding of its two terms, near one, at a size near 4e-4)",
        limits=f"T (d + 2) <= MAX_BACKWARD_WORK = {MAX_BACKWARD_WORK}; refused where a returned error "
        "signal or gradient exceeds 1.8e308; time linear in T (d + 2), about half a second of CPU time at the "
        f"limits (at most MAX_RECURRENT_CELL_STEPS = {MAX_RECURRENT_CELL_STEPS} steps with a nonzero "
        "recurrent weight, as run_cell)",
    ),
    Domain(
        cell_error_flow,
        inputs="as run_cell",
        accuracy="as cell_backward; the truncated carousel flow is exactly one",
        limits=_BACKWARD_LIMITS,
    ),
    Domain(
        truncation_gap,
        inputs=f"as run_cell; output_error: {_REAL}, one per step",
        accuracy="as cell_backward",
        limits=_BACKWARD_LIMITS + "; a zero full gradient is refused",
    ),
    Domain(
        gated_cell_example,
        inputs=f"rng: numpy Generator; steps, write_at: integers; gate_gain >= 2^-1021, recurrent: {_REAL}",
        accuracy="exact construction",
        limits=f"2 <= steps <= MAX_CELL_STEPS = {MAX_CELL_STEPS} (MAX_RECURRENT_CELL_STEPS = "
        f"{MAX_RECURRENT_CELL_STEPS} with recurrent != 0); 1 <= write_at < steps",
    ),
)
"""The domain of each public function of the part: what it accepts, how accurately, up to which sizes."""
