"""The paper's matrix form of the scaling factor: a row vector, diagonal slope matrices, $W$, a column.

For $q > 1$ the paper writes the flow from $u$ to $v$ as a product of vectors and matrices
{cite:p}`hochreiter1997lstm`; {py:func}`matrix_form` evaluates it for one pair $(u, v)$, with the arrays
laid out as for {py:func}`lstmnotes.flow.scaling_factor`, which it equals. How the matrix $W$ in the
middle is read, row $i$ and column $j$ for $w_{ij}$ or the other way round, is an option
({py:data}`READINGS`), because the paper's remark on the layout, taken literally, reads it the other way.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import choice, sized_flow_args, unit_index
from lstmnotes.flow._columns import column_flows
from lstmnotes.flow._scaled import check_work

__all__ = ["READINGS", "matrix_form"]

Array = NDArray[np.float64]

_WHAT: Final = "the matrix form"

READINGS: Final = ("row-column", "column-row")
"""How the matrix form reads $[W]_{ij} = w_{ij}$: row $i$, column $j$ (usual) or column $i$, row $j$."""


def matrix_form(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, *, reading: str = "row-column"
) -> float:
    """The paper's matrix form of the flow from $u$ to $v$, for $q > 1$.

    $$
    (W_{u^{\\mathsf T}})^{\\mathsf T}\\, F'(t-1) \\prod_{m=2}^{q-1} \\bigl(W F'(t-m)\\bigr)\\, W_v\\,
    f'_v(\\mathit{net}_v(t-q)),
    $$

    with $[W_v]_i = w_{iv}$ (the weights out of $v$), $[W_{u^{\\mathsf T}}]_i = w_{ui}$ (the weights into
    $u$), $F'(t-m)$ the diagonal matrix of slopes, and the product taken with $m$ increasing from left to
    right. The vectors are defined entry by entry, so only the matrix $W$ in the middle depends on how
    $[W]_{ij} = w_{ij}$ is laid out: ``reading="row-column"`` puts $w_{ij}$ in row $i$, column $j$ (the
    usual reading); ``"column-row"`` takes literally the paper's remark that $[A]_{ij}$ is the element in
    the $i$-th column and $j$-th row, which puts $W^{\\mathsf T}$ in the middle.

    The row vector is carried through the product as the recursion of
    {py:func}`~lstmnotes.flow.scaling_factor_column` carries a column: at its own exact power-of-two scale,
    or with one exponent per entry where its entries (or the weights) span too far for one scale, so no
    step over- or underflows and no entry is lost however far apart the weights and slopes lie. For the
    column-row reading the two vectors at the ends become two extra units of a net of $n + 2$ units.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)`` with $q \\ge 2$.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :param reading: ``"row-column"`` or ``"column-row"``.
    :return: the value of the expression.
    :raises ValueError: for bad ``W`` or ``fprime`` (as {py:func}`~lstmnotes.flow.scaling_factor`,
        with $q n^2$ against {py:data}`~lstmnotes.flow.MAX_COLUMN_WORK` for the work and {py:data}`~lstmnotes.flow.MAX_ENTRYWISE_WORK` for the products
        needing one exponent per entry), $q < 2$, units out of range, an unknown reading, or a value
        beyond float64.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [3.0, 0.0]])
    >>> matrix_form(W, np.ones((2, 2)), 0, 0)  # w_01 w_10
    6.0

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, lambda n, q: check_work(n, q, 2))
    n, q = weights.shape[0], slopes.shape[0]
    if q < 2:
        raise ValueError(
            f"fprime must have at least 2 rows: the matrix form is stated for q > 1, got q = {q}"
        )
    choice(reading, "reading", READINGS)
    start, end = unit_index(u, n, "u"), unit_index(v, n, "v")
    if n == 1:  # w^q times the slopes: both readings, the one-unit recursion in blocks
        return float(column_flows(weights, slopes, [np.array([0])], _WHAT)[0, 0])
    middle = weights if reading == "row-column" else weights.T
    net, steps = _extended_net(weights, middle, slopes, start, end)
    return float(column_flows(net, steps, [np.array([n + 1])], _WHAT)[n, 0])


def _extended_net(
    weights: Array, middle: Array, slopes: Array, start: int, end: int
) -> tuple[Array, Array]:
    """A net of $n + 2$ units whose recursion (3.1) computes the matrix form in unit $n$ alone.

    The recursion steps $g \\mapsto F' X^{\\mathsf T} g$ on columns; on the first $n$ units
    $X = $ ``middle`` (the matrix between the slopes, $W$ or $W^{\\mathsf T}$), so the row vector's steps
    $r \\mapsto r\\, \\mathrm{middle}\\, F'$ are taken as they are. Unit $n + 1$ starts it: row $n + 1$ of
    $X$ holds the weights into $u$, so the first step gives $F'(t-1) W_{u^{\\mathsf T}}$. Unit $n$ ends it:
    column $n$ of $X$ holds the weights out of $v$, and only unit $n$ has a nonzero slope, $f'_v(t-q)$, in
    the last row. The extra units have zero slopes elsewhere, so they feed nothing into the others, and
    only unit $n$ of the result is nonzero (none of the other entries can overflow).
    """
    n, q = weights.shape[0], slopes.shape[0]
    net = np.zeros((n + 2, n + 2))
    net[:n, :n] = middle
    net[:n, n] = weights[:, end]
    net[n + 1, :n] = weights[start, :]
    steps = np.zeros((q, n + 2))
    steps[: q - 1, :n] = slopes[: q - 1]
    steps[q - 1, n] = slopes[q - 1, end]
    return net, steps
