"""Numbers as mantissas and exponents of their own, and running products that never under- or overflow (private).

Shared by the parts that carry a product over many steps entry by entry: the flow recursion
({py:mod}`lstmnotes.flow`) and the norms of the flow matrices ({py:mod}`lstmnotes.later`).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["NO_TERM", "prefix_products", "split"]

Array = NDArray[np.float64]
Ints = NDArray[np.int64]

NO_TERM: Final = -(
    1 << 40
)  # the exponent of a zero entry: below every other, never overflowing int64
_BLOCK: Final = 256  # factors in [1/4, 1): a product of 256 stays above 2**-512


def split(values: Array) -> tuple[Array, Ints]:
    """``values`` as mantissas in $[1/2, 1)$ (or 0) and int64 exponents, zeros at {py:data}`NO_TERM`."""
    mantissa, exponent = np.frexp(values)
    return mantissa, np.where(mantissa == 0.0, NO_TERM, exponent.astype(np.int64))


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
