"""The sympy twin of each {py:class}`~lstmnotes.activations.Activation`, and activations made from sympy.

{py:func}`expression` gives an activation's $f$ as a sympy expression (a built-in family's formula, or the
expression a user's activation was made from); {py:func}`from_sympy` makes an activation from an expression
in one variable: sympy derives $f'$ and $f''$, finds the critical points of $f'$ and the limits of $f'$ at
$\\pm\\infty$, and so $\\sup|f'|$ and where it is reached; the numerics are the expression compiled for NumPy,
and the supremum is checked on a grid as {py:func}`lstmnotes.activations.from_callables` checks it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from lstmnotes.activations import Activation, as_activation, from_callables
from lstmnotes.activations.symbolic import logistic

__all__ = ["expression", "from_sympy"]

X = sympy.Symbol("x", real=True)

_NOT_SMOOTH = (sympy.Piecewise, sympy.Abs, sympy.Max, sympy.Min, sympy.Heaviside, sympy.sign)


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
        a, b = (sympy.nsimplify(p) for p in unit.parameters)
        return a * x + b
    if unit.family == "leaky_relu":
        (alpha,) = (sympy.nsimplify(p) for p in unit.parameters)
        return sympy.Piecewise((x, x > 0), (alpha * x, True))
    raise ValueError(f"{unit.name} was made from callables and has no sympy twin")


def _numeric(expr: sympy.Basic, x: sympy.Symbol) -> Any:
    function = sympy.lambdify(x, expr, "numpy")
    return lambda values: np.asarray(function(values), dtype=np.float64) + np.zeros_like(values)


def _tail_gains(first: sympy.Expr, x: sympy.Symbol) -> tuple[float, float] | None:
    """The limits of $|x f'(x)|$ as $x \\to \\mp\\infty$, as sympy finds them; ``None`` if it finds either
    not to be a number or infinity (no limit, or none found)."""
    found = []
    for end in (-sympy.oo, sympy.oo):
        limit = sympy.limit(x * first, x, end)
        if limit in (sympy.oo, -sympy.oo):
            found.append(float("inf"))
        elif limit.is_real and limit.is_finite:
            found.append(abs(float(limit)))
        else:
            return None
    return found[0], found[1]


def from_sympy(expr: sympy.Basic, x: sympy.Symbol, name: str | None = None) -> Activation:
    """An activation from a sympy expression in one real variable.

    sympy derives $f'$ and $f''$; the supremum of $|f'|$ is the largest of $|f'|$ at the real roots of
    $f''$ and of $|\\lim f'|$ at $\\pm\\infty$, and it must be reached at a root (else the activation is
    refused: the book's constants need a reached supremum). The expression compiled for NumPy gives the
    numerics, and the supremum is checked on a grid as in {py:func}`lstmnotes.activations.from_callables`.
    sympy also takes the limits of $|x f'(x)|$ at $\\pm\\infty$ (the activation's ``tail_gains``), on which
    it turns whether the local gain reaches its supremum. A piecewise expression (or one with $|x|$, max, min or a step) is refused: make it with
    {py:func}`lstmnotes.activations.from_callables`.

    :param expr: $f(x)$, real for real $x$.
    :param x: the variable, a sympy symbol.
    :param name: a name (default: the expression printed).
    :return: the activation; its twin is ``expr``.
    :raises TypeError: for an ``expr`` that is not a sympy expression or an ``x`` that is not a symbol.
    :raises ValueError: for an expression in other symbols or a piecewise one, a supremum not reached or
        not found, or one that fails the grid check.

    ```pycon
    >>> t = sympy.Symbol("t", real=True)
    >>> unit = from_sympy(sympy.atan(t), t)
    >>> unit.slope_max, unit.slope_argmax, unit.smooth
    (1.0, 0.0, True)

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
    real = sympy.Symbol(x.name, real=True)
    f = expr.subs(x, real)
    first = sympy.diff(f, real)
    second = sympy.diff(first, real)
    if f.has(*_NOT_SMOOTH):
        raise ValueError(
            f"expr {expr} is piecewise (or has |x|, max, min or a step): make it with from_callables, "
            "stating its slopes' supremum"
        )
    roots = sympy.solveset(second, real, sympy.S.Reals)
    if not (roots.is_empty or isinstance(roots, sympy.FiniteSet)):
        raise ValueError(
            f"the critical points of f' = {first} were not found in closed form: {roots}"
        )
    points = [(abs(first.subs(real, r)), r) for r in ([] if roots.is_empty else roots)]
    points = [(float(v), r) for v, r in points if v.is_finite]
    tails = [sympy.limit(first, real, s) for s in (-sympy.oo, sympy.oo)]
    if not points:
        raise ValueError(f"f' = {first} has no critical point: its supremum is not reached")
    peak, where = max(points, key=lambda p: p[0])
    if any(not t.is_finite or abs(float(t)) > peak for t in tails):
        raise ValueError(
            f"the supremum of |f'| is approached at infinity (limits {tails}), not reached"
        )
    unit = from_callables(
        name if name is not None else str(expr),
        _numeric(f, real),
        _numeric(first, real),
        slope_max=peak,
        slope_argmax=float(where),
        fsecond=_numeric(second, real),
        even_slope=sympy.simplify(first - first.subs(real, -real)) == 0,
    )
    return replace(
        unit,
        smoothness="smooth: its derivatives derived by sympy",
        tail_slopes=(float(tails[0]), float(tails[1])),
        tail_gains=_tail_gains(first, real),
        slope_rate=_numeric(sympy.simplify(second / first), real),
        expression=f,
        symbol=real,
    )
