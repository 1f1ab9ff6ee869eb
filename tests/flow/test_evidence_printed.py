"""(3.2) as printed: the smallest counter-example and the symmetric case, rederived independently."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from lstmnotes.flow import evidence_printed as evidence
from lstmnotes.flow import symbolic as flow_symbolic


def _identity_flows(W, q):
    """With identity units: true M[v, u] = (W^q)[u, v]; printed gives (W^q)[v, u]."""
    power = np.linalg.matrix_power(np.asarray(W, dtype=np.int64), q)
    return power.T, power


def test_printed_counterexample_is_smallest():
    c = evidence.printed_path_sum_counterexample()
    assert (c.n, c.q) == (2, 1)
    true, printed = _identity_flows(c.W, c.q)
    assert (true[c.v, c.u], printed[c.v, c.u]) == (c.true_value, c.printed_value)
    assert c.true_value != c.printed_value
    assert not c.printed_holds
    # nothing smaller: a single unit is its own transpose, and the only 2x2 0/1 matrix with one 1
    # that comes before it in the search order is diag(1, 0), which is symmetric
    assert c.W == ((0, 1), (0, 0))
    assert c.cases_checked == 3 + 1


def test_printed_counterexample_with_sums():
    c = evidence.printed_path_sum_counterexample(min_q=2)
    assert c.q >= 2
    true, printed = _identity_flows(c.W, c.q)
    assert true[c.v, c.u] == c.true_value != c.printed_value == printed[c.v, c.u]
    # every 0/1 matrix with fewer ones fails to be a counter-example at q = 2
    for ones in range(1, int(np.sum(c.W))):
        for where in itertools.combinations(range(4), ones):
            W = np.zeros(4, dtype=np.int64)
            W[list(where)] = 1
            t, p = _identity_flows(W.reshape(2, 2), 2)
            assert np.array_equal(t, p)
    with pytest.raises(ValueError, match="min_q"):
        evidence.printed_path_sum_counterexample(0)


def test_symmetric_agreement():
    s = evidence.printed_symmetric_agreement(3, 3)
    assert s.agrees_when_symmetric
    assert s.printed_is_transposed
    # the count of differing entries for general numbers, independently: random weights and slopes
    rng = np.random.default_rng(0)
    for (n, q), count in zip(s.cases, s.differing_entries, strict=True):
        W, fp = rng.normal(size=(n, n)), rng.uniform(0.1, 1, size=(q, n))
        true = flow_symbolic.substitute(flow_symbolic.scaling_factor(n, q), W, fp)
        printed = flow_symbolic.substitute(flow_symbolic.path_sum(n, q, "printed"), W, fp)
        differ = np.abs(np.array(true - printed, dtype=float)) > 1e-9
        assert int(differ.sum()) == count
