"""The naive carousel of section 3.2 run forward, its squared errors and their gradients (private).

An identity unit with self-weight one, fed by one input unit through $w_{\\mathrm{in}}$ and read by one linear
output unit through $w_{\\mathrm{out}}$, with fixed multipliers $a(t)$, $b(t)$ on what is written and read:
{py:mod}`lstmnotes.carousel._conflicts` builds the two weight conflicts on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, finite_scalar
from lstmnotes.carousel._scaled import _product, _scaled, _to_float

__all__ = [
    "MAX_CONFLICT_STEPS",
    "MAX_GRADIENT_STEPS",
    "NaiveCarouselRun",
    "naive_carousel_gradients",
    "naive_carousel_loss",
    "run_naive_carousel",
]

Array = NDArray[np.float64]

MAX_CONFLICT_STEPS: Final = 10_000
"""The longest sequence {py:func}`run_naive_carousel` and {py:func}`naive_carousel_loss` accept."""

MAX_GRADIENT_STEPS: Final = 2_000
"""The longest sequence {py:func}`naive_carousel_gradients` accepts: its table is $T \\times T$ (32 MB)."""


@dataclass(frozen=True)
class NaiveCarouselRun:
    """A forward run of the naive carousel, from {py:func}`run_naive_carousel`."""

    w_in: float
    w_out: float
    inputs: Array
    """$x(t)$, $t = 1..T$."""
    write: Array
    """$a(t)$: the fixed multiplier on what enters (ones without an input gate)."""
    read: Array
    """$b(t)$: the fixed multiplier on what leaves (ones without an output gate)."""
    state: Array
    """$s(t)$ for $t = 1..T$."""
    outputs: Array
    """$y^k(t)$ for $t = 1..T$."""


def _sequence(value: ArrayLike | None, name: str, length: int) -> Array:
    if value is None:
        return np.ones(length)
    array = finite_array(value, name, ndim=1)
    if array.shape != (length,):
        raise ValueError(f"{name} must have the length of inputs, {length}, got {array.shape[0]}")
    return array


def run_naive_carousel(
    w_in: float,
    w_out: float,
    inputs: ArrayLike,
    *,
    write: ArrayLike | None = None,
    read: ArrayLike | None = None,
) -> NaiveCarouselRun:
    """Run the naive carousel: $s(t) = s(t-1) + a(t) w_{\\mathrm{in}} x(t)$, $y^k(t) = b(t) w_{\\mathrm{out}} s(t)$.

    :param w_in: the weight from the input unit to the carousel.
    :param w_out: the weight from the carousel to the output unit.
    :param inputs: $x(1), \\dots, x(T)$, at most {py:data}`lstmnotes.carousel.MAX_CONFLICT_STEPS` of them.
    :param write: fixed multipliers $a(t)$ on what enters (default: ones, no gate).
    :param read: fixed multipliers $b(t)$ on what leaves (default: ones, no gate).
    :return: the run. Each product is rounded once a factor, with exact power-of-two scaling in between
        (no intermediate under- or overflow); the state is the float64 running sum of what entered.
    :raises ValueError: for non-finite values, mismatched lengths, an empty or too long sequence, or a
        state or output beyond the float64 range.

    ```pycon
    >>> run_naive_carousel(1.0, 1.0, [1.0, 1.0]).outputs.tolist()
    [1.0, 2.0]
    >>> run_naive_carousel(1.0, 1.0, [1.0, 1.0], write=[1.0, 0.0]).outputs.tolist()
    [1.0, 1.0]

    ```
    """
    x = finite_array(inputs, "inputs", ndim=1)
    if not 1 <= x.shape[0] <= MAX_CONFLICT_STEPS:
        raise ValueError(
            f"inputs must hold 1 to MAX_CONFLICT_STEPS = {MAX_CONFLICT_STEPS} values, got {x.shape[0]}"
        )
    a = _sequence(write, "write", x.shape[0])
    b = _sequence(read, "read", x.shape[0])
    wi, wo = finite_scalar(w_in, "w_in"), finite_scalar(w_out, "w_out")
    entering = _product(a, np.float64(wi), x, what="write * w_in * inputs")
    with np.errstate(over="ignore"):
        state = np.cumsum(entering)  # the carousel: s(t) = s(t-1) + what enters, self-weight one
    if not np.all(np.isfinite(state)):
        raise ValueError("the carousel's state exceeds the float64 range (about 1.8e308)")
    return NaiveCarouselRun(
        wi, wo, x, a, b, state, _product(b, np.float64(wo), state, what="the output")
    )


def _targets(
    run: NaiveCarouselRun, targets: ArrayLike, mask: ArrayLike | None
) -> tuple[Array, Array]:
    if not isinstance(run, NaiveCarouselRun):
        raise TypeError(f"run must be a NaiveCarouselRun, got {type(run).__name__}")
    length = run.inputs.shape[0]
    d = finite_array(targets, "targets", ndim=1)
    if d.shape != (length,):
        raise ValueError(f"targets must have the length of inputs, {length}, got {d.shape[0]}")
    m = _sequence(mask, "mask", length)
    if not np.all((m == 0) | (m == 1)):
        raise ValueError("mask must hold only 0 and 1")
    return d, m


def naive_carousel_loss(
    run: NaiveCarouselRun, targets: ArrayLike, mask: ArrayLike | None = None
) -> Array:
    """The squared errors $E_t = \\tfrac12 m(t) (y^k(t) - d(t))^2$, one per time step.

    :param run: a run from {py:func}`run_naive_carousel`.
    :param targets: $d(t)$, one per step.
    :param mask: $m(t) \\in \\{0, 1\\}$: which steps have a target (default: all).
    :return: $E_t$ for $t = 1..T$, within two roundings of the exact square of the rounded difference.
    :raises ValueError: for a wrong length, non-finite values, a mask other than 0/1, or an error beyond
        the float64 range.
    :raises TypeError: if ``run`` is not a {py:class}`NaiveCarouselRun`.

    ```pycon
    >>> naive_carousel_loss(run_naive_carousel(1.0, 1.0, [1.0, 1.0]), [1.0, 1.0]).tolist()
    [0.0, 0.5]

    ```
    """
    d, m = _targets(run, targets, mask)
    with np.errstate(over="ignore"):
        difference = run.outputs - d
    if not np.all(np.isfinite(difference)):
        raise ValueError("outputs - targets exceeds the float64 range (about 1.8e308)")
    return _product(np.float64(0.5), m, difference, difference, what="a squared error")


def naive_carousel_gradients(
    run: NaiveCarouselRun, targets: ArrayLike, mask: ArrayLike | None = None
) -> tuple[Array, Array]:
    """Back-propagate each target's error through the carousel to both weights.

    The error $e_t = m(t)(y^k(t) - d(t))$ reaches the carousel as $e_t\\, b(t)\\, w_{\\mathrm{out}}$ and flows
    back through its self-connection unchanged, to every earlier step $\\tau \\le t$, where it meets what
    entered: the contribution to $\\partial E_t/\\partial w_{\\mathrm{in}}$ from step $\\tau$ is
    $e_t\\, b(t)\\, w_{\\mathrm{out}}\\, a(\\tau)\\, x(\\tau)$. The read weight gets $e_t\\, b(t)\\, s(t)$.

    :param run: a run from {py:func}`run_naive_carousel`.
    :param targets: $d(t)$, one per step.
    :param mask: which steps have a target (default: all).
    :return: ``(dw_in, dw_out)``: ``dw_in[t, tau]`` is the contribution of target $t$ through step $\\tau$ to
        $\\partial E/\\partial w_{\\mathrm{in}}$ (zero for $\\tau > t$), and ``dw_out[t]`` is
        $\\partial E_t/\\partial w_{\\mathrm{out}}$. Summing ``dw_in`` over its rows gives the paper's per-step
        updates; over its columns, the per-target gradients.
    :raises ValueError: as {py:func}`naive_carousel_loss`, for more than
        {py:data}`lstmnotes.carousel.MAX_GRADIENT_STEPS` steps, or a gradient beyond the float64 range.

    Every entry is the product of its factors rounded once a factor, over the whole float64 range.

    ```pycon
    >>> dw_in, dw_out = naive_carousel_gradients(run_naive_carousel(1.0, 1.0, [1.0, 1.0]), [1.0, 1.0])
    >>> dw_in.tolist(), dw_out.tolist()
    ([[0.0, 0.0], [1.0, 1.0]], [0.0, 2.0])

    ```
    """
    d, m = _targets(run, targets, mask)
    if run.inputs.shape[0] > MAX_GRADIENT_STEPS:
        raise ValueError(
            f"run must have at most MAX_GRADIENT_STEPS = {MAX_GRADIENT_STEPS} steps (the table is T x T), "
            f"got {run.inputs.shape[0]}"
        )
    with np.errstate(over="ignore"):
        error = m * (run.outputs - d)
    if not np.all(np.isfinite(error)):
        raise ValueError("outputs - targets exceeds the float64 range (about 1.8e308)")
    what = "a gradient"
    # the error signal arriving at the carousel at t, times d s(tau) / d w_in: constant flow between them
    m_into, e_into = _scaled(error, run.read, np.float64(run.w_out))
    m_entered, e_entered = _scaled(run.write, run.inputs)
    m_table, shift = np.frexp(np.outer(m_into, m_entered))
    exponent = np.add.outer(e_into, e_entered) + shift
    dw_in = np.tril(_to_float(m_table, np.tril(exponent), what))
    return dw_in, _product(error, run.read, run.state, what=what)
