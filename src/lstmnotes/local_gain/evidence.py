r"""What the local-gain evidence modules share: the error of a check that decides nothing, random $(y, c)$.

The claims about the local gain $|f'(\mathit{net})\,w|$ (paper §3.1 and the answer) are decided in the
part's evidence modules, one concept each. Each of their functions decides one claim afresh by calling the
library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the verdict, a one-line summary with the
numbers, and JSON-ready data. The pages glue their numbers from the same evidence, so the prose and the
ledger cannot disagree. Randomised checks take a seed and state their ranges.

| module | concept | claims |
|---|---|---|
| {py:mod}`~lstmnotes.local_gain.evidence_products` | products of factors near one | P4 |
| {py:mod}`~lstmnotes.local_gain.evidence_maximiser` | where the gain is largest: the coth condition | P6, A1, A3 |
| {py:mod}`~lstmnotes.local_gain.evidence_limits` | the gain as $\lvert w\rvert \to \infty$ at fixed $y$ and $c$ | P7, A4, X20 |
| {py:mod}`~lstmnotes.local_gain.evidence_weight_size` | the size of a weight against a gain of one | P8, S7, P9 |
| {py:mod}`~lstmnotes.local_gain.evidence_pointwise` | the bounds at every state of a running net | X22 |
| {py:mod}`~lstmnotes.local_gain.evidence_running` | what changes when $y$ moves with $w$ | X23, A2, X21 |
| {py:mod}`~lstmnotes.local_gain.evidence_training` | the learning rate and weights that change sign | P10, P18 |

This module holds {py:class}`UndecidedError`, which a check raises when its evidence establishes none of
the verdicts, and the random pairs $(y, c)$ that the searches of several modules draw.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes._validate import count as _count

__all__ = [
    "MAX_GRID_WORK",
    "MAX_LAG",
    "MAX_LEVELS",
    "MAX_NETS",
    "MAX_PAIRS",
    "MAX_POINTS",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WALKS",
    "MAX_WEIGHTS",
    "UndecidedError",
]

MAX_PAIRS: Final = 100_000
"""The most random pairs $(y, c)$ (or triples) a check of this part draws."""
MAX_GRID_WORK: Final = 100_000_000
"""The most gain evaluations of a brute-force grid search: random pairs times grid points."""
MAX_POINTS: Final = 201
"""The most grid points per axis of the three-dimensional grid over $(w, y, c)$ (memory grows as its cube)."""
MAX_NETS: Final = 100
"""The most random nets a check of this part runs."""
MAX_LAG: Final = 10
"""The longest path a check of this part follows through a running net."""
MAX_UNITS: Final = 64
"""The most units of a random net a check of this part builds."""
MAX_STEPS: Final = 10_000
"""The longest run of a net a check of this part makes."""
MAX_LEVELS: Final = 50_000
"""The longest product of realised gains a check of this part forms (the margin $1.01^q$ stays finite)."""
MAX_WALKS: Final = 50_000
"""The most random walks (of 2000 steps each) a check of this part draws."""
MAX_WEIGHTS: Final = 1000
"""The most weights a check of this part runs a unit at."""


def _seed(seed: object) -> int:
    """A seed of numpy's generator: a non-negative integer, not a bool."""
    return _count(seed, "seed")


class UndecidedError(ArithmeticError):
    """A check whose evidence establishes none of the verdicts: the build must fail, not guess."""


_Y_MIN, _Y_MAX, _C_MAX = 1e-2, 10.0, 10.0


def _random_pairs(seed: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """$(y, c)$ pairs with $|y|$ log-uniform on $[10^{-2}, 10]$, random sign, $c$ uniform on $[-10, 10]$."""
    rng = np.random.default_rng(seed)
    y = rng.choice([-1.0, 1.0], count) * 10 ** rng.uniform(
        np.log10(_Y_MIN), np.log10(_Y_MAX), count
    )
    c = rng.uniform(-_C_MAX, _C_MAX, count)
    return y, c
