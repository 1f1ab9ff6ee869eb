"""The claims of the carousel chapter about constant flow through a lone self-connected unit.

P14 (constant flow needs $f' w = 1$), P15 (the carousel keeps its error), reported slip 8 (a dropped
constant of integration) and X62 (the reading $f' w = -1$), each registered with the check that decides it
afresh. Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part. The chapter's other claims are in
{py:mod}`lstmnotes.carousel.claims_fixed_points` and {py:mod}`lstmnotes.carousel.claims_conflicts`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstmnotes.ledger import (
    SECTION_32,
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []


def _adopt(result: Any) -> Evidence:
    """Evidence from a library result that carries its own ``verdict`` (a verdict's value) and ``summary``."""
    return Evidence(Verdict(result.verdict), result.summary)


@register(
    "P14",
    statement="Constant error flow through a lone self-connected unit requires f'_j(net_j) w_jj = 1, "
    "hence a linear activation and a constant activation value.",
    source=SECTION_32,
    method="sympy: differentiate f(w y + b) = y on an interval and dsolve f'(x) w = 1; a logistic unit "
    "with a bias holding one value with factor one",
    stated=Verdict.CONDITIONAL,
    note="Exact for the flow: constant flow needs every factor to be one. Linearity follows only when "
    "f' w = 1 is asked of a range of net inputs (a range of held values), and then f is affine, "
    "x/w + C; at a single held value a nonlinear unit meets it (a logistic unit with a bias). The "
    "activation of the identity unit with w = 1 stays constant exactly when the external input at every "
    "step is -C (in particular for a unit left alone with C = 0).",
)
def _p14() -> Evidence:
    from lstmnotes.carousel.evidence import unit_flow_condition  # noqa: PLC0415

    r = unit_flow_condition()
    single = r.single_value
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "general": str(r.solution.general.rhs),
            "bias_weight": None if single is None else single.weight,
            "bias": None if single is None else single.bias,
            "bias_activation": None if single is None else single.activation,
            "bias_factor": None if single is None else single.factor,
        },
    )


@register(
    "P15",
    statement="The constant error carousel (identity unit, w_jj = 1) passes error back unchanged over "
    "any number of steps.",
    source=SECTION_32,
    method="sympy: the identity's slope at symbolic net inputs, multiplied over symbolic q, simplified at "
    "w = 1 (a slope other than one anywhere would leave a product other than one); 10,000 steps in "
    "floating point, with and without inputs, which only confirm that the library's unit uses slope 1.0 "
    "and weight 1.0 (1.0 * 1.0 is exactly one in floating point whatever the inputs)",
    stated=Verdict.HOLDS,
)
def _p15() -> Evidence:
    from lstmnotes.carousel.evidence import carousel_error_constancy  # noqa: PLC0415

    r = carousel_error_constancy(rng=np.random.default_rng(15))
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "steps": r.steps,
            "deviation": max(r.max_deviation, r.max_deviation_with_inputs),
            "deviation_alone": r.max_deviation,
            "deviation_inputs": r.max_deviation_with_inputs,
            "activation_range": r.activation_range_with_inputs,
            "symbolic_flow": str(r.symbolic_flow),
        },
    )


@register(
    "S8",
    statement="Reported slip: integrating f' w = 1 drops a constant of integration, and 'the activation "
    "stays constant' assumes that nothing else enters the unit (exactly: that the external input cancels "
    "the constant at every step).",
    source="readers of §3.2",
    method="sympy dsolve; smallest runs of the carousel with a constant and with one extra input",
    stated=Verdict.HOLDS,
)
def _s8() -> Evidence:
    from lstmnotes.carousel.evidence import dropped_integration_constant  # noqa: PLC0415

    r = dropped_integration_constant()
    extra = np.flatnonzero(np.diff(r.input_run.activations) != 0)
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "constant": r.constant_run.constant,
            "steps": int(r.constant_run.nets.shape[0]),
            "start": float(r.constant_run.activations[0]),
            "climb": float(r.constant_run.activations[-1]),
            "input_size": float(np.max(np.abs(r.input_run.nets - r.input_run.activations[:-1]))),
            "input_steps": int(extra.size),
            "flows": list(r.flows),
        },
    )


@register(
    "X62",
    statement="Read as |f'w| = 1, the carousel condition also admits f'w = −1, whose activations are "
    "f(x) = C − x/w: the error keeps its size for ever, alternating its sign, and a lone unit alternates "
    "between y and C − y, so with C = 0 (the identity unit with w = −1) it holds the activation only up "
    "to its sign.",
    source=SECTION_32 + " (the paper asks for f'_j w_jj = 1.0)",
    method="sympy dsolve of f'(x) w = −1; the identity unit with w = −1 over 10,000 steps",
    stated=Verdict.HOLDS,
)
def _x62() -> Evidence:
    from lstmnotes.carousel.evidence import negative_factor_reading  # noqa: PLC0415

    r = negative_factor_reading()
    steps = int(r.run.nets.shape[0])
    holds = r.size_deviation == 0.0 and r.alternates and r.activation_period == 2
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"f' w = -1 integrates to f(x) = {r.solution.rhs} (sympy). The identity unit with w = -1: over "
        f"{steps} steps |flow| deviates from one by {r.size_deviation:g}, its sign alternates "
        f"({r.alternates}), and the activation has period {r.activation_period}.",
        {
            "general": str(r.solution.rhs),
            "weight": float(r.run.weight),
            "steps": steps,
            "deviation": r.size_deviation,
            "period": r.activation_period,
        },
    )
