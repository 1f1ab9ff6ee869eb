"""The constants of the paper's analysis, computed for any activation.

Section 3 of {cite:t}`hochreiter1997lstm` uses two properties of the logistic: its largest slope, $1/4$,
which gives the weight threshold $4.0$ below which every factor $|f'(\\mathit{net})\\,w|$ is below one,
and the shape of $\\sigma'$, which gives the maximiser $w = \\coth(\\mathit{net}/2)/y$ of that factor. Both
change with the activation: the threshold is $1/\\sup|f'|$, and for $c = 0$ the factor $|w f'(wy)|$ is
largest at $w = x^\\ast/y$ with value $K/|y|$, where $x^\\ast$ maximises $|x f'(x)|$ and
$K = |x^\\ast f'(x^\\ast)|$. An affine unit or a rectifier has no such maximum: its slope tends to a nonzero
value along a half-line, so the factor grows like $|w|$.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lstmnotes.activations import Activation, as_activation
from lstmnotes.local_gain import gain_argmax, gain_constant, gain_supremum, weight_threshold

__all__ = ["ActivationConstants", "activation_constants"]


@dataclass(frozen=True)
class ActivationConstants:
    """One activation's constants of the §3 analysis, from {py:func}`activation_constants`."""

    name: str
    """The activation's name."""
    slope_max: float
    """$\\sup_x |f'(x)|$, the paper's $1/4$ for the logistic."""
    threshold: float
    """$1/\\sup|f'|$, the paper's $4.0$: every weight with $|w|$ below it gives a factor below one."""
    gain_argmax: float | None
    """$x^\\ast > 0$ maximising $|x f'(x)|$; ``None`` where the gain has no maximum."""
    gain_constant: float
    """$K = |x^\\ast f'(x^\\ast)|$, the largest factor for $c = 0$ and $y = 1$; ``inf`` where it grows without bound."""
    reason: str
    """Why the gain has a maximum or not, in a sentence (from {py:func}`lstmnotes.local_gain.gain_supremum`)."""


def activation_constants(activation: str | Activation) -> ActivationConstants:
    """The threshold and the largest-gain constants of one activation.

    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an
        {py:class}`~lstmnotes.activations.Activation` whose slope is even or whose gain has no maximum.
    :return: the constants; $x^\\ast$ and $K$ each within a relative error of $10^{-14}$ (they come from
        {py:func}`lstmnotes.local_gain.gain_argmax` and {py:func}`lstmnotes.local_gain.gain_constant`).
    :raises TypeError: for an ``activation`` that is neither a name nor an activation.
    :raises ValueError: for an unknown name, or an activation whose gain has a maximum but whose slope is
        not even (then $x^\\ast$ and $-x^\\ast$ do not tie and one constant does not describe it), and
        where {py:func}`lstmnotes.local_gain.weight_threshold` or {py:func}`lstmnotes.local_gain.gain_argmax`
        refuses (a $\\sup|f'|$ of at most $2^{-1024}$; a peak $K$ or slope $f'(x^\\ast)$ below $2^{-1022}$).

    ```pycon
    >>> c = activation_constants("tanh")
    >>> c.threshold, round(c.gain_argmax, 6), round(c.gain_constant, 6)
    (1.0, 0.771702, 0.447743)
    >>> activation_constants("relu").gain_constant
    inf

    ```
    """
    unit = as_activation(activation)
    supremum = gain_supremum(1.0, 0.0, activation=unit)
    if not supremum.attained:
        return ActivationConstants(
            unit.name, unit.slope_max, weight_threshold(unit), None, math.inf, supremum.reason
        )
    return ActivationConstants(
        unit.name,
        unit.slope_max,
        weight_threshold(unit),
        gain_argmax(unit),
        gain_constant(unit),
        supremum.reason,
    )
