"""Error flow measured in random nets: how fast it decays and how it can blow up (the measured-decay chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.decay.figures`, the evidence ({py:mod}`lstmnotes.decay.evidence_survey`,
{py:mod}`lstmnotes.decay.evidence_mean`, {py:mod}`lstmnotes.decay.evidence_neutral`) and
{py:mod}`lstmnotes.decay.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.decay._blow_up import BlowUp, blow_up_example
from lstmnotes.decay._curves import BURN_IN, DecayCurve, decay_curves, first_growing_bound
from lstmnotes.decay._limits import MAX_W_MAX, MAX_WORK
from lstmnotes.decay._long_run import (
    LONG_RUN_LAGS,
    LONG_RUN_MARGIN,
    LONG_RUN_SETTLE,
    MAX_LONG_RUN_UNITS,
    long_run_rate,
)
from lstmnotes.decay._paths import (
    MAX_SIZES,
    PathProducts,
    UnitCount,
    flow_versus_units,
    path_product_distribution,
)
from lstmnotes.decay._rates import MAX_RATE_LAGS, fitted_rate, geometric_mean

__all__ = [
    "BURN_IN",
    "LONG_RUN_LAGS",
    "LONG_RUN_MARGIN",
    "LONG_RUN_SETTLE",
    "MAX_LONG_RUN_UNITS",
    "MAX_RATE_LAGS",
    "MAX_SIZES",
    "MAX_WORK",
    "MAX_W_MAX",
    "BlowUp",
    "DecayCurve",
    "PathProducts",
    "UnitCount",
    "blow_up_example",
    "decay_curves",
    "first_growing_bound",
    "fitted_rate",
    "flow_versus_units",
    "geometric_mean",
    "long_run_rate",
    "path_product_distribution",
]
