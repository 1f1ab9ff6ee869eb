"""Evidence for the paper's claims about error flow (P1-P3) and the slips reported in them.

Each function computes one piece of evidence and returns it as a small frozen dataclass, with a boolean
that states the verdict it supports; the book's pages show the evidence and a claim ledger can call the
same functions. Searches for smallest counter-examples are exhaustive over small integer weights, in the
order stated in each docstring, so "smallest" means smallest in that order; {py:func}`binary_matrices`
gives the order of the 0/1 matrices, which the weak-bound chapter's searches share.

| claim | function |
|---|---|
| P1, the $q = 1$ case of (3.1) | {py:func}`q1_case` |
| P2 / slip 1, (3.2) as printed | {py:func}`printed_path_sum_counterexample`, {py:func}`printed_symmetric_agreement` |
| (3.2) corrected | {py:func}`corrected_path_sum_agreement` |
| P3, paths of different signs | {py:func}`cancelling_paths_example` |
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import sympy

from lstmnotes.derivation import Derivation
from lstmnotes.flow import path_sum, path_terms, scaling_factor
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow import symbolic_derivations as flow_derivations
from lstmnotes.net import run_net

__all__ = [
    "Q1_MAX_UNITS",
    "Q1_UNITS",
    "CancellingPaths",
    "CorrectedAgreement",
    "Matrix",
    "PathSumExactness",
    "PrintedCounterexample",
    "Q1Case",
    "SymmetricAgreement",
    "TransposedRun",
    "agreement_phrase",
    "as_ints",
    "binary_matrices",
    "cancelling_paths_example",
    "corrected_path_sum_agreement",
    "path_sum_exactness",
    "printed_path_sum_counterexample",
    "printed_symmetric_agreement",
    "q1_agreement",
    "q1_agreement_cases",
    "q1_case",
    "transposed_run_counterexample",
]

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


# -- P1 -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Q1Case:
    """The $q = 1$ case: what the back-propagation rule gives, and what (3.2) as printed gives."""

    derivation: Derivation
    """The verified derivation of $\\partial\\vartheta_v(t-1)/\\partial\\vartheta_u(t)$ from the rule."""
    recursion: sympy.Basic
    """The $q = 1$ case of (3.1), $f'_v(t-1)\\,w_{uv}$, as the paper states it."""
    printed: sympy.Basic
    """(3.2) as printed at $q = 1$."""
    difference: sympy.Basic
    """Rule minus printed."""

    @property
    def recursion_follows_from_rule(self) -> bool:
        """P1: the paper's $q = 1$ case equals what the rule gives."""
        return bool(sympy.expand(self.derivation.result - self.recursion) == 0)

    @property
    def printed_agrees(self) -> bool:
        """Whether (3.2) as printed agrees with the rule at $q = 1$ (it does not)."""
        return bool(sympy.expand(self.difference) == 0)


Q1_UNITS: Final = 2
"""The size $n$ of the net on which {py:func}`q1_case` derives the $q = 1$ case by default."""


def q1_case(n: int = Q1_UNITS, u: int = 1, v: int = 0) -> Q1Case:
    """P1 and the $q = 1$ contradiction of slip 1, symbolically for a net of $n$ units.

    :param n: the number of units.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0), different from ``u``.
    :return: the evidence.
    :raises ValueError: if ``u == v`` (then the two forms coincide) or the sizes are out of range.

    ```pycon
    >>> case = q1_case()
    >>> case.recursion_follows_from_rule, case.printed_agrees
    (True, False)

    ```
    """
    if u == v:
        raise ValueError("u and v must differ: for u = v the weight w_uu is its own transpose")
    derivation = flow_derivations.q1_derivation(n, u, v)
    recursion = flow_symbolic.scaling_factor(n, 1)[v, u]
    printed = flow_symbolic.path_sum(n, 1, "printed")[v, u]
    difference = sympy.factor(derivation.result - printed)
    return Q1Case(derivation, recursion, printed, difference)


Q1_MAX_UNITS: Final = 4
"""The largest $n$ for which {py:func}`q1_agreement` derives the $q = 1$ case for every pair."""


def q1_agreement(n_max: int = Q1_MAX_UNITS) -> tuple[tuple[int, int, int], ...]:
    """P1 for every net of up to ``n_max`` units and every pair $(u, v)$: the cases where it fails.

    For each $n \\le$ ``n_max`` and each $u, v$ (from 0, $u = v$ included), sympy differentiates the
    back-propagation rule, $\\partial\\vartheta_v(t-1)/\\partial\\vartheta_u(t)$, and compares the
    result with the $q = 1$ case of (3.1) as {py:func}`lstmnotes.flow.symbolic.scaling_factor` builds it.

    :param n_max: the largest $n$, at least 1.
    :return: the $(n, u, v)$ (units from 1) where the two differ; empty when they agree everywhere.
    :raises ValueError: for ``n_max < 1``.

    ```pycon
    >>> q1_agreement(3)
    ()

    ```
    """
    if n_max < 1:
        raise ValueError(f"n_max must be at least 1, got {n_max}")
    failures = []
    for n in range(1, n_max + 1):
        recursion = flow_symbolic.scaling_factor(n, 1)
        for u, v in itertools.product(range(n), repeat=2):
            derived = flow_derivations.q1_derivation(n, u, v).result
            if sympy.expand(derived - recursion[v, u]) != 0:
                failures.append((n, u + 1, v + 1))
    return tuple(failures)


def q1_agreement_cases(n_max: int = Q1_MAX_UNITS) -> int:
    """How many $(n, u, v)$ {py:func}`q1_agreement` compares: $\\sum_{n \\le n_{max}} n^2$.

    :param n_max: the largest $n$, at least 1.
    :return: the count.
    :raises ValueError: for ``n_max < 1``.

    ```pycon
    >>> q1_agreement_cases(4)
    30

    ```
    """
    if n_max < 1:
        raise ValueError(f"n_max must be at least 1, got {n_max}")
    return sum(n * n for n in range(1, n_max + 1))


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


# -- P2 / slip 1 ----------------------------------------------------------------------------------------


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


# -- P3 -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CancellingPaths:
    """A net that gains a unit and loses flow, because two paths of opposite sign cancel."""

    activation: str
    q: int
    t: int
    """The time at which the error starts; it is followed back to time $t - q$."""
    y0: tuple[float, ...]
    """The start $y(0)$ of both nets (zero)."""
    small_W: Matrix
    """One unit with a self-connection."""
    large_W: Matrix
    """The same unit with a second unit attached, whose loop has the opposite sign."""
    paths: tuple[tuple[int, ...], ...]
    """The paths $(l_0, \\dots, l_q)$ from unit 0 back to unit 0 in the large net."""
    terms: tuple[float, ...]
    """Their terms of the corrected (3.2), with signs."""
    small_flow: float
    """$\\partial\\vartheta_0(t-q)/\\partial\\vartheta_0(t)$ in the one-unit net."""
    large_flow: float
    """The same in the two-unit net: the sum of ``terms``."""

    @property
    def more_units_less_flow(self) -> bool:
        """P3: the larger net passes back less error (in absolute value)."""
        return abs(self.large_flow) < abs(self.small_flow)

    @property
    def signs_differ(self) -> bool:
        """Whether the path terms have different signs."""
        return min(self.terms) < 0 < max(self.terms)


def cancelling_paths_example(activation: str = "logistic") -> CancellingPaths:
    """P3: a unit with self-weight 1, then with a second unit on a loop: $w_{10} = -1$ out, $w_{01} = +1$ back.

    Both nets run forward from $y(0) = 0$ for $q + 1 = 3$ steps and the flow from the first unit at
    $t = 3$ back to itself at $t = 1$ is compared. With identity units the two paths cancel exactly.

    :param activation: the units' activation (``"logistic"``, ``"tanh"`` or ``"identity"``).
    :return: the evidence.
    :raises ValueError: for an unknown activation.

    ```pycon
    >>> c = cancelling_paths_example("identity")
    >>> c.terms, c.small_flow, c.large_flow
    ((1.0, -1.0), 1.0, 0.0)

    ```
    """
    q, t = 2, 3
    small = np.array([[1.0]])
    large = np.array([[1.0, 1.0], [-1.0, 0.0]])  # w_01 = 1 (from 1 to 0), w_10 = -1 (from 0 to 1)
    y0 = np.full(1, 0.0), np.full(2, 0.0)
    small_fp = run_net(small, y0[0], t, activation).fprime(t, q)
    large_fp = run_net(large, y0[1], t, activation).fprime(t, q)
    terms = path_terms(large, large_fp, 0, 0)
    return CancellingPaths(
        activation,
        q,
        t,
        tuple(float(x) for x in y0[1]),
        as_ints(small),
        as_ints(large),
        tuple((0, middle, 0) for middle in range(2)),
        tuple(float(x) for x in terms),
        float(scaling_factor(small, small_fp)[0, 0]),
        float(scaling_factor(large, large_fp)[0, 0]),
    )
