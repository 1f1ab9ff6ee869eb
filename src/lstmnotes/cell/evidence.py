"""The checks of the 1997 cell's state without a forget gate: it changes only additively (claims X3, X65).

- {py:func}`memory_cell_has_no_forget_gate` (X3): the state equation's coefficient of $s_c(t-1)$ is one,
  the carousel's truncated flow is exactly one, and nothing resets the state;
- {py:func}`additive_forgetting` (X65): the cell lowers its state only by writing the opposite sign.

The drift of the state and the remedy the paper proposes are checked in {py:mod}`lstmnotes.cell.evidence_drift`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, finite_scalar
from lstmnotes.cell import _scaled as sc
from lstmnotes.cell._backward import SCHEMES, _factors, error_signals
from lstmnotes.cell._cell import (
    MAX_CELL_STEPS,
    MAX_RECURRENT_CELL_STEPS,
    CellWeights,
    run_cell,
)
from lstmnotes.cell.symbolic import state_update_symbolic

__all__ = [
    "INJECTIONS",
    "MAX_CELLS",
    "MAX_CELL_WORK",
    "AdditiveForgetting",
    "NoForgetGate",
    "additive_forgetting",
    "memory_cell_has_no_forget_gate",
]

Array = NDArray[np.float64]

INJECTIONS = 64
"""{py:func}`memory_cell_has_no_forget_gate` injects an error at every step of a random cell's sequence up to
this many steps, and at this many evenly spaced steps (the first and the last among them) of a longer one:
its cost stays linear in the length."""

MAX_CELLS = 250
"""The most random cells {py:func}`memory_cell_has_no_forget_gate` and {py:func}`additive_forgetting`
search (each cell costs a few milliseconds)."""

MAX_CELL_WORK = 1_500
"""The largest ``cells * steps`` {py:func}`memory_cell_has_no_forget_gate` accepts (about a second)."""


def _generator(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy random Generator, got {type(rng).__name__}")
    return rng


@dataclass(frozen=True)
class NoForgetGate:
    """The claim that the 1997 cell has no forget gate, with computed consequences."""

    claim: str
    verdict: str
    summary: str
    cells: int
    """How many random cells were checked."""
    carousel_deviation: float
    """$\\max_{t,q} |\\partial s(t)/\\partial s(t-q) - 1|$ in the truncated scheme, over random cells."""
    full_deviation: float
    """The same in the full scheme, where paths through the recurrent gate weights add to the one."""
    drift_steps: int
    """How long a constant input was applied."""
    drift_state: float
    """The state after ``drift_steps`` steps of constant input: it grows linearly, never reset."""
    saturated_after: int
    """The first step at which $|h(s(t))| > 0.99$ under that input: the output is stuck from then on."""
    largest_drop: float
    """The largest one-step decrease of $|s|$ over a second set of random cells (larger weights, longer runs):
    below 2, since a step changes the state only by $y^{\\mathrm{in}} g \\in (-2, 2)$."""
    largest_state: float
    """The largest $|s(t)|$ those cells reached: well above 2, where a multiplicative reset would show."""
    coefficient: str
    """sympy: $\\partial s_c(t)/\\partial s_c(t-1)$ of the state equation, with the gate and the cell input as
    independent symbols ({py:func}`lstmnotes.cell.symbolic.state_update_symbolic`): ``"1"``."""
    added: str
    """sympy: $\\partial (s_c(t) - s_c(t-1))/\\partial s_c(t-1)$: ``"0"``, nothing added carries the old state."""


def memory_cell_has_no_forget_gate(
    rng: np.random.Generator, *, cells: int = 20, steps: int = 50, drift_steps: int = 1000
) -> NoForgetGate:
    """Judge "the 1997 memory cell has no forget gate" with what follows from it.

    The cell implemented here follows the 1997 equations: the carousel's self-weight is the constant 1.0, so
    in the paper's truncated scheme $\\partial s(t)/\\partial s(t-q) = 1$ for every cell, input and $q$, and
    nothing can shrink the state. Under a constant input the state therefore grows linearly, $h(s)$
    saturates and the output sticks: the problem that {cite:t}`gers2000learning` solved with the forget gate.

    :param rng: random generator for the cells' weights and inputs.
    :param cells: how many random cells to check, 1 to {py:data}`MAX_CELLS`.
    :param steps: the length of each random input sequence, with ``cells * steps`` at most
        {py:data}`MAX_CELL_WORK`; the carousel's flow is read back from every step, or from
        {py:data}`INJECTIONS` evenly spaced ones in a longer sequence.
    :param drift_steps: how long the constant input lasts, 1 to {py:data}`lstmnotes.cell.MAX_CELL_STEPS`.
    :return: the verdict with its evidence: ``"holds"`` when sympy finds the state equation's coefficient
        of $s_c(t-1)$ exactly one and nothing added depending on it
        ({py:func}`lstmnotes.cell.symbolic.state_update_symbolic`), the
        truncated flow of the cells run is exactly one, and the state under the constant input gains the
        same amount every step.
    :raises ValueError: for counts below 1 or above their limits.
    :raises TypeError: for counts that are not integers, or an ``rng`` that is not a numpy Generator.

    ```pycon
    >>> judged = memory_cell_has_no_forget_gate(np.random.default_rng(0), cells=3, steps=10)
    >>> judged.verdict, judged.carousel_deviation
    ('holds', 0.0)

    ```
    """
    rng = _generator(rng)
    cells = count(cells, "cells", minimum=1, maximum=MAX_CELLS)
    steps = count(steps, "steps", minimum=1, maximum=MAX_CELL_WORK // cells)
    drift_steps = count(drift_steps, "drift_steps", minimum=1, maximum=MAX_CELL_STEPS)
    injections = np.unique(np.linspace(1, steps, min(steps, INJECTIONS)).round().astype(int))
    truncated = full = 0.0
    for _ in range(cells):
        r_in, r_out, r_c = rng.normal(scale=0.5, size=3)
        weights = CellWeights(
            rng.normal(size=3), rng.normal(size=3), rng.normal(size=3), r_in, r_out, r_c
        )
        x = np.column_stack([rng.normal(size=(steps, 2)), np.ones(steps)])
        factors, _ = _factors(run_cell(weights, x))  # what an error meets at each step, once a cell
        zeros = np.zeros(steps)
        for t in injections.tolist():  # inject at s(t), read the carousel's flow to s(t - q)
            unit = np.zeros(steps)
            unit[t - 1] = 1.0
            for scheme in SCHEMES:
                # cell_backward's error signals, without the weights' gradients it also forms
                delta_state = sc.to_float(error_signals(weights, factors, zeros, unit, scheme)[3])
                deviation = float(np.max(np.abs(delta_state[:t] - 1.0)))
                if scheme == "truncated":
                    truncated = max(truncated, deviation)
                else:
                    full = max(full, deviation)
    drop, largest = _largest_drop(rng, cells)
    # a constant input: input gate half open, cell input g = 1, so the state grows by 1/2 a step
    drift = CellWeights([0.0], [0.0], [float(np.log(3.0))])  # g(log 3) = 4 * 3/4 - 2 = 1
    drift_run = run_cell(drift, np.ones((drift_steps, 1)))
    stuck = np.flatnonzero(np.abs(drift_run.h) > 0.99)
    saturated = int(stuck[0]) + 1 if stuck.size else -1
    steps_up = np.diff(drift_run.state, prepend=0.0)  # what each step adds: the same, nothing taken
    rounding = 8 * np.finfo(np.float64).eps * np.abs(drift_run.state)
    linear = bool(np.all(np.abs(steps_up - steps_up[0]) <= rounding))
    coefficient, added = state_update_symbolic()
    symbolic = coefficient == 1 and added == 0
    holds = symbolic and truncated == 0.0 and linear and drop < 2.0 < largest
    summary = (
        f"sympy on the state equation s(t) = s(t-1) + y_in g: ds(t)/ds(t-1) = {coefficient}, and what a "
        f"step adds has derivative {added} in s(t-1): the state changes only additively. "
        f"The cell's self-weight is the constant 1.0: over {cells} random cells and "
        f"{'every pair of steps' if injections.size == steps else f'{injections.size} injection steps'}, "
        f"|ds(t)/ds(t-q) - 1| is at most {truncated:g} in the paper's truncated scheme (the full gradient "
        f"adds paths through the recurrent gate weights, deviating by up to {full:.3g}). Nothing shrinks "
        f"the state: under a constant input it reaches {drift_run.state[-1]:.4g} after {drift_steps} "
        f"steps, and |h(s)| exceeds 0.99 from step {saturated} on. Over {cells} further random cells with "
        f"larger weights, |s| reached {largest:.3g} but never fell by more than {drop:.3g} in one step: no "
        "multiplicative reset. A forget gate, added by Gers, Schmidhuber and Cummins (2000), is what lets a "
        "cell reset."
    )
    return NoForgetGate(
        claim="no forget gate in 1997",
        verdict="holds" if holds else "false as stated",
        summary=summary,
        cells=cells,
        carousel_deviation=truncated,
        full_deviation=full,
        drift_steps=drift_steps,
        drift_state=float(drift_run.state[-1]),
        saturated_after=saturated,
        largest_drop=drop,
        largest_state=largest,
        coefficient=str(coefficient),
        added=str(added),
    )


def _random_cell(rng: np.random.Generator, scale: float) -> CellWeights:
    """A cell with normal weights of the given scale on two inputs and a bias, recurrent weights included."""
    r_in, r_out, r_c = rng.normal(scale=scale, size=3)
    return CellWeights(
        rng.normal(scale=scale, size=3),
        rng.normal(scale=scale, size=3),
        rng.normal(scale=scale, size=3),
        r_in,
        r_out,
        r_c,
    )


def _largest_drop(rng: np.random.Generator, cells: int, steps: int = 200) -> tuple[float, float]:
    """The largest one-step decrease of $|s|$ and the largest $|s|$ over random cells of several scales."""
    drop = largest = 0.0
    for index in range(cells):
        weights = _random_cell(rng, (0.5, 2.0, 5.0)[index % 3])
        x = np.column_stack([rng.normal(size=(steps, 2)), np.ones(steps)])
        size = np.abs(run_cell(weights, x).state)
        drop = max(drop, float(np.max(size[:-1] - size[1:])))
        largest = max(largest, float(np.max(size)))
    return drop, largest


@dataclass(frozen=True)
class AdditiveForgetting:
    """How the 1997 cell can lower its state without a forget gate: only additively, from
    {py:func}`additive_forgetting`."""

    gate_bias: float
    """The bias of both gates in the example (large: both nearly open)."""
    pulse_weight: float
    """The cell input's weight on the one pulse $x(1) = 1$."""
    recurrent: float
    """$r_c$, the cell input's weight from the cell's own output: negative, so the cell writes against its
    state."""
    states: Array
    """$s(t)$ with that recurrent weight, $t = 1..T$: back towards zero."""
    kept: Array
    """$s(t)$ with $r_c = 0$: the state stays where the pulse put it."""
    cells: int
    """How many random cells with cell inputs of one sign were searched."""
    violations: int
    """Steps at which $|s|$ decreased in those cells (none, if the state can fall only additively)."""


def additive_forgetting(
    rng: np.random.Generator,
    *,
    steps: int = 30,
    gate_bias: float = 10.0,
    pulse_weight: float = 2.0,
    recurrent: float = -1.0,
    cells: int = 100,
) -> AdditiveForgetting:
    """Can the 1997 cell, which has no forget gate, bring its state back towards zero? Only by writing.

    Each step adds $y^{\\mathrm{in}}(t)\\, g(\\mathit{net}_c(t))$ to the state, and $g$ takes either sign, so
    the state falls when the cell writes the opposite sign. The example: both gates with bias
    ``gate_bias`` (nearly open), one pulse $x(1) = 1$ into the cell input with weight ``pulse_weight``, and
    the cell's own output fed back into the cell input with weight ``recurrent``: the state runs back
    towards zero, while with $r_c = 0$ it stays at its first value. The search: ``cells`` random cells whose
    cell input has one sign at every step (inputs in $[0, 1]$, cell-input weights of one sign, $r_c = 0$;
    the gates have any weights, recurrent ones included), 100 steps each: $|s(t)|$ should never decrease.

    :param rng: random generator for the search.
    :param steps: the example's length $T$, 2 to {py:data}`lstmnotes.cell.MAX_RECURRENT_CELL_STEPS`.
    :param gate_bias: the gates' bias in the example.
    :param pulse_weight: the cell input's weight on the pulse.
    :param recurrent: $r_c$ in the example.
    :param cells: how many random cells to search, 1 to {py:data}`MAX_CELLS`.
    :return: the example's two runs and the search's result.
    :raises ValueError: for out-of-range sizes or non-finite numbers.
    :raises TypeError: for counts that are not integers, numbers that are not real, or an ``rng`` that is
        not a numpy Generator.

    ```pycon
    >>> r = additive_forgetting(np.random.default_rng(0), cells=2)
    >>> round(float(r.states[0]), 3), round(float(r.states[1]), 3), round(float(r.kept[-1]), 3)
    (1.523, 0.902, 1.523)

    ```
    """
    rng = _generator(rng)
    steps = count(steps, "steps", minimum=2, maximum=MAX_RECURRENT_CELL_STEPS)
    cells = count(cells, "cells", minimum=1, maximum=MAX_CELLS)
    b = finite_scalar(gate_bias, "gate_bias")
    k = finite_scalar(pulse_weight, "pulse_weight")
    r = finite_scalar(recurrent, "recurrent")
    x = np.zeros((steps, 2))
    x[0, 0] = 1.0  # the pulse
    x[:, 1] = 1.0  # the bias column
    runs = [
        run_cell(CellWeights([0.0, b], [0.0, b], [k, 0.0], 0.0, 0.0, rc), x).state
        for rc in (r, 0.0)
    ]
    violations = 0
    for _ in range(cells):
        sign = rng.choice([-1.0, 1.0])
        weights = CellWeights(
            rng.normal(scale=2.0, size=3),
            rng.normal(scale=2.0, size=3),
            sign * np.abs(rng.normal(scale=2.0, size=3)),
            float(rng.normal(scale=2.0)),
            float(rng.normal(scale=2.0)),
            0.0,
        )
        inputs = np.column_stack([rng.uniform(size=(100, 2)), np.ones(100)])
        size = np.abs(run_cell(weights, inputs).state)
        violations += int(np.sum(size[1:] < size[:-1]))
    return AdditiveForgetting(b, k, r, runs[0], runs[1], cells, violations)
