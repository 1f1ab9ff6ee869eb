"""The one-step Jacobian of Pascanu et al.'s recurrent net, and the transposed form their eq. (5) prints.

For $x_t = W \\sigma(x_{t-1}) + U u_t + b$ the entry $(i, j)$ of $\\partial x_t / \\partial x_{t-1}$ is
$\\partial x_{t,i} / \\partial x_{t-1,j} = w_{ij}\\, \\sigma'(x_{t-1,j})$, so the Jacobian is
$W \\operatorname{diag}(\\sigma'(x_{t-1}))$; eq. (5) of {cite:t}`pascanu2013difficulty` writes
$W^{\\mathsf T} \\operatorname{diag}(\\sigma'(x_{t-1}))$, which differs for a non-symmetric $W$. Their norm
bounds survive the slip: $\\|W^{\\mathsf T} D\\|_2 \\le \\|W^{\\mathsf T}\\|_2 \\|D\\|_2 = \\|W\\|_2 \\|D\\|_2$, the
same bound $\\gamma\\, \\sigma_{max}(W)$ as for the true Jacobian, because $W$ and $W^{\\mathsf T}$ have the same
singular values ($W^{\\mathsf T} W$ and $W W^{\\mathsf T}$ share their nonzero eigenvalues).

Each entry is $w\\,\\sigma'(x)$ rounded once from the slope the library computes. Where that slope is below
$2^{-1022}$ it has been rounded into the subnormals and lost digits a huge weight would bring back into the
normal range; for the built-in units whose slope decays ($\\sigma'(x) = A e^{-k|x|} (1 + e^{-k|x|})^{-2}$: the
logistic, tanh and the cell's $g$ and $h$) the slope there is taken as $A e^{-k|x|}$ (the other factor is
within $2^{-1000}$ of one) kept as a mantissa and an exact power of two, so the entry keeps its digits
whenever it is a normal float itself. The affine and leaky units' slopes are their exact parameters.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._exp_split import exp_minus
from lstmnotes._validate import finite_array, square_matrix
from lstmnotes.activations import CELL_G, CELL_H, LOGISTIC, TANH, Activation, as_activation

__all__ = ["printed_jacobian", "state_jacobian"]

Array = NDArray[np.float64]


_TINY: Final = 2.0**-1022
_TAILS: Final = ((LOGISTIC, 0, 1.0), (TANH, 2, 2.0), (CELL_G, 2, 1.0), (CELL_H, 1, 1.0))
"""The units whose slope is $2^p e^{-k|x|} (1 + e^{-k|x|})^{-2}$, with $(p, k)$."""
_FAR: Final = 4000.0
"""Beyond $|x| = 4000$ every such slope is below $2^{-5700}$: times a weight below $2^{1024}$, zero."""


def _args(
    W: ArrayLike, x: ArrayLike, activation: str | Activation
) -> tuple[Array, Array, Activation]:
    weights = square_matrix(W, "W")
    state = finite_array(x, "x", ndim=1)
    if state.shape[0] != weights.shape[0]:
        raise ValueError(f"x must have length n = {weights.shape[0]}, got {state.shape[0]}")
    if weights.shape[0] > 256:
        raise ValueError(f"W may have at most 256 units, got n = {weights.shape[0]}")
    return weights, state, as_activation(activation)


def _entries(weights: Array, state: Array, unit: Activation) -> Array:
    """``weights[i, j]`` $f'$(``state[j]``) for every entry, keeping its digits where the slope is subnormal
    (see the module's docstring); ``ValueError`` for an entry beyond float64."""
    slopes = np.asarray(unit.prime(state), dtype=np.float64).reshape(state.shape)
    with np.errstate(over="ignore", under="ignore"):
        out = weights * slopes[None, :]
    tail = next(((p, k) for u, p, k in _TAILS if unit is u), None)
    small = np.abs(slopes) < _TINY
    if tail is not None and np.any(small):
        power, rate = tail
        mantissa, exponent = exp_minus(rate * np.minimum(np.abs(state[small]), _FAR))
        w_mantissa, w_exponent = np.frexp(weights[:, small])
        total = np.clip(w_exponent + exponent[None, :] + power, -1200, 1100).astype(np.int32)
        out[:, small] = np.ldexp(w_mantissa * mantissa[None, :], total)
    beyond = ~np.isfinite(out)
    if np.any(beyond):
        i, j = (int(v) for v in np.argwhere(beyond)[0])
        raise ValueError(
            f"the entry ({i}, {j}) = {float(weights[i, j])!r} * {unit.name}'(x[{j}] = {float(state[j])!r}) "
            "is beyond float64 (about 1.8e308)"
        )
    return out


def state_jacobian(W: ArrayLike, x: ArrayLike, activation: str | Activation = "tanh") -> Array:
    """$\\partial x_t / \\partial x_{t-1} = W \\operatorname{diag}(\\sigma'(x_{t-1}))$ for
    $x_t = W \\sigma(x_{t-1}) + U u_t + b$: column $j$ of $W$ scaled by $\\sigma'(x_{t-1,j})$.

    :param W: the $n \\times n$ recurrent weights $W_{rec}$, $n \\le 256$.
    :param x: the state $x_{t-1}$, length $n$.
    :param activation: $\\sigma$: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an
        activation.
    :return: the $n \\times n$ Jacobian, entry $(i, j) = \\partial x_{t,i} / \\partial x_{t-1,j}$.
    :raises TypeError: for arguments that are not real numbers, or an activation of the wrong type.
    :raises ValueError: for a non-square or non-finite ``W``, an ``x`` of another length, an unknown
        activation, a slope that is not a finite float64 or an ``x`` beyond a reader's unit's ``net_limit``,
        or an entry beyond float64 (an affine or leaky unit's slope times a huge weight).

    Accuracy: each entry within a relative $2^{-49}$ of $w_{ij}\\,\\sigma'(x_j)$ (the slope's 8 ulps as
    stated in {py:mod}`lstmnotes.activations`, or two where it is taken from $e^{-k|x|}$, and one rounding
    of the product), plus, for an entry below $2^{-1022}$, at most $2^{-1075}$ from its one rounding into
    the subnormals; this for every built-in unit, whatever the sizes of $w_{ij}$ and $x_j$. A reader's unit
    ({py:func}`lstmnotes.activations.from_callables`, ``from_sympy``): one rounding of the product with the
    slope its ``fprime`` returns, which carries that slope's own rounding into the subnormals.

    Source: {cite:t}`pascanu2013difficulty`, eq. (5), corrected.

    ```pycon
    >>> state_jacobian([[0.0, 2.0], [0.0, 0.0]], [0.0, 0.0]).tolist()
    [[0.0, 2.0], [0.0, 0.0]]

    ```
    """
    weights, state, unit = _args(W, x, activation)
    return _entries(weights, state, unit)


def printed_jacobian(W: ArrayLike, x: ArrayLike, activation: str | Activation = "tanh") -> Array:
    """$W^{\\mathsf T} \\operatorname{diag}(\\sigma'(x_{t-1}))$, the form eq. (5) of
    {cite:t}`pascanu2013difficulty` prints for $\\partial x_t / \\partial x_{t-1}$ (it is not that Jacobian
    unless $W$ is symmetric, or the slopes make the two agree; see {py:func}`state_jacobian`).

    :param W: as {py:func}`state_jacobian`; :param x: as there; :param activation: as there.
    :return: the $n \\times n$ matrix $W^{\\mathsf T} \\operatorname{diag}(\\sigma'(x))$.
    :raises TypeError: as {py:func}`state_jacobian`.
    :raises ValueError: as {py:func}`state_jacobian`.

    ```pycon
    >>> printed_jacobian([[0.0, 2.0], [0.0, 0.0]], [0.0, 0.0]).tolist()
    [[0.0, 0.0], [2.0, 0.0]]

    ```
    """
    weights, state, unit = _args(W, x, activation)
    return _entries(weights.T, state, unit)
