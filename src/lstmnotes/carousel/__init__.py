"""Section 3.2: constant error flow through a self-connected unit, and the two weight conflicts (the carousel chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.carousel.symbolic`, {py:mod}`lstmnotes.carousel.evidence`,
{py:mod}`lstmnotes.carousel.evidence_fixed_points`, {py:mod}`lstmnotes.carousel.evidence_naive_tasks`,
{py:mod}`lstmnotes.carousel.figures`, {py:mod}`lstmnotes.carousel.claims`,
{py:mod}`lstmnotes.carousel.claims_fixed_points` and {py:mod}`lstmnotes.carousel.claims_conflicts` hold the
rest of the part.
"""

from __future__ import annotations

from lstmnotes.carousel._conflicts import (
    MAX_CONFLICT_STEPS,
    NaiveCarouselRun,
    WeightConflict,
    input_weight_conflict,
    naive_carousel_gradients,
    naive_carousel_loss,
    output_weight_conflict,
    run_naive_carousel,
)
from lstmnotes.carousel._fixed_points import (
    EXACT_ULPS,
    HeldActivation,
    exact_fixed_point,
    logistic_best_fixed_point_factor,
    logistic_fixed_points,
    logistic_neutral_fixed_point,
    unit_factor_bias,
)
from lstmnotes.carousel._naive_tasks import naive_task_fit, naive_task_residual
from lstmnotes.carousel._self_unit import (
    FLOW_EXAMPLES,
    MAX_STEPS,
    SELF_UNIT_ACTIVATIONS,
    SelfUnitRun,
    run_self_unit,
    self_unit_error_signals,
    self_unit_flow,
    self_unit_flow_examples,
    self_unit_flows,
)

__all__ = [
    "EXACT_ULPS",
    "FLOW_EXAMPLES",
    "MAX_CONFLICT_STEPS",
    "MAX_STEPS",
    "SELF_UNIT_ACTIVATIONS",
    "HeldActivation",
    "NaiveCarouselRun",
    "SelfUnitRun",
    "WeightConflict",
    "exact_fixed_point",
    "input_weight_conflict",
    "logistic_best_fixed_point_factor",
    "logistic_fixed_points",
    "logistic_neutral_fixed_point",
    "naive_carousel_gradients",
    "naive_carousel_loss",
    "naive_task_fit",
    "naive_task_residual",
    "output_weight_conflict",
    "run_naive_carousel",
    "run_self_unit",
    "self_unit_error_signals",
    "self_unit_flow",
    "self_unit_flow_examples",
    "self_unit_flows",
    "unit_factor_bias",
]
