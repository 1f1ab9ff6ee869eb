"""The argument checks the later conditions' checks and search share: an activation, and counts.

An activation is a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an
{py:class}`lstmnotes.activations.Activation`, whose $\\sup|f'|$ is the slope bound $\\gamma$; the units,
nets and lags of a check must be integers within their ranges.
"""

from __future__ import annotations

from typing import Final

from lstmnotes._validate import count, finite_scalar
from lstmnotes.activations import Activation, as_activation
from lstmnotes.later._norms import gamma


def _activation(spec: str | Activation) -> tuple[Activation, float]:
    """The activation and its $\\gamma$."""
    return as_activation(spec), gamma(spec)


MAX_CHECK_UNITS: Final = 32
"""The most units of a net in the later conditions' checks and search."""
MAX_CHECK_NETS: Final = 2000
"""The most random nets of one of the later conditions' checks."""
MAX_CHECK_LAGS: Final = 200
"""The most lags the later conditions' checks and search follow the flow back."""


def _counts(n: int, nets: int, q: int) -> None:
    for name, value, high in (
        ("n", n, MAX_CHECK_UNITS),
        ("nets", nets, MAX_CHECK_NETS),
        ("q", q, MAX_CHECK_LAGS),
    ):
        count(value, name, minimum=1, maximum=high)


def _positive(value: float, name: str) -> float:
    """A finite positive number, or a TypeError/ValueError naming ``name``."""
    number = finite_scalar(value, name)
    if not number > 0:
        raise ValueError(f"{name} must be positive, got {number}")
    return number
