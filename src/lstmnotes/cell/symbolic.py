"""The sympy side of the 1997 memory cell: what a step does to the state, the truncated flow, the bias remedy.

- {py:func}`state_update_symbolic` differentiates the state equation: a step adds to the state, never
  scales it;
- {py:func}`cell_flow_factorisation` differentiates an unrolled cell and checks how its truncated flow
  factorises into the gates' factors;
- {py:func}`bias_drift_symbolic` shows that a more negative input-gate bias leaves a smaller state.

The numerics they use are in {py:mod}`lstmnotes.cell`; the checks that use these results, in
{py:mod}`lstmnotes.cell.evidence` and {py:mod}`lstmnotes.cell.evidence_drift`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import sympy

from lstmnotes._validate import count
from lstmnotes.cell._cell import carousel_update

__all__ = [
    "MAX_UNROLLED_STEPS",
    "CellFactorisation",
    "bias_drift_symbolic",
    "cell_flow_factorisation",
    "state_update_symbolic",
]


def state_update_symbolic() -> tuple[sympy.Basic, sympy.Basic]:
    """What the state equation lets a step do to the state, by sympy: add, never scale.

    With $s_c(t-1)$, $y^{\\mathrm{in}}(t)$ and $g$ as independent symbols, sympy differentiates
    {py:func}`lstmnotes.cell.carousel_update`: $\\partial s_c(t)/\\partial s_c(t-1)$ (the carousel's coefficient) and
    $\\partial (s_c(t) - s_c(t-1))/\\partial s_c(t-1)$ (whether anything that is added carries the old state
    as a factor). The 1997 equation gives 1 and 0: the state changes only additively. A forget gate
    $y^{\\varphi}\\, s_c(t-1)$ would give $y^{\\varphi}$ and $y^{\\varphi} - 1$.

    :return: ``(coefficient, added)``, the two derivatives, simplified.

    ```pycon
    >>> state_update_symbolic()
    (1, 0)

    ```
    """
    previous, y_in, g = sympy.symbols("s_prev y_in g", real=True)
    state = sympy.sympify(carousel_update(previous, y_in, g))
    return (
        sympy.simplify(sympy.diff(state, previous)),
        sympy.simplify(sympy.diff(state - previous, previous)),
    )


MAX_UNROLLED_STEPS: Final = 12
"""The longest cell {py:func}`cell_flow_factorisation` unrolls (sympy's work grows fast with it)."""


@dataclass(frozen=True)
class CellFactorisation:
    """The truncated flow's factorisation, verified by sympy, from {py:func}`cell_flow_factorisation`."""

    formula: sympy.Eq
    """$\\partial y^c(T)/\\partial\\mathit{net}_c(T-q)$ as a product of the gates' factors."""
    checked: tuple[int, ...]
    """The values of $q$ for which sympy differentiated the unrolled cell and found the formula."""
    steps: int

    def latex(self) -> str:
        """The formula as LaTeX, with the derivative written with $\\partial$.

        :return: LaTeX source without dollar signs.
        """
        lhs = r"\frac{\partial y^c(T)}{\partial \mathit{net}_c(T-q)}"
        return f"{lhs} = {sympy.latex(self.formula.rhs, order='none')}"


def cell_flow_factorisation(steps: int = 5) -> CellFactorisation:
    """Differentiate an unrolled cell with sympy and check the factorisation of its truncated flow.

    Under the paper's truncation the net inputs are not differentiated through to earlier outputs, so they
    act as independent variables. sympy builds $s(T) = \\sum_t y^{\\mathrm{in}}(t)\\, g(\\mathit{net}_c(t))$ and
    $y^c(T) = y^{\\mathrm{out}}(T)\\, h(s(T))$ over ``steps`` steps, differentiates by each
    $\\mathit{net}_c(T-q)$ and compares with
    $y^{\\mathrm{out}}(T)\\, h'(s(T)) \\cdot 1 \\cdot y^{\\mathrm{in}}(T-q)\\, g'(\\mathit{net}_c(T-q))$.

    :param steps: the length $T$ of the unrolled cell, 1 to {py:data}`MAX_UNROLLED_STEPS`.
    :return: the formula and the values of $q$ checked.
    :raises TypeError: if ``steps`` is not an integer.
    :raises ValueError: for ``steps`` out of range.
    :raises ArithmeticError: if sympy finds a difference (it does not).

    ```pycon
    >>> f = cell_flow_factorisation(3)
    >>> f.checked
    (0, 1, 2)
    >>> f.latex().startswith(r"\\frac{\\partial y^c(T)}")
    True

    ```
    """
    steps = count(steps, "steps", minimum=1, maximum=MAX_UNROLLED_STEPS)
    x = sympy.Symbol("x", real=True)
    sig = 1 / (1 + sympy.exp(-x))
    g, h = 4 * sig - 2, 2 * sig - 1

    def at(expr: sympy.Basic, value: sympy.Basic) -> sympy.Basic:
        return expr.subs(x, value)

    net_in = sympy.symbols(f"i1:{steps + 1}", real=True)
    net_out = sympy.Symbol("o", real=True)
    net_c = sympy.symbols(f"c1:{steps + 1}", real=True)
    state = sum(at(sig, net_in[t]) * at(g, net_c[t]) for t in range(steps))
    output = at(sig, net_out) * at(h, state)
    checked = []
    for q in range(steps):
        t = steps - 1 - q
        expected = (
            at(sig, net_out) * at(sympy.diff(h, x), state) * at(sig, net_in[t])
            * at(sympy.diff(g, x), net_c[t])
        )  # fmt: skip
        if sympy.simplify(sympy.diff(output, net_c[t]) - expected) != 0:
            raise ArithmeticError(f"the truncated flow does not factorise at q = {q}")
        checked.append(q)
    names = {
        "y": r"{y^{c}(T)}", "net": r"\mathit{net}_c(T-q)", "out": r"y^{\mathrm{out}}(T)",
        "hp": r"h'(s(T))", "in": r"y^{\mathrm{in}}(T-q)", "gp": r"g'(\mathit{net}_c(T-q))",
    }  # fmt: skip
    sym = {k: sympy.Symbol(v) for k, v in names.items()}
    formula = sympy.Eq(
        sympy.Derivative(sym["y"], sym["net"]),
        sympy.Mul(sym["out"], sym["hp"], sym["in"], sym["gp"], evaluate=False),
    )
    return CellFactorisation(formula, tuple(checked), steps)


def bias_drift_symbolic() -> tuple[sympy.Basic, bool]:
    """sympy's proof that a more negative input-gate bias leaves a smaller $|s(t)|$, for cell inputs of one sign.

    With $r_{\\mathrm{in}} = r_c = 0$ neither the input gate's other net input $a_\\tau$ nor the cell input
    $g_\\tau$ depends on the bias $b$, and with the $g_\\tau$ of one sign
    $|s(t)| = \\sum_{\\tau \\le t} \\sigma(a_\\tau + b)\\, |g_\\tau|$. Each term's derivative in $b$,
    $\\sigma'(a_\\tau + b)\\, |g_\\tau|$, is positive (sympy decides it for real $a$, $b$ and positive $|g|$),
    so $|s(t)|$ increases strictly with $b$ at every $t \\ge 1$ with some $g_\\tau \\ne 0$.

    :return: ``(derivative, positive)``: one term's derivative in $b$, and whether sympy finds it positive.

    ```pycon
    >>> bias_drift_symbolic()[1]
    True

    ```
    """
    a, b = sympy.symbols("a b", real=True)
    size = sympy.Symbol("G", positive=True)  # |g_tau|
    term = size / (1 + sympy.exp(-(a + b)))
    derivative = sympy.simplify(sympy.diff(term, b))
    return derivative, bool(derivative.is_positive)
