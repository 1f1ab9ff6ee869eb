"""(3.2) as printed: its smallest counter-example, what it computes, when it is right (P2, slip 1, X40).

{py:func}`printed_path_sum_counterexample` finds the smallest 0/1 net on which the printed path sum
disagrees with the recursion; {py:func}`printed_symmetric_agreement` shows with sympy that the printed
sum for $W$ is the corrected sum for $W^{\\mathsf T}$, hence right for symmetric $W$; and
{py:func}`transposed_run_counterexample` finds the smallest net on which that is still not the flow of
the net actually run with $W^{\\mathsf T}$. The searches run over 0/1 matrices in the order of
{py:func}`lstmnotes.flow.evidence.binary_matrices`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from lstmnotes.flow import path_sum, scaling_factor
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow.evidence import Matrix, as_ints, binary_matrices
from lstmnotes.net import run_net

__all__ = [
    "PrintedCounterexample",
    "SymmetricAgreement",
    "TransposedRun",
    "printed_path_sum_counterexample",
    "printed_symmetric_agreement",
    "transposed_run_counterexample",
]


@dataclass(frozen=True)
class PrintedCounterexample:
    """The smallest net on which (3.2) as printed disagrees with the recursion (3.1)."""

    n: int
    q: int
    W: Matrix
    """The weights (0 and 1); every slope is 1 (identity units), so only the weight index matters."""
    u: int
    v: int
    true_value: int
    """$\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ by the recursion."""
    printed_value: int
    """The same by (3.2) as printed."""
    cases_checked: int
    """How many (n, q, W) were checked, all agreeing, before this one."""

    @property
    def printed_holds(self) -> bool:
        """Whether (3.2) as printed agrees here (it does not)."""
        return self.true_value == self.printed_value

    @property
    def connection(self) -> str:
        """The non-zero weights in words, numbered from 1: ``"from unit 2 to unit 1"`` for ``W[0][1] = 1``."""
        return ", ".join(
            f"from unit {j + 1} to unit {i + 1}"
            for i, row in enumerate(self.W)
            for j, w in enumerate(row)
            if w
        )


def printed_path_sum_counterexample(min_q: int = 1) -> PrintedCounterexample:
    """Search for the smallest counter-example to (3.2) as printed.

    Order: $n = 1, 2, 3$; for each $n$, $q$ from ``min_q`` up to ``min_q + 2``; for each, every 0/1
    weight matrix with the fewest ones first; all slopes 1. The first disagreement found is returned.

    :param min_q: the smallest lag to consider (1 for the overall smallest; 2 to see the sums at work).
    :return: the counter-example.
    :raises ValueError: for ``min_q < 1``.
    :raises ArithmeticError: if no counter-example exists in the search range.

    ```pycon
    >>> c = printed_path_sum_counterexample()
    >>> (c.n, c.q, c.W, c.true_value, c.printed_value)
    (2, 1, ((0, 1), (0, 0)), 1, 0)

    ```
    """
    if min_q < 1:
        raise ValueError(f"min_q must be >= 1, got {min_q}")
    checked = 0
    for n in range(1, 4):
        for q in range(min_q, min_q + 3):
            fprime = np.ones((q, n))
            for W in binary_matrices(n):
                true = path_sum(W, fprime, "corrected")
                printed = path_sum(W, fprime, "printed")
                differ = np.argwhere(true != printed)
                if differ.size:  # report an entry where the recursion says the error does arrive
                    v, u = (int(i) for i in max(differ, key=lambda vu: abs(true[vu[0], vu[1]])))
                    return PrintedCounterexample(
                        n, q, as_ints(W), u, v, int(true[v, u]), int(printed[v, u]), checked
                    )
                checked += 1
    raise ArithmeticError("no counter-example in the search range")


@dataclass(frozen=True)
class SymmetricAgreement:
    """When (3.2) as printed is right: symbolic checks over small nets."""

    cases: tuple[tuple[int, int], ...]
    """The $(n, q)$ checked."""
    differing_entries: tuple[int, ...]
    """For each case, how many of the $n^2$ entries differ for general weights."""
    agrees_when_symmetric: bool
    """Whether every difference vanishes once $w_{ji} = w_{ij}$."""
    printed_is_transposed: bool
    """Whether (3.2) as printed for $W$ equals the corrected form for $W^{\\mathsf T}$, in every case."""


def printed_symmetric_agreement(n_max: int = 3, q_max: int = 3) -> SymmetricAgreement:
    """Check symbolically that (3.2) as printed is the flow of the transposed net, hence right for symmetric $W$.

    :param n_max: the largest $n$ (at most 3 keeps it fast).
    :param q_max: the largest $q$.
    :return: the evidence.

    ```pycon
    >>> s = printed_symmetric_agreement(2, 2)
    >>> s.differing_entries, s.agrees_when_symmetric, s.printed_is_transposed
    ((0, 0, 2, 2), True, True)

    ```
    """
    cases, differing = [], []
    symmetric_ok = transposed_ok = True
    for n in range(1, n_max + 1):
        w = flow_symbolic.weight_symbols(n)
        mirror = {w[j, i]: w[i, j] for i in range(n) for j in range(i + 1, n)}
        transpose = {w[i, j]: w[j, i] for i in range(n) for j in range(n)}
        for q in range(1, q_max + 1):
            true = flow_symbolic.scaling_factor(n, q)
            printed = flow_symbolic.path_sum(n, q, "printed")
            difference = (true - printed).applyfunc(sympy.expand)
            cases.append((n, q))
            differing.append(sum(1 for d in difference if d != 0))
            symmetric_ok &= all(sympy.expand(d.xreplace(mirror)) == 0 for d in difference)
            as_transposed = true.applyfunc(lambda e, t=transpose: e.xreplace(t))
            transposed_ok &= all(
                sympy.expand(a - b) == 0 for a, b in zip(as_transposed, printed, strict=True)
            )
    return SymmetricAgreement(tuple(cases), tuple(differing), symmetric_ok, transposed_ok)


@dataclass(frozen=True)
class TransposedRun:
    """The smallest net on which (3.2) as printed differs from the flow of the net actually run with $W^{\\mathsf T}$.

    As printed, (3.2) for $W$ equals the corrected sum for $W^{\\mathsf T}$ evaluated with the slopes of
    the run of $W$ (an identity of polynomials, {py:func}`printed_symmetric_agreement`). A net run with
    $W^{\\mathsf T}$ has other net inputs and so other slopes; this is the first case where that shows.
    """

    n: int
    q: int
    t: int
    """The time at which the error starts (both nets run from ``y0`` up to it)."""
    y0: tuple[float, ...]
    W: Matrix
    u: int
    v: int
    printed: float
    """(3.2) as printed for $W$, with the slopes of the run of $W$."""
    formal: float
    """The corrected sum for $W^{\\mathsf T}$ with the slopes of the run of $W$ (equal to ``printed``)."""
    transposed_flow: float
    """$\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ of the net run with $W^{\\mathsf T}$."""
    net_W: tuple[float, ...]
    """The net inputs of the run of $W$ at time $t - 1$."""
    net_WT: tuple[float, ...]
    """The net inputs of the run of $W^{\\mathsf T}$ at time $t - 1$."""
    cases_checked: int
    """How many (q, t, W) agreed before this one."""

    @property
    def formal_identity(self) -> bool:
        """Whether the printed sum equals the corrected sum for $W^{\\mathsf T}$ with $W$'s slopes."""
        return bool(np.isclose(self.printed, self.formal, rtol=1e-12, atol=0.0))

    @property
    def differs(self) -> bool:
        """Whether the printed sum differs from the flow of the net run with $W^{\\mathsf T}$."""
        return not np.isclose(self.printed, self.transposed_flow, rtol=1e-9, atol=0.0)


def transposed_run_counterexample(activation: str = "logistic") -> TransposedRun:
    """Search for the smallest net whose run with $W^{\\mathsf T}$ has a flow other than (3.2) as printed.

    Order: $n = 2$ (for $n = 1$, $W^{\\mathsf T} = W$); $q = 1, 2, 3$; $t = q + 1, q + 2$; every 0/1
    weight matrix with the fewest ones first. Both nets start from $y(0) = 0$.

    :param activation: the units' activation; with ``"identity"`` every slope is 1 and no case differs.
    :return: the first case found.
    :raises ValueError: for an unknown activation.
    :raises ArithmeticError: if no case in the search range differs.

    ```pycon
    >>> c = transposed_run_counterexample()
    >>> c.q, c.t, c.W, c.formal_identity, c.differs
    (1, 3, ((0, 1), (0, 0)), True, True)

    ```
    """
    n, checked = 2, 0
    y0 = np.zeros(n)
    for q in range(1, 4):
        for t in (q + 1, q + 2):
            for W in binary_matrices(n):
                run, run_T = run_net(W, y0, t, activation), run_net(W.T, y0, t, activation)
                fp, fp_T = run.fprime(t, q), run_T.fprime(t, q)
                printed = path_sum(W, fp, "printed")
                actual = scaling_factor(W.T, fp_T)
                differ = np.argwhere(~np.isclose(printed, actual, rtol=1e-9, atol=0.0))
                if differ.size:
                    v, u = (int(i) for i in differ[0])
                    formal = scaling_factor(W.T, fp)
                    return TransposedRun(
                        n, q, t, tuple(y0.tolist()), as_ints(W), u, v, float(printed[v, u]),
                        float(formal[v, u]), float(actual[v, u]), tuple(run.net(t - 1).tolist()),
                        tuple(run_T.net(t - 1).tolist()), checked,
                    )  # fmt: skip
                checked += 1
    raise ArithmeticError("no counter-example in the search range")
