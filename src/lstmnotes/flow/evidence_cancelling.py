"""Paths of opposite sign: a unit gained, flow lost (P3).

{py:func}`cancelling_paths_example` runs a self-connected unit and the same unit with a second one on a
loop of the opposite sign, and sets the signed path terms of the larger net beside the two flows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstmnotes.flow import path_terms, scaling_factor
from lstmnotes.flow.evidence import Matrix, as_ints
from lstmnotes.net import run_net

__all__ = ["CancellingPaths", "cancelling_paths_example"]


@dataclass(frozen=True)
class CancellingPaths:
    """A net that gains a unit and loses flow, because two paths of opposite sign cancel."""

    activation: str
    q: int
    t: int
    """The time at which the error starts; it is followed back to time $t - q$."""
    y0: tuple[float, ...]
    """The start $y(0)$ of both nets (zero)."""
    small_W: Matrix
    """One unit with a self-connection."""
    large_W: Matrix
    """The same unit with a second unit attached, whose loop has the opposite sign."""
    paths: tuple[tuple[int, ...], ...]
    """The paths $(l_0, \\dots, l_q)$ from unit 0 back to unit 0 in the large net."""
    terms: tuple[float, ...]
    """Their terms of the corrected (3.2), with signs."""
    small_flow: float
    """$\\partial\\vartheta_0(t-q)/\\partial\\vartheta_0(t)$ in the one-unit net."""
    large_flow: float
    """The same in the two-unit net: the sum of ``terms``."""

    @property
    def more_units_less_flow(self) -> bool:
        """P3: the larger net passes back less error (in absolute value)."""
        return abs(self.large_flow) < abs(self.small_flow)

    @property
    def signs_differ(self) -> bool:
        """Whether the path terms have different signs."""
        return min(self.terms) < 0 < max(self.terms)


def cancelling_paths_example(activation: str = "logistic") -> CancellingPaths:
    """P3: a unit with self-weight 1, then with a second unit on a loop: $w_{10} = -1$ out, $w_{01} = +1$ back.

    Both nets run forward from $y(0) = 0$ for $q + 1 = 3$ steps and the flow from the first unit at
    $t = 3$ back to itself at $t = 1$ is compared. With identity units the two paths cancel exactly.

    :param activation: the units' activation (``"logistic"``, ``"tanh"`` or ``"identity"``).
    :return: the evidence.
    :raises ValueError: for an unknown activation.

    ```pycon
    >>> c = cancelling_paths_example("identity")
    >>> c.terms, c.small_flow, c.large_flow
    ((1.0, -1.0), 1.0, 0.0)

    ```
    """
    q, t = 2, 3
    small = np.array([[1.0]])
    large = np.array([[1.0, 1.0], [-1.0, 0.0]])  # w_01 = 1 (from 1 to 0), w_10 = -1 (from 0 to 1)
    y0 = np.full(1, 0.0), np.full(2, 0.0)
    small_fp = run_net(small, y0[0], t, activation).fprime(t, q)
    large_fp = run_net(large, y0[1], t, activation).fprime(t, q)
    terms = path_terms(large, large_fp, 0, 0)
    return CancellingPaths(
        activation,
        q,
        t,
        tuple(float(x) for x in y0[1]),
        as_ints(small),
        as_ints(large),
        tuple((0, middle, 0) for middle in range(2)),
        tuple(float(x) for x in terms),
        float(scaling_factor(small, small_fp)[0, 0]),
        float(scaling_factor(large, large_fp)[0, 0]),
    )
