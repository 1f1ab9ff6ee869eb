r"""The stationarity condition of the gain for any activation, derived by sympy in the paper's style.

The paper maximises $|f'(\mathit{net})\,w|$ over $w$ for the logistic and finds $w = \coth(\mathit{net}/2)/y$.
{py:func}`stationarity_condition` does the same for any smooth activation: it differentiates
$w\,f'(wy + c)$ in $w$, writes the result in $\mathit{net} = wy + c$, and solves for $w$; sympy then
picks the shortest of the simplified form and its rewriting in hyperbolic functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from lstmnotes.activations import Activation, as_activation
from lstmnotes.activations.symbolic_activation import expression

__all__ = ["Stationarity", "stationarity_condition"]

NET = sympy.Symbol(r"\mathit{net}", real=True)
W = sympy.Symbol("w", real=True)
Y = sympy.Symbol("y", real=True, nonzero=True)
C = sympy.Symbol("c", real=True)


@dataclass(frozen=True)
class Stationarity:
    """The condition $\\partial_w\\,[w f'(wy + c)] = 0$ solved for $w$, from {py:func}`stationarity_condition`."""

    activation: str
    """The activation's name."""
    derivative: sympy.Basic
    """$\\partial_w\\,[w f'(wy + c)]$ written in $\\mathit{net}$, $w$ and $y$."""
    weight: sympy.Basic
    """The $w$ that makes it zero, in $\\mathit{net}$ and $y$: the paper's $\\coth(\\mathit{net}/2)/y$ for
    the logistic."""

    @property
    def equation(self) -> sympy.Eq:
        """$w = $ ``weight``, to print."""
        return sympy.Eq(W, self.weight)


def stationarity_condition(activation: str | Activation) -> Stationarity:
    """Derive the gain's stationarity condition $w = \\dots/y$ for an activation, with sympy.

    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation with
        a sympy twin.
    :return: the derivative and the solved weight.
    :raises TypeError: for an ``activation`` that is neither a name nor an activation.
    :raises ValueError: for an activation that is not smooth, or whose $f''$ vanishes (affine units):
        the gain then has no stationary point; or one without a sympy twin.

    ```pycon
    >>> stationarity_condition("logistic").weight
    coth(\\mathit{net}/2)/y
    >>> stationarity_condition("tanh").weight
    coth(\\mathit{net})/(2*y)

    ```
    """
    unit = as_activation(activation)
    if not unit.smooth:
        raise ValueError(
            f"{unit.name} is not smooth ({unit.smoothness}): f'' is zero wherever it exists, so the gain "
            "|f'(wy + c) w| has no stationary point in w"
        )
    x = sympy.Dummy("x", real=True)
    slope = sympy.diff(expression(unit, x), x)
    derivative = sympy.diff(W * slope.subs(x, W * Y + C), W).subs(C, NET - W * Y)
    roots = sympy.solve(derivative, W)
    if not roots:
        raise ValueError(
            f"the gain of {unit.name} has no stationary point: d/dw [w f'(wy + c)] = "
            f"{sympy.simplify(derivative)} never vanishes (f'' = 0)"
        )
    if len(roots) != 1:
        raise ValueError(
            f"the stationarity condition of {unit.name} has several solutions: {roots}"
        )
    (root,) = roots
    simple = sympy.simplify(root)
    forms = [simple, sympy.simplify(simple.rewrite(sympy.exp)).rewrite(sympy.coth)]
    best = min(forms, key=sympy.count_ops)
    return Stationarity(unit.name, sympy.simplify(derivative), best)
