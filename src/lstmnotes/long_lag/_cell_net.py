"""The paper's net with one 1997 memory cell for Task 2a, trained with the paper's truncated gradient.

For Task 2a {cite:p}`hochreiter1997lstm` (§5.2) replaces the hidden unit of the BPTT net
({py:mod}`lstmnotes.long_lag`) by a memory cell with an input gate and no output gate; $g$ is the logistic
and $h$ the identity (the paper's text for this experiment; its appendix defaults, $g = 4\\sigma - 2$ and
$h = 2\\sigma - 1$, are not used here). Cell input and gate read the input units only, without biases or
recurrent connections, which gives the paper's weight count, $K(K + 1) + 2K$ ({paper}`10504` for
$p = 100$). With $u(t)$ the symbol read at step $t$:

$$
y^{\\mathrm{in}}(t) = \\sigma(v_{u(t)}), \\qquad s(t) = s(t-1) + y^{\\mathrm{in}}(t)\\, \\sigma(c_{u(t)}),
\\qquad y^c(t) = s(t), \\qquad s(-1) = 0,
$$

and the output units read $y^c(t)$. This is the paper's set-up for Task 2a as its summary of experimental
conditions (§5.7, Table 10, row 2a) lists it: one cell, connections from all layers below, no output gate,
no input gate bias and no bias weights at all, $h$ the identity and $g$ the logistic, learning rate
{paper}`1.0`. The drift remedy of §4 (an input gate biased negative at the start) is therefore not used
here, as it was not in the paper's Task 2a. {py:func}`lstmnotes.long_lag.train_task_2a` adds the cell
"once the error has stopped decreasing" (§5.2; §4, abuse problem, solution 1): until then the cell's
output is held at zero.

{py:func}`cell_net_gradient` is the paper's truncated gradient (appendix A.1): the weights into the cell
input and the input gate are updated with the partial derivatives of the state carried forward in time,

$$
\\frac{\\partial s(t)}{\\partial c_j} = \\frac{\\partial s(t-1)}{\\partial c_j} + y^{\\mathrm{in}}(t)\\,
\\sigma'(c_{u(t)})\\,[u(t) = j], \\qquad
\\frac{\\partial s(t)}{\\partial v_j} = \\frac{\\partial s(t-1)}{\\partial v_j} + \\sigma(c_{u(t)})\\,
\\sigma'(v_{u(t)})\\,[u(t) = j]
$$

(the paper's eqs. 25 and 27), and the output weights by one-step back-propagation. The truncation sets to
zero the derivatives of the net inputs of cell and gate with respect to the previous step's activations; in
this net those net inputs read no activation of a previous step, so the truncation drops nothing and the
update is the exact gradient (the tests check it against automatic differentiation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes.long_lag._output_layer import (
    INIT_RANGE,
    LN10,
    Array,
    check_accuracy,
    check_run_size,
    check_symbols,
    checked_sizes,
    finite_gradient,
    largest_output_net,
    log_sigma,
    log_sigma_prime,
    logistic_parts,
    net_sizes,
    output_backward,
    output_forward,
    sigma,
    weight_array,
)

__all__ = [
    "CellNet",
    "CellNetRun",
    "cell_net_flow",
    "cell_net_gradient",
    "random_cell_net",
    "run_cell_net",
]


@dataclass(frozen=True)
class CellNet:
    """A batch of ``S`` independent nets, each with one memory cell (the weights of each net).

    :param gate_in: ``(S, K)``: input unit to the input gate, $v$.
    :param cell_in: ``(S, K)``: input unit to the cell input, $c$.
    :param output: ``(S, K, K + 1)``: output unit from the inputs (first $K$ columns) and the cell.
    :raises TypeError: for non-numeric weights.
    :raises ValueError: for non-finite weights, inconsistent shapes, ``S`` beyond ``MAX_SEEDS`` or $K$
        outside ``3..MAX_DELAY + 1``.
    """

    gate_in: Array
    cell_in: Array
    output: Array

    def __post_init__(self) -> None:
        output, seeds, symbols = net_sizes(self.output)
        object.__setattr__(self, "output", output)
        object.__setattr__(self, "gate_in", weight_array(self.gate_in, "gate_in", (seeds, symbols)))
        object.__setattr__(self, "cell_in", weight_array(self.cell_in, "cell_in", (seeds, symbols)))


@dataclass(frozen=True)
class CellNetRun:
    """A forward run, each ``(S, T)``: the gate's and the cell input's net inputs $v_{u(t)}$ and
    $c_{u(t)}$, the gate $\\sigma(v_{u(t)})$, the cell input $\\sigma(c_{u(t)})$ and the state;
    ``outputs`` ``(S, T, K)``."""

    net_gate: Array
    net_cell: Array
    gate: Array
    cell_input: Array
    state: Array
    outputs: Array


def random_cell_net(rng: np.random.Generator, p: int, seeds: int) -> CellNet:
    """``seeds`` memory-cell nets for Task 2a with delay ``p``, every weight uniform in $[-0.2, 0.2]$.

    :param rng: the random generator.
    :param p: the delay, $2 \\le p \\le$ ``MAX_DELAY``; $K = p + 1$ symbols.
    :param seeds: how many nets, ``1..MAX_SEEDS``.
    :return: the {py:class}`CellNet`.
    :raises TypeError: if ``rng`` is not a numpy ``Generator`` or a count is not an integer.
    :raises ValueError: for a count out of its limits, or more than ``MAX_NET_VALUES`` weights.

    ```pycon
    >>> net = random_cell_net(np.random.default_rng(0), 100, 1)
    >>> net.gate_in.size + net.cell_in.size + net.output.size  # the paper's 10504 for p = 100
    10504

    ```
    """
    rng, seeds, k = checked_sizes(rng, p, seeds)
    draw = rng.uniform(-INIT_RANGE, INIT_RANGE, size=seeds * (2 * k + k * (k + 1)))
    return CellNet(
        draw[: seeds * k].reshape(seeds, k),
        draw[seeds * k : 2 * seeds * k].reshape(seeds, k),
        draw[2 * seeds * k :].reshape(seeds, k, k + 1),
    )


def _forward(net: CellNet, inputs: NDArray[np.int64], present: Array | None = None) -> CellNetRun:
    """The run; ``present`` ``(S,)`` (1.0 or 0.0) says which nets have their cell yet (default: all)."""
    net_gate = np.take_along_axis(net.gate_in, inputs, axis=1)
    net_cell = np.take_along_axis(net.cell_in, inputs, axis=1)
    gate, cell_input = sigma(net_gate), sigma(net_cell)
    state = np.cumsum(gate * cell_input, axis=1)  # the carousel: s(t) = s(t - 1) + y_in(t) g(t)
    seen = state if present is None else state * present[:, None]
    outputs = output_forward(net.output, inputs, seen)
    return CellNetRun(net_gate, net_cell, gate, cell_input, state, outputs)


def _check_accuracy(net: CellNet, inputs: NDArray[np.int64], run: CellNetRun, what: str) -> None:
    """Refuse nets whose stated bound exceeds ``MAX_RUN_ERROR``: $N$ from the gate's, the cell input's and
    the outputs' net inputs; no step amplifies an error ($A = 1$: the carousel's factors are one)."""
    largest = np.maximum(
        np.max(np.maximum(np.abs(run.net_gate), np.abs(run.net_cell)), axis=1),
        largest_output_net(net.output, inputs, run.state),
    )
    check_accuracy(largest, inputs.shape[1], net.gate_in.shape[1], np.zeros(largest.shape), what)


def _gradient(net: CellNet, symbols: NDArray[np.int64]) -> tuple[CellNet, Array, CellNetRun]:
    inputs, targets = symbols[:, :-1], symbols[:, 1:]
    run = _forward(net, inputs)
    _check_accuracy(net, inputs, run, "gradient")
    loss, grad_out, to_state = output_backward(net.output, inputs, targets, run.state)
    one_hot = (np.arange(net.gate_in.shape[1]) == inputs[:, :, None]).astype(np.float64)
    # the partials of s(t) carried forward in time (eqs. 25, 27): running sums over the steps; each
    # slope from its net input (y (1 - y) is 0 where y rounds to 1)
    slope_cell, slope_gate = logistic_parts(run.net_cell)[2], logistic_parts(run.net_gate)[2]
    ds_dcell = np.cumsum(one_hot * (run.gate * slope_cell)[..., None], 1)
    ds_dgate = np.cumsum(one_hot * (run.cell_input * slope_gate)[..., None], 1)
    with np.errstate(over="ignore", invalid="ignore"):  # checked below
        grad_cell = np.einsum("st,stk->sk", to_state, ds_dcell)
        grad_gate = np.einsum("st,stk->sk", to_state, ds_dgate)
    finite_gradient(gate_in=grad_gate, cell_in=grad_cell, output=grad_out)
    return CellNet(grad_gate, grad_cell, grad_out), loss, run


def _net(net: CellNet) -> CellNet:
    if not isinstance(net, CellNet):
        raise TypeError(f"net must be a CellNet (from random_cell_net), got {type(net).__name__}")
    return net


def run_cell_net(net: CellNet, symbols: ArrayLike) -> CellNetRun:
    """Run each net forward on its sequence.

    :param net: ``S`` nets over $K$ symbols.
    :param symbols: integer ``(S, T + 1)``: each net's sequence of symbol numbers; the first ``T`` are
        read, $1 \\le T \\le$ ``MAX_DELAY``.
    :return: the {py:class}`CellNetRun`.
    :raises TypeError: for a ``net`` that is not a {py:class}`CellNet`, or non-integer symbols.
    :raises ValueError: for a wrong shape, a symbol outside ``0..K-1``, more than ``MAX_RUN_VALUES``
        outputs ``S T K``, or weights whose stated relative error bound (the part's domain rows) exceeds
        ``MAX_RUN_ERROR``.

    ```pycon
    >>> net = random_cell_net(np.random.default_rng(0), 4, 1)
    >>> run_cell_net(net, [[4, 0, 1, 2, 4]]).state.shape
    (1, 4)

    ```
    """
    net = _net(net)
    checked = check_symbols(symbols, *net.gate_in.shape)
    check_run_size(checked.shape, net.gate_in.shape[1])
    run = _forward(net, checked[:, :-1])
    _check_accuracy(net, checked[:, :-1], run, "run")
    return run


def cell_net_gradient(net: CellNet, symbols: ArrayLike) -> tuple[CellNet, Array]:
    """The paper's truncated gradient of each net's squared error, summed over the steps.

    The targets are the next symbols, as for {py:func}`lstmnotes.long_lag.bptt_gradient`.

    :param net: ``S`` nets.
    :param symbols: integer ``(S, T + 1)``, as {py:func}`run_cell_net`.
    :return: the gradient (a {py:class}`CellNet` of the same shapes) and the error $E$ ``(S,)``.
    :raises TypeError: as {py:func}`run_cell_net`.
    :raises ValueError: as {py:func}`run_cell_net`, and where an error signal on the way back exceeds
        float64 (the gradient is refused, not returned as inf).

    ```pycon
    >>> net = random_cell_net(np.random.default_rng(0), 4, 1)
    >>> grad, loss = cell_net_gradient(net, [[4, 0, 1, 2, 4]])
    >>> grad.cell_in.shape, bool(loss[0] > 0)
    ((1, 5), True)

    ```
    """
    net = _net(net)
    checked = check_symbols(symbols, *net.gate_in.shape)
    check_run_size(checked.shape, net.gate_in.shape[1])
    grad, loss, _ = _gradient(net, checked)
    return grad, loss


def flow_of_inputs(net: CellNet, inputs: NDArray[np.int64]) -> Array:
    """$\\log_{10}|\\partial\\vartheta_c(0)/\\partial\\vartheta_s(T-1)|$ for input symbols ``(S, T)``
    (private; see {py:func}`cell_net_flow`)."""
    # the carousel's factors ds(t)/ds(t-1) are exactly one: the flow is y_in(0) g'(net_c(0)), its
    # logarithm formed from the two net inputs (each in base 10 first: their sum cannot overflow)
    first = inputs[:, :1]
    net_gate = np.take_along_axis(net.gate_in, first, axis=1)[:, 0]
    net_cell = np.take_along_axis(net.cell_in, first, axis=1)[:, 0]
    return np.asarray(log_sigma(net_gate) / LN10 + log_sigma_prime(net_cell) / LN10)


def cell_net_flow(net: CellNet, symbols: ArrayLike) -> Array:
    """The error flow through the cell from its state at the last step back to its input at the first.

    The scaling factor from the state's error signal $\\vartheta_s(T-1) = \\partial E/\\partial s(T-1)$ at
    the last step to the cell input's $\\vartheta_c(0) = \\partial E/\\partial\\mathit{net}_c(0)$ at the first,
    the counterpart of {py:func}`lstmnotes.long_lag.bptt_flow`:
    $\\partial\\vartheta_c(0)/\\partial\\vartheta_s(T-1) = \\prod_{t=1}^{T-1} \\partial s(t)/\\partial s(t-1)
    \\cdot y^{\\mathrm{in}}(0)\\, g'(\\mathit{net}_c(0))$, each carousel factor one (section 3.2's constant
    error carousel). With $h$ the identity it equals $\\partial y^c(T-1)/\\partial\\mathit{net}_c(0)$.
    Returned as $\\log_{10}$ of its magnitude, formed from the two net inputs
    ($\\ln\\sigma(x) = -\\ln(1 + e^{-x})$, $\\ln\\sigma'(x) = -|x| - 2\\ln(1 + e^{-|x|})$), so that a flow
    far below the smallest float is still given.

    :param net: ``S`` nets.
    :param symbols: integer ``(S, T + 1)``, as {py:func}`run_cell_net`.
    :return: ``(S,)``: $\\log_{10}$ of the flow's magnitude, per net.
    :raises TypeError: as {py:func}`run_cell_net`.
    :raises ValueError: as {py:func}`run_cell_net`.

    ```pycon
    >>> net = CellNet(np.zeros((1, 3)), np.zeros((1, 3)), np.zeros((1, 3, 4)))
    >>> cell_net_flow(net, [[1, 0, 1]]).round(4).tolist()  # sigma(0) sigma'(0) = 1/8, then ones
    [-0.9031]

    ```
    """
    net = _net(net)
    checked = check_symbols(symbols, *net.gate_in.shape)  # no outputs are formed: no run size
    return flow_of_inputs(net, checked[:, :-1])
