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
from numpy.typing import NDArray

from lstmnotes._validate import finite_scalar
from lstmnotes.carousel._naive_carousel import (
    NaiveCarouselRun,
    naive_carousel_gradients,
    run_naive_carousel,
)

__all__ = [
    "CONFLICT_RANGE",
    "WeightConflict",
    "input_weight_conflict",
    "output_weight_conflict",
]

Array = NDArray[np.float64]

CONFLICT_RANGE: Final = (2.0**-20, 2.0**40)
"""The sizes of ``distractor`` and ``stored`` the conflict functions accept. Within it every number they
report (least error, gradients, compromise, interval ends) is a nonzero normal float64 where its exact value
is nonzero, and each reported interval strictly contains the reported compromise, so no rounding can
contradict the verdict. Both limits are set by the input conflict: for a distractor $b$ the compromise
$(2 + b)/(1 + (1 + b)^2)$ lies within about $b^2/2$ (small $|b|$) or $1/|b|$ (large $|b|$), relatively, of an
end of its interval, so beyond about $2^{-25}$ and $2^{52}$ rounding merges the end with the compromise
(an empty or one-sided interval); the limits keep a margin of 5 and 12 bits. (The output conflict's
compromise $1/2$ and ends $0$ and $1$ do not depend on ``stored``; the same range applies to both.)"""


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
    """The open interval of weights around the compromise on which the two parts have opposite signs (it
    depends on the split; an end is infinite when a part does not change sign), each end correctly rounded;
    within {py:data}`CONFLICT_RANGE` it strictly contains ``compromise`` as floats."""
    by_target: tuple[float, float]
    """The gradient split by target instead, at the compromise."""
    opposing_by_target: tuple[float, float]
    """The interval on which the by-target parts have opposite signs (as ``opposing``)."""
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
    compromise = (phi[0] * d[0] + phi[1] * d[1]) / (phi[0] * phi[0] + phi[1] * phi[1])

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
    errors = [compromise * p - t for p, t in zip(phi, d, strict=True)]
    residual = sum((e * e for e in errors), Fraction(0)) / 2
    a = [Fraction(float(v)) for v in gate]
    if weight == "w_in":  # the write gate a: what enters is a(t) x(t); read one
        gated_outputs = [a[0] * x[0], a[0] * x[0] + a[1] * x[1]]
    else:  # the read gate b: y(t) = b(t) s(t), write one
        gated_outputs = [a[0] * phi[0], a[1] * phi[1]]
    misses = [y - t for y, t in zip(gated_outputs, d, strict=True)]
    gated_residual = sum((e * e for e in misses), Fraction(0)) / 2
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
    by_target_band = band(target0, target1)
    if holds and not all(lo < compromise_float < hi for lo, hi in (opposing, by_target_band)):
        # rounding merged an end with the compromise: the reported interval would contradict the verdict
        raise ValueError(
            f"{argument} must lie between {CONFLICT_RANGE[0]!r} and {CONFLICT_RANGE[1]!r} in size: beyond, "
            "the rounded ends of the conflict's interval meet the rounded compromise"
        )
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
        opposing_by_target=by_target_band,
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
        abs(Fraction(float(v)) - e) <= Fraction(tolerance)
        for v, e in zip(values, exact, strict=True)
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
            f"{argument} must lie between {low!r} and {high!r} in size: beyond, the conflict's numbers "
            "leave the normal float64 range"
        )
    return result


def _in_range(value: float, argument: str) -> float:
    low, high = CONFLICT_RANGE
    if not low <= abs(value) <= high:
        raise ValueError(
            f"{argument} must lie between {low!r} and {high!r} in size (CONFLICT_RANGE), got {value!r}"
        )
    return value


def input_weight_conflict(distractor: float = 1.0) -> WeightConflict:
    """The input weight conflict in the smallest net: one weight, two steps, two targets.

    An input of one arrives at $t = 1$ and must be stored ($d(1) = 1$); a distractor arrives at $t = 2$ and
    must be ignored, so the stored value must still read one ($d(2) = 1$). The read weight is one.

    :param distractor: the size of the later, irrelevant input: not $0$ or $-1$, and of a size within
        {py:data}`lstmnotes.carousel.CONFLICT_RANGE` (beyond it rounding would merge an end of the
        reported interval with the compromise).
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
