"""The flow recursion on columns, each column at its own exact power-of-two scale (private).

The columns of $M_m = F'(t-m)\\,W^{\\mathsf T} M_{m-1}$ never mix, so each keeps its own exponent: a
column that decays to $10^{-400}$ while another grows to $10^{400}$ loses nothing. The weights are scaled
once by a power of two (see {py:func}`._scaled.operator`) and a step is one matrix product, the slopes (an
exact power of two folded in, or mantissas and row shifts) and one power of two per column. Every scaling is
exact unless a product lands below the normal range; that is ruled out column by column before each step:
with $2^{b}$ a lower bound on the column's smallest nonzero entry, $2^{\\ell_w}$ the smallest nonzero scaled
weight and $2^{\\ell_f}$ the smallest nonzero slope of the step over its largest, a step whose every product
stays above $2^{-962}$ underflows nowhere, or only by $2^{-113}$ of the flow of absolute values it feeds.
The bound $b$ is carried from step to step and measured again when it has decayed too far. A column that
still fails, because its own entries, the weights and the step's slopes together span more than about
$2^{960}$ (each a lower bound: a test of cost $n$, not $n^2$), continues with one exponent per entry
({py:mod}`._entrywise`); so do all columns when the weights themselves span too far for one scale.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes.flow._entrywise import (
    NO_TERM,
    Entrywise,
    largest_entry,
    prefix_products,
    split,
    to_floats,
)
from lstmnotes.flow._scaled import TOP

__all__ = ["MAX_ENTRYWISE_WORK", "column_flows"]

Array = NDArray[np.float64]
Ints = NDArray[np.int64]

MAX_ENTRYWISE_WORK: Final = 3_500_000
"""The most work the recursion does with one exponent per entry, where a column's entries span too far for
one scale: steps times $n^2 + 128$ over all such columns (its products, some elementwise passes each, and
about 30 microseconds of numpy calls a column and step), at most about a second."""

_ENTRY_STEP: Final = (
    128  # the fixed cost of a column's step with one exponent per entry, in products
)

_SAFE: Final = -962  # every product above 2**_SAFE: underflow, if any, is 2**-113 of what it feeds
_NONE: Final = 1 << 40  # the bound of a zero column


def _smallest(values: Array) -> Ints:
    """Per column, the exponent $e$ with $2^{e-1} \\le$ the smallest nonzero magnitude ($\\infty$: none)."""
    bits = np.bitwise_and(values.view(np.int64), np.int64(0x7FFFFFFFFFFFFFFF))
    bits -= 1  # zero wraps to the largest unsigned value: it never wins the minimum
    low = bits.view(np.uint64).min(axis=0)
    found = low != np.uint64(0xFFFFFFFFFFFFFFFF)
    smallest = (low + np.uint64(1)).astype(np.uint64).view(np.float64)
    return np.where(found, np.frexp(smallest)[1].astype(np.int64) - 1, _NONE)


State = tuple[Array, Ints, bool, int]  # mantissas, exponents, a product still due, the step


def column_flows(
    weights: Array,
    slopes: Array,
    rows: list[NDArray[np.intp]] | None,
    what: str,
    largest: Array | None = None,
) -> Array:
    """The columns $g_q$ of $g_1 = F'(t-1)\\,W^{\\mathsf T} s_j$, $g_m = F'(t-m)\\,W^{\\mathsf T} g_{m-1}$.

    Column ``j`` starts from the sum $s_j$ of the unit vectors ``rows[j]`` (``None``: every unit on
    its own, the whole matrix $M_q$). ``largest[m]`` gets the largest magnitude of all columns at lag $m+1$.
    """
    n, q = weights.shape[0], slopes.shape[0]
    if n == 1:
        return _one_unit(float(weights[0, 0]), slopes[:, 0], what, largest)
    columns = n if rows is None else len(rows)
    if not np.any(weights):
        if largest is not None:
            largest[:] = 0.0
        return np.zeros((n, columns))
    scaled, shift, w_low = _scaled(weights)
    if w_low < -1022:  # scaled weights in the subnormal range: one scale cannot hold them all
        engine = Entrywise(weights, slopes)
        starts = [engine.start(np.array([j]) if rows is None else rows[j]) for j in range(columns)]
        entrywise = {j: (*start, False, 0) for j, start in enumerate(starts)}
        nothing = [(np.zeros(1), np.full(1, NO_TERM, dtype=np.int64))] * q
        flow, exponent = np.zeros((n, columns)), np.zeros(columns, dtype=np.int64)
        return _finish(weights, slopes, flow, exponent, entrywise, what, nothing, largest)
    if rows is None:
        flow = np.array(scaled.T, order="C")  # a copy: the recursion works in place
    else:
        flow = np.stack([scaled[r].sum(axis=0) for r in rows], axis=1)  # below n 2**-c <= 1
    return _fast(weights, slopes, (scaled, shift, w_low), flow, what, largest)


def _fast(
    weights: Array,
    slopes: Array,
    operator: tuple[Array, int, int],
    flow: Array,
    what: str,
    largest: Array | None,
) -> Array:
    """The recursion one matrix product a step, from the scaled start ``flow`` (before the first slopes)."""
    q = slopes.shape[0]
    scaled, shift, w_low = operator
    transposed = np.ascontiguousarray(scaled.T)
    spare = np.empty_like(flow)
    columns = flow.shape[1]
    exponent = np.full(columns, -shift, dtype=np.int64)
    mantissa, exponents = np.frexp(slopes)
    has, highest, lowest = _slope_exponents(slopes, exponents)
    entrywise: dict[int, State] = {}
    peaks: list[tuple[Array, Ints]] = []
    live = np.ones(columns, dtype=bool)
    bound = np.full(columns, _SAFE - 1, dtype=np.int64)  # forces the first measurement
    for m in range(q):
        if not live.any() or not has[m]:  # every column zero, or left for the entrywise recursion
            peaks += [(np.zeros(1), np.full(1, NO_TERM, dtype=np.int64))] * (q - m)
            flow[:] = 0.0
            break
        fold = lowest[m] - 1 - highest[m]  # 2**fold <= the smallest nonzero slope / 2**highest
        low = bound + (w_low if m else 0) + fold  # a lower bound on the products of this step
        if np.any(live & (low < _SAFE)):  # lift the columns to 2**TOP and measure again
            live, bound = _lift(flow, exponent)
            low = bound + (w_low if m else 0) + fold
            leaving = live & (low < _SAFE)
            if leaving.any():
                _leave(leaving, flow, exponent, m, m > 0, entrywise)
                live &= ~leaving
        if m:
            np.matmul(transposed, flow, out=spare)
            flow, spare = spare, flow
            exponent -= shift
        if fold >= -1021:  # the slopes times 2**-highest are normal: one exact multiply
            flow *= np.ldexp(slopes[m], -highest[m])[:, None]
        else:
            flow *= mantissa[m][:, None]
            np.ldexp(flow, (exponents[m] - highest[m])[:, None], out=flow)
        exponent += highest[m]
        bound = low
        if largest is not None:
            peak_m, peak_e = split(np.maximum(flow.max(axis=0), -flow.min(axis=0)))
            peaks.append((peak_m, peak_e + exponent))
    return _finish(weights, slopes, flow, exponent, entrywise, what, peaks, largest)


def _scaled(weights: Array) -> tuple[Array, int, int]:
    """``weights * 2**shift`` below $2^{-c}$, $2^c \\ge n$; ``shift``; $2^{\\ell_w} \\le$ its smallest nonzero."""
    n = weights.shape[0]
    shift = -(n - 1).bit_length() - int(np.frexp(np.max(np.abs(weights)))[1])
    smallest = np.min(np.abs(weights), where=weights != 0.0, initial=np.inf)
    return np.ldexp(weights, shift), shift, int(np.frexp(smallest)[1]) - 1 + shift


def _slope_exponents(
    slopes: Array, exponents: NDArray[np.int32]
) -> tuple[list[bool], list[int], list[int]]:
    """Per row: any nonzero slope; the largest and smallest exponents of the nonzero ones."""
    nonzero = slopes != 0.0
    highest = np.max(np.where(nonzero, exponents, -(1 << 20)), axis=1)
    lowest = np.min(np.where(nonzero, exponents, 1 << 20), axis=1)
    return nonzero.any(axis=1).tolist(), highest.tolist(), lowest.tolist()


def _lift(flow: Array, exponent: Ints) -> tuple[NDArray[np.bool_], Ints]:
    """Lift each column's largest magnitude to $[2^{TOP-1}, 2^{TOP})$; the nonzero columns, new bounds."""
    top = np.maximum(flow.max(axis=0), -flow.min(axis=0))
    live = top != 0.0
    k = np.where(live, np.clip(np.frexp(top)[1].astype(np.int64) - TOP, -1000, 0), 0)
    flow *= np.ldexp(1.0, -k)
    exponent += k
    return live, np.where(live, _smallest(flow), _NONE)


def _one_unit(w: float, slopes: Array, what: str, largest: Array | None) -> Array:
    """$n = 1$: every running product $w^m \\prod f'$ at once, in blocks (see {py:func}`.prefix_products`)."""
    w_mantissa, w_exponent = np.frexp(w)
    mantissa, exponents = np.frexp(slopes)
    factors = (
        mantissa * w_mantissa
    )  # in [1/4, 1) or 0: exact products of the mantissas, rounded once
    values, powers = prefix_products(factors, exponents.astype(np.int64) + int(w_exponent))
    if largest is not None:
        beyond = np.flatnonzero((powers > 1024) & (values != 0.0))
        if beyond.size:
            lag = int(beyond[0])
            raise ValueError(
                f"the largest flow at lag {lag + 1} overflows float64: it is about "
                f"2^{int(powers[lag]) - 1}, beyond the largest float64 (about 1.8e308)"
            )
        largest[:] = np.abs(np.ldexp(values, np.clip(powers, -4000, 4000)))
    return to_floats(values[-1:], powers[-1:], what).reshape(1, 1)


def _leave(
    mask: NDArray[np.bool_],
    flow: Array,
    exponent: Ints,
    m: int,
    multiply: bool,
    entrywise: dict[int, State],
) -> None:
    """Move the columns in ``mask`` (with nonzero entries) to the entrywise recursion, from step ``m``."""
    for j in np.flatnonzero(mask & np.any(flow != 0.0, axis=0)):
        mantissa, exponents = split(flow[:, j])
        shifted = np.where(mantissa == 0.0, NO_TERM, exponents + exponent[j])
        entrywise[int(j)] = (mantissa, shifted, multiply, m)
        flow[:, j] = 0.0


def _finish(
    weights: Array,
    slopes: Array,
    flow: Array,
    exponent: Ints,
    entrywise: dict[int, State],
    what: str,
    peaks: list[tuple[Array, Ints]],
    largest: Array | None,
) -> Array:
    """The columns as floats (the entrywise ones run to the end first); the largest entry of each lag."""
    n, q = weights.shape[0], slopes.shape[0]
    work = sum(q - state[3] for state in entrywise.values()) * (n * n + _ENTRY_STEP)
    if work > MAX_ENTRYWISE_WORK:
        raise ValueError(
            "W and fprime give columns where a product might fall below 2^-962 of the column's "
            "largest entry (the spans of its entries, of the weights and of a step's slopes together "
            "beyond about 2^960, or weights alone more than about 2^1000 apart), which need one exponent "
            f"per entry: {work:.3g} products (n^2 + 128 a column and step), above the limit "
            "MAX_ENTRYWISE_WORK = "
            f"{MAX_ENTRYWISE_WORK:.3g}"
        )
    mantissa, exponents = split(flow)
    exponents = np.where(mantissa == 0.0, NO_TERM, exponents + exponent[None, :])
    lag_peaks = [largest_entry(*peak) for peak in peaks]
    if entrywise:
        engine = Entrywise(weights, slopes)
        for j, (state_m, state_e, multiply, m) in entrywise.items():
            state = engine.multiply(state_m, state_e) if multiply else (state_m, state_e)
            record: list[tuple[float, int]] | None = [] if largest is not None else None
            mantissa[:, j], exponents[:, j] = engine.run(*state, m, record)
            for lag, peak in enumerate(record or [], start=m):
                lag_peaks[lag] = max(lag_peaks[lag], peak, key=_magnitude)
    if largest is not None:
        for lag, (value, power) in enumerate(lag_peaks):
            largest[lag] = to_floats(
                np.array([value]), np.array([power]), f"the largest flow at lag {lag + 1}"
            )[0]
    return to_floats(mantissa, exponents, what)


def _magnitude(pair: tuple[float, int]) -> tuple[int, float]:
    value, power = pair
    return (power, value) if value else (NO_TERM, 0.0)
