"""How a measured flow is summarised: the factor per step fitted to it, and the geometric mean over nets."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, real_array

__all__ = ["MAX_RATE_LAGS", "fitted_rate", "geometric_mean"]

Array = NDArray[np.float64]

MAX_RATE_LAGS: Final = 1_000_000
"""The most values {py:func}`fitted_rate` fits and {py:func}`geometric_mean` averages."""

_LOG_LARGEST: Final = float(np.log(np.finfo(np.float64).max))


def fitted_rate(flow: ArrayLike) -> float:
    """The per-step factor of a flow that changes geometrically: $e^{b}$ for the least-squares line
    $\\log |\\mathrm{flow}_q| \\approx a + b q$, $q = 1, 2, \\dots$

    :param flow: the flow at lags $1, 2, \\dots$; 2 to {py:data}`MAX_RATE_LAGS` entries, all nonzero
        and finite (subnormal or near $10^{308}$ alike: the fit is on $\\log|\\mathrm{flow}|$).
    :return: the fitted factor per step (below one: decay; above one: growth).
    :raises TypeError: for entries that are not real numbers.
    :raises ValueError: for fewer than two or too many entries, a zero, non-finite entries, or a factor
        beyond the float range.

    ```pycon
    >>> round(fitted_rate([0.5, 0.25, 0.125]), 12)
    0.5

    ```
    """
    if real_array(flow, "flow").size > MAX_RATE_LAGS:
        raise ValueError(
            f"flow may have at most MAX_RATE_LAGS = {MAX_RATE_LAGS} lags, got {np.size(flow)}"
        )
    values = np.abs(finite_array(flow, "flow", ndim=1))
    if values.shape[0] < 2:
        raise ValueError(f"flow must have at least two lags to fit a rate, got {values.shape[0]}")
    if np.any(values == 0):
        raise ValueError("flow must be nonzero at every lag to fit a rate on a log scale")
    lags = np.arange(1, values.shape[0] + 1)
    slope = float(np.polyfit(lags, np.log(values), 1)[0])
    if slope > _LOG_LARGEST:
        raise ValueError(
            f"the fitted factor per step e^{slope:.4g} overflows float64: the flow grows by more than "
            "1.8e308 per lag"
        )
    return float(np.exp(slope))


def geometric_mean(flows: ArrayLike) -> Array:
    """The geometric mean over nets (rows) at each lag (column): $\\exp$ of the mean of $\\log |\\cdot|$.

    :param flows: shape ``(nets, q)``, nonzero and finite, at most {py:data}`MAX_RATE_LAGS` entries.
    :return: an array of length $q$ (each entry lies between the column's smallest and largest size, so it
        neither under- nor overflows).
    :raises TypeError: for entries that are not real numbers.
    :raises ValueError: for a non-2-D, empty, too large or non-finite input, or a zero entry.

    ```pycon
    >>> geometric_mean([[1.0, 4.0], [4.0, 1.0]]).tolist()
    [2.0, 2.0]

    ```
    """
    if real_array(flows, "flows").size > MAX_RATE_LAGS:
        raise ValueError(f"flows may have at most {MAX_RATE_LAGS} entries, got {np.size(flows)}")
    values = np.abs(finite_array(flows, "flows", ndim=2))
    if values.size == 0:
        raise ValueError(f"flows must have at least one net and one lag, got shape {values.shape}")
    if np.any(values == 0):
        raise ValueError("flows must be nonzero to take a geometric mean")
    result: Array = np.exp(np.log(values).mean(axis=0))
    return result
