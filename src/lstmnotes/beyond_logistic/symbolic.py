"""The sympy side of the chapter: where tanh's slope passes the logistic's largest, and each stationarity condition."""

from __future__ import annotations

import sympy

from lstmnotes.activations import Activation
from lstmnotes.local_gain.symbolic_activation import Stationarity, stationarity_condition

__all__ = ["largest_slope", "slope_crossing", "stationarity_conditions", "tail_constants"]

_X = sympy.Symbol("x", real=True)


def largest_slope(name: str) -> sympy.Expr:
    """$\\sup_x f'(x)$ for the logistic or tanh, found by sympy where $f''$ vanishes (not typed in).

    :param name: ``"logistic"`` or ``"tanh"``.
    :return: the exact supremum ($1/4$ and $1$).
    :raises ValueError: for another name.
    """
    f = {"logistic": 1 / (1 + sympy.exp(-_X)), "tanh": sympy.tanh(_X)}.get(name)
    if f is None:
        raise ValueError(f"name must be 'logistic' or 'tanh', got {name!r}")
    slope = sympy.diff(f, _X)
    critical = sympy.solve(sympy.diff(slope, _X), _X)
    values = [sympy.simplify(slope.subs(_X, point)) for point in critical]
    tails = [sympy.limit(slope, _X, end) for end in (sympy.oo, -sympy.oo)]
    return sympy.Max(*values, *tails)


def slope_crossing() -> sympy.Expr:
    """The net input $x^+ > 0$ where $\\tanh'(x^+)$ equals the logistic's largest slope $1/4$.

    $\\tanh'$ is even and falls with $|x|$, so $\\tanh'(x) > 1/4$ exactly while $|x| < x^+$. Solved by
    sympy from $1 - \\tanh^2 x = 1/4$.

    :return: $x^+ = \\ln(2 + \\sqrt 3)$, exact.
    """
    quarter = largest_slope("logistic")
    roots = sympy.solve(sympy.Eq(1 - sympy.tanh(_X) ** 2, quarter), _X)
    positive = [
        sympy.simplify(sympy.expand_log(r.rewrite(sympy.log))) for r in roots if r.is_positive
    ]
    return sympy.nsimplify(positive[0]) if len(positive) == 1 else sympy.Max(*positive)


def stationarity_conditions(activations: tuple[str | Activation, ...]) -> list[Stationarity]:
    """Each activation's condition $\\partial_w [w f'(wy + c)] = 0$ solved for $w$ (the coth condition's analogues).

    :param activations: names or activations with a second derivative.
    :return: one {py:class}`~lstmnotes.local_gain.symbolic_activation.Stationarity` each, in order.
    :raises ValueError: as {py:func}`lstmnotes.local_gain.symbolic_activation.stationarity_condition`.
    """
    return [stationarity_condition(a) for a in activations]


def tail_constants() -> dict[str, sympy.Expr]:
    """$\\lim_{x\\to\\infty} \\tanh'(x)\\,e^{2x}$ and $\\lim_{x\\to\\infty} \\sigma'(x)\\,e^{x}$, by sympy.

    Both slopes are even, so the limits at $-\\infty$ with $e^{2|x|}$ and $e^{|x|}$ are the same.

    :return: ``{"tanh": 4, "logistic": 1}``, exact.
    """
    tanh = sympy.diff(sympy.tanh(_X), _X) * sympy.exp(2 * _X)
    logistic = sympy.diff(1 / (1 + sympy.exp(-_X)), _X) * sympy.exp(_X)
    return {
        "tanh": sympy.limit(sympy.simplify(tanh.rewrite(sympy.exp)), _X, sympy.oo),
        "logistic": sympy.limit(sympy.simplify(logistic), _X, sympy.oo),
    }
