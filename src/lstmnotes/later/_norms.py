"""The quantities the later conditions compare, and the slope bound $\\gamma$ they rest on.

With the slopes bounded, $\\|\\operatorname{diag}(f')\\| \\le \\gamma$ ($\\gamma = 1/4$ for the logistic, $1$
for tanh), each step back multiplies the error by $F'(t-m)\\, W^{\\mathsf T}$, whose spectral norm is at most
$\\gamma\\, \\sigma_{max}(W)$ {cite:p}`pascanu2013difficulty`. This module holds $\\gamma$ for each activation,
the largest singular value $\\sigma_{max}(W)$, the spectral radius $\\rho(W)$ that a misreading puts in its
place, and the spectral norm of the whole flow matrix at every lag.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import square_matrix
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.flow import scaling_factor

__all__ = ["GAMMA", "flow_norms", "largest_singular_value", "spectral_radius"]

Array = NDArray[np.float64]

GAMMA: Final = {"logistic": LOGISTIC_PRIME_MAX, "tanh": 1.0}
"""The largest slope $\\gamma$ of each activation: $1/4$ for the logistic, $1$ for tanh."""


def largest_singular_value(W: ArrayLike) -> float:
    """$\\sigma_{max}(W) = \\|W\\|_2$, the largest singular value.

    :param W: a square matrix.
    :return: its largest singular value.
    :raises ValueError: for a non-square or non-finite matrix.

    ```pycon
    >>> largest_singular_value([[0.0, 2.0], [0.0, 0.0]])
    2.0

    ```
    """
    return float(np.linalg.norm(square_matrix(W, "W"), 2))


def spectral_radius(W: ArrayLike) -> float:
    """$\\rho(W) = \\max |\\lambda_i(W)|$, the largest modulus of an eigenvalue.

    :param W: a square matrix.
    :return: its spectral radius.
    :raises ValueError: for a non-square or non-finite matrix.

    ```pycon
    >>> spectral_radius([[0.0, 2.0], [0.0, 0.0]])
    0.0

    ```
    """
    return float(np.max(np.abs(np.linalg.eigvals(square_matrix(W, "W")))))


def flow_norms(W: ArrayLike, fprime: ArrayLike) -> Array:
    """The spectral norm of the whole flow matrix at every lag, $\\|M_{q'}\\|_2$ for $q' = 1..q$.

    ``M`` is {py:func}`lstmnotes.flow.scaling_factor` with the first $q'$ rows of ``fprime``.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :return: an array of length $q$.
    :raises ValueError: as {py:func}`lstmnotes.flow.scaling_factor`.

    ```pycon
    >>> flow_norms(2 * np.eye(2), np.full((3, 2), 0.25)).tolist()
    [0.5, 0.25, 0.125]

    ```
    """
    slopes = np.asarray(fprime, dtype=np.float64)
    if slopes.ndim != 2:
        raise ValueError(f"fprime must be 2-D, got shape {slopes.shape}")
    return np.array(
        [
            np.linalg.norm(scaling_factor(W, slopes[:lag]), 2)
            for lag in range(1, slopes.shape[0] + 1)
        ]
    )
