r"""The numerics of the remarks on training: each lag's share of an update, and one weight descending.

The logistic paragraph ends with two remarks about learning rather than about a single factor: a larger
learning rate does not change the ratio of long- to short-range error flow, and larger initial weights do
not avoid the small ones, since a weight that must change its sign crosses zero.
{py:func}`lag_contributions` splits a weight update of a running net into the contributions of its lags;
{py:func}`descend_weight` runs gradient descent on the one weight of a logistic unit.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.activations import activation as _lookup
from lstmnotes.net import Run, error_signals

__all__ = [
    "descend_weight",
    "lag_contributions",
]

Array = NDArray[np.float64]


def lag_contributions(run: Run, t: int, theta: ArrayLike, learning_rate: float) -> Array:
    """The size of each time step's contribution to the weight update for an error injected at time $t$.

    The update of $w_{jl}$ collects $\\alpha\\,\\vartheta_j(s)\\,y^l(s-1)$ over the steps $s \\le t$; entry
    $t - s$ of the result is the Frobenius norm of the matrix $\\alpha\\,\\vartheta(s)\\,y(s-1)^{\\mathsf T}$,
    the contribution of lag $t - s$. The learning rate $\\alpha$ multiplies every entry alike, so the
    ratio of any two lags does not depend on it.

    :param run: a forward run.
    :param t: the injection time.
    :param theta: the error signals $\\vartheta(t)$ (e.g. from {py:func}`lstmnotes.net.output_error`).
    :param learning_rate: $\\alpha > 0$.
    :return: an array of length $t$, entry $k$ for lag $k$ (time $s = t - k$).
    :raises ValueError: for a non-positive or non-finite learning rate, or bad ``t``/``theta``.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[0.0, 0.0], [4.0, 0.0]], [1.0, 0.0], 2)
    >>> lag_contributions(run, 2, [0.0, 1.0], 0.5).round(6).tolist()
    [0.550988, 0.5]

    ```
    """
    alpha = float(finite_array(learning_rate, "learning_rate", ndim=0))
    if alpha <= 0:
        raise ValueError(f"learning_rate must be positive, got {alpha}")
    signals = error_signals(run, t, theta)  # row s - 1 is theta(s), s = 1..t
    before = run.activations[:t]  # row s - 1 is y(s - 1)
    norms = alpha * np.linalg.norm(signals, axis=1) * np.linalg.norm(before, axis=1)
    return np.asarray(norms[::-1], dtype=np.float64)


def descend_weight(w0: float, x: float, target: float, learning_rate: float, steps: int) -> Array:
    r"""Gradient descent on the one weight of a logistic unit $y = \sigma(wx)$ with squared error.

    The error is $E = \tfrac12(d - y)^2$, so $\partial E/\partial w = -(d - y)\,\sigma'(wx)\,x$ and each
    step is $w \leftarrow w + \alpha\,(d - y)\,\sigma'(wx)\,x$: the paper's update
    $\alpha\,\vartheta\,y^{\text{in}}$ for a single output unit with input $x$.

    :param w0: the initial weight.
    :param x: the input, nonzero.
    :param target: the target $d$, strictly between 0 and 1.
    :param learning_rate: $\alpha > 0$.
    :param steps: the number of steps, 1 to $10^6$.
    :return: the weights $w_0, w_1, \dots, w_{\text{steps}}$.
    :raises ValueError: for a zero input, a target outside $(0, 1)$, a non-positive rate or a bad
        number of steps.

    ```pycon
    >>> descend_weight(0.0, 1.0, 0.75, 8.0, 1).tolist()
    [0.0, 0.5]

    ```
    """
    start = float(finite_array(w0, "w0", ndim=0))
    inp = float(finite_array(x, "x", ndim=0))
    goal = float(finite_array(target, "target", ndim=0))
    alpha = float(finite_array(learning_rate, "learning_rate", ndim=0))
    if inp == 0:
        raise ValueError("x must be nonzero: with x = 0 the weight receives no gradient")
    if not 0 < goal < 1:
        raise ValueError(f"target must lie strictly between 0 and 1, got {goal}")
    if alpha <= 0:
        raise ValueError(f"learning_rate must be positive, got {alpha}")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= 1_000_000:
        raise ValueError(f"steps must be an integer from 1 to 1000000, got {steps!r}")
    f, fprime = _lookup("logistic")
    out = np.empty(steps + 1)
    out[0] = w = start
    for k in range(1, steps + 1):
        net = np.asarray(w * inp)
        w = w + alpha * (goal - float(f(net))) * float(fprime(net)) * inp
        out[k] = w
    return out
