"""What the weak bounds share: the checked slopes, the norm of each step's slopes, norms kept split.

The norms are kept as a mantissa and a power of two ({py:mod}`lstmnotes.bounds._power`), so that a norm
beyond the float range can still enter a bound that is not.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import sized_flow_args
from lstmnotes.bounds import _power
from lstmnotes.bounds._norms import MAX_UNITS, NORM_PAIRS, NormPair, Split, split_norm

__all__ = ["MAX_CHAIN_LAG", "MAX_GENERIC_WORK", "MAX_SLOPES"]

Array = NDArray[np.float64]

MAX_SLOPES: Final = 10_000_000
"""The most slopes $q n$ the bounds accept in ``fprime``."""

MAX_CHAIN_LAG: Final = 100_000
"""The longest lag $q$ of {py:func}`weak_bound_chain`, which follows the flow one step at a time."""

MAX_GENERIC_WORK: Final = 10_000_000
"""The most work $q n^2$ of $f'_{max}$ for a norm pair whose diagonal norm is not its largest entry, other than
the Frobenius pair (one call of its matrix norm a step, at most {py:data}`MAX_CHAIN_LAG` steps)."""


def _slopes(W: ArrayLike, fprime: ArrayLike) -> tuple[Array, Array]:
    return sized_flow_args(W, fprime, _check_sizes)


def _check_sizes(n: int, q: int) -> None:
    """Refuse more than ``MAX_UNITS`` units or ``MAX_SLOPES`` slopes (before any entry is read)."""
    if n > MAX_UNITS:
        raise ValueError(f"W may have at most MAX_UNITS = {MAX_UNITS} units, got n = {n}")
    if q * n > MAX_SLOPES:
        raise ValueError(f"fprime may hold at most {MAX_SLOPES} slopes (q n), got q n = {q * n}")


def _check_step_work(shape: tuple[int, ...], pair: NormPair) -> None:
    """Refuse ``fprime`` of this shape where its step norms take one matrix norm per step and too long."""
    q, n = shape
    generic = not pair.diagonal_is_max and pair is not NORM_PAIRS["frobenius"]
    if generic and (q * n * n > MAX_GENERIC_WORK or q > MAX_CHAIN_LAG):
        raise ValueError(
            f"fprime is too large for the norm pair {pair.name!r} (one matrix norm per step): q n^2 = "
            f"{q * n * n} (at most MAX_GENERIC_WORK = {MAX_GENERIC_WORK}) with q = {q} (at most "
            f"MAX_CHAIN_LAG = {MAX_CHAIN_LAG})"
        )


def _step_norms(slopes: Array, pair: NormPair) -> tuple[Array, NDArray[np.int64]]:
    """$\\|F'(t-m)\\|_A$ for every row $m$ of ``slopes``, as mantissas and exponents."""
    if pair.diagonal_is_max:
        return _power.split(np.abs(slopes).max(axis=1))
    if pair is NORM_PAIRS["frobenius"]:
        peak = np.abs(slopes).max(axis=1)
        shift = np.where(peak > 0, np.frexp(peak)[1], 0)
        with np.errstate(under="ignore"):
            lengths = np.linalg.norm(np.ldexp(slopes, -shift[:, None]), axis=1)
        mantissa, exponent = _power.split(lengths)
        return mantissa, np.where(mantissa > 0, exponent + shift, 0)
    _check_step_work(slopes.shape, pair)
    parts = [split_norm(pair.matrix, pair.matrix_split, np.diag(row)) for row in slopes]
    return np.array([p[0] for p in parts]), np.array([p[1] for p in parts], dtype=np.int64)


def _largest_split(mantissa: Array, exponent: NDArray[np.int64]) -> Split:
    nonzero = mantissa > 0
    if not np.any(nonzero):
        return 0.0, 0
    top = int(exponent[nonzero].max())
    return float(mantissa[nonzero & (exponent == top)].max()), top


def _matrix_norm(pair: NormPair, weights: Array) -> Split:
    return split_norm(pair.matrix, pair.matrix_split, weights)


def _vector_norm(pair: NormPair, vector: Array) -> Split:
    return split_norm(pair.vector, pair.vector_split, vector)
