"""How a measured flow is summarised: the factor per step fitted to it, and the geometric mean over nets."""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, real_array

__all__ = ["MAX_RATE_LAGS", "fitted_rate", "geometric_mean"]

Array = NDArray[np.float64]

MAX_RATE_LAGS: Final = 1_000_000
"""The most values {py:func}`fitted_rate` fits and {py:func}`geometric_mean` averages."""

_LOG_LARGEST: Final = float(np.log(np.finfo(np.float64).max))

_FEW_NETS: Final = 16
"""Up to this many nets, {py:func}`geometric_mean` adds each column's logarithms with numpy: in any order the
sum of $N$ terms is within $(N - 1)\\,2^{-53}$ times the sum of their sizes, here at most $15 \\cdot 2^{-53}
\\ln 2$ per net. Beyond it the columns are summed with ``math.fsum`` (correctly rounded)."""


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

    Each entry is split as $m\\, 2^{e}$ with $m \\in [1/2, 1)$ (exact, subnormals included). A column's
    exponents are added exactly as integers, $E = k N + r$ with $0 \\le r < N$ for $N$ nets, and the
    logarithms of its mantissas are added (each below $\\ln 2$ in size; by ``math.fsum`` beyond 16 nets);
    the mean is then $2^{k} \\exp((\\sum \\log m + r \\ln 2) / N)$, whose exponential lies between $1/2$
    and $2$. Nothing over- or underflows, and the rounding does not grow with the sizes of the entries
    or with the number of nets: the relative error is some units of $2^{-53}$, below $10^{-14}$, where the
    mean is a normal float; a mean below $2^{-1022}$ is rounded once into the subnormals, within one unit
    of $2^{-1074}$.

    :param flows: shape ``(nets, q)``, nonzero and finite, at most {py:data}`MAX_RATE_LAGS` entries.
    :return: an array of length $q$; each entry lies between the column's smallest and largest size
        (the computed mean is clipped to them), so it neither under- nor overflows.
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
    nets = values.shape[0]
    mantissas, exponents = np.frexp(values)
    logs = np.log(mantissas)
    if nets <= _FEW_NETS:
        log_sums = logs.sum(axis=0)
    else:
        log_sums = np.array([math.fsum(column) for column in logs.T.tolist()])
    whole, rest = np.divmod(exponents.sum(axis=0, dtype=np.int64), nets)
    with np.errstate(over="ignore", under="ignore"):
        mean = np.ldexp(np.exp((log_sums + rest * math.log(2.0)) / nets), whole)
    result: Array = np.clip(mean, values.min(axis=0), values.max(axis=0))
    return result
