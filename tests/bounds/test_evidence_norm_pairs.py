"""The compatibility step (slip 5) and a compatible norm pair that breaks the weak bound (P12), rederived."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from lstmnotes.bounds import evidence_norm_pairs as evidence


def test_compatibility_counterexample():
    c = evidence.compatibility_counterexample()
    W = np.array(c.W, dtype=float)
    assert c.norm == "max-column-sum"
    assert c.row_norm == np.abs(W[c.u]).sum() > c.matrix_norm == np.abs(W).sum(axis=0).max()
    assert not c.step_holds
    assert c.step_holds_for == ("max-row-sum", "spectral", "frobenius")
    assert c.middle > c.bound >= abs(c.flow)


def test_weak_bound_counterexample_exact():
    c = evidence.weak_bound_counterexample()
    W = np.array(c.W, dtype=np.int64)
    d = c.d
    assert min(d) >= 1
    scaled = [[Fraction(d[i] * int(W[i, j]), d[j]) for j in range(2)] for i in range(2)]
    norm = max(abs(a) + abs(b) for a, b in scaled)
    assert norm == c.W_norm
    assert c.bound == 2 * norm**c.q
    assert c.flow == np.linalg.matrix_power(W, c.q)[c.u, c.v]
    assert not c.bound_holds
    assert c.e_v_norm == d[c.v] > 1
    assert c.W_v_norm > c.W_norm  # the step ||W e_v||_x <= ||W||_A fails
