"""$f'_{max}$ of logistic units: at most $1/4$, and equal to it only at a zero net input (slip 6).

{py:func}`fprime_max_evidence` asks sympy where $\\sigma' = 1/4$, measures $f'_{max}$
({py:func}`lstmnotes.bounds.fprime_max`) on a random logistic run and on a run built to have a zero net
input, and compares the weak bound computed with $1/4$ with the one computed with the run's own value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from lstmnotes._validate import count, generator
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._norms import NORM_PAIRS
from lstmnotes.bounds._weak import fprime_max, weak_bound
from lstmnotes.bounds.evidence import MAX_LAG, MAX_UNITS
from lstmnotes.net import random_weights, run_net

__all__ = ["FprimeMaxEvidence", "fprime_max_evidence"]


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
    generator(rng)
    n = count(n, "n", minimum=1, maximum=MAX_UNITS)
    q = count(q, "q", minimum=1, maximum=MAX_LAG)
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
