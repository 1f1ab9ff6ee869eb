"""Input validation shared by the public functions (private).

Every public function funnels its array arguments through these helpers, so bad input fails early with a
message that names the argument and the problem instead of surfacing later as a NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["finite_array", "finite_scalar", "flow_args", "square_matrix", "unit_index"]


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


def flow_args(W: ArrayLike, fprime: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Validate ``W`` (square, finite) and ``fprime`` (2-D, finite, q >= 1 rows, n columns)."""
    weights = square_matrix(W, "W")
    slopes = finite_array(fprime, "fprime", ndim=2)
    n = weights.shape[0]
    if slopes.shape[0] < 1:
        raise ValueError("fprime must have at least one row: q = len(fprime) must be >= 1")
    if slopes.shape[1] != n:
        raise ValueError(
            f"fprime must have n = {n} columns (one slope per unit), got shape {slopes.shape}"
        )
    return weights, slopes


def unit_index(index: int, n: int, name: str) -> int:
    """Validate a unit index: an integer (not a bool) in ``0..n-1``; returns it as an ``int``."""
    if isinstance(index, bool) or not isinstance(index, int | np.integer):
        raise TypeError(f"{name} must be an integer unit index, got {type(index).__name__}")
    if not 0 <= index < n:
        raise ValueError(f"{name} must be a unit index in 0..{n - 1}, got {index}")
    return int(index)
