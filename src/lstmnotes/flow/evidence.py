"""Evidence for the paper's claims about error flow (P1-P3, P11-P13) and the slips reported in them.

Each function computes one piece of evidence and returns it as a small frozen dataclass, with a boolean
that states the verdict it supports; the book's pages show the evidence and a claim ledger can call the
same functions. Searches for smallest counter-examples are exhaustive over small integer weights, in the
order stated in each docstring, so "smallest" means smallest in that order. Random surveys take an
explicit ``rng``.

| claim | function |
|---|---|
| P1, the $q = 1$ case of (3.1) | {py:func}`q1_case` |
| P2 / slip 1, (3.2) as printed | {py:func}`printed_path_sum_counterexample`, {py:func}`printed_symmetric_agreement` |
| (3.2) corrected | {py:func}`corrected_path_sum_agreement` |
| P3, paths of different signs | {py:func}`cancelling_paths_example` |
| P11, the matrix form | {py:func}`matrix_form_agreement` |
| slip 4, "column $i$, row $j$" | {py:func}`column_row_reading_counterexample` |
| slip 5 / P12, the compatibility step | {py:func}`compatibility_counterexample`, {py:func}`weak_bound_counterexample` |
| P12, the weak bound | {py:func}`weak_bound_survey`, {py:func}`bound_looseness` |
| P13, the $\\tau$ corollary | {py:func}`tau_corollary_survey` |
| slip 6, $f'_{max} = 0.25$ | {py:func}`fprime_max_evidence` |
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import sympy

from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds import (
    NORM_PAIRS,
    fprime_max,
    tau,
    tau_bound,
    weak_bound,
    weak_bound_by_lag,
    weak_bound_chain,
    weak_bound_middle,
)
from lstmnotes.derivation import Derivation
from lstmnotes.flow import (
    largest_flow_by_lag,
    matrix_form,
    path_sum,
    path_terms,
    scaling_factor,
)
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow import symbolic_derivations as flow_derivations
from lstmnotes.net import random_weights, run_net

__all__ = [
    "COMPATIBILITY_UNITS",
    "Q1_UNITS",
    "WEIGHTED_LAGS",
    "WEIGHTED_UNITS",
    "BoundLooseness",
    "CancellingPaths",
    "ColumnRowReading",
    "CompatibilityCounterexample",
    "CorrectedAgreement",
    "FprimeMaxEvidence",
    "MatrixFormAgreement",
    "PathSumExactness",
    "PrintedCounterexample",
    "Q1Case",
    "SymmetricAgreement",
    "TauSurvey",
    "TransposedRun",
    "WeakBoundCounterexample",
    "WeakBoundSurvey",
    "agreement_phrase",
    "bound_looseness",
    "cancelling_paths_example",
    "column_row_contradictions",
    "column_row_reading_counterexample",
    "compatibility_counterexample",
    "corrected_path_sum_agreement",
    "e_u_times_W_defined",
    "fprime_max_evidence",
    "literal_W_e_v",
    "matrix_form_agreement",
    "path_sum_exactness",
    "printed_path_sum_counterexample",
    "printed_symmetric_agreement",
    "q1_agreement",
    "q1_agreement_cases",
    "q1_case",
    "tau_corollary_survey",
    "transposed_run_counterexample",
    "weak_bound_counterexample",
    "weak_bound_survey",
]

Matrix = tuple[tuple[int, ...], ...]

COMPATIBILITY_UNITS = (2, 3)
"""The sizes $n$ of the 0/1 matrices {py:func}`compatibility_counterexample` searches."""

WEIGHTED_UNITS = 2
"""The size $n$ of the 0/1 nets {py:func}`weak_bound_counterexample` searches."""

WEIGHTED_LAGS = (2, 4)
"""The smallest and largest lag {py:func}`weak_bound_counterexample` searches."""


def _binary_matrices(n: int) -> Iterator[np.ndarray]:
    """All $n \\times n$ matrices with entries 0 and 1, fewest ones first, then lexicographically."""
    cells = n * n
    for ones in range(1, cells + 1):
        for where in itertools.combinations(range(cells), ones):
            W = np.zeros(cells)
            W[list(where)] = 1.0
            yield W.reshape(n, n)


def _as_ints(W: np.ndarray) -> Matrix:
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
            for W in _binary_matrices(n):
                true = path_sum(W, fprime, "corrected")
                printed = path_sum(W, fprime, "printed")
                differ = np.argwhere(true != printed)
                if differ.size:  # report an entry where the recursion says the error does arrive
                    v, u = (int(i) for i in max(differ, key=lambda vu: abs(true[vu[0], vu[1]])))
                    return PrintedCounterexample(
                        n, q, _as_ints(W), u, v, int(true[v, u]), int(printed[v, u]), checked
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
            for W in _binary_matrices(n):
                run, run_T = run_net(W, y0, t, activation), run_net(W.T, y0, t, activation)
                fp, fp_T = run.fprime(t, q), run_T.fprime(t, q)
                printed = path_sum(W, fp, "printed")
                actual = scaling_factor(W.T, fp_T)
                differ = np.argwhere(~np.isclose(printed, actual, rtol=1e-9, atol=0.0))
                if differ.size:
                    v, u = (int(i) for i in differ[0])
                    formal = scaling_factor(W.T, fp)
                    return TransposedRun(
                        n, q, t, tuple(y0.tolist()), _as_ints(W), u, v, float(printed[v, u]),
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
        _as_ints(small),
        _as_ints(large),
        tuple((0, middle, 0) for middle in range(2)),
        tuple(float(x) for x in terms),
        float(scaling_factor(small, small_fp)[0, 0]),
        float(scaling_factor(large, large_fp)[0, 0]),
    )


# -- P11, slip 4 ----------------------------------------------------------------------------------------


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
    return _as_ints((W.T @ np.eye(W.shape[0])[v])[None, :])[0]


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
    row_column = _as_ints((W @ e_v)[None, :])[0]
    column_row = literal_W_e_v(W, v)
    for q in range(2, 5):
        for n in (2, 3):
            fprime = np.ones((q, n))
            for F in _binary_matrices(n):
                true = scaling_factor(F, fprime)
                for u, w in itertools.product(range(n), repeat=2):
                    literal = matrix_form(F, fprime, u, w, reading="column-row")
                    if literal != true[w, u]:
                        return ColumnRowReading(
                            _as_ints(W), v, paper, row_column, column_row, q, _as_ints(F), u, w,
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
    differ = cases = 0
    for n in range(1, n_max + 1):
        for i, j, v in itertools.product(range(n), repeat=3):
            E = np.zeros((n, n))
            E[i, j] = 1.0
            cases += 1
            differ += literal_W_e_v(E, v) != tuple(int(E[k, v]) for k in range(n))
    return differ, cases


def e_u_times_W_defined(n: int) -> bool:
    """Whether the paper's $e_u W$ is defined, with $e_u$ the $u$-th unit *column* vector (sympy decides).

    :param n: the number of units, at least 1.
    :return: ``True`` only for $n = 1$: a column times an $n \\times n$ matrix needs $n = 1$.
    :raises ValueError: for $n < 1$.

    ```pycon
    >>> e_u_times_W_defined(1), e_u_times_W_defined(2)
    (True, False)

    ```
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    try:
        sympy.eye(n)[:, 0] * sympy.MatrixSymbol("W", n, n).as_explicit()
    except sympy.ShapeError:
        return False
    return True


# -- slip 5, P12 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompatibilityCounterexample:
    """The step $\\|e_u^{\\mathsf T} W\\|_x \\le \\|W\\|_A \\|e_u\\|_x$ failing for a common norm pair."""

    norm: str
    """The first pair of {py:data}`lstmnotes.bounds.NORM_PAIRS` for which the step fails."""
    W: Matrix
    u: int
    row_norm: float
    """$\\|e_u^{\\mathsf T} W\\|_x$, the norm of row $u$ (the weights into $u$)."""
    matrix_norm: float
    """$\\|W\\|_A \\|e_u\\|_x$."""
    step_holds_for: tuple[str, ...]
    """The pairs for which the step held on every 0/1 matrix of the search."""
    q: int
    """The lag at which the chain is evaluated."""
    slope: float
    """The slope of every unit at every step of that evaluation (the logistic's largest)."""
    v: int
    """The unit that maximises the middle expression for errors starting at $u$."""
    flow: float
    """The flow for lag ``q``, every slope ``slope``, from $u$ to $v$."""
    middle: float
    """The middle expression of the chain there."""
    bound: float
    """The final bound $n (f'_{max}\\|W\\|_A)^q$."""
    worst_ratio: dict[str, float]
    """Per pair, the largest $\\|e_u^{\\mathsf T} W\\|_x / (\\|W\\|_A \\|e_u\\|_x)$ of the search."""

    @property
    def step_holds(self) -> bool:
        """Whether the compatibility step holds here (it does not)."""
        return self.row_norm <= self.matrix_norm


def compatibility_counterexample() -> CompatibilityCounterexample:
    """Slip 5: search the common norm pairs and 0/1 matrices ($n = 2, 3$, fewest ones first) for a failure.

    Then evaluate the paper's chain on the counter-example with $q = 2$ and slopes $1/4$: the middle
    expression exceeds the final bound, although the final bound itself still holds.

    :return: the evidence.

    ```pycon
    >>> c = compatibility_counterexample()
    >>> c.norm, c.W, c.row_norm, c.matrix_norm, c.step_holds_for
    ('max-column-sum', ((1, 1), (0, 0)), 2.0, 1.0, ('max-row-sum', 'spectral', 'frobenius'))

    ```
    """
    found: tuple[str, np.ndarray, int, float, float] | None = None
    holds = []
    worst = dict.fromkeys(NORM_PAIRS, 0.0)
    for name, pair in NORM_PAIRS.items():
        failure = None
        for n in COMPATIBILITY_UNITS:
            for W in _binary_matrices(n):
                for u in range(n):
                    e_u = np.eye(n)[u]
                    lhs, rhs = pair.vector(e_u @ W), pair.matrix(W) * pair.vector(e_u)
                    worst[name] = max(worst[name], lhs / rhs)
                    if lhs > rhs * (1 + 1e-12) and failure is None:
                        failure = (name, W, u, lhs, rhs)
        if failure is None:
            holds.append(name)
        elif found is None:
            found = failure
    if found is None:
        raise ArithmeticError("no counter-example in the search range")
    name, W, u, lhs, rhs = found
    q, slope = 2, LOGISTIC_PRIME_MAX
    fprime = np.full((q, W.shape[0]), slope)
    chains = [weak_bound_chain(W, fprime, u, v, name) for v in range(W.shape[0])]
    v = max(range(W.shape[0]), key=lambda i: chains[i].middle)
    chain = chains[v]
    return CompatibilityCounterexample(
        name,
        _as_ints(W),
        u,
        lhs,
        rhs,
        tuple(holds),
        q,
        slope,
        v,
        chain.flow,
        chain.middle,
        chain.bound,
        worst,
    )


@dataclass(frozen=True)
class WeakBoundCounterexample:
    """A compatible norm pair, meeting the paper's conditions, for which the final weak bound fails."""

    d: tuple[int, ...]
    """The weights of the norm $\\|x\\|_D = \\max_i d_i |x_i|$ (all $\\ge 1$)."""
    W: Matrix
    q: int
    u: int
    v: int
    flow: sympy.Rational
    """The exact flow, identity units (all slopes 1)."""
    bound: sympy.Rational
    """The exact final bound $n (f'_{max}\\|W\\|_D)^q$."""
    e_v_norm: sympy.Rational
    """$\\|e_v\\|_D$: the paper's step $\\|W e_v\\|_x \\le \\|W\\|_A$ silently takes it to be 1."""
    W_v_norm: sympy.Rational
    """$\\|W_v\\|_D = \\|W e_v\\|_D$."""
    W_norm: sympy.Rational
    """$\\|W\\|_D$."""

    @property
    def bound_holds(self) -> bool:
        """Whether the final bound holds here (it does not)."""
        return bool(abs(self.flow) <= self.bound)


def _weighted_norm(W: np.ndarray, d: tuple[int, ...]) -> sympy.Rational:
    n = W.shape[0]
    rows = [sum(sympy.Rational(d[i] * abs(int(W[i, j])), d[j]) for j in range(n)) for i in range(n)]
    return sympy.Max(*rows)


def weak_bound_counterexample(max_weight: int = 10) -> WeakBoundCounterexample:
    """P12 for "any compatible pair": the weighted maximum norm breaks the final bound.

    Search: $n = 2$; $q = 2, 3, 4$; $d = (1, K)$ for $K = 1, \\dots,$ ``max_weight``; 0/1 weights with
    the fewest ones first; identity units. The exact flow is an entry of $W^q$; the exact bound uses
    $\\|W\\|_D = \\|D W D^{-1}\\|_\\infty$. The pair is compatible (the matrix norm is induced by the
    vector norm) and satisfies $\\max_i |x_i| \\le \\|x\\|_D$, the only conditions the paper names.

    :param max_weight: the largest $K$ to try.
    :return: the first counter-example, in exact arithmetic.
    :raises ArithmeticError: if none is found.

    ```pycon
    >>> c = weak_bound_counterexample()
    >>> c.d, c.W, c.q, c.flow, c.bound
    ((1, 7), ((1, 1), (0, 1)), 3, 3, 1024/343)

    ```
    """
    n = WEIGHTED_UNITS
    for q in range(WEIGHTED_LAGS[0], WEIGHTED_LAGS[1] + 1):
        for K in range(1, max_weight + 1):
            d = (1, K)
            for W in _binary_matrices(n):
                W_norm = _weighted_norm(W, d)
                power = np.linalg.matrix_power(W.astype(np.int64), q)
                bound = n * W_norm**q
                for u, v in itertools.product(range(n), repeat=2):
                    flow = sympy.Integer(int(power[u, v]))  # identity units: (W^q)[u, v]
                    if abs(flow) > bound:
                        return WeakBoundCounterexample(
                            d, _as_ints(W), q, u, v, flow, bound, sympy.Integer(d[v]),
                            sympy.Integer(max(d[i] * abs(int(W[i, v])) for i in range(n))), W_norm,
                        )  # fmt: skip
    raise ArithmeticError("no counter-example in the search range")


@dataclass(frozen=True)
class WeakBoundSurvey:
    """The chain of the weak bound checked on random logistic nets, per norm pair."""

    nets: int
    """How many random nets (each checked for every pair $(u, v)$)."""
    checks: int
    """How many (net, $u$, $v$) triples per norm pair."""
    bound_violations: dict[str, int]
    """Per pair: how often $|\\text{flow}| >$ the final bound."""
    first_violations: dict[str, int]
    """Per pair: how often $|\\text{flow}| >$ the middle expression."""
    second_violations: dict[str, int]
    """Per pair: how often the middle expression $>$ the final bound."""
    worst_ratio: dict[str, float]
    """Per pair: the largest $|\\text{flow}| / \\text{bound}$ seen."""
    units: tuple[int, int] = (2, 6)
    """The smallest and largest $n$ drawn."""
    lags: tuple[int, int] = (2, 12)
    """The smallest and largest $q$ drawn."""
    weight_scales: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
    """The values of $w_{max}$ drawn from (weights uniform on $[-w_{max}, w_{max}]$)."""

    @property
    def paper_pair_holds(self) -> bool:
        """P12 for the paper's example pair: no violation of either inequality."""
        name = "max-row-sum"
        return (
            self.bound_violations[name]
            == self.first_violations[name]
            == 0
            == (self.second_violations[name])
        )


def weak_bound_survey(rng: np.random.Generator, nets: int = 200) -> WeakBoundSurvey:
    """P12: run random logistic nets and check both inequalities of the chain for every pair $(u, v)$.

    Each net draws $n$, $q$ and $w_{max}$ from the ranges recorded in {py:class}`WeakBoundSurvey`, then
    runs from a random $y(0)$ to collect its slopes.

    :param rng: the random generator.
    :param nets: how many nets.
    :return: counts of violations and the worst ratios, per norm pair of
        {py:data}`lstmnotes.bounds.NORM_PAIRS`.

    ```pycon
    >>> s = weak_bound_survey(np.random.default_rng(0), nets=5)
    >>> s.paper_pair_holds, s.bound_violations["spectral"]
    (True, 0)

    ```
    """
    names = list(NORM_PAIRS)
    bound = dict.fromkeys(names, 0)
    first = dict.fromkeys(names, 0)
    second = dict.fromkeys(names, 0)
    worst = dict.fromkeys(names, 0.0)
    checks = 0
    units, lags, scales = WeakBoundSurvey.units, WeakBoundSurvey.lags, WeakBoundSurvey.weight_scales
    for _ in range(nets):
        n = int(rng.integers(units[0], units[1] + 1))
        q = int(rng.integers(lags[0], lags[1] + 1))
        W = random_weights(n, rng, w_max=float(rng.choice(scales)))
        fprime = run_net(W, rng.uniform(0, 1, n), q + 1).fprime(q + 1, q)
        flow = np.abs(scaling_factor(W, fprime))
        checks += n * n
        for name in names:
            final = weak_bound(W, fprime, name)
            middle = np.array(
                [[weak_bound_middle(W, fprime, u, v, name) for u in range(n)] for v in range(n)]
            )  # [v, u], like the flow
            bound[name] += int(np.sum(flow > final))
            first[name] += int(np.sum(flow > middle))
            second[name] += int(np.sum(middle > final))
            worst[name] = max(worst[name], float(flow.max() / final))
    return WeakBoundSurvey(nets, checks, bound, first, second, worst)


@dataclass(frozen=True)
class BoundLooseness:
    """The largest true flow and the weak bound over the lags $1, \\dots, q$ for one net."""

    lags: np.ndarray
    flow: np.ndarray
    """$\\max_{u,v} |\\partial\\vartheta_v(t-q')/\\partial\\vartheta_u(t)|$ per lag."""
    bound: np.ndarray
    """$n (f'_{max}\\|W\\|_A)^{q'}$ per lag, for the norm pair ``norm``."""
    norm: str
    flow_rate: float
    """The flow's average factor per step, $(\\text{flow}_q/\\text{flow}_1)^{1/(q-1)}$."""
    bound_rate: float
    """The bound's factor per step at the last lag, $f'_{max}\\|W\\|_A$."""

    @property
    def ratio(self) -> np.ndarray:
        """Bound over flow, per lag: how loose the bound is."""
        return np.asarray(self.bound / self.flow)

    @property
    def never_violated(self) -> bool:
        """Whether the flow stays below the bound at every lag."""
        return bool(np.all(self.flow <= self.bound))


def bound_looseness(W: np.ndarray, fprime: np.ndarray, norm: str = "max-row-sum") -> BoundLooseness:
    """Compare the largest flow with the weak bound at every lag up to ``len(fprime)``.

    :param W: the weights.
    :param fprime: the slopes, shape ``(q, n)`` with $q \\ge 2$ (e.g. from
        {py:meth}`lstmnotes.net.Run.fprime`).
    :param norm: the norm pair of the bound.
    :return: the evidence.
    :raises ValueError: as {py:func}`lstmnotes.flow.scaling_factor`, or for $q < 2$, or a flow that
        vanishes to zero.

    ```pycon
    >>> b = bound_looseness(np.eye(2), np.full((3, 2), 0.5))
    >>> b.ratio.tolist(), b.flow_rate, b.bound_rate
    ([2.0, 2.0, 2.0], 0.5, 0.5)

    ```
    """
    flow = largest_flow_by_lag(W, fprime)
    if flow.shape[0] < 2:
        raise ValueError("bound_looseness needs q >= 2")
    if np.any(flow == 0):
        raise ValueError("the flow vanishes exactly at some lag: the ratio is undefined")
    bound = weak_bound_by_lag(W, fprime, norm)
    q = flow.shape[0]
    rate = float((flow[-1] / flow[0]) ** (1 / (q - 1)))
    return BoundLooseness(
        np.arange(1, q + 1), flow, bound, norm, rate, float((bound[-1] / W.shape[0]) ** (1 / q))
    )


# -- P13, slip 6 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TauSurvey:
    """The $\\tau$ corollary checked on random logistic nets with $|w_{ij}| \\le w_{max} < 4/n$."""

    nets: int
    violations: int
    """How many (net, lag) had a largest flow above $n\\tau^q$."""
    worst_ratio: float
    """The largest (largest flow) / $(n\\tau^q)$ seen."""
    largest_tau: float
    """The largest $\\tau$ among the nets (all below 1)."""
    q_max: int
    """The longest lag checked (every lag from 1 up to it)."""
    units: tuple[int, int] = (1, 8)
    """The smallest and largest $n$ drawn."""

    @property
    def holds(self) -> bool:
        """P13: no violation."""
        return self.violations == 0


def tau_corollary_survey(rng: np.random.Generator, nets: int = 200, q_max: int = 30) -> TauSurvey:
    """P13: random logistic nets, $w_{max}$ uniform in $(0.05, 0.999) \\cdot 4/n$, every lag up to ``q_max``.

    $n$ is drawn from the range recorded in {py:class}`TauSurvey`.

    :param rng: the random generator.
    :param nets: how many nets.
    :param q_max: the longest lag.
    :return: the evidence.

    ```pycon
    >>> tau_corollary_survey(np.random.default_rng(0), nets=5).holds
    True

    ```
    """
    violations, worst, largest_tau = 0, 0.0, 0.0
    units = TauSurvey.units
    for _ in range(nets):
        n = int(rng.integers(units[0], units[1] + 1))
        w_max = float(rng.uniform(0.05, 0.999)) * 4.0 / n
        W = random_weights(n, rng, w_max=w_max)
        fprime = run_net(W, rng.uniform(0, 1, n), q_max + 1).fprime(q_max + 1, q_max)
        flow = largest_flow_by_lag(W, fprime)
        bounds = np.array([tau_bound(n, w_max, q) for q in range(1, q_max + 1)])
        violations += int(np.sum(flow > bounds))
        worst = max(worst, float(np.max(flow / bounds)))
        largest_tau = max(largest_tau, tau(n, w_max))
    return TauSurvey(nets, violations, worst, largest_tau, q_max)


@dataclass(frozen=True)
class FprimeMaxEvidence:
    """Slip 6: $f'_{max}$ of a logistic net is at most 0.25, and equal to it only at a zero net input."""

    where_quarter: tuple[sympy.Basic, ...]
    """The real solutions of $\\sigma'(x) = 1/4$, by sympy."""
    random_fprime_max: float
    """$f'_{max}$ (maximum norm) over a random logistic run."""
    random_min_abs_net: float
    """The smallest $|\\mathit{net}|$ in that run."""
    zero_net_fprime_max: float
    """$f'_{max}$ over a run built to have a zero net input."""
    bound_with_quarter: float
    """The weak bound of the random run computed with $0.25$ in place of its $f'_{max}$."""
    bound_with_actual: float
    """The weak bound with the run's own $f'_{max}$."""

    @property
    def equality_in_general(self) -> bool:
        """Whether "$f'_{max} = 0.25$" holds for the random run (it does not)."""
        return self.random_fprime_max == LOGISTIC_PRIME_MAX

    @property
    def quarter_is_safe(self) -> bool:
        """Whether using 0.25 still gives a valid (larger) bound."""
        return self.bound_with_quarter >= self.bound_with_actual


def fprime_max_evidence(rng: np.random.Generator, n: int = 6, q: int = 10) -> FprimeMaxEvidence:
    """Slip 6: where $\\sigma' = 1/4$, a random run's $f'_{max}$, and a run whose net input is exactly 0.

    :param rng: the random generator.
    :param n: the number of units of the random net.
    :param q: the lag.
    :return: the evidence.

    ```pycon
    >>> e = fprime_max_evidence(np.random.default_rng(0))
    >>> e.where_quarter, e.equality_in_general, e.zero_net_fprime_max, e.quarter_is_safe
    ((0,), False, 0.25, True)

    ```
    """
    x = sympy.Symbol("x", real=True)
    sigma_prime = sympy.diff(1 / (1 + sympy.exp(-x)), x)
    where = tuple(sympy.solveset(sympy.Eq(sigma_prime, sympy.Rational(1, 4)), x, sympy.S.Reals))
    W = random_weights(n, rng, w_max=1.0)
    run = run_net(W, rng.uniform(0, 1, n), q + 1)
    fprime = run.fprime(q + 1, q)
    actual = fprime_max(fprime)
    quarter = float(n * (LOGISTIC_PRIME_MAX * NORM_PAIRS["max-row-sum"].matrix(W)) ** q)
    balanced = run_net([[1.0, -1.0], [0.0, 0.0]], [0.5, 0.5], 2)  # net_0(1) = 0.5 - 0.5 = 0
    return FprimeMaxEvidence(
        where,
        actual,
        float(np.abs(run.nets[:q]).min()),
        fprime_max(balanced.fprime(2, 1)),
        quarter,
        weak_bound(W, fprime),
    )
