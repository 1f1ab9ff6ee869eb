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

__all__ = [
    "ACTIVATIONS",
    "LOGISTIC_PRIME_MAX",
    "activation",
    "identity",
    "identity_prime",
    "logistic",
    "logistic_prime",
    "tanh",
    "tanh_prime",
]
