"""The one-step Jacobian of Pascanu et al.'s recurrent net, and the transposed form their eq. (5) prints.

For $x_t = W \\sigma(x_{t-1}) + U u_t + b$ the entry $(i, j)$ of $\\partial x_t / \\partial x_{t-1}$ is
$\\partial x_{t,i} / \\partial x_{t-1,j} = w_{ij}\\, \\sigma'(x_{t-1,j})$, so the Jacobian is
$W \\operatorname{diag}(\\sigma'(x_{t-1}))$; eq. (5) of {cite:t}`pascanu2013difficulty` writes
$W^{\\mathsf T} \\operatorname{diag}(\\sigma'(x_{t-1}))$, which differs for a non-symmetric $W$. Their norm
bounds survive the slip: $\\|W^{\\mathsf T} D\\|_2 \\le \\|W^{\\mathsf T}\\|_2 \\|D\\|_2 = \\|W\\|_2 \\|D\\|_2$, the
same bound $\\gamma\\, \\sigma_{max}(W)$ as for the true Jacobian, because $W$ and $W^{\\mathsf T}$ have the same
singular values ($W^{\\mathsf T} W$ and $W W^{\\mathsf T}$ share their nonzero eigenvalues).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, square_matrix
from lstmnotes.activations import Activation, as_activation

__all__ = ["printed_jacobian", "state_jacobian"]

Array = NDArray[np.float64]


def _args(W: ArrayLike, x: ArrayLike, activation: str | Activation) -> tuple[Array, Array]:
    weights = square_matrix(W, "W")
    state = finite_array(x, "x", ndim=1)
    if state.shape[0] != weights.shape[0]:
        raise ValueError(f"x must have length n = {weights.shape[0]}, got {state.shape[0]}")
    if weights.shape[0] > 256:
        raise ValueError(f"W may have at most 256 units, got n = {weights.shape[0]}")
    slopes = np.asarray(as_activation(activation).fprime(state), dtype=np.float64)
    return weights, slopes


def state_jacobian(W: ArrayLike, x: ArrayLike, activation: str | Activation = "tanh") -> Array:
    """$\\partial x_t / \\partial x_{t-1} = W \\operatorname{diag}(\\sigma'(x_{t-1}))$ for
    $x_t = W \\sigma(x_{t-1}) + U u_t + b$: column $j$ of $W$ scaled by $\\sigma'(x_{t-1,j})$.

    :param W: the $n \\times n$ recurrent weights $W_{rec}$, $n \\le 256$.
    :param x: the state $x_{t-1}$, length $n$.
    :param activation: $\\sigma$: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an
        activation.
    :return: the $n \\times n$ Jacobian, entry $(i, j) = \\partial x_{t,i} / \\partial x_{t-1,j}$.
    :raises TypeError: for arguments that are not real numbers, or an activation of the wrong type.
    :raises ValueError: for a non-square or non-finite ``W``, an ``x`` of another length, or an unknown
        activation.

    Source: {cite:t}`pascanu2013difficulty`, eq. (5), corrected.

    ```pycon
    >>> state_jacobian([[0.0, 2.0], [0.0, 0.0]], [0.0, 0.0]).tolist()
    [[0.0, 2.0], [0.0, 0.0]]

    ```
    """
    weights, slopes = _args(W, x, activation)
    return weights * slopes[None, :]


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
    weights, slopes = _args(W, x, activation)
    return weights.T * slopes[None, :]
