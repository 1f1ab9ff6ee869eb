"""Symbolic error flow: the recursion (3.1) and the path sums (3.2) as sympy expressions for small nets.

The functions {py:func}`scaling_factor`, {py:func}`path_sum` and {py:func}`matrix_form` share their names
with their NumPy twins in {py:mod}`lstmnotes.flow` and return polynomials in the symbols

- $w_{ij}$, the weight from unit $j$ to unit $i$ (units numbered from 1, as in the paper), and
- $f'_i(t-m)$, short for $f'_i(\\mathit{net}_i(t-m))$,

so that the recursion can be unrolled, the printed and the corrected path sums compared term by term,
and the paper's induction checked for small $n$ and $q$. The general formulas for the book's numbered
equations come from {py:func}`recursion_formula` and {py:func}`path_sum_formula`; the latter builds its
weight index with {py:func}`lstmnotes.flow.step_weight`, the same function the numeric path sum uses.
Matrix entries here are indexed ``[v, u]`` from 0, like the numeric ones; only the symbols' names count
from 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import sympy

from lstmnotes.derivation import Derivation
from lstmnotes.flow import step_weight

__all__ = [
    "MAX_SYMBOLIC_TERMS",
    "FPrime",
    "FlowFactor",
    "UnrolledFlow",
    "Weight",
    "fprime_symbols",
    "induction_derivation",
    "matrix_form",
    "path_sum",
    "path_sum_formula",
    "q1_derivation",
    "recursion_formula",
    "scaling_factor",
    "substitute",
    "theta_symbols",
    "unrolled_flow",
    "weight_symbols",
]

MAX_SYMBOLIC_TERMS: Final = 4096
"""The most path terms ($n^{q+1}$) the symbolic functions will expand; beyond, sympy would take minutes."""


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


def _check_size(n: int, q: int) -> None:
    for value, name, low in ((n, "n", 1), (q, "q", 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if n > 9:
        raise ValueError(f"n must be at most 9 for one-digit symbol names, got {n}")
    if n ** (q + 1) > MAX_SYMBOLIC_TERMS:
        raise ValueError(
            f"n = {n}, q = {q} gives n^(q+1) = {n ** (q + 1)} path terms, above the limit "
            f"MAX_SYMBOLIC_TERMS = {MAX_SYMBOLIC_TERMS}"
        )


def weight_symbols(n: int) -> sympy.Matrix:
    """The $n \\times n$ matrix of weight symbols, entry ``[i, j]`` named $w_{i+1,j+1}$.

    :param n: the number of units, 1 to 9.
    :return: a sympy matrix of symbols.
    :raises ValueError: for $n$ out of range.

    ```pycon
    >>> weight_symbols(2)
    Matrix([
    [w_{11}, w_{12}],
    [w_{21}, w_{22}]])

    ```
    """
    _check_size(n, 1)
    return sympy.Matrix(n, n, lambda i, j: sympy.Symbol(f"w_{{{i + 1}{j + 1}}}"))


def fprime_symbols(n: int, q: int) -> sympy.Matrix:
    """The $q \\times n$ matrix of slope symbols, row $m-1$ holding $f'_i(t-m)$, like ``fprime``.

    :param n: the number of units.
    :param q: the number of steps back.
    :return: a sympy matrix of symbols.
    :raises ValueError: for sizes out of range.

    ```pycon
    >>> fprime_symbols(2, 1)
    Matrix([[f'_{1}(t-1), f'_{2}(t-1)]])

    ```
    """
    _check_size(n, q)
    return sympy.Matrix(q, n, lambda m, i: sympy.Symbol(f"f'_{{{i + 1}}}(t-{m + 1})"))


def theta_symbols(n: int, time: str = "t") -> sympy.Matrix:
    """The error-signal symbols $\\vartheta_i(\\text{time})$ as a column.

    :param n: the number of units.
    :param time: the time, as text.
    :return: an $n \\times 1$ sympy matrix.
    :raises ValueError: for $n$ out of range.

    ```pycon
    >>> theta_symbols(2).T
    Matrix([[\\vartheta_{1}(t), \\vartheta_{2}(t)]])

    ```
    """
    _check_size(n, 1)
    return sympy.Matrix(n, 1, lambda i, _: sympy.Symbol(rf"\vartheta_{{{i + 1}}}({time})"))


def scaling_factor(n: int, q: int, *, expand: bool = True) -> sympy.Matrix:
    """The recursion (3.1) unrolled: entry ``[v, u]`` is $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$.

    $q = 1$: $f'_v(t-1)\\, w_{uv}$; $q > 1$: $f'_v(t-q) \\sum_l [\\partial\\vartheta_l(t-q+1)/
    \\partial\\vartheta_u(t)]\\, w_{lv}$.

    :param n: the number of units.
    :param q: the lag.
    :param expand: expand each entry into a sum of monomials; with ``False`` the entries keep the nested
        shape of the recursion, one factor $f'_v(t-m)$ outside each bracket.
    :return: an $n \\times n$ sympy matrix of polynomials.
    :raises ValueError: for sizes out of range.

    ```pycon
    >>> scaling_factor(2, 1)[1, 0]
    f'_{2}(t-1)*w_{12}

    ```
    """
    _check_size(n, q)
    w, f = weight_symbols(n), fprime_symbols(n, q)
    flow = sympy.Matrix(n, n, lambda v, u: f[0, v] * w[u, v])
    for m in range(2, q + 1):
        previous = flow
        flow = sympy.Matrix(
            n,
            n,
            lambda v, u, previous=previous, m=m: (
                f[m - 1, v] * sum((previous[l, u] * w[l, v] for l in range(n)), sympy.S.Zero)
            ),
        )
    return flow.applyfunc(sympy.expand) if expand else flow


def path_sum(n: int, q: int, convention: str = "corrected") -> sympy.Matrix:
    """Eq. (3.2) written out: the sum over all paths, with the weight index of ``convention``.

    Each path $(l_0 = u, l_1, \\dots, l_{q-1}, l_q = v)$ contributes
    $\\prod_{m=1}^q f'_{l_m}(t-m)\\,\\omega_m$ with $\\omega_m$ from
    {py:func}`lstmnotes.flow.step_weight`.

    :param n: the number of units.
    :param q: the lag.
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: an $n \\times n$ sympy matrix, entry ``[v, u]``.
    :raises ValueError: for sizes out of range or an unknown convention.

    ```pycon
    >>> path_sum(2, 1, "printed")[1, 0]
    f'_{2}(t-1)*w_{21}

    ```
    """
    _check_size(n, q)
    step_weight(sympy.zeros(1, 1), 0, 0, convention)  # validates the convention
    w, f = weight_symbols(n), fprime_symbols(n, q)

    def entry(v: int, u: int) -> sympy.Basic:
        total = sympy.S.Zero
        for middle in itertools.product(range(n), repeat=q - 1):
            path = (u, *middle, v)
            term = sympy.S.One
            for m in range(1, q + 1):
                term *= f[m - 1, path[m]] * step_weight(w, path[m - 1], path[m], convention)
            total += term
        return total

    return sympy.Matrix(n, n, entry)


def matrix_form(n: int, q: int, u: int, v: int) -> sympy.Basic:
    """The paper's matrix form $(W_{u^{\\mathsf T}})^{\\mathsf T} F'(t-1) \\prod_{m=2}^{q-1}(W F'(t-m))\\, W_v\\, f'_v(t-q)$.

    :param n: the number of units.
    :param q: the lag, at least 2.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: the expanded polynomial.
    :raises ValueError: for sizes or units out of range.

    ```pycon
    >>> matrix_form(1, 2, 0, 0)
    f'_{1}(t-1)*f'_{1}(t-2)*w_{11}**2

    ```
    """
    _check_size(n, q)
    if q < 2:
        raise ValueError(f"the matrix form is stated for q > 1, got q = {q}")
    if not (0 <= u < n and 0 <= v < n):
        raise ValueError(f"u and v must be unit indices in 0..{n - 1}, got u={u}, v={v}")
    w, f = weight_symbols(n), fprime_symbols(n, q)
    row = w[u, :] * sympy.diag(*f[0, :])
    for m in range(2, q):
        row = row * w * sympy.diag(*f[m - 1, :])
    return sympy.expand((row * w[:, v])[0, 0] * f[q - 1, v])


def substitute(expr: sympy.Basic, W: object, fprime: object) -> sympy.Basic:
    """Replace the weight and slope symbols of an expression by numbers (exactly, if they are rational).

    :param expr: an expression or matrix in the symbols of {py:func}`weight_symbols` and
        {py:func}`fprime_symbols`.
    :param W: an $n \\times n$ array-like of numbers.
    :param fprime: a $q \\times n$ array-like of numbers.
    :return: the expression with the numbers substituted.

    ```pycon
    >>> substitute(scaling_factor(2, 1), [[0, 2], [0, 0]], [[1, 1]])
    Matrix([
    [0, 0],
    [2, 0]])

    ```
    """
    weights, slopes = sympy.Matrix(W), sympy.Matrix(fprime)
    n, q = weights.shape[0], slopes.shape[0]
    w, f = weight_symbols(n), fprime_symbols(n, q)
    pairs = {w[i, j]: sympy.nsimplify(weights[i, j]) for i in range(n) for j in range(n)}
    pairs |= {f[m, i]: sympy.nsimplify(slopes[m, i]) for m in range(q) for i in range(n)}
    return expr.xreplace(pairs)


@dataclass(frozen=True)
class UnrolledFlow:
    """One entry of the flow, unrolled from (3.1) and as (3.2) prints it, from {py:func}`unrolled_flow`."""

    n: int
    q: int
    u: int
    """The starting unit (from 0)."""
    v: int
    """The unit reached (from 0)."""
    true: sympy.Basic
    """The recursion (3.1), unrolled and expanded."""
    printed: sympy.Basic
    """Eq. (3.2) with the weight index as printed."""
    corrected: sympy.Basic
    """Eq. (3.2) with the corrected weight index."""

    @property
    def difference(self) -> sympy.Basic:
        """True minus printed, factored."""
        return sympy.factor(sympy.expand(self.true - self.printed))

    def latex(self) -> str:
        """The unrolled recursion, the printed sum and their difference, aligned, for a page."""
        lhs = sympy.latex(FlowFactor(self.v + 1, self.u + 1, self.q))
        rows = [
            (rf"{lhs} \overset{{(3.1)}}{{=}}", self.true),
            (r"\text{(3.2) as printed} =", self.printed),
            (r"\text{difference} =", self.difference),
        ]
        body = [f"{left} &\\; {sympy.latex(expr)}" for left, expr in rows]
        return "\\begin{aligned}\n" + " \\\\\n".join(body) + "\n\\end{aligned}"


def unrolled_flow(n: int, q: int, u: int, v: int) -> UnrolledFlow:
    """Unroll (3.1) for one pair and set it beside (3.2), printed and corrected.

    :param n: the number of units.
    :param q: the lag.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: the expressions.
    :raises ValueError: for sizes or units out of range.

    ```pycon
    >>> flow = unrolled_flow(2, 1, 0, 1)
    >>> flow.difference
    f'_{2}(t-1)*(w_{12} - w_{21})

    ```
    """
    _check_size(n, q)
    if not (0 <= u < n and 0 <= v < n):
        raise ValueError(f"u and v must be unit indices in 0..{n - 1}, got u={u}, v={v}")
    return UnrolledFlow(
        n,
        q,
        u,
        v,
        scaling_factor(n, q)[v, u],
        sympy.expand(path_sum(n, q, "printed")[v, u]),
        sympy.expand(path_sum(n, q, "corrected")[v, u]),
    )


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


def q1_derivation(n: int = 3, u: int = 1, v: int = 0) -> Derivation:
    """Derive the $q = 1$ case of (3.1) from the back-propagation rule, for a net of $n$ units.

    The rule gives $\\vartheta_v(t-1) = f'_v(t-1) \\sum_i w_{iv}\\vartheta_i(t)$; only the term
    $i = u$ depends on $\\vartheta_u(t)$.

    :param n: the number of units.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: the verified derivation; its result is $f'_v(t-1)\\, w_{uv}$.
    :raises ValueError: for sizes or units out of range.

    ```pycon
    >>> q1_derivation().result
    f'_{1}(t-1)*w_{21}

    ```
    """
    _check_size(n, 1)
    if not (0 <= u < n and 0 <= v < n):
        raise ValueError(f"u and v must be unit indices in 0..{n - 1}, got u={u}, v={v}")
    w, f, theta = weight_symbols(n), fprime_symbols(n, 1), theta_symbols(n)
    rule = f[0, v] * sum((w[i, v] * theta[i] for i in range(n)), sympy.S.Zero)
    return Derivation(sympy.Derivative(rule, theta[u]), "back-propagation rule").equals(
        f[0, v] * w[u, v], "only $i = u$ depends on $\\vartheta_u(t)$"
    )


def induction_derivation(n: int, q: int, u: int, v: int) -> Derivation:
    """Check the paper's induction for one case: (3.1) unrolled equals the corrected path sum (3.2).

    :param n: the number of units.
    :param q: the lag.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: a two-step verified derivation from the recursion, nested as (3.1) builds it, to the
        corrected path sum, one monomial per path (no notes, to keep it narrow).
    :raises ValueError: for sizes or units out of range.
    :raises lstmnotes.derivation.DerivationError: if the two were not identical.

    ```pycon
    >>> len(induction_derivation(2, 3, 0, 1).steps)
    2

    ```
    """
    flow = unrolled_flow(n, q, u, v)
    nested = scaling_factor(n, q, expand=False)[v, u]
    return Derivation(nested).equals(flow.corrected, "")
