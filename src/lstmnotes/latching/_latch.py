"""A bit latched by one unit: its two attractors, their basins, and the input noise each one tolerates.

For $w > 0$ the map $h \\mapsto f(w h + b + u)$ increases in $h$ and in $u$, so among all inputs with
$|u_t| \\le \\varepsilon$ the constant $u_t = -\\varepsilon$ keeps the state lowest at every step (induction).
Started at the upper attractor, that worst-case run falls to the largest fixed point of
$h \\mapsto f(w h + b - \\varepsilon)$, a net input solving $G(x) = \\varepsilon$ with $G(x) = w f(x) + b - x$;
it stays above the unstable fixed point (in the basin) iff such a root lies above it, i.e. iff
$\\varepsilon \\le \\max G = G(c_+)$ on the upper branch, $c_+$ the critical net where $w f'(c_+) = 1$. So
the tolerance is exactly $\\varepsilon_+ = w f(c_+) + b - c_+$ (the lower attractor's, mirrored:
$\\varepsilon_- = c_- - w f(c_-) - b$), positive exactly while the attractor exists.

Along any run from the attractor with $|u_t| \\le \\varepsilon \\le \\varepsilon_+$ every net input stays at
or above the worst case's limit $x_\\varepsilon \\ge c_+ > 0$, where $f'$ decreases, so every factor
$f'(\\mathit{net}_t)\\, w$ is at most $\\rho_\\varepsilon = w f'(x_\\varepsilon)$, below one for
$\\varepsilon < \\varepsilon_+$: the flow $|\\partial h_T / \\partial h_0|$ is at most $\\rho_\\varepsilon^T$.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath

from lstmnotes._validate import choice, finite_scalar
from lstmnotes.latching._fixed_points import (
    _RANGE,
    FixedPoint,
    _args,
    _critical_net,
    _f,
    fixed_points,
)

__all__ = ["ATTRACTORS", "Latch", "latch", "worst_case_rate"]

ATTRACTORS = ("upper", "lower")
"""The two attractors of a latch, by their states."""


@dataclass(frozen=True)
class Latch:
    """A unit $h_t = f(w h_{t-1} + b + u_t)$ with two attractors: a bit, stored in which basin the state is."""

    activation: str
    """``"tanh"`` or ``"logistic"``."""
    weight: float
    """$w$."""
    bias: float
    """$b$."""
    lower: FixedPoint
    """The lower attractor."""
    saddle: FixedPoint
    """The unstable fixed point between them, $\\rho > 1$: the common edge of the two basins."""
    upper: FixedPoint
    """The upper attractor."""
    lower_basin: tuple[float, float]
    """The open interval of states that the input-free unit carries to the lower attractor: from the bottom
    of the activation's range ($-1$ or $0$) to the unstable state."""
    upper_basin: tuple[float, float]
    """The open interval of states carried to the upper attractor: from the unstable state to $1$."""
    lower_tolerance: float
    """$\\varepsilon_-$: the largest bound with which every input sequence $|u_t| \\le \\varepsilon_-$ keeps a
    run started at the lower attractor in its basin forever."""
    upper_tolerance: float
    """$\\varepsilon_+$: the same for the upper attractor."""

    def attractor(self, which: str) -> FixedPoint:
        """The ``"upper"`` or ``"lower"`` attractor."""
        return self.upper if choice(which, "attractor", ATTRACTORS) == "upper" else self.lower

    def tolerance(self, which: str) -> float:
        """The tolerance of the ``"upper"`` or ``"lower"`` attractor."""
        side = choice(which, "attractor", ATTRACTORS)
        return self.upper_tolerance if side == "upper" else self.lower_tolerance


def latch(w: float, b: float = 0.0, activation: str = "tanh") -> Latch:
    """The unit's two attractors, the unstable fixed point, the basins and each attractor's noise tolerance.

    The tolerances are the closed forms of the module ($\\varepsilon_\\pm$ at the critical nets); the states
    are those of {py:func}`fixed_points`.

    :param w: the self-connection, above $1/\\gamma$ and at most {py:data}`MAX_WEIGHT`.
    :param b: the bias, strictly inside {py:func}`bistable_biases` of ``w``.
    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: the {py:class}`Latch`.
    :raises TypeError: for a ``w`` or ``b`` that is not a real number.
    :raises ValueError: for a unit without two attractors (naming ``w`` and ``b``), a non-finite or too
        large ``w`` or ``b``, or an unknown activation.

    Source: the latching unit of {cite:t}`bengio1994learning`, one unit.

    ```pycon
    >>> unit = latch(2.0)
    >>> round(unit.upper.state, 6), round(unit.upper.factor, 6), round(unit.upper_tolerance, 6)
    (0.957504, 0.166372, 0.53284)
    >>> unit.upper_basin
    (0.0, 1.0)

    ```
    """
    weight, bias, unit = _args(w, b, activation)
    points = fixed_points(weight, bias, unit)
    c = _critical_net(weight, unit)
    if c is None or len(points) != 3 or not (points[0].stable and points[2].stable):
        raise ValueError(
            f"the {unit} unit with w = {weight!r}, b = {bias!r} has no two attractors: it needs w above "
            "1/gamma and b strictly inside bistable_biases(w)"
        )
    f = _f(unit)
    low, high = _RANGE[unit]
    lower, saddle, upper = points
    return Latch(
        unit,
        weight,
        bias,
        lower,
        saddle,
        upper,
        (low, saddle.state),
        (saddle.state, high),
        -c - weight * f(-c) - bias,
        weight * f(c) + bias - c,
    )


def worst_case_rate(
    w: float, b: float, epsilon: float, activation: str = "tanh", attractor: str = "upper"
) -> float:
    """$\\rho_\\varepsilon$: the largest factor $f'(\\mathit{net}_t)\\, w$ met along any run from the attractor
    with inputs $|u_t| \\le \\varepsilon$, so that the flow there is at most $\\rho_\\varepsilon^T$.

    It is the factor at the limit $x_\\varepsilon$ of the worst-case run ($u_t = \\mp\\varepsilon$, see the
    module), found by bisection of $G(x) = \\pm\\varepsilon$ beyond the critical net in multiple precision
    (mpmath, 160 bits, from the float inputs taken as exact), so that it stays accurate near a tangency,
    where the limit in float64 would be ill-conditioned; the slope $f'$ there is formed from the net input
    ($4 e^{-2|x|}/(1 + e^{-2|x|})^2$, $e^{-|x|}/(1 + e^{-|x|})^2$), not from the state, so that a saturated
    attractor keeps its digits (a few milliseconds a call). At $\\varepsilon = 0$ it is the attractor's own
    factor; it rises to one as $\\varepsilon$ rises to the tolerance.

    Accuracy: within 1 ulp of the exact value (an ulp of it: 2^-1074 below 2^-1022, so that a value
    at most 2^-1075 returns zero), near a tangency too: the 160-bit value, within 2^-67 of the exact
    one and within 2^-88 of it relatively where it is below 1/2, correctly rounded to the nearest
    float.

    :param w: the self-connection; :param b: the bias (as {py:func}`latch`).
    :param epsilon: the bound on the inputs, $0 \\le \\varepsilon \\le$ the attractor's tolerance (zero is
        taken where the tolerance, a difference of nearly equal terms near the ends of the bistable range,
        rounds below zero). An ``epsilon`` that the float tolerance admits but the exact one does not (they
        differ by less than the tolerance's stated error) leaves $G(x) = \\pm\\varepsilon$ no root beyond
        the critical net; the result there is 1, the limit as $\\varepsilon$ rises to the tolerance.
    :param activation: ``"tanh"`` or ``"logistic"``.
    :param attractor: ``"upper"`` or ``"lower"``.
    :return: $\\rho_\\varepsilon \\in [0, 1]$ (zero only where it lies below the float range, e.g. tanh at
        $w = 1000$, where the slope is about $4 e^{-2000}$).
    :raises TypeError: for arguments that are not real numbers or strings.
    :raises ValueError: as {py:func}`latch`, or for a negative ``epsilon`` or one above the tolerance.

    ```pycon
    >>> round(worst_case_rate(2.0, 0.0, 0.0), 6), round(worst_case_rate(2.0, 0.0, 0.3), 6)
    (0.166372, 0.351083)

    ```
    """
    unit = latch(w, b, activation)
    side = choice(attractor, "attractor", ATTRACTORS)
    bound = finite_scalar(epsilon, "epsilon")
    tolerance = unit.tolerance(side)
    if not 0.0 <= bound <= max(tolerance, 0.0):
        raise ValueError(
            f"epsilon must lie in [0, {max(tolerance, 0.0)!r}] (the {side} attractor's tolerance), got "
            f"{bound!r}"
        )
    return _exact_rate(unit.weight, unit.bias, bound, unit.activation, 1 if side == "upper" else -1)


_RATE_BITS = 160
"""The working precision of {py:func}`_exact_rate`."""


def _exact_rate(w: float, b: float, bound: float, activation: str, sign: int) -> float:
    """$w f'(x_\\varepsilon)$ at the root $x_\\varepsilon$ of $G(x) = $ ``sign`` $\\cdot\\,\\varepsilon$ beyond the
    critical net ``sign`` $\\cdot\\, c$, all in multiple precision from the float inputs taken as exact.

    On that branch $G$ is monotone (it falls beyond $c_+$ and rises before $c_-$), so bisection of the
    bracket between the critical net and $b \\pm (w + 1)$ (where $G \\mp \\varepsilon$ has the other
    sign) converges to the one root; it runs to $2^{-100}(1 + |b| + w + 1) \\le 2^{-89}$ of the net, and the
    factor is rounded once, to nearest. The slope is formed from $e^{-2|x|}$ (tanh) or $e^{-|x|}$
    (logistic): from the state $y$, $1 - y^2$ or $y (1 - y)$ would cancel once $1 - |y|$ falls below the
    working precision (a net beyond about 50). Where $\\varepsilon$ is the tolerance, or above the exact one
    by its rounding, the limit is the critical net and the rate is one.

    The error: $G$ at 160 bits is within $\\eta = 2^{-146}$ (a few roundings of $2^{-160}$ of terms below
    $2^{13}$ in all), so the net the bisection ends on is within $2^{-90}$ of a net where $G$ is within
    $\\eta$ of its target. There, with $h = 1 - \\rho = -G'$ rising from zero at the critical net at a rate
    $|G''| = |w f''| \\le M = 770$ ($|f''| \\le 0.77$), the area $\\int h$ between that net and the root is at
    most $\\eta$, which bounds the change of $h$, the error of $\\rho$, by $\\sqrt{2 M \\eta} + 2^{-90} M <
    2^{-67}$, near a tangency too. Where $\\rho \\le 1/2$ the root moves by at most $2\\eta / (1 - \\rho) +
    2^{-90}$, and $|\\mathrm{d} \\ln \\rho / \\mathrm{d}x| \\le 2$: within $2^{-88}$ relatively. The 160-bit
    value $m\\,2^e$ is rounded to the nearest float as the integer quotient $m / 2^{-e}$ (which Python rounds
    correctly, below $2^{-1022}$ too): half an ulp more, within 1 ulp in all."""
    with mpmath.workprec(_RATE_BITS):
        weight, bias, target = mpmath.mpf(w), mpmath.mpf(b), sign * mpmath.mpf(bound)
        if activation == "tanh":
            r = mpmath.sqrt(1 - 1 / weight)
            critical = mpmath.log((1 + r) / (1 - r)) / 2
        else:
            r = mpmath.sqrt(1 - 4 / weight)
            critical = mpmath.log((1 + r) / (1 - r))

        def f(x: mpmath.mpf) -> mpmath.mpf:
            return mpmath.tanh(x) if activation == "tanh" else 1 / (1 + mpmath.exp(-x))

        def excess(x: mpmath.mpf) -> mpmath.mpf:
            return weight * f(x) + bias - x - target

        near, far = sign * critical, bias + sign * (weight + 1)
        if sign * excess(near) <= 0:
            return 1.0
        width = mpmath.ldexp(1 + abs(far), -100)
        while abs(far - near) > width:
            mid = (near + far) / 2
            if sign * excess(mid) > 0:
                near = mid
            else:
                far = mid
        x = abs((near + far) / 2)
        if activation == "tanh":
            e = mpmath.exp(-2 * x)
            slope = 4 * e / (1 + e) ** 2
        else:
            e = mpmath.exp(-x)
            slope = e / (1 + e) ** 2
        mantissa, exponent = (weight * slope).man_exp
    # an integer quotient rounds correctly, below 2^-1022 too (float() would round twice there)
    nearest = mantissa / 2**-exponent if exponent < 0 else float(mantissa * 2**exponent)
    return min(nearest, 1.0)
