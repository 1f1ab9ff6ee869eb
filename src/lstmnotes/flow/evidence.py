"""The error-flow chapter's evidence: where each claim is decided, and the search order the searches share.

Each evidence function computes one piece of evidence and returns it as a small frozen dataclass, with a
boolean that states the verdict it supports; the book's pages show the evidence and the claims of
{py:mod}`lstmnotes.flow.claims` call the same functions. Searches for smallest counter-examples are
exhaustive over small integer weights, in the order stated in each docstring, so "smallest" means
smallest in that order; {py:func}`binary_matrices` gives the order of the 0/1 matrices, which the
weak-bound chapter's searches share, and {py:func}`as_ints` the form in which the evidence reports them.

| claim | function |
|---|---|
| P1, the $q = 1$ case of (3.1) | {py:func}`lstmnotes.flow.evidence_q1.q1_case` |
| P2 / slip 1, (3.2) as printed | {py:func}`lstmnotes.flow.evidence_printed.printed_path_sum_counterexample`, {py:func}`lstmnotes.flow.evidence_printed.printed_symmetric_agreement` |
| X40, the transposed net | {py:func}`lstmnotes.flow.evidence_printed.transposed_run_counterexample` |
| A5, (3.2) corrected | {py:func}`lstmnotes.flow.evidence_corrected.corrected_path_sum_agreement` |
| P3, paths of different signs | {py:func}`lstmnotes.flow.evidence_cancelling.cancelling_paths_example` |
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

__all__ = ["Matrix", "as_ints", "binary_matrices"]

Matrix = tuple[tuple[int, ...], ...]
"""A small integer matrix as nested tuples, the way the evidence reports the weights it found."""


def binary_matrices(n: int) -> Iterator[np.ndarray]:
    """All $n \\times n$ matrices with entries 0 and 1, fewest ones first, then lexicographically.

    The zero matrix is left out. This is the order in which the exhaustive searches try weights, here and
    in the weak-bound chapter's evidence, so that the first case a search finds is the smallest.

    :param n: the number of units.
    :return: the matrices, as float arrays, one at a time.

    ```pycon
    >>> [W.tolist() for W in binary_matrices(2)][:3]
    [[[1.0, 0.0], [0.0, 0.0]], [[0.0, 1.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]]]

    ```
    """
    cells = n * n
    for ones in range(1, cells + 1):
        for where in itertools.combinations(range(cells), ones):
            W = np.zeros(cells)
            W[list(where)] = 1.0
            yield W.reshape(n, n)


def as_ints(W: np.ndarray) -> Matrix:
    """The entries of a 2-D array as integers, in nested tuples, as the evidence reports weights.

    :param W: the array (its entries are truncated towards zero).
    :return: the rows as tuples of integers.

    ```pycon
    >>> as_ints(np.array([[0.0, 1.0], [2.0, 0.0]]))
    ((0, 1), (2, 0))

    ```
    """
    return tuple(tuple(int(x) for x in row) for row in W)
