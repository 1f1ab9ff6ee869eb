"""The limits the measurements of the measured-decay chapter check their arguments against.

A count must be an integer within a range, and a measurement may ask for at most a fixed amount of
arithmetic (roughly nets x lags x n^3). The part's modules share these checks.
"""

from __future__ import annotations

from typing import Final

import numpy as np

_MAX_WORK: Final = 1_000_000_000
"""The largest amount of arithmetic (roughly nets x lags x n^3) a measurement may ask for."""


def _count(value: int, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def _work(nets: int, q: int, n: int) -> None:
    if nets * q * n**3 > _MAX_WORK:
        raise ValueError(
            f"nets * q * n^3 = {nets * q * n**3} exceeds the limit {_MAX_WORK}: use fewer or smaller nets"
        )
