"""The later conditions of Pascanu, Mikolov and Bengio (2013), checked on random nets, and a misreading refuted.

With the slopes bounded, $\\|\\operatorname{diag}(f')\\| \\le \\gamma$ ($\\gamma = 1/4$ for the logistic, $1$
for tanh), each step back multiplies the error by $F'(t-m)\\, W^{\\mathsf T}$, whose spectral norm is at most
$\\gamma\\, \\sigma_{max}(W)$ {cite:p}`pascanu2013difficulty`. Hence:

- **sufficient for vanishing**: $\\sigma_{max}(W) < 1/\\gamma$ gives
  $\\|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)\\|_2 \\le (\\gamma\\,\\sigma_{max})^q \\to 0$;
- **necessary for exploding**: a flow of norm above one at any lag needs $\\sigma_{max}(W) > 1/\\gamma$.

{py:func}`vanishing_condition_check` and {py:func}`exploding_condition_check` test both on random nets,
with the flow from {py:mod}`lstmnotes.flow`. {py:func}`spectral_radius_counterexample` refutes the reading
with the spectral radius $\\rho(W)$ in place of $\\sigma_{max}(W)$ (with held slopes, tanh units at rest, and a
forward run of logistic units with biases, {py:func}`biased_fixed_point_counterexample`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import square_matrix
from lstmnotes.activations import LOGISTIC_PRIME_MAX, logistic, logistic_prime
from lstmnotes.flow import scaling_factor
from lstmnotes.later._biased import run_biased_logistic
from lstmnotes.net import run_net

__all__ = [
    "EXPLODING_NETS",
    "EXPLODING_SEEDS",
    "GAMMA",
    "NILPOTENT_NETS",
    "VANISHING_NETS",
    "VANISHING_SEEDS",
    "BiasedFixedPoint",
    "BoundSearch",
    "ConditionCheck",
    "NilpotentRuns",
    "SpectralRadiusMisreading",
    "biased_fixed_point_counterexample",
    "exploding_condition_check",
    "exploding_survey",
    "flow_norms",
    "largest_singular_value",
    "nilpotent_forward_counterexample",
    "norm_bound_search",
    "spectral_radius",
    "spectral_radius_counterexample",
    "vanishing_condition_check",
    "vanishing_survey",
]

Array = NDArray[np.float64]

GAMMA: Final = {"logistic": LOGISTIC_PRIME_MAX, "tanh": 1.0}
"""The largest slope $\\gamma$ of each activation: $1/4$ for the logistic, $1$ for tanh."""

_BURN_IN: Final = 100

VANISHING_SEEDS: Final = {"logistic": 1, "tanh": 2}
"""Seeds of the survey of {py:func}`vanishing_survey`, by activation."""

VANISHING_NETS: Final = 50
"""Nets per activation in {py:func}`vanishing_survey`."""

EXPLODING_SEEDS: Final = {"logistic": 3, "tanh": 4}
"""Seeds of the survey of {py:func}`exploding_survey`, by activation."""

EXPLODING_NETS: Final = 100
"""Nets per activation in {py:func}`exploding_survey`."""


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


def vanishing_survey(activation: str) -> ConditionCheck:
    """The chapter's survey of the sufficient condition: {py:func}`vanishing_condition_check` with
    {py:data}`VANISHING_SEEDS` and {py:data}`VANISHING_NETS`; the claim and the page both call it.

    :param activation: ``"logistic"`` or ``"tanh"``.
    :return: the survey.
    :raises ValueError: for an unknown activation.
    """
    _activation(activation)
    rng = np.random.default_rng(VANISHING_SEEDS[activation])
    return vanishing_condition_check(rng, activation=activation, nets=VANISHING_NETS)


def exploding_survey(activation: str) -> ConditionCheck:
    """The chapter's survey of the necessary condition: {py:func}`exploding_condition_check` with
    {py:data}`EXPLODING_SEEDS` and {py:data}`EXPLODING_NETS`; the claim and the page's figure both call it.

    :param activation: ``"logistic"`` or ``"tanh"``.
    :return: the survey.
    :raises ValueError: for an unknown activation.
    """
    _activation(activation)
    rng = np.random.default_rng(EXPLODING_SEEDS[activation])
    return exploding_condition_check(rng, activation=activation, nets=EXPLODING_NETS)


@dataclass(frozen=True)
class BoundSearch:
    """An adversarial search against $\\|M_q\\|_2 \\le (\\gamma\\,\\sigma_{max}(W))^q$, from
    {py:func}`norm_bound_search`."""

    candidates: int
    """How many (weights, slopes) pairs were tried, every lag of each counted once."""
    sizes: tuple[int, ...]
    """The net sizes tried."""
    q: int
    """The largest lag tried."""
    worst_ratio: float
    """The largest $\\|M_{q'}\\|_2 / (\\gamma\\sigma_{max})^{q'}$ found; the bound holds if it is at most one."""
    worst_case: dict[str, object]
    """Where it was found: the kind of candidate, $n$, the lag, $\\gamma\\sigma_{max}$."""
    attained: float
    """The ratio of the structured candidate built to meet the bound with equality (a scaled orthogonal
    $W$, every slope at $\\gamma$): one, so the search reaches the bound."""
    largest_below: float
    """The largest $\\|M_{q'}\\|_2$ over candidates with $\\gamma\\sigma_{max} \\le 1$: at most one if the
    necessary condition for exploding holds."""
    largest_below_case: dict[str, object]


def _ratios(W: Array, slopes: Array, gamma: float) -> tuple[Array, float]:
    sigma = gamma * largest_singular_value(W)
    norms = flow_norms(W, slopes)
    return norms / sigma ** np.arange(1, slopes.shape[0] + 1), sigma


def _structured(n: int, rng: np.random.Generator) -> dict[str, Array]:
    """The structured candidates of {py:func}`norm_bound_search` for $n$ units, by name."""
    out = {
        "negative diagonal": -np.eye(n),
        "all-ones sign pattern": np.ones((n, n)),
        "checkerboard sign pattern": (-1.0) ** np.add.outer(np.arange(n), np.arange(n)),
        "random sign pattern": rng.choice([-1.0, 1.0], size=(n, n)),
    }
    if n > 1:
        out["nilpotent shift"] = np.eye(n, k=1)
        rank_one = np.zeros((n, n))
        rank_one[:2, :2] = [[1.0, 1.0], [-1.0, -1.0]]
        out["nilpotent [[1, 1], [-1, -1]]"] = rank_one
    return out


def norm_bound_search(
    rng: np.random.Generator,
    *,
    sizes: tuple[int, ...] = (1, 2, 3, 4, 8, 16),
    q: int = 12,
    draws: int = 20,
    climbs: int = 3,
    steps: int = 25,
) -> BoundSearch:
    """Search for weights and slopes that break $\\|M_q\\|_2 \\le (\\gamma\\,\\sigma_{max}(W))^q$.

    The bound's hypothesis only limits the slopes, $0 \\le f'_i \\le \\gamma$, so any slopes in that range
    are allowed, for both $\\gamma = 1/4$ (logistic) and $\\gamma = 1$ (tanh). For every size the search
    tries structured candidates (a scaled orthogonal matrix, the nilpotent shift, the rank-one nilpotent
    $\\begin{smallmatrix} 1 & 1 \\\\ -1 & -1 \\end{smallmatrix}$ pattern, $\\pm 1$ sign patterns and negative
    diagonals, each with every slope at $\\gamma$ and with slopes alternating between $\\gamma$ and $0$),
    ``draws`` random Gaussian matrices with random slopes in $[0, \\gamma]$, and then ``climbs`` local
    searches from the worst random candidates: ``steps`` rounds of coordinate moves on the slopes and
    small random moves of $W$, each kept if it raises the ratio. Every candidate is scaled so that
    $\\gamma\\,\\sigma_{max}$ is at most one, which also tests the necessary condition for exploding.

    :param rng: random generator.
    :param sizes: net sizes, each 1 to 32.
    :param q: lags, 1 to 200.
    :param draws: random candidates per size and activation, 1 to 1000.
    :param climbs: local searches per size and activation, 0 to ``draws``.
    :param steps: rounds of each local search, 1 to 1000.
    :return: the worst case found.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> s = norm_bound_search(np.random.default_rng(0), sizes=(1, 2), q=3, draws=3, climbs=1, steps=2)
    >>> bool(s.worst_ratio <= 1 + 1e-12), round(s.attained, 12)
    (True, 1.0)

    ```
    """
    for n in sizes:
        _counts(int(n), 1, q)
    for name, value, low, high in (
        ("draws", draws, 1, 1000),
        ("climbs", climbs, 0, draws),
        ("steps", steps, 1, 1000),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be an integer between {low} and {high}, got {value!r}")
    count, worst, worst_case = 0, -np.inf, {}
    below, below_case = -np.inf, {}
    attained = np.inf

    def score(kind: str, W: Array, slopes: Array, gamma: float) -> float:
        nonlocal count, worst, worst_case, below, below_case
        W = W / (gamma * largest_singular_value(W))  # gamma sigma_max = 1 exactly (to rounding)
        ratios, sigma = _ratios(W, slopes, gamma)
        count += ratios.size
        lag = int(np.argmax(ratios))
        case = {
            "kind": kind,
            "n": int(W.shape[0]),
            "lag": lag + 1,
            "gamma": gamma,
            "gamma_sigma": sigma,
        }
        if ratios[lag] > worst:
            worst, worst_case = float(ratios[lag]), case
        peak = float(np.max(ratios * sigma ** np.arange(1, ratios.size + 1)))
        if sigma <= 1.0 and peak > below:
            below, below_case = peak, case
        return float(ratios[lag])

    def climb(best: float, W: Array, slopes: Array, gamma: float) -> None:
        n = W.shape[0]
        for _ in range(steps):
            moved = slopes.copy()
            moved[rng.integers(q), rng.integers(n)] = rng.choice(
                [0.0, gamma, rng.uniform(0, gamma)]
            )
            tried = W + 0.1 * rng.normal(size=(n, n))
            for W_new, s_new in ((W, moved), (tried, slopes)):
                value = score("local search", W_new, s_new, gamma)
                if value > best:
                    best, W, slopes = value, W_new, s_new

    for gamma in sorted(set(GAMMA.values())):
        for n in sizes:
            full = np.full((q, n), gamma)
            alternating = full * (np.arange(n) % 2 == 0)
            orthogonal = np.linalg.qr(rng.normal(size=(n, n)))[0]
            attained = min(attained, score("scaled orthogonal", orthogonal, full, gamma))
            for kind, W in _structured(n, rng).items():
                for slopes in (full, alternating):
                    score(kind, W, slopes, gamma)
            pool = []
            for _ in range(draws):
                W, slopes = rng.normal(size=(n, n)), rng.uniform(0.0, gamma, size=(q, n))
                pool.append((score("random", W, slopes, gamma), W, slopes))
            pool.sort(key=lambda item: -item[0])
            for best, W, slopes in pool[:climbs]:
                climb(best, W, slopes, gamma)
    return BoundSearch(
        candidates=count,
        sizes=tuple(int(n) for n in sizes),
        q=q,
        worst_ratio=float(worst),
        worst_case=worst_case,
        attained=float(attained),
        largest_below=float(below),
        largest_below_case=below_case,
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
    :param q: lags, 2 to 200.
    :param shift_units: size of the larger shift example, 2 to 16.
    :param shift_weight: the weight on the shift's superdiagonal, positive.
    :return: the refutation with its evidence; its verdict is ``"false as stated"`` when an example with
        $\\gamma\\rho(W) < 1$ has a flow norm above one, and ``"not checkable"`` when none does.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> r = spectral_radius_counterexample()
    >>> r.verdict, r.nilpotent, r.minimal_shift_flow, r.shift_flow.tolist()
    ('false as stated', True, 2.0, [2.0, 4.0, 8.0, 0.0])

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
    if not (np.isfinite(shift_weight) and shift_weight > 0):
        raise ValueError(f"shift_weight must be positive, got {shift_weight}")
    gamma = GAMMA["logistic"]
    W = scale * np.array([[1.0, 1.0], [-1.0, -1.0]])
    nets = np.array([0.0, float(saturated_net)])
    slopes = np.asarray(logistic_prime(nets), dtype=np.float64)
    norms = flow_norms(W, np.tile(slopes, (q, 1)))
    rate = spectral_radius(np.diag(slopes) @ W.T)
    rho = spectral_radius(W)
    one_unit = np.linspace(-8.0, 8.0, 33)
    gap = max(abs(largest_singular_value([[w]]) - spectral_radius([[w]])) for w in one_unit)
    minimal, minimal_flow = _shift_flow(2, shift_weight)
    shift, shift_flow = _shift_flow(shift_units, shift_weight)
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
    {py:func}`run_biased_logistic` for $q + 1$ steps; how long it stays at the (unstable) fixed point is
    measured over up to 10000 steps.

    :param scale: $c$, positive.
    :param saturated_net: $s$, the second unit's net input.
    :param q: lags, 2 to 200.
    :param tolerance: the distance from $y^*$ that counts as leaving it, positive.
    :return: the example.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> e = biased_fixed_point_counterexample(q=5)
    >>> bool(e.rho < 1e-12), bool(e.flow[-1] > 1), bool(e.drift < 1e-12)
    (True, True, True)

    ```
    """
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be positive, got {scale}")
    if not np.isfinite(saturated_net):
        raise ValueError(f"saturated_net must be finite, got {saturated_net}")
    if not 2 <= q <= 200:
        raise ValueError(f"q must be between 2 and 200, got {q}")
    if not (np.isfinite(tolerance) and tolerance > 0):
        raise ValueError(f"tolerance must be positive, got {tolerance}")
    W = scale * np.array([[1.0, 1.0], [-1.0, -1.0]])
    high = float(logistic(saturated_net))
    y_star = np.array([0.5, high])
    b = np.array([-scale * (0.5 + high), saturated_net + scale * (0.5 + high)])
    nets, ys = run_biased_logistic(W, b, y_star, q + 1)
    slopes = np.asarray(logistic_prime(nets), dtype=np.float64)
    fprime = slopes[q - 1 :: -1][:q].copy()  # rows: times q, q-1, ..., 1 back from t = q + 1
    flow = flow_norms(W, fprime)
    # a flow that reaches exactly zero has no geometric rate: report 0 (it has vanished)
    rate = (
        float(np.exp(np.polyfit(np.arange(1, q + 1), np.log(flow), 1)[0]))
        if np.all(flow > 0)
        else 0.0
    )
    _, long_ys = run_biased_logistic(W, b, y_star, 10_000)
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
    :param starts: random starts, 1 to 10000.
    :param q: lags, 1 to 500.
    :param settle: settling steps, 0 to 10000.
    :param long_starts: starts followed for the long-run factor, 0 to ``starts``.
    :param seed: seed of the starts.
    :return: the runs.
    :raises ValueError: for an unknown activation or bad counts.

    ```pycon
    >>> r = nilpotent_forward_counterexample("logistic", starts=5, long_starts=0)
    >>> r.power, bool(r.gamma * r.rho < 1), r.growing
    (3, True, 5)

    ```
    """
    from lstmnotes.decay import long_run_rate  # noqa: PLC0415 (decay imports this module's neighbours)

    if activation not in NILPOTENT_NETS:
        raise ValueError(f"activation must be one of {sorted(NILPOTENT_NETS)}, got {activation!r}")
    for value, name, high in (
        (starts, "starts", 10_000),
        (q, "q", 500),
        (settle, "settle", 10_000),
    ):
        if not 0 <= value <= high or (name != "settle" and value < 1):
            raise ValueError(f"{name} must be between 1 and {high}, got {value}")
    if not 0 <= long_starts <= starts:
        raise ValueError(f"long_starts must be between 0 and starts, got {long_starts}")
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
