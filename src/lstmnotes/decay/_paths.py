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

import numpy as np
from numpy.typing import NDArray

from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.decay._curves import BURN_IN
from lstmnotes.decay._limits import _count, _work
from lstmnotes.flow import largest_flow_by_lag, path_terms, scaling_factor
from lstmnotes.net import random_weights, run_net

__all__ = ["PathProducts", "UnitCount", "flow_versus_units", "path_product_distribution"]

Array = NDArray[np.float64]


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
        return float(np.log10(sizes.max() / sizes.min()))

    @property
    def cancellation(self) -> float:
        """$|\\text{flow}| / \\sum|\\text{term}|$: one if all paths share a sign, near zero if they cancel."""
        return abs(self.flow) / self.absolute_sum


def path_product_distribution(
    rng: np.random.Generator, *, n: int = 6, q: int = 7, w_max: float = 2.0, u: int = 0, v: int = 0
) -> PathProducts:
    """The individual path products of a random logistic net, from unit $u$ at $t$ to unit $v$ at $t - q$.

    :param rng: random generator for the weights and the initial activation.
    :param n: units, 1 to 64.
    :param q: lags, 1 to 64 (the number of paths $n^{q-1}$ is limited by
        {py:data}`lstmnotes.flow.MAX_PATH_TERMS`).
    :param w_max: weights uniform on $[-w_{max}, w_{max}]$.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :return: the products and their statistics.
    :raises ValueError: for bad sizes, too many paths, or units out of range.

    ```pycon
    >>> p = path_product_distribution(np.random.default_rng(0), n=3, q=4)
    >>> p.terms.size, bool(abs(p.flow - p.scaling_factor) < 1e-15)
    (27, True)

    ```
    """
    n = _count(n, "n", 1, 64)
    q = _count(q, "q", 1, 64)
    W = random_weights(n, rng, w_max=w_max)
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
        """The per-step factor $\text{signed}^{1/q}$ at each size."""
        result: Array = self.signed ** (1.0 / self.q)
        return result

    @property
    def positive_factors(self) -> Array:
        """The per-step factor $\text{positive}^{1/q}$ at each size."""
        result: Array = self.positive ** (1.0 / self.q)
        return result


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

    :param units: the net sizes, each 1 to 128, at least two of them.
    :param rng: random generator for the weights.
    :param q: the lag, 1 to 200.
    :param w_max: the weight scale, positive.
    :param nets: nets per size, 1 to 1000.
    :return: the flows and the fitted exponents.
    :raises ValueError: for bad sizes or counts, or a request beyond the work limit.

    ```pycon
    >>> c = flow_versus_units([2, 8], np.random.default_rng(0), q=4, nets=3)
    >>> bool(np.all(c.positive >= c.signed))
    True

    ```
    """
    sizes = np.array([_count(int(k), "units", 1, 128) for k in units])
    if sizes.size < 2:
        raise ValueError("units must list at least two net sizes to fit an exponent")
    q = _count(q, "q", 1, 200)
    nets = _count(nets, "nets", 1, 1000)
    for n in sizes:
        _work(2 * nets * sizes.size, q, int(n))
    signed = np.empty(sizes.size)
    positive = np.empty(sizes.size)
    for index, n in enumerate(sizes):
        logs = np.empty((nets, 2))
        slopes = np.full((q, int(n)), LOGISTIC_PRIME_MAX)
        for k in range(nets):
            W = random_weights(int(n), rng, w_max=w_max)
            logs[k, 0] = np.log(largest_flow_by_lag(W, slopes)[-1])
            logs[k, 1] = np.log(largest_flow_by_lag(np.abs(W), slopes)[-1])
        signed[index], positive[index] = np.exp(logs.mean(axis=0))
    log_n = np.log(sizes)
    return UnitCount(
        units=sizes.astype(np.float64),
        q=q,
        nets=nets,
        slope=LOGISTIC_PRIME_MAX,
        w_max=float(w_max),
        signed=signed,
        positive=positive,
        signed_exponent=float(np.polyfit(log_n, np.log(signed) / q, 1)[0]),
        positive_exponent=float(np.polyfit(log_n, np.log(positive) / q, 1)[0]),
    )
