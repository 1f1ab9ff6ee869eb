"""Error flow back in time: the scaling factor of eq. (3.1), the path sum of eq. (3.2) and the matrix form.

An error signal $\\vartheta_u(t)$ at unit $u$, time $t$, reaches unit $v$ at time $t-q$ scaled by
$\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ {cite:p}`hochreiter1997lstm`. The functions here
compute this factor for a net with weights ``W`` (``W[i, j]`` $= w_{ij}$, from unit $j$ to unit $i$) and
slopes ``fprime`` of shape ``(q, n)``, whose row $m-1$ holds $f'_i(\\mathit{net}_i(t-m))$ for
$m = 1, \\dots, q$ (see {py:meth}`lstmnotes.net.Run.fprime`):

- {py:func}`scaling_factor`: the whole $n \\times n$ matrix from the recursion (3.1), in matrix form
  $M_q = F'(t-q)\\,W^{\\mathsf T} M_{q-1}$ with $M_1 = F'(t-1)\\,W^{\\mathsf T}$ and
  ``M[v, u]`` $= \\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$; {py:func}`scaling_factor_column`
  does the same for one $u$ in $O(q n^2)$;
- {py:func}`path_sum`: the same matrix by enumerating every one of the $n^{q-1}$ paths of (3.2), either
  with the weight index as printed in the paper, $w_{l_m l_{m-1}}$, or corrected, $w_{l_{m-1} l_m}$
  ({py:func}`lstmnotes.flow.step_weight` holds the one place where the two differ);
- {py:func}`matrix_form`: the paper's vector-matrix expression for one pair $(u, v)$;
- {py:func}`global_flow`: the flow summed over a set of output units.

All inputs are validated: a non-square ``W``, an ``fprime`` that is not 2-D or has the wrong width, an
empty ``fprime`` ($q < 1$), non-finite entries or an unknown convention raise ``ValueError`` (or
``TypeError`` for non-numbers) naming the problem.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import flow_args, unit_index

__all__ = [
    "CONVENTIONS",
    "MAX_PATH_TERMS",
    "READINGS",
    "global_flow",
    "largest_flow_by_lag",
    "matrix_form",
    "path_sum",
    "path_terms",
    "scaling_factor",
    "scaling_factor_column",
    "step_weight",
]

Array = NDArray[np.float64]

CONVENTIONS: Final = ("corrected", "printed")
"""The two weight indices of eq. (3.2): ``"corrected"`` $w_{l_{m-1} l_m}$, ``"printed"`` $w_{l_m l_{m-1}}$."""

READINGS: Final = ("row-column", "column-row")
"""How the matrix form reads $[W]_{ij} = w_{ij}$: row $i$, column $j$ (usual) or column $i$, row $j$."""

MAX_PATH_TERMS: Final = 2**22
"""The most path terms {py:func}`path_sum` and {py:func}`path_terms` will materialise.

{py:func}`path_sum` builds all $n^{q+1}$ terms (the $n^{q-1}$ paths of each of the $n^2$ pairs
$(u, v)$); {py:func}`path_terms` builds $n^{q}$ for one $u$. At $2^{22}$ terms (32 MiB of floats) either
takes well under a second; larger requests are refused with a ``ValueError`` instead of running for
minutes or exhausting memory. Use {py:func}`scaling_factor` for large nets: it costs $O(q n^3)$.
"""


def _convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        known = ", ".join(repr(c) for c in CONVENTIONS)
        raise ValueError(f"unknown convention {convention!r}; choose one of {known}")
    return convention


def _finite_result(value: Array, what: str) -> Array:
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} overflows float64: the flow blows up beyond 1e308")
    return value


def _scale_rows(values: Array, row: Array, what: str) -> int:
    """Multiply ``values`` in place by the slopes ``row`` (row ``i`` by ``row[i]``) and by a power of two.

    The power of two, returned as its exponent $k$ (the factor is $2^{-k}$), brings the largest magnitude
    of ``values`` before the multiplication into $[1/2, 1)$. Scaling by a power of two is exact, so the
    recursions below give bit for bit the products they would give unscaled, but a flow that decays over
    many steps never reaches the subnormal range, where arithmetic is slow and inexact, and one that grows
    never overflows midway. Both happen in one pass over ``values`` (plus two to find the peak).
    """
    peak = max(float(values.max()), -float(values.min()))
    if not np.isfinite(peak):
        raise ValueError(f"{what} overflows float64: the flow blows up beyond 1e308")
    shift = int(np.frexp(peak)[1]) if peak > 0.0 else 0
    factors = row if values.ndim == 1 else row[:, None]
    scaled = row * 2.0**-shift if -1000 <= shift <= 1000 else None  # exact: a power of two
    if scaled is not None and np.all(np.isfinite(scaled)):
        np.multiply(values, scaled if values.ndim == 1 else scaled[:, None], out=values)
    else:  # a peak near the ends of the float range: scale first, then multiply (slower, rare)
        np.ldexp(values, -shift, out=values)
        np.multiply(values, factors, out=values)
    return shift


def step_weight(W: Any, previous: Any, current: Any, convention: str = "corrected") -> Any:
    """The weight a path term of (3.2) pairs with the step from $l_{m-1}$ to $l_m$.

    The error travels back from unit $l_{m-1}$ (at time $t-m+1$) to unit $l_m$ (at time $t-m$). The
    back-propagation rule multiplies it by the weight of the connection from $l_m$ to $l_{m-1}$, that is
    $w_{l_{m-1} l_m}$ (``"corrected"``); the paper prints $w_{l_m l_{m-1}}$ (``"printed"``). This is the
    only place where the two conventions differ, and it works for anything indexable by a pair: NumPy
    arrays (with integer or broadcast index arrays), sympy matrices and sympy ``IndexedBase`` objects.

    :param W: the weights, indexable as ``W[i, j]`` $= w_{ij}$.
    :param previous: $l_{m-1}$, the unit the error leaves.
    :param current: $l_m$, the unit the error reaches.
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: ``W[previous, current]`` (corrected) or ``W[current, previous]`` (printed).
    :raises ValueError: for an unknown convention.

    ```pycon
    >>> W = np.array([[0.0, 1.0], [2.0, 0.0]])
    >>> float(step_weight(W, 0, 1)), float(step_weight(W, 0, 1, "printed"))
    (1.0, 2.0)

    ```
    """
    if _convention(convention) == "corrected":
        return W[previous, current]
    return W[current, previous]


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
        rows or not $n$ columns, or a result that overflows.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> scaling_factor(W, [[0.25, 0.25]]).tolist()  # q = 1: M[v, u] = f'_v w_uv
    [[0.0, 0.0], [0.5, 0.0]]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    transposed = np.ascontiguousarray(weights.T)
    what = "the scaling factor"
    with np.errstate(all="ignore"):
        flow = transposed.copy()
        exponent = _scale_rows(flow, slopes[0], what)
        spare = np.empty_like(flow)
        for row in slopes[1:]:
            np.matmul(transposed, flow, out=spare)
            exponent += _scale_rows(spare, row, what)
            flow, spare = spare, flow
        result: Array = np.ldexp(flow, exponent)
    return _finite_result(result, what)


def largest_flow_by_lag(W: ArrayLike, fprime: ArrayLike) -> Array:
    """The largest $|\\partial\\vartheta_v(t-q')/\\partial\\vartheta_u(t)|$ over all pairs, for $q' = 1, \\dots, q$.

    One pass of the recursion of {py:func}`scaling_factor` visits every lag on its way to $q$; this
    records the largest absolute entry of each $M_{q'}$.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :return: an array of length $q$; entry $q'-1$ is $\\max_{u,v} |M_{q'}[v, u]|$.
    :raises ValueError: as {py:func}`scaling_factor`.

    ```pycon
    >>> largest_flow_by_lag(np.eye(2), np.full((3, 2), 0.5)).tolist()
    [0.5, 0.25, 0.125]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    transposed = np.ascontiguousarray(weights.T)
    largest = np.empty(slopes.shape[0])
    what = "the scaling factor"
    with np.errstate(all="ignore"):
        flow = transposed.copy()
        exponent = _scale_rows(flow, slopes[0], what)
        largest[0] = np.ldexp(np.abs(flow).max(), exponent)
        for m, row in enumerate(slopes[1:], start=1):
            flow = transposed @ flow
            exponent += _scale_rows(flow, row, what)
            largest[m] = np.ldexp(np.abs(flow).max(), exponent)
    return _finite_result(largest, what)


def scaling_factor_column(W: ArrayLike, fprime: ArrayLike, u: int) -> Array:
    """One column of {py:func}`~lstmnotes.flow.scaling_factor`: the flow from unit $u$ to every $v$, in $O(q n^2)$.

    The recursion on the vector $g_m = (\\partial\\vartheta_v(t-m)/\\partial\\vartheta_u(t))_v$ reads
    $g_1 = F'(t-1)\\,W^{\\mathsf T} e_u$ and $g_m = F'(t-m)\\,W^{\\mathsf T} g_{m-1}$: matrix-vector
    products only.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param u: the unit whose error at time $t$ is followed back.
    :return: the vector $(\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t))_{v}$.
    :raises ValueError: for bad ``W`` or ``fprime`` (as {py:func}`scaling_factor`) or ``u`` out of range.
    :raises TypeError: if ``u`` is not an integer.

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> scaling_factor_column(W, [[0.25, 0.25]], 0).tolist()
    [0.0, 0.5]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    start = unit_index(u, weights.shape[0], "u")
    return _column_recursion(weights, slopes, weights[start], "the scaling factor")


_BAND = (2.0**-500, 2.0**500)
"""A vector is rescaled only when its largest magnitude leaves this band: far from both float limits."""


def _column_recursion(weights: Array, slopes: Array, into_u: Array, what: str) -> Array:
    """$g_1 = F'(t-1)\\,$``into_u``, $g_m = F'(t-m)\\,W^{\\mathsf T} g_{m-1}$, rescaled when needed.

    A matrix-vector product is cheap next to the Python around it, so the vector is rescaled (by an
    exact power of two, see {py:func}`_scale_rows`) only when its peak leaves ``_BAND``.
    """
    exponent = 0
    with np.errstate(all="ignore"):
        column = slopes[0] * into_u
        for row in slopes[1:]:
            peak = float(np.max(np.abs(column)))
            if not _BAND[0] <= peak <= _BAND[1]:
                if not np.isfinite(peak):
                    raise ValueError(f"{what} overflows float64: the flow blows up beyond 1e308")
                if peak == 0.0:
                    return np.zeros_like(column)
                shift = int(np.frexp(peak)[1])
                np.ldexp(column, -shift, out=column)
                exponent += shift
            column = row * (column @ weights)  # = W^T g, reading W row by row, no copy
        result: Array = np.ldexp(column, exponent)
    return _finite_result(result, what)


def _check_path_count(n: int, q: int, starts: int) -> None:
    terms = starts * n**q  # Python integers: no overflow however large
    if terms > MAX_PATH_TERMS:
        raise ValueError(
            f"too many paths: n = {n}, q = {q} gives n^(q-1) = {n ** (q - 1)} paths per pair and "
            f"{terms} path terms to build, above the limit MAX_PATH_TERMS = {MAX_PATH_TERMS}; "
            "use scaling_factor, which sums the same paths by the recursion"
        )


def _path_products(
    weights: Array, slopes: Array, starts: NDArray[np.intp], convention: str
) -> Array:
    """Every path term, level by level: axis 0 is $l_0$ (from ``starts``), axis $m$ is $l_m$."""
    n = weights.shape[0]
    index = np.arange(n)
    steps: Array = step_weight(weights, index[:, None], index[None, :], convention)  # [a, b]
    with np.errstate(all="ignore"):
        terms: Array = steps[starts] * slopes[0]
        for row in slopes[1:]:
            terms = terms[..., None] * (steps * row)
    return terms


def path_sum(W: ArrayLike, fprime: ArrayLike, convention: str = "corrected") -> Array:
    """The scaling factors by brute force: the sum over all $n^{q-1}$ paths of eq. (3.2).

    With $l_0 = u$ and $l_q = v$, each path $(l_1, \\dots, l_{q-1})$ contributes
    $\\prod_{m=1}^{q} f'_{l_m}(\\mathit{net}_{l_m}(t-m))\\, \\omega_m$, where $\\omega_m$ is the weight
    {py:func}`lstmnotes.flow.step_weight` assigns to the step: $w_{l_{m-1} l_m}$ (corrected) or $w_{l_m l_{m-1}}$ (as
    printed). Every term is built explicitly, one path level at a time (vectorised over all paths of a
    level), and then summed; the corrected sum equals {py:func}`scaling_factor`.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: the matrix with entry ``[v, u]`` the path sum from $u$ to $v$.
    :raises ValueError: for bad ``W`` or ``fprime``, an unknown convention, or more than
        ``MAX_PATH_TERMS`` path terms ($n^{q+1}$ in all).

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> path_sum(W, [[0.25, 0.25]], "printed").tolist()  # q = 1 as printed: f'_v w_vu
    [[0.0, 0.5], [0.0, 0.0]]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    _convention(convention)
    n, q = weights.shape[0], slopes.shape[0]
    _check_path_count(n, q, n)
    terms = _path_products(weights, slopes, np.arange(n, dtype=np.intp), convention)
    sums = terms.reshape(n, n ** (q - 1), n).sum(axis=1)  # [u, v]
    return _finite_result(np.ascontiguousarray(sums.T), "the path sum")


def path_terms(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, convention: str = "corrected"
) -> Array:
    """The $n^{q-1}$ individual path terms of eq. (3.2) from $u$ to $v$, before they are summed.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param u: the unit $l_0$ where the error starts (time $t$).
    :param v: the unit $l_q$ it reaches (time $t-q$).
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: an array of shape ``(n,) * (q - 1)`` whose entry ``[l_1, ..., l_{q-1}]`` is that path's
        term (a 0-d array when $q = 1$). Its sum is ``path_sum(W, fprime, convention)[v, u]``.
    :raises ValueError: as {py:func}`path_sum`, or for units out of range.

    ```pycon
    >>> W = np.array([[1.0, 1.0], [-1.0, 0.0]])
    >>> path_terms(W, np.ones((2, 2)), 0, 0).tolist()  # paths 0->0->0 and 0->1->0 cancel
    [1.0, -1.0]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    _convention(convention)
    n, q = weights.shape[0], slopes.shape[0]
    start, end = unit_index(u, n, "u"), unit_index(v, n, "v")
    _check_path_count(n, q, 1)
    terms = _path_products(weights, slopes, np.array([start], dtype=np.intp), convention)
    return _finite_result(terms[0, ..., end].copy(), "a path term")


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
    weights, slopes = flow_args(W, fprime)
    n, q = weights.shape[0], slopes.shape[0]
    if q < 2:
        raise ValueError(f"the matrix form is stated for q > 1, got q = {q}")
    if reading not in READINGS:
        known = ", ".join(repr(r) for r in READINGS)
        raise ValueError(f"unknown reading {reading!r}; choose one of {known}")
    start, end = unit_index(u, n, "u"), unit_index(v, n, "v")
    middle = weights if reading == "row-column" else weights.T
    into_u = weights[start, :]  # [W_{u^T}]_i = w_ui
    out_of_v = weights[:, end]  # [W_v]_i = w_iv
    with np.errstate(all="ignore"):
        row = into_u * slopes[0]  # (W_{u^T})^T F'(t-1)
        for m in range(2, q):
            row = (row @ middle) * slopes[m - 1]  # ... W F'(t-m)
        value = np.float64(row @ out_of_v) * slopes[q - 1, end]
    return float(_finite_result(np.asarray(value), "the matrix form"))


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
    return _column_recursion(weights, slopes, weights[units].sum(axis=0), "the global flow")
