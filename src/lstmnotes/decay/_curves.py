"""The error flow of random logistic nets at several weight scales, against the weak bound.

Section 3.1 of the paper reasons about products of factors $f'(\\mathit{net})\\, w$ and bounds them from
above. {py:func}`lstmnotes.decay.decay_curves` runs random logistic nets and measures: the flow is computed
by {py:mod}`lstmnotes.flow` from the slopes of a forward run of {py:mod}`lstmnotes.net`. For each weight
scale it gives the largest flow $\\max_{u,v} |\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)|$ against
$q$, the decay rate per step fitted to it, and the rate the paper's weak bound allows;
{py:func}`lstmnotes.decay.first_growing_bound` finds the first scale at which that bound allows growth.
The chapter's survey of such curves is {py:mod}`lstmnotes.decay.evidence_survey`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import finite_array
from lstmnotes.bounds import fprime_max, norm_pair
from lstmnotes.decay._limits import MAX_W_MAX, MAX_WORK, _count, _rng, _work
from lstmnotes.decay._rates import fitted_rate, geometric_mean
from lstmnotes.flow import (
    MAX_ONE_UNIT_NETS,
    MAX_STACKED_STEPS,
    largest_flows_by_lag,
)
from lstmnotes.net import random_weights, run_nets

__all__ = ["BURN_IN", "MAX_CURVE_NETS", "DecayCurve", "decay_curves", "first_growing_bound"]

Array = NDArray[np.float64]

BURN_IN: Final = 50
"""Steps a random net runs before the error is injected, so that the flow is measured on settled activity."""

MAX_CURVE_NETS: Final = 20_000
"""The most nets, ``len(w_max_values) * nets``, one call of {py:func}`decay_curves` draws, runs and
measures: besides its share of the arithmetic, each net costs some tenths of a millisecond of Python (its
draws, its run and its weak-bound factor)."""


@dataclass(frozen=True)
class DecayCurve:
    """The measured flow of random logistic nets at one weight scale, from {py:func}`decay_curves`."""

    w_max: float
    """Weights are uniform on $[-w_{max}, w_{max}]$."""
    n: int
    flows: Array
    """Shape ``(nets, q)``: the largest flow of each net at lags $1..q$."""
    flow: Array
    """The geometric mean over the nets at each lag."""
    rate: float
    """The decay factor per step fitted to ``flow``."""
    bound_rate: float
    """The geometric mean over the nets of $f'_{max}\\|W\\|_\\infty$: the per-step factor of the weak bound
    $n (f'_{max}\\|W\\|_A)^q$ with the paper's max-row-sum norm."""
    tau: float
    """The paper's $\\tau = n\\, w_{max}/4$ (a bound on the rate when $w_{max} < 4/n$)."""
    slope_max: float
    """The geometric mean over the nets of the largest slope $f'_{max}$ met on the way back."""
    weights: Array
    """Shape ``(nets, n, n)``: each net's weights."""
    starts: Array
    """Shape ``(nets, n)``: each net's initial activation."""

    @property
    def lags(self) -> Array:
        """$q = 1, \\dots$, one per column of ``flows``."""
        return np.arange(1, self.flows.shape[1] + 1, dtype=np.float64)

    @property
    def bound(self) -> Array:
        """The weak bound $n\\, b^q$ at each lag, $b$ = ``bound_rate``: ``inf`` where it exceeds float64
        (about $1.8 \\times 10^{308}$), and where it lies below the float range, 0 (or a subnormal)."""
        with np.errstate(over="ignore", under="ignore"):
            result: Array = self.n * self.bound_rate**self.lags
        return result

    @property
    def rates(self) -> Array:
        """The factor per step fitted to each single net's flow (one per row of ``flows``)."""
        return np.array([fitted_rate(row) for row in self.flows])


def decay_curves(
    w_max_values: Sequence[float],
    rng: np.random.Generator,
    *,
    n: int = 8,
    nets: int = 20,
    q: int = 40,
) -> tuple[DecayCurve, ...]:
    """Measure how the error flow of random logistic nets decays, at several weight scales.

    Each net has weights uniform on $[-w_{max}, w_{max}]$ and a random initial activation in $(0, 1)$, runs
    {py:data}`lstmnotes.decay.BURN_IN` steps plus $q$, and an error is followed back $q$ steps from the last one.

    All the nets of a call run side by side ({py:func}`lstmnotes.net.run_nets`,
    {py:func}`lstmnotes.flow.largest_flows_by_lag`), so a call is bounded by its total number of nets
    $K$ = ``len(w_max_values) * nets``, checked with the other sizes before anything is drawn.

    :param w_max_values: the weight scales, in $(0,$ {py:data}`lstmnotes.decay.MAX_W_MAX`$]$.
    :param rng: random generator for the weights and initial activations.
    :param n: units per net, 1 to 64.
    :param nets: nets per scale, 1 to 1000; $K$ at most {py:data}`lstmnotes.decay.MAX_CURVE_NETS` (and at most
        {py:data}`lstmnotes.flow.MAX_ONE_UNIT_NETS` for $n = 1$).
    :param q: lags to follow, 2 to 500; $K q$ at most {py:data}`lstmnotes.flow.MAX_STACKED_STEPS` and
        $K q n^3$ at most {py:data}`lstmnotes.decay.MAX_WORK`.
    :return: one curve per scale, in the order given.
    :raises TypeError: for a ``rng`` that is not a numpy ``Generator``, counts that are not integers or
        scales that are not real numbers.
    :raises ValueError: for bad counts or scales, a request beyond the limits above, a flow that
        underflows to zero (use fewer lags or larger weights), or, found once the nets have run, more
        than {py:data}`lstmnotes.flow.MAX_ROW_STEPS` steps whose slopes span more than $2^{900}$ within
        a net (saturated units beside unsaturated ones, at large ``w_max``) or a flow beyond float64, as
        {py:func}`lstmnotes.flow.largest_flows_by_lag` refuses them.

    ```pycon
    >>> (curve,) = decay_curves([1.0], np.random.default_rng(0), n=3, nets=2, q=5)
    >>> curve.flows.shape, bool(curve.rate < curve.bound_rate)
    ((2, 5), True)

    ```
    """
    rng = _rng(rng)
    n = _count(n, "n", 1, 64)
    nets = _count(nets, "nets", 1, 1000)
    q = _count(q, "q", 2, 500)
    if hasattr(w_max_values, "__len__") and not isinstance(w_max_values, str | bytes):
        _check_sizes(len(w_max_values), n, nets, q)  # before a long list or array is read
    scales = finite_array(w_max_values, "w_max_values", ndim=1)
    if scales.size == 0 or np.any(scales <= 0) or np.any(scales > MAX_W_MAX):
        raise ValueError(
            f"w_max_values must be a non-empty list of scales in (0, {MAX_W_MAX:g}], got {scales.tolist()[:8]}"
        )
    _check_sizes(scales.size, n, nets, q)
    pair = norm_pair("max-row-sum")
    # every net of every scale is drawn first, in the order of a net-by-net loop (weights, then start),
    # then all of them run side by side: the same numbers as one run_net and largest_flow_by_lag a net
    drawn = np.empty((scales.size, nets, n, n))
    begun = np.empty((scales.size, nets, n))
    for j, w_max in enumerate(scales):
        for k in range(nets):
            drawn[j, k] = random_weights(n, rng, w_max=float(w_max))
            begun[j, k] = rng.uniform(0.0, 1.0, size=n)
    runs = run_nets(drawn.reshape(-1, n, n), begun.reshape(-1, n), BURN_IN + q + 1)
    slopes = np.stack([run.fprime(run.steps, q) for run in runs])
    try:
        measured = largest_flows_by_lag(drawn.reshape(-1, n, n), slopes)
    except ValueError as err:  # the sizes were checked: what is left depends on the slopes met
        raise ValueError(
            f"the flow of these {scales.size * nets} nets (len(w_max_values) * nets) cannot be measured: "
            f"{err}; use fewer nets or lags, or smaller w_max_values"
        ) from None
    measured = measured.reshape(scales.size, nets, q)
    slopes = slopes.reshape(scales.size, nets, q, n)
    curves = []
    for j, w_max in enumerate(scales):
        flows, weights, starts = measured[j], drawn[j], begun[j]
        steepest = np.array([fprime_max(f, pair) for f in slopes[j]])
        bases = steepest * np.array([pair.matrix(W) for W in weights])
        if np.any(flows == 0):
            raise ValueError(f"the flow underflows to zero within {q} lags at w_max = {w_max:g}")
        flow = geometric_mean(flows)
        curves.append(
            DecayCurve(
                w_max=float(w_max),
                n=n,
                flows=flows,
                flow=flow,
                rate=fitted_rate(flow),
                bound_rate=float(np.exp(np.log(bases).mean())),
                tau=n * float(w_max) / 4.0,
                slope_max=float(np.exp(np.log(steepest).mean())),
                weights=weights,
                starts=starts,
            )
        )
    return tuple(curves)


def _check_sizes(scales: int, n: int, nets: int, q: int) -> None:
    """Refuse a call of {py:func}`decay_curves` whose total nets, steps or work exceed the limits, naming
    its arguments. The other size limits met on the way, those of {py:func}`lstmnotes.net.run_nets`
    ($K\\,(\\text{BURN\\_IN} + q + 1)\\,n^2$ at most {py:data}`lstmnotes.net.MAX_WORK`) and those of each
    net's flow in {py:mod}`lstmnotes.flow`, follow from these and the ranges of ``n`` and ``q`` (the tests
    check it)."""
    total = scales * nets
    if total > MAX_CURVE_NETS:
        raise ValueError(
            f"len(w_max_values) * nets = {total} exceeds the limit MAX_CURVE_NETS = {MAX_CURVE_NETS} "
            "nets a call: use fewer scales or nets"
        )
    if n == 1 and total > MAX_ONE_UNIT_NETS:
        raise ValueError(
            f"len(w_max_values) * nets = {total} exceeds the limit lstmnotes.flow.MAX_ONE_UNIT_NETS = "
            f"{MAX_ONE_UNIT_NETS} nets a call for n = 1: use fewer scales or nets"
        )
    if total * q > MAX_STACKED_STEPS:
        raise ValueError(
            f"len(w_max_values) * nets * q = {total * q} exceeds the limit "
            f"lstmnotes.flow.MAX_STACKED_STEPS = {MAX_STACKED_STEPS} steps a call: use fewer scales, "
            "nets or lags"
        )
    _work(total, q, n, "len(w_max_values) * nets * q * n^3")


def _most_scales(n: int, nets: int, q: int) -> int:
    """The most weight scales one call of {py:func}`decay_curves` with these ``n``, ``nets`` and ``q``
    admits (0 if not even one)."""
    most = min(
        MAX_CURVE_NETS // nets, MAX_STACKED_STEPS // (nets * q), MAX_WORK // (nets * q * n**3)
    )
    return min(most, MAX_ONE_UNIT_NETS // nets) if n == 1 else most


def first_growing_bound(curves: Sequence[DecayCurve]) -> float:
    """The smallest weight scale among ``curves`` whose weak-bound factor exceeds one.

    :param curves: from {py:func}`decay_curves`.
    :return: that scale.
    :raises TypeError: if an entry of ``curves`` is not a {py:class}`DecayCurve`.
    :raises ValueError: if no curve's bound grows.
    """
    if isinstance(curves, DecayCurve) or not all(isinstance(c, DecayCurve) for c in curves):
        raise TypeError("curves must be a sequence of DecayCurve, as decay_curves returns")
    growing = [c.w_max for c in curves if c.bound_rate > 1.0]
    if not growing:
        raise ValueError("no curve's weak-bound factor exceeds one")
    return min(growing)
