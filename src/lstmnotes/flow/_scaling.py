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

from lstmnotes._validate import finite_array, flow_args, unit_index
from lstmnotes.flow._scaled import TOP, Product, check_work, operator, peak, to_float

__all__ = [
    "global_flow",
    "largest_flow_by_lag",
    "largest_flows_by_lag",
    "scaling_factor",
    "scaling_factor_column",
]

Array = NDArray[np.float64]


def _matrix_flow(weights: Array, slopes: Array, largest: Array | None = None) -> Array:
    """$M_q$ by the recursion with exact power-of-two scaling; ``largest[m]`` gets $\\max |M_{m+1}|$."""
    n, q = weights.shape[0], slopes.shape[0]
    check_work(n, q, 3)
    transposed, shift = operator(np.ascontiguousarray(weights.T))
    product = Product(slopes)
    flow = transposed.copy()
    spare = np.empty_like(flow)
    exponent = 0
    for m in range(q):
        if m:
            np.matmul(transposed, flow, out=spare)
            flow, spare = spare, flow
        done = product.step(flow, m)
        if done is None:  # the flow is zero from this lag on
            if largest is not None:
                largest[m:] = 0.0
            return np.zeros((n, n))
        exponent += shift + done
        if largest is not None:
            top = np.array([peak(flow)])
            largest[m] = to_float(top, exponent, f"the largest flow at lag {m + 1}")[0]
    return to_float(flow, exponent, "the scaling factor")


def scaling_factor(W: ArrayLike, fprime: ArrayLike) -> Array:
    """All scaling factors $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ at once, from the recursion (3.1).

    In matrix form the recursion reads $M_1 = F'(t-1)\\,W^{\\mathsf T}$ and
    $M_m = F'(t-m)\\,W^{\\mathsf T} M_{m-1}$, where $F'(s)$ is the diagonal matrix of the slopes at time
    $s$. That is $q$ matrix products of size $n$, $O(q n^3)$, done in place. After each step the
    running product is rescaled by a power of two (exact), so that a decaying flow never slows down in
    subnormal arithmetic; the scale is applied once at the end.

    :param W: the $n \\times n$ weights, ``W[i, j]`` $= w_{ij}$ (from unit $j$ to unit $i$).
    :param fprime: the slopes, shape ``(q, n)``; row $m-1$ holds $f'_i(\\mathit{net}_i(t-m))$.
    :return: ``M`` with ``M[v, u]`` $= \\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$.
    :raises ValueError: for a non-square or non-finite ``W``, an ``fprime`` that is not 2-D, has no
        rows or not $n$ columns, more than {py:data}`~lstmnotes.flow.MAX_LAGS` rows, $q n^3$ above
        {py:data}`~lstmnotes.flow.MAX_WORK`, or a result beyond float64 (no intermediate step overflows
        or underflows: the running product is kept scaled by exact powers of two).

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> scaling_factor(W, [[0.25, 0.25]]).tolist()  # q = 1: M[v, u] = f'_v w_uv
    [[0.0, 0.0], [0.5, 0.0]]

    ```
    """
    weights, slopes = flow_args(W, fprime)
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
    weights, slopes = flow_args(W, fprime)
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
    :raises ValueError: for bad ``W`` or ``fprime`` (as {py:func}`scaling_factor`, with $q n^2$ for the
        work) or ``u`` out of range.
    :raises TypeError: if ``u`` is not an integer.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> scaling_factor_column(W, [[0.25, 0.25]], 0).tolist()
    [0.0, 0.5]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    start = unit_index(u, weights.shape[0], "u")
    return _column_recursion(weights, slopes, np.array([start]), "the scaling factor")


def _column_recursion(weights: Array, slopes: Array, units: NDArray[np.intp], what: str) -> Array:
    """$g_1 = F'(t-1) \\sum_{u}$ ``weights[u]``, $g_m = F'(t-m)\\,W^{\\mathsf T} g_{m-1}$, exactly scaled.

    A matrix-vector product of the weights scaled once by a power of two (see {py:mod}`._scaled`), then
    the slopes of the step and a power of two: every step is exact scaling around unscaled arithmetic.
    """
    n, q = weights.shape[0], slopes.shape[0]
    check_work(n, q, 2)
    scaled, shift = operator(weights)
    column = scaled[units].sum(axis=0)  # below n 2**(TOP - c) <= 2**TOP
    product = Product(slopes)
    exponent = 0
    for m in range(q):
        if m:
            column = column @ scaled  # = W^T g, reading W row by row, no copy
        done = product.step(column, m)
        if done is None:
            return np.zeros(n)
        exponent += shift + done
    return to_float(column, exponent, what)


def global_flow(W: ArrayLike, fprime: ArrayLike, outputs: ArrayLike) -> Array:
    """The global flow to each unit $v$: $\\sum_{u \\text{ output}} \\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$.

    Computed as one column recursion started from the sum of the output units' columns, $O(q n^2)$.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param outputs: the indices of the output units (distinct).
    :return: the vector of global flows, one entry per unit $v$.
    :raises ValueError: for bad ``W`` or ``fprime``, or output indices that are repeated, empty or out
        of range.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [1.0, 0.0]])
    >>> global_flow(W, [[1.0, 1.0]], [0, 1]).tolist()  # sums over u of M = W^T
    [1.0, 2.0]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    n = weights.shape[0]
    units = np.asarray(outputs)
    if units.ndim != 1 or units.size == 0 or not np.issubdtype(units.dtype, np.integer):
        raise ValueError(f"outputs must be a non-empty 1-D list of unit indices, got {outputs!r}")
    if units.min() < 0 or units.max() >= n or np.unique(units).size != units.size:
        raise ValueError(f"outputs must be distinct indices in 0..{n - 1}, got {units.tolist()}")
    return _column_recursion(weights, slopes, units.astype(np.intp), "the global flow")


def _stacks(W: ArrayLike, fprime: ArrayLike) -> tuple[Array, Array]:
    """Validate a stack of weights ``(k, n, n)`` and of slopes ``(k, q, n)``, ``k, n, q >= 1``."""
    weights = finite_array(W, "W", ndim=3)
    slopes = finite_array(fprime, "fprime", ndim=3)
    k, rows, n = weights.shape
    if k == 0 or rows != n or n == 0:
        raise ValueError(
            f"W must be a non-empty stack of square matrices, got shape {weights.shape}"
        )
    if slopes.shape[0] != k or slopes.shape[1] < 1 or slopes.shape[2] != n:
        raise ValueError(
            f"fprime must have shape (k, q, n) = ({k}, q >= 1, {n}) for W of shape {weights.shape}, "
            f"got {slopes.shape}"
        )
    return weights, slopes


def largest_flows_by_lag(W: ArrayLike, fprime: ArrayLike) -> Array:
    """{py:func}`largest_flow_by_lag` for a stack of nets at once: the same numbers, bit for bit.

    The $k$ nets' recursions run side by side, one stacked matrix product a step, so that a search over
    many small nets spends its time in arithmetic rather than in one call per net. Each net keeps its
    own power-of-two scaling, chosen exactly as {py:func}`largest_flow_by_lag` chooses it; a net whose
    slopes would need the row-by-row (subnormal) path at some step takes that path alone.

    :param W: the weights of $k$ nets, shape ``(k, n, n)``.
    :param fprime: their slopes, shape ``(k, q, n)``; ``fprime[i]`` belongs to ``W[i]``.
    :return: shape ``(k, q)``; row $i$ is ``largest_flow_by_lag(W[i], fprime[i])``.
    :raises ValueError: for stacks of other shapes or of different lengths, $k = 0$, as
        {py:func}`largest_flow_by_lag` for any net, or $k q n^3$ above {py:data}`~lstmnotes.flow.MAX_WORK`.

    ```pycon
    >>> W = np.stack([np.eye(2), 2 * np.eye(2)])
    >>> largest_flows_by_lag(W, np.full((2, 3, 2), 0.5)).tolist()
    [[0.5, 0.25, 0.125], [1.0, 1.0, 1.0]]

    ```
    """
    weights, slopes = _stacks(W, fprime)
    k, n = weights.shape[:2]
    q = slopes.shape[1]
    check_work(n, q * k, 3)
    transposed = np.ascontiguousarray(np.swapaxes(weights, 1, 2))
    scaled_shift = [operator(transposed[i]) for i in range(k)]  # each net scaled as alone
    flow = np.stack([s for s, _ in scaled_shift])
    step_matrix = flow.copy()
    exponent = np.array([shift for _, shift in scaled_shift], dtype=np.int64)
    largest = np.zeros((k, q))
    alive = np.ones(k, dtype=bool)
    exponents = np.frexp(slopes)[1]
    lowest = np.min(np.where(slopes != 0.0, exponents, 1 << 30), axis=2)
    highest = np.max(exponents, axis=2)
    zero = ~np.any(slopes, axis=2)
    products: dict[int, Product] = {}
    spare = np.empty_like(flow)
    shift = exponent.copy()
    exponent[:] = 0
    for m in range(q):
        if m:
            np.matmul(step_matrix, flow, out=spare)
            flow, spare = spare, flow
        tops = np.maximum(flow.max(axis=(1, 2)), -flow.min(axis=(1, 2)))
        dead = alive & ((tops == 0.0) | zero[:, m])
        alive &= ~dead
        flow[dead] = 0.0
        done = np.frexp(tops)[1] + highest[:, m] - TOP
        fold = alive & (lowest[:, m] - done >= -1021) & (highest[:, m] - done <= 1023)
        rows = np.ldexp(slopes[:, m], -np.where(fold, done, 0)[:, None])
        rows[~fold] = 1.0
        np.multiply(flow, rows[:, :, None], out=flow)
        for i in np.flatnonzero(alive & ~fold):  # the row-by-row path, net by net
            product = products.setdefault(int(i), Product(slopes[i]))
            step = product.step(flow[i], m)
            if step is None:
                alive[i] = False
                flow[i] = 0.0
            else:
                done[i] = step
        exponent[alive] += shift[alive] + done[alive]
        tops = np.maximum(flow.max(axis=(1, 2)), -flow.min(axis=(1, 2)))
        beyond = alive & (tops != 0.0) & (np.frexp(tops)[1] + exponent > 1024)
        if np.any(beyond):  # as to_float says it for a single net
            first = int(np.flatnonzero(beyond)[0])
            to_float(
                tops[first : first + 1], int(exponent[first]), f"the largest flow at lag {m + 1}"
            )
        largest[alive, m] = np.ldexp(tops, np.clip(exponent, -4000, 4000))[alive]
    return largest
