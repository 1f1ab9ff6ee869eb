"""The float64 numbers in order as integers (private): a root bisected over these keys reaches adjacent floats
in at most 64 halvings, whatever the signs and magnitudes of the ends of its bracket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

_MAGNITUDE: Final = np.int64(0x7FFF_FFFF_FFFF_FFFF)
_SIGN_BIT: Final = np.int64(-(2**63))
KEY_MAX: Final = int(np.array([np.finfo(np.float64).max]).view(np.int64)[0])
"""The key of the largest float (that of minus it is ``-KEY_MAX``)."""


def float_key(x: Array) -> NDArray[np.int64]:
    """An integer for each float, increasing with it (0 for both zeros): bisecting it halves the floats
    between two ends of any signs."""
    bits = x.view(np.int64)
    out: NDArray[np.int64] = np.where(bits < 0, -(bits & _MAGNITUDE), bits)
    return out


def key_float(k: NDArray[np.int64]) -> Array:
    """The float of a {py:func}`float_key`."""
    bits = np.where(k < 0, (-k) | _SIGN_BIT, k).astype(np.int64)
    out: Array = bits.view(np.float64)
    return out


def bisect_keys(
    f: Callable[[Array], Array], low: NDArray[np.int64], high: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The smallest key in ``(low, high]`` whose float makes the increasing ``f`` >= 0 (``high`` if none)."""
    for _ in range(64):
        mid = (low >> 1) + (high >> 1) + (low & high & 1)  # no overflow, whatever the signs
        up = f(key_float(mid)) >= 0
        low, high = np.where(up, low, mid), np.where(up, mid, high)
    return high
