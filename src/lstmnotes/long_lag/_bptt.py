"""The paper's net for back-propagation through time on Task 2a: one self-recurrent logistic hidden unit.

For Task 2a {cite:p}`hochreiter1997lstm` (§5.2) trains RTRL and BPTT on a net of one self-recurrent hidden
unit and $K = p + 1$ non-recurrent output units, each layer connected from all layers below, every unit
logistic, no biases ($K + 1 + K(K + 1)$ weights: {paper}`36` for $p = 4$, {paper}`10404` for
$p = 100$). With $u(t)$ the symbol read at step $t$:

$$
\\mathit{net}_h(t) = w_{u(t)} + r\\, z(t-1), \\qquad z(t) = \\sigma(\\mathit{net}_h(t)), \\qquad z(-1) = 0,
$$

and the outputs of {py:mod}`lstmnotes.long_lag` read $z(t)$. {py:func}`bptt_gradient` is the exact gradient
of the squared error summed over every step of a sequence, by full back-propagation through time:
$\\delta_h(t) = \\sigma'(\\mathit{net}_h(t))\\,\\bigl(\\partial E/\\partial z(t)|_{\\text{direct}} + r\\,
\\delta_h(t+1)\\bigr)$. {py:func}`bptt_flow` is the error flow of section 3 along the hidden unit, from its
activation at the last step back to its net input at the first.
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
    log_sigma_prime,
    logistic_parts,
    net_sizes,
    output_backward,
    output_forward,
    sigma,
    weight_array,
)

__all__ = [
    "INIT_RANGE",
    "BPTTNet",
    "BPTTRun",
    "bptt_flow",
    "bptt_gradient",
    "random_bptt_net",
    "run_bptt",
]


@dataclass(frozen=True)
class BPTTNet:
    """A batch of ``S`` independent nets of one self-recurrent hidden unit (the weights of each net).

    :param hidden_in: ``(S, K)``: input unit to hidden unit.
    :param self_weight: ``(S,)``: the hidden unit's self-connection $r$.
    :param output: ``(S, K, K + 1)``: output unit from the inputs (first $K$ columns) and the hidden unit.
    :raises TypeError: for non-numeric weights.
    :raises ValueError: for non-finite weights, inconsistent shapes, ``S`` beyond ``MAX_SEEDS`` or $K$
        outside ``3..MAX_DELAY + 1``.
    """

    hidden_in: Array
    self_weight: Array
    output: Array

    def __post_init__(self) -> None:
        output, seeds, symbols = net_sizes(self.output)
        object.__setattr__(self, "output", output)
        object.__setattr__(
            self, "hidden_in", weight_array(self.hidden_in, "hidden_in", (seeds, symbols))
        )
        object.__setattr__(
            self, "self_weight", weight_array(self.self_weight, "self_weight", (seeds,))
        )


@dataclass(frozen=True)
class BPTTRun:
    """A forward run: ``net_hidden`` and ``hidden`` ``(S, T)``, ``outputs`` ``(S, T, K)``."""

    net_hidden: Array
    hidden: Array
    outputs: Array


def random_bptt_net(rng: np.random.Generator, p: int, seeds: int) -> BPTTNet:
    """``seeds`` nets for Task 2a with delay ``p``, every weight uniform in $[-0.2, 0.2]$ (§5.2).

    :param rng: the random generator.
    :param p: the delay, $2 \\le p \\le$ ``MAX_DELAY``; $K = p + 1$ symbols.
    :param seeds: how many nets, ``1..MAX_SEEDS``.
    :return: the {py:class}`BPTTNet`.
    :raises TypeError: if ``rng`` is not a numpy ``Generator`` or a count is not an integer.
    :raises ValueError: for a count out of its limits, or more than ``MAX_NET_VALUES`` weights.

    ```pycon
    >>> net = random_bptt_net(np.random.default_rng(0), 4, 3)
    >>> net.hidden_in.size // 3 + 1 + net.output.size // 3  # the paper's 36 weights for p = 4
    36

    ```
    """
    rng, seeds, k = checked_sizes(rng, p, seeds)
    draw = rng.uniform(-INIT_RANGE, INIT_RANGE, size=seeds * (k + 1 + k * (k + 1)))
    return BPTTNet(
        draw[: seeds * k].reshape(seeds, k),
        draw[seeds * k : seeds * (k + 1)],
        draw[seeds * (k + 1) :].reshape(seeds, k, k + 1),
    )


def _hidden(net: BPTTNet, inputs: NDArray[np.int64]) -> tuple[Array, Array]:
    """The hidden unit's net inputs and activations, each ``(S, T)``."""
    seeds, steps = inputs.shape
    active = np.take_along_axis(net.hidden_in, inputs, axis=1)
    net_hidden = np.empty((seeds, steps))
    hidden = np.empty((seeds, steps))
    z = np.zeros(seeds)
    r = net.self_weight
    for t in range(steps):
        with np.errstate(
            over="ignore"
        ):  # beyond float64 a is +-inf, and sigma(+-inf) = 1 or 0 exactly
            a = active[:, t] + r * z
        z = sigma(a)
        net_hidden[:, t] = a
        hidden[:, t] = z
    return net_hidden, hidden


def _forward(net: BPTTNet, inputs: NDArray[np.int64]) -> BPTTRun:
    net_hidden, hidden = _hidden(net, inputs)
    return BPTTRun(net_hidden, hidden, output_forward(net.output, inputs, hidden))


def _check_accuracy(
    net: BPTTNet, inputs: NDArray[np.int64], hidden: Array, what: str, outputs: bool = True
) -> None:
    """Refuse nets whose stated bound exceeds ``MAX_RUN_ERROR``: $N$ from the hidden unit's net inputs (and
    the outputs' unless ``outputs`` is false), $A = \\max(1, |r|/4)^{T - 1}$ (squared for a gradient: an
    error on the way forward grows by as much again on the way back)."""
    previous = np.concatenate([np.zeros((hidden.shape[0], 1)), hidden[:, :-1]], axis=1)
    r = net.self_weight
    with np.errstate(over="ignore"):
        sizes = np.abs(np.take_along_axis(net.hidden_in, inputs, axis=1)) + np.abs(
            r[:, None] * previous
        )
    largest = np.max(sizes, axis=1)
    if outputs:
        largest = np.maximum(largest, largest_output_net(net.output, inputs, hidden))
    steps, symbols = inputs.shape[1], net.hidden_in.shape[1]
    growth = (steps - 1) * np.log2(np.maximum(np.abs(r) / 4.0, 1.0))
    if what == "flow":  # T - 1 slopes, each moved by its net input's error, at most B
        check_accuracy(largest, steps, symbols, growth, what, times=steps - 1)
    else:
        check_accuracy(
            largest, steps, symbols, 2.0 * growth if what == "gradient" else growth, what
        )


def _gradient(net: BPTTNet, symbols: NDArray[np.int64]) -> tuple[BPTTNet, Array, BPTTRun]:
    inputs, targets = symbols[:, :-1], symbols[:, 1:]
    run = _forward(net, inputs)
    _check_accuracy(net, inputs, run.hidden, "gradient")
    loss, grad_out, to_z = output_backward(net.output, inputs, targets, run.hidden)
    seeds, steps = inputs.shape
    # from the net input (z (1 - z) is 0 where z rounds to 1); a net input beyond float64 has slope 0
    slope = logistic_parts(run.net_hidden)[2]
    r = net.self_weight
    delta = np.empty((seeds, steps))
    after = np.zeros(seeds)
    symbols_k = net.hidden_in.shape[1]
    index = np.arange(seeds)[:, None] * symbols_k + inputs
    previous = np.concatenate([np.zeros((seeds, 1)), run.hidden[:, :-1]], axis=1)
    with np.errstate(over="ignore", invalid="ignore"):  # checked below
        for t in range(steps - 1, -1, -1):
            after = (to_z[:, t] + r * after) * slope[:, t]
            delta[:, t] = after
        grad_in = np.asarray(
            np.bincount(index.ravel(), weights=delta.ravel(), minlength=seeds * symbols_k),
            dtype=np.float64,
        )
        grad_r = np.sum(delta * previous, axis=1)
    finite_gradient(hidden_in=grad_in, self_weight=grad_r, output=grad_out)
    return BPTTNet(grad_in.reshape(seeds, symbols_k), grad_r, grad_out), loss, run


def _net(net: BPTTNet) -> BPTTNet:
    if not isinstance(net, BPTTNet):
        raise TypeError(f"net must be a BPTTNet (from random_bptt_net), got {type(net).__name__}")
    return net


def run_bptt(net: BPTTNet, symbols: ArrayLike) -> BPTTRun:
    """Run each net forward on its sequence.

    :param net: ``S`` nets over $K$ symbols.
    :param symbols: integer ``(S, T + 1)``: each net's sequence of symbol numbers; the first ``T`` are
        read, $1 \\le T \\le$ ``MAX_DELAY``.
    :return: the {py:class}`BPTTRun`.
    :raises TypeError: for a ``net`` that is not a {py:class}`BPTTNet`, or non-integer symbols.
    :raises ValueError: for a wrong shape, a symbol outside ``0..K-1``, more than ``MAX_RUN_VALUES``
        outputs ``S T K``, or weights whose stated relative error bound (the part's domain rows) exceeds
        ``MAX_RUN_ERROR``.

    ```pycon
    >>> net = random_bptt_net(np.random.default_rng(0), 4, 1)
    >>> run_bptt(net, [[4, 0, 1, 2, 4]]).outputs.shape
    (1, 4, 5)

    ```
    """
    net = _net(net)
    checked = check_symbols(symbols, *net.hidden_in.shape)
    check_run_size(checked.shape, net.hidden_in.shape[1])
    run = _forward(net, checked[:, :-1])
    _check_accuracy(net, checked[:, :-1], run.hidden, "run")
    return run


def bptt_gradient(net: BPTTNet, symbols: ArrayLike) -> tuple[BPTTNet, Array]:
    """The exact gradient of each net's squared error, summed over the steps, by full BPTT.

    The targets are the next symbols: $E = \\tfrac12 \\sum_t \\sum_k (y_k(t) - d_k(t))^2$, $d(t)$ one-hot at
    ``symbols[:, t + 1]``.

    :param net: ``S`` nets.
    :param symbols: integer ``(S, T + 1)``, as {py:func}`run_bptt`.
    :return: the gradient (a {py:class}`BPTTNet` of the same shapes) and the error $E$ ``(S,)``.
    :raises TypeError: as {py:func}`run_bptt`.
    :raises ValueError: as {py:func}`run_bptt` (with $A^2$ in the bound), and where an error signal on
        the way back exceeds float64 (the gradient is refused, not returned as inf).

    ```pycon
    >>> net = random_bptt_net(np.random.default_rng(0), 4, 1)
    >>> grad, loss = bptt_gradient(net, [[4, 0, 1, 2, 4]])
    >>> grad.output.shape, bool(loss[0] > 0)
    ((1, 5, 6), True)

    ```
    """
    net = _net(net)
    checked = check_symbols(symbols, *net.hidden_in.shape)
    check_run_size(checked.shape, net.hidden_in.shape[1])
    grad, loss, _ = _gradient(net, checked)
    return grad, loss


def flow_of_nets(net_hidden: Array, self_weight: Array) -> Array:
    """$\\log_{10}|\\partial\\vartheta_h(0)/\\partial\\vartheta_h(T-1)|$ from the hidden unit's net inputs
    ``(S, T)`` (private; see {py:func}`bptt_flow`)."""
    # each slope's logarithm from its net input: z (1 - z) is 0 where z rounds to 1 (a net above about
    # 37), and sigma' itself underflows beyond a net of about 745
    nets = net_hidden[:, :-1]
    if not np.all(np.isfinite(nets)):
        raise ValueError(
            "hidden_in and self_weight give the hidden unit a net input w_u(t) + r z(t-1) beyond float64, "
            "whose slope's logarithm cannot be formed"
        )
    steps_back = nets.shape[1]
    with np.errstate(divide="ignore", over="ignore"):  # r = 0: a flow of exactly 0, log10 -inf
        log_r = np.log10(np.abs(self_weight)) if steps_back else np.zeros_like(self_weight)
        flow = np.sum(log_sigma_prime(nets) / LN10, axis=1) + steps_back * log_r
    if np.any(np.isneginf(flow) & (self_weight != 0)):
        raise ValueError(
            "hidden_in and self_weight give a flow whose log10 is below -1.8e308, beyond float64"
        )
    return np.asarray(flow)


def bptt_flow(net: BPTTNet, symbols: ArrayLike) -> Array:
    """The error flow along the hidden unit from the last step back to the first (section 3's product).

    The scaling factor of the paper's eq. (3.1) for one unit $h$ and $q = T - 1$ steps back, from the
    hidden unit's error signal $\\vartheta_h(T-1) = \\partial E/\\partial\\mathit{net}_h(T-1)$ at the last step
    to $\\vartheta_h(0)$ at the first:

    $$
    \\frac{\\partial\\vartheta_h(0)}{\\partial\\vartheta_h(T-1)} = \\prod_{t=0}^{T-2} \\sigma'(\\mathit{net}_h(t))\\, r,
    $$

    $T - 1$ factors $f'(\\mathit{net})\\,w$, one per step back (the slope of the last step is not among them:
    it belongs to $\\vartheta_h(T-1)$ itself). Each factor is at most $|r|/4$ in size, so for weights in
    $[-0.2, 0.2]$ the flow is at most $0.05^{T-1}$. Returned as $\\log_{10}$ of its magnitude, a sum of
    the factors' logarithms, each slope's formed from its net input
    ($\\ln\\sigma'(x) = -|x| - 2\\ln(1 + e^{-|x|})$), so that a flow far below the smallest float is still
    given; $0$ (an empty product) for $T = 1$, $-\\infty$ where $r = 0$ (a flow of exactly 0).

    :param net: ``S`` nets.
    :param symbols: integer ``(S, T + 1)``, as {py:func}`run_bptt`.
    :return: ``(S,)``: $\\log_{10}$ of the flow's magnitude, per net.
    :raises TypeError: as {py:func}`run_bptt`.
    :raises ValueError: as {py:func}`run_bptt` (for the flow's own bound, the part's domain rows), and
        where the flow's logarithm is below $-1.8 \\cdot 10^{308}$.

    ```pycon
    >>> net = BPTTNet(np.zeros((1, 3)), np.ones(1), np.zeros((1, 3, 4)))
    >>> bptt_flow(net, [[1, 0, 1]]).round(4).tolist()  # one step back: sigma'(0) r = 1/4
    [-0.6021]

    ```
    """
    net = _net(net)
    checked = check_symbols(symbols, *net.hidden_in.shape)  # no outputs are formed: no run size
    inputs = checked[:, :-1]
    net_hidden, hidden = _hidden(net, inputs)
    _check_accuracy(net, inputs, hidden, "flow", outputs=False)
    return flow_of_nets(net_hidden, net.self_weight)
