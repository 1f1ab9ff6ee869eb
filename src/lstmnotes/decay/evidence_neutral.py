"""A lone logistic unit whose error flow keeps its size, outside the survey's protocol (claim X51).

Started exactly at its fixed point ({py:func}`neutral_self_unit`), its flow keeps its size; from a random
start its flow comes closer to that the longer it settles ({py:func}`neutral_unit_settling`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, counts
from lstmnotes.decay import BURN_IN
from lstmnotes.decay._limits import _count
from lstmnotes.decay.evidence_survey import SURVEY_Q, SURVEY_SEED
from lstmnotes.flow import largest_flow_by_lag
from lstmnotes.net import run_net

__all__ = [
    "MAX_NEUTRAL_LAGS",
    "MAX_SETTLE",
    "MAX_SETTLES",
    "NEUTRAL_SETTLES",
    "NeutralUnit",
    "neutral_self_unit",
    "neutral_unit_settling",
]

Array = NDArray[np.float64]

NEUTRAL_SETTLES: Final = (50, 500, 5_000, 50_000)
"""Settling steps after which {py:func}`neutral_unit_settling` measures the neutral unit's flow."""

MAX_NEUTRAL_LAGS: Final = 500
"""The most lags $q$ {py:func}`neutral_self_unit` and {py:func}`neutral_unit_settling` follow the flow back."""

MAX_SETTLE: Final = 100_000
"""The most settling steps of one entry of ``settles`` in {py:func}`neutral_unit_settling`."""

MAX_SETTLES: Final = 64
"""The most entries of ``settles`` in {py:func}`neutral_unit_settling` (one flow is computed for each)."""


@dataclass(frozen=True)
class NeutralUnit:
    """A lone logistic unit whose error flow keeps its size, from {py:func}`neutral_self_unit`.

    Its fixed point has factor exactly $-1$ and attracts only weakly: a run started at random approaches
    it slowly, and its flow over a fixed number of lags comes closer to one the longer it has settled
    ({py:func}`neutral_unit_settling`)."""

    weight: float
    """$w_c$, the self-weight at which the fixed point's factor $\\sigma'(w y^*) w$ is exactly $-1$."""
    fixed_point: float
    """$y^* = \\sigma(w_c y^*)$."""
    factor: float
    """$\\sigma'(w_c y^*)\\, w_c$ from the forward run's slope: $-1$ to rounding."""
    flow: Array
    """The flow $|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)|$ of the run started at $y^*$, lags $1..q$."""


def neutral_self_unit(*, q: int = SURVEY_Q) -> NeutralUnit:
    """A one-unit net whose error flow does not decay: self-weight $w_c < 0$, started at its fixed point.

    A fixed point with factor $-1$ needs $y(1-y)\\,w = -1$ and $y = \\sigma(w y)$, that is
    $y = \\sigma(-1/(1-y))$ with $w = -1/(y(1-y))$; the root is found by bisection. The unit is then
    run from $y^*$ with {py:func}`lstmnotes.net.run_net` and its flow computed by
    {py:func}`lstmnotes.flow.largest_flow_by_lag`. (For $w > 0$ the one fixed point in $(0, 1)$ has
    factor below one; for $w_c < w < 0$ its factor lies in $(-1, 0)$.)

    :param q: lags, 2 to {py:data}`MAX_NEUTRAL_LAGS`.
    :return: the unit and its flow.
    :raises TypeError: if ``q`` is not an integer.
    :raises ValueError: for a ``q`` outside its limits.

    ```pycon
    >>> u = neutral_self_unit(q=5)
    >>> round(u.weight, 4), round(u.fixed_point, 4), bool(np.allclose(u.flow, 1.0))
    (-5.8696, 0.2178, True)

    ```
    """
    q = _count(q, "q", 2, MAX_NEUTRAL_LAGS)
    low, high = 1e-9, 0.5  # g(y) = sigma(-1/(1-y)) - y changes sign once on (0, 1/2)
    for _ in range(200):
        mid = 0.5 * (low + high)
        if 1.0 / (1.0 + np.exp(1.0 / (1.0 - mid))) - mid > 0:
            low = mid
        else:
            high = mid
    y = 0.5 * (low + high)
    w = -1.0 / (y * (1.0 - y))
    W = np.array([[w]])
    run = run_net(W, [y], BURN_IN + q + 1)
    fprime = run.fprime(run.steps, q)
    return NeutralUnit(
        weight=w,
        fixed_point=y,
        factor=float(fprime[0, 0] * w),
        flow=largest_flow_by_lag(W, fprime),
    )


def neutral_unit_settling(
    settles: Sequence[int] = NEUTRAL_SETTLES, *, q: int = SURVEY_Q, seed: int = SURVEY_SEED
) -> Array:
    """The neutral unit of {py:func}`neutral_self_unit` started at random: its flow after longer settling.

    One start $y(0)$ uniform on $(0, 1)$ (from ``seed``); for each number of settling steps $s$ the unit
    runs $s + q + 1$ steps with {py:func}`lstmnotes.net.run_net` and the flow is followed back $q$ steps.

    :param settles: settling steps, a list or tuple of 1 to {py:data}`MAX_SETTLES` integers, each 1 to
        {py:data}`MAX_SETTLE`.
    :param q: lags, 2 to {py:data}`MAX_NEUTRAL_LAGS`.
    :param seed: seed of the start, a non-negative integer.
    :return: $|\\partial\\vartheta(t-q)/\\partial\\vartheta(t)|$ for each entry of ``settles``.
    :raises TypeError: if ``settles`` is not a list or tuple of integers, or ``q`` or ``seed`` is not an
        integer.
    :raises ValueError: for counts outside their limits.

    ```pycon
    >>> flows = neutral_unit_settling([50, 5000], q=10)
    >>> bool(flows[0] < flows[1] < 1.0)
    True

    ```
    """
    q = _count(q, "q", 2, MAX_NEUTRAL_LAGS)
    steps = counts(settles, "settles", minimum=1, maximum=MAX_SETTLE)
    if len(steps) > MAX_SETTLES:
        raise ValueError(f"settles must hold at most {MAX_SETTLES} entries, got {len(steps)}")
    seed = count(seed, "seed", minimum=0)
    w = neutral_self_unit(q=2).weight
    W = np.array([[w]])
    y0 = np.random.default_rng(seed).uniform(0.0, 1.0, size=1)
    run = run_net(W, y0, max(steps) + q + 1)
    return np.array(
        [abs(float(largest_flow_by_lag(W, run.fprime(s + q + 1, q))[-1])) for s in steps]
    )
