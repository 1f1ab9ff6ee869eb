"""The largest error flow by lag for a stack of small nets at once (private).

A search over many random nets of a few units spends its time in Python around tiny matrix products when it
runs one net at a time. {py:func}`largest_flows_by_lag` runs the recursion of eq. (3.1) for $k$ nets side
by side, one stacked matrix product a step, with each net's running product kept at one power-of-two
scale (as the one-net recursion did before it kept one exponent per column): every net's largest entry at
every lag is exact to float64 rounding, so long as no column of a net falls more than about $2^{1000}$
below the net's largest entry and later becomes its largest, as the domain row states.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.flow._scaled import (
    MAX_WORK,
    TOP,
    Product,
    check_work,
    to_float,
)
from lstmnotes.flow._scaling import largest_flow_by_lag

__all__ = ["MAX_STACKED_STEPS", "largest_flows_by_lag"]

MAX_STACKED_STEPS = 2_000_000
"""The most steps (nets times lags) one call of {py:func}`largest_flows_by_lag` runs in all: about a second of
CPU for nets of two units (up to two where the nets are many and the lags few: some elementwise passes
over all the nets)."""

MAX_ONE_UNIT_NETS = 20_000
"""The most nets of one unit a call takes (each runs the one-net recursion, some tens of microseconds)."""

MAX_ROW_STEPS = 20_000
"""The most steps whose slopes span more than $2^{900}$ within a net (those that may take the row-by-row,
subnormal path, some tens of microseconds a step, net by net) one call takes."""

_SPAN = 900  # a step's slopes spanning more binades than this may need the row-by-row path

Array = NDArray[np.float64]


def _stacks(W: ArrayLike, fprime: ArrayLike) -> tuple[Array, Array]:
    """Validate a stack of weights ``(k, n, n)`` and of slopes ``(k, q, n)``, ``k, n, q >= 1``.

    Where both are arrays of those shapes, their sizes are checked before any entry is read, so that an
    oversized stack (a zero-stride broadcast view, say) is refused at once.
    """
    if (
        isinstance(W, np.ndarray)
        and isinstance(fprime, np.ndarray)
        and W.ndim == fprime.ndim == 3
        and min(W.shape) >= 1
        and W.shape[1] == W.shape[2] == fprime.shape[2]
        and W.shape[0] == fprime.shape[0]
        and fprime.shape[1] >= 1
    ):
        _check_stack(W.shape[0], fprime.shape[1], W.shape[1])
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


def _check_stack(k: int, q: int, n: int) -> None:
    """Each net within the one-net limits, all of them within the total limits."""
    check_work(n, q, 3)
    if n == 1 and k > MAX_ONE_UNIT_NETS:
        raise ValueError(
            f"k = {k} nets of one unit are above the limit MAX_ONE_UNIT_NETS = {MAX_ONE_UNIT_NETS}"
        )
    if k * q > MAX_STACKED_STEPS:
        raise ValueError(
            f"k = {k} nets over q = {q} lags are {k * q} steps in all, above the limit "
            f"MAX_STACKED_STEPS = {MAX_STACKED_STEPS:.3g}"
        )
    if k * q * n**3 > MAX_WORK:  # ... and all of them within the work limit
        raise ValueError(
            f"k = {k} nets of n = {n} units over q = {q} lags need k q n^3 = {k * q * n**3:.3g} "
            f"multiply-adds, above the limit MAX_WORK = {MAX_WORK:.3g}"
        )


def _check_span(wide: NDArray[np.bool_]) -> None:
    """Refuse more than {py:data}`MAX_ROW_STEPS` steps that may take the row-by-row path."""
    steps = int(np.count_nonzero(wide))
    if steps > MAX_ROW_STEPS:
        raise ValueError(
            f"{steps} steps have slopes spanning more than 2^{_SPAN} within a net and may need the "
            f"row-by-row (subnormal) path, above the limit MAX_ROW_STEPS = {MAX_ROW_STEPS}"
        )


def _scaled_nets(transposed: Array) -> tuple[Array, NDArray[np.int64]]:
    """Each net's matrix scaled as alone (as `operator` scales one), all at once: below
    ``2**(TOP - c)`` with $2^c \\ge n$; and the powers of two that undo it."""
    n = transposed.shape[1]
    tops = np.max(np.abs(transposed), axis=(1, 2))
    shifts = np.where(
        tops == 0.0, 0, TOP - (n - 1).bit_length() - np.frexp(tops)[1].astype(np.int64)
    )
    return np.ldexp(transposed, shifts[:, None, None].astype(np.int32)), -shifts.astype(np.int64)


def largest_flows_by_lag(W: ArrayLike, fprime: ArrayLike) -> Array:
    """{py:func}`largest_flow_by_lag` for a stack of nets at once, to the same accuracy.

    The $k$ nets' recursions run side by side, one stacked matrix product a step, so that a search over
    many small nets spends its time in arithmetic rather than in one call per net. Each net keeps one
    power-of-two scale of its own (where {py:func}`largest_flow_by_lag` keeps one a column, so the two
    may round differently in the last bit); a net whose slopes would need the row-by-row (subnormal)
    path at some step takes that path alone.

    :param W: the weights of $k$ nets, shape ``(k, n, n)``.
    :param fprime: their slopes, shape ``(k, q, n)``; ``fprime[i]`` belongs to ``W[i]``.
    :return: shape ``(k, q)``; row $i$ is ``largest_flow_by_lag(W[i], fprime[i])`` to the accuracy that
        function states (for $n = 1$ exactly, being computed by it).
    :raises ValueError: for stacks of other shapes or of different lengths, $k = 0$, as
        {py:func}`largest_flow_by_lag` for any net, $k q$ above {py:data}`MAX_STACKED_STEPS`, $k$ above
        {py:data}`MAX_ONE_UNIT_NETS` for $n = 1$, more than {py:data}`MAX_ROW_STEPS` steps whose slopes span
        more than $2^{900}$, or $k q n^3$ above {py:data}`~lstmnotes.flow.MAX_WORK` (each net within the
        limits of {py:func}`~lstmnotes.flow.scaling_factor`).

    ```pycon
    >>> W = np.stack([np.eye(2), 2 * np.eye(2)])
    >>> largest_flows_by_lag(W, np.full((2, 3, 2), 0.5)).tolist()
    [[0.5, 0.25, 0.125], [1.0, 1.0, 1.0]]

    ```
    """
    weights, slopes = _stacks(W, fprime)
    k, n = weights.shape[:2]
    q = slopes.shape[1]
    _check_stack(k, q, n)
    if n == 1:  # one unit: the one-net recursion runs in blocks, faster than a stacked step
        return np.stack([largest_flow_by_lag(weights[i], slopes[i]) for i in range(k)])
    transposed = np.ascontiguousarray(np.swapaxes(weights, 1, 2))
    flow, exponent = _scaled_nets(transposed)
    step_matrix = flow.copy()
    largest = np.zeros((k, q))
    alive = np.ones(k, dtype=bool)
    exponents = np.frexp(slopes)[1]
    lowest = np.min(np.where(slopes != 0.0, exponents, 1 << 30), axis=2)
    highest = np.max(exponents, axis=2)
    zero = ~np.any(slopes, axis=2)
    _check_span(~zero & (highest - lowest > _SPAN))
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
            if i not in products:  # split net i's slopes once, on its first row-by-row step
                products[int(i)] = Product(slopes[i])
            product = products[int(i)]
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
