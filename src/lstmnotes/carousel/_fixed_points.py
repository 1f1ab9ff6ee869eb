"""The lone logistic unit of section 3.2: the activations it holds, and the factor its error meets there.

A unit $y \\mapsto \\sigma(w y + b)$ whose only input is its self-connection (and a constant net input $b$)
holds an activation $y$ when $y = \\sigma(w y + b)$; one step back then multiplies its error by the factor
$\\sigma'(w y + b)\\, w = w\\, y(1 - y)$. This module finds every such fixed point
({py:func}`logistic_fixed_points`), the weight and bias that hold a given activation with a given factor
({py:func}`unit_factor_bias`), the largest factor for $w > 0$ ({py:func}`logistic_best_fixed_point_factor`),
the weight whose factor is $-1$ ({py:func}`logistic_neutral_fixed_point`), and a fixed point the
floating-point unit keeps exactly ({py:func}`exact_fixed_point`). The searches over many such units are in
{py:mod}`lstmnotes.carousel.evidence_fixed_points`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import Final

import mpmath
import numpy as np
from numpy.typing import NDArray

from lstmnotes._exp_split import exp_minus
from lstmnotes._float_keys import bisect_keys, float_key, key_float
from lstmnotes._tanh_form import NEAR, centred_excess, precise_excess_sign
from lstmnotes._validate import finite_scalar
from lstmnotes.activations import activation as _lookup
from lstmnotes.carousel._scaled import _TINY

__all__ = [
    "EXACT_ULPS",
    "HeldActivation",
    "exact_fixed_point",
    "logistic_best_fixed_point_factor",
    "logistic_fixed_points",
    "logistic_neutral_fixed_point",
    "unit_factor_bias",
]


def _bisect(fun: Callable[[float], float], lo: float, hi: float) -> float:
    """Root of a continuous function with a sign change on [lo, hi], to machine precision."""
    f_lo = fun(lo)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        f_mid = fun(mid)
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _negated(fun: Callable[[float], float], x: float) -> float:
    return -fun(x)


def _logistic(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x))) if x >= 0 else float(np.exp(x) / (1.0 + np.exp(x)))


def _logistic_array(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """{py:func}`_logistic` on every entry of a float array at once: the same operations, the same bits."""
    e = np.exp(np.where(x >= 0, -x, x))
    return np.asarray(np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)), dtype=np.float64)


_LOGIT_BITS: Final = 128
"""The working precision of {py:func}`_logit`."""


def _logit(y: float) -> float:
    """$\\operatorname{logit}(y) = \\ln y - \\ln(1 - y)$ for $0 < y < 1$, in multiple precision from the float
    $y$ taken as exact and rounded once. In float64, $\\ln(y / (1 - y))$ loses the digits of a logit near zero
    (at $y = 1/2 + 2^{-30}$ its relative error is about $10^{-9}$); at 128 bits the two logarithms keep at
    least 70 bits after they cancel (a float $y \\ne 1/2$ lies at least $2^{-54}$ from $1/2$)."""
    with mpmath.workprec(_LOGIT_BITS):
        return float(_mp_logit(y))


def _mp_logit(y: float) -> mpmath.mpf:
    """$\\ln y - \\ln(1 - y)$ of the float ``y`` taken as exact, at mpmath's working precision."""
    exact = mpmath.mpf(y)
    return mpmath.log(exact) - mpmath.log1p(-exact)


@dataclass(frozen=True)
class HeldActivation:
    """A fixed point $y = \\sigma(w y + b)$ of a lone logistic unit, with the factor its error meets there."""

    weight: float
    """The self-weight $w$."""
    bias: float
    """A constant net input $b$ (zero for the paper's lone unit)."""
    activation: float
    """The held activation $y$."""
    factor: float
    """$\\sigma'(w y + b)\\, w = w\\, y (1 - y)$: what one step back multiplies the error by."""


def _falling_root(fun: Callable[[float], float], lo: float, hi: float) -> float:
    """The float nearest the root of ``fun``, decreasing on ``[lo, hi]`` with ``fun(lo) >= 0 >= fun(hi)``:
    at most 64 halvings of the floats between, whatever their magnitudes."""
    low, high = float_key(np.array([lo])), float_key(np.array([hi]))
    past = bisect_keys(
        lambda x: np.array([-fun(float(x[0]))]), low, high
    )  # the first float with fun <= 0
    before, after = float(key_float(past - 1)[0]), float(key_float(past)[0])
    return before if abs(fun(before)) <= abs(fun(after)) else after


def logistic_fixed_points(weight: float, bias: float = 0.0) -> tuple[HeldActivation, ...]:
    """Every activation a lone logistic unit holds: the fixed points of $y \\mapsto \\sigma(w y + b)$.

    A fixed point is $y = \\sigma(n)$ at a root $n$ of $F(n) = w\\,\\sigma(n) + b - n$, its net input; every
    root lies between $b$ and $b + w$ (as $0 < \\sigma < 1$), and $F$ falls except where
    $w\\,\\sigma'(n) > 1$, which for $w > 4$ is $|n| < c = 2\\operatorname{arcosh}(\\sqrt{w}/2)$. So there is one
    root for $w \\le 4$ and at most one on each of $[b + \\min(0, w), -c]$, $[-c, c]$ and
    $[c, b + \\max(0, w)]$ otherwise, each bisected over the floats of $n$ (every float64 net input, however
    far out: $y$ down to the subnormals, or rounded to 1). Where the graph touches the diagonal at
    $\\pm c$, the roots of two pieces meet there (a root found at a piece's end by both pieces counts once).
    The sign of $F$ at $\\pm c$, which decides whether a pair of roots near a tangency exists, is taken in
    multiple precision (mpmath, 128 bits and up) from the exact float inputs, and a piece at whose end the
    rounded $F$ has the other sign is bisected on that precise sign: every root reported exists, and every
    pair near a tangency is found unless one of its roots lies within 5 units of $2^{-53}$ of $c$ of $\\pm c$
    (how far the computed $c$ may be from the true one), where the pair, a tangency to the float
    resolution, may be missed. Two roots within the accuracy below of each other may be reported as one
    point.
    For $|n| < 1$, $F$ is formed around the unit's centre as
    $(b + w/2) + (w/4 - 1)\\,n + (w/2)(\\tanh(n/2) - n/2)$, whose terms shrink with $F$ near a tangency
    there ($w$ near 4, $b$ near $-2$), so that it is not lost to the rounding of $w\\,\\sigma(n)$; for
    $n \\ge 1$ as $(w + b) - w\\,\\sigma(-n) - n$, which keeps its digits where $b$ is near $-w$ and $|w|$ is
    huge (there $w\\,\\sigma(n)$ and $b$ would cancel to their rounding); for $n \\le -1$ as
    $w\\,\\sigma(n) + b - n$.
    The bisection ends where the rounded $F$ changes sign, so a root is as accurate as $F$ is conditioned:
    the net input is within one ulp of itself ($2^{-52}|n|$, or $2^{-1074}$) plus 28 units of $2^{-53}$ of
    $E/|1 - \\rho|$ of the true root, $\\rho$ the factor there and $E$ the largest term of the form of $F$
    used at the reported net input and its two neighbouring floats, at least $2^{-1022}$: adjacent floats
    away from a tangency, looser near one ($\\rho = 1$). The rounded $F$ is within $\\Delta = 9.3 \\cdot 2^{-53} E$
    of the exact one (7 units for the plain forms, with numpy's exp within one ulp; 9.3 for the centred one,
    with its tanh series within 5.3 units of itself; $2^{-1022}$ bounds the underflow of terms below the
    normal range), and from a root $|F|$ grows to $\\Delta$ within $\\Delta/|1 - \\rho|$ away from a tangency and
    within $2\\Delta/|1 - \\rho|$ towards one, where $|F'|$ falls linearly to 0 ($3\\Delta/|1 - \\rho|$ where it
    falls quadratically, $w$ near 4): 3 times 9.3 units.

    :param weight: the self-weight $w$.
    :param bias: a constant net input $b$.
    :return: the fixed points in increasing order of $y$; the factor $w\\,\\sigma'(n)$ is formed from the net
        input, so it keeps its digits where $y$ rounds to 1.
    :raises ValueError: for non-finite numbers, or $b + w$ beyond the float range.

    ```pycon
    >>> [round(p.activation, 4) for p in logistic_fixed_points(4.0, -2.0)]
    [0.5]
    >>> round(logistic_fixed_points(4.0, -2.0)[0].factor, 12)
    1.0
    >>> f"{logistic_fixed_points(0.0, -37.0)[0].activation:.12e}"  # sigma(-37), far out
    '8.533047625744e-17'

    ```
    """
    w = finite_scalar(weight, "weight")
    b = finite_scalar(bias, "bias")
    return tuple(HeldActivation(w, b, _logistic(n), _factor(w, n)) for n in _fixed_point_nets(w, b))


def _fixed_point_nets(w: float, b: float) -> list[float]:
    """The net inputs of {py:func}`logistic_fixed_points`, in increasing order, for finite floats ``w``, ``b``."""
    ends = sorted((b, b + w))
    if not np.isfinite(ends[1]) or not np.isfinite(ends[0]):
        raise ValueError(f"bias + weight = {b!r} + {w!r} is beyond the float range")

    top = (
        w + b
    )  # F as n -> inf; exact where b is near -w (Sterbenz), where F(n) for n >= 0 needs it

    def gap(n: float) -> float:
        # near the centre in the tanh form, whose terms shrink with F near a tangency there; for n >= 0 as
        # (w + b) - w sigma(-n) - n: its terms are no larger than those of w sigma(n) + b - n, and none of
        # size |w| is left to cancel where b is near -w (there w 2^-53 may exceed all of F)
        if abs(0.5 * n) < NEAR:
            return centred_excess(n, w, b, "logistic")
        if n >= 0.0:
            return top - w * _logistic(-n) - n
        return w * _logistic(n) + b - n

    # the roots lie strictly between b and b + w: the bracket is widened by an ulp at each end, so that it
    # holds them where b + w rounds (to b itself, for a weight below half an ulp of b)
    if w != 0.0:
        ends = [_outward(ends[0], -math.inf), _outward(ends[1], math.inf)]
    pieces = [(ends[0], ends[1])]
    if w > 4:
        c = _critical_net(w)
        inner = [max(ends[0], min(ends[1], x)) for x in (-c, c)]
        pieces = [(ends[0], inner[0]), (inner[0], inner[1]), (inner[1], ends[1])]
    # at a critical net (an inner end) the sign of F, which decides whether a pair of roots near a tangency
    # exists, is taken in multiple precision; where the rounded F disagrees it is not trusted on that piece
    inner_ends = {x for piece in pieces[1:] for x in piece[:1]} - set(ends)
    signs = {x: precise_excess_sign(x, w, b, "logistic") for x in inner_ends}
    doubtful = {x for x, sign in signs.items() if sign != 0 and sign != np.sign(gap(x))}

    def precise(n: float) -> float:
        sign = precise_excess_sign(n, w, b, "logistic")
        return float(sign) if sign != 0 else gap(n)

    roots = []
    for lo, hi in pieces:  # F falls on the outer pieces and rises on the middle one
        fun: Callable[[float], float] = precise if lo in doubtful or hi in doubtful else gap
        f_lo, f_hi = fun(lo), fun(hi)
        if f_lo == 0.0 or f_hi == 0.0:
            roots.append(lo if f_lo == 0.0 else hi)
        elif f_lo > 0.0 > f_hi:
            roots.append(_falling_root(fun, lo, hi))
        elif f_lo < 0.0 < f_hi:
            roots.append(_falling_root(partial(_negated, fun), lo, hi))
    return sorted(set(roots))  # a root at an inner end is found by both its pieces: one fixed point


def _outward(x: float, toward: float) -> float:
    """The float next to ``x`` toward ``toward``, or ``x`` itself where that is beyond the float range."""
    step = math.nextafter(x, toward)
    return step if math.isfinite(step) else x


def _critical_net(w: float) -> float:
    """$c > 0$ with $w\\,\\sigma'(\\pm c) = 1$, for $w > 4$, within 5 units of $2^{-53}$ of $c$ however near
    $w$ is to 4.

    $\\sigma(c) = (1 + r)/2$ with $r = \\sqrt{(w - 4)/w}$, so $c = 2\\ln(1 + r) + \\ln(w/4)$: $w - 4$ is
    exact near 4 (Sterbenz), $w/4$ is exact, and the two terms are positive (no cancellation), where
    $2\\operatorname{arcosh}(\\sqrt{w}/2)$ loses every digit as $\\sqrt{w}/2$ rounds to one. The relative errors:
    $r$ within 1.5 units of $2^{-53}$ (2 beyond $w = 8$, where $w - 4$ rounds), $\\ln(1 + r)$ within 4 (the
    C library's log1p within one ulp), $\\ln(w/4)$ within 2 and one rounding of the sum: at most 5."""
    r = math.sqrt((w - 4.0) / w)
    return 2.0 * math.log1p(r) + math.log(w / 4.0)


def _factor(w: float, net: float) -> float:
    """$w\\,\\sigma'(\\mathit{net})$, rounded once from the slope the library computes; where that slope is
    subnormal (and so has lost digits) from $e^{-|\\mathit{net}|}$ as a mantissa and an exact power of two
    ($\\sigma'$ differs from it by the factor $(1 + e^{-|\\mathit{net}|})^{-2}$, one within $2^{-1000}$
    there), so that the product keeps its digits whatever its size."""
    slope = float(_lookup("logistic")[1](np.array([net]))[0])
    if slope >= _TINY:
        return w * slope
    mantissa, exponent = exp_minus(np.array([abs(net)]))
    w_mantissa, w_exponent = math.frexp(w)
    return math.ldexp(w_mantissa * float(mantissa[0]), w_exponent + int(exponent[0]))


def unit_factor_bias(activation: float, factor: float = 1.0) -> tuple[float, float]:
    """The weight and bias with which a lone logistic unit holds ``activation`` with the given factor.

    $w\\, y(1 - y) = $ ``factor`` fixes $w$ (in exact rationals, rounded once), and $y = \\sigma(w y + b)$ fixes
    $b = \\operatorname{logit}(y) - w y$, formed in multiple precision (mpmath, 128 bits) from $y$ and the
    rounded $w$ and rounded once: within half an ulp of its exact value plus
    $2^{-124}(|\\operatorname{logit}(y)| + |w y|)$ (the rounding of the 128-bit sum), near $y = 1/2$ too,
    where $\\ln(y / (1 - y))$ in float64 would cancel.

    :param activation: the activation $y$ to hold, in $(0, 1)$.
    :param factor: the factor $\\sigma'(w y + b)\\, w$ wanted there; nonzero.
    :return: ``(w, b)``.
    :raises ValueError: for $y$ outside $(0, 1)$, a zero factor, or a weight or bias beyond float64.

    ```pycon
    >>> unit_factor_bias(0.5)
    (4.0, -2.0)

    ```
    """
    y = finite_scalar(activation, "activation")
    k = finite_scalar(factor, "factor")
    if not 0.0 < y < 1.0:
        raise ValueError(f"activation must lie in (0, 1), got {y}")
    if k == 0:
        raise ValueError("factor must be nonzero")
    try:  # in exact rationals, rounded once (1 - y, the product and the quotient would round thrice)
        w = float(Fraction(k) / (Fraction(y) * (1 - Fraction(y))))
    except OverflowError:
        w = math.inf
    if math.isfinite(w):
        with mpmath.workprec(_LOGIT_BITS):
            b = float(_mp_logit(y) - mpmath.mpf(w) * mpmath.mpf(y))
    else:
        b = math.inf
    if not (np.isfinite(w) and np.isfinite(b)):
        raise ValueError(
            f"factor / (activation (1 - activation)) must stay within float64 (about 1.8e308), got factor "
            f"{k!r} at activation {y!r}"
        )
    return w, b


def logistic_best_fixed_point_factor() -> tuple[float, float, float]:
    """The largest factor $f'(\\mathit{net})\\, w$ of a lone logistic unit with $w > 0$ held at a fixed point.

    A fixed point $y = \\sigma(w y)$ with $w > 0$ lies in $(1/2, 1)$ and needs $w = \\operatorname{logit}(y)/y$;
    there the factor is $w\\, y (1 - y) = \\operatorname{logit}(y)(1 - y)$, largest where
    $1/y = \\operatorname{logit}(y)$ (solved by bisection).

    :return: ``(y, w, factor)`` at the maximum.

    ```pycon
    >>> y, w, factor = logistic_best_fixed_point_factor()
    >>> round(factor, 4)
    0.2785

    ```
    """
    y = _bisect(lambda y: 1.0 / y - float(np.log(y / (1.0 - y))), 0.5, 1.0 - 1e-12)
    logit = float(np.log(y / (1.0 - y)))
    return y, logit / y, logit * (1.0 - y)


def logistic_neutral_fixed_point() -> HeldActivation:
    """The lone logistic unit (no bias) whose held activation has factor exactly $-1$.

    At a fixed point with $w < 0$ the activation lies in $(0, 1/2)$, $w = \\operatorname{logit}(y)/y$ and the
    factor is $\\operatorname{logit}(y)(1 - y)$, which rises from $-\\infty$ to 0 on $(0, 1/2)$; bisection finds
    where it is $-1$.

    :return: the fixed point, its weight and its factor.

    ```pycon
    >>> p = logistic_neutral_fixed_point()
    >>> round(p.weight, 6), round(p.activation, 7), round(p.factor, 12)
    (-5.869586, 0.2178117, -1.0)

    ```
    """
    y = _bisect(lambda y: _logit(y) * (1.0 - y) + 1.0, 1e-12, 0.5)
    w = _logit(y) / y
    return HeldActivation(w, 0.0, y, w * y * (1.0 - y))


EXACT_ULPS: Final = 3
"""How many ulps on each side of a computed fixed point {py:func}`exact_fixed_point` tries."""


def exact_fixed_point(weight: float, bias: float = 0.0) -> HeldActivation | None:
    """A fixed point that the library's logistic unit keeps exactly, in floating point.

    The fixed point of $y \\mapsto \\sigma(w y + b)$ is found by {py:func}`logistic_fixed_points`; the
    floating-point numbers within {py:data}`EXACT_ULPS` ulps of it are tried with the same activation that
    {py:func}`run_self_unit` uses, and the first that maps exactly onto itself is returned. A unit started
    there stays there for ever, whether the fixed point attracts or repels.

    :param weight: the self-weight $w$ (the unit must have a single fixed point, e.g. $w < 0$).
    :param bias: a constant net input $b$.
    :return: the exact fixed point with its factor $w\\,\\sigma'(w y + b)$ (the slope at the net input as
        the unit forms it, times $w$, as {py:func}`lstmnotes.carousel.logistic_fixed_points` forms it),
        or ``None`` if no number that near is one.
    :raises ValueError: for non-finite numbers or a weight with more than one fixed point.

    ```pycon
    >>> p = exact_fixed_point(-6.0)
    >>> (round(p.activation, 6), round(p.factor, 4))
    (0.215423, -1.0141)

    ```
    """
    points = logistic_fixed_points(weight, bias)
    if len(points) != 1:
        raise ValueError(f"weight {weight} has {len(points)} fixed points; need exactly one")
    (point,) = points
    f = _lookup("logistic")[0]
    below = above = point.activation
    candidates = [point.activation]
    for _ in range(EXACT_ULPS):
        below, above = float(np.nextafter(below, 0.0)), float(np.nextafter(above, 1.0))
        candidates += [below, above]
    for y in candidates:
        net = point.weight * y + point.bias  # as run_self_unit forms it
        if float(f(np.array([net]))[0]) == y:
            # w sigma'(net), not w y (1 - y): 1 - y loses its digits as y nears 1
            return HeldActivation(point.weight, point.bias, y, _factor(point.weight, net))
    return None
