"""The local gain |f'(net) w| of a logistic unit, alone and inside a running net (the local-gain chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib. The rest of the
part: the sympy twins in {py:mod}`lstmnotes.local_gain.symbolic` (the gain of one unit),
{py:mod}`lstmnotes.local_gain.symbolic_net_sum` (the answer's net-input sum) and
{py:mod}`lstmnotes.local_gain.symbolic_training` (the learning rate); the figures in
{py:mod}`lstmnotes.local_gain.figures`; the evidence, one concept a module, indexed in
{py:mod}`lstmnotes.local_gain.evidence`; the claims in {py:mod}`lstmnotes.local_gain.claims`.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.local_gain._in_net import (
    MAX_SENSITIVITY_WORK,
    PAIRINGS,
    Pairing,
    activation_sensitivity,
    pair_sweep,
    path_pairing,
)
from lstmnotes.local_gain._levels import gain_contour, gain_interval, gain_threshold
from lstmnotes.local_gain._training import DESCENT_MAX_STEPS, descend_weight, lag_contributions
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
from lstmnotes.net import MAX_STEPS

__all__ = [
    "DESCENT_MAX_STEPS",
    "DOMAIN",
    "GAIN_ARGMAX",
    "GAIN_CONSTANT",
    "MAX_GRID_POINTS",
    "MAX_SENSITIVITY_WORK",
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

_REALS = "finite reals (any magnitude, subnormals included), broadcasting"
_FEW_ULPS = "relative error below 1e-14 (a few ulps); results in the subnormal range within 2 units of 2^-1074"

DOMAIN: tuple[Domain, ...] = (
    Domain(
        gain, f"w, y, c: {_REALS}", _FEW_ULPS, "none: elementwise, memory of the broadcast shape"
    ),
    Domain(gain_tail, f"w, y, c: {_REALS}", _FEW_ULPS, "none: elementwise"),
    Domain(
        derivative_elasticity,
        f"w, y, c: {_REALS}",
        "relative error below 1e-14 (a few ulps) for results of at least 2^-1022; smaller results are "
        "subnormal or zero, rounded as float64 arithmetic rounds them",
        "refused where |wy tanh((wy + c)/2)| exceeds the float range",
    ),
    Domain(
        max_gain,
        f"y: nonzero {_REALS}; c: {_REALS}",
        _FEW_ULPS + ", for both w* and the value",
        "refused where |w*| = (m + |c|)/|y| (m < 2) exceeds the float range; the message names y or c",
    ),
    Domain(
        brute_force_max_gain,
        "y: one nonzero finite real; c: one finite real; points: an integer",
        "the gain at the best grid weight, so never above the maximum; below it by about the squared grid "
        "step 2(2 + |c|)/(points - 1) in the net input",
        f"3 <= points <= {MAX_GRID_POINTS}; (2 + |c|)/|y| at most half the float range",
    ),
    Domain(
        gain_contour,
        "x: finite reals in [0, 700]; level: one positive finite real",
        "relative error below 1e-14 for w and y (one subnormal unit where they are subnormal; y from "
        "mantissas and powers of two where x f'(x) underflows)",
        "x <= 700; refused where level/f'(x) or x f'(x)/level exceeds the float range",
    ),
    Domain(
        gain_interval,
        f"y: nonzero {_REALS}; level: one positive finite real",
        "each end within relative 1e-12 where level |y| <= 0.99 K; nearer the peak the ends are "
        "ill-conditioned and the gain at each end is within 1e-12 of level",
        "refused where an end exceeds the float range (y too small, level too large)",
    ),
    Domain(
        gain_threshold,
        f"y: nonzero {_REALS}; c: {_REALS}; level: one positive finite real",
        "the smallest float64 weight whose gain (relative error below 1e-12) reaches level; inf where no "
        "float64 weight does",
        "none: about 250 vectorised steps whatever the magnitudes",
    ),
    Domain(
        path_pairing,
        "run: a Run; t: an integer; path: integer unit indices; pairing: one of "
        + ", ".join(PAIRINGS),
        "exact: entries of the run (the product property scales by powers of two: q roundings)",
        f"q < t <= T <= {MAX_STEPS}; the product property refuses a term beyond the float range",
    ),
    Domain(
        pair_sweep,
        f"pairing: a Pairing; k: an integer pair index; w: {_REALS}",
        "as gain where the weight feeds the slope, else one rounding",
        "0 <= k < number of pairs",
    ),
    Domain(
        activation_sensitivity,
        "W: finite real (n, n); y0: finite reals (n,); t, i, j: integers; step: one positive finite real",
        "a central difference: error of order step^2 plus the rounding of y(t) over step",
        f"1 <= t <= {MAX_STEPS}, n^2 t <= {MAX_SENSITIVITY_WORK}; w_ij +- step finite and distinct "
        "from w_ij",
    ),
    Domain(
        lag_contributions,
        "run: a Run; t: an integer; theta: finite reals (n,); learning_rate: one positive finite real",
        "relative error below 1e-14 given the error signals (norms scaled by powers of two)",
        f"1 <= t <= T <= {MAX_STEPS}; refused where an entry exceeds the float range",
    ),
    Domain(
        descend_weight,
        "w0, x (nonzero), learning_rate (positive): one finite real each; target: in (0, 1); steps: an integer",
        "each weight within one rounding of the exact update of the weight before it, plus 8 ulps of the "
        "step and 2^-52 learning_rate f'(wx) |x| (the rounding of d - y); the net input wx kept to twice "
        "the float precision, the step formed from mantissas and powers of two outside the normal range",
        f"1 <= steps <= {DESCENT_MAX_STEPS} (about a second); refused where the weight leaves the float "
        "range",
    ),
)
