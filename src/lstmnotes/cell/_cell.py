"""The 1997 memory cell: a constant error carousel behind an input gate and an output gate.

The cell of {cite:p}`hochreiter1997lstm` (its section 4) wraps the carousel of section 3.2, a linear unit with a
fixed self-connection of weight 1.0, in two multiplicative gates. With external inputs $x(t) \\in
\\mathbb{R}^d$ and the cell's own previous output $y^c(t-1)$ (zero at $t = 0$):

$$
\\begin{aligned}
\\mathit{net}_\\iota(t) &= w_\\iota \\cdot x(t) + r_\\iota\\, y^c(t-1), \\quad \\iota \\in \\{\\mathrm{in}, \\mathrm{out}, c\\},\\\\
y^{\\mathrm{in}}(t) &= \\sigma(\\mathit{net}_{\\mathrm{in}}(t)), \\qquad
y^{\\mathrm{out}}(t) = \\sigma(\\mathit{net}_{\\mathrm{out}}(t)),\\\\
s(t) &= s(t-1) + y^{\\mathrm{in}}(t)\\, g(\\mathit{net}_c(t)), \\qquad s(0) = 0,\\\\
y^c(t) &= y^{\\mathrm{out}}(t)\\, h(s(t)),
\\end{aligned}
$$

with the paper's default squashing functions $g(x) = 4\\sigma(x) - 2$ and $h(x) = 2\\sigma(x) - 1$ (its
experiments use them unless they say otherwise). There is **no forget
gate**: the state is never multiplied by anything but 1.0. The forget gate came three years later, with
{cite:t}`gers2000learning`.

Two gradients are computed, both by back-propagation through time:

- ``scheme="full"``: the exact gradient, along every path, including those from $y^c(t-1)$ through the
  recurrent weights $r_\\iota$ into the next step's net inputs;
- ``scheme="truncated"``: the paper's scheme. Errors that reach the net inputs $\\mathit{net}_{\\mathrm{in}},
  \\mathit{net}_{\\mathrm{out}}, \\mathit{net}_c$ change the weights into them but travel no further back in time;
  only the state $s$ carries error backwards, through the carousel, with a factor of exactly one per step.
  It equals the exact gradient of the same loss with $y^c(t-1)$ held fixed where it enters the net inputs,
  and it equals the full gradient when the recurrent weights are zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, finite_scalar
from lstmnotes.activations import ACTIVATIONS

if TYPE_CHECKING:
    import sympy

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

Array = NDArray[np.float64]

MAX_CELL_STEPS: Final = 1_000_000
"""The longest input sequence accepted."""

SCHEMES: Final = ("full", "truncated")
"""The two gradients {py:func}`cell_backward` computes."""

_sigma, _sigma_prime = ACTIVATIONS["logistic"]


def cell_g(x: ArrayLike) -> Array:
    """The cell input's squashing function, $g(x) = 4\\sigma(x) - 2$, with range $(-2, 2)$.

    :param x: finite reals.
    :return: $g(x)$ as an array.
    :raises ValueError: for non-finite input.

    ```pycon
    >>> cell_g([0.0]).tolist()
    [0.0]

    ```
    """
    return 4.0 * _sigma(finite_array(x, "x")) - 2.0


def cell_g_prime(x: ArrayLike) -> Array:
    """$g'(x) = 4\\sigma'(x)$, at most 1.

    :param x: finite reals.
    :return: $g'(x)$ as an array.
    :raises ValueError: for non-finite input.

    ```pycon
    >>> cell_g_prime([0.0]).tolist()
    [1.0]

    ```
    """
    return 4.0 * _sigma_prime(finite_array(x, "x"))


def cell_h(x: ArrayLike) -> Array:
    """The cell output's squashing function, $h(x) = 2\\sigma(x) - 1$, with range $(-1, 1)$.

    :param x: finite reals.
    :return: $h(x)$ as an array.
    :raises ValueError: for non-finite input.

    ```pycon
    >>> cell_h([0.0]).tolist()
    [0.0]

    ```
    """
    return 2.0 * _sigma(finite_array(x, "x")) - 1.0


def cell_h_prime(x: ArrayLike) -> Array:
    """$h'(x) = 2\\sigma'(x)$, at most $1/2$.

    :param x: finite reals.
    :return: $h'(x)$ as an array.
    :raises ValueError: for non-finite input.

    ```pycon
    >>> cell_h_prime([0.0]).tolist()
    [0.5]

    ```
    """
    return 2.0 * _sigma_prime(finite_array(x, "x"))


@dataclass(frozen=True, init=False)
class CellWeights:
    """The weights of one memory cell: from the $d$ external inputs and from its own previous output.

    :param w_in: input gate weights, shape ``(d,)``.
    :param w_out: output gate weights, shape ``(d,)``.
    :param w_c: cell input weights, shape ``(d,)``.
    :param r_in: input gate weight from $y^c(t-1)$.
    :param r_out: output gate weight from $y^c(t-1)$.
    :param r_c: cell input weight from $y^c(t-1)$.
    :raises ValueError: for non-finite weights or vectors of different lengths.

    ```pycon
    >>> CellWeights([1.0], [0.0], [2.0]).inputs
    1

    ```
    """

    w_in: Array
    w_out: Array
    w_c: Array
    r_in: float
    r_out: float
    r_c: float
    inputs: int
    """$d$, the number of external inputs."""

    def __init__(
        self,
        w_in: ArrayLike,
        w_out: ArrayLike,
        w_c: ArrayLike,
        r_in: float = 0.0,
        r_out: float = 0.0,
        r_c: float = 0.0,
    ) -> None:
        vectors = {
            "w_in": finite_array(w_in, "w_in", ndim=1),
            "w_out": finite_array(w_out, "w_out", ndim=1),
            "w_c": finite_array(w_c, "w_c", ndim=1),
        }
        sizes = {v.shape[0] for v in vectors.values()}
        if len(sizes) != 1 or 0 in sizes:
            shapes = {n: v.shape for n, v in vectors.items()}
            raise ValueError(
                f"w_in, w_out and w_c must be non-empty and of one length, got {shapes}"
            )
        for name, vector in vectors.items():
            object.__setattr__(self, name, vector)
        for name, value in (("r_in", r_in), ("r_out", r_out), ("r_c", r_c)):
            object.__setattr__(self, name, finite_scalar(value, name))
        object.__setattr__(self, "inputs", sizes.pop())


@dataclass(frozen=True)
class CellRun:
    """Everything the forward pass computed, one entry per step $t = 1..T$ (from {py:func}`run_cell`)."""

    inputs: Array
    """$x(t)$, shape ``(T, d)``."""
    previous: Array
    """$y^c(t-1)$, the cell's output one step earlier (zero at $t = 1$)."""
    net_in: Array
    y_in: Array
    """The input gate's activation."""
    net_out: Array
    y_out: Array
    """The output gate's activation."""
    net_c: Array
    g: Array
    """$g(\\mathit{net}_c(t))$, what the cell input offers."""
    state: Array
    """$s(t)$, the carousel's content."""
    h: Array
    """$h(s(t))$."""
    output: Array
    """$y^c(t) = y^{\\mathrm{out}}(t)\\, h(s(t))$."""


def _inputs(weights: CellWeights, inputs: ArrayLike) -> Array:
    x = finite_array(inputs, "inputs", ndim=2)
    if x.shape[1] != weights.inputs:
        raise ValueError(
            f"inputs must have {weights.inputs} columns (one per input), got {x.shape[1]}"
        )
    if not 1 <= x.shape[0] <= MAX_CELL_STEPS:
        raise ValueError(
            f"inputs must have 1 to MAX_CELL_STEPS = {MAX_CELL_STEPS} rows (steps), got {x.shape[0]}"
        )
    return x


def carousel_update(previous: Any, y_in: Any, g: Any) -> Any:
    """The 1997 cell's state equation: $s_c(t) = s_c(t-1) + y^{\\mathrm{in}}(t)\\, g(\\mathit{net}_c(t))$.

    Source: Hochreiter & Schmidhuber (1997), §4. The carousel's self-weight is the constant 1.0 and there is
    no forget gate. {py:func}`run_cell` steps the state with this function, and
    {py:func}`state_update_symbolic` differentiates it; it accepts floats and sympy expressions alike.

    :param previous: $s_c(t-1)$.
    :param y_in: the input gate's activation $y^{\\mathrm{in}}(t)$.
    :param g: the squashed cell input $g(\\mathit{net}_c(t))$.
    :return: $s_c(t)$.

    ```pycon
    >>> carousel_update(2.0, 0.5, -1.0)
    1.5

    ```
    """
    return previous + y_in * g  # the carousel: self-weight 1.0, no forget gate


def state_update_symbolic() -> tuple[sympy.Basic, sympy.Basic]:
    """What the state equation lets a step do to the state, by sympy: add, never scale.

    With $s_c(t-1)$, $y^{\\mathrm{in}}(t)$ and $g$ as independent symbols, sympy differentiates
    {py:func}`carousel_update`: $\\partial s_c(t)/\\partial s_c(t-1)$ (the carousel's coefficient) and
    $\\partial (s_c(t) - s_c(t-1))/\\partial s_c(t-1)$ (whether anything that is added carries the old state
    as a factor). The 1997 equation gives 1 and 0: the state changes only additively. A forget gate
    $y^{\\varphi}\\, s_c(t-1)$ would give $y^{\\varphi}$ and $y^{\\varphi} - 1$.

    :return: ``(coefficient, added)``, the two derivatives, simplified.

    ```pycon
    >>> state_update_symbolic()
    (1, 0)

    ```
    """
    import sympy  # noqa: PLC0415

    previous, y_in, g = sympy.symbols("s_prev y_in g", real=True)
    state = sympy.sympify(carousel_update(previous, y_in, g))
    return (
        sympy.simplify(sympy.diff(state, previous)),
        sympy.simplify(sympy.diff(state - previous, previous)),
    )


def run_cell(weights: CellWeights, inputs: ArrayLike) -> CellRun:
    """Run the 1997 memory cell forward over a sequence of external inputs.

    :param weights: the cell's weights.
    :param inputs: $x(1), \\dots, x(T)$ as rows, shape ``(T, d)``; a constant column serves as a bias.
    :return: the run.
    :raises ValueError: for non-finite inputs, a wrong number of columns or too many steps.

    ```pycon
    >>> run = run_cell(CellWeights([0.0], [0.0], [0.0]), [[1.0], [1.0]])
    >>> run.state.tolist(), run.y_in.tolist()
    ([0.0, 0.0], [0.5, 0.5])

    ```
    """
    x = _inputs(weights, inputs)
    steps = x.shape[0]
    # the parts that do not depend on the cell's own output, for all steps at once
    base_in, base_out, base_c = x @ weights.w_in, x @ weights.w_out, x @ weights.w_c
    names = ("previous", "net_in", "y_in", "net_out", "y_out", "net_c", "g", "state", "h", "output")
    trace = {name: np.empty(steps) for name in names}
    s = y = 0.0
    one = np.empty(1)
    for t in range(steps):
        trace["previous"][t] = y
        net_in = base_in[t] + weights.r_in * y
        net_out = base_out[t] + weights.r_out * y
        net_c = base_c[t] + weights.r_c * y
        one[0] = net_in
        y_in = float(_sigma(one)[0])
        one[0] = net_out
        y_out = float(_sigma(one)[0])
        one[0] = net_c
        g = 4.0 * float(_sigma(one)[0]) - 2.0
        s = carousel_update(s, y_in, g)
        one[0] = s
        h = 2.0 * float(_sigma(one)[0]) - 1.0
        y = y_out * h
        for name, value in zip(
            names[1:], (net_in, y_in, net_out, y_out, net_c, g, s, h, y), strict=True
        ):
            trace[name][t] = value
    return CellRun(inputs=x, **trace)


@dataclass(frozen=True)
class CellGradients:
    """Derivatives of a loss, from {py:func}`cell_backward`."""

    scheme: str
    weights: CellWeights
    """$\\partial L/\\partial w$ for every weight, in the shape of the weights."""
    inputs: Array
    """$\\partial L/\\partial x(t)$, shape ``(T, d)``."""
    delta_in: Array
    """$\\partial L/\\partial \\mathit{net}_{\\mathrm{in}}(t)$."""
    delta_out: Array
    """$\\partial L/\\partial \\mathit{net}_{\\mathrm{out}}(t)$."""
    delta_c: Array
    """$\\partial L/\\partial \\mathit{net}_c(t)$."""
    delta_state: Array
    """$\\partial L/\\partial s(t)$: the error signal the carousel carries."""


def _errors(value: ArrayLike | None, name: str, steps: int) -> Array:
    if value is None:
        return np.zeros(steps)
    array = finite_array(value, name, ndim=1)
    if array.shape != (steps,):
        raise ValueError(f"{name} must have one entry per step, {steps}, got {array.shape[0]}")
    return array


def cell_backward(
    weights: CellWeights,
    run: CellRun,
    output_error: ArrayLike,
    *,
    state_error: ArrayLike | None = None,
    scheme: str = "full",
) -> CellGradients:
    """Back-propagate errors through the cell: the gradient of a loss by every weight and input.

    The loss $L$ enters through ``output_error`` $= \\partial L/\\partial y^c(t)$ (for the squared error
    $\\tfrac12 (y^c(t) - d(t))^2$ it is $y^c(t) - d(t)$) and, optionally, ``state_error``
    $= \\partial L / \\partial s(t)$ directly. Going back from $t = T$:

    $$
    \\delta_s(t) = \\delta_y(t)\\, y^{\\mathrm{out}}(t)\\, h'(s(t)) + \\delta_s(t+1),
    $$

    the carousel's term $\\delta_s(t+1)$ arriving with a factor of exactly one. In the full scheme
    $\\delta_y(t)$ also collects what the next step's net inputs send back through the recurrent weights; in the
    truncated scheme it does not.

    :param weights: the cell's weights.
    :param run: the forward run, from {py:func}`run_cell` with the same weights.
    :param output_error: $\\partial L/\\partial y^c(t)$, one entry per step.
    :param state_error: $\\partial L/\\partial s(t)$ injected directly (default: none).
    :param scheme: ``"full"`` or ``"truncated"``; see the module's description.
    :return: the gradients and the error signals at every net input and at the state.
    :raises ValueError: for an unknown scheme, errors of the wrong length or non-finite errors.

    ```pycon
    >>> w = CellWeights([0.0], [0.0], [0.0])
    >>> back = cell_backward(w, run_cell(w, [[1.0], [1.0]]), [0.0, 0.0], state_error=[0.0, 1.0])
    >>> back.delta_state.tolist()
    [1.0, 1.0]

    ```
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {SCHEMES}")
    steps = run.state.shape[0]
    e_y = _errors(output_error, "output_error", steps)
    e_s = _errors(state_error, "state_error", steps)
    full = scheme == "full"
    d_in, d_out, d_c, d_s = (np.zeros(steps) for _ in range(4))
    sp_in, sp_out = _sigma_prime(run.net_in), _sigma_prime(run.net_out)
    g_prime, h_prime = 4.0 * _sigma_prime(run.net_c), 2.0 * _sigma_prime(run.state)
    carried = 0.0  # delta_s(t + 1), carried back by the carousel with factor one
    for t in range(steps - 1, -1, -1):
        d_y = e_y[t]
        if full and t + 1 < steps:  # y(t) feeds the next step's net inputs
            d_y += (
                weights.r_in * d_in[t + 1] + weights.r_out * d_out[t + 1] + weights.r_c * d_c[t + 1]
            )
        d_out[t] = d_y * run.h[t] * sp_out[t]
        d_s[t] = d_y * run.y_out[t] * h_prime[t] + e_s[t] + carried
        d_in[t] = d_s[t] * run.g[t] * sp_in[t]
        d_c[t] = d_s[t] * run.y_in[t] * g_prime[t]
        carried = d_s[t]
    x, prev = run.inputs, run.previous
    grads = CellWeights(
        w_in=d_in @ x,
        w_out=d_out @ x,
        w_c=d_c @ x,
        r_in=float(d_in @ prev),
        r_out=float(d_out @ prev),
        r_c=float(d_c @ prev),
    )
    by_input = (
        np.outer(d_in, weights.w_in) + np.outer(d_out, weights.w_out) + np.outer(d_c, weights.w_c)
    )
    return CellGradients(scheme, grads, by_input, d_in, d_out, d_c, d_s)


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
    :raises ValueError: as {py:func}`run_cell` and {py:func}`cell_backward`.

    ```pycon
    >>> flow = cell_error_flow(CellWeights([0.0], [0.0], [0.0]), [[1.0]] * 3)
    >>> flow.carousel.tolist(), flow.to_state.tolist()
    ([1.0, 1.0, 1.0], [0.25, 0.25, 0.25])

    ```
    """
    run = run_cell(weights, inputs)
    steps = run.state.shape[0]
    unit = np.zeros(steps)
    unit[-1] = 1.0
    from_output = cell_backward(weights, run, unit, scheme=scheme)
    from_state = cell_backward(weights, run, np.zeros(steps), state_error=unit, scheme=scheme)
    return CellFlow(
        scheme=scheme,
        to_cell_input=from_output.delta_c[::-1].copy(),
        to_state=from_output.delta_state[::-1].copy(),
        carousel=from_state.delta_state[::-1].copy(),
        leaving=float(run.y_out[-1] * 2.0 * _sigma_prime(run.state[-1:])[0]),
        output_gate=float(run.y_out[-1]),
        h_slope=float(2.0 * _sigma_prime(run.state[-1:])[0]),
        entering=(run.y_in * 4.0 * _sigma_prime(run.net_c))[::-1].copy(),
    )


def gated_cell_example(
    rng: np.random.Generator,
    *,
    steps: int = 60,
    write_at: int = 10,
    gate_gain: float = 8.0,
    recurrent: float = 0.0,
) -> tuple[CellWeights, Array]:
    """A cell whose gates open on cue: it writes at one step and is read at the last.

    The inputs are four columns: a random signal, a write cue (one at step ``write_at``, else zero), a read
    cue (one at the last step) and a constant one. The input gate is $\\sigma(k\\,\\mathrm{write} - k/2)$ and the
    output gate $\\sigma(k\\,\\mathrm{read} - k/2)$ with $k$ = ``gate_gain``: nearly shut, except on their cue. The
    cell input is $1.5$ times the signal; all three receive the cell's own output with weight ``recurrent``.

    :param rng: random generator for the signal.
    :param steps: the sequence length $T$, at least 2.
    :param write_at: the step $1 \\le t < T$ at which the input gate opens.
    :param gate_gain: how sharply the gates switch, positive.
    :param recurrent: the weight of $y^c(t-1)$ into each gate and the cell input.
    :return: ``(weights, inputs)``, ready for {py:func}`run_cell` or {py:func}`cell_error_flow`.
    :raises ValueError: for a step count or write step out of range, or a non-positive gain.

    ```pycon
    >>> weights, x = gated_cell_example(np.random.default_rng(0), steps=5, write_at=2)
    >>> x[:, 1].tolist(), x[:, 2].tolist()
    ([0.0, 1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0])

    ```
    """
    if not 2 <= steps <= MAX_CELL_STEPS:
        raise ValueError(f"steps must be between 2 and {MAX_CELL_STEPS}, got {steps}")
    if not 1 <= write_at < steps:
        raise ValueError(f"write_at must be between 1 and steps - 1 = {steps - 1}, got {write_at}")
    k = finite_scalar(gate_gain, "gate_gain")
    if k <= 0:
        raise ValueError(f"gate_gain must be positive, got {k}")
    r = finite_scalar(recurrent, "recurrent")
    x = np.zeros((steps, 4))
    x[:, 0] = rng.normal(size=steps)
    x[write_at - 1, 1] = 1.0
    x[-1, 2] = 1.0
    x[:, 3] = 1.0
    weights = CellWeights(
        [0.0, k, 0.0, -k / 2], [0.0, 0.0, k, -k / 2], [1.5, 0.0, 0.0, 0.0], r, r, r
    )
    return weights, x


def truncation_gap(weights: CellWeights, inputs: ArrayLike, output_error: ArrayLike) -> float:
    """How far the paper's truncated gradient is from the full one, relative to the full one.

    :param weights: the cell's weights.
    :param inputs: the input sequence, shape ``(T, d)``.
    :param output_error: $\\partial L/\\partial y^c(t)$, one entry per step.
    :return: $\\max |\\nabla_{\\mathrm{full}} - \\nabla_{\\mathrm{trunc}}| / \\max |\\nabla_{\\mathrm{full}}|$ over
        all weights; zero when the recurrent weights are zero.
    :raises ValueError: as {py:func}`run_cell` and {py:func}`cell_backward`, or if the full gradient is zero.

    ```pycon
    >>> truncation_gap(CellWeights([1.0], [1.0], [1.0]), [[1.0], [0.5]], [0.0, 1.0])
    0.0

    ```
    """
    run = run_cell(weights, inputs)
    grads = [cell_backward(weights, run, output_error, scheme=s).weights for s in SCHEMES]
    flat = [np.concatenate([g.w_in, g.w_out, g.w_c, [g.r_in, g.r_out, g.r_c]]) for g in grads]
    scale = float(np.max(np.abs(flat[0])))
    if scale == 0:
        raise ValueError("the full gradient is zero: no relative gap to report")
    return float(np.max(np.abs(flat[0] - flat[1]))) / scale


@dataclass(frozen=True)
class CellFactorisation:
    """The truncated flow's factorisation, verified by sympy, from {py:func}`cell_flow_factorisation`."""

    formula: sympy.Eq
    """$\\partial y^c(T)/\\partial\\mathit{net}_c(T-q)$ as a product of the gates' factors."""
    checked: tuple[int, ...]
    """The values of $q$ for which sympy differentiated the unrolled cell and found the formula."""
    steps: int

    def latex(self) -> str:
        """The formula as LaTeX, with the derivative written with $\\partial$.

        :return: LaTeX source without dollar signs.
        """
        import sympy  # noqa: PLC0415

        lhs = r"\frac{\partial y^c(T)}{\partial \mathit{net}_c(T-q)}"
        return f"{lhs} = {sympy.latex(self.formula.rhs, order='none')}"


def cell_flow_factorisation(steps: int = 5) -> CellFactorisation:
    """Differentiate an unrolled cell with sympy and check the factorisation of its truncated flow.

    Under the paper's truncation the net inputs are not differentiated through to earlier outputs, so they
    act as independent variables. sympy builds $s(T) = \\sum_t y^{\\mathrm{in}}(t)\\, g(\\mathit{net}_c(t))$ and
    $y^c(T) = y^{\\mathrm{out}}(T)\\, h(s(T))$ over ``steps`` steps, differentiates by each
    $\\mathit{net}_c(T-q)$ and compares with
    $y^{\\mathrm{out}}(T)\\, h'(s(T)) \\cdot 1 \\cdot y^{\\mathrm{in}}(T-q)\\, g'(\\mathit{net}_c(T-q))$.

    :param steps: the length $T$ of the unrolled cell, 1 to 12.
    :return: the formula and the values of $q$ checked.
    :raises ValueError: for ``steps`` out of range.
    :raises ArithmeticError: if sympy finds a difference (it does not).

    ```pycon
    >>> f = cell_flow_factorisation(3)
    >>> f.checked
    (0, 1, 2)
    >>> f.latex().startswith(r"\\frac{\\partial y^c(T)}")
    True

    ```
    """
    import sympy  # noqa: PLC0415

    if not 1 <= steps <= 12:
        raise ValueError(f"steps must be between 1 and 12, got {steps}")
    x = sympy.Symbol("x", real=True)
    sig = 1 / (1 + sympy.exp(-x))
    g, h = 4 * sig - 2, 2 * sig - 1

    def at(expr: sympy.Basic, value: sympy.Basic) -> sympy.Basic:
        return expr.subs(x, value)

    net_in = sympy.symbols(f"i1:{steps + 1}", real=True)
    net_out = sympy.Symbol("o", real=True)
    net_c = sympy.symbols(f"c1:{steps + 1}", real=True)
    state = sum(at(sig, net_in[t]) * at(g, net_c[t]) for t in range(steps))
    output = at(sig, net_out) * at(h, state)
    checked = []
    for q in range(steps):
        t = steps - 1 - q
        expected = (
            at(sig, net_out) * at(sympy.diff(h, x), state) * at(sig, net_in[t])
            * at(sympy.diff(g, x), net_c[t])
        )  # fmt: skip
        if sympy.simplify(sympy.diff(output, net_c[t]) - expected) != 0:
            raise ArithmeticError(f"the truncated flow does not factorise at q = {q}")
        checked.append(q)
    names = {
        "y": r"{y^{c}(T)}", "net": r"\mathit{net}_c(T-q)", "out": r"y^{\mathrm{out}}(T)",
        "hp": r"h'(s(T))", "in": r"y^{\mathrm{in}}(T-q)", "gp": r"g'(\mathit{net}_c(T-q))",
    }  # fmt: skip
    sym = {k: sympy.Symbol(v) for k, v in names.items()}
    formula = sympy.Eq(
        sympy.Derivative(sym["y"], sym["net"]),
        sympy.Mul(sym["out"], sym["hp"], sym["in"], sym["gp"], evaluate=False),
    )
    return CellFactorisation(formula, tuple(checked), steps)


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
    independent symbols ({py:func}`state_update_symbolic`): ``"1"``."""
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
    :param cells: how many random cells to check.
    :param steps: the length of each random input sequence.
    :param drift_steps: how long the constant input lasts.
    :return: the verdict with its evidence: ``"holds"`` when sympy finds the state equation's coefficient
        of $s_c(t-1)$ exactly one and nothing added depending on it ({py:func}`state_update_symbolic`), the
        truncated flow of the cells run is exactly one, and the state under the constant input gains the
        same amount every step.
    :raises ValueError: for counts below 1 or above {py:data}`lstmnotes.cell.MAX_CELL_STEPS`.

    ```pycon
    >>> judged = memory_cell_has_no_forget_gate(np.random.default_rng(0), cells=3, steps=10)
    >>> judged.verdict, judged.carousel_deviation
    ('holds', 0.0)

    ```
    """
    for name, value in (("cells", cells), ("steps", steps), ("drift_steps", drift_steps)):
        if not 1 <= value <= MAX_CELL_STEPS:
            raise ValueError(f"{name} must be between 1 and {MAX_CELL_STEPS}, got {value}")
    truncated = full = 0.0
    for _ in range(cells):
        r_in, r_out, r_c = rng.normal(scale=0.5, size=3)
        weights = CellWeights(
            rng.normal(size=3), rng.normal(size=3), rng.normal(size=3), r_in, r_out, r_c
        )
        x = np.column_stack([rng.normal(size=(steps, 2)), np.ones(steps)])
        run = run_cell(weights, x)
        for t in range(1, steps + 1):  # inject at s(t), read the carousel's flow to s(t - q)
            unit = np.zeros(steps)
            unit[t - 1] = 1.0
            zeros = np.zeros(steps)
            for scheme in SCHEMES:
                back = cell_backward(weights, run, zeros, state_error=unit, scheme=scheme)
                deviation = float(np.max(np.abs(back.delta_state[:t] - 1.0)))
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
        f"The cell's self-weight is the constant 1.0: over {cells} random cells and every pair of steps, "
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
    :param biases: the biases to compare, at least two, distinct.
    :param steps: the stream length $T$, 2 to {py:data}`lstmnotes.cell.MAX_CELL_STEPS`.
    :param cells: how many random cells to search, 1 to 10,000.
    :return: the example and the search's worst case.
    :raises ValueError: for out-of-range sizes or fewer than two distinct biases.
    """
    if len(set(biases)) < 2 or len(set(biases)) != len(biases):
        raise ValueError(f"biases must hold at least two distinct values, got {biases}")
    if not 2 <= steps <= MAX_CELL_STEPS or not 1 <= cells <= 10_000:
        raise ValueError(f"need 2 <= steps <= {MAX_CELL_STEPS} and 1 <= cells <= 10000")
    order = tuple(sorted((finite_scalar(b, "bias") for b in biases), reverse=True))
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
    :param steps: the example's length $T$, 2 to {py:data}`lstmnotes.cell.MAX_CELL_STEPS`.
    :param gate_bias: the gates' bias in the example.
    :param pulse_weight: the cell input's weight on the pulse.
    :param recurrent: $r_c$ in the example.
    :param cells: how many random cells to search, 1 to 10,000.
    :return: the example's two runs and the search's result.
    :raises ValueError: for out-of-range sizes or non-finite numbers.

    ```pycon
    >>> r = additive_forgetting(np.random.default_rng(0), cells=2)
    >>> round(float(r.states[0]), 3), round(float(r.states[1]), 3), round(float(r.kept[-1]), 3)
    (1.523, 0.902, 1.523)

    ```
    """
    if not 2 <= steps <= MAX_CELL_STEPS or not 1 <= cells <= 10_000:
        raise ValueError(f"need 2 <= steps <= {MAX_CELL_STEPS} and 1 <= cells <= 10000")
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
    both; and the drift example of {py:func}`memory_cell_has_no_forget_gate` (input gate half open, cell
    input one, state $t/2$) gives $h'(s(T))$ after each of ``drift_steps``.

    :param drift_steps: the lengths of the drift example, each 1 to {py:data}`lstmnotes.cell.MAX_CELL_STEPS`.
    :return: the identities, the grid's worst ratio and the example.
    :raises ValueError: for a length out of range.
    :raises ArithmeticError: if sympy does not find the stated forms.

    ```pycon
    >>> e = entry_factor_drift(drift_steps=(10,))
    >>> e.worst_ratio <= 1.0, e.drift_states
    (True, (5.0,))

    ```
    """
    import sympy  # noqa: PLC0415

    if not drift_steps or not all(1 <= t <= MAX_CELL_STEPS for t in drift_steps):
        raise ValueError(f"drift_steps must be 1 to {MAX_CELL_STEPS}, got {drift_steps}")
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


def bias_drift_symbolic() -> tuple[sympy.Basic, bool]:
    """sympy's proof that a more negative input-gate bias leaves a smaller $|s(t)|$, for cell inputs of one sign.

    With $r_{\\mathrm{in}} = r_c = 0$ neither the input gate's other net input $a_\\tau$ nor the cell input
    $g_\\tau$ depends on the bias $b$, and with the $g_\\tau$ of one sign
    $|s(t)| = \\sum_{\\tau \\le t} \\sigma(a_\\tau + b)\\, |g_\\tau|$. Each term's derivative in $b$,
    $\\sigma'(a_\\tau + b)\\, |g_\\tau|$, is positive (sympy decides it for real $a$, $b$ and positive $|g|$),
    so $|s(t)|$ increases strictly with $b$ at every $t \\ge 1$ with some $g_\\tau \\ne 0$.

    :return: ``(derivative, positive)``: one term's derivative in $b$, and whether sympy finds it positive.

    ```pycon
    >>> bias_drift_symbolic()[1]
    True

    ```
    """
    import sympy  # noqa: PLC0415

    a, b = sympy.symbols("a b", real=True)
    size = sympy.Symbol("G", positive=True)  # |g_tau|
    term = size / (1 + sympy.exp(-(a + b)))
    derivative = sympy.simplify(sympy.diff(term, b))
    return derivative, bool(derivative.is_positive)
