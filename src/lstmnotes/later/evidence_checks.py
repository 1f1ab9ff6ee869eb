"""The later conditions of Pascanu, Mikolov and Bengio (2013), checked on random nets run forward.

Each step back multiplies the error by a matrix of spectral norm at most $\\gamma\\,\\sigma_{max}(W)$
(see {py:data}`lstmnotes.later.GAMMA`). Hence:

- **sufficient for vanishing**: $\\sigma_{max}(W) < 1/\\gamma$ gives
  $\\|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)\\|_2 \\le (\\gamma\\,\\sigma_{max})^q \\to 0$;
- **necessary for exploding**: a flow of norm above one at any lag needs $\\sigma_{max}(W) > 1/\\gamma$.

{py:func}`vanishing_condition_check` and {py:func}`exploding_condition_check` test both on random nets,
with the flow from {py:func}`lstmnotes.later.flow_norms`; {py:func}`vanishing_survey` and
{py:func}`exploding_survey` are the chapter's surveys, which the claims X4 and X5 and the page call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import finite_scalar, generator
from lstmnotes.activations import ACTIVATIONS, NAMED_ACTIVATIONS, Activation
from lstmnotes.later import flow_norms, largest_singular_value, spectral_radius
from lstmnotes.later._limits import (
    MAX_CHECK_LAGS,
    MAX_CHECK_NETS,
    MAX_CHECK_UNITS,
    _activation,
    _counts,
)
from lstmnotes.net import run_net

__all__ = [
    "EXPLODING_NETS",
    "EXPLODING_SEEDS",
    "MAX_CHECK_LAGS",
    "MAX_CHECK_NETS",
    "MAX_CHECK_UNITS",
    "VANISHING_NETS",
    "VANISHING_SEEDS",
    "ConditionCheck",
    "exploding_condition_check",
    "exploding_survey",
    "vanishing_condition_check",
    "vanishing_survey",
]

Array = NDArray[np.float64]

_BURN_IN: Final = 100

VANISHING_SEEDS: Final = {"logistic": 1, "tanh": 2}
"""Seeds of the survey of {py:func}`vanishing_survey`, by activation."""

VANISHING_NETS: Final = 50
"""Nets per activation in {py:func}`vanishing_survey`."""

EXPLODING_SEEDS: Final = {"logistic": 3, "tanh": 4}
"""Seeds of the survey of {py:func}`exploding_survey`, by activation."""

EXPLODING_NETS: Final = 100
"""Nets per activation in {py:func}`exploding_survey`."""


def _random_net(
    rng: np.random.Generator, n: int, unit: Activation, sigma: float, q: int
) -> tuple[Array, Array]:
    """A random net scaled to a given largest singular value, run to settle; its weights and slopes.

    The start is small and centred for a unit whose $f$ takes negative values (tanh), uniform on $[0, 1)$
    otherwise; the units {py:func}`lstmnotes.net.run_net` runs are run by it, any other by the same
    recursion $y(t) = f(W y(t-1))$ here.
    """
    W = rng.normal(size=(n, n))
    W *= sigma / np.linalg.norm(W, 2)
    centred = unit.name == "tanh" or (unit.name != "logistic" and float(unit.f(np.array(-1.0))) < 0)
    start = rng.normal(scale=0.1, size=n) if centred else rng.uniform(0, 1, size=n)
    steps = _BURN_IN + q + 1
    if unit.name in ACTIVATIONS and NAMED_ACTIVATIONS.get(unit.name) is unit:
        run = run_net(W, start, steps, unit.name)
        return W, run.fprime(run.steps, q)
    nets, y = np.empty((steps, n)), start
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            nets[t] = W @ y
            y = unit.f(nets[t])
    if not np.all(np.isfinite(nets)):
        raise ValueError(f"the {unit.name} net's inputs left the float range while it settled")
    return W, np.asarray(unit.fprime(nets), dtype=np.float64)[steps - 2 :: -1][:q].copy()


@dataclass(frozen=True)
class ConditionCheck:
    """One of Pascanu et al.'s conditions checked on random nets."""

    claim: str
    verdict: str
    summary: str
    activation: str
    """The activation's name."""
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
    activation: str | Activation = "logistic",
    n: int = 8,
    nets: int = 100,
    q: int = 40,
    low: float = 0.3,
) -> ConditionCheck:
    """Check "$\\sigma_{max}(W) < 1/\\gamma$ suffices for vanishing" on random nets.

    Each net's weights are scaled so that $\\gamma\\,\\sigma_{max}(W)$ is uniform on $[$``low``$, 1)$; the net
    runs to settle, and $\\|M_{q'}\\|_2$ is compared with $(\\gamma\\,\\sigma_{max})^{q'}$ at every lag.

    :param rng: random generator.
    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation;
        $\\gamma$ is its $\\sup|f'|$.
    :param n: units, 1 to ``MAX_CHECK_UNITS``.
    :param nets: how many nets, 1 to ``MAX_CHECK_NETS``.
    :param q: lags, 1 to ``MAX_CHECK_LAGS``.
    :param low: the smallest $\\gamma\\sigma_{max}$ drawn, in $(0, 1)$.
    :return: the check; its verdict is ``"holds"`` if no net exceeds the bound.
    :raises TypeError: for an activation that is neither a name nor an activation, an ``rng`` that is not a
        numpy Generator, or counts or bounds that are not numbers.
    :raises ValueError: for an unknown activation, a bad count or ``low``, or a net that leaves the float
        range while it settles.

    ```pycon
    >>> c = vanishing_condition_check(np.random.default_rng(0), nets=3, q=5)
    >>> c.verdict, bool(c.worst_ratio <= 1)
    ('holds', True)

    ```
    """
    generator(rng)
    unit, gamma = _activation(activation)
    _counts(n, nets, q)
    low = finite_scalar(low, "low")
    if not 0 < low < 1:
        raise ValueError(f"low must be in (0, 1), got {low}")
    sig, rho, final, worst = np.empty(nets), np.empty(nets), np.empty(nets), 0.0
    for k in range(nets):
        W, fprime = _random_net(rng, n, unit, rng.uniform(low, 1.0) / gamma, q)
        norms = flow_norms(W, fprime)
        sig[k], rho[k], final[k] = (
            gamma * largest_singular_value(W),
            gamma * spectral_radius(W),
            norms[-1],
        )
        worst = max(worst, float(np.max(norms / sig[k] ** np.arange(1, q + 1))))
    holds = worst <= 1.0 + 1e-9
    summary = (
        f"{nets} random {unit.name} nets (n = {n}) with gamma * sigma_max(W) in [{low:g}, 1): the flow "
        f"norm ||M_q||_2 {'never exceeded' if holds else 'exceeded'} (gamma sigma_max)^q (largest ratio "
        f"{worst:.3g}); at q = {q} the "
        f"largest norm was {final.max():.3g}."
    )
    return ConditionCheck(
        claim="Pascanu et al. (2013): sigma_max(W) < 1/gamma suffices for vanishing",
        verdict="holds" if holds else "false as stated",
        summary=summary,
        activation=unit.name,
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
    activation: str | Activation = "tanh",
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
    :param activation: as {py:func}`vanishing_condition_check`.
    :param n: units, 1 to ``MAX_CHECK_UNITS``.
    :param nets: how many nets, 1 to ``MAX_CHECK_NETS``.
    :param q: lags, 1 to ``MAX_CHECK_LAGS``.
    :param high: the largest $\\gamma\\sigma_{max}$ drawn, above 1.
    :return: the check; its verdict is ``"holds"`` if no exploding net has $\\gamma\\sigma_{max} \\le 1$.
    :raises TypeError: for an activation that is neither a name nor an activation, an ``rng`` that is not a
        numpy Generator, or counts or bounds that are not numbers.
    :raises ValueError: for an unknown activation, a bad count or ``high``, or a net that leaves the
        float range while it settles.

    ```pycon
    >>> c = exploding_condition_check(np.random.default_rng(0), nets=5, q=5)
    >>> c.verdict
    'holds'

    ```
    """
    generator(rng)
    unit, gamma = _activation(activation)
    _counts(n, nets, q)
    high = finite_scalar(high, "high")
    if not 1 < high <= 100:
        raise ValueError(f"high must be in (1, 100], got {high}")
    sig, rho, final, worst = np.empty(nets), np.empty(nets), np.empty(nets), 0.0
    for k in range(nets):
        W, fprime = _random_net(rng, n, unit, rng.uniform(0.5, high) / gamma, q)
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
        f"{nets} random {unit.name} nets (n = {n}) with gamma * sigma_max(W) in [0.5, {high:g}]: "
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
        activation=unit.name,
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
    :raises ValueError: for an activation other than the two surveyed ("logistic", "tanh").
    """
    _surveyed(activation, VANISHING_SEEDS)
    rng = np.random.default_rng(VANISHING_SEEDS[activation])
    return vanishing_condition_check(rng, activation=activation, nets=VANISHING_NETS)


def exploding_survey(activation: str) -> ConditionCheck:
    """The chapter's survey of the necessary condition: {py:func}`exploding_condition_check` with
    {py:data}`EXPLODING_SEEDS` and {py:data}`EXPLODING_NETS`; the claim and the page's figure both call it.

    :param activation: ``"logistic"`` or ``"tanh"``.
    :return: the survey.
    :raises ValueError: for an activation other than the two surveyed ("logistic", "tanh").
    """
    _surveyed(activation, EXPLODING_SEEDS)
    rng = np.random.default_rng(EXPLODING_SEEDS[activation])
    return exploding_condition_check(rng, activation=activation, nets=EXPLODING_NETS)


def _surveyed(activation: str, seeds: dict[str, int]) -> None:
    _activation(activation)  # refuses what is no activation, naming the argument
    if activation not in seeds:
        raise ValueError(
            f"the chapter's survey has seeds for the activations {sorted(seeds)}, not {activation!r}; "
            "call the check itself for another activation"
        )
