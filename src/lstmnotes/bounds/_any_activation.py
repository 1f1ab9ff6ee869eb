"""The weak bound for an activation rather than a run: every step's slopes at their supremum $\\sup|f'|$.

The paper's $f'_{max} = \\max_m \\|F'(t-m)\\|_A$ is at most $\\|\\operatorname{diag}(\\sup|f'|, \\dots)\\|_A$
for any run of a net of one activation: $\\sup|f'|$ for the induced norms (the logistic's $1/4$, tanh's
$1$), $\\sqrt n\\,\\sup|f'|$ for the Frobenius norm. The weak bound $n\\,(f'_{max}\\|W\\|_A)^q$ with that
$f'_{max}$ then holds for every run, whatever its net inputs.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from lstmnotes._validate import count, square_matrix
from lstmnotes.activations import LOGISTIC, Activation, as_activation
from lstmnotes.bounds import _power
from lstmnotes.bounds._norms import MAX_UNITS, NormPair, norm_pair
from lstmnotes.bounds._steps import _largest_split, _matrix_norm, _step_norms
from lstmnotes.bounds._weak import MAX_TAU_LAG

__all__ = ["activation_fprime_max", "activation_weak_bound"]


def _steepest(n: int, unit: Activation, pair: NormPair) -> tuple[float, int]:
    return _largest_split(*_step_norms(np.full((1, n), unit.slope_max), pair))


def activation_fprime_max(
    n: int, *, activation: str | Activation = LOGISTIC, norm: str | NormPair = "max-row-sum"
) -> float:
    """The largest $f'_{max}$ any run of $n$ units of one activation can have: $\\|\\sup|f'|\\,I_n\\|_A$.

    :param n: the number of units, 1 to {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation.
    :param norm: the norm pair.
    :return: $\\sup|f'|$ for the induced pairs, $\\sqrt n\\,\\sup|f'|$ for the Frobenius pair.
    :raises TypeError: for an ``n`` that is not an integer, or a bad ``activation`` or ``norm``.
    :raises ValueError: for $n$ out of range, or an unknown activation or norm.

    ```pycon
    >>> activation_fprime_max(3), activation_fprime_max(4, activation="tanh", norm="frobenius")
    (0.25, 2.0)

    ```
    """
    units = count(n, "n", minimum=1, maximum=MAX_UNITS)
    unit, pair = as_activation(activation), norm_pair(norm)
    return _power.value(_steepest(units, unit, pair), "f'_max")


def activation_weak_bound(
    W: ArrayLike,
    q: int,
    *,
    activation: str | Activation = LOGISTIC,
    norm: str | NormPair = "max-row-sum",
) -> float:
    """The weak bound $n\\,(f'_{max}\\|W\\|_A)^q$ with $f'_{max}$ from {py:func}`activation_fprime_max`.

    It bounds the flow of every run of the net, whatever its inputs, and equals
    {py:func}`lstmnotes.bounds.weak_bound` for a run whose every slope is $\\pm\\sup|f'|$. The product and
    the power are taken as mantissas and powers of two, so it is right wherever it is a float64.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param q: the lag, 1 to {py:data}`lstmnotes.bounds.MAX_TAU_LAG`.
    :param activation: as {py:func}`activation_fprime_max`.
    :param norm: the norm pair.
    :return: the bound.
    :raises TypeError: for ``W`` that is not real numbers, a ``q`` that is not an integer, or a bad
        ``activation`` or ``norm``.
    :raises ValueError: for a bad ``W``, $q$ out of range, an unknown activation or norm, or a bound
        beyond the float range.

    ```pycon
    >>> activation_weak_bound(np.eye(2), 3), activation_weak_bound(np.eye(2), 3, activation="tanh")
    (0.03125, 2.0)

    ```
    """
    weights = square_matrix(W, "W")
    n = weights.shape[0]
    if n > MAX_UNITS:
        raise ValueError(f"W may have at most MAX_UNITS = {MAX_UNITS} units, got n = {n}")
    lag = count(q, "q", minimum=1, maximum=MAX_TAU_LAG)
    unit, pair = as_activation(activation), norm_pair(norm)
    base = _power.times(_steepest(n, unit, pair), _matrix_norm(pair, weights))
    return _power.value(_power.times(math.frexp(n), _power.raise_to(base, lag)), "the weak bound")
