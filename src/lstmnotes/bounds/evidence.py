"""The adversarial searches' common ground: the candidates they try and the worst case they keep.

Each search tries to break a bound: it evaluates the ratio of the quantity the bound limits to the bound
itself on three kinds of candidates and keeps the worst (largest) ratio it found, with the case that
produced it, in a {py:class}`BoundSearch`. A ratio above one is a counter-example.

- *structured* candidates: sign patterns of weights (all $+1$, all $-1$, a checkerboard, the identity, a
  cycle, a random rank-one sign pattern), every slope at its largest value or alternating in sign, $n$ from
  1 up to {py:data}`LARGEST_N`;
- *random* logistic nets run forward, so that the slopes are those of a real run, $n$ from 1 up to
  {py:data}`LARGEST_N`;
- *local optimisation*: for small $n$ and $q$, a coordinate search that changes one weight or one slope at
  a time and keeps every change that raises the ratio.

The searches take slopes anywhere in their stated range rather than only those a run produces, a superset
of the claims' domain, so a bound that survives them survives every run as well. They are
{py:func}`lstmnotes.bounds.evidence_weak.weak_bound_search` for the weak bound (P12, X41, X43),
{py:func}`lstmnotes.bounds.evidence_tau.tau_bound_search` for its corollary and the global flow (P13,
P17) and {py:func}`lstmnotes.bounds.evidence_tau.path_count_search` for the path-count bound (X42).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

__all__ = [
    "LARGEST_N",
    "MAX_CLIMBS",
    "MAX_LAG",
    "MAX_NETS",
    "MAX_SYMBOLIC_N",
    "MAX_SYMBOLIC_Q",
    "MAX_UNITS",
    "MAX_WEIGHT",
    "TOLERANCE",
    "BoundSearch",
    "WorstCase",
]

LARGEST_N: Final = 128
"""The largest number of units the structured and random candidates reach."""

TOLERANCE: Final = 1e-9
"""A ratio counts as above one only beyond this relative rounding allowance."""

MAX_UNITS: Final = 512
"""The most units an evidence function of this part builds a net of."""
MAX_LAG: Final = 1000
"""The longest lag $q$ an evidence function of this part follows."""
MAX_NETS: Final = 10_000
"""The most random nets a survey of this part draws."""
MAX_SYMBOLIC_N: Final = 4
"""The most units a symbolic (sympy) check of this part takes."""
MAX_SYMBOLIC_Q: Final = 6
"""The longest lag a symbolic (sympy) check of this part takes."""
MAX_WEIGHT: Final = 1000
"""The largest norm weight the counter-example search tries."""
MAX_CLIMBS: Final = 100
"""The most local climbs a search of this part makes per net."""

_STRUCTURED_N: Final = (1, 2, 3, 4, 8, 32, LARGEST_N)
_STRUCTURED_Q: Final = (1, 2, 3, 8)
_RANDOM_N: Final = (1, 2, 3, 4, 5, 6, 8, 12, 16, 32, 64, LARGEST_N)
_WEIGHT_SCALES: Final = (0.5, 1.0, 2.0, 4.0, 8.0)
_STEPS: Final = 100


@dataclass(frozen=True)
class WorstCase:
    """The candidate with the largest ratio of a search."""

    ratio: float
    """The quantity over its bound; above one (beyond {py:data}`TOLERANCE`) it refutes the bound."""
    kind: str
    """``"structured"``, ``"random"`` or ``"optimised"``."""
    n: int
    q: int
    W: list[list[float]]
    fprime: list[list[float]]
    u: int
    """The unit the error starts from (for a global flow: the first output unit)."""
    v: int


@dataclass(frozen=True)
class BoundSearch:
    """The worst cases of an adversarial search, one per bound it tried."""

    worst: dict[str, WorstCase]
    """Per bound (a norm pair, or ``"local"`` and ``"global"``), the candidate with the largest ratio."""
    violations: dict[str, int]
    """Per bound, how many candidates had a ratio above one."""
    candidates: dict[str, int] = field(default_factory=dict)
    """How many candidates of each kind were tried."""
    worst_multi: dict[str, WorstCase] = field(default_factory=dict)
    """Per bound, the candidate with the largest ratio among those with at least two units."""
    largest_n: int = LARGEST_N
    """The largest $n$ among the candidates."""

    def holds(self, name: str) -> bool:
        """Whether no candidate broke the bound ``name`` (and the search tried it)."""
        return name in self.worst and self.violations[name] == 0

    def summary_data(self) -> dict[str, Any]:
        """The worst cases as JSON-ready data (small matrices only; large ones by their size)."""
        out: dict[str, Any] = {}
        for name, case in self.worst.items():
            entry: dict[str, Any] = {
                "ratio": case.ratio, "kind": case.kind, "n": case.n, "q": case.q,
                "u": case.u, "v": case.v, "violations": self.violations[name],
            }  # fmt: skip
            if case.n <= 3:
                entry["W"] = case.W
                entry["fprime"] = case.fprime
                entry["slope_sizes"] = sorted({abs(x) for row in case.fprime for x in row})
            multi = self.worst_multi.get(name)
            if multi is not None:
                entry["multi"] = {
                    "ratio": multi.ratio,
                    "kind": multi.kind,
                    "n": multi.n,
                    "q": multi.q,
                }
            out[name] = entry
        return out


def _lags(n: int) -> tuple[int, ...]:
    """The lags of the structured candidates: all of them for small nets, the shortest and longest for large."""
    return _STRUCTURED_Q if n <= 8 else (_STRUCTURED_Q[0], _STRUCTURED_Q[-1])


def _sign_patterns(n: int, rng: np.random.Generator) -> Iterator[tuple[str, np.ndarray]]:
    ones = np.ones((n, n))
    yield "all +1", ones
    yield "all -1", -ones
    yield "checkerboard", (-1.0) ** np.add.outer(np.arange(n), np.arange(n))
    yield "identity", np.eye(n)
    yield "cycle", np.roll(np.eye(n), 1, axis=1)
    signs = rng.choice([-1.0, 1.0], size=n)
    yield "rank one", np.outer(signs, signs)


def _slope_patterns(n: int, q: int, top: float) -> Iterator[np.ndarray]:
    yield np.full((q, n), top)
    yield top * (-1.0) ** np.add.outer(np.arange(q), np.arange(n))


def _largest(flow: np.ndarray) -> tuple[float, int, int]:
    v, u = np.unravel_index(int(np.argmax(np.abs(flow))), flow.shape)
    return float(abs(flow[v, u])), int(u), int(v)


class _Tracker:
    """Keeps the worst ratio per bound and counts violations."""

    def __init__(self, names: list[str]) -> None:
        self.worst: dict[str, WorstCase] = {}
        self.worst_multi: dict[str, WorstCase] = {}
        self.violations = dict.fromkeys(names, 0)
        self.candidates: dict[str, int] = {}

    def count(self, kind: str) -> None:
        self.candidates[kind] = self.candidates.get(kind, 0) + 1

    def see(
        self, name: str, ratio: float, kind: str, W: np.ndarray, fp: np.ndarray, u: int, v: int
    ) -> None:
        if ratio > 1 + TOLERANCE:
            self.violations[name] += 1
        for table in (self.worst, self.worst_multi) if W.shape[0] > 1 else (self.worst,):
            best = table.get(name)
            if best is None or ratio > best.ratio:
                table[name] = WorstCase(
                    ratio, kind, W.shape[0], fp.shape[0], W.tolist(), fp.tolist(), u, v
                )

    def result(self) -> BoundSearch:
        return BoundSearch(
            self.worst, self.violations, self.candidates, worst_multi=self.worst_multi
        )


def _coordinate_search(
    score: Any, W: np.ndarray, fp: np.ndarray, rng: np.random.Generator, steps: int,
    w_box: float, fp_box: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Change one weight or one slope at a time; keep every change that raises ``score``."""
    best, step = score(W, fp), 0.5
    for _ in range(steps):
        W2, fp2 = W.copy(), fp.copy()
        if rng.random() < 0.5:
            i, j = rng.integers(W.shape[0], size=2)
            W2[i, j] = np.clip(W2[i, j] + step * w_box * rng.normal(), -w_box, w_box)
        else:
            m, i = rng.integers(fp.shape[0]), rng.integers(fp.shape[1])
            fp2[m, i] = np.clip(fp2[m, i] + step * (fp_box[1] - fp_box[0]) * rng.normal(), *fp_box)
        trial = score(W2, fp2)
        if trial > best:
            W, fp, best = W2, fp2, trial
        else:
            step = max(step * 0.97, 1e-3)
    return W, fp
