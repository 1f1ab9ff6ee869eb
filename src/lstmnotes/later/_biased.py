"""Logistic units with biases, run forward: the nets of the book have none, the later conditions allow them."""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, square_matrix
from lstmnotes.activations import logistic
from lstmnotes.later._norms import MAX_UNITS

__all__ = ["MAX_BIASED_STEPS", "run_biased_logistic"]

Array = NDArray[np.float64]

MAX_BIASED_STEPS: Final = 10_000
"""The most steps {py:func}`run_biased_logistic` runs."""


def run_biased_logistic(
    W: ArrayLike, b: ArrayLike, y0: ArrayLike, steps: int
) -> tuple[Array, Array]:
    """Run logistic units with biases: $\\mathit{net}(t) = W y(t-1) + b$, $y(t) = \\sigma(\\mathit{net}(t))$.

    The book's nets ({py:func}`lstmnotes.net.run_net`) have no biases; the conditions of Pascanu et al.
    bound only the slopes, so nets with biases are within their scope. The backward pass is unchanged: the
    flow is {py:func}`lstmnotes.flow.scaling_factor` with the slopes of this run.

    A net input beyond the float range midway ($\\infty - \\infty$) is recomputed with every factor scaled
    by a power of two, so it comes out right wherever it is a float64.

    :param W: the $n \\times n$ weights, ``W[i, j]`` from unit $j$ to unit $i$, $n \\le$
        {py:data}`lstmnotes.later.MAX_UNITS`.
    :param b: the biases, length $n$.
    :param y0: the initial activation, length $n$.
    :param steps: the number $T$ of steps, 1 to {py:data}`MAX_BIASED_STEPS`.
    :return: the net inputs, shape ``(T, n)`` (row $t-1$ is time $t$), and the activations, shape
        ``(T + 1, n)`` (row $t$ is time $t$).
    :raises TypeError: for arguments that are not real numbers, or a ``steps`` that is not an integer.
    :raises ValueError: for a non-square, non-finite or too large ``W``, vectors of the wrong length or not
        finite, ``steps`` out of range, or a net input beyond the float range.

    ```pycon
    >>> nets, ys = run_biased_logistic([[0.0]], [2.0], [0.5], 2)
    >>> nets.ravel().tolist(), bool(abs(ys[2, 0] - 0.8807970779778823) < 1e-15)
    ([2.0, 2.0], True)

    ```
    """
    weights = square_matrix(W, "W")
    n = weights.shape[0]
    if n > MAX_UNITS:
        raise ValueError(f"W may have at most MAX_UNITS = {MAX_UNITS} units, got n = {n}")
    bias = finite_array(b, "b", ndim=1)
    start = finite_array(y0, "y0", ndim=1)
    for name, vector in (("b", bias), ("y0", start)):
        if vector.shape != (n,):
            raise ValueError(f"{name} must be a vector of length n = {n}, got shape {vector.shape}")
    count_ = count(steps, "steps", minimum=1, maximum=MAX_BIASED_STEPS)
    nets = np.empty((count_, n))
    ys = np.empty((count_ + 1, n))
    ys[0] = start
    for t in range(1, count_ + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            nets[t - 1] = weights @ ys[t - 1] + bias
        if not np.all(np.isfinite(nets[t - 1])):
            nets[t - 1] = _scaled_net(weights, ys[t - 1], bias, t)
        ys[t] = logistic(nets[t - 1])
    return nets, ys


def _exponent(a: Array) -> int:
    peak = float(np.max(np.abs(a)))
    return math.frexp(peak)[1] if peak > 0.0 else 0


def _scaled_net(weights: Array, y: Array, bias: Array, t: int) -> Array:
    """$W y + b$ with every factor scaled by a power of two first, so that no partial sum overflows."""
    e_w, e_y, e_b = _exponent(weights), _exponent(y), _exponent(bias)
    with np.errstate(under="ignore"):
        product = np.ldexp(weights, -e_w) @ np.ldexp(y, -e_y)  # each entry at most n in size
        top = max(e_w + e_y, e_b)
        total = np.ldexp(product, e_w + e_y - top) + np.ldexp(bias, -top)
    mantissa, shift = np.frexp(total)
    if np.any((mantissa != 0) & (shift + top > 1024)):
        raise ValueError(
            f"the net input W y({t - 1}) + b at step {t} overflows float64: it exceeds about 1.8e308 "
            "(W, b or y0 too large)"
        )
    result: Array = np.ldexp(total, top)
    return result
