"""One online training step of either learner on Task 2a, specialised to the task's two sequences.

In Task 2a {cite:p}`hochreiter1997lstm` (§5.2) every sequence reads its first symbol ($x$ or $y$, numbered
$p - 1$ or $p$) and then $a_1, \\dots, a_{p-1}$ (numbered $0, \\dots, p - 2$) in order, and its targets are
$a_1, \\dots, a_{p-1}$ and then the first symbol again. So the weights a sequence reads are, apart from the
first step, the contiguous slices ``[..., :p - 1]`` of each net's arrays, and each symbol is read at most
once in a sequence. The steps below use that: they compute the same gradients as
{py:func}`lstmnotes.long_lag.bptt_gradient` and {py:func}`lstmnotes.long_lag.cell_net_gradient` (the tests
check it) with slices in place of gathers and scatters, and the carried partials of the cell's state
(eqs. 25, 27) summed in closed form: a symbol read once at step $t_j$ contributes to
$\\partial s(t)/\\partial w$ for every $t \\ge t_j$ the same term, so its gradient is that term times the
state's error summed from $t_j$ to the end (a reversed cumulative sum over the steps).

Each function updates the weights in place by $-\\alpha\\,\\partial E/\\partial w$ and returns each net's
largest absolute output error over the sequence (judged before the update) and its error $E$.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lstmnotes.long_lag._output_layer import Array, logistic_parts, sigma

__all__ = ["bptt_step", "carried", "cell_step"]


def _read(weights: Array, first: NDArray[np.int64], seeds: NDArray[np.int64]) -> Array:
    """``(S, ..., T)``: the weight each step reads along the last axis (first symbol, then the slice)."""
    p = weights.shape[-1] - 1 if weights.ndim == 2 else weights.shape[-2] - 1
    columns = weights if weights.ndim == 2 else weights[:, :, :-1]
    head = columns[seeds, ..., first][..., None]
    return np.concatenate([head, columns[..., : p - 1]], axis=-1)


def _outputs(
    output: Array, first: NDArray[np.int64], seeds: NDArray[np.int64], z: Array
) -> tuple[Array, Array, Array]:
    """The outputs' error ``y - d`` and slope ``(S, K, T)``, and each net's largest absolute error.

    Both come from the net inputs, as in {py:func}`lstmnotes.long_lag._output_layer.output_backward`.
    """
    net = _read(output, first, seeds)
    with np.errstate(over="ignore"):  # beyond float64 the net is +-inf, its output exactly 0 or 1
        net += output[:, :, -1, None] * z[:, None, :]
    y, rest, slope = logistic_parts(net)
    diff = y
    p = y.shape[2]
    steps = np.arange(p - 1)
    diff[:, steps, steps] = -rest[:, steps, steps]  # target at step t < p - 1: a_{t+1}, numbered t
    diff[seeds, first, p - 1] = -rest[seeds, first, p - 1]  # at the last: the first symbol again
    largest = np.abs(diff).max(axis=(1, 2))
    return diff, slope, largest


def _output_gradient(
    output: Array,
    grad_rate: Array,
    first: NDArray[np.int64],
    seeds: NDArray[np.int64],
    z: Array,
    rate: float,
) -> Array:
    """Step the output weights by ``-rate`` times their gradient; return $\\partial E/\\partial z$ ``(S, T)``.

    ``grad_rate`` is ``delta`` ``(S, K, T)``, the error at each output's net input.
    """
    p = z.shape[1]
    to_z: Array = np.einsum("skt,sk->st", grad_rate, output[:, :, -1])
    output[:, :, -1] -= rate * np.einsum("skt,st->sk", grad_rate, z)
    output[seeds, :, first] -= rate * grad_rate[:, :, 0]
    output[:, :, : p - 1] -= rate * grad_rate[:, :, 1:]
    return to_z


def carried(to_state: Array) -> Array:
    """``(S, T)``: the state's error summed from each step to the end, the error the carousel carries back.

    With the carousel's factor exactly one (eq. 35 of the paper's appendix A.2), the error reaching the
    state at step $t$ from every later step arrives unscaled; a symbol read at $t$ sees their sum.
    """
    return np.cumsum(to_state[:, ::-1], axis=1)[:, ::-1]


def cell_step(
    gate_in: Array,
    cell_in: Array,
    output: Array,
    first: NDArray[np.int64],
    present: Array,
    rate: float,
) -> tuple[Array, Array]:
    """One sequence for each of ``S`` memory-cell nets, weights stepped in place.

    :param gate_in: ``(S, K)``, $v$; :param cell_in: ``(S, K)``, $c$; :param output: ``(S, K, K + 1)``.
    :param first: ``(S,)`` each net's first symbol, ``p - 1`` ($x$) or ``p`` ($y$).
    :param present: ``(S,)`` 1.0 where the cell has been added, 0.0 where not yet.
    :param rate: the learning rate $\\alpha$.
    :return: ``(S,)`` largest absolute output error, ``(S,)`` error $E$.
    """
    seeds = np.arange(first.shape[0])
    gate, _, slope_gate = logistic_parts(_read(gate_in, first, seeds))
    cell_input, _, slope_cell = logistic_parts(_read(cell_in, first, seeds))
    state = np.cumsum(gate * cell_input, axis=1) * present[:, None]
    diff, slope, largest = _outputs(output, first, seeds, state)
    loss = 0.5 * np.einsum("skt,skt->s", diff, diff)
    diff *= slope
    to_state = _output_gradient(output, diff, first, seeds, state, rate) * present[:, None]
    after = carried(to_state)
    grad_cell = after * gate * slope_cell
    grad_gate = after * cell_input * slope_gate
    p = state.shape[1]
    for weights, grad in ((cell_in, grad_cell), (gate_in, grad_gate)):
        weights[seeds, first] -= rate * grad[:, 0]
        weights[:, : p - 1] -= rate * grad[:, 1:]
    return largest, loss


def bptt_step(
    hidden_in: Array, self_weight: Array, output: Array, first: NDArray[np.int64], rate: float
) -> tuple[Array, Array]:
    """One sequence for each of ``S`` nets of one self-recurrent unit, full BPTT, weights stepped in place.

    :param hidden_in: ``(S, K)``; :param self_weight: ``(S,)``, $r$; :param output: ``(S, K, K + 1)``.
    :param first: ``(S,)`` each net's first symbol; :param rate: $\\alpha$.
    :return: ``(S,)`` largest absolute output error, ``(S,)`` error $E$.
    """
    seeds = np.arange(first.shape[0])
    active = _read(hidden_in, first, seeds)
    steps = active.shape[1]
    nets = np.empty_like(active)
    hidden = np.empty_like(active)
    z = np.zeros(first.shape[0])
    r = self_weight.copy()
    with np.errstate(over="ignore"):  # beyond float64 the net is +-inf, z exactly 0 or 1
        for t in range(steps):
            nets[:, t] = active[:, t] + r * z
            z = sigma(nets[:, t])
            hidden[:, t] = z
    diff, slope, largest = _outputs(output, first, seeds, hidden)
    loss = 0.5 * np.einsum("skt,skt->s", diff, diff)
    diff *= slope
    to_z = _output_gradient(output, diff, first, seeds, hidden, rate)
    hidden_slope = logistic_parts(nets)[2]  # from the net input: z (1 - z) is 0 where z rounds to 1
    to_z *= hidden_slope
    slope_r = r[:, None] * hidden_slope
    delta = np.empty_like(active)
    after = np.zeros(first.shape[0])
    for t in range(steps - 1, -1, -1):
        after = to_z[:, t] + slope_r[:, t] * after
        delta[:, t] = after
    previous = np.concatenate([np.zeros((first.shape[0], 1)), hidden[:, :-1]], axis=1)
    self_weight -= rate * np.einsum("st,st->s", delta, previous)
    hidden_in[seeds, first] -= rate * delta[:, 0]
    hidden_in[:, : steps - 1] -= rate * delta[:, 1:]
    return largest, loss
