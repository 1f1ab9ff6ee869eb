"""lstmnotes: executable commentary on section 3 of Hochreiter & Schmidhuber's LSTM paper (1997).

The public API is re-exported here. Importing the package is cheap: matplotlib is imported only by
{py:mod}`lstmnotes.plots`, and sympy only by the symbolic modules, when they are imported.

>>> from lstmnotes import logistic_prime
>>> logistic_prime(0.0)
0.25
"""

from __future__ import annotations

from lstmnotes.activations import (
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
    "LOGISTIC_PRIME_MAX",
    "__version__",
    "activation",
    "identity",
    "identity_prime",
    "logistic",
    "logistic_prime",
    "tanh",
    "tanh_prime",
]

__version__ = "0.1.0"
