"""The scaling factor of eq. (3.1): the recursion that carries an error back in time, one step at a time.

An error signal $\\vartheta_u(t)$ at unit $u$, time $t$, reaches unit $v$ at time $t-q$ scaled by
$\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ {cite:p}`hochreiter1997lstm`. The functions here
compute this factor by the recursion, for a net with weights ``W`` (``W[i, j]`` $= w_{ij}$, from unit $j$
to unit $i$) and slopes ``fprime`` of shape ``(q, n)``, whose row $m-1$ holds $f'_i(\\mathit{net}_i(t-m))$
for $m = 1, \\dots, q$ (see {py:meth}`lstmnotes.net.Run.fprime`):

- {py:func}`scaling_factor`: the whole $n \\times n$ matrix, in matrix form
  $M_q = F'(t-q)\\,W^{\\mathsf T} M_{q-1}$ with $M_1 = F'(t-1)\\,W^{\\mathsf T}$ and
  ``M[v, u]`` $= \\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$; {py:func}`largest_flow_by_lag`
  records its largest entry at every lag on the way; {py:func}`scaling_factor_column` does the same for
  one $u$ in $O(q n^2)$;
- {py:func}`global_flow`: the flow summed over a set of output units.

The same factor as a sum over paths is {py:func}`lstmnotes.flow.path_sum`, and as the paper's product of
vectors and matrices {py:func}`lstmnotes.flow.matrix_form`.

All inputs are validated: a non-square ``W``, an ``fprime`` that is not 2-D or has the wrong width, an
empty ``fprime`` ($q < 1$) or non-finite entries raise ``ValueError`` (or ``TypeError`` for non-numbers)
naming the problem.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import index_list, sized_flow_args, unit_index
from lstmnotes.flow._columns import column_flows
from lstmnotes.flow._scaled import check_work

__all__ = ["global_flow", "largest_flow_by_lag", "scaling_factor", "scaling_factor_column"]

Array = NDArray[np.float64]


def _cube_work(n: int, q: int) -> None:
    check_work(n, q, 3)


def _square_work(n: int, q: int) -> None:
    check_work(n, q, 2)


def _matrix_flow(weights: Array, slopes: Array, largest: Array | None = None) -> Array:
    """$M_q$ by the recursion, each column at its own exact scale; ``largest[m]`` gets $\\max |M_{m+1}|$."""
    return column_flows(weights, slopes, None, "the scaling factor", largest)


def scaling_factor(W: ArrayLike, fprime: ArrayLike) -> Array:
    """All scaling factors $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ at once, from the recursion (3.1).

    In matrix form the recursion reads $M_1 = F'(t-1)\\,W^{\\mathsf T}$ and
    $M_m = F'(t-m)\\,W^{\\mathsf T} M_{m-1}$, where $F'(s)$ is the diagonal matrix of the slopes at time
    $s$. That is $q$ matrix products of size $n$, $O(q n^3)$, done in place. Each column of the running
    product carries its own power of two (exact), lifted where it decays, so that a decaying flow never
    slows down in subnormal arithmetic and columns far apart lose nothing; the scales are applied once at
    the end. For $n = 1$ the $q$ products are formed in blocks, without a step loop.

    :param W: the $n \\times n$ weights, ``W[i, j]`` $= w_{ij}$ (from unit $j$ to unit $i$).
    :param fprime: the slopes, shape ``(q, n)``; row $m-1$ holds $f'_i(\\mathit{net}_i(t-m))$.
    :return: ``M`` with ``M[v, u]`` $= \\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$.
    :raises ValueError: for a non-square or non-finite ``W``, an ``fprime`` that is not 2-D, has no
        rows or not $n$ columns, more than {py:data}`~lstmnotes.flow.MAX_LAGS` rows for $n = 1$ or
        {py:data}`~lstmnotes.flow.MAX_MATRIX_LAGS` for $n \\ge 2$, $q n^3$ above
        {py:data}`~lstmnotes.flow.MAX_WORK` or $q n^2$ above {py:data}`~lstmnotes.flow.MAX_MATRIX_ENTRIES`,
        more than {py:data}`~lstmnotes.flow.MAX_ENTRYWISE_WORK`
        products needing one exponent per entry (columns where a product might fall below $2^{-962}$
        of the column's largest entry: the spans of its entries, of the weights and of a step's slopes
        together beyond about $2^{960}$), or a
        result beyond float64 (no intermediate step overflows or underflows: each column of the running
        product is kept scaled by its own exact power of two).

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> scaling_factor(W, [[0.25, 0.25]]).tolist()  # q = 1: M[v, u] = f'_v w_uv
    [[0.0, 0.0], [0.5, 0.0]]

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, _cube_work)
    return _matrix_flow(weights, slopes)


def largest_flow_by_lag(W: ArrayLike, fprime: ArrayLike) -> Array:
    """The largest $|\\partial\\vartheta_v(t-q')/\\partial\\vartheta_u(t)|$ over all pairs, for $q' = 1, \\dots, q$.

    One pass of the recursion of {py:func}`scaling_factor` visits every lag on its way to $q$; this
    records the largest absolute entry of each $M_{q'}$.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :return: an array of length $q$; entry $q'-1$ is $\\max_{u,v} |M_{q'}[v, u]|$.
    :raises ValueError: as {py:func}`scaling_factor`, also if the largest flow at any lag is beyond float64.

    ```pycon
    >>> largest_flow_by_lag(np.eye(2), np.full((3, 2), 0.5)).tolist()
    [0.5, 0.25, 0.125]

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, _cube_work)
    largest = np.empty(slopes.shape[0])
    _matrix_flow(weights, slopes, largest)
    return largest


def scaling_factor_column(W: ArrayLike, fprime: ArrayLike, u: int) -> Array:
    """One column of {py:func}`~lstmnotes.flow.scaling_factor`: the flow from unit $u$ to every $v$, in $O(q n^2)$.

    The recursion on the vector $g_m = (\\partial\\vartheta_v(t-m)/\\partial\\vartheta_u(t))_v$ reads
    $g_1 = F'(t-1)\\,W^{\\mathsf T} e_u$ and $g_m = F'(t-m)\\,W^{\\mathsf T} g_{m-1}$: matrix-vector
    products only.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param u: the unit whose error at time $t$ is followed back.
    :return: the vector $(\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t))_{v}$.
    :raises ValueError: for bad ``W`` or ``fprime`` (as {py:func}`scaling_factor`, with $q n^2$ against
        {py:data}`~lstmnotes.flow.MAX_COLUMN_WORK` for the work) or ``u`` out of range.
    :raises TypeError: if ``u`` is not an integer.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> scaling_factor_column(W, [[0.25, 0.25]], 0).tolist()
    [0.0, 0.5]

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, _square_work)
    start = unit_index(u, weights.shape[0], "u")
    rows = [np.array([start], dtype=np.intp)]
    return column_flows(weights, slopes, rows, "the scaling factor")[:, 0]


def _output_units(outputs: ArrayLike, n: int) -> NDArray[np.intp]:
    """Distinct integer unit indices in ``0..n-1``, refused with the argument's name otherwise."""
    return index_list(outputs, "outputs", "unit indices", 0, n - 1)


def global_flow(W: ArrayLike, fprime: ArrayLike, outputs: ArrayLike) -> Array:
    """The global flow to each unit $v$: $\\sum_{u \\text{ output}} \\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$.

    Computed as one column recursion started from the sum of the output units' columns, $O(q n^2)$.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param outputs: the indices of the output units (distinct).
    :return: the vector of global flows, one entry per unit $v$.
    :raises ValueError: for bad ``W`` or ``fprime``, or output indices that are repeated, empty, out
        of range or not a flat list.
    :raises TypeError: for output indices that are not integers.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [1.0, 0.0]])
    >>> global_flow(W, [[1.0, 1.0]], [0, 1]).tolist()  # sums over u of M = W^T
    [1.0, 2.0]

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, _square_work)
    n = weights.shape[0]
    units = _output_units(outputs, n)
    return column_flows(weights, slopes, [units], "the global flow")[:, 0]
