"""The flow's long-run factor per step, after a long settling run, and when such a factor counts as marginal.

A rate fitted over a few dozen lags depends on its window; {py:func}`lstmnotes.decay.long_run_rate`
follows the product of many steps back, renormalised as it is built, so that it separates growth from a
flow whose factor is near one.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from lstmnotes.decay._limits import _count
from lstmnotes.net import run_net

__all__ = ["LONG_RUN_LAGS", "LONG_RUN_MARGIN", "LONG_RUN_SETTLE", "long_run_rate"]

LONG_RUN_SETTLE: Final = 10_000
"""Settling steps before {py:func}`long_run_rate` follows the flow."""

LONG_RUN_LAGS: Final = 2_000
"""Lags over which {py:func}`long_run_rate` measures the flow's factor per step."""

LONG_RUN_MARGIN: Final = 0.01
"""A long-run factor within this distance of one counts as marginal, neither growth nor decay."""


def long_run_rate(
    W: ArrayLike,
    y0: ArrayLike,
    *,
    settle: int = LONG_RUN_SETTLE,
    lags: int = LONG_RUN_LAGS,
    activation: str = "logistic",
) -> float:
    """The flow's long-run factor per step: $\\|M_q\\|_2^{1/q}$ after a long settling run, for large $q$.

    The net runs $\\text{settle} + \\text{lags} + 1$ steps ({py:func}`lstmnotes.net.run_net`); the product
    $M_q = F'(t-q) W^{\\mathsf T} \\cdots F'(t-1) W^{\\mathsf T}$ of the last ``lags`` steps is built one
    factor at a time and renormalised after each, so it neither overflows nor underflows. Unlike a rate
    fitted over a few dozen lags, this separates growth from a marginal flow (factor near one).

    :param W: the $n \\times n$ weights.
    :param y0: the initial activation, length $n$.
    :param settle: settling steps, 0 to 100000.
    :param lags: lags, 1 to 100000.
    :param activation: as {py:func}`lstmnotes.net.run_net`.
    :return: $\\|M_q\\|_2^{1/q}$ with $q$ = ``lags``; 0 if the product vanishes exactly.
    :raises ValueError: for bad counts, or as {py:func}`lstmnotes.net.run_net`.

    ```pycon
    >>> round(long_run_rate([[2.0]], [0.5], settle=0, lags=50, activation="identity"), 12)
    2.0

    ```
    """
    settle = _count(settle, "settle", 0, 100_000)
    lags = _count(lags, "lags", 1, 100_000)
    run = run_net(W, y0, settle + lags + 1, activation)
    weights_t = run.weights.T
    fprime = run.fprime(run.steps, lags)
    M = np.eye(weights_t.shape[0])
    log_size = 0.0
    for m in range(lags):
        M = fprime[m][:, None] * (weights_t @ M)
        size = float(np.abs(M).max())
        if size == 0.0:
            return 0.0
        log_size += np.log(size)
        M /= size
    return float(np.exp((log_size + np.log(np.linalg.norm(M, 2))) / lags))
