"""The flow as a sum of path products, eq. (3.2), and what the signs of the paths do to it.

- {py:func}`lstmnotes.decay.path_product_distribution`: the $n^{q-1}$ path products for one pair of units
  of a random logistic net, their signs and sizes, and how much of them cancels;
- {py:func}`lstmnotes.decay.flow_versus_units`: how the flow at a fixed lag grows with the number of units
  when the weights carry random signs, against the same weights made positive. It gives every unit the
  logistic's largest slope $1/4$ (in a bias-free logistic run that needs every net input exactly zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import unit_index
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.decay._curves import BURN_IN
from lstmnotes.decay._limits import _count, _rng, _scale, _work
from lstmnotes.flow import MAX_PATH_TERMS, largest_flow_by_lag, path_terms, scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = [
    "MAX_SIZES",
    "PathProducts",
    "UnitCount",
    "flow_versus_units",
    "path_product_distribution",
]

Array = NDArray[np.float64]

MAX_SIZES: Final = 128
"""The most net sizes {py:func}`flow_versus_units` compares."""

_LOG_LARGEST: Final = float(np.log(np.finfo(np.float64).max))
_LOG_TINY: Final = float(np.log(np.finfo(np.float64).tiny))


def _peak_exponent(a: Array) -> int:
    peak = float(np.abs(a).max())
    return int(np.frexp(peak)[1]) if peak > 0.0 else 0


def _log_flow(W: Array, slopes: Array) -> float:
    """$\\log \\max_{u,v} |M_q|$, the largest flow at the last lag, on a log scale.

    Inside the normal float range this is the log of {py:func}`lstmnotes.flow.largest_flow_by_lag`; a flow
    beyond it either way is followed with the running product rescaled by a power of two at every step
    (exact), and its logarithm is the log of the mantissa plus the exponent times $\\log 2$.
    """
    try:
        value = float(largest_flow_by_lag(W, slopes)[-1])
    except ValueError:  # the flow overflows float64; its logarithm does not
        value = np.inf
    if np.isfinite(value) and value >= np.finfo(np.float64).tiny:
        return float(np.log(value))
    shift_w = _peak_exponent(W)
    flow, exponent = np.eye(W.shape[0]), 0
    with np.errstate(under="ignore"):
        transposed = np.ascontiguousarray(np.ldexp(W.T, -shift_w))
        for row in slopes:
            flow = transposed @ flow
            if not np.any(flow) or not np.any(row):
                return -np.inf
            shift, shift_row = _peak_exponent(flow), _peak_exponent(row)
            flow = np.ldexp(row, -shift_row)[:, None] * np.ldexp(flow, -shift)
            exponent += shift + shift_row + shift_w
    return float(np.log(np.abs(flow).max()) + exponent * np.log(2.0))


@dataclass(frozen=True)
class PathProducts:
    """The path products of eq. (3.2) for one pair of units, from {py:func}`path_product_distribution`."""

    weights: Array
    """The net's weights."""
    fprime: Array
    """The slopes on the way back, shape ``(q, n)`` (row $m-1$ is time $t-m$)."""
    u: int
    v: int
    terms: Array
    """All $n^{q-1}$ path products, flattened."""
    flow: float
    """Their sum: the scaling factor $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$."""
    scaling_factor: float
    """The same entry computed by the recursion (3.1), as a check."""
    printed: float
    """The sum over the same paths with the weights as printed in (3.2), $w_{l_m l_{m-1}}$. It agrees with
    ``flow`` when $u = v$ and the slopes do not change with time (a net at a fixed point): the diagonal
    entries of $(F'W)^q$ and $(F'W^{\\mathsf T})^q$ are then equal."""
    positive_share: float
    """The fraction of paths whose product is positive."""
    absolute_sum: float
    """$\\sum |\\text{term}|$: the flow if no path cancelled another."""
    largest: float
    """The largest $|\\text{term}|$."""

    @property
    def orders(self) -> float:
        """$\\log_{10}$ of the largest over the smallest nonzero $|\\text{term}|$: how many orders of
        magnitude the path products span."""
        sizes = np.abs(self.terms[self.terms != 0])
        if sizes.size == 0:
            raise ValueError(
                "every path product is zero: their span in orders of magnitude is undefined"
            )
        return float(np.log10(sizes.max()) - np.log10(sizes.min()))

    @property
    def cancellation(self) -> float:
        """$|\\text{flow}| / \\sum|\\text{term}|$: one if all paths share a sign, near zero if they cancel."""
        if self.absolute_sum == 0:
            raise ValueError("every path product is zero: the cancellation is undefined")
        return abs(self.flow) / self.absolute_sum


def path_product_distribution(
    rng: np.random.Generator, *, n: int = 6, q: int = 7, w_max: float = 2.0, u: int = 0, v: int = 0
) -> PathProducts:
    """The individual path products of a random logistic net, from unit $u$ at $t$ to unit $v$ at $t - q$.

    :param rng: random generator for the weights and the initial activation.
    :param n: units, 1 to 64.
    :param q: lags, 1 to 64, with $n^q$ at most {py:data}`lstmnotes.flow.MAX_PATH_TERMS`: the
        $n^{q-1}$ paths are built to all $n$ end units ({py:func}`lstmnotes.flow.path_terms`), $n^q$
        path terms.
    :param w_max: weights uniform on $[-w_{max}, w_{max}]$, $0 < w_{max} \\le$
        {py:data}`lstmnotes.decay.MAX_W_MAX`.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :return: the products and their statistics.
    :raises TypeError: for a ``rng`` that is not a numpy ``Generator``, counts or units that are not
        integers, or a ``w_max`` that is not a real number.
    :raises ValueError: for bad sizes, too many paths, units out of range, or a bad ``w_max``.

    ```pycon
    >>> p = path_product_distribution(np.random.default_rng(0), n=3, q=4)
    >>> p.terms.size, bool(abs(p.flow - p.scaling_factor) < 1e-15)
    (27, True)

    ```
    """
    rng = _rng(rng)
    n = _count(n, "n", 1, 64)
    q = _count(q, "q", 1, 64)
    scale = _scale(w_max, "w_max")
    u, v = unit_index(u, n, "u"), unit_index(v, n, "v")
    if n**q > MAX_PATH_TERMS:
        raise ValueError(
            f"n^q = {n**q} path terms to build (n^(q-1) = {n ** (q - 1)} paths, each to all n end "
            f"units), above the limit MAX_PATH_TERMS = {MAX_PATH_TERMS}: use fewer units (n) or lags (q)"
        )
    W = random_weights(n, rng, w_max=scale)
    run = run_net(W, rng.uniform(0.0, 1.0, size=n), BURN_IN + q + 1)
    fprime = run.fprime(run.steps, q)
    terms = np.ravel(path_terms(W, fprime, u, v))
    absolute = np.abs(terms)
    return PathProducts(
        weights=W,
        fprime=fprime,
        u=u,
        v=v,
        terms=terms,
        flow=float(terms.sum()),
        scaling_factor=float(scaling_factor(W, fprime)[v, u]),
        printed=float(path_terms(W, fprime, u, v, "printed").sum()),
        positive_share=float(np.mean(terms > 0)),
        absolute_sum=float(absolute.sum()),
        largest=float(absolute.max()),
    )


@dataclass(frozen=True)
class UnitCount:
    """The flow at one lag as the number of units grows, from {py:func}`flow_versus_units`."""

    units: Array
    """The net sizes $n$."""
    q: int
    nets: int
    """Nets per size."""
    slope: float
    """The slope every unit is given: the logistic's largest, $1/4$."""
    w_max: float
    """Weights are uniform on $[-w_{max}, w_{max}]$."""
    signed: Array
    """Geometric mean over nets of $\\max_{u,v}|M_q|$ with weights of random sign."""
    positive: Array
    """The same with every weight replaced by its absolute value: no path can cancel another."""
    signed_exponent: float
    """The slope of $\\log(\\text{signed}^{1/q})$ against $\\log n$: how the per-step factor scales."""
    positive_exponent: float
    """The same for the positive weights."""

    @property
    def signed_factors(self) -> Array:
        """The per-step factor $\\text{signed}^{1/q}$ at each size."""
        result: Array = self.signed ** (1.0 / self.q)
        return result

    @property
    def positive_factors(self) -> Array:
        """The per-step factor $\\text{positive}^{1/q}$ at each size."""
        result: Array = self.positive ** (1.0 / self.q)
        return result


def _no_odd_array(units: object) -> None:
    """Refuse ``units`` given as a masked array (its hidden entries would be read as sizes) or as an
    array of objects, floats or bools (no array of integers), naming ``units``."""
    if isinstance(units, np.ma.MaskedArray):
        raise TypeError(
            "units must be integer net sizes, got a masked array (fill or drop the masked entries first)"
        )
    if isinstance(units, np.ndarray) and units.dtype.kind not in "iu":
        raise TypeError(
            f"units must be integer net sizes, got an array of dtype {units.dtype} (use a list of "
            "integers or an integer array)"
        )


def flow_versus_units(
    units: Sequence[int],
    rng: np.random.Generator,
    *,
    q: int = 10,
    w_max: float = 1.0,
    nets: int = 20,
) -> UnitCount:
    """How the flow at lag $q$ depends on the number of units, with and without signs on the paths.

    Every unit is given the logistic's steepest slope, $f' = 1/4$, so that only the weights differ; these
    slopes are set, not taken from a forward run (in a bias-free logistic run they would need every net
    input to be exactly zero). For each
    size $n$ the same random weights (uniform on $[-w_{max}, w_{max}]$) are used twice: as they are, and
    with their absolute values. With positive weights all $n^{q-1}$ paths add up; with signs they cancel,
    and the flow grows far more slowly with $n$.

    :param units: the net sizes, integers from 1 to 128, 2 to {py:data}`MAX_SIZES` of them with at least
        two distinct ones.
    :param rng: random generator for the weights.
    :param q: the lag, 1 to 200.
    :param w_max: the weight scale, $0 < w_{max} \\le$ {py:data}`lstmnotes.decay.MAX_W_MAX`.
    :param nets: nets per size, 1 to 1000; $2 \\times$ sizes $\\times$ nets $\\times q n^3$ at most
        {py:data}`lstmnotes.decay.MAX_WORK` for the largest $n$.
    :return: the flows and the fitted exponents.
    :raises TypeError: for a ``rng`` that is not a numpy ``Generator``, sizes or counts that are not
        integers (an array of ``units`` of a dtype other than an integer one, object arrays and masked
        arrays included), or a ``w_max`` that is not a real number.
    :raises ValueError: for bad sizes or counts, a request beyond the work limit, or a flow beyond the
        float range.

    ```pycon
    >>> c = flow_versus_units([2, 8], np.random.default_rng(0), q=4, nets=3)
    >>> bool(np.all(c.positive >= c.signed))
    True

    ```
    """
    rng = _rng(rng)
    if isinstance(units, str | bytes) or not hasattr(units, "__len__"):
        raise TypeError(
            f"units must be a sequence of integer net sizes, got {type(units).__name__}"
        )
    _no_odd_array(units)
    if not 2 <= len(units) <= MAX_SIZES:
        raise ValueError(
            f"units must list at least two net sizes (at most {MAX_SIZES}), got {len(units)}"
        )
    sizes = np.array([_count(k, "units", 1, 128) for k in units])
    if np.unique(sizes).size < 2:
        raise ValueError(
            f"units must hold at least two distinct net sizes to fit an exponent, got {sizes.tolist()}"
        )
    q = _count(q, "q", 1, 200)
    nets = _count(nets, "nets", 1, 1000)
    scale = _scale(w_max, "w_max")
    _work(2 * nets * sizes.size, q, int(sizes.max()), "2 * nets * len(units) * q * max(units)^3")
    signed = np.empty(sizes.size)
    positive = np.empty(sizes.size)
    log_means = np.empty((sizes.size, 2))
    for index, n in enumerate(sizes):
        logs = np.empty((nets, 2))
        slopes = np.full((q, int(n)), LOGISTIC_PRIME_MAX)
        for k in range(nets):
            W = random_weights(int(n), rng, w_max=scale)
            logs[k, 0] = _log_flow(W, slopes)
            logs[k, 1] = _log_flow(np.abs(W), slopes)
        mean = log_means[index] = logs.mean(axis=0)
        if np.any(mean > _LOG_LARGEST):
            raise ValueError(
                f"the flow at lag q = {q} overflows float64 for n = {n} at w_max = {scale:g}: "
                "use fewer lags or smaller weights"
            )
        signed[index], positive[index] = np.exp(mean)
        if not (signed[index] > 0 and positive[index] > 0):
            raise ValueError(
                f"the flow at lag q = {q} underflows to zero for n = {n} at w_max = {scale:g}: "
                "use fewer lags or larger weights"
            )
    log_n = np.log(sizes)
    if np.all(np.minimum(signed, positive) >= np.finfo(np.float64).tiny):
        log_means = np.log(
            np.column_stack([signed, positive])
        )  # as before, inside the normal range
    return UnitCount(
        units=sizes.astype(np.float64),
        q=q,
        nets=nets,
        slope=LOGISTIC_PRIME_MAX,
        w_max=scale,
        signed=signed,
        positive=positive,
        signed_exponent=float(np.polyfit(log_n, log_means[:, 0] / q, 1)[0]),
        positive_exponent=float(np.polyfit(log_n, log_means[:, 1] / q, 1)[0]),
    )
