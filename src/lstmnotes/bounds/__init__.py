"""The paper's weak upper bound on the error flow and its tau corollary (the weak-bound chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib. The rest of
the part: the evidence, with {py:mod}`lstmnotes.bounds.evidence` (what the adversarial searches share),
{py:mod}`lstmnotes.bounds.evidence_matrix_form`, {py:mod}`lstmnotes.bounds.evidence_weak`,
{py:mod}`lstmnotes.bounds.evidence_norm_pairs`, {py:mod}`lstmnotes.bounds.evidence_attainment`,
{py:mod}`lstmnotes.bounds.evidence_tau`, {py:mod}`lstmnotes.bounds.evidence_global` and
{py:mod}`lstmnotes.bounds.evidence_fprime_max`; the figure in {py:mod}`lstmnotes.bounds.figures`; the
claims in {py:mod}`lstmnotes.bounds.claims`, {py:mod}`lstmnotes.bounds.claims_matrix_form` and
{py:mod}`lstmnotes.bounds.claims_tau`.
"""

from __future__ import annotations

from lstmnotes.bounds._norms import (
    MAX_UNITS,
    NORM_PAIRS,
    NormPair,
    norm_pair,
    weighted_max_norm_pair,
)
from lstmnotes.bounds._tau import MAX_TAU_LAG, MAX_TAU_UNITS, tau, tau_bound
from lstmnotes.bounds._weak import (
    MAX_CHAIN_LAG,
    MAX_CHAIN_WORK,
    MAX_GENERIC_WORK,
    MAX_SLOPES,
    WeakBoundChain,
    fprime_max,
    weak_bound,
    weak_bound_by_lag,
    weak_bound_chain,
    weak_bound_middle,
)

__all__ = [
    "MAX_CHAIN_LAG",
    "MAX_CHAIN_WORK",
    "MAX_GENERIC_WORK",
    "MAX_SLOPES",
    "MAX_TAU_LAG",
    "MAX_TAU_UNITS",
    "MAX_UNITS",
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
