"""The fixed points of one self-connected unit $h_t = f(w h_{t-1} + b)$, found by bracketing.

A fixed point is a state $h^* = f(\\mathit{net}^*)$ whose net input solves $\\mathit{net} = w f(\\mathit{net}) +
b$. The search runs in net inputs, where the function $G(x) = w f(x) + b - x$ has full resolution even where
$f$ saturates: $G' = w f' - 1$ vanishes at most at the two critical nets $c_\\pm$ where $w f'(c_\\pm) = 1$
(they exist for $w$ above $1/\\gamma$: $4$ for the logistic, $1$ for tanh), so $G$ is monotone between them
and bisection on each monotone piece with a sign change finds every root. A fixed point is an attractor
when its factor $\\rho = f'(\\mathit{net}^*)\\, w$ has $|\\rho| < 1$ {cite:p}`bengio1994learning`.

Near a tangency $w f(x) + b$ and $x$ agree to many digits, and the rounding of $w f(x)$ would swamp $G$.
For $|s x| < 1/2$ the search therefore writes $w f(x) + b = \\beta + \\omega \\tanh(s x)/s$ ($\\omega = w$,
$\\beta = b$, $s = 1$ for tanh; $\\omega = w/4$, $\\beta = b + w/2$, $s = 1/2$ for the logistic) and forms
$G = \\beta + (\\omega - 1)\\,x + (\\omega/s)\\,(\\tanh(s x) - s x)$, with $\\tanh u - u$ from its series where it
would cancel; the rounding error of $G$ is then at most 16 units of $2^{-53}$ of its largest term (see
{py:func}`_excess_error`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from lstmnotes._tanh_form import (
    NEAR,
    centred_excess,
    float_keys_root,
    precise_excess_sign,
    tanh_form,
    tanh_minus_identity,
)
from lstmnotes._validate import choice, finite_scalar
from lstmnotes.activations import ACTIVATIONS

__all__ = [
    "LATCH_ACTIVATIONS",
    "MAX_WEIGHT",
    "FixedPoint",
    "bistable_biases",
    "fixed_points",
]

LATCH_ACTIVATIONS: Final = ("tanh", "logistic")
"""The activations of the latching unit: tanh (states in $(-1, 1)$) and the logistic (states in $(0, 1)$)."""

MAX_WEIGHT: Final = 1000.0
"""The largest $|w|$ and $|b|$ the latching numerics accept (beyond it every attractor is saturated to the
last bit of a float64 state)."""

_SLOPE_MAX: Final = {"tanh": 1.0, "logistic": 0.25}
_RANGE: Final = {"tanh": (-1.0, 1.0), "logistic": (0.0, 1.0)}


def _on_floats(function: Callable[[Any], Any]) -> Callable[[float], float]:
    """The library's ``f`` or ``f'`` on one float, without the public functions' checks: the searches call
    it hundreds of thousands of times on finite floats they formed themselves (same arithmetic, same bits)."""
    return lambda x: float(function(np.float64(x)))


_FUNCTION: Final = {name: _on_floats(ACTIVATIONS[name][0]) for name in LATCH_ACTIVATIONS}
_SLOPE: Final = {name: _on_floats(ACTIVATIONS[name][1]) for name in LATCH_ACTIVATIONS}


def _f(activation: str) -> Callable[[float], float]:
    return _FUNCTION[activation]


def _f_prime(activation: str) -> Callable[[float], float]:
    return _SLOPE[activation]


def _log_slope(x: float, activation: str) -> float:
    """$\\ln f'(x)$ without underflow: $-|x| - 2\\ln(1 + e^{-|x|})$ (logistic), $\\ln 4 - 2|x| - 2\\ln(1 + e^{-2|x|})$
    (tanh); for tanh at $|x| < 1$, where those terms cancel to about $-x^2$, $-2\\ln(1 + 2\\sinh^2(x/2))$
    ($= -2\\ln\\cosh x$, no cancellation)."""
    a = abs(x)
    if activation == "logistic":
        return -a - 2.0 * math.log1p(math.exp(-a))
    if a < 1.0:
        return -2.0 * math.log1p(2.0 * math.sinh(0.5 * a) ** 2)
    return math.log(4.0) - 2.0 * a - 2.0 * math.log1p(math.exp(-2.0 * a))


def _args(w: float, b: float, activation: str) -> tuple[float, float, str]:
    weight, bias = finite_scalar(w, "w"), finite_scalar(b, "b")
    for name, value in (("w", weight), ("b", bias)):
        if abs(value) > MAX_WEIGHT:
            raise ValueError(f"|{name}| may be at most MAX_WEIGHT = {MAX_WEIGHT:g}, got {value!r}")
    return weight, bias, choice(activation, "activation", LATCH_ACTIVATIONS)


def _critical_net(w: float, activation: str) -> float | None:
    """$c_+ > 0$ with $w f'(c_+) = 1$ ($c_- = -c_+$), or ``None`` for $w \\le 1/\\gamma$.

    tanh: $\\tanh c = r = \\sqrt{(w - 1)/w}$, so $c = \\operatorname{atanh} r = \\ln(1 + r) + \\tfrac12 \\ln w$;
    logistic: $\\sigma(c) = (1 + r)/2$ with $r = \\sqrt{(w - 4)/w}$, so $c = 2\\ln(1 + r) + \\ln(w/4)$; both
    forms add two non-negative terms (no cancellation), and $w - 1$, $w - 4$ are exact near the threshold
    (Sterbenz), so $c$ keeps its digits however near $w$ is to it ($1 - 1/w$ would lose those of $r$
    there). In units of $2^{-53}$ of relative error: $r$ within 2 ($w - 1$ or $w - 4$, the quotient and the
    square root), $\\ln(1 + r)$ within 4 (2 from $r$, as $r/(1 + r) \\le \\ln(1 + r)$, and 2 for the C
    library's log1p, within one ulp), the other logarithm within 2 and the sum's rounding 1: $c$ within 5
    units of $2^{-53} c$.
    """
    if w * _SLOPE_MAX[activation] <= 1.0:
        return None
    if activation == "tanh":
        r = math.sqrt((w - 1.0) / w)
        return math.log1p(r) + 0.5 * math.log(w)
    r = math.sqrt((w - 4.0) / w)
    return 2.0 * math.log1p(r) + math.log(w / 4.0)


def _excess(x: float, w: float, b: float, activation: str) -> float:
    """$G(x) = w f(x) + b - x$; for $|s x| < 1/2$ as $\\beta + (\\omega - 1) x + (\\omega/s)(\\tanh(s x) - s x)$.

    Near zero the rounding error of that form is at most 16 units of $2^{-53}$ of its largest term
    ({py:func}`_excess_error`), so near a tangency, where
    $w f(x) + b$ and $x$ agree to many digits, $G$ is not lost to the rounding of $w f(x)$ (e.g.
    $w = 1 + 2^{-52}$, tanh, where the fixed points sit near $\\pm 2.6 \\times 10^{-8}$ and $G$ there is
    about $10^{-24}$). Farther out its terms grow like $w x$ and cancel, and the plain form is the better.
    """
    if abs(tanh_form(w, b, activation)[2] * x) >= NEAR:
        return w * _f(activation)(x) + b - x
    return centred_excess(x, w, b, activation)


_EXCESS_UNITS: Final = 16
"""The bound on the rounding error of {py:func}`_excess`, in units of $2^{-53}$ of {py:func}`_excess_size`."""


def _excess_size(x: float, w: float, b: float, activation: str) -> float:
    """$E$, the size the rounding error of {py:func}`_excess` at ``x`` is measured in: $\\max(|w|, |b|, 1)$
    for the plain form ($|s x| \\ge 1/2$), else the largest term of the centred form."""
    omega, beta, scale = tanh_form(w, b, activation)
    if abs(scale * x) >= NEAR:
        return max(abs(w), abs(b), 1.0)
    return max(
        abs(beta),
        abs((omega - 1.0) * x),
        abs(omega / scale * tanh_minus_identity(scale * x)),
    )


def _excess_error(x: float, w: float, b: float, activation: str) -> float:
    """16 units of $2^{-53} E$ plus 4 units of $2^{-1074}$ ($E$ from {py:func}`_excess_size`): a bound on
    $|\\hat G(x) - G(x)|$ for {py:func}`_excess` $\\hat G$ wherever $|\\hat G(x)| \\le E$ (near a root, and
    wherever the sign of $\\hat G$ is wrong).

    In units of $2^{-53}$, plain form: the library's $f$ within 8 relative, the product $w f$ 1, the sum with
    $b$ 1 of $|w f + b| \\le 2E$ and the last difference 1 of $|\\hat G|$: at most $8|w| + |w| + 2E +
    |\\hat G| \\le 12 E$ (where the library's $f$ is below $2^{-1022}$ it is within $4 \\cdot 2^{-1074}$, far
    below $2^{-53} E$ as $E \\ge 1$). Centred form: $\\beta$ 1 (the logistic's $b + w/2$), $(\\omega - 1) x$ 2
    (the difference and the product), the term in $\\tanh u - u$ 6 (the series, with $u^2$ and $u \\cdot u^2$,
    within 5, measured 3.3; the product 1), the first sum 1 of at most $2E$ and the second 1 of $|\\hat G|$:
    at most $12 E$. A product that lands below $2^{-1022}$ adds up to $2^{-1075}$ instead, times at most 4 for
    the term in $\\tanh u - u$ where $|\\omega| < 2$ (for larger $|\\omega|$ it underflows only where $|x| <
    2^{-340}$, and is then far below $2^{-53} E$): 4 units of $2^{-1074}$ in all."""
    return _EXCESS_UNITS * 2.0**-53 * _excess_size(x, w, b, activation) + 4 * 2.0**-1074


def _bisect(fun: Callable[[float], float], lo: float, hi: float) -> float:
    """A root of a continuous ``fun`` with ``fun(lo) >= 0 >= fun(hi)`` (or the reverse), to adjacent floats."""
    f_lo = fun(lo)
    if f_lo == 0.0:
        return lo
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            return mid
        f_mid = fun(mid)
        if f_mid == 0.0:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point $h^* = f(w h^* + b)$ of the unit."""

    state: float
    """$h^*$."""
    net: float
    """$\\mathit{net}^* = w h^* + b$, the net input that holds it (found first: $h^* = f(\\mathit{net}^*)$)."""
    factor: float
    """$\\rho = f'(\\mathit{net}^*)\\, w$, the factor an error meets on one step back at the fixed point (it
    underflows to zero for a state saturated beyond about $e^{-745}$)."""
    stable: bool
    """Whether $|\\rho| < 1$: an attractor (hyperbolic); otherwise a repeller or, at $|\\rho| = 1$, a tangency.
    Decided on $1 - |\\rho|$ formed so that it keeps its digits near one: where ``factor`` rounds to
    exactly $\\pm 1$ the verdict says on which side of one $|\\rho|$ lies; otherwise ``|factor| < 1`` exactly
    when the point is stable."""


def _point(x: float, w: float, activation: str) -> FixedPoint:
    """The fixed point at net input ``x``, with its factor and verdict formed as {py:func}`_factor` says."""
    factor, margin = _factor(x, w, activation)
    return FixedPoint(_f(activation)(x), x, factor, margin > 0.0)


_CENTRED_MARGIN: Final = 2.0
"""Below this $|\\omega|$ the margin $1 - |\\rho|$ is formed as $(1 - |\\omega|) + |\\omega| \\tanh^2(s x)$."""


def _factor(x: float, w: float, activation: str) -> tuple[float, float]:
    """$(\\rho, 1 - |\\rho|)$ at the net input ``x``.

    With $|\\rho| = |\\omega|\\,(1 - \\tanh^2(s x))$ (see ``lstmnotes._tanh_form.tanh_form``): for
    $|\\omega| < 2$ the margin $1 - |\\rho|$ is formed as $(1 - |\\omega|) + |\\omega| \\tanh^2(s x)$, whose
    terms are at most 2 and each accurate where $|\\rho|$ is near one (it keeps its digits at
    $w = 1 + 2^{-52}$, where $w f'(x)$ would round them away); where moreover $1/2 \\le |\\rho| \\le 2$ the
    factor is $\\pm(1 - \\text{margin})$, so that it lies on the verdict's side of one (or rounds to one
    itself). Elsewhere the factor is $w f'(x)$, one rounding of $w$ times the library's slope (within the 8 ulps
    the activations state for it: it is formed from $e^{-|x|}$ or $e^{-2|x|}$), and the margin is $1 - |\\rho|$, exact where $|\\rho|$ is near
    one (Sterbenz), so the verdict agrees with the factor. (For large $|\\omega|$ the centred margin would
    cancel: its terms are of size $|\\omega|$, up to 1000 ulps off at $w = 1000$.)"""
    factor = w * _f_prime(activation)(x)
    omega, _, scale = tanh_form(w, 0.0, activation)
    if abs(omega) >= _CENTRED_MARGIN:
        return factor, 1.0 - abs(factor)
    margin = (1.0 - abs(omega)) + abs(omega) * math.tanh(scale * x) ** 2
    if 0.5 <= abs(factor) <= 2.0:
        factor = math.copysign(1.0 - margin, w)
    return factor, margin


def fixed_points(w: float, b: float = 0.0, activation: str = "tanh") -> tuple[FixedPoint, ...]:
    """Every fixed point of the unit $h_t = f(w h_{t-1} + b)$, in increasing order, with its stability.

    Found by bisection in the net input on each piece where $G(x) = w f(x) + b - x$ is monotone (see the
    module), inside the bracket $[b - |w| - 1, b + |w| + 1]$ where $G$ changes sign; there are one or three.
    Near the zero net input $G$ is formed so that it keeps its digits when $w f(x) + b$ and $x$ nearly agree
    (for tanh as $b + (w - 1)\\,x + w\\,(\\tanh x - x)$, the logistic alike in $\\tanh(x/2)$), and stability
    is decided in a form that is exact enough where $|\\rho|$ is within rounding of one (e.g. $w = 1 + 2^{-52}$
    for tanh). Whether a pair of roots near a tangency exists is decided by the sign of $G$ at the (float)
    critical nets, taken in multiple precision (mpmath, 128 bits and up) from the exact float inputs; where
    the rounded $G$ there has the other sign or lies within twice its rounding bound of zero, the pieces
    beside it are bisected on the precise sign. Elsewhere the bisection of the rounded $G$ ends on two
    adjacent floats where its sign changes, so that at one of them, or at a root between them, $|G|$ is at
    most its rounding bound (16 units of $2^{-53} E$ plus 4 units of $2^{-1074}$, below); by the mean value
    theorem the distance to the exact net is at most that over the least $|G'| = |1 - w f'|$ on the way,
    plus one float.

    Accuracy: every fixed point found, its net input within one float of a net x at which |w f(x) +
    b - x| <= 16 units of 2^-53 E plus 4 units of 2^-1074, with E = max(|w|, |b|, 1) where |s x| >=
    1/2 and, where |s x| < 1/2 (s = 1 for tanh, 1/2 for the logistic), the largest of |beta|,
    |(omega - 1) x| and |(omega/s)(tanh(s x) - s x)|, the terms of the centred form of w f(x) + b -
    x (omega = w and beta = b for tanh, omega = w/4 and beta = b + w/2 for the logistic), which
    shrink near a tangency there; so within that bound divided by the least |1 - w f'| between the
    exact net and the floats beside the one returned, plus one float, of the exact net (the fixed
    point's conditioning: it loosens near a tangency, rho = 1); where w f(c) + b - c at a float
    critical net c (w f'(c) = 1) rounds to the other sign or lies within twice that bound of zero,
    the net inputs on the pieces beside it within one float of the exact ones (bisected on the sign
    taken in multiple precision, up to 1024 bits); the count exact unless a net input of a pair near
    a tangency lies within 5 units of 2^-53 c of an exact critical net +-c (the float critical nets
    are that close to them, and the sign of w f(c) + b - c there is taken in multiple precision),
    where the pair may be missed; each factor within 8 units of 2^-53 max(|rho|, 1) of w f'(net) at
    the net returned, and the stability verdict on the side of one that the factor is on (where it
    is not exactly +-1). A call takes a few milliseconds (up to about 10 where a piece is bisected
    on the precise sign).

    :param w: the self-connection, $|w| \\le$ {py:data}`MAX_WEIGHT`.
    :param b: the bias (a constant net input), $|b| \\le$ {py:data}`MAX_WEIGHT`.
    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: the fixed points, by increasing state.
    :raises TypeError: for a ``w`` or ``b`` that is not a real number, or an ``activation`` not a string.
    :raises ValueError: for a non-finite or too large ``w`` or ``b``, or an unknown activation.

    Source: the latching unit of {cite:t}`bengio1994learning`, one unit.

    ```pycon
    >>> [(round(p.state, 6), p.stable) for p in fixed_points(2.0)]
    [(-0.957504, True), (0.0, False), (0.957504, True)]
    >>> [round(p.state, 6) for p in fixed_points(0.5, activation="logistic")]
    [0.570879]

    ```
    """
    weight, bias, unit = _args(w, b, activation)

    def excess(x: float) -> float:
        return _excess(x, weight, bias, unit)

    lo, hi = bias - abs(weight) - 1.0, bias + abs(weight) + 1.0
    c = _critical_net(weight, unit)
    cuts = [lo, hi] if c is None else [lo, *(min(max(v, lo), hi) for v in (-c, c)), hi]
    roots: list[float] = []
    values = [excess(x) for x in cuts]
    doubtful = [False] * len(cuts)
    for i in range(1, len(cuts) - 1):  # the critical nets: is G's extremum above or below zero?
        sign = precise_excess_sign(cuts[i], weight, bias, unit)
        if sign != 0 and (values[i] == 0.0 or (values[i] > 0.0) != (sign > 0)):
            values[i], doubtful[i] = math.copysign(math.inf, sign), True
        else:  # within twice its rounding of zero, the rounded G may change sign on the floats beside it
            near = (math.nextafter(cuts[i], -math.inf), cuts[i], math.nextafter(cuts[i], math.inf))
            bound = max(_excess_error(x, weight, bias, unit) for x in near)
            doubtful[i] = abs(values[i]) <= 2.0 * bound

    def precise(x: float) -> int:
        sign = precise_excess_sign(x, weight, bias, unit)
        return sign if sign != 0 else (excess(x) > 0.0) - (excess(x) < 0.0)

    for i in range(len(cuts) - 1):
        (a, fa), (z, fz) = (cuts[i], values[i]), (cuts[i + 1], values[i + 1])
        if fa == 0.0 and roots and roots[-1] == a:
            continue  # a root at a cut, found already on the piece before
        if (fa >= 0.0 >= fz or fa <= 0.0 <= fz) and a < z:
            # where the rounded G at a critical net has the wrong sign or is within its rounding of zero,
            # it cannot be trusted near it: the piece is bisected on the precise sign
            roots.append(
                float_keys_root(precise, a, z)
                if doubtful[i] or doubtful[i + 1]
                else _bisect(excess, a, z)
            )
    unique = sorted(set(roots))
    return tuple(_point(x, weight, unit) for x in unique)


def bistable_biases(w: float, activation: str = "tanh") -> tuple[float, float]:
    """The open interval of biases $b$ for which the unit has two attractors, for a self-connection $w$.

    At each end a fixed point meets the unstable one (a tangency, $w f'(\\mathit{net}) = 1$ at a fixed
    point): with the critical nets $c_\\pm = \\pm c$ the ends are $b_\\mp = c_\\pm - w f(c_\\pm)$, and the unit
    has three fixed points (two attractors) exactly for $b_- < b < b_+$. The sympy derivation of the ends is
    {py:func}`lstmnotes.latching.symbolic.bistable_biases`.

    :param w: the self-connection, above $1/\\gamma$ ($4$ for the logistic, $1$ for tanh) and at most
        {py:data}`MAX_WEIGHT`.
    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: $(b_-, b_+)$.
    :raises TypeError: for a ``w`` that is not a real number.
    :raises ValueError: for $w \\le 1/\\gamma$ (no bias gives two attractors), a non-finite or too large
        ``w``, or an unknown activation.

    ```pycon
    >>> [round(v, 6) for v in bistable_biases(2.0)]
    [-0.53284, 0.53284]
    >>> [round(v, 6) for v in bistable_biases(8.0, "logistic")]
    [-5.06568, -2.93432]

    ```
    """
    weight, _, unit = _args(w, 0.0, activation)
    c = _critical_net(weight, unit)
    if c is None:
        raise ValueError(
            f"w must exceed 1/gamma = {1.0 / _SLOPE_MAX[unit]:g} for two attractors ({unit}), got {weight!r}"
        )
    f = _f(unit)
    return c - weight * f(c), -c - weight * f(-c)
