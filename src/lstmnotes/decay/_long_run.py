"""The flow's long-run factor per step, after a long settling run, and when such a factor counts as marginal.

A rate fitted over a few dozen lags depends on its window; {py:func}`lstmnotes.decay.long_run_rate`
follows the product of many steps back, renormalised as it is built, so that it separates growth from a
flow whose factor is near one.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import square_matrix
from lstmnotes.decay._limits import MAX_WORK, _count
from lstmnotes.net import run_net

__all__ = [
    "LONG_RUN_LAGS",
    "LONG_RUN_MARGIN",
    "LONG_RUN_SETTLE",
    "MAX_LONG_RUN_UNITS",
    "MAX_LONG_RUN_WORK",
    "long_run_rate",
]

MAX_LONG_RUN_UNITS: Final = 128
"""The most units {py:func}`long_run_rate` follows."""

MAX_LONG_RUN_WORK: Final = 200_000_000
"""The most $(\\text{settle} + \\text{lags} + 1)\\,n^2$ of the run {py:func}`long_run_rate` makes: a step of
the run costs some microseconds plus a product with the weights, and this many take about two seconds."""

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

    The net runs $\\text{settle} + \\text{lags} + 1$ steps ({py:func}`lstmnotes.net.run_net`, as a
    settling run and a run from where it ends); the product
    $M_q = F'(t-q) W^{\\mathsf T} \\cdots F'(t-1) W^{\\mathsf T}$ of the last ``lags`` steps is built one
    factor at a time and renormalised after each, so it neither overflows nor underflows. Unlike a rate
    fitted over a few dozen lags, this separates growth from a marginal flow (factor near one).

    The sizes divided out are kept as an exact sum of their binary exponents and a ``math.fsum`` of the
    logarithms of their mantissas, so that the rate's error does not grow with ``lags`` or with how far
    it lies from one.

    Where a factor or the running product leaves the normal float range, the product is followed again
    with ``W`` and each row of slopes scaled by a power of two (exact) first.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`MAX_LONG_RUN_UNITS`.
    :param y0: the initial activation, length $n$.
    :param settle: settling steps, 0 to 100000.
    :param lags: lags, 1 to 100000; ``lags`` $\\times n^3$ at most {py:data}`lstmnotes.decay.MAX_WORK`,
        (``settle`` + ``lags`` + 1) $\\times n^2$ at most {py:data}`MAX_LONG_RUN_WORK`.
    :param activation: as {py:func}`lstmnotes.net.run_net`.
    :return: $\\|M_q\\|_2^{1/q}$ with $q$ = ``lags``; 0 if the product vanishes exactly. A rate below
        $2^{-1022}$ is rounded once into the subnormals: within one unit of $2^{-1074}$.
    :raises TypeError: for counts that are not integers, or arguments that are not real numbers.
    :raises ValueError: for bad counts or sizes, a factor beyond the float range, or as
        {py:func}`lstmnotes.net.run_net`.

    ```pycon
    >>> round(long_run_rate([[2.0]], [0.5], settle=0, lags=50, activation="identity"), 12)
    2.0

    ```
    """
    settle = _count(settle, "settle", 0, 100_000)
    lags = _count(lags, "lags", 1, 100_000)
    weights = square_matrix(W, "W")
    n = weights.shape[0]
    if n > MAX_LONG_RUN_UNITS:
        raise ValueError(f"W may have at most {MAX_LONG_RUN_UNITS} units here, got n = {n}")
    if lags * n**3 > MAX_WORK:
        raise ValueError(
            f"lags n^3 = {lags * n**3} exceeds the limit MAX_WORK = {MAX_WORK}: use fewer lags or units"
        )
    if (settle + lags + 1) * n * n > MAX_LONG_RUN_WORK:
        raise ValueError(
            f"(settle + lags + 1) n^2 = {(settle + lags + 1) * n * n} exceeds the limit "
            f"MAX_LONG_RUN_WORK = {MAX_LONG_RUN_WORK}: use a shorter settle, fewer lags or fewer units"
        )
    # the settling run and the followed steps are two runs, the second from where the first ends (the
    # same steps as one run: each depends on the previous activation only), so that each stays within
    # run_net's own limits for every settle and lags admitted here
    start = run_net(weights, y0, settle, activation).y(settle) if settle else y0
    run = run_net(weights, start, lags + 1, activation)
    weights_t = run.weights.T
    fprime = run.fprime(run.steps, lags)
    M = np.eye(weights_t.shape[0])
    sizes = _LogSum()
    for m in range(lags):
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            M = fprime[m][:, None] * (weights_t @ M)
        size = float(np.abs(M).max())
        if not _TINY <= size < np.inf:  # outside the normal range: follow it scaled instead
            return _scaled_rate(weights_t, fprime)
        sizes.add(size)
        M /= size
    sizes.add(float(np.linalg.norm(M, 2)))
    return sizes.rate(lags)


_TINY: Final = float(np.finfo(np.float64).tiny)
_LN2: Final = math.log(2.0)


class _LogSum:
    """The logarithm of a product of positive floats, kept as an exact integer power of two and a list of
    logarithms of mantissas in $[1/2, 1)$ (each below $\\ln 2$ in size, added by ``math.fsum``).

    A running float sum of the logarithms themselves rounds at the size of the sum: over $10^5$ factors
    near $10^{-300}$ its error reaches $10^{-9}$ of the rate.
    """

    def __init__(self) -> None:
        self.exponent = 0
        self.logs: list[float] = []

    def add(self, value: float, exponent: int = 0) -> None:
        """Multiply by ``value`` (positive, finite) times $2^{\\text{exponent}}$."""
        mantissa, power = math.frexp(value)
        self.exponent += power + exponent
        self.logs.append(math.log(mantissa))

    def rate(self, lags: int) -> float:
        """The product to the power ``1 / lags``: $2^{q} \\exp((\\sum \\log m + r \\ln 2) / \\text{lags})$
        for the exponent $q\\,\\text{lags} + r$, $0 \\le r < \\text{lags}$, rounded once into the
        subnormals where it is below $2^{-1022}$."""
        whole, rest = divmod(self.exponent, lags)
        value = math.exp((math.fsum(self.logs) + rest * _LN2) / lags)
        try:
            return math.ldexp(value, whole)
        except OverflowError:
            raise ValueError(
                f"the long-run factor per step, about 2^{whole}, overflows float64"
            ) from None


def _peak_exponent(a: NDArray[np.float64]) -> int:
    peak = float(np.abs(a).max())
    return int(np.frexp(peak)[1]) if peak > 0.0 else 0


def _scaled_rate(weights_t: NDArray[np.float64], fprime: NDArray[np.float64]) -> float:
    """The same product with ``W`` and each row of slopes scaled by a power of two (exact) first."""
    shift_w = _peak_exponent(weights_t)
    sizes = _LogSum()
    with np.errstate(under="ignore"):
        scaled_w = np.ldexp(weights_t, -shift_w)
        M = np.eye(weights_t.shape[0])
        for row in fprime:
            shift_row = _peak_exponent(row)
            M = np.ldexp(row, -shift_row)[:, None] * (scaled_w @ M)
            size = float(np.abs(M).max())
            if size == 0.0:
                return 0.0
            sizes.add(size, shift_w + shift_row)
            M /= size
    sizes.add(float(np.linalg.norm(M, 2)))
    return sizes.rate(fprime.shape[0])
