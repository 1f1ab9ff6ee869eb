"""Many nets of one size run forward side by side: {py:func}`run_nets`, the stacked form of
{py:func}`~lstmnotes.net.run_net`.

A search over random nets runs thousands of small nets; one stacked matrix-vector product a step for all of
them costs little more than their arithmetic, where one call per net costs mostly Python. The products are
numpy's, slice by slice, so every run is bit for bit the run {py:func}`~lstmnotes.net.run_net` makes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lstmnotes._validate import count, finite_array
from lstmnotes.activations import Activation, as_activation
from lstmnotes.net._run import MAX_STEPS, MAX_WORK, _checked_size, run_net
from lstmnotes.net._trajectory import Run

__all__ = ["run_nets"]


def run_nets(
    W: ArrayLike, y0: ArrayLike, steps: int, activation: str | Activation = "logistic"
) -> tuple[Run, ...]:
    """{py:func}`run_net` for a stack of nets at once: the same runs, bit for bit.

    Every step is one stacked matrix-vector product for all nets, so that many small nets cost little
    more than their arithmetic; a net whose net inputs leave the float range takes {py:func}`run_net`'s
    scaled path alone.

    :param W: the weights of $k$ nets, shape ``(k, n, n)``.
    :param y0: their initial activations, shape ``(k, n)``.
    :param steps: the number $T \\ge 1$ of steps, as {py:func}`run_net`.
    :param activation: as {py:func}`run_net`: an Activation or one of its names (the nets here have no
        inputs and no biases).
    :return: $k$ runs; run $i$ equals ``run_net(W[i], y0[i], steps, activation)``.
    :raises ValueError: for stacks of other shapes or lengths, $k = 0$, or as {py:func}`run_net` for any
        net (its size limits apply to each net, and $k T n^2$ at most {py:data}`MAX_WORK`).
    :raises TypeError: as {py:func}`run_net`.

    ```pycon
    >>> runs = run_nets(np.zeros((2, 1, 1)), [[0.0], [1.0]], 1)
    >>> [r.y(1).tolist() for r in runs]
    [[0.5], [0.5]]

    ```
    """
    weights = finite_array(W, "W", ndim=3)
    starts = finite_array(y0, "y0", ndim=2)
    k, n = weights.shape[0], weights.shape[1]
    if k == 0 or weights.shape[2] != n or n == 0:
        raise ValueError(
            f"W must be a non-empty stack of square matrices, got shape {weights.shape}"
        )
    if starts.shape != (k, n):
        raise ValueError(f"y0 must have shape (k, n) = ({k}, {n}), got {starts.shape}")
    total = count(steps, "steps", minimum=1, maximum=MAX_STEPS)
    unit = as_activation(activation, "activation")
    f = unit.f
    _checked_size(n, total, "W")
    if k * total * n * n > MAX_WORK:
        raise ValueError(
            f"{k} nets of n = {n} units over {total} steps need {k * total * n * n:.3g} "
            f"multiply-adds, above the limit MAX_WORK = {MAX_WORK:.3g}"
        )
    nets = np.empty((k, total, n))
    ys = np.empty((k, total + 1, n))
    ys[:, 0] = starts
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, total + 1):
            nets[:, t - 1] = (weights @ ys[:, t - 1, :, None])[:, :, 0]
            ys[:, t] = f(nets[:, t - 1])
    finite = np.all(np.isfinite(nets), axis=(1, 2))
    runs = []
    for i in range(k):
        if not finite[i]:  # the scaled path of a single run
            runs.append(run_net(weights[i], starts[i], total, activation))
            continue
        matrix, net, y = weights[i].copy(), nets[i], ys[i]
        for array in (matrix, net, y):
            array.setflags(write=False)
        runs.append(Run(weights=matrix, activation=unit, nets=net, activations=y))
    return tuple(runs)
