r"""The learning rate in sympy: each lag's share of a weight update, and the ratios the rate cannot change.

The symbolic side of {py:func}`lstmnotes.local_gain.lag_contributions`: {py:func}`update_contributions`
propagates a symbolic error back with the paper's rule and forms each lag's update contribution;
{py:func}`rate_free_ratios` proves that the ratio of any lag's contribution to lag 1's is free of the
learning rate $\alpha$.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from lstmnotes._validate import count as _count
from lstmnotes.flow.symbolic import weight_symbols

__all__ = [
    "RateProof",
    "rate_free_ratios",
    "update_contributions",
]

ALPHA = sympy.Symbol("alpha", positive=True)


def _weight_update(rate: sympy.Basic, theta: sympy.Matrix, y_before: sympy.Matrix) -> sympy.Matrix:
    r"""The paper's update contribution of one step: $\alpha\,\vartheta(s)\,y(s-1)^{\mathsf T}$."""
    return rate * theta * y_before.T


def update_contributions(
    n: int = 2, lags: int = 3, rate: sympy.Basic = ALPHA
) -> list[sympy.Matrix]:
    r"""Each lag's contribution to the weight update, in symbols: the twin of {py:func}`lstmnotes.local_gain.lag_contributions`.

    An error $\vartheta(t)$ (symbols) is propagated back with the paper's rule
    $\vartheta(s) = F'(s)\,W^{\mathsf T}\vartheta(s+1)$, the slopes $f'_i(s)$ and activations
    $y^i(s)$ kept as free symbols (the forward run does not involve the learning rate). Entry $k$ of the
    result is the matrix $\alpha\,\vartheta(t-k)\,y(t-k-1)^{\mathsf T}$, whose entry $(j, l)$ is lag $k$'s
    contribution to $\Delta w_{jl}$.

    :param n: the number of units, 1 to 4.
    :param lags: the number of lags, 1 to 6 (lag 0 is the step of the error itself).
    :param rate: the learning rate, a sympy expression.
    :return: ``lags + 1`` matrices of shape ``(n, n)``.
    :raises ValueError: for sizes out of range.

    ```pycon
    >>> update_contributions(1, 1)[1]
    Matrix([[alpha*f'_1(t-1)*theta_1*w_{11}*y_1(t-2)]])

    ```
    """
    for name, value, top in (("n", n, 4), ("lags", lags, 6)):
        _count(value, name, minimum=1, maximum=top)
    w = weight_symbols(n)
    theta = sympy.Matrix(sympy.symbols(f"theta_1:{n + 1}", real=True))
    out = []
    for k in range(lags + 1):
        if k > 0:
            slopes = sympy.diag(*[sympy.Symbol(f"f'_{i + 1}(t-{k})") for i in range(n)])
            theta = slopes * w.T * theta
        before = sympy.Matrix([sympy.Symbol(f"y_{i + 1}(t-{k + 1})") for i in range(n)])
        out.append(_weight_update(rate, theta, before))
    return out


@dataclass(frozen=True)
class RateProof:
    """Whether the ratio of long- to short-range update contributions is free of the learning rate."""

    n: int
    """The number of units."""
    lags: int
    """The longest lag compared with lag 1."""
    ratios: int
    """How many ratios (entries times lags) were differentiated."""
    rate_free: bool
    r"""Whether every ratio's derivative in $\alpha$ is identically zero."""
    witness: dict[str, str] | None
    r"""A ratio that depends on $\alpha$, with its derivative (``None`` when all are free of it)."""


def rate_free_ratios(n: int = 2, lags: int = 3) -> RateProof:
    r"""Prove that the ratio of any lag's update contribution to lag 1's does not depend on $\alpha$.

    Each ratio of entries of {py:func}`update_contributions` is differentiated in $\alpha$ and simplified;
    the claim is proved when every derivative is identically zero. This is a proof *given the update rule*
    $\Delta w_{jl} = \alpha\sum_s \vartheta_j(s)\,y^l(s-1)$ at fixed weights: $\alpha$ multiplies every
    term, so the ratio cannot depend on it.

    :param n: the number of units, 1 to 4.
    :param lags: the longest lag, 2 to 6.
    :return: the proof's outcome.
    :raises ValueError: for sizes out of range.

    ```pycon
    >>> rate_free_ratios(1, 2).rate_free
    True

    ```
    """
    lags = _count(lags, "lags", minimum=2, maximum=6)
    parts = update_contributions(n, lags, ALPHA)
    count = 0
    for k in range(2, lags + 1):
        for j in range(n):
            for i in range(n):
                ratio = parts[k][j, i] / parts[1][j, i]
                count += 1
                derivative = sympy.simplify(sympy.diff(ratio, ALPHA))
                if derivative != 0:
                    return RateProof(
                        n,
                        lags,
                        count,
                        False,
                        {"lag": str(k), "entry": f"{j + 1}{i + 1}", "derivative": str(derivative)},
                    )
    return RateProof(n, lags, count, True, None)
