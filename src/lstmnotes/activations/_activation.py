"""Activations as objects: a function, its derivatives, the supremum of its slope and how smooth it is.

An {py:class}`Activation` carries everything the analysis of the error flow asks of a unit's squashing
function: $f$, $f'$, $f''$ where it exists, $\\sup|f'|$ and a point where it is reached, whether $f$ is
smooth enough for the gain to have stationary points, and the limits of $f'$ at $\\pm\\infty$. Its sympy
twin is {py:func}`lstmnotes.activations.symbolic_activation.expression` (kept there so that these numerics never
load sympy); an activation built from a sympy expression ({py:func}`lstmnotes.activations.symbolic_activation.from_sympy`)
carries its expression along.

The instances: {py:data}`LOGISTIC`, {py:data}`TANH`, {py:data}`IDENTITY`, {py:data}`RELU`, the 1997 memory
cell's $g$ and $h$ ({py:data}`CELL_G`, {py:data}`CELL_H`, scaled logistics), and the families
{py:func}`affine` and {py:func}`leaky_relu`. A user's own: {py:func}`lstmnotes.activations.from_callables`
and {py:func}`lstmnotes.activations.symbolic_activation.from_sympy`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, finite_scalar, scalar_or_array
from lstmnotes.activations._functions import (
    _logistic,
    _logistic_prime,
    _logistic_second,
    _tanh_prime,
    _tanh_second,
)

__all__ = [
    "CELL_G",
    "CELL_H",
    "IDENTITY",
    "LOGISTIC",
    "RELU",
    "TANH",
    "Activation",
    "BeyondNetLimit",
    "affine",
    "leaky_relu",
]

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False, repr=False)
class Activation:
    """A unit's activation function with what the error-flow analysis needs of it.

    The callables act on validated float64 arrays (no checks, for loops over many steps); calling the
    object itself, or {py:meth}`prime` and {py:meth}`second`, validates the input first.
    """

    name: str
    """How the book and the messages name it, e.g. ``"tanh"`` or ``"leaky_relu(0.01)"``."""
    f: Callable[[Array], Array]
    """$f$ on a float64 array."""
    fprime: Callable[[Array], Array]
    """$f'$ on a float64 array (at a kink: the right-hand slope's convention stated in ``smoothness``)."""
    fsecond: Callable[[Array], Array] | None
    """$f''$ on a float64 array; ``None`` where $f'$ is not differentiable (piecewise-linear units)."""
    slope_max: float
    """$\\sup_x |f'(x)|$: the paper's $f'_{max}$ bound for this unit, Pascanu et al.'s $\\gamma$."""
    slope_argmax: float
    """A point $x$ with $|f'(x)| =$ ``slope_max`` (the supremum of every activation here is reached)."""
    smooth: bool
    """Whether $f$ is twice continuously differentiable everywhere (the gain's stationarity applies)."""
    smoothness: str
    """A sentence saying how smooth $f$ is and, at a kink, which slope ``fprime`` returns."""
    even_slope: bool
    """Whether $f'(-x) = f'(x)$ for every $x$ (then the gain for $c = 0$ is even in $w$)."""
    tail_slopes: tuple[float, float]
    """$(\\lim_{x\\to-\\infty} f'(x), \\lim_{x\\to+\\infty} f'(x))$."""
    tail_gains: tuple[float, float] | None = (0.0, 0.0)
    """$(\\lim_{x\\to-\\infty} |x f'(x)|, \\lim_{x\\to+\\infty} |x f'(x)|)$, ``inf`` where $f'$ decays no faster
    than $1/|x|$ (or not at all), ``None`` where not known (a user's callables that do not state it). The
    gain $|f'(wy + c)\\,w|$ tends to this over $|y|$ as $w \\to \\pm\\infty$: whether its supremum is reached
    turns on it."""
    slope_rate: Callable[[Array], Array] | None = None
    """$f''/f'$, computed without dividing underflowed values where a closed form exists; ``None`` for
    piecewise-linear units."""
    family: str = ""
    """The name of the family in {py:mod}`lstmnotes.activations.symbolic` that gives the sympy twin
    (``"logistic"``, ``"affine"``, ...); empty for a user's callables."""
    parameters: tuple[float, ...] = ()
    """The family's parameters (the slope and offset of an affine unit, the leak of a leaky ReLU)."""
    slope_decay: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    """How $|f'|$ vanishes at each end: $((A, p, k)$ as $x \\to -\\infty$, $(A, p, k)$ as $x \\to +\\infty)$ with
    $|f'(x)| / (A\\,|x|^p e^{-k|x|}) \\to 1$ ($A > 0$, $k \\ge 0$); ``None`` where $f'$ does not vanish at an
    end or the form is not known (a user's callables; an expression whose limits sympy does not find)."""
    reciprocal_slope_convex: bool = False
    """Whether $f'$ has no zero and $1/|f'|$ is convex (proved: from the formula, or by sympy for
    {py:func}`lstmnotes.activations.symbolic_activation.from_sympy`). Then for every offset $c$ the set of
    $r > 0$ where $r\\,|f'(ra + c)| \\ge g$ is $\\{r : g/|f'(ra + c)| \\le r\\}$, a sublevel set of a convex
    function, an interval: along each half-line of weights the gain rises to one peak and then falls. A
    log-concave $f'$ (the logistic's, tanh's) is the special case $1/f' = e^{-\\log f'}$."""
    net_limit: float = np.inf
    """The largest $|x|$ at which the callables are trusted: ``inf`` for the units built in; for a
    reader's own, the range checked (for {py:func}`lstmnotes.activations.symbolic_activation.from_sympy`
    against mpmath, for {py:func}`lstmnotes.activations.from_callables` as stated). A reader's callables
    refuse a larger $|x|$ with a ValueError, and so does every function that would use them there."""
    gain_rate: Callable[[Array], Array] | None = None
    """$1 + x f''(x)/f'(x)$, the slope of $\\log|x f'(x)|$ against $\\log|x|$, computed without the
    cancellation of $1 + x\\cdot$``slope_rate`` where $|x f'(x)|$ nears its limit (a unit made from sympy:
    its own compiled form; others ``None``, and the sum is formed). Its error is bounded relative to
    $1 + |x f''(x)/f'(x)|$, not to the value: near a zero of the sum its relative error is unbounded (see
    {py:func}`lstmnotes.activations.symbolic_activation.from_sympy`); a value beyond float64 comes back as
    an infinity of its sign."""
    rising_beyond: tuple[float, float] = (np.inf, np.inf)
    """$(X_-, X_+)$: $|x f'(x)|$ is proved to rise with $|x|$ for $x < -X_-$ and for $x > X_+$ (every real
    root of $1 + x f''(x)/f'(x)$ found by sympy, and the sign beyond the outermost positive); ``inf``
    where not proved (every unit but one made from sympy). A gain for $c = 0$ still rising where its net
    input is past this rises to its limit and never reaches it."""
    gain_mpmath: Callable[[float, float, float], float | None] | None = field(
        default=None, repr=False
    )
    """``gain_mpmath(w, y, c)``: $|w\\,f'(wy + c)|$ by mpmath, rounded to float64 (``None`` where it does
    not settle), for a net input beyond float64: a unit made from sympy has it, others ``None``."""
    expression: Any = field(default=None, repr=False)
    """The sympy expression of a user's activation (in ``symbol``), else ``None``."""
    symbol: Any = field(default=None, repr=False)
    """The sympy symbol of ``expression``."""

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"

    def __call__(self, x: ArrayLike) -> Any:
        """$f(x)$ elementwise; a float for scalar input.

        :raises ValueError: for non-finite ``x``, or an ``x`` whose $f(x)$ is beyond float64 (an affine
            or leaky unit with a large slope at a large ``x``).
        """
        values = finite_array(x, "x")
        return scalar_or_array(_checked(self.f, values, f"{self.name}(x)"))

    def prime(self, x: ArrayLike) -> Any:
        """$f'(x)$ elementwise; a float for scalar input.

        :raises ValueError: for non-finite ``x``, or an ``x`` whose $f'(x)$ is not a finite float64.
        """
        return scalar_or_array(_checked(self.fprime, finite_array(x, "x"), f"{self.name}'(x)"))

    def second(self, x: ArrayLike) -> Any:
        """$f''(x)$ elementwise.

        For the built-in logistic, tanh, cell_g and cell_h: relative error below 8 ulps ($2^{-50}$) where
        $|f''(x)| \\ge 2^{-1022}$, absolute error below $2 \\cdot 2^{-1074}$ where it is subnormal (the far
        tails, e.g. tanh's for $354 < |x| < 373$), over every finite float64 ``x``; an affine unit's is
        exactly 0; a unit made from sympy or callables: as accurate as stated there.

        :raises ValueError: for non-finite ``x``, an ``x`` whose $f''(x)$ is not a finite float64, or an
            activation without a second derivative.
        """
        values = finite_array(x, "x")
        if self.fsecond is None:
            raise ValueError(f"{self.name} has no second derivative: {self.smoothness}")
        return scalar_or_array(_checked(self.fsecond, values, f"{self.name}''(x)"))

    @property
    def threshold(self) -> float:
        """$1/\\sup|f'|$, the weight size below which every factor $|f'(\\mathit{net})\\,w|$ is below one
        (the paper's 4.0 for the logistic), rounded once.

        :raises ValueError: where $1/\\sup|f'|$ is beyond float64 ($\\sup|f'|$ at most $2^{-1024}$): then every
            finite weight gives a factor below one.
        """
        reciprocal = 1.0 / self.slope_max  # inf (no exception, no warning) where beyond float64
        if not math.isfinite(reciprocal):
            raise ValueError(
                f"{self.name}: 1/sup|f'| = 1/{self.slope_max!r} is beyond float64 (about 1.8e308), so "
                "there is no threshold to give: every finite weight w gives |f'(net) w| < 1"
            )
        return reciprocal


class BeyondNetLimit(ValueError):
    """A net input beyond the range where a unit's callables are trusted (its ``net_limit``, stated in
    {py:func}`lstmnotes.activations.from_callables`); ``net_input`` and ``net_limit`` say where."""

    def __init__(self, message: str, net_input: float, net_limit: float) -> None:
        super().__init__(message)
        self.net_input = net_input
        self.net_limit = net_limit


def limited(
    function: Callable[[Array], Array], limit: float, name: str
) -> Callable[[Array], Array]:
    """``function``, refusing an array with an element beyond ``limit`` in size (NaN passes through) with
    {py:class}`BeyondNetLimit`."""
    if limit == np.inf:
        return function

    def within(x: Array) -> Array:
        beyond = np.abs(x) > limit
        if np.any(beyond):
            value = float(np.asarray(x)[beyond].flat[0])
            raise BeyondNetLimit(
                f"the net input {value!r} is beyond +-{limit!r}, the range where {name}'s derivatives "
                "were checked (its net_limit): results there could be wrong",
                value,
                limit,
            )
        return function(x)

    return within


def _full(function: Callable[[Array], Array], x: Array) -> Array:
    """``function(x)`` as a float64 array of ``x``'s shape (a constant derivative may return a scalar)."""
    return np.array(np.broadcast_to(function(x), x.shape), dtype=np.float64)


def _checked(function: Callable[[Array], Array], x: Array, what: str) -> Array:
    """``function(x)`` as by {py:func}`_full`, refusing (without a floating-point warning) a value that is
    not a finite float64, naming the first ``x`` that gives one."""
    with np.errstate(over="ignore", invalid="ignore"):
        values = _full(function, x)
    bad = ~np.isfinite(values)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0]) if x.ndim else ()
        raise ValueError(
            f"x = {float(x[where])!r} gives {what} = {float(values[where])!r}, not a finite float64 "
            "(beyond about 1.8e308)"
        )
    return values


def _half_tanh(x: Array, scale: float = 1.0) -> Array:
    """``scale`` times $\\tanh(x/2)$, which is $2\\sigma(x) - 1$: accurate to a few ulps also near zero, where
    $2\\sigma(x) - 1$ cancels.

    Near zero $\\tanh(x/2) = x/2$ to float64 precision; halving a subnormal $x$ would round before the
    scaling, so $x$ is scaled up by $2^{54}$ first and back afterwards (exact powers of two): one rounding.
    """
    tiny = np.abs(x) < 2.0**-900
    small = np.where(tiny, x, 0.0)
    return np.where(
        tiny, np.ldexp(np.ldexp(small, 54) * (0.5 * scale), -54), scale * np.tanh(0.5 * x)
    )


def _logistic_rate(x: Array) -> Array:
    return -np.tanh(0.5 * x)  # sigma''/sigma' = 1 - 2 sigma


def _scaled_logistic(name: str, scale: float, doc: str) -> Activation:
    """$\\text{scale}\\,(2\\sigma(x) - 1)$, computed as $\\text{scale}\\tanh(x/2)$."""
    return Activation(
        name=name,
        f=lambda x: _half_tanh(x, scale),
        fprime=lambda x: 2.0 * scale * _logistic_prime(x),
        fsecond=lambda x: _logistic_second(x, 2.0 * scale),
        slope_max=scale / 2.0,
        slope_argmax=0.0,
        smooth=True,
        smoothness=f"analytic; {doc}",
        even_slope=True,
        tail_slopes=(0.0, 0.0),
        slope_rate=_logistic_rate,
        family=name,
        slope_decay=((2.0 * scale, 0.0, 1.0), (2.0 * scale, 0.0, 1.0)),  # 2 scale e^{-|x|}
        reciprocal_slope_convex=True,
    )


LOGISTIC: Final = Activation(
    name="logistic",
    f=_logistic,
    fprime=_logistic_prime,
    fsecond=_logistic_second,
    slope_max=0.25,
    slope_argmax=0.0,
    smooth=True,
    smoothness="analytic",
    even_slope=True,
    tail_slopes=(0.0, 0.0),
    slope_rate=_logistic_rate,
    family="logistic",
    slope_decay=((1.0, 0.0, 1.0), (1.0, 0.0, 1.0)),  # sigma'(x) = e^{-|x|}/(1 + e^{-|x|})^2
    reciprocal_slope_convex=True,
)
"""The logistic sigmoid $\\sigma(x) = 1/(1 + e^{-x})$ of the paper's units: $\\sup\\sigma' = 1/4$ at 0."""

TANH: Final = Activation(
    name="tanh",
    f=np.tanh,
    fprime=_tanh_prime,
    fsecond=_tanh_second,
    slope_max=1.0,
    slope_argmax=0.0,
    smooth=True,
    smoothness="analytic",
    even_slope=True,
    tail_slopes=(0.0, 0.0),
    slope_rate=lambda x: -2.0 * np.tanh(x),
    family="tanh",
    slope_decay=((4.0, 0.0, 2.0), (4.0, 0.0, 2.0)),  # 1 - tanh^2 = 4 e^{-2|x|}/(1 + e^{-2|x|})^2
    reciprocal_slope_convex=True,  # 1/tanh' = cosh^2
)
"""The hyperbolic tangent: $\\sup\\tanh' = 1$ at 0."""

CELL_G: Final = _scaled_logistic(
    "cell_g", 2.0, "the cell input's g(x) = 4 sigma(x) - 2, range (-2, 2)"
)
"""The 1997 memory cell's input squashing $g(x) = 4\\sigma(x) - 2$, range $(-2, 2)$: $\\sup g' = 1$ at 0."""

CELL_H: Final = _scaled_logistic(
    "cell_h", 1.0, "the cell output's h(x) = 2 sigma(x) - 1, range (-1, 1)"
)
"""The 1997 memory cell's output squashing $h(x) = 2\\sigma(x) - 1$, range $(-1, 1)$: $\\sup h' = 1/2$ at 0."""


def _affine_values(a: float, b: float) -> Callable[[Array], Array]:
    """$a x + b$, formed at half scale where $a x$ alone overflows but the sum is a float (exact halving:
    the same rounding, doubled)."""

    def values(x: Array) -> Array:
        with np.errstate(over="ignore", invalid="ignore"):
            y: Array = np.asarray(a * x + b, dtype=np.float64)
            wide = ~np.isfinite(y)
            if np.any(wide):
                y = np.where(wide, 2.0 * ((a / 2.0) * x + b / 2.0), y)
        return y

    return values


def affine(slope: float = 1.0, offset: float = 0.0) -> Activation:
    """The affine activation $f(x) = ax + b$; $a = 1$, $b = 0$ is the identity of the constant error carousel.

    :param slope: $a$, nonzero and finite.
    :param offset: $b$, finite.
    :return: the activation, with $\\sup|f'| = |a|$ reached everywhere (reported at 0).
    :raises TypeError: for arguments that are not real numbers.
    :raises ValueError: for a non-finite argument, or $a = 0$ (a constant unit passes no error back).

    ```pycon
    >>> affine(2.0, 1.0)(3.0), affine(2.0).threshold
    (7.0, 0.5)

    ```
    """
    a, b = finite_scalar(slope, "slope"), finite_scalar(offset, "offset")
    if a == 0.0:
        raise ValueError(
            "slope must be nonzero: a constant unit has f' = 0 and passes no error back"
        )
    identity = (a, b) == (1.0, 0.0)
    return Activation(
        name="identity" if identity else f"affine({a!r}, {b!r})",
        f=(lambda x: x.copy()) if identity else _affine_values(a, b),
        fprime=lambda x: np.full_like(x, a),
        fsecond=np.zeros_like,
        slope_max=abs(a),
        slope_argmax=0.0,
        smooth=True,
        smoothness="linear: f' is constant and f'' = 0, so the gain has no stationary point",
        even_slope=True,
        tail_slopes=(a, a),
        tail_gains=(np.inf, np.inf),
        reciprocal_slope_convex=True,  # 1/|f'| = 1/|a|, a constant
        family="affine",
        parameters=(a, b),
    )


IDENTITY: Final = affine()
"""The identity $f(x) = x$ of the constant error carousel: $f' = 1$ everywhere."""


def leaky_relu(leak: float = 0.01) -> Activation:
    """The leaky rectifier $f(x) = x$ for $x > 0$, $f(x) = \\alpha x$ otherwise; $\\alpha = 0$ is the ReLU.

    At the kink $f'(0) = \\alpha$, the left-hand slope (the convention of the common autodiff libraries).

    :param leak: $\\alpha$, finite, not 1 (that is the identity).
    :return: the activation, with $\\sup|f'| = \\max(1, |\\alpha|)$.
    :raises TypeError: for a ``leak`` that is not a real number.
    :raises ValueError: for a non-finite ``leak`` or $\\alpha = 1$.

    ```pycon
    >>> unit = leaky_relu(0.1)
    >>> unit([-2.0, 3.0]).tolist(), unit.prime([-2.0, 3.0]).tolist()
    ([-0.2, 3.0], [0.1, 1.0])

    ```
    """
    alpha = finite_scalar(leak, "leak")
    if alpha == 1.0:
        raise ValueError("leak must not be 1: that unit is the identity (use IDENTITY)")
    steeper_left = abs(alpha) > 1.0
    return Activation(
        name="relu" if alpha == 0.0 else f"leaky_relu({alpha!r})",
        f=lambda x: np.where(x > 0, x, alpha * x) + 0.0,
        fprime=lambda x: np.where(x > 0, 1.0, alpha),
        fsecond=None,
        slope_max=max(1.0, abs(alpha)),
        slope_argmax=-1.0 if steeper_left else 1.0,
        smooth=False,
        smoothness=f"piecewise linear with a kink at 0, where f' is taken as the left slope {alpha!r}",
        even_slope=False,
        tail_slopes=(alpha, 1.0),
        tail_gains=(0.0 if alpha == 0.0 else np.inf, np.inf),
        family="leaky_relu",
        parameters=(alpha,),
    )


RELU: Final = leaky_relu(0.0)
"""The rectifier $\\max(0, x)$: $f' = 1$ for $x > 0$ and $0$ for $x \\le 0$."""
