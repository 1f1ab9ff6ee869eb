"""The flow recursion with one exponent per entry (private): no span between entries is ever lost.

A vector is kept as ``mantissa * 2**exponent`` entry by entry (mantissas in $[1/2, 1)$ or zero, exponents
Python-free int64), as the path sum keeps its terms. A step $g \\mapsto F' W^{\\mathsf T} g$ builds the
$n^2$ products $w_{kv} g_k$ from their mantissas (one rounding each, as in unscaled arithmetic), aligns
them at the largest exponent of their sum (a term more than $2^{1100}$ below the largest is below its
rounding and dropped), sums, multiplies by the slope's mantissa and renormalises. The roundings are those of
some order of unscaled arithmetic, so the error bound of the plain recursion holds entry by entry however
far the entries lie apart. It costs some elementwise passes over $n^2$ numbers a step, instead of one
matrix-vector product: {py:mod}`._columns` uses it only for the columns it cannot keep at one scale.

{py:func}`prefix_products` is the one-unit case ($n = 1$): all $q$ running products at once, in blocks.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["NO_TERM", "Entrywise", "largest_entry", "prefix_products", "to_floats"]

Array = NDArray[np.float64]
Ints = NDArray[np.int64]

NO_TERM: Final = -(
    1 << 40
)  # the exponent of a zero entry: below every other, never overflowing int64
_DROP: Final = -1100  # a term this far below the largest of its sum is below its rounding
_BLOCK: Final = 256  # factors in [1/4, 1): a product of 256 stays above 2**-512


def split(values: Array) -> tuple[Array, Ints]:
    """``values`` as mantissas in $[1/2, 1)$ (or 0) and int64 exponents, zeros at {py:data}`NO_TERM`."""
    mantissa, exponent = np.frexp(values)
    return mantissa, np.where(mantissa == 0.0, NO_TERM, exponent.astype(np.int64))


def largest_entry(mantissa: Array, exponent: Ints) -> tuple[float, int]:
    """The largest magnitude of ``mantissa * 2**exponent`` as a normalised pair (0.0, NO_TERM if all zero)."""
    if not np.any(mantissa):
        return 0.0, NO_TERM
    top = int(exponent.max())
    return float(np.abs(mantissa[exponent == top]).max()), top


def to_floats(mantissa: Array, exponent: Ints, what: str) -> Array:
    """``mantissa * 2**exponent`` entry by entry, refusing a value beyond float64 (naming ``what``)."""
    if np.any((exponent > 1024) & (mantissa != 0.0)):
        raise ValueError(
            f"{what} overflows float64: an entry is about 2^{int(exponent.max()) - 1}, beyond the "
            "largest float64 (about 1.8e308)"
        )
    return np.ldexp(mantissa, np.clip(exponent, -4000, 4000))


class Entrywise:
    """Steps of $g \\mapsto F'(t-m)\\,W^{\\mathsf T} g$ on a vector with one exponent per entry."""

    def __init__(self, weights: Array, slopes: Array) -> None:
        self.weights = split(weights)  # [k, v]: w_kv
        self.slopes = slopes

    def start(self, rows: NDArray[np.intp]) -> tuple[Array, Ints]:
        """The sum of the weights' ``rows`` (the first step's $W^{\\mathsf T} s$), aligned entry by entry."""
        w_mantissa, w_exponent = self.weights
        exponents = w_exponent[rows]
        top = exponents.max(axis=0)
        sums, more = split(
            np.ldexp(w_mantissa[rows], np.maximum(exponents - top, _DROP)).sum(axis=0)
        )
        return sums, np.where(sums == 0.0, NO_TERM, top + more)

    def multiply(self, mantissa: Array, exponent: Ints) -> tuple[Array, Ints]:
        """$W^{\\mathsf T} g$: ``out[v]`` $= \\sum_k w_{kv} g_k$, each sum aligned at its largest term."""
        w_mantissa, w_exponent = self.weights
        exponents = w_exponent + exponent[:, None]  # [k, v]
        top = exponents.max(axis=0)
        terms = np.ldexp(w_mantissa * mantissa[:, None], np.maximum(exponents - top, _DROP))
        sums, more = split(terms.sum(axis=0))
        return sums, np.where(sums == 0.0, NO_TERM, top + more)

    def slope(self, mantissa: Array, exponent: Ints, m: int) -> tuple[Array, Ints]:
        """$F'(t-m-1)\\, g$ with row ``m`` of the slopes."""
        s_mantissa, s_exponent = split(self.slopes[m])
        product, more = split(mantissa * s_mantissa)
        return product, np.where(product == 0.0, NO_TERM, exponent + s_exponent + more)

    def run(
        self, mantissa: Array, exponent: Ints, first: int, largest: list[tuple[float, int]] | None
    ) -> tuple[Array, Ints]:
        """From the state before the slopes of step ``first`` to the end; ``largest`` gets each lag's peak."""
        for m in range(first, self.slopes.shape[0]):
            if m > first:
                mantissa, exponent = self.multiply(mantissa, exponent)
            mantissa, exponent = self.slope(mantissa, exponent, m)
            if largest is not None:
                largest.append(largest_entry(mantissa, exponent))
        return mantissa, exponent


def prefix_products(factors: Array, exponents: Ints) -> tuple[Array, Ints]:
    """Every running product of ``factors * 2**exponents`` (mantissas in $[1/4, 1)$), as mantissa, exponent.

    Products within blocks of {py:data}`_BLOCK` factors never underflow; the blocks' totals are carried by
    the same procedure one level up. Each running product of $m$ factors is rounded at most
    $m + 2 \\log_{256} m + 2$ times, each rounding relative: within $2 m\\, 2^{-53}$ of the exact product.
    A zero factor makes every later product zero.
    """
    q = factors.shape[0]
    zero = np.flatnonzero(factors == 0.0)
    end = int(zero[0]) if zero.size else q
    mantissa, exponent = np.zeros(q), np.full(q, NO_TERM, dtype=np.int64)
    if end:
        head, head_exponents = _prefix(factors[:end])
        mantissa[:end], more = np.frexp(head)
        exponent[:end] = np.cumsum(exponents[:end]) + head_exponents + more
    return mantissa, exponent


def _prefix(factors: Array) -> tuple[Array, Ints]:
    """Running products of nonzero ``factors`` in $[1/4, 1)$ as values in $[2^{-513}, 1)$ times $2^{e}$."""
    q = factors.shape[0]
    blocks = -(-q // _BLOCK)
    padded = np.ones(blocks * _BLOCK)
    padded[:q] = factors
    within: Array = np.multiply.accumulate(
        padded.reshape(blocks, _BLOCK), axis=1
    )  # >= 2**-512: no underflow
    if blocks == 1:
        return within.ravel()[:q], np.zeros(q, dtype=np.int64)
    totals, total_exponents = np.frexp(within[:, -1])
    carried, carried_exponents = _prefix(totals[:-1])  # the product of the blocks before each block
    carried_mantissa, normalised = np.frexp(carried)  # exact: now in [1/2, 1)
    carry = np.concatenate(([1.0], carried_mantissa))
    carry_exponents = np.concatenate(
        ([0], np.cumsum(total_exponents[:-1]) + carried_exponents + normalised)
    )
    values, more = np.frexp(within * carry[:, None])  # >= 2**-513: no underflow
    exps = more + carry_exponents[:, None]
    return values.ravel()[:q], exps.ravel()[:q].astype(np.int64)
