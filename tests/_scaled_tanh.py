"""A reader's activation for the tests of the peak constants: a tanh(b x) from callables that stay finite and
quiet over the whole float range. Its maximiser of |f'(x) x| is x* = X/b and its peak K = a X sech(X)^2, X the
root of 2 X tanh X = 1, so an oracle needs only X."""

from __future__ import annotations

import numpy as np

from lstmnotes.activations import Activation, from_callables


def scaled_tanh(a: float, b: float, net_limit: float = 1.7976931348623157e308) -> Activation:
    """a tanh(b x), its slope, second derivative and slope rate given in closed form."""

    def slope(x):
        with np.errstate(over="ignore"):
            e = np.exp(-2.0 * np.abs(b * x))
        return a * b * (4.0 * e / (1.0 + e) ** 2)

    def rate(x):
        with np.errstate(over="ignore"):
            return -2.0 * b * np.tanh(b * x)

    def value(x):
        with np.errstate(over="ignore"):
            return a * np.tanh(b * x)

    return from_callables(
        "a tanh(b x)",
        value,
        slope,
        fsecond=lambda x: rate(x) * slope(x),
        slope_rate=rate,
        slope_max=a * b,
        slope_argmax=0.0,
        even_slope=True,
        tail_gains=(0.0, 0.0),
        net_limit=net_limit,
    )
