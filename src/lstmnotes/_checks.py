"""Input validation shared by the public functions (private).

Every public function funnels its array arguments through these helpers, so bad input fails early with a
message that names the argument and the problem instead of surfacing later as a NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["finite_array", "finite_scalar", "square_matrix"]


def finite_array(value: ArrayLike, name: str, *, ndim: int | None = None) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array, refusing non-numeric, non-finite or wrongly shaped input."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}: {err}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(array))
        where = tuple(int(i) for i in bad[0]) if array.ndim else ()
        raise ValueError(f"{name} must be finite, found {array[where]!r} at index {where}")
    return array


def finite_scalar(value: ArrayLike, name: str) -> float:
    """Return ``value`` as a Python float, refusing arrays, non-numbers and non-finite values."""
    array = finite_array(value, name)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a single number, got shape {array.shape}")
    return float(array)


def square_matrix(value: ArrayLike, name: str = "W") -> NDArray[np.float64]:
    """Return ``value`` as a finite float64 ``(n, n)`` array with ``n >= 1``."""
    array = finite_array(value, name, ndim=2)
    rows, cols = array.shape
    if rows != cols or rows == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {array.shape}")
    return array


def scalar_or_array(array: NDArray[np.float64]) -> Any:
    """Return a Python float for 0-d results and the array otherwise."""
    return float(array) if array.ndim == 0 else array
