"""The paper's weak upper bound on the error flow, for any norm pair, and its $\\tau$ corollary.

For $q > 1$ the paper bounds the scaling factor of {py:mod}`lstmnotes.flow` by

$$
\\left|\\frac{\\partial\\vartheta_v(t-q)}{\\partial\\vartheta_u(t)}\\right|
\\le n\\, (f'_{max})^q\\, \\|W_v\\|_x\\, \\|W_{u^{\\mathsf T}}\\|_x\\, \\|W\\|_A^{q-2}
\\le n\\, (f'_{max} \\|W\\|_A)^q,
$$

for a matrix norm $\\|\\cdot\\|_A$ compatible with a vector norm $\\|\\cdot\\|_x$ (a
{py:class}`lstmnotes.bounds.NormPair`), with $f'_{max} = \\max_{m} \\|F'(t-m)\\|_A$
{cite:p}`hochreiter1997lstm`. {py:func}`weak_bound` gives the final bound, {py:func}`weak_bound_middle`
the middle of the chain, {py:func}`weak_bound_chain` the three sides at once. With every
$|w_{ij}| \\le w_{max}$ and logistic units the bound becomes the corollary $n\\,\\tau^q$ of
{py:func}`tau_bound`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, flow_args, unit_index
from lstmnotes.bounds._norms import NormPair, norm_pair
from lstmnotes.flow import scaling_factor

__all__ = [
    "WeakBoundChain",
    "fprime_max",
    "tau",
    "tau_bound",
    "weak_bound",
    "weak_bound_by_lag",
    "weak_bound_chain",
    "weak_bound_middle",
]

Array = NDArray[np.float64]


def fprime_max(fprime: ArrayLike, norm: str | NormPair = "max-row-sum") -> float:
    """The paper's $f'_{max} = \\max_{m=1..q} \\|F'(t-m)\\|_A$, with $F'(t-m)$ the diagonal of row $m-1$.

    For the induced norms this is the largest $|f'|$; for the Frobenius norm it is the largest
    Euclidean length of a row.

    :param fprime: the slopes, shape ``(q, n)`` as in {py:func}`lstmnotes.flow.scaling_factor`.
    :param norm: the norm pair.
    :return: $f'_{max}$.
    :raises ValueError: for an ``fprime`` that is not 2-D, empty or not finite, or an unknown norm.

    ```pycon
    >>> fprime_max([[0.25, 0.1], [0.2, 0.2]])
    0.25

    ```
    """
    pair = norm_pair(norm)
    slopes = finite_array(fprime, "fprime", ndim=2)
    if slopes.shape[0] < 1 or slopes.shape[1] < 1:
        raise ValueError(f"fprime must be non-empty, got shape {slopes.shape}")
    return max(pair.matrix(np.diag(row)) for row in slopes)


def _power_bound(n: int, base: float, q: int, what: str) -> float:
    with np.errstate(over="ignore"):
        value = float(n * np.float64(base) ** q)
    if not np.isfinite(value):
        raise ValueError(f"{what} overflows float64 (base {base:g} to the power q = {q})")
    return value


def weak_bound(W: ArrayLike, fprime: ArrayLike, norm: str | NormPair = "max-row-sum") -> float:
    """The paper's final weak bound $n\\,(f'_{max}\\,\\|W\\|_A)^q$.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param norm: the norm pair.
    :return: the bound.
    :raises ValueError: for bad ``W`` or ``fprime`` (as {py:func}`lstmnotes.flow.scaling_factor`), an
        unknown norm, or a bound beyond the float range.

    ```pycon
    >>> weak_bound(np.full((2, 2), 1.0), np.full((3, 2), 0.25))  # 2 * (0.25 * 2)^3
    0.25

    ```
    """
    weights, slopes = flow_args(W, fprime)
    pair = norm_pair(norm)
    n, q = weights.shape[0], slopes.shape[0]
    return _power_bound(n, fprime_max(slopes, pair) * pair.matrix(weights), q, "the weak bound")


def weak_bound_middle(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, norm: str | NormPair = "max-row-sum"
) -> float:
    """The middle expression of the paper's chain, $n\\,(f'_{max})^q \\|W_v\\|_x \\|W_{u^{\\mathsf T}}\\|_x \\|W\\|_A^{q-2}$.

    Here $[W_v]_i = w_{iv}$ (column $v$ of ``W``) and $[W_{u^{\\mathsf T}}]_i = w_{ui}$ (row $u$).

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``, $q \\ge 2$.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :param norm: the norm pair.
    :return: the middle expression.
    :raises ValueError: for bad input, $q < 2$, units out of range, or an unknown norm.

    ```pycon
    >>> weak_bound_middle(np.eye(2), np.full((2, 2), 0.5), 0, 0)  # 2 * 0.5^2 * 1 * 1 * 1
    0.5

    ```
    """
    weights, slopes = flow_args(W, fprime)
    pair = norm_pair(norm)
    n, q = weights.shape[0], slopes.shape[0]
    if q < 2:
        raise ValueError(f"the weak bound is stated for q > 1, got q = {q}")
    start, end = unit_index(u, n, "u"), unit_index(v, n, "v")
    head = _power_bound(n, fprime_max(slopes, pair), q, "the middle expression")
    matrix_part = _power_bound(1, pair.matrix(weights), q - 2, "the middle expression")
    value = head * pair.vector(weights[:, end]) * pair.vector(weights[start, :]) * matrix_part
    if not np.isfinite(value):
        raise ValueError("the middle expression overflows float64")
    return value


@dataclass(frozen=True)
class WeakBoundChain:
    """The three sides of the paper's chain for one pair $(u, v)$, from {py:func}`weak_bound_chain`."""

    flow: float
    """The true scaling factor $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$."""
    middle: float
    """$n\\,(f'_{max})^q \\|W_v\\|_x \\|W_{u^{\\mathsf T}}\\|_x \\|W\\|_A^{q-2}$."""
    bound: float
    """$n\\,(f'_{max}\\|W\\|_A)^q$."""
    norm: str
    """The name of the norm pair."""

    @property
    def first_holds(self) -> bool:
        """Whether $|\\text{flow}| \\le$ middle."""
        return abs(self.flow) <= self.middle

    @property
    def second_holds(self) -> bool:
        """Whether middle $\\le$ bound."""
        return self.middle <= self.bound

    @property
    def bound_holds(self) -> bool:
        """Whether $|\\text{flow}| \\le$ bound, the chain's conclusion."""
        return abs(self.flow) <= self.bound


def weak_bound_chain(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, norm: str | NormPair = "max-row-sum"
) -> WeakBoundChain:
    """Evaluate the flow, the middle expression and the final bound of the paper's chain.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``, $q \\ge 2$.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :param norm: the norm pair.
    :return: the three values.
    :raises ValueError: as {py:func}`weak_bound_middle`.

    ```pycon
    >>> chain = weak_bound_chain(np.eye(2), np.full((2, 2), 0.25), 0, 0)
    >>> chain.flow, chain.middle, chain.bound
    (0.0625, 0.125, 0.125)

    ```
    """
    pair = norm_pair(norm)
    middle = weak_bound_middle(W, fprime, u, v, pair)
    flow = float(scaling_factor(W, fprime)[v, u])
    return WeakBoundChain(flow, middle, weak_bound(W, fprime, pair), pair.name)


def weak_bound_by_lag(
    W: ArrayLike, fprime: ArrayLike, norm: str | NormPair = "max-row-sum"
) -> Array:
    """The weak bound for every lag $q' = 1, \\dots, q$, using the first $q'$ rows of ``fprime``.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param norm: the norm pair.
    :return: an array of length $q$; entry $q'-1$ is $n\\,(f'_{max}\\|W\\|_A)^{q'}$ with $f'_{max}$
        taken over the first $q'$ steps.
    :raises ValueError: as {py:func}`weak_bound`.

    ```pycon
    >>> weak_bound_by_lag(np.eye(2), np.full((3, 2), 0.5)).tolist()
    [1.0, 0.5, 0.25]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    pair = norm_pair(norm)
    n = weights.shape[0]
    per_step = np.array([pair.matrix(np.diag(row)) for row in slopes])
    base = np.maximum.accumulate(per_step) * pair.matrix(weights)
    lags = np.arange(1, slopes.shape[0] + 1)
    with np.errstate(over="ignore"):
        values: Array = n * base**lags
    if not np.all(np.isfinite(values)):
        raise ValueError("the weak bound overflows float64")
    return values


def _positive(value: float, name: str) -> float:
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be positive and finite, got {value}")
    return float(value)


def tau(n: int, w_max: float) -> float:
    """The paper's $\\tau = n\\, w_{max} / 4$: the ratio of decay per step when every $|w_{ij}| \\le w_{max}$.

    With the maximum row sum, $\\|W\\|_A \\le n\\, w_{max}$, and $f'_{max} \\le 1/4$ for logistic units,
    so $f'_{max}\\|W\\|_A \\le \\tau$.

    :param n: the number of units.
    :param w_max: the largest absolute weight.
    :return: $\\tau$.
    :raises ValueError: for $n < 1$ or a non-positive ``w_max``.

    ```pycon
    >>> tau(4, 0.5)
    0.5

    ```
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    return n * _positive(w_max, "w_max") / 4.0


def tau_bound(n: int, w_max: float, q: int) -> float:
    """The paper's corollary bound $n\\,\\tau^q$ on the flow of a logistic net with all $|w_{ij}| \\le w_{max}$.

    It decays exponentially in $q$ exactly when $\\tau < 1$, that is when $w_{max} < 4/n$.

    :param n: the number of units.
    :param w_max: the largest absolute weight.
    :param q: the lag, at least 1.
    :return: $n\\,\\tau^q$.
    :raises ValueError: for bad $n$, ``w_max`` or $q$, or a bound beyond the float range.

    ```pycon
    >>> tau_bound(4, 0.5, 3)
    0.5

    ```
    """
    if isinstance(q, bool) or not isinstance(q, int | np.integer) or q < 1:
        raise ValueError(f"q must be an integer >= 1, got {q!r}")
    return _power_bound(n, tau(n, w_max), int(q), "n tau^q")
