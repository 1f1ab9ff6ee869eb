"""The largest error flow by lag for a stack of small nets at once (private).

A search over many random nets of a few units spends its time in Python around tiny matrix products when it
runs one net at a time. {py:func}`largest_flows_by_lag` runs the recursion of eq. (3.1) for $k$ nets side
by side, one stacked matrix product a step, with each net's running product kept at one power-of-two
scale (as the one-net recursion did before it kept one exponent per column): at every step the net's
largest product is brought to between $2^{509}$ and $2^{511}$, so that only products below $2^{-1022}$ at
that scale round; the domain row states what that can cost.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.flow._scaled import MAX_WORK, TOP, check_work, to_float
from lstmnotes.flow._scaling import largest_flow_by_lag

__all__ = ["MAX_STACKED_STEPS", "largest_flows_by_lag"]

MAX_STACKED_STEPS = 2_000_000
"""The most steps (nets times lags) one call of {py:func}`largest_flows_by_lag` runs in all: about a second of
CPU for nets of two units (up to two where the nets are many and the lags few: some elementwise passes
over all the nets)."""

MAX_ONE_UNIT_NETS = 20_000
"""The most nets of one unit a call takes (each runs the one-net recursion, some tens of microseconds)."""

MAX_ROW_STEPS = 20_000
"""The most steps whose slopes span more than $2^{900}$ within a net one call takes. These, and any step
whose slopes times its power of two would be subnormal, take the row-by-row path: a few more passes over
those nets' entries, all such nets at once."""

_SPAN = 900  # MAX_ROW_STEPS counts the steps whose slopes span more binades than this
_NONE = -(1 << 24)  # an exponent below any product's, for rows with no nonzero product
_SHORT = 32  # rows this long or shorter are reduced by a loop over their entries

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
    """{py:func}`largest_flow_by_lag` for a stack of nets at once.

    The $k$ nets' recursions run side by side, one stacked matrix product a step, so that a search over
    many small nets spends its time in arithmetic rather than in one call per net. Each net keeps one
    power-of-two scale of its own, where {py:func}`largest_flow_by_lag` keeps one a column; a step whose
    slopes times that power of two would be subnormal multiplies the rows by the slopes' mantissas and
    shifts each row by its own power of two (the row-by-row path), for all such nets at once.

    Accuracy: for n = 1 row i is largest_flow_by_lag(W[i], fprime[i]), computed by it, to the accuracy
    that function states. For n >= 2 each net's running product is kept at one power-of-two
    scale, its largest product between 2^509 and 2^511, so that products below 2^-1022 there round:
    each entry is within 2 q' (n + 2) 2^-53 times the largest entry at its lag q' of the flow of |W| and
    |fprime| with every nonzero entry at every lag m raised by 2^-1532 A_m + 2^-1530 n^2 B_m (plus
    2^-1073), where A_m is that flow's largest entry at lag m before the raise and B_m is
    max_i |fprime[m - 1, i]| times its largest entry at lag m - 1 (1 at lag 0) times max|W| if some
    nonzero weight is below 2^-1500 max|W|, or times 2^-500 max|W| if none is. Where no nonzero entry of
    the flow of |W| and |fprime| falls below its 2^-1532 A_m + 2^-1530 n^2 B_m computed from that flow
    itself, the raise may be left out: the bound is then largest_flow_by_lag's (the two may differ in the
    last bit, where their roundings differ). Below it an entry may be held only to within 2^-1075 of the
    net's scale, or lost, and the raise, carried to later lags, bounds what that costs once the entry
    leads.

    :param W: the weights of $k$ nets, shape ``(k, n, n)``.
    :param fprime: their slopes, shape ``(k, q, n)``; ``fprime[i]`` belongs to ``W[i]``.
    :return: shape ``(k, q)``; row $i$ is the largest flow of net $i$ by lag, to the accuracy above.
    :raises ValueError: for stacks of other shapes or of different lengths, $k = 0$, as
        {py:func}`largest_flow_by_lag` for any net, $k q$ above {py:data}`MAX_STACKED_STEPS`, $k$ above
        {py:data}`MAX_ONE_UNIT_NETS` for $n = 1$, more than {py:data}`MAX_ROW_STEPS` steps whose slopes span
        more than $2^{900}$, or $k q n^3$ above {py:data}`~lstmnotes.flow.MAX_WORK` (each net within the
        limits of {py:func}`~lstmnotes.flow.scaling_factor`), or a largest flow computed beyond float64 at
        any lag (where entries were lost, an exact one beyond float64 can come back finite, within the
        bound above).

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
    exponents = np.frexp(slopes)[1]
    zero = slopes == 0.0
    lowest = _along_rows(np.minimum, np.where(zero, 1 << 30, exponents))
    _check_span((lowest != 1 << 30) & (_along_rows(np.maximum, exponents) - lowest > _SPAN))
    exponents[zero] = _NONE  # a zero slope makes no product
    highest = _along_rows(np.maximum, exponents)
    transposed = np.ascontiguousarray(np.swapaxes(weights, 1, 2))
    flow, shift = _scaled_nets(transposed)
    step_matrix = flow.copy() if q > 1 else flow
    largest = np.zeros((k, q))
    alive = np.ones(k, dtype=bool)
    spare = np.empty_like(flow) if q > 1 else flow
    exponent = np.zeros(k, dtype=np.int64)
    for m in range(q):
        if m:
            np.matmul(step_matrix, flow, out=spare)
            flow, spare = spare, flow
        done, tops = _times_slopes(
            flow, slopes[:, m], exponents[:, m], lowest[:, m], highest[:, m], alive
        )
        exponent[alive] += shift[alive] + done[alive]
        beyond = alive & (tops != 0.0) & (np.frexp(tops)[1] + exponent > 1024)
        if np.any(beyond):  # as to_float says it for a single net
            first = int(np.flatnonzero(beyond)[0])
            to_float(
                tops[first : first + 1], int(exponent[first]), f"the largest flow at lag {m + 1}"
            )
        largest[alive, m] = np.ldexp(tops, np.clip(exponent, -4000, 4000))[alive]
    return largest


def _along_rows(ufunc: np.ufunc, values: NDArray[Any]) -> NDArray[Any]:
    """``ufunc.reduce`` over the last axis; for a short axis as a loop over it (numpy's reductions over a
    short last axis cost some tens of nanoseconds an entry, the loop a few)."""
    if values.shape[-1] > _SHORT:
        return ufunc.reduce(values, axis=-1)  # type: ignore[no-any-return]
    out = values[..., 0].copy()
    for j in range(1, values.shape[-1]):
        ufunc(out, values[..., j], out=out)
    return out


def _row_tops(flow: Array) -> Array:
    """The largest magnitude of each row of each net, shape ``(k, n)``."""
    if flow.shape[2] > _SHORT:
        tops: Array = np.abs(flow).max(axis=2)
        return tops
    out = np.abs(flow[:, :, 0])
    for j in range(1, flow.shape[2]):
        np.maximum(out, np.abs(flow[:, :, j]), out=out)
    return out


def _times_slopes(
    flow: Array,
    slopes: Array,
    exponents: NDArray[np.int32],
    lowest: NDArray[np.int32],
    highest: NDArray[np.int32],
    alive: NDArray[np.bool_],
) -> tuple[NDArray[np.int64], Array]:
    """Multiply row $i$ of each living net's ``flow`` by ``slopes[:, i]`` and all of it by a power of two
    $2^{-d}$ that brings the net's largest product into $[2^{TOP-2}, 2^{TOP}]$; return $d$ and the largest
    magnitude after it, per net.

    ``exponents`` are the slopes' binary exponents (``_NONE`` for a zero slope), ``lowest`` and ``highest``
    their least and greatest per net. A net whose products are all zero is zeroed and marked dead in
    ``alive``. Where the slopes times $2^{-d}$ are normal floats (the usual case) they multiply the rows
    at once, exactly as the slopes would; otherwise the rows are multiplied by the slopes' mantissas and
    then shifted, each by its own power of two (the row-by-row path), so that products round only where
    they fall below $2^{-1022}$. Rounding is monotonic, so a row's largest magnitude after it is its
    largest before it, multiplied (and shifted) the same way: no second pass over ``flow`` finds it.
    """
    row_tops = _row_tops(flow)
    leads = np.frexp(row_tops)[1] + exponents.astype(
        np.int64
    )  # row i's products are below 2^leads[i]
    leads[row_tops == 0.0] = _NONE
    done = _along_rows(np.maximum, leads) - TOP
    dead = alive & (done < _NONE // 2)
    alive &= ~dead
    flow[dead] = 0.0
    done[~alive] = 0
    fold = alive & (lowest - done >= -1021) & (highest - done <= 1023)
    rows = np.ldexp(slopes, -np.where(fold, done, 0).astype(np.int32)[:, None])
    rows[~fold] = 1.0
    np.multiply(flow, rows[:, :, None], out=flow)
    after = row_tops * np.abs(rows)
    wide = np.flatnonzero(alive & ~fold)
    if wide.size:  # the row-by-row path, for all such nets at once
        S = flow[wide]
        mantissa, powers = np.frexp(slopes[wide])
        firsts, first_powers = np.frexp(row_tops[wide] * np.abs(mantissa))
        shown = firsts != 0.0  # a row whose largest product rounds to zero: all its products do
        top = _along_rows(np.maximum, np.where(shown, first_powers + powers, _NONE)) - TOP
        gone = top < _NONE // 2
        top[gone] = 0
        np.multiply(S, mantissa[:, :, None], out=S)
        shifts = (powers - top[:, None]).astype(np.int32)
        np.ldexp(S, shifts[:, :, None], out=S)
        S[gone] = 0.0
        flow[wide] = S
        after[wide] = np.ldexp(firsts, first_powers + shifts)  # row_tops * |mantissa|, shifted
        after[wide[gone]] = 0.0
        done[wide] = top
        alive[wide[gone]] = False
    tops = _along_rows(np.maximum, after)
    tops[~alive] = 0.0
    return done, tops
