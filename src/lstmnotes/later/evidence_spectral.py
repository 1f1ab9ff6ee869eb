"""Counter-examples to the reading with the spectral radius $\\rho(W)$ in place of $\\sigma_{max}(W)$ (claim X6).

- {py:func}`spectral_radius_counterexample`: two logistic units with a nilpotent $W$ and slopes held
  constant (the fewest units), and tanh units at rest with a nilpotent shift;
- {py:func}`biased_fixed_point_counterexample`: a forward run of two logistic units with biases, started at
  an unstable fixed point;
- {py:func}`nilpotent_forward_counterexample`: bias-free nets of three units with $W^3 = 0$, run forward
  from random starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import choice, count, finite_scalar
from lstmnotes.activations import logistic, logistic_prime
from lstmnotes.decay import long_run_rate
from lstmnotes.flow import scaling_factor
from lstmnotes.later import (
    GAMMA,
    flow_norms,
    largest_singular_value,
    spectral_radius,
)
from lstmnotes.later._limits import _positive
from lstmnotes.net import run_net

__all__ = [
    "MAX_EXAMPLE_LAGS",
    "MAX_NILPOTENT_LAGS",
    "MAX_SETTLE",
    "MAX_SHIFT_UNITS",
    "MAX_STARTS",
    "NILPOTENT_NETS",
    "BiasedFixedPoint",
    "NilpotentRuns",
    "SpectralRadiusMisreading",
    "biased_fixed_point_counterexample",
    "nilpotent_forward_counterexample",
    "spectral_radius_counterexample",
]

Array = NDArray[np.float64]

MAX_EXAMPLE_LAGS: Final = 200
"""The most lags of the two-unit counter-examples of this module."""
MAX_SHIFT_UNITS: Final = 16
"""The most units of the shift in {py:func}`spectral_radius_counterexample`."""
MAX_STARTS: Final = 10_000
"""The most random starts of {py:func}`nilpotent_forward_counterexample`."""
MAX_NILPOTENT_LAGS: Final = 500
"""The most lags of {py:func}`nilpotent_forward_counterexample`."""
MAX_SETTLE: Final = 10_000
"""The most settling steps of {py:func}`nilpotent_forward_counterexample`."""


@dataclass(frozen=True)
class SpectralRadiusMisreading:
    """The reading with $\\rho(W)$ in place of $\\sigma_{max}(W)$, refuted by
    {py:func}`spectral_radius_counterexample`."""

    claim: str
    verdict: str
    summary: str
    weights: Array
    """$W = c \\begin{pmatrix} 1 & 1 \\\\ -1 & -1 \\end{pmatrix}$: $W^2 = 0$, so $\\rho(W) = 0$."""
    scale: float
    """$c$."""
    nilpotent: bool
    """Whether $W^2 = 0$ exactly, in floating point."""
    rho: float
    """$\\rho(W)$, computed from the eigenvalues: zero."""
    sigma_max: float
    """$\\sigma_{max}(W) = 2c$, above $1/\\gamma$: consistent with the correct condition."""
    nets: Array
    """The net inputs at which the two slopes are taken: $0$ (steepest) and a large one (saturated)."""
    slopes: Array
    """The constant slopes $\\sigma'$ at ``nets``: $1/4$ for the first unit, nearly zero for the second."""
    flow: Array
    """$\\|M_q\\|_2$ for $q = 1..$: it grows geometrically."""
    rate: float
    """$\\rho(F' W^{\\mathsf T}) = c\\,(f'_0 - f'_1)$: the per-step growth factor."""
    one_unit_gap: float
    """$\\max |\\sigma_{max} - \\rho|$ over one-unit nets $w \\in [-8, 8]$: zero, so one unit cannot separate the
    readings and two units are the fewest."""
    shift_weight: float
    """The superdiagonal weight of the realised examples (tanh units at rest)."""
    minimal_shift_flow: float
    """The flow of the smallest realised example, two tanh units at rest with $W = $ ``shift_weight``
    $e_1 e_2^{\\mathsf T}$, at lag one: above one although $\\rho(W) = 0$."""
    shift_weights: Array
    """A larger nilpotent shift of tanh units at rest: the flow grows for $n - 1$ steps, then is zero."""
    shift_flow: Array
    """$\\max |M_q|$ of the shift example, from a forward run at rest."""


def _shift_flow(units: int, weight: float) -> tuple[Array, Array]:
    """A nilpotent shift of tanh units run at rest: its weights and $\\max|M_q|$ for $q = 1..n$."""
    shift = np.diag(np.full(units - 1, weight), 1)
    run = run_net(shift, np.zeros(units), units + 1, "tanh")
    flows = np.array(
        [
            np.abs(scaling_factor(shift, run.fprime(run.steps, lag))).max()
            for lag in range(1, units + 1)
        ]
    )
    return shift, flows


def spectral_radius_counterexample(
    scale: float = 8.0,
    saturated_net: float = 12.0,
    q: int = 30,
    shift_units: int = 4,
    shift_weight: float = 2.0,
) -> SpectralRadiusMisreading:
    """Refute "$\\rho(W) < 1/\\gamma$ suffices for vanishing" with the smallest net: two logistic units.

    For one unit, $\\rho = \\sigma_{max} = |w|$ and the readings agree, so two units are the fewest that can
    separate them. $W = c\\,(\\begin{smallmatrix} 1 & 1 \\\\ -1 & -1 \\end{smallmatrix})$ is nilpotent, so
    $\\rho(W) = 0$. The condition's hypothesis only bounds the slopes, so hold them constant: the first unit
    at its steepest, $\\sigma'(0) = 1/4$, the second saturated, $\\sigma'$ at net input ``saturated_net``.
    Every step back multiplies the error by $F' W^{\\mathsf T}$, whose spectral radius is
    $c\\,(1/4 - \\sigma'(\\mathit{net}_1))$: the flow explodes once $c > 4$. (In the book's bias-free nets
    this $W$ gives both units net inputs of opposite sign and equal slopes; the slopes here are an input
    of the example, not the outcome of a run.) Realised in forward runs: tanh units at rest (every slope
    one) with a nilpotent shift; with two units the flow is ``shift_weight`` at lag one, and a larger
    shift lets it grow until the shift runs out.

    :param scale: $c$, positive.
    :param saturated_net: the net input of the saturated unit.
    :param q: lags, 2 to {py:data}`MAX_EXAMPLE_LAGS`.
    :param shift_units: size of the larger shift example, 2 to {py:data}`MAX_SHIFT_UNITS`.
    :param shift_weight: the weight on the shift's superdiagonal, positive.
    :return: the refutation with its evidence; its verdict is ``"false as stated"`` when an example with
        $\\gamma\\rho(W) < 1$ has a flow norm above one, and ``"not checkable"`` when none does.
    :raises TypeError: for arguments that are not numbers (counts: not integers).
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> r = spectral_radius_counterexample()
    >>> r.verdict, r.nilpotent, r.minimal_shift_flow, r.shift_flow.tolist()
    ('false as stated', True, 2.0, [2.0, 4.0, 8.0, 0.0])

    ```
    """
    scale, saturated_net = _positive(scale, "scale"), finite_scalar(saturated_net, "saturated_net")
    q = count(q, "q", minimum=2, maximum=MAX_EXAMPLE_LAGS)
    shift_units = count(shift_units, "shift_units", minimum=2, maximum=MAX_SHIFT_UNITS)
    shift_weight = _positive(shift_weight, "shift_weight")
    gamma = GAMMA["logistic"]
    W = scale * np.array([[1.0, 1.0], [-1.0, -1.0]])
    nets = np.array([0.0, float(saturated_net)])
    slopes = np.asarray(logistic_prime(nets), dtype=np.float64)
    try:
        norms = flow_norms(W, np.tile(slopes, (q, 1)))
    except ValueError as err:  # the flow itself leaves float64
        raise ValueError(
            f"scale = {scale:g} over q = {q} lags puts the flow beyond float64 ({err})"
        ) from None
    rate = spectral_radius(np.diag(slopes) @ W.T)
    rho = spectral_radius(W)
    one_unit = np.linspace(-8.0, 8.0, 33)
    gap = max(abs(largest_singular_value([[w]]) - spectral_radius([[w]])) for w in one_unit)
    try:
        minimal, minimal_flow = _shift_flow(2, shift_weight)
        shift, shift_flow = _shift_flow(shift_units, shift_weight)
    except ValueError as err:
        raise ValueError(
            f"shift_weight = {shift_weight:g} puts the shift's flow beyond float64 ({err})"
        ) from None
    gamma_tanh = GAMMA["tanh"]
    nilpotent = bool(np.all(W @ W == 0))
    grows = bool(gamma * rho < 1 and norms[-1] > 1 and np.all(np.diff(norms) > 0))
    realised = bool(gamma_tanh * spectral_radius(minimal) < 1 and minimal_flow[0] > 1)
    refuted = grows or realised
    summary = (
        f"Two units are the fewest (for one unit rho = sigma_max, largest gap {gap:g}). "
        f"W = {scale:g} * [[1, 1], [-1, -1]] has rho(W) = {rho:g} < 1/gamma = {1 / gamma:g}; with the "
        f"slopes held at sigma'({nets[0]:g}) = {slopes[0]:g} and sigma'({nets[1]:g}) = {slopes[1]:.3g} the "
        f"flow norm grows by a factor {rate:.4g} a step and reaches {norms[-1]:.3g} at q = {q}"
        f"{'' if grows else ' (it does not grow: no counter-example)'}; sigma_max(W) = "
        f"{largest_singular_value(W):g}. Realised in forward runs: two tanh units at rest with weight "
        f"{shift_weight:g} from the second to the first have rho = {spectral_radius(minimal):g} and flow "
        f"{minimal_flow[0]:g} at lag 1; a {shift_units}-unit shift has flows {shift_flow.tolist()}."
    )
    return SpectralRadiusMisreading(
        claim="spectral-radius reading of Pascanu et al. (2013): rho(W) < 1/gamma suffices for vanishing",
        verdict="false as stated" if refuted else "not checkable",
        summary=summary,
        weights=W,
        scale=float(scale),
        nilpotent=nilpotent,
        rho=rho,
        sigma_max=largest_singular_value(W),
        nets=nets,
        slopes=slopes,
        flow=norms,
        rate=rate,
        one_unit_gap=float(gap),
        shift_weight=float(shift_weight),
        minimal_shift_flow=float(minimal_flow[0]),
        shift_weights=shift,
        shift_flow=shift_flow,
    )


@dataclass(frozen=True)
class BiasedFixedPoint:
    """A forward run of two logistic units with biases, $\\rho(W) = 0$, whose flow grows, from
    {py:func}`biased_fixed_point_counterexample`."""

    weights: Array
    """$W = c \\begin{pmatrix} 1 & 1 \\\\ -1 & -1 \\end{pmatrix}$, nilpotent."""
    biases: Array
    """$b_1 = -c(1/2 + \\sigma(s))$, $b_2 = s + c(1/2 + \\sigma(s))$: they make $y^*$ a fixed point."""
    fixed_point: Array
    """$y^* = (1/2, \\sigma(s))$, with net inputs $(0, s)$."""
    nets: Array
    """The net inputs at the fixed point, $(0, s)$."""
    slopes: Array
    """The slopes at the fixed point, $(1/4, \\sigma'(s))$."""
    rho: float
    """$\\rho(W)$, computed: zero."""
    flow: Array
    """$\\|M_q\\|_2$ of the run started at $y^*$, $q = 1..$, from the run's own slopes."""
    rate: float
    """The growth factor per step fitted to ``flow`` (zero if the flow reaches exactly zero)."""
    drift: float
    """The largest $|y(t) - y^*|$ over the steps the flow uses."""
    stays: int
    """The number of steps the run stays within ``tolerance`` of $y^*$ in floating point (the fixed point
    is unstable, so rounding errors grow)."""
    tolerance: float


def biased_fixed_point_counterexample(
    scale: float = 8.0, saturated_net: float = 12.0, q: int = 30, tolerance: float = 1e-6
) -> BiasedFixedPoint:
    """A forward run in which the spectral-radius reading fails: two logistic units with biases at a fixed point.

    With $W = c\\,(\\begin{smallmatrix} 1 & 1 \\\\ -1 & -1 \\end{smallmatrix})$ ($\\rho(W) = 0$) and the
    biases of {py:class}`BiasedFixedPoint`, $y^* = (1/2, \\sigma(s))$ is a fixed point with net inputs
    $(0, s)$, so a run started there has the slopes $(1/4, \\sigma'(s))$ at every step, and each step back
    multiplies the error by $F' W^{\\mathsf T}$, of spectral radius $c\\,(1/4 - \\sigma'(s))$. The run uses
    {py:func}`lstmnotes.net.run_net` with the biases ``b`` for $q + 1$ steps; how long it stays at the (unstable)
    fixed point is measured over up to 10000 steps.

    :param scale: $c$, positive.
    :param saturated_net: $s$, the second unit's net input.
    :param q: lags, 2 to {py:data}`MAX_EXAMPLE_LAGS`.
    :param tolerance: the distance from $y^*$ that counts as leaving it, positive.
    :return: the example.
    :raises TypeError: for arguments that are not numbers (counts: not integers).
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> e = biased_fixed_point_counterexample(q=5)
    >>> bool(e.rho < 1e-12), bool(e.flow[-1] > 1), bool(e.drift < 1e-12)
    (True, True, True)

    ```
    """
    scale, saturated_net = _positive(scale, "scale"), finite_scalar(saturated_net, "saturated_net")
    q = count(q, "q", minimum=2, maximum=MAX_EXAMPLE_LAGS)
    tolerance = _positive(tolerance, "tolerance")
    W = scale * np.array([[1.0, 1.0], [-1.0, -1.0]])
    high = float(logistic(saturated_net))
    y_star = np.array([0.5, high])
    b = np.array([-scale * (0.5 + high), saturated_net + scale * (0.5 + high)])
    run = run_net(W, y_star, q + 1, "logistic", b=b)
    nets, ys = run.nets, run.activations
    slopes = np.asarray(logistic_prime(nets), dtype=np.float64)
    fprime = slopes[q - 1 :: -1][:q].copy()  # rows: times q, q-1, ..., 1 back from t = q + 1
    flow = flow_norms(W, fprime)
    # a flow that reaches exactly zero has no geometric rate: report 0 (it has vanished)
    rate = (
        float(np.exp(np.polyfit(np.arange(1, q + 1), np.log(flow), 1)[0]))
        if np.all(flow > 0)
        else 0.0
    )
    long_ys = run_net(W, y_star, 10_000, "logistic", b=b).activations
    away = np.flatnonzero(np.max(np.abs(long_ys - y_star), axis=1) > tolerance)
    return BiasedFixedPoint(
        weights=W,
        biases=b,
        fixed_point=y_star,
        nets=np.array([0.0, float(saturated_net)]),
        slopes=np.asarray(logistic_prime(np.array([0.0, float(saturated_net)])), dtype=np.float64),
        rho=spectral_radius(W),
        flow=flow,
        rate=rate,
        drift=float(np.max(np.abs(ys - y_star))),
        stays=int(away[0]) - 1 if away.size else 10_000,
        tolerance=float(tolerance),
    )


NILPOTENT_NETS: Final = {
    "tanh": ((4, 0, -2), (-2, -2, 1), (4, -4, -2)),
    "logistic": ((-2, 5, 4), (-10, 10, 5), (4, -10, -8)),
}
"""Integer weights of three units, without biases, with $W^3 = 0$ exactly (so $\\rho(W) = 0$), whose
forward runs from random starts have a growing error flow ({py:func}`nilpotent_forward_counterexample`)."""


@dataclass(frozen=True)
class NilpotentRuns:
    """Bias-free forward runs of a nilpotent $W$ from random starts, from
    {py:func}`nilpotent_forward_counterexample`."""

    activation: str
    weights: Array
    power: int
    """The smallest $k$ with $W^k = 0$, computed exactly in integers (0 if $W^k \\ne 0$ up to $k = n$)."""
    rho: float
    """$\\rho(W)$ in floating point (zero to rounding)."""
    sigma_max: float
    gamma: float
    q: int
    settle: int
    norms: Array
    """$\\|M_q\\|_2$ of each random start after ``settle`` settling steps."""
    long_rates: Array
    """The long-run factor per step ({py:func}`lstmnotes.decay.long_run_rate`) of the first few starts."""

    @property
    def growing(self) -> int:
        """How many starts have $\\|M_q\\|_2 > 1$."""
        return int(np.sum(self.norms > 1.0))


def nilpotent_forward_counterexample(
    activation: str,
    *,
    starts: int = 200,
    q: int = 30,
    settle: int = 50,
    long_starts: int = 4,
    seed: int = 0,
) -> NilpotentRuns:
    """Bias-free nets with $\\rho(W) = 0$ whose error flow grows in forward runs from random starts.

    The weights are {py:data}`NILPOTENT_NETS`; their nilpotency is checked in exact integer arithmetic. Each
    start is uniform on the activation's range ($(-1, 1)^n$ for tanh, $(0, 1)^n$ for the logistic), runs
    ``settle`` steps plus $q + 1$ with {py:func}`lstmnotes.net.run_net`, and $\\|M_q\\|_2$ is taken from
    the run's own slopes. The first ``long_starts`` starts are also followed for a long run.

    :param activation: ``"tanh"`` or ``"logistic"``.
    :param starts: random starts, 1 to {py:data}`MAX_STARTS`.
    :param q: lags, 1 to {py:data}`MAX_NILPOTENT_LAGS`.
    :param settle: settling steps, 0 to {py:data}`MAX_SETTLE`.
    :param long_starts: starts followed for the long-run factor, 0 to ``starts``.
    :param seed: seed of the starts, a non-negative integer.
    :return: the runs.
    :raises TypeError: for an activation that is not a string or counts that are not integers.
    :raises ValueError: for an unknown activation or counts outside their limits.

    ```pycon
    >>> r = nilpotent_forward_counterexample("logistic", starts=5, long_starts=0)
    >>> r.power, bool(r.gamma * r.rho < 1), r.growing
    (3, True, 5)

    ```
    """
    activation = choice(activation, "activation", sorted(NILPOTENT_NETS))
    starts = count(starts, "starts", minimum=1, maximum=MAX_STARTS)
    q = count(q, "q", minimum=1, maximum=MAX_NILPOTENT_LAGS)
    settle = count(settle, "settle", minimum=0, maximum=MAX_SETTLE)
    long_starts = count(long_starts, "long_starts", minimum=0, maximum=starts)
    seed = count(seed, "seed", minimum=0)
    exact = np.array(NILPOTENT_NETS[activation], dtype=np.int64)
    n = exact.shape[0]
    power, product = 0, np.eye(n, dtype=np.int64)
    for k in range(1, n + 1):
        product = product @ exact
        if not product.any():
            power = k
            break
    W = exact.astype(np.float64)
    low = -1.0 if activation == "tanh" else 0.0
    rng = np.random.default_rng(seed)
    y0s = rng.uniform(low, 1.0, size=(starts, n))
    norms = np.empty(starts)
    for k, y0 in enumerate(y0s):
        run = run_net(W, y0, settle + q + 1, activation)
        norms[k] = np.linalg.norm(scaling_factor(W, run.fprime(run.steps, q)), 2)
    return NilpotentRuns(
        activation=activation,
        weights=W,
        power=power,
        rho=spectral_radius(W),
        sigma_max=largest_singular_value(W),
        gamma=GAMMA[activation],
        q=q,
        settle=settle,
        norms=norms,
        long_rates=np.array(
            [long_run_rate(W, y0, activation=activation) for y0 in y0s[:long_starts]]
        ),
    )
