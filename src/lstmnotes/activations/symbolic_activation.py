"""The sympy twin of each {py:class}`~lstmnotes.activations.Activation`, and activations made from sympy.

{py:func}`expression` gives an activation's $f$ as a sympy expression (a built-in family's formula, or the
expression a user's activation was made from); {py:func}`from_sympy` makes an activation from an expression
in one variable: sympy derives $f'$ and $f''$, finds the critical points of $f'$ and the limits of $f'$ at
$\\pm\\infty$, and so $\\sup|f'|$ and where it is reached; the numerics are the expression and its
derivatives compiled for NumPy in the forms that agree with mpmath furthest out, refusing net inputs beyond
the range checked, and the supremum is checked on a grid as {py:func}`lstmnotes.activations.from_callables`
checks it.

sympy's derivation and the constants read off it are in ``_symbolic_derivation``, which also runs that
work, with the check of the compiled forms against mpmath, in a process of its own under a time limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any, Final

import mpmath
import numpy as np
import sympy
from numpy.typing import NDArray

from lstmnotes._validate import finite_scalar
from lstmnotes.activations import Activation, as_activation, from_callables
from lstmnotes.activations._symbolic_derivation import (
    GAIN_RATE,
    Derived,
    derive,
    run_within,
    shown,
)
from lstmnotes.activations.symbolic import logistic
from lstmnotes.activations.symbolic_compiled import (
    ABSOLUTE_TOLERANCE,
    GRID,
    MAX_MPMATH_POINTS,
    POINTS_PER_BINADE,
    RELATIVE_TOLERANCE,
    agrees,
    beyond_with_mpmath,
    compile_accurate,
    grid_truths,
    numeric,
    oracle,
    settle,
)
from lstmnotes.domain import Domain

__all__ = ["DOMAIN", "MAX_TIMEOUT", "SYMPY_TIMEOUT", "ZERO_CHECKS", "expression", "from_sympy"]

Array = NDArray[np.float64]

X = sympy.Symbol("x", real=True)

ZERO_CHECKS: Final = 8
"""The zeros of $1 + x f''/f'$ nearest 0 (of those the grid brackets) around which it is checked closely."""
_NEAR_ZERO: Final = np.concatenate(
    [
        np.arange(-16, 17) * 2.0**-52,
        np.ldexp(1.0, -np.arange(1, 52, 3)),
        -np.ldexp(1.0, -np.arange(1, 52, 3)),
    ]
)  # relative offsets of the points checked around each zero

SYMPY_TIMEOUT: Final = 600.0
"""The seconds that sympy's and mpmath's work in {py:func}`from_sympy` may take by default (``timeout``)."""
MAX_TIMEOUT: Final = 3600.0
"""The most seconds ``timeout`` may allow."""


def _rational(value: float) -> sympy.Rational:
    """A rational that rounds to ``value`` in float64: the simplest ``nsimplify`` finds (1/100 for 0.01), or
    else the float's own exact value (nsimplify can return an irrational, or 0 for 1e-300)."""
    simple = sympy.nsimplify(value, rational=True)
    if isinstance(simple, sympy.Rational) and float(simple) == value:
        return simple
    return sympy.Rational(value)  # exact: a float is a dyadic rational


def expression(activation: str | Activation, x: sympy.Basic = X) -> sympy.Basic:
    """The activation's $f$ as a sympy expression in ``x``.

    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation.
    :param x: the variable or expression to put in.
    :return: the expression.
    :raises TypeError: for an ``activation`` that is neither.
    :raises ValueError: for an unknown name, or a user's activation made from callables (it has no twin).

    ```pycon
    >>> expression("cell_g")
    -2 + 4/(1 + exp(-x))
    >>> expression("relu")
    Piecewise((x, x > 0), (0, True))

    ```
    """
    unit = as_activation(activation)
    if unit.expression is not None:
        return unit.expression.subs(unit.symbol, x)
    scale = {"cell_g": 4, "cell_h": 2}
    if unit.family == "logistic":
        return logistic(x)
    if unit.family in scale:
        return scale[unit.family] * logistic(x) - scale[unit.family] // 2
    if unit.family == "tanh":
        return sympy.tanh(x)
    if unit.family == "affine":
        a, b = (_rational(p) for p in unit.parameters)
        return a * x + b
    if unit.family == "leaky_relu":
        (alpha,) = (_rational(p) for p in unit.parameters)
        return sympy.Piecewise((x, x > 0), (alpha * x, True))
    raise ValueError(f"{unit.name} was made from callables and has no sympy twin")


def _gain_mpmath(functions: list[Any], w: float, y: float, c: float) -> float | None:
    """$|w f'(wy + c)|$ by mpmath, the net input formed exactly."""
    with mpmath.workprec(2200):  # w y + c exactly, whatever the exponents
        net = mpmath.mpf(w) * mpmath.mpf(y) + mpmath.mpf(c)
    value = settle(functions, net, abs(mpmath.mpf(w)))
    return None if value is None else abs(float(value))


def _bracketed_zeros(truths: Array) -> list[tuple[float, float]]:
    """Neighbouring grid points (``-GRID`` then ``GRID``, as ``truths``) between which the value changes
    sign or that hold a zero, the nearest 0 first, at most {py:data}`ZERO_CHECKS`."""
    size = GRID.size
    brackets = []
    for sign, values in ((-1.0, truths[:size]), (1.0, truths[size:])):
        left, right = values[:-1], values[1:]
        finite = np.isfinite(left) & np.isfinite(right)
        change = finite & ((np.sign(left) != np.sign(right)) | (left == 0))
        brackets += [(int(i), sign) for i in np.flatnonzero(change)]
    brackets.sort()
    return [(sign * GRID[i], sign * GRID[i + 1]) for i, sign in brackets[:ZERO_CHECKS]]


def _zero_between(functions: list[Any], a: float, b: float) -> float:
    """A float next to a zero of the function between ``a`` and ``b`` (where it changes sign), by bisection
    on mpmath's values."""
    low = settle(functions, a)
    for _ in range(2100):  # a bisection of float64 values ends within some 2100 halvings
        middle = a / 2 + b / 2
        if middle in (a, b):
            break
        value = settle(functions, middle)
        if value is None or value == 0:
            return middle
        if low is not None and (value > 0) == (low > 0):
            a, low = middle, value
        else:
            b = middle
    return a


def _checked_near_zeros(
    compiled: Callable[[Array], Array],
    gain_forms: list[sympy.Expr],
    rate_forms: list[sympy.Expr],
    x: sympy.Symbol,
    truths: Array,
    limit: float,
) -> float:
    """``limit`` lowered below any point near a zero of $1 + x f''/f'$ where ``compiled`` fails the check.

    Around each zero the grid brackets (at most {py:data}`ZERO_CHECKS`), located by bisection on mpmath's
    values, the points a few units in the last place away and $2^{-1}, 2^{-4}, \\dots$ relatively away are
    checked against mpmath as the grid is: within 8 ulps of $1 + |x f''/f'|$."""
    functions = [sympy.lambdify(x, form, "mpmath") for form in gain_forms]
    zeros = [_zero_between(functions, a, b) for a, b in _bracketed_zeros(truths)]
    if not zeros:
        return limit
    points = np.unique(np.concatenate([z * (1.0 + _NEAR_ZERO) for z in zeros]))
    points = points[np.abs(points) <= limit]
    with np.errstate(all="ignore"):
        scale = 1.0 + np.abs(points) * np.abs(oracle(rate_forms, x, points))
        good = agrees(compiled(points), oracle(gain_forms, x, points), scale)
    if good.all():
        return limit
    worst = float(np.min(np.abs(points[~good])))
    below = GRID[: int(np.searchsorted(GRID, worst))]  # the grid magnitudes below it
    return float(below[-1]) if below.size else 0.0


def _candidates(
    key: str, forms: list[sympy.Expr], x: sympy.Symbol, fast: dict[str, Callable[[Array], Array]]
) -> list[Callable[[Array], Array]]:
    """The NumPy functions tried for ``key``: its forms compiled, and for $f''$ first the product of the
    functions kept for $f'$ and $f''/f'$ (in ``fast``), each accurate, which is often the best form."""
    candidates = [numeric(form, x) for form in forms]
    if key == "f''":
        candidates.insert(0, lambda v: fast["f'"](v) * fast["f''/f'"](v))
    return candidates


def _derive_and_choose(
    expr: sympy.Expr, x: sympy.Symbol
) -> tuple[Derived, dict[str, tuple[int, float]]]:
    """sympy's derivation of ``expr`` and, for each function, the candidate (by its index in
    {py:func}`_candidates`) accurate against mpmath over the widest range, and that range: the work that
    {py:func}`from_sympy` runs in a process of its own, under its time limit."""
    derived = derive(expr, x)
    real, functions = derived.x, derived.forms
    rate_truths = grid_truths(functions["f''/f'"], real)
    gain_truths = grid_truths(functions[GAIN_RATE], real)
    with np.errstate(all="ignore"):  # the sum of the magnitudes of the terms of 1 + x f''/f'
        gain_scale = 1.0 + np.abs(np.concatenate([-GRID, GRID])) * np.abs(rate_truths)
    known: dict[str, dict[str, Array]] = {
        "f''/f'": {"truths": rate_truths},
        GAIN_RATE: {"truths": gain_truths, "scale": gain_scale},
    }
    fast: dict[str, Callable[[Array], Array]] = {}
    choices: dict[str, tuple[int, float]] = {}
    for key, forms in functions.items():
        candidates = _candidates(key, forms, real, fast)
        fast[key], limit = compile_accurate(forms, real, candidates, **known.get(key, {}))
        if key == GAIN_RATE:
            limit = _checked_near_zeros(
                fast[key], forms, functions["f''/f'"], real, gain_truths, limit
            )
        choices[key] = (candidates.index(fast[key]), float(limit))
    return derived, choices


def from_sympy(
    expr: sympy.Basic, x: sympy.Symbol, name: str | None = None, *, timeout: float = SYMPY_TIMEOUT
) -> Activation:
    """An activation from a sympy expression in one real variable.

    sympy derives $f'$ and $f''$; the supremum of $|f'|$ is the largest of $|f'|$ at the real roots of
    $f''$ and of $|\\lim f'|$ at $\\pm\\infty$, and it must be reached at a root (else the activation is
    refused: the book's constants need a reached supremum). The numerics are $f$, $f'$, $f''$ and
    $f''/f'$ (and $1 + x f''/f'$, the slope of $\\log|x f'|$ against $\\log|x|$) compiled for NumPy, each in the form (as derived, simplified by sympy, or written with
    exponentials) that agrees with mpmath over the widest range $|x| \\le M$ of net inputs. The check is
    made on a grid of two points in every binade of float64, subnormals included, against mpmath at working
    precisions raised until two agree: a compiled value agrees if it is within 8 units in the last place,
    or, where the value is subnormal, within 4 units of the smallest float. For $1 + x f''/f'$, a sum
    whose relative error is unbounded near its zeros, the 8 units are those of $1 + |x f''/f'|$ (an
    absolute bound there: near a zero the value itself may be off by many of its own units), and it is
    also checked around the zeros the grid brackets (the {py:data}`ZERO_CHECKS` nearest 0, located by
    bisection on mpmath's values). It is a check, not a proof, of what lies between the points checked. Beyond $M$ each function is evaluated by mpmath itself, point by
    point (at most 4096 points a call, each about 0.1 ms); ``smoothness`` says how far each $M$ reaches. The
    supremum is also checked on a grid as in {py:func}`lstmnotes.activations.from_callables`.
    sympy also takes the limits of $|x f'(x)|$ at $\\pm\\infty$ (the activation's ``tail_gains``), on which
    it turns whether the local gain reaches its supremum; how $|f'|$ vanishes at each end
    (``slope_decay``, for {py:func}`lstmnotes.local_gain.gain_tail`); and whether $1/|f'|$ is convex
    (``reciprocal_slope_convex``: the gain has one peak along each half-line of weights). A piecewise
    expression (or one with $|x|$, max, min or a step) is refused: make it with
    {py:func}`lstmnotes.activations.from_callables`.

    sympy's searches have no bound on their work (its search for the critical points of
    $\tanh(x - 40) + \tanh(x + 40)$ runs for many minutes), nor has the check of the compiled forms against
    mpmath (up to 1920 digits at each grid point), so both run in a Python process of their own, which is
    ended after ``timeout`` seconds; the supremum's grid check then evaluates the compiled forms.

    :param expr: $f(x)$, real for real $x$.
    :param x: the variable, a sympy symbol.
    :param name: a name (default: the expression printed).
    :param timeout: the seconds sympy's and mpmath's work may take, a finite real in (0, 3600].
    :return: the activation; its twin is ``expr``.
    :raises TypeError: for an ``expr`` that is not a sympy expression, an ``x`` that is not a symbol or a
        ``timeout`` that is not a real number.
    :raises ValueError: for an expression in other symbols or a piecewise one, a supremum not reached or
        not found, or one below the smallest normal float64 ($2^{-1022}$: $2^{-1080}\\arctan x$, whose
        slopes underflow) or beyond the largest (about 1.8e308), sympy not done within ``timeout``, or one
        that fails the grid check (values beyond float64 there: $1.2 \\cdot 10^{308} \\arctan x$), each
        naming ``expr``. Its functions raise ValueError where mpmath cannot
        settle a value or a call has more than 4096 net inputs beyond the compiled forms' range.

    ```pycon
    >>> t = sympy.Symbol("t", real=True)
    >>> unit = from_sympy(sympy.atan(t), t)
    >>> unit.slope_max, unit.slope_argmax, unit.smooth
    (1.0, 0.0, True)
    >>> unit.prime(1e155)  # by mpmath: 1/(1 + t**2) compiled is 0 once t**2 overflows (about 1.3e154)
    1e-310

    ```
    """
    if not isinstance(expr, sympy.Expr):
        raise TypeError(f"expr must be a sympy expression, got {type(expr).__name__}")
    if not isinstance(x, sympy.Symbol):
        raise TypeError(f"x must be a sympy Symbol, got {type(x).__name__}")
    if not expr.free_symbols <= {x}:
        raise ValueError(
            f"expr must be in the one variable {x}, it has {sorted(map(str, expr.free_symbols))}"
        )
    seconds = finite_scalar(timeout, "timeout")
    if not 0 < seconds <= MAX_TIMEOUT:
        raise ValueError(f"timeout must be in (0, {MAX_TIMEOUT:.0f}] seconds, got {seconds!r}")
    derived, choices = run_within(
        seconds,
        f"sympy and mpmath, deriving {expr} and checking its compiled forms,",
        f"{__name__}:_derive_and_choose",
        expr,
        x,
    )
    real, functions = derived.x, derived.forms
    label = name if name is not None else str(expr)
    fast: dict[str, Callable[[Array], Array]] = {}
    compiled: dict[str, Callable[[Array], Array]] = {}
    ranges: dict[str, float] = {}
    for key, forms in functions.items():
        index, ranges[key] = choices[key]
        fast[key] = _candidates(key, forms, real, fast)[index]
        compiled[key] = beyond_with_mpmath(fast[key], forms, real, ranges[key], label)
    try:
        unit = from_callables(  # its checks of the supremum, on its grid
            label,
            compiled["f"],
            compiled["f'"],
            slope_max=derived.peak,
            slope_argmax=derived.where,
            fsecond=compiled["f''"],
            even_slope=derived.even_slope,
            net_limit=max(abs(derived.where), 300.0),
        )
    except ValueError as failure:  # the grid check's message names its own arguments: name expr's
        raise ValueError(
            f"expr {shown(expr)} fails the check of its values and slopes on a grid of net inputs: "
            f"{failure}"
        ) from None
    reach = ", ".join(f"{key} to {value:.3g}" for key, value in ranges.items())
    return replace(
        unit,
        f=compiled["f"],
        fprime=compiled["f'"],
        fsecond=compiled["f''"],
        net_limit=np.inf,
        rising_beyond=derived.rising_beyond,
        gain_rate=compiled[GAIN_RATE],
        gain_mpmath=partial(
            _gain_mpmath, [sympy.lambdify(real, form, "mpmath") for form in functions["f'"]]
        ),
        smoothness=f"smooth: derived by sympy; compiled forms checked against mpmath for |x| up to: "
        f"{reach}; mpmath beyond",
        tail_slopes=derived.tails,
        tail_gains=derived.tail_gains,
        slope_decay=derived.slope_decay,
        reciprocal_slope_convex=derived.reciprocal_slope_convex,
        slope_rate=compiled["f''/f'"],
        expression=derived.f,
        symbol=real,
    )


DOMAIN: tuple[Domain, ...] = (
    Domain(
        expression,
        "activation: a name of lstmnotes.activations.NAMED_ACTIVATIONS or an Activation made from sympy "
        "or built in; x: a sympy expression",
        "exact: the family's formula with each parameter a rational that rounds to it in float64 (the "
        "simplest sympy's nsimplify finds, such as 1/100 for 0.01, else the float's own value), or the "
        "expression the activation was made from",
        "refused for an activation made from callables (it has no formula)",
    ),
    Domain(
        from_sympy,
        "expr: a sympy expression in the one symbol x, real for real x, not piecewise, with sup|f'| "
        "reached and a normal float64 (2^-1022 to about 1.8e308; else refused, naming expr); x: a Symbol; "
        "timeout: a finite real, seconds",
        "the supremum of |f'| exact (sympy's critical points and limits); f, f', f'' and f''/f' within "
        f"{RELATIVE_TOLERANCE / 2**-52:.0f} ulps, 1 + x f''/f' within {RELATIVE_TOLERANCE / 2**-52:.0f} "
        "ulps of 1 + |x f''/f'| (an absolute bound near its zeros, where its relative error is "
        f"unbounded), or {ABSOLUTE_TOLERANCE / 2**-1074:.0f} units of 2^-1074 where subnormal, of "
        f"mpmath's values on a grid of {POINTS_PER_BINADE} points a binade over the whole float64 range "
        f"(and, for 1 + x f''/f', around the {ZERO_CHECKS} zeros nearest 0 that the grid brackets; "
        "checked there, not proved between), as compiled within the range where they agree and by mpmath "
        "beyond; a value beyond float64 rounds to an infinity",
        "sympy's steps (critical points, limits, simplification) and mpmath's check at every grid point "
        f"run in a process of their own and are refused after timeout seconds (default SYMPY_TIMEOUT = "
        f"{SYMPY_TIMEOUT:.0f}, at most MAX_TIMEOUT = {MAX_TIMEOUT:.0f}); each call of "
        f"the unit evaluates at most {MAX_MPMATH_POINTS} net inputs beyond the compiled range by mpmath, "
        "and refuses more, naming the count",
    ),
)
