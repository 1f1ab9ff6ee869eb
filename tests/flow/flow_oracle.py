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
