"""Symbolic error flow: the recursion (3.1) and the path sums (3.2) as sympy expressions for small nets.

The functions {py:func}`scaling_factor`, {py:func}`path_sum` and {py:func}`matrix_form` share their names
with their NumPy twins in {py:mod}`lstmnotes.flow` and return polynomials in the symbols

- $w_{ij}$, the weight from unit $j$ to unit $i$ (units numbered from 1, as in the paper), and
- $f'_i(t-m)$, short for $f'_i(\\mathit{net}_i(t-m))$,

so that the recursion can be unrolled and the printed and the corrected path sums compared term by term
for small $n$ and $q$; {py:func}`substitute` puts numbers in. The path sum builds its weight index with
{py:func}`lstmnotes.flow.step_weight`, the same function the numeric path sum uses. Matrix entries here
are indexed ``[v, u]`` from 0, like the numeric ones; only the symbols' names count from 1. The general
formulas of the book's numbered equations are in {py:mod}`lstmnotes.flow.symbolic_formulas`, the
derivations built on these expressions in {py:mod}`lstmnotes.flow.symbolic_derivations`.
"""

from __future__ import annotations

import itertools
from typing import Final

import sympy

from lstmnotes._validate import flag
from lstmnotes.flow import step_weight

__all__ = [
    "MAX_SYMBOLIC_TERMS",
    "fprime_symbols",
    "matrix_form",
    "path_sum",
    "scaling_factor",
    "substitute",
    "theta_symbols",
    "weight_symbols",
]

MAX_SYMBOLIC_TERMS: Final = 4096
"""The most path terms ($n^{q+1}$) the symbolic functions will expand; beyond, sympy would take minutes."""


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
    :raises TypeError: for an ``expand`` that is not a bool.

    ```pycon
    >>> scaling_factor(2, 1)[1, 0]
    f'_{2}(t-1)*w_{12}

    ```
    """
    expand = flag(expand, "expand")
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
