"""Exact power-of-two scaling for the products of the error flow (private).

A product that runs over many steps, the largest flows of a stack of nets by lag, is kept as
``values * 2**exponent``: a float64 array ``values`` whose largest magnitude stays below ``2**TOP`` (and is
brought back near it at every step), and a Python integer ``exponent``, which never overflows.
Every rescaling is by a power of two, hence exact, so the products are those of unscaled arithmetic,
rounding for rounding, except that nothing over- or underflows on the way: a flow that decays below
$10^{-308}$ over many steps or passes through $10^{308}$ before slopes bring it back is still right.

The weights are scaled once (by a power of two) so that a matrix product of $n$ terms cannot overflow, and
the slopes of each step are split into an exact power of two and a mantissa where a plain rescaling of
them would lose bits in the subnormal range. A single float64 array at one scale holds an entry only to
within $2^{-1075}$ of that scale: the domain row of largest_flows_by_lag states what that can cost.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "MAX_COLUMN_WORK",
    "MAX_LAGS",
    "MAX_MATRIX_LAGS",
    "MAX_WORK",
    "TOP",
    "check_work",
    "operator",
    "peak",
    "to_float",
]

Array = NDArray[np.float64]

MAX_LAGS: Final = 1_000_000
"""The most steps (rows of ``fprime``) a recursion of the flow runs for one unit ($n = 1$), where the
running products are formed in blocks, without a step loop: well under a second (a longer request is
refused before any work)."""

MAX_MATRIX_LAGS: Final = 10_000
"""The most steps (rows of ``fprime``) a recursion of the flow runs for $n \\ge 2$ units, where every step
is a matrix product plus some tens of microseconds of bookkeeping (scales per column, the slopes' exponents):
at $n = 2$ the longest allowed call of any flow function takes under a second of CPU (a longer request is
refused before any work)."""

MAX_WORK: Final = 10**10
"""The most multiply-adds $q n^3$ a recursion of the flow's matrix does (matrix products: a few seconds
at most)."""

MAX_MATRIX_ENTRIES: Final = 2 * 10**7
"""The most entries times steps $q n^2$ a recursion of the flow's matrix handles: each step scales every
entry of the running product (some hundred nanoseconds an entry where slopes or products leave the normal
range), which at small $n$ costs more than the products themselves."""

MAX_COLUMN_WORK: Final = 5 * 10**8
"""The most multiply-adds $q n^2$ a recursion of one column of the flow does (matrix-vector products, each
reading all of $W$ from memory: a few seconds at most)."""

TOP: Final = 511  # a running product's largest magnitude stays below 2**TOP ...
_LOW: Final = 451  # ... and is lifted back to [2**(TOP - 1), 2**TOP) when it falls below 2**_LOW
_TINY: Final = 2.0**-1022  # the smallest normal float64


def check_work(n: int, q: int, power: int) -> None:
    """Refuse ``q`` above {py:data}`MAX_LAGS` ($n = 1$) or {py:data}`MAX_MATRIX_LAGS` ($n \\ge 2$), or
    ``q * n**power`` above {py:data}`MAX_WORK` (``power`` 3, with ``q * n**2`` at most
    {py:data}`MAX_MATRIX_ENTRIES`) or {py:data}`MAX_COLUMN_WORK` (2), naming them."""
    if q > MAX_LAGS:
        raise ValueError(f"fprime has q = {q} rows, above the limit of MAX_LAGS = {MAX_LAGS} steps")
    if n >= 2 and q > MAX_MATRIX_LAGS:
        raise ValueError(
            f"fprime has q = {q} rows for n = {n} units, above the limit of MAX_MATRIX_LAGS = "
            f"{MAX_MATRIX_LAGS} steps for n >= 2 (one unit allows MAX_LAGS = {MAX_LAGS})"
        )
    name, limit = ("MAX_WORK", MAX_WORK) if power == 3 else ("MAX_COLUMN_WORK", MAX_COLUMN_WORK)
    if q * n**power > limit:
        raise ValueError(
            f"n = {n}, q = {q} needs q n^{power} = {q * n**power:.3g} multiply-adds, above the limit "
            f"{name} = {limit:.3g}"
        )
    if power == 3 and q * n**2 > MAX_MATRIX_ENTRIES:
        raise ValueError(
            f"n = {n}, q = {q} needs q n^2 = {q * n**2:.3g} entry-steps, above the limit "
            f"MAX_MATRIX_ENTRIES = {MAX_MATRIX_ENTRIES:.3g}"
        )


def peak(values: Array) -> float:
    """The largest magnitude of a finite array, without allocating ``abs(values)``."""
    return max(float(values.max()), -float(values.min()))


def _exponent(x: float) -> int:
    """The $e$ with $2^{e-1} \\le x < 2^e$, for a positive finite ``x``."""
    return int(np.frexp(x)[1])


def operator(A: Array) -> tuple[Array, int]:
    """``A = T * 2**shift`` with ``T``'s largest magnitude below ``2**(TOP - c)``, $2^c \\ge$ ``len(A)``.

    A product of ``T`` (or of one of its rows or columns) with an array whose magnitudes stay below
    ``2**TOP`` sums at most ``len(A)`` terms, each below ``2**(2 TOP - c)``: it stays below ``2**1022``.
    """
    top = peak(A)
    if top == 0.0:
        return A.copy(), 0
    shift = TOP - (A.shape[0] - 1).bit_length() - _exponent(top)
    return np.ldexp(A, shift), -shift


def to_float(values: Array, exponent: int, what: str) -> Array:
    """``values * 2**exponent`` as float64, or a ValueError naming ``what`` if it exceeds the float range.

    Values below the smallest subnormal round to zero, as float64 arithmetic would round them.
    """
    top = peak(values) if values.size else 0.0
    if top != 0.0 and _exponent(top) + exponent > 1024:
        raise ValueError(
            f"{what} overflows float64: its largest entry is about 2^{_exponent(top) + exponent - 1}, "
            "beyond the largest float64 (about 1.8e308)"
        )
    return np.ldexp(values, min(max(exponent, -4000), 4000))
