"""The error-flow derivations, checked by sympy: the $q = 1$ case, the unrolled recursion, the induction.

{py:func}`q1_derivation` differentiates the back-propagation rule to get the $q = 1$ case of (3.1);
{py:func}`unrolled_flow` sets one entry of the unrolled recursion beside (3.2) as printed and corrected;
{py:func}`induction_derivation` checks the paper's induction, from (3.1) to the corrected (3.2), for one
case. They are built on the expressions of {py:mod}`lstmnotes.flow.symbolic` and return
{py:class}`~lstmnotes.derivation.Derivation` objects or plain expressions for a page.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from lstmnotes.derivation import Derivation
from lstmnotes.flow.symbolic import (
    _check_size,
    fprime_symbols,
    path_sum,
    scaling_factor,
    theta_symbols,
    weight_symbols,
)
from lstmnotes.flow.symbolic_formulas import FlowFactor

__all__ = ["UnrolledFlow", "induction_derivation", "q1_derivation", "unrolled_flow"]


@dataclass(frozen=True)
class UnrolledFlow:
    """One entry of the flow, unrolled from (3.1) and as (3.2) prints it, from {py:func}`unrolled_flow`."""

    n: int
    q: int
    u: int
    """The starting unit (from 0)."""
    v: int
    """The unit reached (from 0)."""
    true: sympy.Basic
    """The recursion (3.1), unrolled and expanded."""
    printed: sympy.Basic
    """Eq. (3.2) with the weight index as printed."""
    corrected: sympy.Basic
    """Eq. (3.2) with the corrected weight index."""

    @property
    def difference(self) -> sympy.Basic:
        """True minus printed, factored."""
        return sympy.factor(sympy.expand(self.true - self.printed))

    def latex(self) -> str:
        """The unrolled recursion, the printed sum and their difference, aligned, for a page."""
        lhs = sympy.latex(FlowFactor(self.v + 1, self.u + 1, self.q))
        rows = [
            (rf"{lhs} \overset{{(3.1)}}{{=}}", self.true),
            (r"\text{(3.2) as printed} =", self.printed),
            (r"\text{difference} =", self.difference),
        ]
        body = [f"{left} &\\; {sympy.latex(expr)}" for left, expr in rows]
        return "\\begin{aligned}\n" + " \\\\\n".join(body) + "\n\\end{aligned}"


def unrolled_flow(n: int, q: int, u: int, v: int) -> UnrolledFlow:
    """Unroll (3.1) for one pair and set it beside (3.2), printed and corrected.

    :param n: the number of units.
    :param q: the lag.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: the expressions.
    :raises ValueError: for sizes or units out of range.

    ```pycon
    >>> flow = unrolled_flow(2, 1, 0, 1)
    >>> flow.difference
    f'_{2}(t-1)*(w_{12} - w_{21})

    ```
    """
    _check_size(n, q)
    if not (0 <= u < n and 0 <= v < n):
        raise ValueError(f"u and v must be unit indices in 0..{n - 1}, got u={u}, v={v}")
    return UnrolledFlow(
        n,
        q,
        u,
        v,
        scaling_factor(n, q)[v, u],
        sympy.expand(path_sum(n, q, "printed")[v, u]),
        sympy.expand(path_sum(n, q, "corrected")[v, u]),
    )


def q1_derivation(n: int = 3, u: int = 1, v: int = 0) -> Derivation:
    """Derive the $q = 1$ case of (3.1) from the back-propagation rule, for a net of $n$ units.

    The rule gives $\\vartheta_v(t-1) = f'_v(t-1) \\sum_i w_{iv}\\vartheta_i(t)$; only the term
    $i = u$ depends on $\\vartheta_u(t)$.

    :param n: the number of units.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: the verified derivation; its result is $f'_v(t-1)\\, w_{uv}$.
    :raises ValueError: for sizes or units out of range.

    ```pycon
    >>> q1_derivation().result
    f'_{1}(t-1)*w_{21}

    ```
    """
    _check_size(n, 1)
    if not (0 <= u < n and 0 <= v < n):
        raise ValueError(f"u and v must be unit indices in 0..{n - 1}, got u={u}, v={v}")
    w, f, theta = weight_symbols(n), fprime_symbols(n, 1), theta_symbols(n)
    rule = f[0, v] * sum((w[i, v] * theta[i] for i in range(n)), sympy.S.Zero)
    return Derivation(sympy.Derivative(rule, theta[u]), "back-propagation rule").equals(
        f[0, v] * w[u, v], "only $i = u$ depends on $\\vartheta_u(t)$"
    )


def induction_derivation(n: int, q: int, u: int, v: int) -> Derivation:
    """Check the paper's induction for one case: (3.1) unrolled equals the corrected path sum (3.2).

    :param n: the number of units.
    :param q: the lag.
    :param u: the starting unit (from 0).
    :param v: the unit reached (from 0).
    :return: a two-step verified derivation from the recursion, nested as (3.1) builds it, to the
        corrected path sum, one monomial per path (no notes, to keep it narrow).
    :raises ValueError: for sizes or units out of range.
    :raises lstmnotes.derivation.DerivationError: if the two were not identical.

    ```pycon
    >>> len(induction_derivation(2, 3, 0, 1).steps)
    2

    ```
    """
    flow = unrolled_flow(n, q, u, v)
    nested = scaling_factor(n, q, expand=False)[v, u]
    return Derivation(nested).equals(flow.corrected, "")
