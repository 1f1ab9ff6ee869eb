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

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.cell import _scaled as sc
from lstmnotes.cell._cell import CellRun, CellWeights, _sigma_prime

__all__ = [
    "MAX_BACKWARD_WORK",
    "SCHEMES",
    "CellGradients",
    "cell_backward",
]

Array = NDArray[np.float64]

SCHEMES: Final = ("full", "truncated")
"""The two gradients {py:func}`cell_backward` computes."""

MAX_BACKWARD_WORK: Final = 1_500_000
"""The most $T\\,(d + 2)$ one backward pass accepts ($T$ steps, $d$ inputs a step). At this size (and at
{py:data}`lstmnotes.cell.MAX_RECURRENT_CELL_STEPS` steps with recurrent weights) one pass takes about half a
second of CPU time, and {py:func}`lstmnotes.cell.cell_error_flow` and {py:func}`lstmnotes.cell.truncation_gap`,
each a forward run and two passes, about a second."""


def check_work(shape: tuple[int, ...], name: str) -> None:
    """Refuse a backward pass over ``shape`` = ``(T, d)`` beyond {py:data}`MAX_BACKWARD_WORK`; other shapes
    are left to the caller's own checks."""
    if len(shape) == 2 and shape[0] * (shape[1] + 2) > MAX_BACKWARD_WORK:
        raise ValueError(
            f"{name} of shape {shape} asks for T (d + 2) = {shape[0] * (shape[1] + 2)} in a backward "
            f"pass; at most MAX_BACKWARD_WORK = {MAX_BACKWARD_WORK}"
        )


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
    :raises ValueError: for an unknown scheme, errors of the wrong length or non-finite errors, a run
        with $T\\,(d + 2)$ above {py:data}`MAX_BACKWARD_WORK`, or a gradient beyond the float64 range.
    :raises TypeError: if ``weights`` or ``run`` is not what {py:class}`CellWeights` and {py:func}`run_cell`
        make.

    The time is linear in $T\\,(d + 2)$: about half a second of CPU time at the limits. The error signals are
    computed in float64 in the order of the recursion above, and the weights' gradients are float64 sums over
    time.

    ```pycon
    >>> from lstmnotes.cell import run_cell
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
    if run.inputs.shape[1] != weights.w_in.shape[0]:
        raise ValueError(
            f"run has {run.inputs.shape[1]} inputs a step, weights have {weights.w_in.shape[0]}: "
            "pass the run of run_cell with these weights"
        )
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a string, got {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {SCHEMES}")
    check_work(run.inputs.shape, "run.inputs")
    steps = run.state.shape[0]
    e_y = _errors(output_error, "output_error", steps)
    e_s = _errors(state_error, "state_error", steps)
    factors, prev = _factors(run)
    d_in, d_out, d_c, d_s = error_signals(weights, factors, e_y, e_s, scheme)
    by_input, by_weight = _input_terms(weights, run, (d_in, d_out, d_c))
    by_weight |= {
        "r_in": sc.total(sc.times(d_in, prev)),
        "r_out": sc.total(sc.times(d_out, prev)),
        "r_c": sc.total(sc.times(d_c, prev)),
    }
    grads = CellWeights.__new__(CellWeights)
    for name, value in by_weight.items():
        number = sc.to_float(value)
        object.__setattr__(grads, name, number if number.ndim else float(number))
    object.__setattr__(grads, "inputs", run.inputs.shape[1])
    signals = [sc.to_float(v) for v in (d_in, d_out, d_c, d_s)]
    values = (*signals, grads.w_in, grads.w_out, grads.w_c, by_input)
    if not all(np.all(np.isfinite(v)) for v in values) or not all(
        np.isfinite(v) for v in (grads.r_in, grads.r_out, grads.r_c)
    ):
        raise ValueError(
            "the gradient exceeds the float64 range (about 1.8e308) for this output_error, state_error "
            "and these weights; scale the errors down"
        )
    return CellGradients(scheme, grads, by_input, *signals)


def error_signals(
    weights: CellWeights,
    factors: tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled],
    e_y: Array,
    e_s: Array,
    scheme: str,
) -> tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled]:
    """The error signals at the net inputs and at the state, scaled: {py:func}`cell_backward`'s recursion
    without the weights' gradients. ``factors`` come from :func:`_factors`."""
    full = scheme == "full" and (weights.r_in != 0 or weights.r_out != 0 or weights.r_c != 0)
    ey, es = sc.split(e_y), sc.split(e_s)
    if full:
        return _full_scheme(weights, ey, es, factors)
    # no path through the recurrent weights: only the carousel carries error back, factor one
    f_out, f_s, f_in, f_c = factors
    d_out = sc.times(ey, f_out)
    # a term below 2^-2400 stays below 2^-1300 after the later factors (g, a slope, an input): zero
    entering = sc.dropped_below(sc.plus(sc.times(ey, f_s), es), -2400)
    d_s = sc.suffix_sums(entering)  # delta_s(t) = entering(t) + delta_s(t + 1)
    return sc.times(d_s, f_in), d_out, sc.times(d_s, f_c), d_s


def _factors(run: CellRun) -> tuple[tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled], sc.Scaled]:
    r"""What an error meets at each step, as mantissas and exponents: $h\,\sigma'(\mathit{net}_{\mathrm{out}})$
    on the way to the output gate, $y^{\mathrm{out}} h'(s)$ into the carousel, $g\,\sigma'(\mathit{net}_{
    \mathrm{in}})$ to the input gate and $y^{\mathrm{in}} g'(\mathit{net}_c)$ to the cell input.

    Recomputed from the recorded net inputs and states wherever the float64 values the run kept have left
    the normal range (gates and slopes below $e^{-700}$, $g$ and $h$ near zero); so is $y^c(t-1)$, the
    second return value."""
    sp_in = sc.logistic_slope(run.net_in, _sigma_prime(run.net_in))
    sp_out = sc.logistic_slope(run.net_out, _sigma_prime(run.net_out))
    g_prime = sc.logistic_slope(run.net_c, _sigma_prime(run.net_c))
    h_prime = sc.logistic_slope(run.state, _sigma_prime(run.state))
    g = sc.half_tanh(run.net_c, run.g, 1)
    h = sc.half_tanh(run.state, run.h, 0)
    y_in, y_out = sc.gate(run.net_in, run.y_in), sc.gate(run.net_out, run.y_out)
    # g' = 4 sigma'(net_c), h' = 2 sigma'(s)
    four = (np.array(0.5), np.array(3, dtype=np.int64))
    two = (np.array(0.5), np.array(2, dtype=np.int64))
    output = sc.times(y_out, h)
    previous = (
        np.concatenate([[0.0], output[0][:-1]]),
        np.concatenate([[sc.ZERO], output[1][:-1]]).astype(np.int64),
    )
    factors = (
        sc.times(h, sp_out),
        sc.times(y_out, h_prime, two),
        sc.times(g, sp_in),
        sc.times(y_in, g_prime, four),
    )
    return factors, previous


def _plain_full_scheme(
    weights: CellWeights,
    ey: sc.Scaled,
    es: sc.Scaled,
    factors: tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled],
) -> tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled] | None:
    """The recursion in plain float64, kept only where no product left the normal range (else ``None``)."""
    r_in, r_out, r_c = weights.r_in, weights.r_out, weights.r_c
    scaled = (ey, es, *factors)
    if not all(np.all((m == 0.0) | ((e >= -1021) & (e <= 1024))) for m, e in scaled):
        return None  # a factor that is no normal float64 (one that would round to zero included)
    floats = [sc.to_float(v) for v in scaled]
    e_y, e_s, f_out, f_s, f_in, f_c = (v.tolist() for v in floats)
    steps = len(e_y)
    d_in, d_out, d_c, d_s, d_ys = ([0.0] * steps for _ in range(5))
    carried = 0.0
    with np.errstate(all="ignore"):
        for t in range(steps - 1, -1, -1):
            d_y = e_y[t]
            if t + 1 < steps:
                d_y += r_in * d_in[t + 1] + r_out * d_out[t + 1] + r_c * d_c[t + 1]
            d_ys[t] = d_y
            d_out[t] = d_y * f_out[t]
            d_s[t] = d_y * f_s[t] + e_s[t] + carried
            d_in[t] = d_s[t] * f_in[t]
            d_c[t] = d_s[t] * f_c[t]
            carried = d_s[t]
        a = [np.array(v) for v in (d_in, d_out, d_c, d_s, d_ys)]
        later = [np.append(v[1:], 0.0) for v in a[:3]]
        products = [
            (np.full(steps, r_in), later[0]),
            (np.full(steps, r_out), later[1]),
            (np.full(steps, r_c), later[2]),
            (a[4], floats[2]),
            (a[4], floats[3]),
            (a[3], floats[4]),
            (a[3], floats[5]),
        ]
        if not all(np.all(_normal(x * y) | (x == 0) | (y == 0)) for x, y in products):
            return None  # a product of two nonzero factors under- or overflowed (to 0 included)
    if not all(np.all(np.isfinite(v)) for v in a):
        return None
    return sc.split(a[0]), sc.split(a[1]), sc.split(a[2]), sc.split(a[3])


def _normal(v: NDArray[np.float64]) -> NDArray[np.bool_]:
    """A finite float of at least 2^-1022 in magnitude: a product of nonzero factors that neither
    underflowed (to a subnormal or to zero) nor overflowed."""
    normal: NDArray[np.bool_] = np.isfinite(v) & (np.abs(v) >= 2.0**-1022)
    return normal


def _full_scheme(
    weights: CellWeights,
    ey: sc.Scaled,
    es: sc.Scaled,
    factors: tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled],
) -> tuple[sc.Scaled, sc.Scaled, sc.Scaled, sc.Scaled]:
    r"""Back-propagation through time along every path, one step at a time, on mantissas and exponents.

    Where every factor and error lies within $2^{\pm 400}$ and every error signal the plain float64
    recursion finds is zero or within $2^{\pm 600}$, no product or sum can under- or overflow, and the
    plain recursion (same operations, same roundings) is used; otherwise the scaled one.
    """
    plain = _plain_full_scheme(weights, ey, es, factors)
    if plain is not None:
        return plain
    (mi, ei), (mo, eo), (mc, ec) = (
        (m, e) if m else (0.0, sc.ZERO)
        for m, e in (math.frexp(r) for r in (weights.r_in, weights.r_out, weights.r_c))
    )
    ey_m, ey_e = ey[0].tolist(), ey[1].tolist()
    es_m, es_e = es[0].tolist(), es[1].tolist()
    (fo_m, fo_e), (fs_m, fs_e), (fi_m, fi_e), (fc_m, fc_e) = (
        (m.tolist(), e.tolist()) for m, e in factors
    )
    steps = len(ey_m)
    zero = sc.ZERO
    frexp, ldexp, fsum = math.frexp, math.ldexp, math.fsum
    # the four signals as mantissas and exponents: a product multiplies the mantissas (one rounding) and adds
    # the exponents; a sum scales its terms by exact powers of two to the largest exponent and adds them
    # with math.fsum (one rounding)
    in_m, out_m, c_m, s_m = ([0.0] * steps for _ in range(4))
    in_e, out_e, c_e, s_e = ([zero] * steps for _ in range(4))
    next_in = next_out = next_c = (0.0, zero)
    carried = (0.0, zero)  # delta_s(t + 1), carried back by the carousel with factor one
    for t in range(steps - 1, -1, -1):
        ym, ye = ey_m[t], ey_e[t]
        if t + 1 < steps:  # y(t) feeds the next step's net inputs
            m1, k1 = frexp(mi * next_in[0])
            m1, e1 = (m1, ei + next_in[1] + k1) if m1 else (0.0, zero)
            m2, k2 = frexp(mo * next_out[0])
            m2, e2 = (m2, eo + next_out[1] + k2) if m2 else (0.0, zero)
            m3, k3 = frexp(mc * next_c[0])
            m3, e3 = (m3, ec + next_c[1] + k3) if m3 else (0.0, zero)
            top = max(ye, e1, e2, e3)
            ym, k = frexp(
                fsum(
                    (
                        ldexp(ym, max(ye - top, -1100)),
                        ldexp(m1, max(e1 - top, -1100)),
                        ldexp(m2, max(e2 - top, -1100)),
                        ldexp(m3, max(e3 - top, -1100)),
                    )
                )
            )
            ym, ye = (ym, top + k) if ym else (0.0, zero)
        m, k = frexp(ym * fo_m[t])
        out_m[t], out_e[t] = (m, ye + fo_e[t] + k) if m else (0.0, zero)
        m1, k1 = frexp(ym * fs_m[t])
        m1, e1 = (m1, ye + fs_e[t] + k1) if m1 else (0.0, zero)
        m2, e2 = es_m[t], es_e[t]
        top = max(e1, e2, carried[1])
        sm, k = frexp(
            fsum(
                (
                    ldexp(m1, max(e1 - top, -1100)),
                    ldexp(m2, max(e2 - top, -1100)),
                    ldexp(carried[0], max(carried[1] - top, -1100)),
                )
            )
        )
        sm, se = (sm, top + k) if sm else (0.0, zero)
        s_m[t], s_e[t] = sm, se
        m, k = frexp(sm * fi_m[t])
        in_m[t], in_e[t] = (m, se + fi_e[t] + k) if m else (0.0, zero)
        m, k = frexp(sm * fc_m[t])
        c_m[t], c_e[t] = (m, se + fc_e[t] + k) if m else (0.0, zero)
        next_in, next_out, next_c = (in_m[t], in_e[t]), (out_m[t], out_e[t]), (c_m[t], c_e[t])
        carried = (sm, se)
    d_in, d_out, d_c, d_s = (
        (np.array(m, dtype=np.float64), np.array(e, dtype=np.int64))
        for m, e in ((in_m, in_e), (out_m, out_e), (c_m, c_e), (s_m, s_e))
    )
    return d_in, d_out, d_c, d_s


def _input_terms(
    weights: CellWeights, run: CellRun, signals: tuple[sc.Scaled, sc.Scaled, sc.Scaled]
) -> tuple[Array, dict[str, sc.Scaled]]:
    """The gradient by every input, and the gradients by ``w_in``, ``w_out`` and ``w_c`` (scaled): the
    sums over time of each step's error signal times its inputs, taken a block of steps at a time (fresh
    memory costs time of its own) and then summed over the blocks."""
    steps, d = run.inputs.shape
    rows = max(1, _BLOCK_VALUES // d)
    names = ("w_in", "w_out", "w_c")
    rows_of = [_row(w) for w in (weights.w_in, weights.w_out, weights.w_c)]
    by_input = np.empty((steps, d))
    blocks: list[list[sc.Scaled]] = [[] for _ in names]
    for start in range(0, steps, rows):
        block = slice(start, start + rows)
        x = sc.split(run.inputs[block])
        parts = [_column((m[block], e[block])) for m, e in signals]
        for part, found in zip(parts, blocks, strict=True):
            found.append(sc.total(sc.times(part, x)))
        terms = (sc.times(part, w) for part, w in zip(parts, rows_of, strict=True))
        by_input[block] = sc.to_float(sc.plus(*terms))
    by_weight = {
        name: sc.total((np.stack([m for m, _ in found]), np.stack([e for _, e in found])))
        for name, found in zip(names, blocks, strict=True)
    }
    return by_input, by_weight


_BLOCK_VALUES: Final = 1 << 17
"""Input values {py:func}`_input_terms` takes at once."""


def _column(value: sc.Scaled) -> sc.Scaled:
    return value[0][:, None], value[1][:, None]


def _row(weights: Array) -> sc.Scaled:
    return sc.split(weights[None, :])
