"""The two weight conflicts of section 3.2, each shown in the smallest net that has it.

The naive carousel is an identity unit $j$ with self-weight one, fed by one input unit through $w_{\\mathrm{in}}$
and read by one linear output unit through $w_{\\mathrm{out}}$:

$$
s(t) = s(t-1) + a(t)\\, w_{\\mathrm{in}}\\, x(t), \\qquad y^k(t) = b(t)\\, w_{\\mathrm{out}}\\, s(t),
\\qquad s(0) = 0,
$$

with squared errors $E_t = \\tfrac12 (y^k(t) - d(t))^2$ at chosen target times. The sequences $a$ and $b$
are fixed multipliers on what is written and read; without gates they are all ones. (The paper's one-step
delays between units only shift the time indices here, so they are left out.)

- {py:func}`input_weight_conflict`: $w_{\\mathrm{in}}$ must store an early input and ignore a later distractor
  of the same size; no single weight meets both demands (the least error is above zero).
- {py:func}`output_weight_conflict`: $w_{\\mathrm{out}}$ must keep the output unit undisturbed while $j$ holds
  its value, and later read that value; again the least error is above zero.

In both, a fixed write or read gate ($a$ or $b$ zero at the right step) removes the conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, finite_scalar

__all__ = [
    "MAX_CONFLICT_STEPS",
    "NaiveCarouselRun",
    "WeightConflict",
    "input_weight_conflict",
    "naive_carousel_gradients",
    "naive_carousel_loss",
    "output_weight_conflict",
    "run_naive_carousel",
]

Array = NDArray[np.float64]

MAX_CONFLICT_STEPS: Final = 10_000
"""The longest sequence accepted (the gradient tables are $T \\times T$)."""


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
    :return: the run.
    :raises ValueError: for non-finite values, mismatched lengths, an empty or too long sequence.

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
    state = np.cumsum(a * wi * x)  # the carousel: s(t) = s(t-1) + what enters, self-weight one
    return NaiveCarouselRun(wi, wo, x, a, b, state, b * wo * state)


def _targets(
    run: NaiveCarouselRun, targets: ArrayLike, mask: ArrayLike | None
) -> tuple[Array, Array]:
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
    :return: $E_t$ for $t = 1..T$.
    :raises ValueError: for a wrong length, non-finite values or a mask other than 0/1.

    ```pycon
    >>> naive_carousel_loss(run_naive_carousel(1.0, 1.0, [1.0, 1.0]), [1.0, 1.0]).tolist()
    [0.0, 0.5]

    ```
    """
    d, m = _targets(run, targets, mask)
    return 0.5 * m * (run.outputs - d) ** 2


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
    :raises ValueError: as {py:func}`naive_carousel_loss`.

    ```pycon
    >>> dw_in, dw_out = naive_carousel_gradients(run_naive_carousel(1.0, 1.0, [1.0, 1.0]), [1.0, 1.0])
    >>> dw_in.tolist(), dw_out.tolist()
    ([[0.0, 0.0], [1.0, 1.0]], [0.0, 2.0])

    ```
    """
    d, m = _targets(run, targets, mask)
    error = m * (run.outputs - d)
    into_carousel = error * run.read * run.w_out  # the error signal arriving at the carousel at t
    entered = run.write * run.inputs  # d s(tau) / d w_in, step by step
    dw_in = np.tril(np.outer(into_carousel, entered))  # constant flow: no factor between t and tau
    return dw_in, error * run.read * run.state


@dataclass(frozen=True)
class WeightConflict:
    """A weight conflict judged, from {py:func}`input_weight_conflict` or {py:func}`output_weight_conflict`."""

    claim: str
    verdict: str
    summary: str
    weight: str
    """Which weight is in conflict: ``"w_in"`` or ``"w_out"``."""
    demands: tuple[str, str]
    """What the two targets ask of it, in time order."""
    targets: Array
    run: NaiveCarouselRun
    """The ungated run at the compromise weight."""
    compromise: float
    """The single weight that minimises the total error."""
    split: str
    """How the gradient is split into two parts: ``"by input"`` for $w_{\\mathrm{in}}$ (the contributions
    through $x(1)$ and $x(2)$, the paper's per-step updates) and ``"by target"`` for $w_{\\mathrm{out}}$ (the
    errors at $t = 1$ and $t = 2$)."""
    gradients: tuple[float, float]
    """The two parts of $\\partial E/\\partial w$ at the compromise. They sum to zero there, so they have
    opposite signs unless both vanish, which a positive least error does not exclude; the conflict holds
    only when they are nonzero and opposed and the least error is positive."""
    opposing: tuple[float, float]
    """The interval of weights around the compromise on which the two parts have opposite signs (it depends
    on the split; an end is infinite when a part does not change sign)."""
    by_target: tuple[float, float]
    """The gradient split by target instead, at the compromise."""
    opposing_by_target: tuple[float, float]
    """The interval on which the by-target parts have opposite signs."""
    residual: float
    """The total error at the compromise: positive, so no single weight meets both demands."""
    gated_residual: float
    """The total error with the fixed gate and the weight at one: zero."""
    gate: Array
    """The gate that removes the conflict ($a$ for the input weight, $b$ for the output weight)."""


def _conflict(
    name: str, weight: str, *, demands: tuple[str, str], inputs: Array, targets: Array, gate: Array
) -> WeightConflict:
    def run_with(w: float, gated: bool = False) -> NaiveCarouselRun:
        extra = {("write" if weight == "w_in" else "read"): gate} if gated else {}
        if weight == "w_in":
            return run_naive_carousel(w, 1.0, inputs, **extra)
        return run_naive_carousel(1.0, w, inputs, **extra)

    # the output is linear in the conflicting weight: y(t) = w * phi(t); phi from a run with w = 1
    phi = run_with(1.0).outputs
    if np.any(phi == 0):
        raise ValueError("each demand must depend on the weight (got a zero sensitivity)")
    compromise = float(phi @ targets / (phi @ phi))
    run = run_with(compromise)

    def parts(w: float) -> tuple[Array, Array]:  # (split used, by target) at weight w
        dw_in, dw_out = naive_carousel_gradients(run_with(w), targets)
        if weight == "w_in":  # columns: through x(1), x(2); rows: errors at t = 1, 2
            return dw_in.sum(axis=0), dw_in.sum(axis=1)
        return dw_out, dw_out

    def band(at0: Array, at1: Array) -> tuple[float, float]:
        """The interval around the compromise on which the two parts, linear in w, have opposite signs."""
        roots = [float(-a / (b - a)) + 0.0 for a, b in zip(at0, at1, strict=True) if b != a]
        below = [r for r in roots if r < compromise]
        above = [r for r in roots if r > compromise]
        return max(below, default=-np.inf), min(above, default=np.inf)

    (split0, target0), (split1, target1), (split_c, target_c) = (
        parts(0.0),
        parts(1.0),
        parts(compromise),
    )
    gradients = (float(split_c[0]), float(split_c[1]))
    residual = float(naive_carousel_loss(run, targets).sum())
    gated_residual = float(naive_carousel_loss(run_with(1.0, gated=True), targets).sum())
    # no single weight meets both (least error above zero), the two demands pull it both ways there (parts
    # nonzero and of opposite signs: a positive least error alone allows both parts to vanish), and the
    # gate meets both
    opposed = gradients[0] * gradients[1] < 0 and min(abs(g) for g in gradients) > 1e-12
    holds = residual > 1e-12 and opposed and gated_residual == 0
    split = "by input" if weight == "w_in" else "by target"
    opposing = band(split0, split1)
    summary = (
        f"One {weight} must {demands[0]} and {demands[1]}. The least total squared error any single weight "
        f"reaches is {residual:.4g}, at {compromise:.4g}; a fixed gate {gate.tolist()} on the "
        f"{'write' if weight == 'w_in' else 'read'} side brings it to {gated_residual:g}. Split {split}, the "
        f"gradient's two parts at the compromise are {gradients[0]:+.4g} and {gradients[1]:+.4g} (opposite "
        f"signs on ({opposing[0]:.4g}, {opposing[1]:.4g}))."
    )
    return WeightConflict(
        claim=name,
        verdict="holds" if holds else "false as stated",
        summary=summary,
        weight=weight,
        demands=demands,
        targets=targets,
        run=run,
        compromise=compromise,
        split=split,
        gradients=gradients,
        opposing=opposing,
        by_target=(float(target_c[0]), float(target_c[1])),
        opposing_by_target=band(target0, target1),
        residual=residual,
        gated_residual=gated_residual,
        gate=gate,
    )


def input_weight_conflict(distractor: float = 1.0) -> WeightConflict:
    """The input weight conflict in the smallest net: one weight, two steps, two targets.

    An input of one arrives at $t = 1$ and must be stored ($d(1) = 1$); a distractor arrives at $t = 2$ and
    must be ignored, so the stored value must still read one ($d(2) = 1$). The read weight is one.

    :param distractor: the size of the later, irrelevant input; nonzero.
    :return: the conflict with its evidence; ``gate`` is the write gate $a = (1, 0)$.
    :raises ValueError: for a zero or non-finite distractor.

    ```pycon
    >>> c = input_weight_conflict()
    >>> (c.verdict, c.compromise, [round(g, 12) for g in c.gradients], c.residual)
    ('holds', 0.6, [-0.2, 0.2], 0.1)
    >>> [round(v, 12) for v in c.opposing], [round(v, 12) for v in c.opposing_by_target]
    ([0.5, 0.666666666667], [0.5, 1.0])

    ```
    """
    b = finite_scalar(distractor, "distractor")
    if b in {0.0, -1.0}:
        raise ValueError(f"distractor must be nonzero and not -1 (no conflict to show), got {b}")
    return _conflict(
        "input weight conflict",
        "w_in",
        demands=("store the input at t = 1", "ignore the distractor at t = 2"),
        inputs=np.array([1.0, b]),
        targets=np.array([1.0, 1.0]),
        gate=np.array([1.0, 0.0]),
    )


def output_weight_conflict(stored: float = 1.0) -> WeightConflict:
    """The output weight conflict in the smallest net: one weight, two steps, two targets.

    The carousel holds the value ``stored`` from $t = 1$ on. At $t = 1$ the output unit must not be disturbed
    by it ($d(1) = 0$); at $t = 2$ it must read it ($d(2) = $ ``stored``). The write weight is one.

    :param stored: the value the carousel holds; nonzero.
    :return: the conflict with its evidence; ``gate`` is the read gate $b = (0, 1)$.
    :raises ValueError: for a zero or non-finite value.

    ```pycon
    >>> c = output_weight_conflict()
    >>> (c.verdict, c.compromise, c.gradients, c.residual)
    ('holds', 0.5, (0.5, -0.5), 0.25)

    ```
    """
    v = finite_scalar(stored, "stored")
    if v == 0:
        raise ValueError("stored must be nonzero (a carousel holding 0 disturbs nothing)")
    return _conflict(
        "output weight conflict",
        "w_out",
        demands=("leave the output unit undisturbed at t = 1", "read the stored value at t = 2"),
        inputs=np.array([v, 0.0]),
        targets=np.array([0.0, v]),
        gate=np.array([0.0, 1.0]),
    )
