r"""The numerics of the remarks on training: each lag's share of an update, and one weight descending.

The logistic paragraph ends with two remarks about learning rather than about a single factor: a larger
learning rate does not change the ratio of long- to short-range error flow, and larger initial weights do
not avoid the small ones, since a weight that must change its sign crosses zero.
{py:func}`lag_contributions` splits a weight update of a running net into the contributions of its lags;
{py:func}`descend_weight` runs gradient descent on the one weight of a logistic unit.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_scalar
from lstmnotes.net import Run, error_signals

__all__ = [
    "DESCENT_MAX_STEPS",
    "descend_weight",
    "lag_contributions",
]

Array = NDArray[np.float64]

DESCENT_MAX_STEPS: Final = 1_000_000
"""The most steps {py:func}`descend_weight` takes (about a second)."""


def _row_norms(rows: Array) -> tuple[Array, Array]:
    """The Euclidean norm of each row as ``(mantissa, exponent)``, free of under- and overflow."""
    top = np.max(np.abs(rows), axis=1)
    scale = np.where(top > 0, top, 1.0)
    with np.errstate(under="ignore"):
        mantissa, exponent = np.frexp(
            np.linalg.norm(rows / scale[:, None], axis=1)
        )  # in [1, sqrt(n)]
    top_m, top_e = np.frexp(scale)
    return mantissa * top_m, (exponent + top_e).astype(np.float64)


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
    :return: an array of length $t$, entry $k$ for lag $k$ (time $s = t - k$); the norms and their
        product are scaled by powers of two, so each entry has a relative error below $10^{-14}$ given
        the error signals it is computed from (a subnormal entry within one unit of $2^{-1074}$ more).
    :raises ValueError: for a non-positive or non-finite learning rate, bad ``t``/``theta``, or an entry
        beyond the float range.
    :raises TypeError: for a non-real learning rate or ``theta``, or a non-integer ``t``.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[0.0, 0.0], [4.0, 0.0]], [1.0, 0.0], 2)
    >>> lag_contributions(run, 2, [0.0, 1.0], 0.5).round(6).tolist()
    [0.550988, 0.5]

    ```
    """
    alpha = finite_scalar(learning_rate, "learning_rate")
    if alpha <= 0:
        raise ValueError(f"learning_rate must be positive, got {alpha}")
    signals = error_signals(run, t, theta)  # row s - 1 is theta(s), s = 1..t
    before = run.activations[:t]  # row s - 1 is y(s - 1)
    m_signal, e_signal = _row_norms(signals)
    m_before, e_before = _row_norms(before)
    m_alpha, e_alpha = np.frexp(alpha)
    with np.errstate(over="ignore", under="ignore"):
        norms = np.ldexp(
            m_alpha * m_signal * m_before, (e_signal + e_before + e_alpha).astype(np.int64)
        )
    if not np.all(np.isfinite(norms)):
        raise ValueError(
            "a lag's contribution learning_rate |theta(s)| |y(s-1)| exceeds the float range: "
            f"learning_rate = {alpha!r} is too large for these signals"
        )
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
    :param steps: the number of steps, 1 to {py:data}`DESCENT_MAX_STEPS`.
    :return: the weights $w_0, w_1, \dots, w_{\text{steps}}$; each weight is within one rounding of the
        exact update of the weight before it, plus 8 ulps of the step and
        $2^{-52}\alpha\,\sigma'(wx)\,|x|$ (the rounding of the error $d - y$ in float64); the roundings of
        the steps add up. The
        update is formed as mantissas and powers of two where a product leaves the normal range, with
        the net input $wx$ kept to twice the float precision.
    :raises ValueError: for a zero input, a target outside $(0, 1)$, a non-positive rate, a bad
        number of steps, or a weight that leaves the float range (a learning rate too large).
    :raises TypeError: for non-real numbers or a non-integer number of steps.

    ```pycon
    >>> descend_weight(0.0, 1.0, 0.75, 8.0, 1).tolist()
    [0.0, 0.5]

    ```
    """
    start = finite_scalar(w0, "w0")
    inp = finite_scalar(x, "x")
    goal = finite_scalar(target, "target")
    alpha = finite_scalar(learning_rate, "learning_rate")
    if inp == 0:
        raise ValueError("x must be nonzero: with x = 0 the weight receives no gradient")
    if not 0 < goal < 1:
        raise ValueError(f"target must lie strictly between 0 and 1, got {goal}")
    if alpha <= 0:
        raise ValueError(f"learning_rate must be positive, got {alpha}")
    total = count(steps, "steps", minimum=1, maximum=DESCENT_MAX_STEPS)
    weights = [start]
    w = start
    for k in range(1, total + 1):  # plain floats: a step costs about a microsecond
        try:
            w = w + _step(w, inp, goal, alpha)
        except OverflowError:  # a step beyond the float range (no weight inside it can cancel it)
            w = math.inf
        if not math.isfinite(w):
            raise ValueError(
                f"the weight leaves the float range at step {k}: learning_rate = {alpha!r} is too "
                f"large for x = {inp!r}"
            )
        weights.append(w)
    return np.array(weights, dtype=np.float64)


_TINY: Final = 2.0**-1022  # the smallest normal float64
_LN2_HI: Final = 6.93147180369123816490e-01  # low 21 bits zero: k * _LN2_HI is exact for k < 2**21
_LN2_LO: Final = 1.90821492927058770002e-10
_SPLIT: Final = 134217729.0  # 2**27 + 1, Veltkamp's splitter


def _product_error(a: float, b: float) -> float:
    """The rounding error ``a * b - fl(a * b)`` of two floats in [1/2, 1) (Dekker), exact."""
    t = _SPLIT * a
    a_hi = t - (t - a)
    t = _SPLIT * b
    b_hi = t - (t - b)
    a_lo, b_lo = a - a_hi, b - b_hi
    return ((a_hi * b_hi - a * b) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _step(w: float, x: float, goal: float, alpha: float) -> float:
    r"""The update $\alpha\,(d - \sigma(wx))\,\sigma'(wx)\,x$, to 8 ulps given $d - \sigma(wx)$ as rounded.

    The net input $wx$ is kept as ``net + lo`` (its rounding error from Dekker's product), since
    $\sigma'$ magnifies a relative error of the net input $|wx|$ times. Where every factor and partial
    product is a normal float the plain product is used; elsewhere the factors are multiplied as
    mantissas and powers of two, and $e^{-|wx|}$ beyond 700 is $2^{-k} e^{k \ln 2 - |wx|}$ with a
    two-part $\ln 2$, so the step is right down to the subnormals. Raises ``OverflowError`` for a step
    beyond the float range.
    """
    net = w * x
    a = abs(net)
    e = math.exp(-a) if a < 745.0 else 0.0  # in [0, 1]: never overflows
    y = 1.0 / (1.0 + e) if net >= 0 else e / (1.0 + e)
    error = goal - y
    delta = 0.0  # |wx| = a + delta
    if 1.0 <= a < 2.0**1000:
        m_w, e_w = math.frexp(w)
        m_x, e_x = math.frexp(x)
        delta = math.ldexp(_product_error(m_w, m_x), e_w + e_x)
        delta = delta if net >= 0 else -delta
    if a < 700.0:
        slope = min(e / (1.0 + e) ** 2, 0.25)
        if delta:
            slope *= 1.0 - math.tanh(0.5 * a) * delta  # d log f'(net) / d|net| = -tanh(|net|/2)
        first = alpha * error
        second = first * slope
        step = second * x
        normal = min(abs(first), abs(second), abs(step)) >= _TINY and math.isfinite(step)
        if normal or error == 0.0:
            return step  # the plain product: normal all the way
        shift = 0
    elif a < 2.0**20:  # f'(net) = e^-|net| to the last bit; as 2^-k e^(k ln 2 - |net|)
        k = int(a / _LN2_HI)
        slope = math.exp((k * _LN2_HI - a) + k * _LN2_LO) * (1.0 - delta)
        shift = -k
    else:  # f'(net) < e^-(2^20): the step is below the smallest subnormal
        return 0.0
    factors = [math.frexp(v) for v in (alpha, error, slope, x)]
    mantissa = factors[0][0] * factors[1][0] * factors[2][0] * factors[3][0]
    exponent = shift + sum(f[1] for f in factors)
    return math.ldexp(mantissa, max(exponent, -1200))
