"""The flow's matrix product in exact rationals: an oracle for the later conditions' tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction


def exact_flows(W: Sequence[Sequence[float]], slopes: Sequence[Sequence[float]]) -> Iterator[tuple]:
    """$M_m$ at every lag $m$, by the recursion $M_m = F'(t-m) W^T M_{m-1}$ ($M_0 = I$), and $P_m$, the same
    product of absolute values, in exact fractions (lists of rows)."""
    n = len(W)
    w = [[Fraction(x) for x in row] for row in W]
    M = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    P = [row[:] for row in M]
    for row in slopes:
        f = [Fraction(x) for x in row]
        M = [[f[i] * sum(w[k][i] * M[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
        P = [
            [abs(f[i]) * sum(abs(w[k][i]) * P[k][j] for k in range(n)) for j in range(n)]
            for i in range(n)
        ]
        yield M, P
