"""The matrix form checked against the recursion (P11), and the remark on its layout read literally (slip 4).

{py:func}`matrix_form_agreement` compares the paper's matrix form, as sympy expands it
({py:func}`lstmnotes.flow.symbolic.matrix_form`), with the unrolled recursion entry by entry.
{py:func}`literal_W_e_v`, {py:func}`column_row_contradictions` and
{py:func}`column_row_reading_counterexample` take literally the remark that $[A]_{ij}$ is the element in
the $i$-th column and $j$-th row, and show what it does to $W_v = W e_v$ and to the flow.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import sympy

from lstmnotes._validate import count
from lstmnotes.bounds.evidence import MAX_SYMBOLIC_N, MAX_SYMBOLIC_Q
from lstmnotes.flow import matrix_form, scaling_factor
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow.evidence import Matrix, as_ints, binary_matrices

__all__ = [
    "ColumnRowReading",
    "MatrixFormAgreement",
    "column_row_contradictions",
    "column_row_reading_counterexample",
    "literal_W_e_v",
    "matrix_form_agreement",
]


@dataclass(frozen=True)
class MatrixFormAgreement:
    """The matrix form against the recursion, symbolically, for every pair of small nets."""

    cases: tuple[tuple[int, int], ...]
    """The $(n, q)$ checked, each for all $n^2$ pairs $(u, v)$."""
    all_equal: bool
    """P11: the matrix form equals the flow in every case."""


def matrix_form_agreement(n_max: int = 3, q_max: int = 4) -> MatrixFormAgreement:
    """P11: compare the symbolic matrix form with the unrolled recursion for $n \\le$ ``n_max``, $2 \\le q \\le$ ``q_max``.

    :param n_max: the largest $n$.
    :param q_max: the largest $q$.
    :return: the evidence.

    ```pycon
    >>> matrix_form_agreement(2, 3).all_equal
    True

    ```
    """
    n_max = count(n_max, "n_max", minimum=1, maximum=MAX_SYMBOLIC_N)
    q_max = count(q_max, "q_max", minimum=2, maximum=MAX_SYMBOLIC_Q)
    cases, equal = [], True
    for n in range(1, n_max + 1):
        for q in range(2, q_max + 1):
            true = flow_symbolic.scaling_factor(n, q)
            cases.append((n, q))
            for u, v in itertools.product(range(n), repeat=2):
                equal &= sympy.expand(flow_symbolic.matrix_form(n, q, u, v) - true[v, u]) == 0
    return MatrixFormAgreement(tuple(cases), bool(equal))


@dataclass(frozen=True)
class ColumnRowReading:
    """What the remark "$[A]_{ij}$ is the element in the $i$-th column and $j$-th row" does if read literally."""

    W: Matrix
    v: int
    paper_W_v: tuple[int, ...]
    """$[W_v]_i = w_{iv}$, as the paper defines $W_v$."""
    W_e_v_row_column: tuple[int, ...]
    """$W e_v$ with $w_{ij}$ in row $i$, column $j$: equals ``paper_W_v``."""
    W_e_v_column_row: tuple[int, ...]
    """$W e_v$ with $w_{ij}$ in column $i$, row $j$: the weights into $v$ instead."""
    q: int
    """The smallest lag at which the matrix form read column-row gives a wrong flow."""
    flow_W: Matrix
    """The 0/1 weights of that smallest wrong flow."""
    flow_u: int
    flow_v: int
    true_flow: float
    column_row_flow: float

    @property
    def reading_consistent(self) -> bool:
        """Whether the literal reading is consistent with $W_v = W e_v$ (it is not)."""
        return self.W_e_v_column_row == self.paper_W_v


def literal_W_e_v(W: np.ndarray, v: int) -> tuple[int, ...]:
    """$W e_v$ when the array holds $w_{ij}$ in column $i$, row $j$ (the remark read literally).

    That array is $W^{\\mathsf T}$ in the usual layout, so the product picks the weights *into* $v$.

    :param W: the weights in the usual layout (``W[i, j]`` $= w_{ij}$).
    :param v: the unit.
    :return: the vector, as integers.

    ```pycon
    >>> literal_W_e_v(np.array([[0.0, 1.0], [2.0, 0.0]]), 1)
    (2, 0)

    ```
    """
    return as_ints((W.T @ np.eye(W.shape[0])[v])[None, :])[0]


def column_row_reading_counterexample() -> ColumnRowReading:
    """Slip 4: under the literal "column $i$, row $j$" reading, $W e_v$ is not $W_v$ and the flow goes wrong.

    The first part uses the net with $w_{01} = 1$, $w_{10} = 2$ and $v = 1$. The second searches, with
    slopes 1, $q = 2, 3, 4$ and 0/1 weights on $n = 2, 3$ units (fewest ones first), for the first matrix
    form that differs from the flow when its middle matrix is laid out column-row.

    :return: the evidence.
    :raises ArithmeticError: if no flow in the search range differs.

    ```pycon
    >>> r = column_row_reading_counterexample()
    >>> r.paper_W_v, r.W_e_v_row_column, r.W_e_v_column_row, r.q
    ((1, 0), (1, 0), (2, 0), 3)

    ```
    """
    W = np.array([[0.0, 1.0], [2.0, 0.0]])
    v = 1
    e_v = np.eye(2)[v]
    paper = tuple(int(W[i, v]) for i in range(2))
    row_column = as_ints((W @ e_v)[None, :])[0]
    column_row = literal_W_e_v(W, v)
    for q in range(2, 5):
        for n in (2, 3):
            fprime = np.ones((q, n))
            for F in binary_matrices(n):
                true = scaling_factor(F, fprime)
                for u, w in itertools.product(range(n), repeat=2):
                    literal = matrix_form(F, fprime, u, w, reading="column-row")
                    if literal != true[w, u]:
                        return ColumnRowReading(
                            as_ints(W), v, paper, row_column, column_row, q, as_ints(F), u, w,
                            float(true[w, u]), literal,
                        )  # fmt: skip
    raise ArithmeticError("no counter-example in the search range")


def column_row_contradictions(n_max: int = 3) -> tuple[int, int]:
    """Slip 4, decided on a basis: on how many single-weight matrices the literal $W e_v$ differs from $W_v$.

    Both $W \\mapsto W_v$ and $W \\mapsto$ {py:func}`literal_W_e_v` are linear in $W$, so they agree on
    every matrix exactly when they agree on every matrix with a single weight 1; the count over those
    decides the question for every $n \\le$ ``n_max``.

    :param n_max: the largest $n$.
    :return: (disagreements, cases checked), one case per basis matrix and unit $v$.

    ```pycon
    >>> column_row_contradictions(2)
    (4, 9)

    ```
    """
    n_max = count(n_max, "n_max", minimum=1, maximum=MAX_SYMBOLIC_N)
    differ = cases = 0
    for n in range(1, n_max + 1):
        for i, j, v in itertools.product(range(n), repeat=3):
            E = np.zeros((n, n))
            E[i, j] = 1.0
            cases += 1
            differ += literal_W_e_v(E, v) != tuple(int(E[k, v]) for k in range(n))
    return differ, cases
