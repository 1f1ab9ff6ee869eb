"""Beyond the logistic unit: the constants of §3's analysis for other activations.

The part of the chapter {doc}`/beyond-logistic`. Its public numerics give, for any activation, the weight
threshold that replaces the paper's $4.0$ and the constants of the largest factor $|f'(wy)\\,w|$ that replace
the logistic's coth maximiser; the symbolic module derives the stationarity conditions and the point where
tanh's slope passes the logistic's largest; the evidence module compares tanh, the logistic and ReLU nets.
"""

from __future__ import annotations

from lstmnotes.beyond_logistic._constants import ActivationConstants, activation_constants
from lstmnotes.domain import Domain

__all__ = ["DOMAIN", "ActivationConstants", "activation_constants"]

DOMAIN: tuple[Domain, ...] = (
    Domain(
        activation_constants,
        inputs="activation: a name of NAMED_ACTIVATIONS, or an Activation whose slope is even or whose gain "
        "has no maximum",
        accuracy="slope_max and threshold as the activation states them; gain_argmax and gain_constant as "
        "lstmnotes.local_gain.gain_argmax and gain_constant compute them: relative error below 1e-14 each",
        limits="one maximisation; refused where weight_threshold or gain_argmax refuses (a sup|f'| of at "
        "most 2^-1024; a peak K or slope f'(x*) below 2^-1022)",
    ),
)
