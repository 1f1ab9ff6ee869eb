"""What weights a naive carousel can reach on a task: the least-squares fit of its input weights.

The naive carousel of section 3.2, with one input weight per input line and the read weight one, outputs
$w \\cdot \\sum_{\\tau \\le t} x(\\tau)$ at step $t$: linear in the weights, so the best weights on a task
and the least error any weights reach are a least-squares problem ({py:func}`naive_task_fit`). Which
tasks it meets exactly is surveyed in {py:mod}`lstmnotes.carousel.evidence_naive_tasks`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array

__all__ = ["MAX_TASK_VALUES", "naive_task_fit", "naive_task_residual"]

Array = NDArray[np.float64]

MAX_TASK_VALUES = 1_000_000
"""The most input values $N T d$ {py:func}`naive_task_fit` accepts, with $d \\le 1000$ input lines."""


def naive_task_fit(sequences: ArrayLike, targets: ArrayLike) -> tuple[Array, float]:
    """The best input weights of a naive carousel on a task, and the least total squared error.

    With the read weight one and input weights $w \\in \\mathbb{R}^d$, the output at step $t$ is
    $w \\cdot \\sum_{\\tau \\le t} x(\\tau)$: linear in $w$, so the best $w$ is a least-squares solution.

    :param sequences: the inputs, shape ``(N, T, d)``: $N$ sequences of $T$ steps and $d$ input lines.
    :param targets: the targets $d(t)$, shape ``(N, T)``.
    :return: ``(w, error)`` with $w$ of shape ``(d,)`` and error $\\min_w \\sum \\tfrac12 (y(t) - d(t))^2$.
    :raises ValueError: for mismatched shapes, non-finite values, more than
        {py:data}`MAX_TASK_VALUES` values, or weights or an error beyond the float64 range.

    The inputs and targets are scaled by exact powers of two before numpy's least squares (SVD-based,
    backward stable) and the results scaled back; each residual is formed in units of its own row's
    power of two and the squares summed in units of the largest, so no sum or square over- or underflows
    on the way (a target far below the largest keeps its share of the error).

    ```pycon
    >>> w, error = naive_task_fit([[[1.0], [1.0]]], [[1.0, 2.0]])  # count the symbol: repeats harmless
    >>> w.round(12).tolist(), error < 1e-20
    ([1.0], True)

    ```
    """
    x = finite_array(sequences, "sequences", ndim=3)
    d = finite_array(targets, "targets", ndim=2)
    if d.shape != x.shape[:2]:
        raise ValueError(f"targets must have shape {x.shape[:2]}, got {d.shape}")
    if x.size == 0 or x.size > MAX_TASK_VALUES or x.shape[2] > 1000:
        raise ValueError(
            f"sequences must hold 1 to MAX_TASK_VALUES = {MAX_TASK_VALUES} values on at most 1000 lines, "
            f"got shape {x.shape}"
        )
    # exact power-of-two scaling: least squares is equivariant, and nothing over- or underflows inside
    _, x_exp = np.frexp(np.max(np.abs(x)))
    _, d_exp = np.frexp(np.max(np.abs(d)))
    with np.errstate(over="ignore"):
        features = np.cumsum(np.ldexp(x, -x_exp), axis=1).reshape(-1, x.shape[2])
    flat = np.ldexp(d, -d_exp).reshape(-1)
    solution, *_ = np.linalg.lstsq(features, flat, rcond=None)
    w = np.asarray(solution, dtype=np.float64)
    w_exp = d_exp - x_exp
    error = _half_squared_residuals(features @ w, d.reshape(-1), int(d_exp))
    with np.errstate(over="ignore"):
        w = np.ldexp(w, w_exp)
    if not (np.all(np.isfinite(w)) and np.isfinite(error)):
        raise ValueError(
            "the best weights or the least error exceed the float64 range (about 1.8e308)"
        )
    return w, error


def _half_squared_residuals(scaled_fit: Array, targets: Array, shift: int) -> float:
    """$\\tfrac12 \\sum_i (p_i 2^{k} - d_i)^2$ for the fit $p$ (in units of $2^k$, ``shift`` $= k$) and the
    unscaled targets $d$, without under- or overflow: each residual is formed in units of its own row's
    larger power of two (a target far below the largest keeps its digits, where in units of $2^k$ it would
    underflow), and the squares are summed in units of the largest."""
    _, fit_exp = np.frexp(scaled_fit)
    _, target_exp = np.frexp(targets)
    fit_exp = np.where(scaled_fit != 0, fit_exp.astype(np.int64) + shift, -(2**20))  # zero: no say
    row_exp = np.maximum(fit_exp, target_exp).astype(np.int64)
    residual = np.ldexp(scaled_fit, (shift - row_exp).astype(np.int32)) - np.ldexp(
        targets, (-row_exp).astype(np.int32)
    )  # each term of magnitude below 1: exact where they cancel (Sterbenz), one rounding otherwise
    mantissa, exponent = np.frexp(residual)
    exponent = exponent.astype(np.int64) + row_exp
    if not np.any(mantissa):
        return 0.0
    top = int(np.max(exponent[mantissa != 0]))
    squares = np.ldexp(mantissa**2, np.clip(2 * (exponent - top), -2200, 0).astype(np.int32))
    with np.errstate(over="ignore"):
        return float(np.ldexp(0.5 * np.sum(squares), 2 * top))


def naive_task_residual(sequences: ArrayLike, targets: ArrayLike) -> float:
    """The least total squared error a naive carousel with one input weight per line can reach on a task.

    :param sequences: the inputs, shape ``(N, T, d)``.
    :param targets: the targets $d(t)$, shape ``(N, T)``.
    :return: the error of {py:func}`naive_task_fit`.
    :raises ValueError: for mismatched shapes or non-finite values.

    ```pycon
    >>> one_hot = [[[1.0, 0.0], [0.0, 1.0]]]  # store the first symbol, ignore the second
    >>> naive_task_residual(one_hot, [[1.0, 1.0]]) < 1e-20
    True
    >>> round(naive_task_residual([[[1.0], [1.0]]], [[1.0, 1.0]]), 12)  # store once, ignore the repeat
    0.1

    ```
    """
    return naive_task_fit(sequences, targets)[1]
