"""Sums of products without intermediate overflow: the net inputs and error signals of a run that nears the float range.

The products of finite weights and activations can overflow (or cancel to NaN) although their sum is a
float; formed term by term as mantissas and powers of two, each sum scaled by its own largest term, the
sum is the same up to rounding, and the result is inf only if the exact sum is beyond float64"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["safe_signal"]

Array = NDArray[np.float64]


def safe_signal(transposed: Array, later: Array, slopes: Array) -> Array:
    """``slopes * (transposed @ later)`` term by term as mantissas and exponents: no intermediate under- or
    overflow, so the result is inf only where the exact value is beyond float64.

    Each term $f'_j w_{ij} \\vartheta_i$ is the product of the three mantissas (two roundings) with its
    exponents added; the terms of one entry are scaled by one exact power of two, the largest exponent
    among them, and summed (a term below $2^{-1074}$ of that scale is lost), and the sum rounded once.
    The rows are taken some 32768 terms at a time, so that the temporaries stay small.
    """
    chunk = max(1, 32768 // max(transposed.shape[1], 1))
    parts = [
        _safe_signal_rows(transposed[lo : lo + chunk], later, slopes[lo : lo + chunk])
        for lo in range(0, transposed.shape[0], chunk)
    ]
    return np.concatenate(parts) if parts else np.zeros(0)


def _safe_signal_rows(transposed: Array, later: Array, slopes: Array) -> Array:
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
