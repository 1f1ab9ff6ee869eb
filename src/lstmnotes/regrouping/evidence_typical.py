r"""Typical random nets of many logistic units with weights below 4: does their error flow grow?

{py:func}`witness_growth` follows the largest flow of one random net of many units past a burn-in (the
witnesses {py:data}`WITNESS` of P16); {py:func}`typical_rates` estimates the per-step rate of the flow of
whole stacks of random nets, by $n$, from which P16 reports the fraction whose flow grows. The verdict
is in {py:mod}`~lstmnotes.regrouping.evidence_vanishing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count as _count
from lstmnotes._validate import finite_scalar
from lstmnotes.activations import logistic_prime
from lstmnotes.flow import largest_flow_by_lag
from lstmnotes.later import largest_singular_value
from lstmnotes.net import random_weights, run_net
from lstmnotes.regrouping.evidence_two_units import COUNTER_WEIGHT

__all__ = [
    "MAX_SEEDS",
    "MAX_WITNESS_UNITS",
    "MAX_WITNESS_WEIGHT",
    "MAX_WITNESS_WORK",
    "TYPICAL_NETS",
    "TYPICAL_SEEDS",
    "TYPICAL_UNITS",
    "WITNESS",
    "Witness",
    "typical_rates",
    "witness_growth",
]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Witness:
    """Random nets of many units: large weights still below 4, and small weights."""

    units: int
    """$n$."""
    w_max: float
    """Weights uniform on $[-w_{max}, w_{max}]$, all below 4 in size."""
    small: float
    """The small weight scale compared with it."""
    burn_in: int
    """Steps run before the error is injected, so that the state has left $y(0)$."""
    lags: int
    """How many steps back the flow is followed."""
    seed: int
    """The seed of the weights and of $y(0)$ of the net the chapter describes."""
    more_seeds: tuple[int, ...] = ()
    """Further seeds: the same set-up drawn again, so that the verdict does not rest on one net."""


MAX_WITNESS_UNITS: Final = 1000
"""The most units of a witness net."""
MAX_WITNESS_WEIGHT: Final = 100.0
"""The largest weight scale of a witness."""
MAX_WITNESS_WORK: Final = 1_000_000_000
r"""The most work of one witness net: $n^2\,(\text{burn-in} + \text{lags})$ and $n^3 \cdot \text{lags}$ each."""
MAX_SEEDS: Final = 100
"""The most further seeds of a witness."""


def _scale(value: float, name: str) -> float:
    scale = finite_scalar(value, name)
    if not 0 < scale <= MAX_WITNESS_WEIGHT:
        raise ValueError(f"{name} must lie in (0, {MAX_WITNESS_WEIGHT:g}], got {scale}")
    return scale


def _witness(witness: object) -> Witness:
    """Check a :class:`Witness`: its counts and scales within the limits above."""
    if not isinstance(witness, Witness):
        raise TypeError(f"witness must be a Witness, got {type(witness).__name__}")
    n = _count(witness.units, "witness.units", minimum=1, maximum=MAX_WITNESS_UNITS)
    _scale(witness.w_max, "witness.w_max")
    _scale(witness.small, "witness.small")
    burn_in = _count(witness.burn_in, "witness.burn_in")
    lags = _count(witness.lags, "witness.lags", minimum=2)
    _count(witness.seed, "witness.seed")
    if not isinstance(witness.more_seeds, tuple):
        raise TypeError(
            f"witness.more_seeds must be a tuple of seeds, got {type(witness.more_seeds).__name__}"
        )
    if len(witness.more_seeds) > MAX_SEEDS:
        raise ValueError(
            f"witness.more_seeds must hold at most {MAX_SEEDS} seeds, got {len(witness.more_seeds)}"
        )
    for i, seed in enumerate(witness.more_seeds):
        _count(seed, f"witness.more_seeds[{i}]")
    if max(n * n * (burn_in + lags), n**3 * lags) > MAX_WITNESS_WORK:
        raise ValueError(
            f"witness.units, witness.burn_in and witness.lags ask for too much work: n^2 (burn-in + lags) "
            f"and n^3 lags must be at most {MAX_WITNESS_WORK:.3g}, got n = {n}, burn-in {burn_in}, lags {lags}"
        )
    return witness


WITNESS: Final = Witness(
    units=200, w_max=2.0, small=0.2, burn_in=200, lags=40, seed=16, more_seeds=tuple(range(11))
)
"""The random witnesses of
{py:func}`~lstmnotes.regrouping.evidence_vanishing.small_weights_flow_vanishes`."""


def witness_growth(
    witness: Witness = WITNESS, w_max: float | None = None, seed: int | None = None
) -> dict[str, float]:
    """The per-step growth of the largest flow of one random net of many units, after a burn-in.

    :param witness: the set-up; ``w_max`` and ``seed`` override its weight scale and seed. At most
        {py:data}`MAX_WITNESS_UNITS` units, scales up to {py:data}`MAX_WITNESS_WEIGHT`,
        {py:data}`MAX_SEEDS` further seeds and the work within {py:data}`MAX_WITNESS_WORK`.
    :param w_max: the weight scale, in $(0,$ {py:data}`MAX_WITNESS_WEIGHT`$]$, or ``None`` for ``witness.w_max``.
    :param seed: the seed, a non-negative integer, or ``None`` for ``witness.seed``.
    :raises TypeError: for a ``witness`` that is not a :class:`Witness`, or an argument or field of the
        wrong type, naming it.
    :raises ValueError: for one beyond its limits, naming it.
    :return: ``growth`` (geometric mean factor per step over the lags), ``sigma_max`` of the weights,
        the largest weight and the flow at the last lag.
    """
    witness = _witness(witness)
    scale = witness.w_max if w_max is None else _scale(w_max, "w_max")
    rng = np.random.default_rng(witness.seed if seed is None else _count(seed, "seed"))
    W = random_weights(witness.units, rng, w_max=scale)
    t = witness.burn_in + witness.lags
    run = run_net(W, rng.uniform(0, 1, witness.units), t)
    flows = largest_flow_by_lag(W, run.fprime(t, witness.lags))
    return {
        "growth": float((flows[-1] / flows[0]) ** (1 / (witness.lags - 1))),
        "sigma_max": largest_singular_value(W),
        "largest_weight": float(np.abs(W).max()),
        "last_flow": float(flows[-1]),
    }


TYPICAL_UNITS: Final = (2, 3, 5, 10, 20, 50)
"""The numbers of units of the random nets of {py:func}`typical_rates`."""

TYPICAL_SEEDS: Final = (0, 1, 2, 3)
"""The seeds of {py:func}`typical_rates` in the evidence of P16: each draws its own nets."""

TYPICAL_NETS: Final = 1000
"""Random nets per seed and number of units."""

TYPICAL_MAX_WORK: Final = 1_000_000_000
"""The most ``nets * n * n * (burn_in + lags)`` that {py:func}`typical_rates` accepts (time: about a minute)."""

TYPICAL_MAX_SLOPES: Final = 50_000_000
"""The most ``lags * nets * n`` slopes {py:func}`typical_rates` keeps (400 MB)."""


def typical_rates(
    n: int,
    nets: int,
    rng: np.random.Generator,
    w_max: float = COUNTER_WEIGHT,
    burn_in: int = 200,
    lags: int = 200,
) -> Array:
    r"""Per-step rates of the error flow of random logistic nets from random starts.

    Each net has weights uniform on $[-w_{max}, w_{max}]$ and starts at $y(0)$ uniform on $[0, 1]^n$; it
    runs ``burn_in`` steps, then ``lags`` more. A random unit error vector is then passed back over those
    ``lags`` steps, $\delta \mapsto F'(s)\,W^{\mathsf T}\delta$, renormalised at each step; the rate is
    the geometric mean of the growth factors, an estimate of $e^{\lambda}$ for the largest Lyapunov
    exponent $\lambda$ of the back-propagated flow. A rate above one: the flow grows on that net.
    All nets run at once, as a stack.

    :param n: the number of units, at least 1.
    :param nets: how many nets, at least 1.
    :param rng: the source of the weights, starts and error vectors.
    :param w_max: the weight scale, positive.
    :param burn_in: steps run before the window.
    :param lags: the length of the window, at least 1.
    :return: the rates, shape ``(nets,)``.
    :raises ValueError: for arguments out of range, ``nets * n * n * (burn_in + lags)`` above
        {py:data}`TYPICAL_MAX_WORK` or ``lags * nets * n`` above {py:data}`TYPICAL_MAX_SLOPES`.
    :raises TypeError: for non-integer counts or a non-real ``w_max``.

    ```pycon
    >>> rates = typical_rates(2, 50, np.random.default_rng(0), w_max=1.0)
    >>> rates.shape, bool(rates.max() < 1)
    ((50,), True)

    ```
    """
    for name, value, least in (("n", n, 1), ("nets", nets, 1), ("burn_in", burn_in, 0),
                               ("lags", lags, 1)):  # fmt: skip
        _count(value, name, minimum=least)
    if nets * n * n * (burn_in + lags) > TYPICAL_MAX_WORK:
        raise ValueError(
            f"nets * n * n * (burn_in + lags) must be at most {TYPICAL_MAX_WORK}, got "
            f"{nets} * {n} * {n} * ({burn_in} + {lags})"
        )
    if lags * nets * n > TYPICAL_MAX_SLOPES:
        raise ValueError(
            f"lags * nets * n must be at most {TYPICAL_MAX_SLOPES}, got {lags} * {nets} * {n}"
        )
    w_max = finite_scalar(w_max, "w_max")
    if w_max <= 0:
        raise ValueError(f"w_max must be positive and finite, got {w_max}")

    W = rng.uniform(-w_max, w_max, (nets, n, n))
    y = rng.uniform(0, 1, (nets, n))
    for _ in range(burn_in):
        y = 1.0 / (1.0 + np.exp(-np.einsum("kij,kj->ki", W, y)))
    slopes = np.empty((lags, nets, n))
    for s in range(lags):
        net_input = np.einsum("kij,kj->ki", W, y)
        y = 1.0 / (1.0 + np.exp(-net_input))
        slopes[s] = logistic_prime(net_input)
    delta = rng.normal(size=(nets, n))
    delta /= np.linalg.norm(delta, axis=1, keepdims=True)
    logs = np.zeros(nets)
    for s in range(lags - 1, -1, -1):
        delta = slopes[s] * np.einsum("kji,kj->ki", W, delta)
        size = np.linalg.norm(delta, axis=1)
        logs += np.log(size)
        delta /= size[:, None]
    return np.asarray(np.exp(logs / lags), dtype=np.float64)


def _typical(seeds: tuple[int, ...] = TYPICAL_SEEDS) -> dict[str, object]:
    r"""The fraction of random nets with $|w_{ij}| \le a$ whose flow grows, by $n$.

    The weight scale $a$ is {py:data}`~lstmnotes.regrouping.evidence_two_units.COUNTER_WEIGHT`.
    """
    by_seed = {n: [typical_rates(n, TYPICAL_NETS, np.random.default_rng([n, seed])) for seed in seeds]
               for n in TYPICAL_UNITS}  # fmt: skip
    return {
        "units": list(TYPICAL_UNITS),
        "w_max": COUNTER_WEIGHT,
        "seeds": list(seeds),
        "seed_count": len(seeds),
        "nets_per_seed": TYPICAL_NETS,
        "nets": TYPICAL_NETS * len(seeds),
        "fraction": [float(np.mean(np.concatenate(by_seed[n]) > 1)) for n in TYPICAL_UNITS],
        "fraction_by_seed": [[float(np.mean(r > 1)) for r in by_seed[n]] for n in TYPICAL_UNITS],
        "largest_rate": [float(np.concatenate(by_seed[n]).max()) for n in TYPICAL_UNITS],
    }
