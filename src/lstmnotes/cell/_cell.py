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

{py:func}`run_cell` runs the cell forward; the gradients and the error flow through it are computed by
{py:func}`cell_backward` and {py:func}`cell_error_flow`, the sympy results in
{py:mod}`lstmnotes.cell.symbolic` and the checks of the chapter's claims in {py:mod}`lstmnotes.cell.evidence`
and {py:mod}`lstmnotes.cell.evidence_drift`.

The module is long because the forward run has two paths that must agree bit for bit (all steps at once
without recurrent weights, step by step with them) and keeps every net input right over the whole float
range: each input part scaled by exact powers of two, and a recurrent term added at that scale where the
input part alone is beyond float64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, finite_scalar
from lstmnotes.activations import ACTIVATIONS, CELL_G, CELL_H

__all__ = [
    "MAX_CELL_STEPS",
    "MAX_CELL_VALUES",
    "MAX_RECURRENT_CELL_STEPS",
    "CellRun",
    "CellWeights",
    "carousel_update",
    "cell_g",
    "cell_g_prime",
    "cell_h",
    "cell_h_prime",
    "gated_cell_example",
    "run_cell",
]

Array = NDArray[np.float64]

MAX_CELL_STEPS: Final = 1_000_000
"""The longest input sequence accepted (a cell without recurrent weights and with one input a step runs it in
well under a second; {py:data}`MAX_CELL_VALUES` bounds wider inputs)."""

MAX_RECURRENT_CELL_STEPS: Final = 40_000
"""The longest input sequence accepted for a cell with a nonzero recurrent weight: its steps cannot be
computed all at once. This many take about a quarter of a second with a few inputs a step, up to about a second
with {py:data}`MAX_CELL_VALUES` values; the full-scheme backward pass, one step at a time too, keeps
{py:func}`lstmnotes.cell.cell_error_flow` within about a second at this length."""

MAX_CELL_VALUES: Final = 10_000_000
"""The most input values $T \\cdot d$ accepted (80 MB of float64): a run of this many takes about a second."""

_SMALLEST_GAIN: Final = 2.0**-1021

_sigma, _sigma_prime = ACTIVATIONS["logistic"]


def cell_g(x: ArrayLike) -> Array:
    """The cell input's squashing function, $g(x) = 4\\sigma(x) - 2$, with range $(-2, 2)$.

    Computed as $2 \\tanh(x/2)$, so that it keeps its relative accuracy near zero.

    :param x: finite reals.
    :return: $g(x)$ as an array.
    :raises ValueError: for non-finite input.

    ```pycon
    >>> cell_g([0.0]).tolist()
    [0.0]

    ```
    """
    return CELL_G.f(finite_array(x, "x"))


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
    return CELL_G.fprime(finite_array(x, "x"))


def cell_h(x: ArrayLike) -> Array:
    """The cell output's squashing function, $h(x) = 2\\sigma(x) - 1$, with range $(-1, 1)$.

    Computed as $\\tanh(x/2)$, so that it keeps its relative accuracy near zero.

    :param x: finite reals.
    :return: $h(x)$ as an array.
    :raises ValueError: for non-finite input.

    ```pycon
    >>> cell_h([0.0]).tolist()
    [0.0]

    ```
    """
    return CELL_H.f(finite_array(x, "x"))


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
    return CELL_H.fprime(finite_array(x, "x"))


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
    _check_inputs_shape(weights, x.shape)
    return x


def _check_inputs_shape(weights: CellWeights, shape: tuple[int, ...]) -> None:
    if shape[1] != weights.inputs:
        raise ValueError(
            f"inputs must have {weights.inputs} columns (one per input), got {shape[1]}"
        )
    recurrent = weights.r_in != 0 or weights.r_out != 0 or weights.r_c != 0
    limit = MAX_RECURRENT_CELL_STEPS if recurrent else MAX_CELL_STEPS
    if not 1 <= shape[0] <= limit:
        which = "MAX_RECURRENT_CELL_STEPS" if recurrent else "MAX_CELL_STEPS"
        raise ValueError(
            f"inputs must have 1 to {which} = {limit} rows (steps) for this cell, got {shape[0]}"
        )
    if shape[0] * shape[1] > MAX_CELL_VALUES:
        raise ValueError(
            f"inputs must hold at most MAX_CELL_VALUES = {MAX_CELL_VALUES} values, got {shape[0] * shape[1]}"
        )


def _net(scaled: tuple[Array, NDArray[np.int64]]) -> Array:
    """$x\\, w$ row by row from {py:func}`_scaled_nets`' pair, shifted back: a net input beyond the float64
    range becomes $\\pm\\infty$, its IEEE rounding."""
    total, top = scaled
    with np.errstate(over="ignore"):  # beyond float64: +-inf, the rounding IEEE prescribes
        return np.asarray(np.ldexp(total, top), dtype=np.float64)


def _scaled_nets(x: Array, ws: tuple[Array, ...]) -> list[tuple[Array, NDArray[np.int64]]]:
    """$x\\, w$ row by row for each ``w`` in ``ws``, with exact power-of-two scaling so that no product over- or
    underflows on the way, before the last shift: the row sums of the shifted products and their powers of two
    (so that a net input beyond float64 can still take a recurrent term that brings it back).

    Each product $x_i w_i$ is a product of mantissas (one rounding) times an exact power of two, shifted so
    that the row's largest product is near one; the shifted products are summed in float64 (error at most
    $(d + 1)\\, 2^{-53} \\sum_i |x_i w_i|$ on this scale, a product below $2^{-1020}$ of the largest being
    rounded to a multiple of $2^{-1074}$ of it). ``x`` is split into mantissas and exponents once for all
    ``ws`` (a block of rows at a time).
    """
    steps, d = x.shape
    totals = [np.empty(steps) for _ in ws]
    tops = [np.empty(steps, dtype=np.int64) for _ in ws]
    splits = [np.frexp(w) for w in ws]
    # a block of rows at a time: fresh memory costs time of its own
    rows = max(1, _BLOCK_VALUES // d)
    for start in range(0, steps, rows):
        block = slice(start, start + rows)
        x_mantissa, x_exponent = np.frexp(x[block])
        for (w_mantissa, w_exponent), total, top in zip(splits, totals, tops, strict=True):
            product = x_mantissa * w_mantissa
            exponent = x_exponent + w_exponent
            shift = np.where(product == 0, -(2**30), exponent)
            largest = np.max(shift, axis=1)
            largest = np.where(largest < -(2**29), 0, largest)  # an all-zero row: nothing to scale
            np.subtract(exponent, largest[:, None], out=shift)
            np.maximum(shift, -1100, out=shift)
            np.ldexp(product, shift, out=product)
            total[block] = np.sum(product, axis=1)
            top[block] = largest
    return list(zip(totals, tops, strict=True))


_BLOCK_VALUES: Final = 1 << 18
"""Input values {py:func}`_scaled_nets` takes at once."""


def carousel_update(previous: Any, y_in: Any, g: Any) -> Any:
    """The 1997 cell's state equation: $s_c(t) = s_c(t-1) + y^{\\mathrm{in}}(t)\\, g(\\mathit{net}_c(t))$.

    Source: Hochreiter & Schmidhuber (1997), §4. The carousel's self-weight is the constant 1.0 and there is
    no forget gate. {py:func}`run_cell` steps the state with this function, and
    {py:func}`lstmnotes.cell.symbolic.state_update_symbolic` differentiates it; it accepts floats and sympy
    expressions alike.

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


def run_cell(weights: CellWeights, inputs: ArrayLike) -> CellRun:
    """Run the 1997 memory cell forward over a sequence of external inputs.

    Net inputs: the products x_i w_i, and r y(t - 1) with the recorded y(t - 1) where a recurrent weight is
    nonzero, each rounded once and scaled by exact powers of two, then summed in float64: error at most
    (n + 1) 2^-53 S + 2^-1074, with n the number of terms (d, or d + 1 with a recurrent weight) and S the sum
    of their absolute values; a net input whose computed value lies beyond float64 (about 1.8e308) is
    recorded as +-inf. Gates: lstmnotes.activations.logistic of the recorded net input, bit for bit, so
    within the accuracy stated for it: relative error below 8 ulps (2^-50) where the gate is at least
    2^-1022, absolute error below 4 · 2^-1074 below that (the subnormal gates, net inputs from about -745 to
    -708); a net input of +inf or -inf gives a gate of exactly 1 or 0. g, h as cell_g, cell_h.

    Why these numbers: the products and partial sums are formed at a scale where none overflows and no sum
    loses anything to underflow, so the textbook bound for a sum of n rounded products, n 2^-53 S / (1 - n 2^-53), applies; it stays
    below (n + 1) 2^-53 S for every n the limits allow (n <= MAX_CELL_VALUES + 1), with room for the terms
    below 2^-1020 of a row's largest, which the scaling rounds to within 2^-1073 S each. The absolute part
    covers the roundings into the subnormals that no scaling avoids, at most two of at most 2^-1075 each: of
    the term r y(t - 1) and of the net input itself. The gate is $1/(1 + e^{-|v|})$ or $e^{-|v|}/(1 + e^{-|v|})$:
    the exponential's error and two roundings.

    :param weights: the cell's weights.
    :param inputs: $x(1), \\dots, x(T)$ as rows, shape ``(T, d)``; a constant column serves as a bias.
        At most {py:data}`lstmnotes.cell.MAX_CELL_STEPS` rows, or
        {py:data}`lstmnotes.cell.MAX_RECURRENT_CELL_STEPS` when a recurrent weight is nonzero, and at most
        {py:data}`lstmnotes.cell.MAX_CELL_VALUES` values. The time is linear in $T\\,d$: about a second at the
        limits.
    :return: the run, within the accuracies stated above.
    :raises ValueError: for non-finite inputs, a wrong number of columns or too many steps.

    ```pycon
    >>> run = run_cell(CellWeights([0.0], [0.0], [0.0]), [[1.0], [1.0]])
    >>> run.state.tolist(), run.y_in.tolist()
    ([0.0, 0.0], [0.5, 0.5])

    ```
    """
    if not isinstance(weights, CellWeights):
        raise TypeError(f"weights must be CellWeights, got {type(weights).__name__}")
    x = _inputs(weights, inputs)
    scaled = _scaled_nets(x, (weights.w_in, weights.w_out, weights.w_c))
    if weights.r_in == 0 and weights.r_out == 0 and weights.r_c == 0:
        base_in, base_out, base_c = (_net(net) for net in scaled)
        # without recurrent weights no step waits for the previous one, except the carousel's sum
        y_in, y_out, g = _sigma(base_in), _sigma(base_out), CELL_G.f(base_c)
        state = np.cumsum(y_in * g)  # s(t) = s(t-1) + y_in g, summed in order
        h = CELL_H.f(state)
        output = y_out * h
        previous = np.concatenate(([0.0], output[:-1]))
        return CellRun(x, previous, base_in, y_in, base_out, y_out, base_c, g, state, h, output)
    return _run_recurrent(weights, x, scaled)


def _gate(net: float) -> float:
    """The library's logistic for one number, bit for bit (the same numpy exponential)."""
    e = float(np.exp(-abs(net)))
    return 1.0 / (1.0 + e) if net >= 0 else e / (1.0 + e)


def _tanh_half(value: float, scale: float = 1.0) -> float:
    """the cell's $g$ or $h$ (scale 2 or 1) for one number."""
    if abs(value) < 2.0**-900:
        return math.ldexp(math.ldexp(value, 54) * (0.5 * scale), -54)
    return scale * float(np.tanh(0.5 * value))


def _run_recurrent(
    weights: CellWeights, x: Array, scaled: list[tuple[Array, NDArray[np.int64]]]
) -> CellRun:
    """Step a cell with recurrent weights, one step at a time, in Python floats (IEEE, as numpy); the
    input parts of the net inputs come as ``scaled``, {py:func}`_scaled_nets`' pairs, one a gate."""
    steps = x.shape[0]
    r_in, r_out, r_c = weights.r_in, weights.r_out, weights.r_c
    bases = []
    for total, top in scaled:
        with np.errstate(over="ignore"):
            bases.append(np.ldexp(total, top).tolist())
    base_in, base_out, base_c = bases
    pairs = [(total.tolist(), top.tolist()) for total, top in scaled]

    finite = np.all(np.isfinite(bases), axis=0).tolist()

    def net(part: int, t: int, r: float, y: float) -> float:
        # where the input part alone is beyond float64, r y is added at its scale, so that a sum
        # which comes back within float64 is finite
        base = bases[part][t]
        if math.isfinite(base):
            return float(base + r * y)
        total, top = pairs[part][0][t], pairs[part][1][t]
        with np.errstate(over="ignore", under="ignore"):
            return float(np.ldexp(total + np.ldexp(r * y, -top), top))

    rows: list[tuple[float, ...]] = []
    s = y = 0.0
    for t in range(steps):
        # |y| < 1, so r y is finite; a sum beyond float64 is +-inf, as IEEE rounds it
        if finite[t]:
            net_in, net_out, net_c = (
                base_in[t] + r_in * y,
                base_out[t] + r_out * y,
                base_c[t] + r_c * y,
            )
        else:
            net_in, net_out, net_c = net(0, t, r_in, y), net(1, t, r_out, y), net(2, t, r_c, y)
        y_in, y_out, g = _gate(net_in), _gate(net_out), _tanh_half(net_c, 2.0)
        s = carousel_update(s, y_in, g)
        h = _tanh_half(s)
        rows.append((y, net_in, y_in, net_out, y_out, net_c, g, s, h, y_out * h))
        y = y_out * h
    columns = np.array(rows, dtype=np.float64).T
    return CellRun(x, *(column.copy() for column in columns))


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
    :param steps: the sequence length $T$, from 2 to {py:data}`lstmnotes.cell.MAX_CELL_STEPS`
        ({py:data}`lstmnotes.cell.MAX_RECURRENT_CELL_STEPS` with a nonzero ``recurrent``).
    :param write_at: the step $1 \\le t < T$ at which the input gate opens, an integer.
    :param gate_gain: how sharply the gates switch, $k \\ge 2^{-1021}$ (so that its half $k/2$, the gates'
        bias, is a normal float and exact).
    :param recurrent: the weight of $y^c(t-1)$ into each gate and the cell input.
    :return: ``(weights, inputs)``, ready for {py:func}`run_cell` or {py:func}`cell_error_flow`.
    :raises ValueError: for a step count or write step out of range, or a gain below $2^{-1021}$.
    :raises TypeError: for a step count or write step that is not an integer, or numbers that are not real.

    ```pycon
    >>> weights, x = gated_cell_example(np.random.default_rng(0), steps=5, write_at=2)
    >>> x[:, 1].tolist(), x[:, 2].tolist()
    ([0.0, 1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0])

    ```
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy random Generator, got {type(rng).__name__}")
    k = finite_scalar(gate_gain, "gate_gain")
    if k < _SMALLEST_GAIN:
        raise ValueError(
            f"gate_gain must be at least 2^-1021 = {_SMALLEST_GAIN!r} (so that the bias -k/2 is a normal "
            f"float, exact), got {k!r}"
        )
    r = finite_scalar(recurrent, "recurrent")
    steps = count(
        steps, "steps", minimum=2, maximum=MAX_RECURRENT_CELL_STEPS if r else MAX_CELL_STEPS
    )
    write_at = count(write_at, "write_at", minimum=1, maximum=steps - 1)
    x = np.zeros((steps, 4))
    x[:, 0] = rng.normal(size=steps)
    x[write_at - 1, 1] = 1.0
    x[-1, 2] = 1.0
    x[:, 3] = 1.0
    weights = CellWeights(
        [0.0, k, 0.0, -k / 2], [0.0, 0.0, k, -k / 2], [1.5, 0.0, 0.0, 0.0], r, r, r
    )
    return weights, x
