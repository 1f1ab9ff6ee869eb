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
from numpy.typing import ArrayLike

from lstmnotes._validate import choice, unit_index
from lstmnotes.flow._scaled import Product, check_work, operator, sized_flow_args, to_float

__all__ = ["READINGS", "matrix_form"]

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

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)`` with $q \\ge 2$.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :param reading: ``"row-column"`` or ``"column-row"``.
    :return: the value of the expression.
    :raises ValueError: for bad ``W`` or ``fprime``, $q < 2$, units out of range, an unknown reading.

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
    scaled, shift = operator(weights)  # weights = scaled * 2**shift, exactly
    middle = scaled if reading == "row-column" else scaled.T
    row = scaled[start, :].copy()  # [W_{u^T}]_i = w_ui
    product = Product(slopes)
    exponent = shift
    for m in range(q - 1):  # (W_{u^T})^T F'(t-1), then ... W F'(t-m) for m = 2..q-1
        if m:
            row = row @ middle
            exponent += shift
        done = product.step(row, m)
        if done is None:
            return 0.0
        exponent += done
    last = np.array([row @ scaled[:, end]])  # ... W_v, with [W_v]_i = w_iv
    done = Product(slopes[q - 1 :, end : end + 1]).step(last, 0)  # ... f'_v(net_v(t - q))
    if done is None:
        return 0.0
    return float(to_float(last, exponent + shift + done, "the matrix form")[0])
