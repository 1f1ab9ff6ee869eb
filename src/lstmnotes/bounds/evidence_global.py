"""The global error flow outside the corollary's condition: weights below 4 whose global flow grows (P17).

{py:func}`global_flow_growth` runs a two-unit logistic net with every weight below 4 in size, as the
paper asks, but with $\\tau = n\\,w_{max}/4$ above one, and follows the global flow
({py:func}`lstmnotes.flow.global_flow`) back in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from lstmnotes._validate import count
from lstmnotes.bounds.evidence import MAX_LAG
from lstmnotes.flow import global_flow
from lstmnotes.net import run_net

__all__ = ["GROWTH_WEIGHT", "GlobalFlowGrowth", "global_flow_growth"]

GROWTH_WEIGHT: Final = 3.9
"""The size of every weight of the net in {py:func}`global_flow_growth`: below 4, as the paper asks."""


@dataclass(frozen=True)
class GlobalFlowGrowth:
    """A logistic net with every weight below 4 in size whose global flow grows instead of vanishing."""

    W: list[list[float]]
    """$a \\cdot ((1, -1), (-1, 1))$ with $a$ = {py:data}`GROWTH_WEIGHT`."""
    y0: list[float]
    """The start $y(0) = (1/2, 1/2)$: every net input stays exactly zero, every slope is $1/4$."""
    outputs: list[int]
    """The output units whose local flows are summed (the first unit alone)."""
    lags: list[int]
    global_flow: list[float]
    """The largest $|$global flow$|$ over $v$ at each lag."""
    rate: float
    """The factor per step, (global flow at the last lag / at the first)$^{1/(q-1)}$."""
    tau: float
    """$n\\,w_{max}/4$ for this net: above one, outside P13's condition."""
    both_outputs: list[float]
    """The same with both units as outputs: the two local flows cancel."""

    @property
    def grows(self) -> bool:
        """Whether the global flow grows from lag to lag."""
        return bool(np.all(np.diff(self.global_flow) > 0))


def global_flow_growth(q_max: int = 40) -> GlobalFlowGrowth:
    """P17 outside P13's condition: weights below 4, yet the global flow grows.

    :param q_max: the longest lag, at least 2.
    :return: the evidence.
    :raises ValueError: for ``q_max < 2``.

    ```pycon
    >>> g = global_flow_growth(10)
    >>> g.grows, round(g.rate, 4), max(g.both_outputs)
    (True, 1.95, 0.0)

    ```
    """
    q_max = count(q_max, "q_max", minimum=1, maximum=MAX_LAG)
    if q_max < 2:
        raise ValueError(f"q_max must be at least 2, got {q_max}")
    W = GROWTH_WEIGHT * np.array([[1.0, -1.0], [-1.0, 1.0]])
    y0 = [0.5, 0.5]
    run = run_net(W, y0, q_max + 1)
    lags = list(range(1, q_max + 1))
    one, both = [], []
    for q in lags:
        fp = run.fprime(q_max + 1, q)
        one.append(float(np.abs(global_flow(W, fp, [0])).max()))
        both.append(float(np.abs(global_flow(W, fp, [0, 1])).max()))
    rate = (one[-1] / one[0]) ** (1 / (q_max - 1))
    return GlobalFlowGrowth(
        W.tolist(), y0, [0], lags, one, float(rate), 2 * GROWTH_WEIGHT / 4.0, both
    )
