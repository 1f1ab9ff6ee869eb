"""The paper's noise-free long-time-lag task (Task 2a) and its success criterion.

Section 5.2 of {cite:p}`hochreiter1997lstm` (Experiment 2, Task 2a) uses an alphabet of $p + 1$ symbols,
$a_1, \\dots, a_{p-1}, x, y$, each coded locally (one input unit per symbol), and exactly two training
sequences, each chosen with probability one half:

$$
(y, a_1, a_2, \\dots, a_{p-1}, y) \\quad\\text{and}\\quad (x, a_1, a_2, \\dots, a_{p-1}, x).
$$

The net reads one symbol a step and must predict the next one at every step; only the last prediction needs
memory, of the first symbol, kept for $p$ steps. Here the symbols are numbered $a_i \\mapsto i - 1$,
$x \\mapsto p - 1$, $y \\mapsto p$; a sequence of $p + 1$ symbols gives $p$ inputs (its first $p$
symbols) and $p$ targets (its last $p$).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, finite_scalar

__all__ = [
    "MAX_BATCH",
    "MAX_DELAY",
    "MAX_TASK_VALUES",
    "SUCCESS_THRESHOLD",
    "Task2a",
    "generator",
    "task_2a",
    "task_2a_symbols",
    "within_threshold",
]

MAX_DELAY: Final = 1_000
"""The longest delay $p$ accepted (a sequence of $p + 1$ symbols over an alphabet of $p + 1$)."""

MAX_BATCH: Final = 100_000
"""The most sequences drawn at once."""

MAX_TASK_VALUES: Final = 20_000_000
"""The most one-hot values, ``batch * p * (p + 1)``, drawn at once (160 MB of float64)."""

SUCCESS_THRESHOLD: Final = 0.25
"""The paper's success criterion: every output's absolute error below this, at every step."""


def generator(rng: object) -> np.random.Generator:
    """``rng`` if it is a numpy ``Generator``; a ``TypeError`` naming ``rng`` otherwise (private helper)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy random Generator, got {type(rng).__name__}")
    return rng


def task_2a_symbols(rng: np.random.Generator, p: int, batch: int) -> NDArray[np.int64]:
    """Draw ``batch`` sequences of Task 2a as symbol numbers, each of the two with probability one half.

    :param rng: the random generator (only the first symbol is random).
    :param p: the delay, $2 \\le p \\le$ {py:data}`MAX_DELAY`.
    :param batch: how many sequences, $1 \\le$ ``batch`` $\\le$ {py:data}`MAX_BATCH`.
    :return: integer array ``(batch, p + 1)``: $a_i \\mapsto i - 1$, $x \\mapsto p - 1$, $y \\mapsto p$.
    :raises TypeError: if ``rng`` is not a numpy ``Generator`` or a count is not an integer.
    :raises ValueError: for a count out of its limits.

    ```pycon
    >>> task_2a_symbols(np.random.default_rng(0), 4, 2).tolist()  # y = 4, then a_1..a_3 = 0, 1, 2
    [[4, 0, 1, 2, 4], [4, 0, 1, 2, 4]]

    ```
    """
    rng = generator(rng)
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    batch = count(batch, "batch", minimum=1, maximum=MAX_BATCH)
    first = p - 1 + rng.integers(0, 2, size=batch)
    symbols = np.empty((batch, p + 1), dtype=np.int64)
    symbols[:, 0] = first
    symbols[:, 1:p] = np.arange(p - 1)
    symbols[:, p] = first
    return symbols


@dataclass(frozen=True)
class Task2a:
    """A batch of Task 2a sequences, locally coded.

    :param symbols: integer ``(batch, p + 1)``, as {py:func}`task_2a_symbols` numbers them.
    :param inputs: one-hot ``(batch, p, p + 1)``: the first $p$ symbols.
    :param targets: one-hot ``(batch, p, p + 1)``: the last $p$ symbols, the next symbol at each step.
    """

    symbols: NDArray[np.int64]
    inputs: NDArray[np.float64]
    targets: NDArray[np.float64]


def task_2a(rng: np.random.Generator, p: int, batch: int) -> Task2a:
    """Draw ``batch`` sequences of Task 2a, coded locally, with their targets (the next symbol).

    :param rng: the random generator.
    :param p: the delay, $2 \\le p \\le$ {py:data}`MAX_DELAY`.
    :param batch: how many sequences; ``batch * p * (p + 1)`` at most {py:data}`MAX_TASK_VALUES`.
    :return: the {py:class}`Task2a` batch.
    :raises TypeError: as {py:func}`task_2a_symbols`.
    :raises ValueError: as {py:func}`task_2a_symbols`, or for a batch beyond ``MAX_TASK_VALUES``.

    ```pycon
    >>> task = task_2a(np.random.default_rng(0), 4, 1)
    >>> task.inputs.shape, task.targets[0, -1].tolist()
    ((1, 4, 5), [0.0, 0.0, 0.0, 0.0, 1.0])

    ```
    """
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    batch = count(batch, "batch", minimum=1, maximum=MAX_BATCH)
    if batch * p * (p + 1) > MAX_TASK_VALUES:
        raise ValueError(
            f"batch * p * (p + 1) = {batch * p * (p + 1)} exceeds MAX_TASK_VALUES = {MAX_TASK_VALUES}"
        )
    symbols = task_2a_symbols(rng, p, batch)
    one_hot = np.eye(p + 1)[symbols]
    return Task2a(symbols, one_hot[:, :-1], one_hot[:, 1:])


def within_threshold(
    outputs: ArrayLike, targets: ArrayLike, threshold: float = SUCCESS_THRESHOLD
) -> NDArray[np.bool_]:
    """Whether each sequence meets the paper's criterion: every output's absolute error below ``threshold``.

    :param outputs: ``(..., T, K)``: the outputs of each sequence at each step.
    :param targets: the targets, of the same shape.
    :param threshold: the largest absolute error allowed, $> 0$ (default the paper's {paper}`0.25`).
    :return: bool array ``(...)``, one per sequence.
    :raises TypeError: for non-numeric input.
    :raises ValueError: for non-finite input, shapes that differ or have fewer than two axes, or a threshold
        not above zero.

    ```pycon
    >>> within_threshold([[[0.2, 0.9]]], [[[0.0, 1.0]]]).tolist()
    [True]

    ```
    """
    y = finite_array(outputs, "outputs")
    d = finite_array(targets, "targets")
    if y.shape != d.shape or y.ndim < 2:
        raise ValueError(
            f"outputs and targets must share a shape (..., T, K), got {y.shape} and {d.shape}"
        )
    limit = finite_scalar(threshold, "threshold")
    if limit <= 0:
        raise ValueError(f"threshold must be > 0, got {limit}")
    with np.errstate(over="ignore"):  # a difference beyond float64 is inf: above any threshold
        return np.asarray(np.all(np.abs(y - d) < limit, axis=(-2, -1)))
