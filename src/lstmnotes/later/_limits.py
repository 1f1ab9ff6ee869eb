"""The argument checks the later conditions' checks and search share: an activation, and counts.

An activation is a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an
{py:class}`lstmnotes.activations.Activation`, whose $\\sup|f'|$ is the slope bound $\\gamma$; the units,
nets and lags of a check must be integers within their ranges.
"""

from __future__ import annotations

from lstmnotes._validate import count
from lstmnotes.activations import Activation, as_activation
from lstmnotes.later._norms import gamma


def _activation(spec: str | Activation) -> tuple[Activation, float]:
    """The activation and its $\\gamma$."""
    return as_activation(spec), gamma(spec)


def _counts(n: int, nets: int, q: int) -> None:
    for name, value, high in (("n", n, 32), ("nets", nets, 2000), ("q", q, 200)):
        count(value, name, minimum=1, maximum=high)
