"""Logistic units with biases, run forward: the nets of the book have none, the later conditions allow them.

{py:func}`run_biased_logistic` is {py:func}`lstmnotes.net.run_net` with biases and the logistic, under
this part's size limits; it returns the run's arrays.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, square_matrix
from lstmnotes.later._norms import MAX_UNITS
from lstmnotes.net import run_net

__all__ = ["MAX_BIASED_STEPS", "run_biased_logistic"]

Array = NDArray[np.float64]

MAX_BIASED_STEPS: Final = 10_000
"""The most steps {py:func}`run_biased_logistic` runs."""


def run_biased_logistic(
    W: ArrayLike, b: ArrayLike, y0: ArrayLike, steps: int
) -> tuple[Array, Array]:
    """Run logistic units with biases: $\\mathit{net}(t) = W y(t-1) + b$, $y(t) = \\sigma(\\mathit{net}(t))$.

    The book's nets have no biases; the conditions of Pascanu et al. bound only the slopes, so nets with
    biases are within their scope. This is ``run_net(W, y0, steps, "logistic", b=b)``
    ({py:func}`lstmnotes.net.run_net`), bit for bit. The backward pass is unchanged: the flow is
    {py:func}`lstmnotes.flow.scaling_factor` with the slopes of this run.

    A net input beyond the float range midway ($\\infty - \\infty$) is recomputed with every factor scaled
    by a power of two, so it comes out right wherever it is a float64.

    Each net input is within $(n + 1)\\, 2^{-53} (\\sum_j |w_{ij} y_j| + |b_i|) + (n + 1)\\, 2^{-1074}$ of
    the exact $W y + b$ (with the run's $y$): one rounding per multiply-add, and a product that lands
    below the normal range loses up to $2^{-1075}$ to underflow (``[[1e-200]]`` times ``[1e-200]`` is
    0.0, not $10^{-400}$).

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
    bias = finite_array(b, "b", ndim=1)  # required here: run_net takes None for no biases
    total = count(steps, "steps", minimum=1, maximum=MAX_BIASED_STEPS)
    run = run_net(weights, y0, total, "logistic", b=bias)
    return np.array(run.nets), np.array(run.activations)
