"""The corrected (3.2): equal to the recursion, symbolically and in exact arithmetic (A5).

{py:func}`corrected_path_sum_agreement` compares the corrected path sum with the unrolled recursion as
sympy polynomials; {py:func}`path_sum_exactness` compares the two numbers on one net in exact rational
arithmetic and shows how far floating point, summing in different orders, strays from it;
{py:func}`agreement_phrase` puts such a difference in words.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from lstmnotes.flow import path_terms, scaling_factor
from lstmnotes.flow import symbolic as flow_symbolic

__all__ = [
    "CorrectedAgreement",
    "PathSumExactness",
    "agreement_phrase",
    "corrected_path_sum_agreement",
    "path_sum_exactness",
]


@dataclass(frozen=True)
class CorrectedAgreement:
    """The corrected (3.2) against the recursion (3.1), symbolically, for small nets."""

    cases: tuple[tuple[int, int], ...]
    """The $(n, q)$ checked, each for all $n^2$ pairs $(u, v)$."""
    all_equal: bool
    """Whether the two are identical polynomials in every case."""


def corrected_path_sum_agreement(n_max: int = 3, q_max: int = 4) -> CorrectedAgreement:
    """Check the corrected (3.2) against the unrolled recursion for $n \\le$ ``n_max``, $q \\le$ ``q_max``.

    :param n_max: the largest $n$.
    :param q_max: the largest $q$.
    :return: the evidence.

    ```pycon
    >>> corrected_path_sum_agreement(2, 3).all_equal
    True

    ```
    """
    cases, equal = [], True
    for n in range(1, n_max + 1):
        for q in range(1, q_max + 1):
            true = flow_symbolic.scaling_factor(n, q)
            corrected = flow_symbolic.path_sum(n, q, "corrected")
            cases.append((n, q))
            equal &= all(sympy.expand(a - b) == 0 for a, b in zip(true, corrected, strict=True))
    return CorrectedAgreement(tuple(cases), bool(equal))


@dataclass(frozen=True)
class PathSumExactness:
    """The corrected path sum against the recursion on one net: exactly, and in floating point."""

    exact_equal: bool
    """Whether the sum of the path terms equals the recursion in exact rational arithmetic."""
    float_differences: dict[str, float]
    """$|$float sum of the terms $-$ the recursion's float value$|$, per order of summation:
    ``"numpy"`` (``np.sum``), ``"sequential"`` (path by path, in the order of the paths) and
    ``"sorted"`` (smallest term first)."""

    @property
    def largest_float_difference(self) -> float:
        """The largest of {py:attr}`float_differences`."""
        return max(self.float_differences.values())


def path_sum_exactness(W: np.ndarray, fprime: np.ndarray, u: int, v: int) -> PathSumExactness:
    """Compare the corrected path sum (3.2) with the recursion (3.1) exactly and in floating point.

    Every float is a rational number, so the weights and slopes are taken as exact fractions; the terms
    $\\prod_{m=1}^{q} f'_{l_m}(t-m)\\, w_{l_{m-1} l_m}$ and the recursion are then computed without
    rounding. In floating point the sum of the terms depends on the order of summation, so three orders are
    compared with {py:func}`lstmnotes.flow.scaling_factor`.

    :param W: the $n \\times n$ weights (``W[i, j]`` $= w_{ij}$).
    :param fprime: the slopes, shape ``(q, n)``, row $m - 1$ for step $m$ back.
    :param u: the unit the error starts from (from 0).
    :param v: the unit it reaches (from 0).
    :return: the comparison.
    :raises ValueError: as {py:func}`lstmnotes.flow.path_terms`.

    ```pycon
    >>> e = path_sum_exactness(np.array([[0.1, 0.2], [0.3, 0.4]]), np.full((3, 2), 0.25), 0, 1)
    >>> e.exact_equal
    True

    ```
    """
    terms = path_terms(W, fprime, u, v)
    weights = [[Fraction(float(x)) for x in row] for row in np.asarray(W, dtype=float)]
    slopes = [[Fraction(float(x)) for x in row] for row in np.asarray(fprime, dtype=float)]
    n, q = len(weights), len(slopes)
    flow = [Fraction(0)] * n
    flow[u] = Fraction(1)
    for m in range(q):  # (3.1): flow_m[j] = f'_j(t-m) sum_l w_lj flow_{m-1}[l]
        flow = [slopes[m][j] * sum((weights[k][j] * flow[k] for k in range(n)), Fraction(0))
                for j in range(n)]  # fmt: skip
    total = Fraction(0)
    for middle in itertools.product(range(n), repeat=q - 1):
        path = (u, *middle, v)
        term = Fraction(1)
        for m in range(1, q + 1):
            term *= slopes[m - 1][path[m]] * weights[path[m - 1]][path[m]]
        total += term
    recursion = float(scaling_factor(W, fprime)[v, u])
    flat = terms.ravel().tolist()
    sequential = 0.0
    for value in flat:
        sequential += value
    ascending = 0.0
    for value in sorted(flat):
        ascending += value
    return PathSumExactness(
        total == flow[v],
        {"numpy": abs(float(terms.sum()) - recursion), "sequential": abs(sequential - recursion),
         "sorted": abs(ascending - recursion)},
    )  # fmt: skip


def agreement_phrase(difference: float, fmt: str = ".0e") -> str:
    """How two computed numbers agree, in words: ``"exactly"`` for a zero difference, else ``"to within …"``.

    :param difference: the absolute difference, finite and not negative.
    :param fmt: the format of a non-zero difference.
    :return: the phrase.
    :raises ValueError: for a negative or non-finite difference.

    ```pycon
    >>> agreement_phrase(0.0), agreement_phrase(2.5e-17)
    ('exactly', 'to within 2e-17')

    ```
    """
    if not np.isfinite(difference) or difference < 0:
        raise ValueError(f"difference must be finite and not negative, got {difference}")
    return "exactly" if difference == 0 else f"to within {difference:{fmt}}"
