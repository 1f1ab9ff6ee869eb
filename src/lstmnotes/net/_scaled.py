"""Sums of products without intermediate overflow: the net inputs and error signals of a run that nears the float range.

The products of finite weights and activations can overflow (or cancel to NaN) although their sum is a
float; scaled by exact powers of two first, so that no product reaches $2^{1000}$, the sum is the same up
to rounding, and the result is inf only if the exact sum is beyond float64.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["safe_net", "safe_product", "safe_signal"]

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
    """``slopes * (transposed @ later)`` with the slopes split into mantissa and exponent: no
    intermediate overflow, so the result is inf only where the exact value is beyond float64."""
    shift_m = np.frexp(np.max(np.abs(transposed), axis=1))[1]  # row by row, as in safe_product
    shift_v = int(np.frexp(np.max(np.abs(later)))[1])
    mantissa, exponents = np.frexp(slopes)
    total: Array = np.ldexp(transposed, -shift_m[:, None]) @ np.ldexp(later, -shift_v)
    result: Array = np.ldexp(total * mantissa, exponents + shift_m + shift_v)
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
