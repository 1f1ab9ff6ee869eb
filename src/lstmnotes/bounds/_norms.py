"""The norm pairs of the weak bound: a matrix norm and a vector norm it is compatible with.

The paper's weak bound holds for a matrix norm $\\|\\cdot\\|_A$ compatible with a vector norm
$\\|\\cdot\\|_x$ {cite:p}`hochreiter1997lstm`. A {py:class}`NormPair` bundles the two norms;
{py:data}`NORM_PAIRS` holds the paper's example (maximum absolute row sum with the maximum norm) and the
other common pairs, and {py:func}`norm_pair` looks one up by name; {py:func}`weighted_max_norm_pair`
builds the family of pairs in which the chain of {py:func}`lstmnotes.bounds.weak_bound_chain` can break.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array

__all__ = ["NORM_PAIRS", "NormPair", "norm_pair", "weighted_max_norm_pair"]

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class NormPair:
    """A matrix norm $\\|\\cdot\\|_A$ and a vector norm $\\|\\cdot\\|_x$ it is compatible with."""

    name: str
    """A short name, e.g. ``"max-row-sum"``."""
    matrix: Callable[[Array], float]
    """$\\|A\\|_A$ for a square array."""
    vector: Callable[[Array], float]
    """$\\|x\\|_x$ for a 1-D array."""
    description: str
    """The two norms in words."""


def _scaled_norm(a: Array, order: float | Literal["fro"] | None) -> float:
    """A norm computed on ``a`` scaled by a power of two near its largest entry, then scaled back.

    Norms are homogeneous and scaling by a power of two is exact, so this changes nothing except that
    squares of tiny or huge entries (2-norm, Frobenius) can no longer underflow or overflow.
    """
    peak = float(np.max(np.abs(a))) if a.size else 0.0
    if peak == 0.0:
        return 0.0
    exponent = int(np.frexp(peak)[1])
    return float(np.ldexp(np.linalg.norm(np.ldexp(a, -exponent), order), exponent))


def _ord_pair(
    name: str, matrix_ord: float | Literal["fro"], vector_ord: float, description: str
) -> NormPair:
    return NormPair(
        name,
        lambda a: _scaled_norm(a, matrix_ord),
        lambda x: _scaled_norm(x, vector_ord),
        description,
    )


NORM_PAIRS: Final[dict[str, NormPair]] = {
    pair.name: pair
    for pair in (
        _ord_pair("max-row-sum", np.inf, np.inf, "maximum absolute row sum, with the maximum norm"),
        _ord_pair("max-column-sum", 1, 1, "maximum absolute column sum, with the 1-norm"),
        _ord_pair("spectral", 2, 2, "largest singular value, with the Euclidean norm"),
        _ord_pair("frobenius", "fro", 2, "Frobenius norm, with the Euclidean norm"),
    )
}
"""The paper's example pair (``"max-row-sum"``) and the other common compatible pairs, by name."""


def weighted_max_norm_pair(weights: ArrayLike) -> NormPair:
    """The weighted maximum norm $\\|x\\|_D = \\max_i d_i |x_i|$ and the matrix norm it induces.

    The induced norm is $\\|A\\|_D = \\|D A D^{-1}\\|_\\infty$ with $D = \\mathrm{diag}(d)$; induced
    norms are compatible by construction. With every $d_i \\ge 1$ the pair also meets the paper's
    condition $\\max_i |x_i| \\le \\|x\\|_x$; but $\\|e_i\\|_D = d_i$ need not be 1.

    :param weights: the positive weights $d_i$.
    :return: the pair, named ``"weighted-max"``.
    :raises ValueError: if a weight is not positive and finite, or ``weights`` is not 1-D.

    ```pycon
    >>> pair = weighted_max_norm_pair([1.0, 5.0])
    >>> pair.vector(np.array([0.0, 1.0])), pair.matrix(np.array([[0.0, 5.0], [0.0, 0.0]]))
    (5.0, 1.0)

    ```
    """
    d = finite_array(weights, "weights", ndim=1)
    if d.size == 0 or np.any(d <= 0):
        raise ValueError(f"weights must be positive, got {d.tolist()}")
    d.setflags(write=False)
    return NormPair(
        "weighted-max",
        lambda a: float(np.linalg.norm(d[:, None] * a / d[None, :], np.inf)),
        lambda x: float(np.max(d * np.abs(x))),
        f"weighted maximum norm with weights {d.tolist()}, and its induced matrix norm",
    )


def norm_pair(norm: str | NormPair) -> NormPair:
    """Look up a norm pair by name (or pass one through).

    :param norm: a key of {py:data}`NORM_PAIRS` or a {py:class}`NormPair`.
    :return: the pair.
    :raises ValueError: for an unknown name.

    ```pycon
    >>> norm_pair("spectral").description
    'largest singular value, with the Euclidean norm'

    ```
    """
    if isinstance(norm, NormPair):
        return norm
    try:
        return NORM_PAIRS[norm]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in NORM_PAIRS)
        raise ValueError(f"unknown norm pair {norm!r}; choose one of {known}") from None
