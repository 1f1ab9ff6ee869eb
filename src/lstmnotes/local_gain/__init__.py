"""The local gain |f'(net) w| of a unit, alone and inside a running net (the local-gain chapter).

The paper's unit is the logistic; {py:func}`gain`, {py:func}`max_gain`, {py:func}`gain_tail`,
{py:func}`derivative_elasticity`, {py:func}`gain_contour`, {py:func}`gain_threshold`,
{py:func}`gain_interval`, {py:func}`gain_supremum`, {py:func}`gain_argmax`, {py:func}`gain_constant` and
{py:func}`weight_threshold` take any activation of {py:mod}`lstmnotes.activations` (the logistic by
default), and refuse, naming why, where the question does not apply to it.

The numerics are importable from here; importing them loads neither sympy nor matplotlib. The rest of the
part: the sympy twins in {py:mod}`lstmnotes.local_gain.symbolic` (the gain of one unit),
{py:mod}`lstmnotes.local_gain.symbolic_activation` (its stationarity condition for any activation),
{py:mod}`lstmnotes.local_gain.symbolic_net_sum` (the answer's net-input sum) and
{py:mod}`lstmnotes.local_gain.symbolic_training` (the learning rate); the figures in
{py:mod}`lstmnotes.local_gain.figures`; the evidence, one concept a module, indexed in
{py:mod}`lstmnotes.local_gain.evidence`; the claims in {py:mod}`lstmnotes.local_gain.claims`.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.local_gain._any_activation import (
    GainSupremum,
    gain_argmax,
    gain_constant,
    gain_interval,
    gain_supremum,
    weight_threshold,
)
from lstmnotes.local_gain._general import MAX_MPMATH_NETS, MAX_SEARCH_ELEMENTS
from lstmnotes.local_gain._in_net import (
    MAX_SENSITIVITY_WORK,
    PAIRINGS,
    Pairing,
    activation_sensitivity,
    pair_sweep,
    path_pairing,
)
from lstmnotes.local_gain._levels import gain_contour, gain_threshold
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
    "MAX_SEARCH_ELEMENTS",
    "MAX_SENSITIVITY_WORK",
    "PAIRINGS",
    "GainSupremum",
    "Pairing",
    "activation_sensitivity",
    "brute_force_max_gain",
    "derivative_elasticity",
    "descend_weight",
    "gain",
    "gain_argmax",
    "gain_constant",
    "gain_contour",
    "gain_interval",
    "gain_supremum",
    "gain_tail",
    "gain_threshold",
    "lag_contributions",
    "max_gain",
    "pair_sweep",
    "path_pairing",
    "weight_threshold",
]

_REALS = "finite reals (any magnitude, subnormals included), broadcasting"
_FEW_ULPS = "relative error below 1e-14; results in the subnormal range within 2 units of 2^-1074"
_ACTIVATION = (
    "activation: a name of lstmnotes.activations.NAMED_ACTIVATIONS or an Activation (a reader's own from "
    "from_sympy: f', f'' and f''/f' as compiled where they were checked against mpmath, and by mpmath "
    f"beyond, also at net inputs beyond float64, at most {MAX_MPMATH_NETS} such net inputs a call; from "
    "from_callables: as accurate as the callables, and refused, naming the net input, beyond its "
    "net_limit (default 300) and beyond float64)"
)
_OTHERS = (
    "for another activation: relative error below 1e-14 where f'(net) and the result are normal floats "
    "(against a 50-digit maximiser in the tests); where they are not, within 8 max(|w|, 1) 2^-1074"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        gain,
        f"w, y, c: {_REALS}; {_ACTIVATION}",
        f"the logistic: {_FEW_ULPS}; {_OTHERS}; a rectifier's slope is that of the exact net's sign, "
        "also where w y + c underflows to 0",
        "elementwise, memory of the broadcast shape; refused where the gain exceeds the float range "
        "(|f'| above 1 at a |w| near the largest float: affine or leaky units, a reader's own)",
    ),
    Domain(
        gain_tail,
        f"w, y, c: {_REALS}; {_ACTIVATION} whose f' vanishes at both ends like A|x|^p e^(-k|x|) "
        "(slope_decay: the logistic, tanh, the cell's g and h, from_sympy where sympy finds the form)",
        f"{_FEW_ULPS}; for another activation the asymptote |w| A |net|^p e^(-k|net|) likewise, formed "
        "from mantissas and powers of two also where |net| exceeds the float range",
        "none: elementwise; refused for an f' that does not vanish (affine units, rectifiers), a form "
        "not known (callables), or an asymptote beyond the float range (p < 0 near net = 0)",
    ),
    Domain(
        derivative_elasticity,
        f"w, y, c: {_REALS}; {_ACTIVATION} with a second derivative",
        "relative error below 1e-14 for results of at least 2^-1022; smaller results are "
        "subnormal or zero, rounded as float64 arithmetic rounds them; for another activation: wy f''/f' "
        "with its slope_rate, as accurate as that rate at the net input (a rate linear through 0 is "
        "taken as its slope at 0 times a net below 2^-900); 0 for an affine unit",
        "refused where |wy tanh((wy + c)/2)| (another activation: |wy f''/f'|) exceeds the float range; "
        "for another activation also where the net input does or f''/f' is not finite there, and for a "
        "piecewise-linear unit (log f' not differentiable)",
    ),
    Domain(
        max_gain,
        f"y: nonzero {_REALS}; c: {_REALS}; {_ACTIVATION}",
        f"the logistic, tanh and the cell's g and h (a closed form, f' = K sigma'(s x)): {_FEW_ULPS}, for "
        f"both w* and the value, also where s|c| exceeds the float range; {_OTHERS} for the value, and for "
        "w* where f' there is normal too (where it is subnormal its values lie on the grid of 2^-1074 "
        "and the peak is flat to it: w* is then a weight whose gain is within that bound of the largest, "
        "and may lie far from the exact maximiser)",
        "refused where |w*| = (m/s + |c|)/|y| (m < 2) exceeds the float range (for every activation whose "
        "gain has a maximum); the message names y or c; for another activation refused where the gain has "
        "no maximum (affine units, rectifiers, a supremum reached only as |w| -> inf), where its limits "
        "at infinity are unknown (callables without tail_gains), where a peak lies within rounding of "
        "that limit (c != 0), where c pulls the net input against w y and it has not crossed 0 at the "
        "largest weight searched (the peak lies beyond), where the largest gain exceeds the float range, or "
        "where a grid along a half-line finds a larger gain than the peak found and no single turn of the "
        "gain between two grid weights reaches it. Humps of f' (two for exp(-x^2), three for x exp(-x^2)) "
        "are found: every local maximum of the grid is bisected and the largest kept. The grid is a check, "
        "not a proof: it holds weights from 1e-6 to 1e6 times the first peak's in steps of 1.4% and the "
        "weights whose net inputs lie in -16..16 in steps of 1/16; a hump outside both or narrower than "
        "their steps can pass unseen; "
        "the weights searched end at the largest float, or, for a unit whose f' beyond float64 is not its "
        "limit (a net_limit below inf, or a decay no faster than 1/|x|), at the largest weight whose net "
        "input w y + c is finite (also where w y alone exceeds the float range and c brings it back); a "
        "maximiser within half an ulp above the largest float is returned as that float; the messages "
        "name y, c and that weight. "
        f"For another activation at most {MAX_SEARCH_ELEMENTS} pairs (y, c) a call (about a second of CPU; "
        "refused at once beyond), about 200 vectorised steps a half-line; the logistic, tanh, g and h: a few vectorised Newton "
        "steps (1e5 elements in about 0.03 s)",
    ),
    Domain(
        gain_supremum,
        f"y: one nonzero finite real; c: one finite real; {_ACTIVATION}",
        "as max_gain where a maximum exists; inf, exactly, where the gain grows without bound; where it "
        "approaches a finite limit that no weight reaches, that limit, tail_gains/|y|, correctly rounded",
        "as max_gain",
    ),
    Domain(
        gain_argmax,
        "activation: as gain, with an even f' and a maximum of the gain",
        "relative error below 1e-14 from the positive root of 1 + x f''(x)/f'(x) = 0",
        "refused for an f' that is not even, a gain without a maximum, or a peak K or slope f'(x*) "
        "below 2^-1022 (subnormal values, too coarse to place x*)",
    ),
    Domain(
        gain_constant,
        "activation: as gain_argmax",
        "relative error below 1e-14 where K and f'(x*) are normal floats; else within 8 max(x*, 1) "
        "2^-1074 (as max_gain's value at y = 1, c = 0)",
        "as gain_argmax, but a subnormal K is returned; where f'(x*) is subnormal also as max_gain refuses "
        "a gain whose grid finds a larger value than the peak (values on the grid of 2^-1074 can look "
        "many-peaked)",
    ),
    Domain(
        weight_threshold,
        f"{_ACTIVATION}",
        "1/sup|f'| rounded once",
        "a sup|f'| of at most 2^-1024, whose reciprocal is beyond float64, is refused",
    ),
    Domain(
        brute_force_max_gain,
        "y: one nonzero finite real; c: one finite real; points: an integer",
        "the gain at the best grid weight: at most the maximum G plus the gain's rounding (1e-14 G; "
        "2^-1073 where subnormal), and short of G by at most (4 + |c|) h^2/(64 |y|) + (2e-14 + 2^-50 |c|) G "
        "+ 2^-1072, with h = 2(2 + |c|)/(points - 1) the grid step in the net input (the gain's second "
        "derivative in the net input is at most (4 + |c|)/(8 |y|) in size on the grid, and a grid weight "
        "lies within h/2 of the peak)",
        f"3 <= points <= {MAX_GRID_POINTS}; (2 + |c|)/|y| at most half the float range",
    ),
    Domain(
        gain_contour,
        f"x: finite reals in [0, 700] (another activation: x >= 0 with |f'(x)| a normal float); "
        f"level: one positive finite real; {_ACTIVATION}",
        "w and y within 1e-14 relative of level/f'(x) and x f'(x)/level, plus one unit of 2^-1074 "
        "(where they are subnormal; y from mantissas and powers of two where x f'(x) leaves the normal "
        "range), for the logistic, tanh and the cell's g and h; for another activation within 2^-52 "
        "relative, plus one unit of 2^-1074, of those quotients with f'(x) as the activation computes it "
        "(two roundings), so the error of its f'(x) adds to that",
        "x <= 700 for the logistic; refused where level/f'(x) or x f'(x)/level exceeds the float range, "
        "or (another activation) where |f'(x)| is 0 or subnormal",
    ),
    Domain(
        gain_interval,
        f"y: nonzero {_REALS}; level: one positive finite real; activation: one with an even f' and a "
        "convex 1/|f'| (reciprocal_slope_convex: the logistic, tanh, the cell's g or h, from_sympy where "
        "sympy proves it)",
        "each end within relative 1e-12 where level |y| <= 0.99 K (K = gain_constant(activation)) and f' "
        "at the end is a normal float; nearer the peak the ends are ill-conditioned and the gain at each "
        "end is within 1e-12 of level",
        "refused where an end exceeds the float range (y too small, level too large), or for an "
        "activation whose f' is not even, whose gain has no maximum, or whose 1/|f'| is not known to be "
        "convex",
    ),
    Domain(
        gain_threshold,
        f"y: nonzero {_REALS}; c: {_REALS}; level: one positive finite real; {_ACTIVATION} with a "
        "convex 1/|f'| (reciprocal_slope_convex) or affine",
        "the smallest float64 weight whose gain (relative error below 1e-12; for another activation "
        "that of gain, where f' at the crossing is a normal float) reaches level; inf where no float64 "
        "weight does",
        "about 250 vectorised steps whatever the magnitudes (another activation: up to about 140 more "
        "steps, each multiplying the weight by 2^16, to pass the peak); refused for a piecewise-linear unit (its gain jumps at the kink) "
        "or one whose 1/|f'| is not known to be convex",
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
