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
from fractions import Fraction
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, finite_scalar

__all__ = [
    "CONFLICT_RANGE",
    "MAX_CONFLICT_STEPS",
    "MAX_GRADIENT_STEPS",
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
"""The longest sequence {py:func}`run_naive_carousel` and {py:func}`naive_carousel_loss` accept."""

MAX_GRADIENT_STEPS: Final = 2_000
"""The longest sequence {py:func}`naive_carousel_gradients` accepts: its table is $T \\times T$ (32 MB)."""

CONFLICT_RANGE: Final = (2.0**-500, 2.0**500)
"""The sizes of ``distractor`` and ``stored`` the conflict functions accept: within it every number they
report (least error, gradients, compromise, interval ends) is a nonzero normal float64 where its exact value
is nonzero, so no rounding to zero or infinity can contradict the verdict."""


def _scaled(*factors: Array) -> tuple[Array, Array]:
    """The elementwise product of ``factors`` as a mantissa in $[1/2, 1)$ (or 0) and an exact exponent.

    Each multiplication of mantissas rounds once, as in the plain product; nothing under- or overflows.
    """
    mantissa: Array = np.ones(np.broadcast_shapes(*(np.shape(f) for f in factors)))
    exponent = np.zeros(mantissa.shape, dtype=np.int64)
    for factor in factors:
        m, e = np.frexp(factor)
        mantissa, shift = np.frexp(mantissa * m)
        exponent = exponent + e + shift
    return mantissa, exponent


def _to_float(mantissa: Array, exponent: Array, what: str) -> Array:
    """``mantissa * 2**exponent`` rounded into float64 (once more, only where it is subnormal)."""
    if np.any(exponent > 1024):
        raise ValueError(f"{what} exceeds the float64 range (about 1.8e308)")
    return np.ldexp(mantissa, np.clip(exponent, -1200, 1024).astype(np.int32))


def _product(*factors: Array, what: str) -> Array:
    """The elementwise product of ``factors``, right over the whole float64 range (``ValueError`` beyond)."""
    return _to_float(*_scaled(*factors), what)


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
    name: str,
    weight: str,
    *,
    demands: tuple[str, str],
    inputs: Array,
    targets: Array,
    gate: Array,
    argument: str,
) -> WeightConflict:
    """Judge a conflict in exact rational arithmetic; the reported numbers are its float64 roundings."""
    x = [Fraction(float(v)) for v in inputs]
    d = [Fraction(float(v)) for v in targets]
    # the output is linear in the conflicting weight: y(t) = w * phi(t), phi the running sum of the inputs
    # (the other weight and every gate one)
    phi = [x[0], x[0] + x[1]]
    if 0 in phi:
        raise ValueError("each demand must depend on the weight (got a zero sensitivity)")
    compromise = (phi[0] * d[0] + phi[1] * d[1]) / (phi[0] ** 2 + phi[1] ** 2)

    def parts(w: Fraction) -> tuple[list[Fraction], list[Fraction]]:  # (split used, by target) at w
        error = [w * p - t for p, t in zip(phi, d, strict=True)]
        by_target = [e * p for e, p in zip(error, phi, strict=True)]  # e_t times d y(t) / d w
        if weight == "w_in":  # through x(1): both errors; through x(2): only the later one
            return [(error[0] + error[1]) * x[0], error[1] * x[1]], by_target
        return by_target, by_target

    def band(at0: list[Fraction], at1: list[Fraction]) -> tuple[float, float]:
        """The interval around the compromise on which the two parts, linear in w, have opposite signs."""
        roots = [-a / (b - a) for a, b in zip(at0, at1, strict=True) if b != a]
        below = [r for r in roots if r < compromise]
        above = [r for r in roots if r > compromise]
        return (
            _rounded(max(below), argument) if below else -np.inf,
            _rounded(min(above), argument) if above else np.inf,
        )

    (split0, target0), (split1, target1), (split_c, target_c) = (
        parts(Fraction(0)),
        parts(Fraction(1)),
        parts(compromise),
    )
    residual = sum((compromise * p - t) ** 2 for p, t in zip(phi, d, strict=True)) / 2
    if weight == "w_in":  # the write gate a: what enters is a(t) x(t); read one
        gated_outputs = [gate[0] * x[0], gate[0] * x[0] + gate[1] * x[1]]
    else:  # the read gate b: y(t) = b(t) s(t), write one
        gated_outputs = [gate[0] * phi[0], gate[1] * phi[1]]
    gated_residual = sum((y - t) ** 2 for y, t in zip(gated_outputs, d, strict=True)) / 2
    gradients = (_rounded(split_c[0], argument), _rounded(split_c[1], argument))
    residual_float = _rounded(residual, argument)
    gated_float = _rounded(gated_residual, argument)
    compromise_float = _rounded(compromise, argument)
    split = "by input" if weight == "w_in" else "by target"
    opposing = band(split0, split1)

    def run_with(w: float, gated: bool = False) -> NaiveCarouselRun:
        extra = {("write" if weight == "w_in" else "read"): gate} if gated else {}
        if weight == "w_in":
            return run_naive_carousel(w, 1.0, inputs, **extra)
        return run_naive_carousel(1.0, w, inputs, **extra)

    # the library's float64 run and back-pass must reproduce the exact model to within their rounding
    scale = sum(abs(v) for v in x) + sum(abs(v) for v in d)
    tolerance = 16 * np.finfo(np.float64).eps * float(scale) ** 2 + 2.0**-1060
    run = run_with(compromise_float)
    at = Fraction(compromise_float)
    exact_split, _ = parts(at)
    library_split = _library_parts(weight, run, targets)
    agrees = (
        _close(run_with(1.0).outputs, phi, tolerance)
        and _close(run_with(1.0, gated=True).outputs, gated_outputs, tolerance)
        and _close(library_split, exact_split, tolerance * max(1.0, float(abs(at)) + 1.0))
    )
    # no single weight meets both (least error above zero), the two demands pull it both ways there (parts
    # nonzero and of opposite signs: a positive least error alone allows both parts to vanish), and the
    # gate meets both: all decided exactly, and the library's numbers agree
    holds = residual > 0 and split_c[0] * split_c[1] < 0 and gated_residual == 0 and agrees
    summary = (
        f"One {weight} must {demands[0]} and {demands[1]}. The least total squared error any single weight "
        f"reaches is {residual_float:.4g}, at {compromise_float:.4g}; a fixed gate {gate.tolist()} on the "
        f"{'write' if weight == 'w_in' else 'read'} side brings it to {gated_float:g}. Split {split}, the "
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
        compromise=compromise_float,
        split=split,
        gradients=gradients,
        opposing=opposing,
        by_target=(_rounded(target_c[0], argument), _rounded(target_c[1], argument)),
        opposing_by_target=band(target0, target1),
        residual=residual_float,
        gated_residual=gated_float,
        gate=gate,
    )


def _library_parts(weight: str, run: NaiveCarouselRun, targets: Array) -> Array:
    """The gradient's two parts from {py:func}`naive_carousel_gradients` (split by input or by target)."""
    dw_in, dw_out = naive_carousel_gradients(run, targets)
    return dw_in.sum(axis=0) if weight == "w_in" else dw_out


def _close(values: Array, exact: list[Fraction], tolerance: float) -> bool:
    """Whether float64 ``values`` lie within ``tolerance`` of the exact ones (compared exactly)."""
    return all(
        abs(Fraction(float(v)) - e) <= Fraction(tolerance) for v, e in zip(values, exact, strict=True)
    )


def _rounded(value: Fraction, argument: str) -> float:
    """An exact value rounded to float64; one that would round to 0 or overflow is refused, naming the
    argument, so that no reported number contradicts the verdict decided exactly."""
    low, high = CONFLICT_RANGE
    try:
        result = float(value)
    except OverflowError:
        result = np.inf
    if value != 0 and not np.finfo(np.float64).tiny <= abs(result) < np.inf:
        raise ValueError(
            f"{argument} must lie between {low:.3g} and {high:.3g} in size: beyond, the conflict's numbers "
            "leave the normal float64 range"
        )
    return result


def _in_range(value: float, argument: str) -> float:
    low, high = CONFLICT_RANGE
    if not low <= abs(value) <= high:
        raise ValueError(
            f"{argument} must lie between {low:.3g} and {high:.3g} in size (CONFLICT_RANGE), got {value!r}"
        )
    return value


def input_weight_conflict(distractor: float = 1.0) -> WeightConflict:
    """The input weight conflict in the smallest net: one weight, two steps, two targets.

    An input of one arrives at $t = 1$ and must be stored ($d(1) = 1$); a distractor arrives at $t = 2$ and
    must be ignored, so the stored value must still read one ($d(2) = 1$). The read weight is one.

    :param distractor: the size of the later, irrelevant input: not $0$ or $-1$, and of a size within
        {py:data}`lstmnotes.carousel.CONFLICT_RANGE`.
    :return: the conflict with its evidence; ``gate`` is the write gate $a = (1, 0)$. The verdict is
        decided in exact rational arithmetic; every number reported is its exact value correctly rounded.
    :raises ValueError: for a zero, $-1$, non-finite or out-of-range distractor.

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
    _in_range(b, "distractor")
    return _conflict(
        "input weight conflict",
        "w_in",
        demands=("store the input at t = 1", "ignore the distractor at t = 2"),
        inputs=np.array([1.0, b]),
        targets=np.array([1.0, 1.0]),
        gate=np.array([1.0, 0.0]),
        argument="distractor",
    )


def output_weight_conflict(stored: float = 1.0) -> WeightConflict:
    """The output weight conflict in the smallest net: one weight, two steps, two targets.

    The carousel holds the value ``stored`` from $t = 1$ on. At $t = 1$ the output unit must not be disturbed
    by it ($d(1) = 0$); at $t = 2$ it must read it ($d(2) = $ ``stored``). The write weight is one.

    :param stored: the value the carousel holds: nonzero, of a size within
        {py:data}`lstmnotes.carousel.CONFLICT_RANGE`.
    :return: the conflict with its evidence; ``gate`` is the read gate $b = (0, 1)$. The verdict is decided
        in exact rational arithmetic; every number reported is its exact value correctly rounded.
    :raises ValueError: for a zero, non-finite or out-of-range value.

    ```pycon
    >>> c = output_weight_conflict()
    >>> (c.verdict, c.compromise, c.gradients, c.residual)
    ('holds', 0.5, (0.5, -0.5), 0.25)

    ```
    """
    v = finite_scalar(stored, "stored")
    if v == 0:
        raise ValueError("stored must be nonzero (a carousel holding 0 disturbs nothing)")
    _in_range(v, "stored")
    return _conflict(
        "output weight conflict",
        "w_out",
        demands=("leave the output unit undisturbed at t = 1", "read the stored value at t = 2"),
        inputs=np.array([v, 0.0]),
        targets=np.array([0.0, v]),
        gate=np.array([0.0, 1.0]),
        argument="stored",
    )
