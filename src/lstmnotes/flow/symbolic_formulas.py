"""The general formulas of the error-flow chapter in sympy: the recursion (3.1) and the path sum (3.2).

{py:func}`recursion_formula` and {py:func}`path_sum_formula` state the two equations for any $n$ and
$q$, with symbolic unit indices, for the book to display; the latter builds its weight index with
{py:func}`lstmnotes.flow.step_weight`, the same function the numeric and symbolic path sums use. The
sympy functions {py:class}`Weight`, {py:class}`FPrime` and {py:class}`FlowFactor` print the paper's
notation: $w_{ab}$ without a comma, $f'_i(\\mathit{net}_i(t - k))$ and
$\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$.
"""

from __future__ import annotations

import sympy

from lstmnotes.flow import step_weight

__all__ = ["FPrime", "FlowFactor", "Weight", "path_sum_formula", "recursion_formula"]


class Weight(sympy.Function):  # type: ignore[misc]  # sympy is untyped
    """$w_{ab}$ with symbolic indices, printed without a comma as in the paper."""

    nargs = 2

    def _latex(self, printer: sympy.printing.latex.LatexPrinter) -> str:
        a, b = (printer._print(arg) for arg in self.args)
        return f"w_{{{a} {b}}}"


class _Weights:
    """Indexable stand-in for the weight matrix in general formulas: ``w[a, b]`` is $w_{ab}$."""

    def __getitem__(self, key: tuple[sympy.Basic, sympy.Basic]) -> sympy.Basic:
        return Weight(*key)


def _time(lag: sympy.Basic) -> str:
    """LaTeX for the time $t - \\text{lag}$, written the way the paper writes it (``t - q + 1``)."""
    if isinstance(lag, sympy.Integer | sympy.Symbol):
        return f"t - {sympy.latex(lag)}"
    return f"t {sympy.latex(-lag, order='lex')}"


class FPrime(sympy.Function):  # type: ignore[misc]
    """$f'_i(\\mathit{net}_i(t - k))$ for a unit $i$ and a lag $k$."""

    nargs = 2

    def _latex(self, printer: sympy.printing.latex.LatexPrinter) -> str:
        unit, lag = self.args
        name = printer._print(unit)
        return f"f'_{{{name}}}\\bigl(\\mathit{{net}}_{{{name}}}({_time(lag)})\\bigr)"


class FlowFactor(sympy.Function):  # type: ignore[misc]
    """$\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ for units $v$, $u$ and a lag $q$."""

    nargs = 3

    def _latex(self, printer: sympy.printing.latex.LatexPrinter) -> str:
        v, u = (printer._print(arg) for arg in self.args[:2])
        return rf"\frac{{\partial \vartheta_{{{v}}}({_time(self.args[2])})}}{{\partial \vartheta_{{{u}}}(t)}}"


_V, _U, _Q, _L, _N, _M = sympy.symbols("v u q l n m", integer=True, positive=True)


def recursion_formula() -> sympy.Eq:
    """The recursion (3.1) as a sympy equation, for display.

    The weight in each case is the one the back-propagation rule
    $\\vartheta_v(s) = f'_v(\\mathit{net}_v(s))\\sum_i w_{iv}\\vartheta_i(s+1)$ attaches to $v$'s outgoing
    connection to the unit the error comes from.

    :return: ``Eq(FlowFactor(v, u, q), Piecewise(...))``.

    ```pycon
    >>> recursion_formula().rhs.args[0][1]
    Eq(q, 1)

    ```
    """
    w = _Weights()
    first = FPrime(_V, 1) * w[_U, _V]
    later = FPrime(_V, _Q) * sympy.Sum(FlowFactor(_L, _U, _Q - 1) * w[_L, _V], (_L, 1, _N))
    return sympy.Eq(
        FlowFactor(_V, _U, _Q),
        sympy.Piecewise((first, sympy.Eq(_Q, 1)), (later, _Q > 1)),
        evaluate=False,
    )


def path_sum_formula(convention: str = "corrected") -> str:
    """Eq. (3.2) in general form as LaTeX, its weight index produced by {py:func}`lstmnotes.flow.step_weight`.

    The path runs from $l_0 = u$ to $l_q = v$.

    :param convention: ``"corrected"`` or ``"printed"``.
    :return: LaTeX source (no dollar signs).
    :raises ValueError: for an unknown convention.

    ```pycon
    >>> "{l}_{m} {l}_{m - 1}" in path_sum_formula("printed")
    True

    ```
    """
    l = sympy.IndexedBase("l")
    body = FPrime(l[_M], _M) * step_weight(_Weights(), l[_M - 1], l[_M], convention)
    product = sympy.latex(sympy.Product(body, (_M, 1, _Q)))
    lhs = sympy.latex(FlowFactor(_V, _U, _Q))
    sums = r"\sum_{l_1=1}^{n} \cdots \sum_{l_{q-1}=1}^{n}"
    return f"{lhs} = {sums} {product}"
