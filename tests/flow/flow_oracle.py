"""The exact oracle of the flow tests: the flow recursion in rational arithmetic, its tolerances, and
entries of mixed magnitudes to feed it.

Not a test module (pytest collects only ``test_*.py``); the tests run with ``--import-mode=importlib``, so
a test module that uses it puts this folder on ``sys.path`` first.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

EPS = Fraction(1, 2**53)
"""The unit roundoff of float64."""
FLOOR = Fraction(1, 2**1073)
"""An absolute slack of twice the smallest subnormal (2^-1074), added to every bound."""
FMAX = Fraction(sys.float_info.max)
"""The largest float64, exactly."""


def exact_flows(W: np.ndarray, fprime: np.ndarray) -> tuple[list, list]:
    """The exact M_m of the recursion (3.1) and the flow of |W|, |fprime|, for every lag, as nested lists
    of Fractions."""
    n = W.shape[0]
    w = [[Fraction(float(W[i, j])) for j in range(n)] for i in range(n)]
    M = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    A = [row[:] for row in M]
    exact, absolute = [], []
    for row in fprime:
        r = [Fraction(float(x)) for x in row]
        M = [[r[v] * sum(w[k][v] * M[k][u] for k in range(n)) for u in range(n)] for v in range(n)]
        A = [
            [abs(r[v]) * sum(abs(w[k][v]) * A[k][u] for k in range(n)) for u in range(n)]
            for v in range(n)
        ]
        exact.append(M)
        absolute.append(A)
    return exact, absolute


def check(got: float, truth: Fraction, bound: Fraction) -> None:
    """``got`` is within ``bound`` (plus {py:data}`FLOOR`) of the exact ``truth``."""
    error = abs(Fraction(float(got)) - truth)
    assert error <= bound + FLOOR, (got, float(truth), float(error), float(bound))


def _magnitudes(ends: tuple[float, float]) -> st.SearchStrategy[float]:
    return st.one_of(
        st.just(0.0),
        st.floats(5e-324, 1e-300),  # subnormals and the bottom of the normal range
        st.floats(1e-200, 1e200),
        st.floats(1e300, 1e308),
        st.sampled_from([*ends, 2.0**-1074, 1.0]),
    )


@st.composite
def mixed(
    draw: st.DrawFn, shape: tuple[int, ...], ends: tuple[float, float] = (1e-300, 1e300)
) -> np.ndarray:
    """Entries each of its own magnitude, with random signs; ``ends`` are two magnitudes drawn often."""
    size = int(np.prod(shape))
    values = draw(st.lists(_magnitudes(ends), min_size=size, max_size=size))
    signs = draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=size, max_size=size))
    return (np.array(values) * np.array(signs)).reshape(shape)


RAISE_A = Fraction(1, 2**1532)
"""The raise of {py:func}`raised_flows` is ``RAISE_A A + RAISE_B n^2 B``, as the domain row of
``largest_flows_by_lag`` states it."""
RAISE_B = Fraction(1, 2**1530)


def _step(w: list, A: list, f: list) -> list:
    """One step of the recursion, F W^T A, on nested lists."""
    n = len(w)
    return [[f[v] * sum(w[k][v] * A[k][u] for k in range(n)) for u in range(n)] for v in range(n)]


def _largest(A: list) -> Fraction:
    return max(abs(x) for row in A for x in row)


def raised_flows(
    W: np.ndarray, fprime: np.ndarray
) -> list[tuple[Fraction, Fraction, Fraction, bool]]:
    """What the domain row of ``largest_flows_by_lag`` bounds, lag by lag, in exact fractions.

    For lag m: the exact largest ``|M_m|``; the largest entry of the flow P of |W| and |fprime|; the
    largest entry of the raised flow Q, which adds ``RAISE_A A_m + RAISE_B n^2 B_m`` to each nonzero entry
    at every lag m (``A_m`` its largest entry at lag m before the raise, ``B_m`` the largest slope at lag m
    times its largest entry at lag m - 1 times the largest weight, or times 2^-500 of the largest weight
    where no nonzero weight is below 2^-1500 times it); and whether, at every lag up to m, no nonzero
    entry of P is below the raise computed from P itself (then P may stand for Q).
    """
    n = W.shape[0]
    signed = [[Fraction(float(W[i, j])) for j in range(n)] for i in range(n)]
    w = [[abs(x) for x in row] for row in signed]
    top_weight = _largest(w)
    tiny = any(0 < x < top_weight / 2**1500 for row in w for x in row)
    weight = top_weight if tiny else top_weight / 2**500
    M = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    P = [row[:] for row in M]
    Q = [row[:] for row in M]
    holds, out = True, []
    for row in fprime:
        f = [Fraction(float(x)) for x in row]
        g = [abs(x) for x in f]
        M = _step(signed, M, f)
        P_raw, Q_raw = _step(w, P, g), _step(w, Q, g)
        floor_P = RAISE_A * _largest(P_raw) + RAISE_B * n * n * max(g) * weight * _largest(P)
        floor_Q = RAISE_A * _largest(Q_raw) + RAISE_B * n * n * max(g) * weight * _largest(Q)
        holds = holds and all(x >= floor_P for r in P_raw for x in r if x != 0)
        P = P_raw
        Q = [[x + floor_Q if x != 0 else x for x in r] for r in Q_raw]
        out.append((_largest(M), _largest(P), _largest(Q), holds))
    return out
