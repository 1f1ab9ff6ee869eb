"""The flow recursion with one exponent per entry (private): no span between entries is ever lost.

A vector is kept as ``mantissa * 2**exponent`` entry by entry (mantissas in $[1/2, 1)$ or zero, exponents
Python-free int64), as the path sum keeps its terms. A step $g \\mapsto F' W^{\\mathsf T} g$ builds the
$n^2$ products $w_{kv} g_k$ from their mantissas (one rounding each, as in unscaled arithmetic), aligns
them at the largest exponent of their sum (a term more than $2^{1100}$ below the largest is below its
rounding and dropped), sums, multiplies by the slope's mantissa and renormalises. The roundings are those of
some order of unscaled arithmetic, so the error bound of the plain recursion holds entry by entry however
far the entries lie apart. It costs some elementwise passes over $n^2$ numbers a step, instead of one
matrix-vector product: {py:mod}`._columns` uses it only for the columns it cannot keep at one scale.

{py:func}`~lstmnotes._products.prefix_products` is the one-unit case ($n = 1$): all $q$ running products
at once, in blocks.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._products import NO_TERM, prefix_products, split

__all__ = ["NO_TERM", "Entrywise", "largest_entry", "prefix_products", "split", "to_floats"]

Array = NDArray[np.float64]
Ints = NDArray[np.int64]

_DROP: Final = -1100  # a term this far below the largest of its sum is below its rounding


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
