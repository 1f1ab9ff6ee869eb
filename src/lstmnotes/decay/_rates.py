"""How a measured flow is summarised: the factor per step fitted to it, and the geometric mean over nets."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array

__all__ = ["fitted_rate", "geometric_mean"]

Array = NDArray[np.float64]


def fitted_rate(flow: ArrayLike) -> float:
    """The per-step factor of a flow that changes geometrically: $e^{b}$ for the least-squares line
    $\\log |\\mathrm{flow}_q| \\approx a + b q$, $q = 1, 2, \\dots$

    :param flow: the flow at lags $1, 2, \\dots$; at least two entries, all nonzero.
    :return: the fitted factor per step (below one: decay; above one: growth).
    :raises ValueError: for fewer than two entries, a zero, or non-finite entries.

    ```pycon
    >>> round(fitted_rate([0.5, 0.25, 0.125]), 12)
    0.5

    ```
    """
    values = np.abs(finite_array(flow, "flow", ndim=1))
    if values.shape[0] < 2:
        raise ValueError(f"flow must have at least two lags to fit a rate, got {values.shape[0]}")
    if np.any(values == 0):
        raise ValueError("flow must be nonzero at every lag to fit a rate on a log scale")
    lags = np.arange(1, values.shape[0] + 1)
    slope = np.polyfit(lags, np.log(values), 1)[0]
    return float(np.exp(slope))


def geometric_mean(flows: ArrayLike) -> Array:
    """The geometric mean over nets (rows) at each lag (column): $\\exp$ of the mean of $\\log |\\cdot|$.

    :param flows: shape ``(nets, q)``, nonzero.
    :return: an array of length $q$.
    :raises ValueError: for a non-2-D or non-finite input, or a zero entry.

    ```pycon
    >>> geometric_mean([[1.0, 4.0], [4.0, 1.0]]).tolist()
    [2.0, 2.0]

    ```
    """
    values = np.abs(finite_array(flows, "flows", ndim=2))
    if np.any(values == 0):
        raise ValueError("flows must be nonzero to take a geometric mean")
    result: Array = np.exp(np.log(values).mean(axis=0))
    return result
