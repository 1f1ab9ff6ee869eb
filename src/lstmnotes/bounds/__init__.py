"""The paper's weak upper bound on the error flow and its tau corollary (the weak-bound chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.bounds.evidence`, {py:mod}`lstmnotes.bounds.figures`, {py:mod}`lstmnotes.bounds.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.bounds._norms import NORM_PAIRS, NormPair, norm_pair, weighted_max_norm_pair
from lstmnotes.bounds._weak import (
    WeakBoundChain,
    fprime_max,
    tau,
    tau_bound,
    weak_bound,
    weak_bound_by_lag,
    weak_bound_chain,
    weak_bound_middle,
)

__all__ = [
    "NORM_PAIRS",
    "NormPair",
    "WeakBoundChain",
    "fprime_max",
    "norm_pair",
    "tau",
    "tau_bound",
    "weak_bound",
    "weak_bound_by_lag",
    "weak_bound_chain",
    "weak_bound_middle",
    "weighted_max_norm_pair",
]
