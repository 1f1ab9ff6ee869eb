"""Logistic units with biases, run forward: the nets of the book have none, the later conditions allow them."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import square_matrix
from lstmnotes.activations import logistic

__all__ = ["run_biased_logistic"]

Array = NDArray[np.float64]


def run_biased_logistic(
    W: ArrayLike, b: ArrayLike, y0: ArrayLike, steps: int
) -> tuple[Array, Array]:
    """Run logistic units with biases: $\\mathit{net}(t) = W y(t-1) + b$, $y(t) = \\sigma(\\mathit{net}(t))$.

    The book's nets ({py:func}`lstmnotes.net.run_net`) have no biases; the conditions of Pascanu et al.
    bound only the slopes, so nets with biases are within their scope. The backward pass is unchanged: the
    flow is {py:func}`lstmnotes.flow.scaling_factor` with the slopes of this run.

    :param W: the $n \\times n$ weights, ``W[i, j]`` from unit $j$ to unit $i$.
    :param b: the biases, length $n$.
    :param y0: the initial activation, length $n$.
    :param steps: the number $T$ of steps, 1 to 10000.
    :return: the net inputs, shape ``(T, n)`` (row $t-1$ is time $t$), and the activations, shape
        ``(T + 1, n)`` (row $t$ is time $t$).
    :raises ValueError: for a non-square or non-finite ``W``, vectors of the wrong length, or a bad ``steps``.

    ```pycon
    >>> nets, ys = run_biased_logistic([[0.0]], [2.0], [0.5], 2)
    >>> nets.ravel().tolist(), bool(abs(ys[2, 0] - 0.8807970779778823) < 1e-15)
    ([2.0, 2.0], True)

    ```
    """
    weights = square_matrix(W, "W")
    n = weights.shape[0]
    bias = np.asarray(b, dtype=np.float64)
    start = np.asarray(y0, dtype=np.float64)
    for name, vector in (("b", bias), ("y0", start)):
        if vector.shape != (n,) or not np.all(np.isfinite(vector)):
            raise ValueError(
                f"{name} must be a finite vector of length n = {n}, got shape {vector.shape}"
            )
    if (
        isinstance(steps, bool)
        or not isinstance(steps, int | np.integer)
        or not 1 <= steps <= 10_000
    ):
        raise ValueError(f"steps must be an integer from 1 to 10000, got {steps!r}")
    nets = np.empty((int(steps), n))
    ys = np.empty((int(steps) + 1, n))
    ys[0] = start
    for t in range(1, int(steps) + 1):
        nets[t - 1] = weights @ ys[t - 1] + bias
        ys[t] = logistic(nets[t - 1])
    return nets, ys
