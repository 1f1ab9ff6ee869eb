"""Activation functions of the paper's units, their derivatives and their sympy twins (the logistic chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.activations.symbolic`, {py:mod}`lstmnotes.activations.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.activations._functions import (
    ACTIVATIONS,
    LOGISTIC_PRIME_MAX,
    activation,
    identity,
    identity_prime,
    logistic,
    logistic_prime,
    tanh,
    tanh_prime,
)
from lstmnotes.domain import Domain

__all__ = [
    "ACTIVATIONS",
    "DOMAIN",
    "LOGISTIC_PRIME_MAX",
    "activation",
    "identity",
    "identity_prime",
    "logistic",
    "logistic_prime",
    "tanh",
    "tanh_prime",
]

_ULPS = "relative error below 8 ulps (2^-50) for results of at least 2^-1022; below that, absolute error below 4 2^-1074"

DOMAIN: tuple[Domain, ...] = (
    Domain(
        logistic,
        inputs="x: finite real number or array of them (subnormals included)",
        accuracy=_ULPS,
        limits="none beyond the array's own memory: one pass of a few operations an entry",
    ),
    Domain(
        logistic_prime,
        inputs="x: as logistic",
        accuracy=f"{_ULPS}; never above LOGISTIC_PRIME_MAX = {LOGISTIC_PRIME_MAX}",
        limits="as logistic",
    ),
    Domain(tanh, inputs="x: as logistic", accuracy=_ULPS, limits="as logistic"),
    Domain(
        tanh_prime,
        inputs="x: as logistic",
        accuracy=f"{_ULPS}; never above 1",
        limits="as logistic; no overflow warning at |x| near 1.8e308",
    ),
    Domain(identity, inputs="x: as logistic", accuracy="exact", limits="as logistic"),
    Domain(identity_prime, inputs="x: as logistic", accuracy="exact (ones)", limits="as logistic"),
    Domain(
        activation,
        inputs=f"name: a str, one of {', '.join(ACTIVATIONS)}",
        accuracy="exact (a look-up); the pair acts as the functions above",
        limits="none",
    ),
)
