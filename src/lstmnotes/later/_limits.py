"""The argument checks the later conditions' checks and search share: an activation's name, and counts.

An activation must be one of those whose slope bound $\\gamma$ is known; the units, nets and lags of a
check must be integers within their ranges.
"""

from __future__ import annotations

from lstmnotes._validate import count
from lstmnotes.later._norms import GAMMA


def _activation(name: str) -> float:
    if not isinstance(name, str):
        raise TypeError(
            f"activation must be a name, one of {sorted(GAMMA)}, got {type(name).__name__}"
        )
    if name not in GAMMA:
        raise ValueError(f"activation must be one of {sorted(GAMMA)}, got {name!r}")
    return GAMMA[name]


def _counts(n: int, nets: int, q: int) -> None:
    for name, value, high in (("n", n, 32), ("nets", nets, 2000), ("q", q, 200)):
        count(value, name, minimum=1, maximum=high)
