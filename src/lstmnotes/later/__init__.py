"""The later conditions on vanishing and exploding error flow, checked on random nets (the later-conditions chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.later.figures`, the evidence ({py:mod}`lstmnotes.later.evidence_checks`,
{py:mod}`lstmnotes.later.evidence_search`, {py:mod}`lstmnotes.later.evidence_spectral`) and
{py:mod}`lstmnotes.later.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.later._biased import MAX_BIASED_STEPS, run_biased_logistic
from lstmnotes.later._norms import (
    GAMMA,
    MAX_FLOW_LAG,
    MAX_FLOW_WORK,
    MAX_UNITS,
    flow_norms,
    largest_singular_value,
    spectral_radius,
)
from lstmnotes.later._threshold import ThresholdRelation, threshold_relation

__all__ = [
    "GAMMA",
    "MAX_BIASED_STEPS",
    "MAX_FLOW_LAG",
    "MAX_FLOW_WORK",
    "MAX_UNITS",
    "ThresholdRelation",
    "flow_norms",
    "largest_singular_value",
    "run_biased_logistic",
    "spectral_radius",
    "threshold_relation",
]
