"""The limits the measurements of the measured-decay chapter check their arguments against.

A count must be an integer within a range, and a measurement may ask for at most a fixed amount of
arithmetic (roughly nets x lags x n^3). The part's modules share these checks.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes._validate import count, finite_scalar

MAX_WORK: Final = 1_000_000_000
"""The largest amount of arithmetic (roughly nets x lags x n^3) a measurement may ask for."""


def _count(value: int, name: str, low: int, high: int) -> int:
    return count(value, name, minimum=low, maximum=high)


def _rng(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy random Generator (np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    return rng


MAX_W_MAX: Final = 1e6
"""The largest weight scale $w_{max}$ the measurements accept: far beyond it every logistic unit saturates
and the flow vanishes below the float range within a few steps."""


def _scale(value: float, name: str) -> float:
    scale = finite_scalar(value, name)
    if not 0 < scale <= MAX_W_MAX:
        raise ValueError(f"{name} must be in (0, {MAX_W_MAX:g}], got {scale!r}")
    return scale


def _work(runs: int, q: int, n: int, what: str = "nets * q * n^3") -> None:
    """Refuse ``runs * q * n**3`` above {py:data}`MAX_WORK`; ``what`` names the product in the caller's
    arguments."""
    if runs * q * n**3 > MAX_WORK:
        raise ValueError(
            f"{what} = {runs * q * n**3} exceeds the limit MAX_WORK = {MAX_WORK}: use fewer or smaller "
            "nets"
        )
