"""Linear units whose weights all exceed one: a net whose error flow explodes, growing like $\\rho(W)^q$."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import finite_scalar
from lstmnotes.decay._limits import MAX_W_MAX, _count, _rng
from lstmnotes.decay._rates import fitted_rate
from lstmnotes.flow import largest_flow_by_lag
from lstmnotes.net import run_net

__all__ = ["BlowUp", "blow_up_example"]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class BlowUp:
    """Linear units with weights above one, from {py:func}`blow_up_example`."""

    weights: Array
    flow: Array
    """The largest flow at lags $1..q$."""
    rate: float
    """The growth factor per step fitted to ``flow``."""
    spectral_radius: float
    """$\\rho(W)$: for linear units the flow grows like $\\rho(W)^q$."""
    max_row_sum: float
    """$\\|W\\|_\\infty$, the weak bound's per-step factor for linear units ($f' = 1$)."""
    overflow_lag: int
    """The smallest $k$ with ``rate``$^k$ above the largest float64 (about $1.8 \\times 10^{308}$), exact
    for the float ``rate`` (found in interval arithmetic): an extrapolation from the fitted rate, not the
    lag at which the flow itself first overflows, which can differ by several lags where ``rate`` is
    fitted over few lags."""


def blow_up_example(
    rng: np.random.Generator, *, n: int = 3, low: float = 1.0, high: float = 1.5, q: int = 30
) -> BlowUp:
    """A net of linear units whose weights all exceed one: the flow explodes.

    With the identity, $f' = 1$ everywhere, so the flow is $(W^{\\mathsf T})^q$ and grows like $\\rho(W)^q$.
    The net starts at rest ($y(0) = 0$), so its activations stay finite while its error flow does not.

    :param rng: random generator for the weights (uniform on $[$``low``, ``high``$]$).
    :param n: units, 1 to 64.
    :param low: the smallest weight, at least 1.
    :param high: the largest weight, above ``low``, at most {py:data}`lstmnotes.decay.MAX_W_MAX`.
    :param q: lags, 2 to 500.
    :return: the example.
    :raises TypeError: for a ``rng`` that is not a numpy ``Generator``, counts that are not integers or
        weights that are not real numbers.
    :raises ValueError: for bad sizes or weight ranges, or a flow that overflows within ``q`` lags.

    ```pycon
    >>> b = blow_up_example(np.random.default_rng(0), n=1, q=4)
    >>> bool(abs(b.rate - b.spectral_radius) < 1e-12)
    True

    ```
    """
    rng = _rng(rng)
    n = _count(n, "n", 1, 64)
    q = _count(q, "q", 2, 500)
    low, high = finite_scalar(low, "low"), finite_scalar(high, "high")
    if not 1.0 <= low < high <= MAX_W_MAX:
        raise ValueError(
            f"need 1 <= low < high <= {MAX_W_MAX:g} (weights above one), got low={low}, high={high}"
        )
    W = rng.uniform(low, high, size=(n, n))
    run = run_net(W, np.zeros(n), q + 1, "identity")
    try:
        flow = largest_flow_by_lag(W, run.fprime(run.steps, q))
    except ValueError:
        raise ValueError(
            f"the flow overflows float64 within q = {q} lags (weights up to high = {high:g}, n = {n}): "
            "use fewer lags or smaller weights"
        ) from None
    rate = fitted_rate(flow)
    if rate <= 1.0:
        raise ValueError(
            f"the fitted growth factor {rate!r} does not exceed one: widen low..high = {low}..{high}"
        )
    return BlowUp(
        weights=W,
        flow=flow,
        rate=rate,
        spectral_radius=float(np.max(np.abs(np.linalg.eigvals(W)))),
        max_row_sum=float(np.max(np.abs(W).sum(axis=1))),
        overflow_lag=_overflow_lag(rate),
    )


_LARGEST: Final = float(np.finfo(np.float64).max)


def _overflow_lag(rate: float) -> int:
    """The smallest integer $k$ with ``rate``$^k$ above the largest float64, for a float ``rate > 1``.

    That is the smallest integer above $x = \\ln(\\text{largest}) / \\ln(\\text{rate})$. $x$ is taken in
    interval arithmetic (mpmath's, with outward rounding), at a precision doubled until the interval holds
    no integer, so $k$ is exact. This ends: $x$ is an integer only for ``rate`` equal to the largest float
    ($k = 2$), since the odd part of the largest float, $2^{53} - 1$, is a product of distinct primes and so
    no power of a smaller odd integer.
    """
    from mpmath.libmp import from_float, libmpi, mpf_floor, to_int  # noqa: PLC0415 (only here)

    if rate >= _LARGEST:
        return 2
    top, base = from_float(_LARGEST), from_float(rate)
    precision = 64
    while True:
        low, high = libmpi.mpi_div(
            libmpi.mpi_log((top, top), precision),
            libmpi.mpi_log((base, base), precision),
            precision,
        )
        below, above = to_int(mpf_floor(low)), to_int(mpf_floor(high))
        if below == above:
            return int(below) + 1
        precision *= 2
