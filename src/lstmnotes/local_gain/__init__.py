"""The local gain |f'(net) w| of a logistic unit, alone and inside a running net (the local-gain chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib. The rest of the
part: the sympy twins in {py:mod}`lstmnotes.local_gain.symbolic` (the gain of one unit),
{py:mod}`lstmnotes.local_gain.symbolic_net_sum` (the answer's net-input sum) and
{py:mod}`lstmnotes.local_gain.symbolic_training` (the learning rate); the figures in
{py:mod}`lstmnotes.local_gain.figures`; the evidence, one concept a module, indexed in
{py:mod}`lstmnotes.local_gain.evidence`; the claims in {py:mod}`lstmnotes.local_gain.claims`.
"""

from __future__ import annotations

from lstmnotes.local_gain._in_net import (
    PAIRINGS,
    Pairing,
    activation_sensitivity,
    pair_sweep,
    path_pairing,
)
from lstmnotes.local_gain._levels import gain_contour, gain_interval, gain_threshold
from lstmnotes.local_gain._training import descend_weight, lag_contributions
from lstmnotes.local_gain._unit import (
    GAIN_ARGMAX,
    GAIN_CONSTANT,
    MAX_GRID_POINTS,
    brute_force_max_gain,
    derivative_elasticity,
    gain,
    gain_tail,
    max_gain,
)

__all__ = [
    "GAIN_ARGMAX",
    "GAIN_CONSTANT",
    "MAX_GRID_POINTS",
    "PAIRINGS",
    "Pairing",
    "activation_sensitivity",
    "brute_force_max_gain",
    "derivative_elasticity",
    "descend_weight",
    "gain",
    "gain_contour",
    "gain_interval",
    "gain_tail",
    "gain_threshold",
    "lag_contributions",
    "max_gain",
    "pair_sweep",
    "path_pairing",
]
