"""The claims of the memory-cell chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.ledger import (
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []


@register(
    "X3",
    statement="The 1997 memory cell has input and output gates around a carousel of fixed self-weight "
    "1.0 and no forget gate.",
    source="Hochreiter & Schmidhuber 1997, §4; Gers, Schmidhuber & Cummins 2000",
    method="that the 1997 architecture has these parts and no forget gate is definitional: it rests on the "
    "paper's §4 equations and on Gers et al. (2000), who added the gate. What the check decides: sympy "
    "differentiates the state equation as the library transcribes and runs it, s(t) = s(t-1) + y_in(t) "
    "g(net_c(t)), with the gate and the cell input as independent symbols: ds(t)/ds(t-1) must be exactly 1 "
    "and what a step adds must not contain s(t-1) (a forget gate y_phi s(t-1) would give y_phi), so the "
    "state can change only additively. Cross-checks on the cells run: the truncated derivative along the "
    "carousel over random cells is one, the largest one-step fall of |s| stays below 2 while |s| reaches "
    "far above 2, and under a constant input the state gains the same amount each step",
    stated=Verdict.HOLDS,
)
def _x3() -> Evidence:
    from lstmnotes.cell.evidence import memory_cell_has_no_forget_gate  # noqa: PLC0415

    r = memory_cell_has_no_forget_gate(np.random.default_rng(3))
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "cells": r.cells,
            "deviation": r.carousel_deviation,
            "full_deviation": r.full_deviation,
            "drift_steps": r.drift_steps,
            "drift_state": r.drift_state,
            "saturated_after": r.saturated_after,
            "saturation": 0.99,
            "largest_drop": r.largest_drop,
            "largest_state": r.largest_state,
            "coefficient": r.coefficient,
            "added": r.added,
        },
    )


@register(
    "X64",
    statement="In the 1997 cell, with cell inputs of one sign and no recurrent weights into the input "
    "gate or the cell input, a more negative input-gate bias leaves a |s(t)| no larger at every step "
    "(strictly smaller once some nonzero cell input has been written), so h'(s) stays no smaller: the "
    "paper's remedy for internal state drift.",
    source="Hochreiter & Schmidhuber 1997, §4 (internal state drift and remedies)",
    method="sympy: |s(t)| = Σ σ(a_τ + b)|g_τ| with a_τ, g_τ independent of b, and each term's derivative "
    "in b is positive where g_τ ≠ 0 (zero where g_τ = 0), so |s(t)| does not decrease with b and increases "
    "strictly once some g_τ ≠ 0; cross-check: an example over 200 steps with biases 0 to −4, and 100 random "
    "cells (half of them with no cell input for their first steps), every pair of biases and every step",
    stated=Verdict.HOLDS,
)
def _x64() -> Evidence:
    from lstmnotes.cell.evidence_drift import input_gate_bias_drift  # noqa: PLC0415
    from lstmnotes.cell.symbolic import bias_drift_symbolic  # noqa: PLC0415

    r = input_gate_bias_drift(np.random.default_rng(64))
    derivative, positive = bias_drift_symbolic()
    example_slows = all(a > b for a, b in zip(r.state_end, r.state_end[1:], strict=False))
    holds = (
        positive
        and r.violations == 0
        and r.not_strict == 0
        and r.worst_margin <= 0
        and example_slows
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Biases {list(r.biases)} over {r.steps} steps of positive input: s(T) = "
        f"{[round(v, 3) for v in r.state_end]}, h'(s(T)) = {[float(f'{v:.3g}') for v in r.slope_end]}, "
        f"error reaching the first cell input {[float(f'{v:.3g}') for v in r.flow_to_start]}. "
        f"{r.cells} random cells: {r.violations} (pair, step) with a larger |s| under the more negative "
        f"bias; largest difference {r.worst_margin:.3g}; {r.not_strict} (pair, step) after a nonzero cell "
        f"input without a strictly smaller |s| ({r.quiet_cells} cells silent at first). sympy: d/db of "
        f"sigma(a + b)|g| is {derivative}, "
        f"positive: {positive}.",
        {
            "derivative": str(derivative),
            "positive": positive,
            "biases": list(r.biases),
            "steps": r.steps,
            "state_end": list(r.state_end),
            "slope_end": list(r.slope_end),
            "flow_to_start": list(r.flow_to_start),
            "cells": r.cells,
            "violations": r.violations,
            "worst_margin": r.worst_margin,
            "not_strict": r.not_strict,
            "quiet_cells": r.quiet_cells,
        },
    )


@register(
    "X65",
    statement="The 1997 cell has no multiplicative reset, but its state is not stuck: each step adds "
    "y_in(t) g(net_c(t)), of either sign, so the cell can lower its state, though only additively "
    "(its own recurrent cell input can drive it back towards zero); with cell inputs of one sign "
    "|s(t)| never decreases.",
    source="Hochreiter & Schmidhuber 1997, §4 (the cell's equations)",
    method="a cell with both gates open, one pulse and a negative recurrent weight into the cell input, "
    "against the same cell without it; 100 random cells whose cell input has one sign at every step "
    "(gates with any weights, recurrent ones included), every step",
    stated=Verdict.HOLDS,
)
def _x65() -> Evidence:
    from lstmnotes.cell.evidence import additive_forgetting  # noqa: PLC0415

    r = additive_forgetting(np.random.default_rng(65))
    size = np.abs(r.states)
    falls = bool(np.all(size[1:] < size[:-1]) and size[-1] <= 1e-6 * size[0])
    kept = bool(np.all(r.kept == r.kept[0]))
    holds = falls and kept and r.violations == 0
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Gates with bias {r.gate_bias:g}, a pulse of weight {r.pulse_weight:g} and r_c = {r.recurrent:g}: "
        f"the state runs {[float(f'{v:.3g}') for v in r.states[:6]]} ... and is {r.states[-1]:.2g} at "
        f"t = {r.states.size}; with r_c = 0 it stays {r.kept[-1]:.4g}. {r.cells} random cells with cell "
        f"inputs of one sign: {r.violations} steps at which |s| fell.",
        {
            "gate_bias": r.gate_bias,
            "pulse_weight": r.pulse_weight,
            "recurrent": r.recurrent,
            "states": r.states[:6].tolist(),
            "steps": int(r.states.size),
            "final": float(r.states[-1]),
            "kept": float(r.kept[-1]),
            "cells": r.cells,
            "violations": r.violations,
        },
    )


@register(
    "X66",
    statement="In the 1997 cell (truncated scheme) an error at the output at T enters the carousel "
    "multiplied by y_out(T) h'(s(T)), at most 1/2 and at most 2 exp(-|s(T)|); the carousel then carries "
    "it with factor exactly one over any lag, but what enters vanishes exponentially as the state drifts.",
    source="Hochreiter & Schmidhuber 1997, §4 (internal state drift)",
    method="sympy: the factorisation of the truncated flow; h'(s) <= 1/2 and h'(s) <= 2 exp(-|s|) as "
    "identities; cross-check on 160,001 states in [-800, 800]; the drift example after 10, 100 and 1000 "
    "steps",
    stated=Verdict.HOLDS,
)
def _x66() -> Evidence:
    from lstmnotes.cell.evidence_drift import entry_factor_drift  # noqa: PLC0415
    from lstmnotes.cell.symbolic import cell_flow_factorisation  # noqa: PLC0415

    factorised = cell_flow_factorisation(4).checked == (0, 1, 2, 3)
    try:
        r = entry_factor_drift()
    except ArithmeticError as error:
        return Evidence(Verdict.FALSE, f"sympy did not find the bounds: {error}")
    below = all(
        v <= 2.0 * np.exp(-abs(s)) for v, s in zip(r.drift_slopes, r.drift_states, strict=True)
    )
    holds = factorised and r.worst_ratio <= 1.0 + 1e-12 and below
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sympy: the truncated flow factorises as y_out(T) h'(s(T)) 1 y_in g' ({factorised}); "
        f"(2e^-s - h'(s)) e^s (1 + e^-s)^2 / 2 = {r.bound_identity} and (1 + e^-s)^2 - 4e^-s = "
        f"{r.half_identity}, both nonnegative. On {r.grid} states h'(s)/min(1/2, 2e^-|s|) <= "
        f"{r.worst_ratio:.6g}. Drift example: s(T) = {list(r.drift_states)} after {list(r.drift_steps)} "
        f"steps, h'(s(T)) = {[float(f'{v:.3g}') for v in r.drift_slopes]}.",
        {
            "grid": r.grid,
            "worst_ratio": r.worst_ratio,
            "drift_steps": list(r.drift_steps),
            "drift_states": list(r.drift_states),
            "drift_slopes": list(r.drift_slopes),
        },
    )
