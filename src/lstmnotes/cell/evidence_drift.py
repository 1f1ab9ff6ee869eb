"""The checks of internal state drift in the 1997 cell: the input-gate bias remedy and the entry factor.

- {py:func}`input_gate_bias_drift` (X64): a more negative input-gate bias slows the drift of the state, as
  the paper's section 4 proposes;
- {py:func}`entry_factor_drift` (X66): the factor with which an error enters the carousel,
  $y^{\\mathrm{out}}(T)\\, h'(s(T))$, is bounded and vanishes as the state drifts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy
from numpy.typing import NDArray

from lstmnotes._validate import count, finite_array
from lstmnotes.cell._cell import (
    MAX_CELL_STEPS,
    CellRun,
    CellWeights,
    _sigma_prime,
    cell_h_prime,
    run_cell,
)
from lstmnotes.cell._cell_flow import cell_error_flow
from lstmnotes.cell.evidence import MAX_CELLS

__all__ = [
    "MAX_BIASES",
    "EntryFactor",
    "InputGateBiasDrift",
    "entry_factor_drift",
    "input_gate_bias_drift",
]

Array = NDArray[np.float64]

MAX_BIASES = 8
"""The most input-gate biases {py:func}`input_gate_bias_drift` compares, and the most lengths
{py:func}`entry_factor_drift` runs."""


@dataclass(frozen=True)
class InputGateBiasDrift:
    """The paper's remedy for internal state drift, computed: a negative initial bias on the input gate."""

    biases: tuple[float, ...]
    """The input-gate biases of the example, from none to the most negative."""
    steps: int
    """The length of the example's input stream."""
    state_end: tuple[float, ...]
    """$s(T)$ of the example, one per bias."""
    slope_end: tuple[float, ...]
    """$h'(s(T))$ of the example, one per bias: what is left of the error entering the carousel."""
    flow_to_start: tuple[float, ...]
    """$\\partial y^c(T)/\\partial \\mathit{net}_c(1)$ of the example (truncated scheme), one per bias."""
    cells: int
    """How many random cells the search tried, each with every pair of biases."""
    violations: int
    """Pairs (cell, two biases, step) where the more negative bias left the larger $|s(t)|$."""
    worst_margin: float
    """The largest $|s_{b'}(t)| - |s_b(t)|$ over $b' < b$ found: at most zero when the remedy works."""
    not_strict: int
    """Pairs (cell, two biases, step) after the first nonzero cell input where the more negative bias did not
    leave a strictly smaller $|s(t)|$ (before it, every bias leaves $s = 0$)."""
    quiet_cells: int
    """How many of the random cells got a cell input of exactly zero for their first few steps."""


def _bias_drift_run(weights: CellWeights, x: Array, bias: float) -> CellRun:
    shifted = CellWeights(
        weights.w_in + bias * (np.arange(weights.inputs) == weights.inputs - 1),
        weights.w_out,
        weights.w_c,
        weights.r_in,
        weights.r_out,
        weights.r_c,
    )
    return run_cell(shifted, x)


def input_gate_bias_drift(
    rng: np.random.Generator,
    *,
    biases: tuple[float, ...] = (0.0, -1.0, -2.0, -3.0, -4.0),
    steps: int = 200,
    cells: int = 100,
) -> InputGateBiasDrift:
    """Does a negative input-gate bias slow the drift of the state, as the paper's section 4 says?

    The paper: when a cell's inputs are mostly of one sign its state drifts, $h'(s)$ becomes small and the
    gradient vanishes; the remedy is to bias the input gate towards zero at first. Here the cell input is
    of one sign at every step ($g(\\mathit{net}_c(t))$ all positive or all negative) and nothing feeds back
    into the input gate or the cell input ($r_{\\mathrm{in}} = r_c = 0$; the output gate may have any weights).
    The last input column is a constant one, so its input-gate weight is the bias.

    - The example: inputs $(u(t), 1)$ with $u(t)$ uniform on $[0, 1]$, cell input $1.5\\,u(t)$, output gate
      $\\sigma(0)$; for each bias it reports $s(T)$, $h'(s(T))$ and the error reaching the cell input at the
      first step from the output at the last.
    - The search: ``cells`` random cells (weights normal, inputs uniform on $[0, 1]$, cell-input weights of
      one random sign, random recurrent output-gate weight; every other cell gets no cell input at all for
      its first few steps), every pair of biases, every step: a more negative bias should never leave a
      larger $|s(t)|$, and a strictly smaller one once some nonzero cell input has been written.

    :param rng: random generator for the example's signal and the random cells.
    :param biases: the biases to compare, two to {py:data}`MAX_BIASES`, distinct.
    :param steps: the stream length $T$, 2 to {py:data}`lstmnotes.cell.MAX_CELL_STEPS` divided by the
        number of biases (the example runs each bias over the whole stream).
    :param cells: how many random cells to search, 1 to {py:data}`lstmnotes.cell.evidence.MAX_CELLS`.
    :return: the example and the search's worst case.
    :raises ValueError: for out-of-range sizes or fewer than two distinct biases.
    :raises TypeError: for counts that are not integers, biases that are not real numbers, or an ``rng``
        that is not a numpy Generator.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy random Generator, got {type(rng).__name__}")
    values = finite_array(biases, "biases", ndim=1)
    if not 2 <= values.size <= MAX_BIASES or np.unique(values).size != values.size:
        raise ValueError(
            f"biases must hold 2 to MAX_BIASES = {MAX_BIASES} distinct values, got {values.tolist()}"
        )
    steps = count(steps, "steps", minimum=2, maximum=MAX_CELL_STEPS // values.size)
    cells = count(cells, "cells", minimum=1, maximum=MAX_CELLS)
    order = tuple(sorted(values.tolist(), reverse=True))
    x = np.column_stack([rng.uniform(size=steps), np.ones(steps)])
    example = CellWeights([0.0, 0.0], [0.0, 0.0], [1.5, 0.0])
    runs = [_bias_drift_run(example, x, b) for b in order]
    flows = []
    for b in order:
        bias_weights = CellWeights([0.0, b], [0.0, 0.0], [1.5, 0.0])
        flows.append(float(cell_error_flow(bias_weights, x).to_cell_input[-1]))
    violations, worst, not_strict, quiet = 0, -np.inf, 0, 0
    for index in range(cells):
        sign = rng.choice([-1.0, 1.0])
        cell_input = sign * np.abs(rng.normal(size=3))
        inputs = np.column_stack([rng.uniform(size=(50, 2)), np.ones(50)])
        if index % 2:  # no cell input at first: net_c = 0, g = 0, for a few steps
            cell_input[-1] = 0.0
            inputs[: int(rng.integers(1, 6)), :2] = 0.0
            quiet += 1
        weights = CellWeights(
            rng.normal(size=3), rng.normal(size=3), cell_input, 0.0, float(rng.normal()), 0.0
        )
        runs_b = [_bias_drift_run(weights, inputs, b) for b in order]
        states = [np.abs(r.state) for r in runs_b]
        # some nonzero cell input so far (g does not depend on the bias)
        written = np.cumsum(runs_b[0].g != 0) > 0
        for i in range(len(order)):
            for j in range(i + 1, len(order)):  # order[j] < order[i]
                margin = states[j] - states[i]
                violations += int(np.sum(margin > 0))
                not_strict += int(np.sum(margin[written] >= 0))
                worst = max(worst, float(np.max(margin)))
    return InputGateBiasDrift(
        biases=order,
        steps=steps,
        state_end=tuple(float(r.state[-1]) for r in runs),
        slope_end=tuple(float(2.0 * _sigma_prime(r.state[-1:])[0]) for r in runs),
        flow_to_start=tuple(flows),
        cells=cells,
        violations=violations,
        worst_margin=worst,
        not_strict=not_strict,
        quiet_cells=quiet,
    )


@dataclass(frozen=True)
class EntryFactor:
    """The factor $y^{\\mathrm{out}}(T)\\, h'(s(T))$ with which an error enters the carousel, and its bounds."""

    bound_identity: sympy.Basic
    """$(2e^{-s} - h'(s))\\, e^{s}(1 + e^{-s})^2/2$ for $s \\ge 0$, expanded by sympy: a sum of positive
    terms, so $h'(s) \\le 2e^{-|s|}$ ($h'$ is even)."""
    half_identity: sympy.Basic
    """$(1 + e^{-s})^2 - 4e^{-s}$, which sympy writes as a square: so $h'(s) \\le 1/2$."""
    grid: int
    """How many states $s$ the numerical cross-check tried."""
    worst_ratio: float
    """The largest $h'(s)/\\min(1/2, 2e^{-|s|})$ on the grid: at most one."""
    drift_steps: tuple[int, ...]
    """Lengths of the drift example (constant input, state $t/2$)."""
    drift_states: tuple[float, ...]
    """$s(T)$ of the drift example, one per length."""
    drift_slopes: tuple[float, ...]
    """$h'(s(T))$, one per length."""


def entry_factor_drift(*, drift_steps: tuple[int, ...] = (10, 100, 1000)) -> EntryFactor:
    """Bound the factor with which an error at the cell's output enters the carousel, and show it vanish.

    In the truncated scheme an error at the output at $T$ reaches the state as $y^{\\mathrm{out}}(T)\\,
    h'(s(T))$ times the error, and the carousel then carries it back with factor one. sympy proves
    $h'(s) \\le 1/2$ and $h'(s) \\le 2e^{-|s|}$; a grid of states cross-checks the library's $h'$ against
    both; and the drift example of {py:func}`lstmnotes.cell.evidence.memory_cell_has_no_forget_gate` (input
    gate half open, cell
    input one, state $t/2$) gives $h'(s(T))$ after each of ``drift_steps``.

    :param drift_steps: the lengths of the drift example, one to {py:data}`MAX_BIASES` of them, each 1 to
        {py:data}`lstmnotes.cell.MAX_CELL_STEPS`.
    :return: the identities, the grid's worst ratio and the example.
    :raises ValueError: for a length out of range.
    :raises TypeError: for lengths that are not integers.
    :raises ArithmeticError: if sympy does not find the stated forms.

    ```pycon
    >>> e = entry_factor_drift(drift_steps=(10,))
    >>> e.worst_ratio <= 1.0, e.drift_states
    (True, (5.0,))

    ```
    """
    given: object = drift_steps
    if not isinstance(given, tuple | list):
        raise TypeError(f"drift_steps must be a tuple of integers, got {type(given).__name__}")
    if not 1 <= len(drift_steps) <= MAX_BIASES:
        raise ValueError(f"drift_steps must hold 1 to {MAX_BIASES} lengths, got {len(drift_steps)}")
    drift_steps = tuple(
        count(t, "drift_steps", minimum=1, maximum=MAX_CELL_STEPS) for t in drift_steps
    )
    s = sympy.Symbol("s", nonnegative=True)
    e = sympy.exp(-s)
    slope = 2 * e / (1 + e) ** 2  # h'(s) = 2 sigma'(s)
    bound = sympy.expand(sympy.simplify((2 * e - slope) * sympy.exp(s) * (1 + e) ** 2 / 2))
    half = sympy.factor((1 + e) ** 2 - 4 * e)
    if not bound.is_nonnegative or sympy.simplify(half - (1 - e) ** 2) != 0:
        raise ArithmeticError(f"unexpected forms: {bound}, {half}")
    grid = np.linspace(-800.0, 800.0, 160_001)
    ceiling = np.minimum(0.5, 2.0 * np.exp(-np.abs(grid)))
    with np.errstate(under="ignore"):
        values = cell_h_prime(grid)
    keep = ceiling > 0
    ratio = float(np.max(values[keep] / ceiling[keep]))
    drift = CellWeights([0.0], [0.0], [float(np.log(3.0))])  # g(log 3) = 1, input gate 1/2
    runs = [run_cell(drift, np.ones((t, 1))).state[-1] for t in drift_steps]
    return EntryFactor(
        bound_identity=bound,
        half_identity=half,
        grid=int(grid.size),
        worst_ratio=ratio,
        drift_steps=tuple(int(t) for t in drift_steps),
        drift_states=tuple(float(v) for v in runs),
        drift_slopes=tuple(float(cell_h_prime([v])[0]) for v in runs),
    )
