"""The error flow through the 1997 memory cell, from its output back to every earlier step, and how far the
paper's truncated gradient lies from the full one: both read off the backward pass of
{py:func}`lstmnotes.cell.cell_backward`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes.cell import _scaled as sc
from lstmnotes.cell._backward import SCHEMES, _factors, cell_backward, check_work, error_signals
from lstmnotes.cell._cell import CellWeights, _sigma_prime, run_cell

__all__ = ["CellFlow", "cell_error_flow", "truncation_gap"]

Array = NDArray[np.float64]


def _shape(inputs: ArrayLike) -> tuple[int, ...]:
    """The shape of ``inputs`` where numpy can tell it without converting them (else ``()``: the run's
    own checks then name what is wrong)."""
    try:
        return tuple(np.shape(inputs))
    except ValueError:  # ragged nested lists
        return ()


@dataclass(frozen=True)
class CellFlow:
    """How an error at the cell's output at the last step $T$ reaches back, from {py:func}`cell_error_flow`.

    Every array is indexed by $q = 0, \\dots, T-1$, the number of steps back.
    """

    scheme: str
    to_cell_input: Array
    """$\\partial y^c(T)/\\partial \\mathit{net}_c(T-q)$: the error reaching the cell input $q$ steps back."""
    to_state: Array
    """$\\partial y^c(T)/\\partial s(T-q)$."""
    carousel: Array
    """$\\partial s(T)/\\partial s(T-q)$: exactly one in the truncated scheme."""
    leaving: float
    """$y^{\\mathrm{out}}(T)\\, h'(s(T))$: what an error at the output at $T$ is multiplied by on its way into
    the carousel, the output gate's activation times the slope of $h$."""
    output_gate: float
    """$y^{\\mathrm{out}}(T)$, the output gate's part of ``leaving``."""
    h_slope: float
    """$h'(s(T))$, the other part of ``leaving``: at most $1/2$, and small once the state has drifted."""
    entering: Array
    """$y^{\\mathrm{in}}(T-q)\\, g'(\\mathit{net}_c(T-q))$: what the error is multiplied by on its way out of
    the carousel to the cell input, the input gate's activation times the slope of $g$."""


def cell_error_flow(
    weights: CellWeights, inputs: ArrayLike, *, scheme: str = "truncated"
) -> CellFlow:
    """The error flow through the cell from its output at the last step back to every earlier step.

    In the truncated scheme it factorises as
    $\\partial y^c(T)/\\partial \\mathit{net}_c(T-q) = y^{\\mathrm{out}}(T)\\, h'(s(T)) \\cdot 1^q \\cdot
    y^{\\mathrm{in}}(T-q)\\, g'(\\mathit{net}_c(T-q))$: the gates scale what leaves and what enters, and the
    carousel in between neither shrinks nor grows it.

    :param weights: the cell's weights.
    :param inputs: the input sequence, shape ``(T, d)``.
    :param scheme: ``"truncated"`` (the paper's) or ``"full"``.
    :return: the flow.
    :raises ValueError: as {py:func}`run_cell` (inputs with $T\\,(d + 2)$ above
        {py:data}`MAX_BACKWARD_WORK` are refused before the run) and for an unknown scheme; in the full
        scheme also where a flow, or its sum over the steps, exceeds the float64 range (recurrent weights
        that grow the error step by step). The flows do not scale with the inputs or the input weights,
        and nothing is refused over them.

    The time is linear in $T\\,(d + 2)$: about a second at the limits, in either scheme (a forward run and two
    backward passes).

    ```pycon
    >>> flow = cell_error_flow(CellWeights([0.0], [0.0], [0.0]), [[1.0]] * 3)
    >>> flow.carousel.tolist(), flow.to_state.tolist()
    ([1.0, 1.0, 1.0], [0.25, 0.25, 0.25])

    ```
    """
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a string, got {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {SCHEMES}")
    check_work(_shape(inputs), "inputs")
    run = run_cell(weights, inputs)
    steps = run.state.shape[0]
    unit = np.zeros(steps)
    unit[-1] = 1.0
    # the flows are the error signals alone, without the weights' gradients cell_backward also forms (those
    # scale with the inputs and the input weights, and may overflow where the flows do not); the sums over
    # the steps that the recurrent weights' gradients take are checked, as there
    factors, previous = _factors(run)
    passes = [
        error_signals(weights, factors, unit, np.zeros(steps), scheme),
        error_signals(weights, factors, np.zeros(steps), unit, scheme),
    ]
    checked = [sc.to_float(v) for signals in passes for v in signals]
    checked += [
        sc.to_float(sc.total(sc.times(v, previous))) for signals in passes for v in signals[:3]
    ]
    if not all(np.all(np.isfinite(v)) for v in checked):
        raise ValueError(
            "the error flow back from the last step, or its sum over the steps, exceeds the float64 range "
            "(about 1.8e308): the recurrent weights grow it step by step"
        )
    from_output, from_state = ([sc.to_float(v) for v in signals] for signals in passes)
    return CellFlow(
        scheme=scheme,
        to_cell_input=from_output[2][::-1].copy(),
        to_state=from_output[3][::-1].copy(),
        carousel=from_state[3][::-1].copy(),
        leaving=float(run.y_out[-1] * 2.0 * _sigma_prime(run.state[-1:])[0]),
        output_gate=float(run.y_out[-1]),
        h_slope=float(2.0 * _sigma_prime(run.state[-1:])[0]),
        entering=(run.y_in * 4.0 * _sigma_prime(run.net_c))[::-1].copy(),
    )


def truncation_gap(weights: CellWeights, inputs: ArrayLike, output_error: ArrayLike) -> float:
    """How far the paper's truncated gradient is from the full one, relative to the full one.

    :param weights: the cell's weights.
    :param inputs: the input sequence, shape ``(T, d)``.
    :param output_error: $\\partial L/\\partial y^c(t)$, one entry per step.
    :return: $\\max |\\nabla_{\\mathrm{full}} - \\nabla_{\\mathrm{trunc}}| / \\max |\\nabla_{\\mathrm{full}}|$ over
        all weights; zero when the recurrent weights are zero.
    :raises ValueError: as {py:func}`run_cell` and {py:func}`cell_backward` (inputs with $T\\,(d + 2)$
        above {py:data}`MAX_BACKWARD_WORK` are refused before the run), or if the full gradient is zero.

    The time is linear in $T\\,(d + 2)$: about a second at the limits (a forward run and two backward passes).

    ```pycon
    >>> truncation_gap(CellWeights([1.0], [1.0], [1.0]), [[1.0], [0.5]], [0.0, 1.0])
    0.0

    ```
    """
    check_work(_shape(inputs), "inputs")
    run = run_cell(weights, inputs)
    grads = [cell_backward(weights, run, output_error, scheme=s).weights for s in SCHEMES]
    flat = [np.concatenate([g.w_in, g.w_out, g.w_c, [g.r_in, g.r_out, g.r_c]]) for g in grads]
    scale = float(np.max(np.abs(flat[0])))
    if scale == 0:
        raise ValueError("the full gradient is zero: no relative gap to report")
    return float(np.max(np.abs(flat[0] - flat[1]))) / scale
