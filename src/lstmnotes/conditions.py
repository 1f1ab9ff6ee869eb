"""The later conditions of Pascanu, Mikolov and Bengio (2013), checked on random nets, and a misreading refuted.

With the slopes bounded, $\\|\\operatorname{diag}(f')\\| \\le \\gamma$ ($\\gamma = 1/4$ for the logistic, $1$
for tanh), each step back multiplies the error by $F'(t-m)\\, W^{\\mathsf T}$, whose spectral norm is at most
$\\gamma\\, \\sigma_{max}(W)$ {cite:p}`pascanu2013difficulty`. Hence:

- **sufficient for vanishing**: $\\sigma_{max}(W) < 1/\\gamma$ gives
  $\\|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)\\|_2 \\le (\\gamma\\,\\sigma_{max})^q \\to 0$;
- **necessary for exploding**: a flow of norm above one at any lag needs $\\sigma_{max}(W) > 1/\\gamma$.

{py:func}`vanishing_condition_check` and {py:func}`exploding_condition_check` test both on random nets,
with the flow from {py:mod}`lstmnotes.flow`. {py:func}`spectral_radius_counterexample` refutes the reading
with the spectral radius $\\rho(W)$ in place of $\\sigma_{max}(W)$, and {py:func}`threshold_relation`
relates Hochreiter's 4.0 to $1/\\gamma$.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._checks import square_matrix
from lstmnotes.activations import LOGISTIC_PRIME_MAX, logistic_prime
from lstmnotes.flow import scaling_factor
from lstmnotes.net import run_net

__all__ = [
    "GAMMA",
    "ConditionCheck",
    "SpectralRadiusMisreading",
    "ThresholdRelation",
    "exploding_condition_check",
    "flow_norms",
    "largest_singular_value",
    "spectral_radius",
    "spectral_radius_counterexample",
    "threshold_relation",
    "vanishing_condition_check",
]

Array = NDArray[np.float64]

GAMMA: Final = {"logistic": LOGISTIC_PRIME_MAX, "tanh": 1.0}
"""The largest slope $\\gamma$ of each activation: $1/4$ for the logistic, $1$ for tanh."""

_BURN_IN: Final = 100


def largest_singular_value(W: ArrayLike) -> float:
    """$\\sigma_{max}(W) = \\|W\\|_2$, the largest singular value.

    :param W: a square matrix.
    :return: its largest singular value.
    :raises ValueError: for a non-square or non-finite matrix.

    ```pycon
    >>> largest_singular_value([[0.0, 2.0], [0.0, 0.0]])
    2.0

    ```
    """
    return float(np.linalg.norm(square_matrix(W, "W"), 2))


def spectral_radius(W: ArrayLike) -> float:
    """$\\rho(W) = \\max |\\lambda_i(W)|$, the largest modulus of an eigenvalue.

    :param W: a square matrix.
    :return: its spectral radius.
    :raises ValueError: for a non-square or non-finite matrix.

    ```pycon
    >>> spectral_radius([[0.0, 2.0], [0.0, 0.0]])
    0.0

    ```
    """
    return float(np.max(np.abs(np.linalg.eigvals(square_matrix(W, "W")))))


def flow_norms(W: ArrayLike, fprime: ArrayLike) -> Array:
    """The spectral norm of the whole flow matrix at every lag, $\\|M_{q'}\\|_2$ for $q' = 1..q$.

    ``M`` is {py:func}`lstmnotes.flow.scaling_factor` with the first $q'$ rows of ``fprime``.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :return: an array of length $q$.
    :raises ValueError: as {py:func}`lstmnotes.flow.scaling_factor`.

    ```pycon
    >>> flow_norms(2 * np.eye(2), np.full((3, 2), 0.25)).tolist()
    [0.5, 0.25, 0.125]

    ```
    """
    slopes = np.asarray(fprime, dtype=np.float64)
    if slopes.ndim != 2:
        raise ValueError(f"fprime must be 2-D, got shape {slopes.shape}")
    return np.array(
        [
            np.linalg.norm(scaling_factor(W, slopes[:lag]), 2)
            for lag in range(1, slopes.shape[0] + 1)
        ]
    )


def _activation(name: str) -> float:
    if name not in GAMMA:
        raise ValueError(f"activation must be one of {sorted(GAMMA)}, got {name!r}")
    return GAMMA[name]


def _counts(n: int, nets: int, q: int) -> None:
    for name, value, high in (("n", n, 32), ("nets", nets, 2000), ("q", q, 200)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
        if not 1 <= value <= high:
            raise ValueError(f"{name} must be between 1 and {high}, got {value}")


def _random_net(
    rng: np.random.Generator, n: int, activation: str, sigma: float, q: int
) -> tuple[Array, Array]:
    """A random net scaled to a given largest singular value, run to settle; its weights and slopes."""
    W = rng.normal(size=(n, n))
    W *= sigma / np.linalg.norm(W, 2)
    start = rng.normal(scale=0.1, size=n) if activation == "tanh" else rng.uniform(0, 1, size=n)
    run = run_net(W, start, _BURN_IN + q + 1, activation)
    return W, run.fprime(run.steps, q)


@dataclass(frozen=True)
class ConditionCheck:
    """One of Pascanu et al.'s conditions checked on random nets."""

    claim: str
    verdict: str
    summary: str
    activation: str
    gamma: float
    nets: int
    q: int
    """The last lag followed."""
    drawn: tuple[float, float]
    """The interval from which each net's $\\gamma\\,\\sigma_{max}(W)$ was drawn."""
    sigma_gamma: Array
    """$\\gamma\\,\\sigma_{max}(W)$ of each net."""
    rho_gamma: Array
    """$\\gamma\\,\\rho(W)$ of each net."""
    final_norm: Array
    """$\\|M_q\\|_2$ of each net at the last lag."""
    worst_ratio: float
    """$\\max_{\\text{nets}, q'} \\|M_{q'}\\|_2 / (\\gamma\\sigma_{max})^{q'}$: at most one if the bound holds."""

    @property
    def exploding(self) -> int:
        """How many nets ended with $\\|M_q\\|_2 > 1$."""
        return int(np.sum(self.final_norm > 1.0))

    @property
    def large_but_not_exploding(self) -> int:
        """How many nets had $\\gamma\\sigma_{max} > 1$ and still did not explode."""
        return int(np.sum((self.final_norm <= 1.0) & (self.sigma_gamma > 1.0)))

    @property
    def exploding_with_small_radius(self) -> int:
        """How many exploding nets had $\\gamma\\,\\rho(W) < 1$: natural counter-examples to the
        spectral-radius reading."""
        return int(np.sum((self.final_norm > 1.0) & (self.rho_gamma < 1.0)))


def vanishing_condition_check(
    rng: np.random.Generator,
    *,
    activation: str = "logistic",
    n: int = 8,
    nets: int = 100,
    q: int = 40,
    low: float = 0.3,
) -> ConditionCheck:
    """Check "$\\sigma_{max}(W) < 1/\\gamma$ suffices for vanishing" on random nets.

    Each net's weights are scaled so that $\\gamma\\,\\sigma_{max}(W)$ is uniform on $[$``low``$, 1)$; the net
    runs to settle, and $\\|M_{q'}\\|_2$ is compared with $(\\gamma\\,\\sigma_{max})^{q'}$ at every lag.

    :param rng: random generator.
    :param activation: ``"logistic"`` or ``"tanh"``.
    :param n: units, 1 to 32.
    :param nets: how many nets, 1 to 2000.
    :param q: lags, 1 to 200.
    :param low: the smallest $\\gamma\\sigma_{max}$ drawn, in $(0, 1)$.
    :return: the check; its verdict is ``"holds"`` if no net exceeds the bound.
    :raises ValueError: for a bad activation, count or ``low``.

    ```pycon
    >>> c = vanishing_condition_check(np.random.default_rng(0), nets=3, q=5)
    >>> c.verdict, bool(c.worst_ratio <= 1)
    ('holds', True)

    ```
    """
    gamma = _activation(activation)
    _counts(n, nets, q)
    if not 0 < low < 1:
        raise ValueError(f"low must be in (0, 1), got {low}")
    sig, rho, final, worst = np.empty(nets), np.empty(nets), np.empty(nets), 0.0
    for k in range(nets):
        W, fprime = _random_net(rng, n, activation, rng.uniform(low, 1.0) / gamma, q)
        norms = flow_norms(W, fprime)
        sig[k], rho[k], final[k] = (
            gamma * largest_singular_value(W),
            gamma * spectral_radius(W),
            norms[-1],
        )
        worst = max(worst, float(np.max(norms / sig[k] ** np.arange(1, q + 1))))
    holds = worst <= 1.0 + 1e-9
    summary = (
        f"{nets} random {activation} nets (n = {n}) with gamma * sigma_max(W) in [{low:g}, 1): the flow "
        f"norm ||M_q||_2 {'never exceeded' if holds else 'exceeded'} (gamma sigma_max)^q (largest ratio "
        f"{worst:.3g}); at q = {q} the "
        f"largest norm was {final.max():.3g}."
    )
    return ConditionCheck(
        claim="Pascanu et al. (2013): sigma_max(W) < 1/gamma suffices for vanishing",
        verdict="holds" if holds else "false as stated",
        summary=summary,
        activation=activation,
        gamma=gamma,
        nets=nets,
        q=q,
        drawn=(low, 1.0),
        sigma_gamma=sig,
        rho_gamma=rho,
        final_norm=final,
        worst_ratio=worst,
    )


def exploding_condition_check(
    rng: np.random.Generator,
    *,
    activation: str = "tanh",
    n: int = 8,
    nets: int = 200,
    q: int = 30,
    high: float = 3.0,
) -> ConditionCheck:
    """Check "$\\sigma_{max}(W) > 1/\\gamma$ is necessary for exploding" on random nets.

    Each net's $\\gamma\\,\\sigma_{max}(W)$ is uniform on $[0.5,$ ``high``$]$. A net *explodes* if
    $\\|M_q\\|_2 > 1$ at the last lag. The condition is necessary if every exploding net has
    $\\gamma\\,\\sigma_{max} > 1$; nets with $\\gamma\\,\\sigma_{max} > 1$ that do not explode show it is not
    sufficient.

    :param rng: random generator.
    :param activation: ``"tanh"`` or ``"logistic"``.
    :param n: units, 1 to 32.
    :param nets: how many nets, 1 to 2000.
    :param q: lags, 1 to 200.
    :param high: the largest $\\gamma\\sigma_{max}$ drawn, above 1.
    :return: the check; its verdict is ``"holds"`` if no exploding net has $\\gamma\\sigma_{max} \\le 1$.
    :raises ValueError: for a bad activation, count or ``high``.

    ```pycon
    >>> c = exploding_condition_check(np.random.default_rng(0), nets=5, q=5)
    >>> c.verdict
    'holds'

    ```
    """
    gamma = _activation(activation)
    _counts(n, nets, q)
    if not 1 < high <= 100:
        raise ValueError(f"high must be in (1, 100], got {high}")
    sig, rho, final, worst = np.empty(nets), np.empty(nets), np.empty(nets), 0.0
    for k in range(nets):
        W, fprime = _random_net(rng, n, activation, rng.uniform(0.5, high) / gamma, q)
        norms = flow_norms(W, fprime)
        sig[k], rho[k], final[k] = (
            gamma * largest_singular_value(W),
            gamma * spectral_radius(W),
            norms[-1],
        )
        worst = max(worst, float(np.max(norms / sig[k] ** np.arange(1, q + 1))))
    exploding = final > 1.0
    holds = bool(np.all(sig[exploding] > 1.0))
    below = int(np.sum(exploding & (rho < 1.0)))
    summary = (
        f"{nets} random {activation} nets (n = {n}) with gamma * sigma_max(W) in [0.5, {high:g}]: "
        f"{int(exploding.sum())} had ||M_{q}||_2 > 1, "
        f"{'every one' if holds else f'{int(np.sum(sig[exploding] <= 1.0))} of them not'} with "
        f"gamma * sigma_max > 1 (smallest "
        f"{sig[exploding].min() if exploding.any() else float('nan'):.3g}); "
        f"{int(np.sum(~exploding & (sig > 1)))} nets with gamma * sigma_max > 1 did not explode "
        f"(necessary, not sufficient). {below} of the exploding nets had gamma * rho(W) < 1."
    )
    return ConditionCheck(
        claim="Pascanu et al. (2013): sigma_max(W) > 1/gamma is necessary for exploding",
        verdict="holds" if holds else "false as stated",
        summary=summary,
        activation=activation,
        gamma=gamma,
        nets=nets,
        q=q,
        drawn=(0.5, high),
        sigma_gamma=sig,
        rho_gamma=rho,
        final_norm=final,
        worst_ratio=worst,
    )


@dataclass(frozen=True)
class SpectralRadiusMisreading:
    """The reading with $\\rho(W)$ in place of $\\sigma_{max}(W)$, refuted by
    {py:func}`spectral_radius_counterexample`."""

    claim: str
    verdict: str
    summary: str
    weights: Array
    """$W = c \\begin{pmatrix} 1 & 1 \\\\ -1 & -1 \\end{pmatrix}$: $W^2 = 0$, so $\\rho(W) = 0$."""
    nilpotent: bool
    """Whether $W^2 = 0$ exactly, in floating point."""
    sigma_max: float
    """$\\sigma_{max}(W) = 2c$, above $1/\\gamma$: consistent with the correct condition."""
    slopes: Array
    """The constant slopes: $\\sigma'(0) = 1/4$ for unit 0 and a saturated unit 1."""
    flow: Array
    """$\\|M_q\\|_2$ for $q = 1..$: it grows geometrically."""
    rate: float
    """$\\rho(F' W^{\\mathsf T}) = c\\,(f'_0 - f'_1)$: the per-step growth factor."""
    shift_weights: Array
    """A nilpotent shift matrix of tanh units at rest: the flow grows for $n - 1$ steps, then is zero."""
    shift_flow: Array
    """$\\max |M_q|$ of the shift example, from a forward run at rest."""


def spectral_radius_counterexample(
    scale: float = 8.0, saturated_net: float = 12.0, q: int = 30, shift_units: int = 4
) -> SpectralRadiusMisreading:
    """Refute "$\\rho(W) < 1/\\gamma$ suffices for vanishing" with the smallest net: two logistic units.

    For one unit, $\\rho = \\sigma_{max} = |w|$ and the readings agree, so two units are the fewest that can
    separate them. $W = c\\,(\\begin{smallmatrix} 1 & 1 \\\\ -1 & -1 \\end{smallmatrix})$ is nilpotent, so
    $\\rho(W) = 0$, yet with unit 0 at its steepest slope and unit 1 saturated, every step back multiplies
    the error by $F' W^{\\mathsf T}$, whose spectral radius is $c\\,(1/4 - \\sigma'(\\mathit{net}_1)) \\approx 2$:
    the flow explodes. A second, realised example: tanh units at rest with a nilpotent shift matrix, whose
    flow grows until the shift runs out.

    :param scale: $c$, positive.
    :param saturated_net: the net input of the saturated unit.
    :param q: lags, 2 to 200.
    :param shift_units: size of the shift example, 2 to 16; its superdiagonal is 2.
    :return: the refutation with its evidence.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> r = spectral_radius_counterexample()
    >>> r.verdict, r.nilpotent, r.shift_flow[:4].tolist()
    ('false as stated', True, [2.0, 4.0, 8.0, 0.0])

    ```
    """
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be positive, got {scale}")
    if not np.isfinite(saturated_net):
        raise ValueError(f"saturated_net must be finite, got {saturated_net}")
    if not 2 <= q <= 200:
        raise ValueError(f"q must be between 2 and 200, got {q}")
    if not 2 <= shift_units <= 16:
        raise ValueError(f"shift_units must be between 2 and 16, got {shift_units}")
    W = scale * np.array([[1.0, 1.0], [-1.0, -1.0]])
    slopes = np.array([LOGISTIC_PRIME_MAX, float(logistic_prime(saturated_net))])
    norms = flow_norms(W, np.tile(slopes, (q, 1)))
    rate = spectral_radius(np.diag(slopes) @ W.T)
    shift = np.diag(np.full(shift_units - 1, 2.0), 1)
    run = run_net(shift, np.zeros(shift_units), shift_units + 1, "tanh")
    shift_flow = np.array(
        [
            np.abs(scaling_factor(shift, run.fprime(run.steps, lag))).max()
            for lag in range(1, shift_units + 1)
        ]
    )
    nilpotent = bool(np.all(W @ W == 0))
    grows = bool(norms[-1] > 1 and np.all(np.diff(norms) > 0))
    summary = (
        f"W = {scale:g} * [[1, 1], [-1, -1]] has W^2 = 0 exactly, so rho(W) = 0 < 4 = 1/gamma, yet with "
        f"slopes {slopes[0]:g} and {slopes[1]:.3g} the flow norm grows by a factor {rate:.4g} a step and "
        f"reaches {norms[-1]:.3g} at q = {q}; sigma_max(W) = {largest_singular_value(W):g} > 4, as the "
        f"correct condition requires. Realised in a forward run: tanh units at rest with a nilpotent "
        f"{shift_units}x{shift_units} shift of weight 2 have rho = 0 < 1 and flows "
        f"{shift_flow.tolist()} at q = 1..{shift_units}."
    )
    return SpectralRadiusMisreading(
        claim="spectral-radius reading of Pascanu et al. (2013): rho(W) < 1/gamma suffices for vanishing",
        verdict="false as stated" if nilpotent and grows else "holds",
        summary=summary,
        weights=W,
        nilpotent=nilpotent,
        sigma_max=largest_singular_value(W),
        slopes=slopes,
        flow=norms,
        rate=rate,
        shift_weights=shift,
        shift_flow=shift_flow,
    )


@dataclass(frozen=True)
class ThresholdRelation:
    """Hochreiter's 4.0 and Pascanu et al.'s $1/\\gamma$, from {py:func}`threshold_relation`."""

    gamma: float
    threshold: float
    """$1/\\gamma$ for the logistic: 4.0, the paper's bound on $|w|$ and on $\\|W\\|_A$."""
    column: tuple[float, float, float]
    """$(\\|W\\|_\\infty, \\sigma_{max}, \\|M_q\\|_2)$ for a net whose max-row-sum is below 4 but whose
    largest singular value is above (all weights in one column)."""
    row: tuple[float, float, float]
    """The same for a net with $\\sigma_{max} < 4 < \\|W\\|_\\infty$ (all weights in one row)."""
    lag: int
    units: int


def threshold_relation(*, units: int = 4, value: float = 3.9, lag: int = 40) -> ThresholdRelation:
    """Relate the paper's 4.0 to $1/\\gamma$, and compare the two norms that each set of authors bounds.

    For the logistic $\\gamma = \\max\\sigma' = 1/4$, so $1/\\gamma = 4.0$: the paper's per-weight condition
    $|w| < 4.0$ and its weak bound's $\\|W\\|_A < 4.0$ use the same constant as $\\sigma_{max}(W) < 1/\\gamma$.
    For one unit the three conditions coincide. For more units the norms differ and neither condition implies
    the other: with all weights $a$ in one column, $\\|W\\|_\\infty = a$ but $\\sigma_{max} = a\\sqrt{n}$; with
    all weights in one row, the reverse. Both example nets vanish at the steepest slopes $1/4$.

    :param units: $n$, 2 to 64.
    :param value: the weight $a$ of the column example, in $(0, 4)$; the row example uses $a/\\sqrt{n}$,
        so that its $\\sigma_{max}$ is $a$ and its max-row-sum $a\\sqrt{n}$.
    :param lag: the lag at which the flow norm is reported, 1 to 200.
    :return: the relation with the two examples.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> t = threshold_relation()
    >>> t.threshold, t.column[0] < 4 < t.column[1], t.row[1] < 4 < t.row[0]
    (4.0, True, True)

    ```
    """
    if not 2 <= units <= 64:
        raise ValueError(f"units must be between 2 and 64, got {units}")
    if not (np.isfinite(value) and 0 < value < 4):
        raise ValueError(f"value must be in (0, 4), got {value}")
    if not 1 <= lag <= 200:
        raise ValueError(f"lag must be between 1 and 200, got {lag}")
    gamma = GAMMA["logistic"]
    slopes = np.full((lag, units), gamma)
    column, row = np.zeros((units, units)), np.zeros((units, units))
    column[:, 0] = value  # one weight per row: max row sum a, largest singular value a sqrt(n)
    row[0, :] = value / np.sqrt(units)  # n weights in one row: the reverse
    examples = (column, row)
    out = [
        (
            float(np.max(np.abs(W).sum(axis=1))),
            largest_singular_value(W),
            float(flow_norms(W, slopes)[-1]),
        )
        for W in examples
    ]
    return ThresholdRelation(gamma, 1.0 / gamma, out[0], out[1], lag, units)
