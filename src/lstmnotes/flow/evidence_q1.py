"""The $q = 1$ case of (3.1) from the back-propagation rule, with (3.2) as printed beside it (P1, slip 1).

{py:func}`q1_case` derives the case for one pair of units and sets (3.2) as printed beside it;
{py:func}`q1_agreement` derives it for every pair of every net up to {py:data}`Q1_MAX_UNITS` units and
compares it with the recursion as {py:func}`lstmnotes.flow.symbolic.scaling_factor` builds it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import sympy

from lstmnotes.derivation import Derivation
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow import symbolic_derivations as flow_derivations

__all__ = [
    "Q1_MAX_UNITS",
    "Q1_UNITS",
    "Q1Case",
    "q1_agreement",
    "q1_agreement_cases",
    "q1_case",
]


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
