"""Sums of products without intermediate overflow: the net inputs and error signals of a run that nears the float range.

The products of finite weights and activations can overflow (or cancel to NaN) although their sum is a
float; scaled by exact powers of two first, so that no product reaches $2^{1000}$, the sum is the same up
to rounding, and the result is inf only if the exact sum is beyond float64. Error signals that underflow
are carried back as mantissas times a power of two a row ({py:func}`scaled_back_step`), so that a signal
below $2^{-1022}$ keeps its digits for its products with huge activations or weights.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "column_scaled",
    "normalised",
    "safe_net",
    "safe_product",
    "safe_signal",
    "scaled_back_step",
]

Array = NDArray[np.float64]


def safe_product(matrix: Array, vector: Array) -> Array:
    """``matrix @ vector`` with the matrix scaled row by row and the vector as a whole by powers of two."""
    shift_m = np.frexp(np.max(np.abs(matrix), axis=1))[
        1
    ]  # row by row: a small row keeps its digits
    shift_v = int(np.frexp(np.max(np.abs(vector)))[1])
    scaled = np.ldexp(vector, -shift_v)
    with np.errstate(over="ignore"):
        total: Array = np.ldexp(matrix, -shift_m[:, None]) @ scaled  # |products| < 1: no overflow
        result: Array = np.ldexp(total, shift_m + shift_v)
    return result


def safe_signal(transposed: Array, later: Array, slopes: Array) -> Array:
    """``slopes * (transposed @ later)`` term by term as mantissas and exponents: no intermediate under- or
    overflow, so the result is inf only where the exact value is beyond float64.

    Each term $f'_j w_{ij} \\vartheta_i$ is the product of the three mantissas (two roundings) with its
    exponents added; the terms of one entry are scaled by one exact power of two, the largest exponent
    among them, and summed (a term below $2^{-1074}$ of that scale is lost), and the sum rounded once.
    """
    m_w, e_w = np.frexp(transposed)
    m_v, e_v = np.frexp(later)
    m_s, e_s = np.frexp(slopes)
    mantissa = (m_w * m_v[None, :]) * m_s[:, None]  # each in [1/8, 1) or 0: no under- or overflow
    exponent = e_w.astype(np.int64) + e_v[None, :] + e_s[:, None]
    exponent = np.where(mantissa == 0, -(2**20), exponent)
    top = np.max(exponent, axis=1)
    with np.errstate(under="ignore"):
        terms = np.ldexp(mantissa, np.maximum(exponent - top[:, None], -1100).astype(np.int32))
    total = np.sum(terms, axis=1)
    _, size = np.frexp(total)
    # scaled back in two steps: up by 2^(top - 1000) first where top > 1000 (exact: a finite result is
    # then below 2^24), so that a sum that cancelled far below its terms (top up to about 3072) keeps its
    # scale; the second step rounds at most once
    first = np.maximum(top - 1000, 0)
    with np.errstate(over="ignore", under="ignore"):
        result: Array = np.where(
            (total != 0) & (size + top > 1024),
            np.sign(total) * np.inf,
            np.ldexp(
                np.ldexp(total, first.astype(np.int32)),
                np.clip(top - first, -1200, 1000).astype(np.int32),
            ),
        )
    return result


def _exponent(a: Array) -> int:
    peak = float(np.max(np.abs(a))) if a.size else 0.0
    return math.frexp(peak)[1] if peak > 0.0 else 0


def safe_net(terms: list[tuple[Array, Array]], bias: Array | None) -> Array:
    """$\\sum_k A_k v_k + b$ with every factor scaled by a power of two first, so that no partial sum overflows.

    :param terms: the pairs $(A_k, v_k)$ (the recurrent weights and activations, the input weights and
        inputs).
    :param bias: $b$, or ``None``.
    :return: the sum; entries beyond float64 come out infinite (the caller refuses them).
    """
    scaled: list[tuple[Array, int]] = []
    for matrix, vector in terms:
        e_m, e_v = _exponent(matrix), _exponent(vector)
        with np.errstate(under="ignore"):
            scaled.append((np.ldexp(matrix, -e_m) @ np.ldexp(vector, -e_v), e_m + e_v))
    top = max(shift for _, shift in scaled)
    if bias is not None:
        top = max(top, _exponent(bias))
    with np.errstate(under="ignore"):
        total: Array = np.zeros(scaled[0][0].shape)
        for part, shift in scaled:
            total = total + np.ldexp(part, shift - top)
        if bias is not None:
            total = total + np.ldexp(bias, -top)  # scaled once: a tiny bias rounds once
    mantissa, exponent = np.frexp(total)
    with np.errstate(over="ignore", invalid="ignore"):
        result: Array = np.where(
            (mantissa != 0) & (exponent + top > 1024), np.sign(total) * np.inf, np.ldexp(total, top)
        )
    return result


_LOW = -(2**40)  # the exponent given to a zero mantissa: below every other by far


def _shifts(exponent: NDArray[np.int64]) -> NDArray[np.int32]:
    """Exponents for ``np.ldexp``, at most 0 and clipped below (anything under 2^-1100 is 0 anyway)."""
    return np.clip(exponent, -1100, 0).astype(np.int32)


def column_scaled(weights: Array) -> tuple[Array, NDArray[np.int64]]:
    """``weights`` with each column scaled by a power of two so that its largest entry is in [1/2, 1),
    and those exponents (0 for a zero column): column $j$ is $w_{\\cdot j} = $ ``scaled[:, j] * 2**shift[j]``."""
    shift = np.frexp(np.max(np.abs(weights), axis=0))[1].astype(np.int64)
    return np.ldexp(weights, -shift[None, :].astype(np.int32)), shift


def normalised(rows: Array) -> tuple[Array, NDArray[np.int64]]:
    """Each row of ``rows`` as mantissas times a power of two: ``rows[r] = m[r] * 2**k[r]`` with the largest
    $|m_r|$ in [1/2, 1) (``k[r] = 0`` for a zero row). Exact but for entries below 2^-1022 of their row's
    largest, which round (2^-1075 of it at most)."""
    k = np.frexp(np.max(np.abs(rows), axis=1))[1].astype(np.int64)
    with np.errstate(under="ignore"):
        m: Array = np.ldexp(rows, (-k[:, None]).astype(np.int32))
    return m, k


def scaled_back_step(
    m: Array,
    k: NDArray[np.int64],
    columns: Array,
    shift: NDArray[np.int64],
    slopes: Array,
    errors: Array | None = None,
) -> tuple[Array, NDArray[np.int64], int]:
    """One step back of error signals held as mantissas and powers of two, row by row:
    $\\vartheta_r = F'_r (e_r + W^{\\mathsf T} \\vartheta'_r)$ with $\\vartheta'_r = m_r 2^{k_r}$, returned as
    ``(m, k)`` in the same form (each row's largest $|m|$ in [1/2, 1)). No step under- or overflows on the
    way: ``columns`` and ``shift`` are $W$ scaled column by column ({py:func}`column_scaled`), so
    $(W^{\\mathsf T}\\vartheta')_j$ is ``(m @ columns)[j]`` $\\cdot 2^{k + \\mathrm{shift}_j}$ with every
    product of mantissas below 1; it is added to $e_j$ at the larger of their exponents and multiplied by
    the mantissa of $f'_j$, the exponents added apart.

    What is lost: a product of mantissas below $2^{-1022}$, so $(n + 1) 2^{-1075}$ of
    $\\max_i |w_{ij}| \\max_i |\\vartheta'_i|$ in $(W^{\\mathsf T}\\vartheta')_j$; the smaller of $e_j$ and
    $(W^{\\mathsf T}\\vartheta')_j$ below $2^{-1022}$ of the larger (rounded to $2^{-1075}$ of it); an entry
    of the result below $2^{-1022}$ of its row's largest (rounded to $2^{-1075}$ of that). Otherwise
    $n + 3$ roundings of $2^{-53}$ relative, as the plain step.

    Returns ``(m, k, rows)``, ``rows`` the rows whose sums cancelled and were formed again term by term
    ($n^2$ products each).

    :param m: mantissas, shape ``(K, n)``; :param k: their exponents, shape ``(K,)``.
    :param slopes: $F'$ of each row's step, shape ``(K, n)``; :param errors: $e$, shape ``(K, n)``, or None.
    """
    with np.errstate(under="ignore"):
        products, redone = _cancelled_exactly(m, columns)
        vm, ve = np.frexp(products)
        exponent = np.where(vm == 0, _LOW, ve + k[:, None] + shift[None, :])
        if errors is None:
            u, top = vm, exponent
        else:
            em, ee = np.frexp(errors)
            other = np.where(em == 0, _LOW, ee.astype(np.int64))
            top = np.maximum(exponent, other)
            u = np.ldexp(vm, _shifts(exponent - top)) + np.ldexp(em, _shifts(other - top))
        sm, se = np.frexp(slopes)
        pm, pe = np.frexp(sm * u)
        total = np.where(pm == 0, _LOW, pe + se + top)
        k_new = np.max(total, axis=1)
        k_new = np.where(k_new <= _LOW // 2, 0, k_new)
        out: Array = np.ldexp(pm, _shifts(total - k_new[:, None]))
    return out, k_new, redone


def _cancelled_exactly(m: Array, columns: Array) -> tuple[Array, int]:
    """``m @ columns``, with the entries whose terms cancel to below $2^{-26}$ of their absolute sum summed
    again from the rounded products, and how many rows were (a fused multiply-add in the matrix product would leave the rounding
    error of one product where equal and opposite terms cancel exactly)."""
    with np.errstate(under="ignore"):
        total: Array = m @ columns
        size = np.abs(m) @ np.abs(columns)
        rows = np.flatnonzero(np.any(np.abs(total) < 2.0**-26 * size, axis=1))
        chunk = max(1, 1_000_000 // max(columns.size, 1))
        for start in range(0, rows.size, chunk):
            part = rows[start : start + chunk]
            total[part] = np.sum(m[part][:, :, None] * columns[None, :, :], axis=1)
    return total, int(rows.size)
