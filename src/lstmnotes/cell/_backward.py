"""The 1997 memory cell run backwards: the gradient of a loss, and how an error flows through the cell.

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
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.cell._cell import CellRun, CellWeights, _sigma_prime, run_cell

__all__ = [
    "SCHEMES",
    "CellFlow",
    "CellGradients",
    "cell_backward",
    "cell_error_flow",
    "truncation_gap",
]

Array = NDArray[np.float64]

SCHEMES: Final = ("full", "truncated")
"""The two gradients {py:func}`cell_backward` computes."""


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
    :raises ValueError: for an unknown scheme, errors of the wrong length or non-finite errors, or a
        gradient beyond the float64 range.
    :raises TypeError: if ``weights`` or ``run`` is not what {py:class}`CellWeights` and {py:func}`run_cell`
        make.

    The time is linear in the number of steps. The error signals are computed in float64 in the order of
    the recursion above, and the weights' gradients are float64 sums over time.

    ```pycon
    >>> w = CellWeights([0.0], [0.0], [0.0])
    >>> back = cell_backward(w, run_cell(w, [[1.0], [1.0]]), [0.0, 0.0], state_error=[0.0, 1.0])
    >>> back.delta_state.tolist()
    [1.0, 1.0]

    ```
    """
    if not isinstance(weights, CellWeights):
        raise TypeError(f"weights must be CellWeights, got {type(weights).__name__}")
    if not isinstance(run, CellRun):
        raise TypeError(f"run must be a CellRun from run_cell, got {type(run).__name__}")
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a string, got {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {SCHEMES}")
    steps = run.state.shape[0]
    e_y = _errors(output_error, "output_error", steps)
    e_s = _errors(state_error, "state_error", steps)
    full = scheme == "full" and (weights.r_in != 0 or weights.r_out != 0 or weights.r_c != 0)
    sp_in, sp_out = _sigma_prime(run.net_in), _sigma_prime(run.net_out)
    g_prime, h_prime = 4.0 * _sigma_prime(run.net_c), 2.0 * _sigma_prime(run.state)
    with np.errstate(over="ignore", invalid="ignore"):  # a value beyond float64 is refused below
        if full:
            d_in, d_out, d_c, d_s = _full_scheme(
                weights, run, e_y, e_s, sp_in, sp_out, g_prime, h_prime
            )
        else:  # no path through the recurrent weights: only the carousel carries error back, factor one
            d_out = e_y * run.h * sp_out
            entering = e_y * run.y_out * h_prime + e_s
            d_s = np.cumsum(entering[::-1])[
                ::-1
            ].copy()  # delta_s(t) = entering(t) + delta_s(t + 1)
            d_in = _times_gate(d_s, run.g, sp_in)
            d_c = d_s * run.y_in * g_prime
        x, prev = run.inputs, run.previous
        grads = CellWeights.__new__(CellWeights)
        for name, value in (
            ("w_in", d_in @ x),
            ("w_out", d_out @ x),
            ("w_c", d_c @ x),
            ("r_in", float(d_in @ prev)),
            ("r_out", float(d_out @ prev)),
            ("r_c", float(d_c @ prev)),
            ("inputs", x.shape[1]),
        ):
            object.__setattr__(grads, name, value)
        by_input = (
            np.outer(d_in, weights.w_in)
            + np.outer(d_out, weights.w_out)
            + np.outer(d_c, weights.w_c)
        )
    values = (d_in, d_out, d_c, d_s, grads.w_in, grads.w_out, grads.w_c, by_input)
    if not all(np.all(np.isfinite(v)) for v in values) or not all(
        np.isfinite(v) for v in (grads.r_in, grads.r_out, grads.r_c)
    ):
        raise ValueError(
            "the gradient exceeds the float64 range (about 1.8e308) for this output_error, state_error "
            "and these weights; scale the errors down"
        )
    return CellGradients(scheme, grads, by_input, d_in, d_out, d_c, d_s)


_HUGE: Final = 2.0**1020
r"""Above it $\delta_s\, g$ may overflow although $\delta_s\, g\, \sigma'$ does not ($|g| < 2$, $\sigma' \le 1/4$)."""


def _times_gate(d_s: Array, g: Array, slope: Array) -> Array:
    r"""$\delta_s\, g\, \sigma'(\mathit{net}_{\mathrm{in}})$, scaled by exact powers of two where $\delta_s$ is huge."""
    scaled: Array = np.where(np.abs(d_s) < _HUGE, d_s * g * slope, d_s * 0.25 * g * slope * 4.0)
    return scaled


def _full_scheme(
    weights: CellWeights,
    run: CellRun,
    e_y: Array,
    e_s: Array,
    sp_in: Array,
    sp_out: Array,
    g_prime: Array,
    h_prime: Array,
) -> tuple[Array, Array, Array, Array]:
    """Back-propagation through time along every path, one step at a time in Python floats (IEEE)."""
    r_in, r_out, r_c = weights.r_in, weights.r_out, weights.r_c
    ey, es, h, yo, g, yi = (a.tolist() for a in (e_y, e_s, run.h, run.y_out, run.g, run.y_in))
    spi, spo, gp, hp = (a.tolist() for a in (sp_in, sp_out, g_prime, h_prime))
    steps = len(ey)
    d_in, d_out, d_c, d_s = ([0.0] * steps for _ in range(4))
    carried = 0.0  # delta_s(t + 1), carried back by the carousel with factor one
    for t in range(steps - 1, -1, -1):
        d_y = ey[t]
        if t + 1 < steps:  # y(t) feeds the next step's net inputs
            d_y += r_in * d_in[t + 1] + r_out * d_out[t + 1] + r_c * d_c[t + 1]
        d_out[t] = d_y * h[t] * spo[t]
        d_s[t] = d_y * yo[t] * hp[t] + es[t] + carried
        d_in[t] = (
            d_s[t] * g[t] * spi[t] if abs(d_s[t]) < _HUGE else d_s[t] * 0.25 * g[t] * spi[t] * 4.0
        )
        d_c[t] = d_s[t] * yi[t] * gp[t]
        carried = d_s[t]
    return np.array(d_in), np.array(d_out), np.array(d_c), np.array(d_s)


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
