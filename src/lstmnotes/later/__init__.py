"""The later conditions on vanishing and exploding error flow, checked on random nets (the later-conditions chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.later.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.later._biased import run_biased_logistic
from lstmnotes.later._norms import (
    EXPLODING_NETS,
    EXPLODING_SEEDS,
    GAMMA,
    NILPOTENT_NETS,
    VANISHING_NETS,
    VANISHING_SEEDS,
    BiasedFixedPoint,
    BoundSearch,
    ConditionCheck,
    NilpotentRuns,
    SpectralRadiusMisreading,
    biased_fixed_point_counterexample,
    exploding_condition_check,
    exploding_survey,
    flow_norms,
    largest_singular_value,
    nilpotent_forward_counterexample,
    norm_bound_search,
    spectral_radius,
    spectral_radius_counterexample,
    vanishing_condition_check,
    vanishing_survey,
)
from lstmnotes.later._threshold import ThresholdRelation, threshold_relation

__all__ = [
    "EXPLODING_NETS",
    "EXPLODING_SEEDS",
    "GAMMA",
    "NILPOTENT_NETS",
    "VANISHING_NETS",
    "VANISHING_SEEDS",
    "BiasedFixedPoint",
    "BoundSearch",
    "ConditionCheck",
    "NilpotentRuns",
    "SpectralRadiusMisreading",
    "ThresholdRelation",
    "biased_fixed_point_counterexample",
    "exploding_condition_check",
    "exploding_survey",
    "flow_norms",
    "largest_singular_value",
    "nilpotent_forward_counterexample",
    "norm_bound_search",
    "run_biased_logistic",
    "spectral_radius",
    "spectral_radius_counterexample",
    "threshold_relation",
    "vanishing_condition_check",
    "vanishing_survey",
]
