"""The checks of section 3.2's constant error flow through a lone self-connected unit.

Each function judges one claim afresh and returns a frozen dataclass with the claim's id, a verdict and the
computed evidence:

- {py:func}`unit_flow_condition` (claim P14): constant flow needs $f' w = 1$; integrating gives an affine
  $f$, and no lone logistic unit reaches a factor of one while holding an activation;
- {py:func}`carousel_error_constancy` (claim P15): the identity unit with $w_{jj} = 1$ passes error back
  unchanged over any number of steps;
- {py:func}`dropped_integration_constant` (reported slip 8): the paper's integration drops a constant, and
  its "activation stays constant" needs the self-connection to be the only input;
- {py:func}`negative_factor_reading` (claim X62): what the condition read as $|f' w| = 1$ admits, a factor
  of $-1$.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import sympy

from lstmnotes._validate import count, finite_array, generator
from lstmnotes.carousel._fixed_points import (
    HeldActivation,
    logistic_best_fixed_point_factor,
    logistic_fixed_points,
    unit_factor_bias,
)
from lstmnotes.carousel._self_unit import (
    MAX_STEPS,
    SelfUnitRun,
    _steps,
    run_self_unit,
    self_unit_flow,
)
from lstmnotes.carousel.symbolic import (
    ConstantFlowSolution,
    constant_flow_solution,
    identity_flow_symbolic,
)

__all__ = [
    "MAX_ACTIVATIONS",
    "MAX_EXACT_GRID",
    "MAX_NAMED",
    "MAX_SEARCH_DRAWS",
    "MAX_SEARCH_GRID",
    "MAX_STARTS",
    "CarouselConstancy",
    "DroppedConstant",
    "NegativeFactorReading",
    "UnitFlowCondition",
    "carousel_error_constancy",
    "dropped_integration_constant",
    "negative_factor_reading",
    "unit_flow_condition",
]


MAX_SEARCH_GRID: Final = 1201
"""The most grid weights of a fixed-point search of this module (twice the book's)."""
MAX_SEARCH_DRAWS: Final = 300
"""The most random weights a fixed-point search of this module adds."""
MAX_ACTIVATIONS: Final = 801
"""The most activations {py:func}`~lstmnotes.carousel.evidence_fixed_points.unit_factor_values` tries."""
MAX_EXACT_GRID: Final = 400
"""The most weights {py:func}`~lstmnotes.carousel.evidence_fixed_points.negative_weight_units` searches for an exact fixed point."""
MAX_STARTS: Final = 200
"""The most starts {py:func}`~lstmnotes.carousel.evidence_fixed_points.negative_weight_units` iterates at each named weight."""
MAX_NAMED: Final = 8
"""The most named or escape weights of {py:func}`~lstmnotes.carousel.evidence_fixed_points.negative_weight_units`."""


def _weights(values: object, name: str) -> tuple[float, ...]:
    array = finite_array(values, name, ndim=1)  # type: ignore[arg-type]
    if not 1 <= array.size <= MAX_NAMED:
        raise ValueError(f"{name} must hold 1 to {MAX_NAMED} weights, got {array.size}")
    return tuple(float(w) for w in array)


def _negative(
    rng: object, named: object, escape: object, sizes: tuple[int, int, int, int, int]
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[int, ...]]:
    """The arguments of {py:func}`~lstmnotes.carousel.evidence_fixed_points.negative_weight_units`, checked."""
    generator(rng)
    names = ("grid", "draws", "stuck_steps", "exact_grid", "settle_starts")
    least = (1, 0, 2, 1, 1)
    most = (MAX_SEARCH_GRID, MAX_SEARCH_DRAWS, MAX_STEPS, MAX_EXACT_GRID, MAX_STARTS)
    counts = tuple(
        count(v, name, minimum=lo, maximum=hi)
        for v, name, lo, hi in zip(sizes, names, least, most, strict=True)
    )
    return _weights(named, "named"), _weights(escape, "escape_weights"), counts


@dataclass(frozen=True)
class UnitFlowCondition:
    """Claim P14 judged: constant flow through a self-connected unit needs $f' w = 1$, hence a linear $f$."""

    claim: str
    verdict: str
    summary: str
    solution: ConstantFlowSolution
    """The general solution of $f' w = 1$: affine, with a constant of integration."""
    logistic_fixed_point: tuple[float, float, float]
    """``(y, w, factor)``: the best a lone logistic unit with $w > 0$ does while holding an activation."""
    logistic_gap_minimum: float
    """The minimum of $e^z + 1 - z$ over real $z$ (sympy): positive, so $z = 1 + e^z$ has no real root."""
    single_value: HeldActivation | None
    """A logistic unit with a bias that holds one activation with factor one (``None`` if none was found)."""


def unit_flow_condition() -> UnitFlowCondition:
    """Judge claim P14: constant error flow through a lone self-connected unit requires $f'(\\mathit{net}) w = 1$.

    The flow over $q$ steps is a product of factors $f'(\\mathit{net}(t-m))\\, w$, so it is one for every $q$
    exactly when every factor is one. What forces a *linear* $f$ is asking this of a range of net inputs:
    a unit that holds every $y$ of an interval, $f(w y + b) = y$, has $f'(w y + b)\\, w = 1$ there (sympy
    differentiates the identity), and $f' w = 1$ integrates to the affine $f(x) = x / w + C$. Asked of the
    one net input a held activation sees, a nonlinear unit can meet it: the logistic with a bias
    ({py:func}`lstmnotes.carousel.unit_factor_bias`) holds $y = 1/2$ with factor one.

    :return: the verdict with its evidence: conditional when the requirement on a range gives an affine $f$
        with a constant, or a nonlinear unit meets it at one value; holds when neither; false if holding a
        range of values did not force $f' w = 1$.

    ```pycon
    >>> unit_flow_condition().verdict
    'holds under conditions'

    ```
    """
    solution = constant_flow_solution()
    z = sympy.Symbol("z", real=True)
    gap = sympy.exp(z) + 1 - z
    (critical,) = sympy.solve(sympy.diff(gap, z), z)
    if sympy.diff(gap, z, 2).subs(z, critical) <= 0:
        raise ArithmeticError("e^z + 1 - z should be convex")
    minimum = float(gap.subs(z, critical))
    best = logistic_best_fixed_point_factor()
    w, y = solution.w, solution.y
    b = sympy.Symbol("b", real=True)
    f = solution.general.lhs.func
    derivative = sympy.diff(f(w * y + b), y)  # d/dy of f(w y + b) = y, held on an interval
    slope = sympy.Subs(sympy.Derivative(f(solution.x), solution.x), solution.x, w * y + b)
    range_needs_unit_factor = sympy.simplify(derivative - w * slope) == 0
    weight, bias = unit_factor_bias(0.5)
    points = logistic_fixed_points(weight, bias)
    single = [
        p for p in points if abs(p.factor - 1.0) <= 1e-12 and abs(p.activation - 0.5) <= 1e-12
    ]
    affine = solution.general.rhs != solution.paper.rhs  # linear only once the constant is dropped
    if not range_needs_unit_factor:
        verdict = "false as stated"
    elif affine or single:
        verdict = "holds under conditions"
    else:
        verdict = "holds"
    example = (
        f"a logistic unit with w = {weight:g} and bias {bias:g} holds y = 1/2 with factor "
        f"{single[0].factor:.12g}"
        if single
        else "no logistic unit with a bias was found holding y = 1/2 with factor 1"
    )
    summary = (
        "Constant flow needs every factor f'(net(t-m)) w to be 1. Holding every value of an interval, "
        "f(w y + b) = y, and differentiating in y gives f'(w y + b) w = 1 on that interval (sympy); "
        f"f' w = 1 integrates to f(x) = {solution.general.rhs} (sympy), affine rather than linear. At a "
        f"single held value the requirement does not force linearity: {example}."
    )
    return UnitFlowCondition(
        claim="P14",
        verdict=verdict,
        summary=summary,
        solution=solution,
        logistic_fixed_point=best,
        logistic_gap_minimum=minimum,
        single_value=single[0] if single else None,
    )


@dataclass(frozen=True)
class CarouselConstancy:
    """Claim P15 judged: the identity unit with $w_{jj} = 1$ keeps its error signal constant."""

    claim: str
    verdict: str
    summary: str
    steps: int
    """How many steps back the error was followed."""
    max_deviation: float
    """$\\max_q |\\partial\\vartheta(T-q)/\\partial\\vartheta(T) - 1|$ over the run, without other input."""
    max_deviation_with_inputs: float
    """The same with random external inputs, which change the activation but not the flow."""
    activation_range_with_inputs: float
    """How far the activation moved in the run with inputs (max minus min)."""
    symbolic_flow: sympy.Basic
    """$\\prod_{m=1}^{q} f'(\\mathit{net}(t-m))\\, w$ for the identity, symbolic $q$ and $w$: $w^q$."""
    w: sympy.Symbol
    """The weight symbol in ``symbolic_flow``."""


def carousel_error_constancy(
    steps: int = 10_000, *, rng: np.random.Generator | None = None
) -> CarouselConstancy:
    """Judge claim P15: the constant error carousel passes its error back unchanged over any $q$.

    Checked two ways. sympy differentiates the identity symbolically, evaluates the product of $q$ factors
    $f'(\\mathit{net}(t-m))\\, w$ for a symbolic $q$, symbolic $w$ and symbolic net inputs, and simplifies it at
    $w = 1$: this part could fail (a slope other than one, at any net input, leaves a product that is not
    one). A floating-point run then follows the error back ``steps`` steps, once with the self-connection
    as only input and once with random inputs; its factors are ``1.0 * 1.0``, exactly one in floating point
    whatever the inputs, so it confirms only that the library's identity unit uses slope one and weight one
    at every step.

    :param steps: how far back to follow the error numerically, 1 to {py:data}`lstmnotes.carousel.MAX_STEPS`.
    :param rng: random generator for the external inputs (default: seeded with 0).
    :raises TypeError: for a ``steps`` that is not an integer or an ``rng`` that is not a numpy Generator.
    :return: the verdict with its evidence.
    :raises ValueError: for a bad step count.

    ```pycon
    >>> c = carousel_error_constancy(100)
    >>> (c.verdict, c.max_deviation, c.max_deviation_with_inputs)
    ('holds', 0.0, 0.0)

    ```
    """
    steps = _steps(steps)
    rng = np.random.default_rng(0) if rng is None else generator(rng)
    alone = run_self_unit(1.0, 0.7, steps)
    driven = run_self_unit(1.0, 0.7, steps, inputs=rng.normal(size=steps))
    deviation = float(np.max(np.abs(self_unit_flow(alone) - 1.0)))
    deviation_inputs = float(np.max(np.abs(self_unit_flow(driven) - 1.0)))
    symbolic, w = identity_flow_symbolic()
    at_one = sympy.simplify(symbolic.subs(w, 1))  # one for a symbolic q and symbolic net inputs?
    moved = float(np.ptp(driven.activations))
    holds = deviation == 0.0 and deviation_inputs == 0.0 and at_one == 1
    summary = (
        f"For the identity unit the flow over q steps is {symbolic} (sympy, symbolic q), which is "
        f"{at_one} at w = 1; in floating point the largest deviation from 1 over {steps} steps is "
        f"{deviation:g} without and {deviation_inputs:g} with random inputs (which move the activation "
        f"over a range of {moved:.3g})."
    )
    return CarouselConstancy(
        claim="P15",
        verdict="holds" if holds else "false as stated",
        summary=summary,
        steps=steps,
        max_deviation=deviation,
        max_deviation_with_inputs=deviation_inputs,
        activation_range_with_inputs=moved,
        symbolic_flow=symbolic,
        w=w,
    )


@dataclass(frozen=True)
class DroppedConstant:
    """Reported slip 8 judged: a dropped constant of integration and an unstated assumption."""

    claim: str
    verdict: str
    summary: str
    solution: ConstantFlowSolution
    constant_run: SelfUnitRun
    """The carousel with the constant kept ($C = 1$, no other input): the activation climbs by $C$ a step."""
    input_run: SelfUnitRun
    """The smallest counter-example to "the activation stays constant": one extra input, one step."""
    plain_run: SelfUnitRun
    """The carousel as the paper has it ($C = 0$, no other input), over as many steps: it stays put."""
    flows: tuple[float, float]
    """The error flow over the whole of each run: one in both."""


def dropped_integration_constant() -> DroppedConstant:
    """Judge reported slip 8: integrating $f' w = 1$ drops a constant, and "activation constant" needs no input.

    The general solution is $f(x) = x / w + C$ (sympy). With $C = 1$ a lone unit's activation climbs by one a
    step, yet its error flow stays one. And with $C = 0$, a single extra input of one on a single step (the
    smallest change possible: one more unit, one step) moves the activation from 0 to 1, again with flow one.
    Each flow is taken over the whole run, $\\partial\\vartheta(1)/\\partial\\vartheta(T)$.

    :return: the verdict with its evidence.

    ```pycon
    >>> d = dropped_integration_constant()
    >>> (d.verdict, d.constant_run.activations.tolist(), d.flows)
    ('holds', [0.0, 1.0, 2.0, 3.0], (1.0, 1.0))

    ```
    """
    solution = constant_flow_solution()
    constant_run = run_self_unit(1.0, 0.0, 3, constant=1.0)
    input_run = run_self_unit(1.0, 0.0, 2, inputs=[1.0, 0.0])
    flows = (float(self_unit_flow(constant_run)[-1]), float(self_unit_flow(input_run)[-1]))
    moved = bool(np.ptp(constant_run.activations) > 0 and np.ptp(input_run.activations) > 0)
    dropped = solution.general.rhs != solution.paper.rhs  # dsolve keeps a constant the paper omits
    summary = (
        f"dsolve gives f(x) = {solution.general.rhs}, not x/w: the paper sets the constant to zero "
        f"without saying so. With C = 1 the lone carousel's activation runs "
        f"{constant_run.activations.tolist()} while its error flow stays {flows[0]:g}; with C = 0 one input "
        f"of 1 on one step moves the activation {input_run.activations.tolist()} (flow {flows[1]:g}). "
        "Constant error needs f' w = 1 only; a constant activation needs C = 0 and no other input."
    )
    return DroppedConstant(
        claim="S8",
        verdict="holds" if dropped and moved and flows == (1.0, 1.0) else "false as stated",
        summary=summary,
        solution=solution,
        constant_run=constant_run,
        input_run=input_run,
        plain_run=run_self_unit(1.0, 0.0, 3),
        flows=flows,
    )


@dataclass(frozen=True)
class NegativeFactorReading:
    """The carousel condition read as $|f' w| = 1$: what a factor of $-1$ keeps and what it does not."""

    solution: sympy.Eq
    """The general solution of $f'(x)\\, w = -1$ (sympy): $f(x) = C - x/w$."""
    run: SelfUnitRun
    """The identity unit with $w = -1$ and no other input."""
    size_deviation: float
    """$\\max_q ||\\text{flow}(q)| - 1|$ over the run."""
    alternates: bool
    """Whether the flow's sign alternates at every step back."""
    activation_period: int
    """The smallest period of the activation (1 would mean held, 2 means held only up to sign)."""


def negative_factor_reading(steps: int = 10_000) -> NegativeFactorReading:
    """Read the carousel condition as $|f' w| = 1$ and compute what $f' w = -1$ gives.

    sympy solves $f'(x)\\, w = -1$; the identity unit with $w = -1$ is run ``steps`` steps from $y(0) = 1/2$
    and its error followed back.

    :param steps: the length of the run, 2 to {py:data}`lstmnotes.carousel.MAX_STEPS`.
    :return: the solution, the run and what it kept.
    :raises ValueError: for a bad step count.

    ```pycon
    >>> r = negative_factor_reading(4)
    >>> r.size_deviation, r.alternates, r.activation_period, r.run.activations.tolist()
    (0.0, True, 2, [0.5, -0.5, 0.5, -0.5, 0.5])

    ```
    """
    steps = _steps(steps)
    if steps < 2:
        raise ValueError("steps must be at least 2 to see a sign alternate")
    x = sympy.Symbol("x", real=True)
    w = sympy.Symbol("w", real=True, nonzero=True)
    f = sympy.Function("f")
    solution = sympy.dsolve(sympy.Eq(w * f(x).diff(x), -1), f(x))
    run = run_self_unit(-1.0, 0.5, steps)
    flow = self_unit_flow(run)
    signs = np.sign(flow)
    alternates = bool(np.all(signs[1:] == -signs[:-1]))
    y = run.activations
    period = 1 if np.all(y == y[0]) else 2 if np.all(y[2:] == y[:-2]) else 0
    return NegativeFactorReading(
        solution, run, float(np.max(np.abs(np.abs(flow) - 1.0))), alternates, period
    )
