"""The argument checks the later conditions' checks and search share: an activation's name, and counts.

An activation must be one of those whose slope bound $\\gamma$ is known; the units, nets and lags of a
check must be integers within their ranges.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.later._norms import GAMMA


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
