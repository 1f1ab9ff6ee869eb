"""The norm pairs of the weak bound: a matrix norm and a vector norm it is compatible with.

The paper's weak bound holds for a matrix norm $\\|\\cdot\\|_A$ compatible with a vector norm
$\\|\\cdot\\|_x$ {cite:p}`hochreiter1997lstm`. A {py:class}`NormPair` bundles the two norms;
{py:data}`NORM_PAIRS` holds the paper's example (maximum absolute row sum with the maximum norm) and the
other common pairs, and {py:func}`norm_pair` looks one up by name; {py:func}`weighted_max_norm_pair`
builds the family of pairs in which the chain of {py:func}`lstmnotes.bounds.weak_bound_chain` can break.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.bounds._power import LARGEST_EXPONENT

__all__ = ["MAX_UNITS", "NORM_PAIRS", "NormPair", "norm_pair", "weighted_max_norm_pair"]

Array = NDArray[np.float64]

MAX_UNITS: Final = 512
"""The most units $n$ the part's functions accept: a spectral norm of $512 \\times 512$ takes a fraction of
a second, and the chain's flow $q n^3$ operations."""


Split = tuple[float, int]
"""A nonnegative number as ``(m, e)`` with value $m\\,2^e$, $m \\in [1/2, 1)$ or $m = 0$: a norm that may lie
beyond the float range."""


@dataclass(frozen=True, eq=False)
class NormPair:
    """A matrix norm $\\|\\cdot\\|_A$ and a vector norm $\\|\\cdot\\|_x$ it is compatible with."""

    name: str
    """A short name, e.g. ``"max-row-sum"``."""
    matrix: Callable[[Array], float]
    """$\\|A\\|_A$ for a square array (a ``ValueError`` if it lies beyond the float range). The built-in
    pairs' norms and those of {py:func}`weighted_max_norm_pair` check their argument as the public
    functions do: a ``TypeError`` or ``ValueError`` naming ``a`` (``x`` for ``vector``)."""
    vector: Callable[[Array], float]
    """$\\|x\\|_x$ for a 1-D array (a ``ValueError`` if it lies beyond the float range)."""
    description: str
    """The two norms in words."""
    matrix_split: Callable[[Array], Split] | None = None
    """$\\|A\\|_A$ as a mantissa and a power of two, defined beyond the float range (``None``: only
    ``matrix`` is known, and the bounds refuse where it overflows)."""
    vector_split: Callable[[Array], Split] | None = None
    """$\\|x\\|_x$ likewise."""
    diagonal_is_max: bool = False
    """Whether $\\|\\mathrm{diag}(d)\\|_A = \\max_i |d_i|$ for every $d$, as for every matrix norm induced by
    a vector norm that depends only on the entries' sizes (the p-norms, the weighted maximum norms): the
    bounds then take each step's norm as its largest slope, with no matrix norm a step."""


def _join(value: Split, what: str) -> float:
    mantissa, exponent = value
    if mantissa != 0.0 and exponent > LARGEST_EXPONENT:
        raise ValueError(f"{what} overflows float64: it exceeds the float64 range (about 1.8e308)")
    return math.ldexp(mantissa, max(exponent, -2 * LARGEST_EXPONENT))


def _split_norm(a: Array, order: float | Literal["fro"] | None) -> Split:
    """A norm computed on ``a`` scaled by a power of two near its largest entry, kept as ``(m, e)``.

    Norms are homogeneous and scaling by a power of two is exact, so this changes nothing except that
    squares or sums of tiny or huge entries can no longer underflow or overflow; entries below $2^{-1075}$
    times the largest are lost, a relative change below $n\\,2^{-1074}$ of the norm.
    """
    a = np.asarray(a, dtype=np.float64)
    peak = float(np.max(np.abs(a))) if a.size else 0.0
    if peak == 0.0:
        return 0.0, 0
    exponent = math.frexp(peak)[1]
    with np.errstate(under="ignore"):
        scaled = np.ldexp(a, -exponent)
    mantissa, shift = math.frexp(float(np.linalg.norm(scaled, order)))
    return mantissa, exponent + shift


def _ord_pair(
    name: str, matrix_ord: float | Literal["fro"], vector_ord: float, description: str
) -> NormPair:
    """The pair of numpy's matrix and vector norms of these orders (induced unless ``"fro"``)."""

    def matrix_split(a: Array) -> Split:
        return _split_norm(finite_array(a, "a", ndim=2), matrix_ord)

    def vector_split(x: Array) -> Split:
        return _split_norm(finite_array(x, "x", ndim=1), vector_ord)

    return NormPair(
        name,
        lambda a: _join(matrix_split(a), f"the {name} norm of a"),
        lambda x: _join(vector_split(x), f"the {name} vector norm of x"),
        description,
        matrix_split,
        vector_split,
        diagonal_is_max=matrix_ord != "fro",
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


def _largest(mantissa: Array, exponent: NDArray[np.int64]) -> Split:
    """The largest of nonnegative numbers given as mantissas in $[1/2, 1)$ (or 0) and exponents."""
    nonzero = mantissa > 0
    if not np.any(nonzero):
        return 0.0, 0
    top = int(exponent[nonzero].max())
    return float(mantissa[nonzero & (exponent == top)].max()), top


def _weighted_row_sums(d: Array, a: Array) -> Split:
    """$\\max_i \\sum_j d_i |a_{ij}| / d_j$, each term split so that none under- or overflows."""
    m_d, e_d = np.frexp(d)
    m_a, e_a = np.frexp(np.abs(a))
    terms = m_a * (m_d[:, None] / m_d[None, :])  # in [1/4, 2), or 0
    exps = e_a.astype(np.int64) + e_d[:, None] - e_d[None, :]
    exps = np.where(terms > 0, exps, np.iinfo(np.int64).min // 4)
    top = exps.max(axis=1)
    shifts = np.clip(exps - top[:, None], -2 * LARGEST_EXPONENT, 0).astype(np.int32)
    with np.errstate(under="ignore"):
        sums = np.ldexp(terms, shifts).sum(axis=1)
    m_s, e_s = np.frexp(sums)
    return _largest(m_s, np.where(sums > 0, top + e_s, 0))


def _weighted_max(d: Array, x: Array) -> Split:
    """$\\max_i d_i |x_i|$, split."""
    m_d, e_d = np.frexp(d)
    m_x, e_x = np.frexp(np.abs(x))
    m_p, e_p = np.frexp(m_d * m_x)
    return _largest(m_p, (e_d + e_x + e_p).astype(np.int64))


def weighted_max_norm_pair(weights: ArrayLike) -> NormPair:
    """The weighted maximum norm $\\|x\\|_D = \\max_i d_i |x_i|$ and the matrix norm it induces.

    The induced norm is $\\|A\\|_D = \\|D A D^{-1}\\|_\\infty$ with $D = \\mathrm{diag}(d)$; induced
    norms are compatible by construction. With every $d_i \\ge 1$ the pair also meets the paper's
    condition $\\max_i |x_i| \\le \\|x\\|_x$; but $\\|e_i\\|_D = d_i$ need not be 1. Each term
    $d_i |a_{ij}| / d_j$ is formed as a mantissa and a power of two, so no ratio of weights under- or
    overflows on the way.

    :param weights: the positive weights $d_i$, any finite positive floats, at most
        {py:data}`lstmnotes.bounds.MAX_UNITS` of them.
    :return: the pair, named ``"weighted-max"``; its norms raise a ``ValueError`` for an argument whose
        length is not that of ``weights``, or a norm beyond the float range.
    :raises TypeError: for weights that are not real numbers.
    :raises ValueError: if a weight is not positive and finite, or ``weights`` is not 1-D or too long.

    ```pycon
    >>> pair = weighted_max_norm_pair([1.0, 5.0])
    >>> pair.vector(np.array([0.0, 1.0])), pair.matrix(np.array([[0.0, 5.0], [0.0, 0.0]]))
    (5.0, 1.0)

    ```
    """
    d = finite_array(weights, "weights", ndim=1)
    if d.size > MAX_UNITS:
        raise ValueError(f"weights may have at most MAX_UNITS = {MAX_UNITS} entries, got {d.size}")
    if d.size == 0 or np.any(d <= 0):
        raise ValueError(f"weights must be positive, got {d.tolist()[:8]}")
    d.setflags(write=False)

    def matrix_split(a: Array) -> Split:
        matrix = finite_array(a, "a", ndim=2)
        if matrix.shape != (d.size, d.size):
            raise ValueError(
                f"a must be a {d.size} x {d.size} matrix for the weighted-max norm, got shape {matrix.shape}"
            )
        return _weighted_row_sums(d, matrix)

    def vector_split(x: Array) -> Split:
        vector = finite_array(x, "x", ndim=1)
        if vector.shape != d.shape:
            raise ValueError(
                f"x must be a vector of length {d.size} for the weighted-max norm, got shape {vector.shape}"
            )
        return _weighted_max(d, vector)

    return NormPair(
        "weighted-max",
        lambda a: _join(matrix_split(a), "the weighted-max norm of a"),
        lambda x: _join(vector_split(x), "the weighted-max vector norm of x"),
        f"weighted maximum norm with weights {d.tolist()}, and its induced matrix norm",
        matrix_split,
        vector_split,
        diagonal_is_max=True,
    )


def split_norm(
    norm: Callable[[Array], float], exact: Callable[[Array], Split] | None, a: Array
) -> Split:
    """A norm as ``(m, e)``: from ``exact`` where the pair has it, else from ``norm``, refused if not finite.

    ``norm`` is applied to ``a`` scaled by a power of two near its largest entry (norms are homogeneous):
    a norm of subnormal or huge entries would otherwise be rounded into the subnormals, losing digits,
    or overflow, before it is split.
    """
    if exact is not None:
        return exact(a)
    a = np.asarray(a, dtype=np.float64)
    peak = float(np.max(np.abs(a))) if a.size else 0.0
    shift = math.frexp(peak)[1] if peak > 0 and math.isfinite(peak) else 0
    with np.errstate(under="ignore"):
        value = float(norm(np.ldexp(a, -shift)))
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"the norm pair's norm gave {value}, not a finite nonnegative number")
    mantissa, exponent = math.frexp(value)
    return mantissa, exponent + shift if mantissa != 0.0 else 0


def norm_pair(norm: str | NormPair) -> NormPair:
    """Look up a norm pair by name (or pass one through).

    :param norm: a key of {py:data}`NORM_PAIRS` or a {py:class}`NormPair`.
    :return: the pair.
    :raises TypeError: for a ``norm`` that is neither a string nor a pair.
    :raises ValueError: for an unknown name.

    ```pycon
    >>> norm_pair("spectral").description
    'largest singular value, with the Euclidean norm'

    ```
    """
    if isinstance(norm, NormPair):
        return norm
    known = ", ".join(repr(k) for k in NORM_PAIRS)
    if not isinstance(norm, str):
        raise TypeError(f"norm must be a name ({known}) or a NormPair, got {type(norm).__name__}")
    try:
        return NORM_PAIRS[norm]
    except KeyError:
        raise ValueError(f"unknown norm pair {norm!r}; choose one of {known}") from None
