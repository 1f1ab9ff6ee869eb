"""The evidence functions, each re-derived here by an independent computation."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from scipy.special import expit

from lstmnotes.flow import evidence
from lstmnotes.flow import symbolic as flow_symbolic


def _sigma_prime(x):
    s = expit(x)
    return s * (1 - s)


def test_q1_case():
    case = evidence.q1_case(3, 1, 0)
    w, f = flow_symbolic.weight_symbols(3), flow_symbolic.fprime_symbols(3, 1)
    # rule: theta_1(t-1) = f'_1 (w_11 theta_1 + w_21 theta_2 + w_31 theta_3); d/d theta_2 -> f'_1 w_21
    theta = sympy.symbols("a b c")
    rule = f[0, 0] * (w[0, 0] * theta[0] + w[1, 0] * theta[1] + w[2, 0] * theta[2])
    assert sympy.diff(rule, theta[1]) == case.derivation.result == case.recursion
    assert case.printed == f[0, 0] * w[0, 1]
    assert case.recursion_follows_from_rule
    assert not case.printed_agrees
    with pytest.raises(ValueError, match="must differ"):
        evidence.q1_case(3, 1, 1)


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


def test_corrected_agreement():
    c = evidence.corrected_path_sum_agreement(2, 3)
    assert c.all_equal
    assert c.cases == ((1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3))


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


@pytest.mark.parametrize("activation", ["logistic", "identity"])
def test_cancelling_paths(activation):
    c = evidence.cancelling_paths_example(activation)
    if activation == "identity":
        assert c.terms == (1.0, -1.0)
        assert (c.small_flow, c.large_flow) == (1.0, 0.0)
    else:
        # small net: net(1) = 0, net(2) = w y(1) = 1/2; flow = f'(net(1)) f'(net(2)) w^2
        assert c.small_flow == pytest.approx(_sigma_prime(0.0) * _sigma_prime(0.5), rel=1e-14)
        # large net: net(1) = 0, y(1) = (1/2, 1/2), net(2) = (1, -1/2)
        f2 = _sigma_prime(np.array([1.0, -0.5]))
        assert c.terms == pytest.approx((0.25 * f2[0] * 1 * 1, 0.25 * f2[1] * 1 * -1), rel=1e-14)
    assert c.large_flow == pytest.approx(sum(c.terms), rel=1e-14, abs=1e-300)
    assert c.signs_differ
    assert c.more_units_less_flow


def test_matrix_form_agreement():
    m = evidence.matrix_form_agreement(2, 3)
    assert m.all_equal
    assert m.cases == ((1, 2), (1, 3), (2, 2), (2, 3))


def test_column_row_reading():
    r = evidence.column_row_reading_counterexample()
    W = np.array(r.W)
    assert r.paper_W_v == tuple(W[:, r.v]) == r.W_e_v_row_column
    assert r.W_e_v_column_row == tuple(W[r.v, :])  # the weights into v
    assert not r.reading_consistent
    # the wrong flow by hand: row u of W, then W^T in the middle, then column v of W
    F = np.array(r.flow_W, dtype=float)
    literal = F[r.flow_u] @ np.linalg.matrix_power(F.T, r.q - 2) @ F[:, r.flow_v]
    true = np.linalg.matrix_power(F, r.q)[r.flow_u, r.flow_v]
    assert (r.column_row_flow, r.true_flow) == (literal, true)
    assert literal != true
    assert r.q == 3  # at q = 2 there is no middle matrix, so both readings agree


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


def test_weak_bound_survey_and_looseness():
    s = evidence.weak_bound_survey(np.random.default_rng(5), nets=40)
    assert s.paper_pair_holds
    assert all(v == 0 for v in s.bound_violations.values())
    assert s.second_violations["max-column-sum"] > 0  # the chain breaks, the conclusion does not
    assert all(0 < r <= 1 for r in s.worst_ratio.values())
    b = evidence.bound_looseness(np.array([[0.5, 0.0], [0.0, 0.25]]), np.full((4, 2), 0.5))
    # largest flow: (0.5 * 0.5)^q; bound: 2 (0.5 * 0.5)^q
    assert b.flow.tolist() == [0.25**q for q in range(1, 5)]
    assert b.ratio.tolist() == [2.0] * 4
    assert b.never_violated
    with pytest.raises(ValueError, match="q >= 2"):
        evidence.bound_looseness(np.eye(2), np.ones((1, 2)))
    with pytest.raises(ValueError, match="vanishes"):
        evidence.bound_looseness(np.zeros((2, 2)), np.ones((2, 2)))


def test_tau_survey():
    t = evidence.tau_corollary_survey(np.random.default_rng(6), nets=30, q_max=15)
    assert t.holds
    assert 0 < t.worst_ratio <= 1
    assert t.largest_tau < 1


def test_fprime_max_evidence():
    e = evidence.fprime_max_evidence(np.random.default_rng(7))
    assert e.where_quarter == (0,)
    assert e.random_fprime_max < 0.25
    assert e.random_fprime_max == pytest.approx(_sigma_prime(e.random_min_abs_net), rel=1e-12)
    assert e.zero_net_fprime_max == 0.25
    assert not e.equality_in_general
    assert e.quarter_is_safe


def test_path_sum_exactness_exact_equal_and_float_orders():
    rng = np.random.default_rng(5)
    W, fprime = rng.uniform(-2, 2, (3, 3)), rng.uniform(0, 0.25, (4, 3))
    result = evidence.path_sum_exactness(W, fprime, 0, 2)
    assert result.exact_equal
    assert set(result.float_differences) == {"numpy", "sequential", "sorted"}
    assert 0 <= result.largest_float_difference < 1e-15
    with pytest.raises(ValueError, match="v"):
        evidence.path_sum_exactness(W, fprime, 0, 3)


def test_q1_agreement_covers_every_pair_and_notices_a_transposed_rule(monkeypatch):
    assert evidence.q1_agreement(3) == ()
    assert evidence.q1_agreement_cases(3) == 1 + 4 + 9
    real = evidence.flow_symbolic.scaling_factor
    monkeypatch.setattr(evidence.flow_symbolic, "scaling_factor", lambda n, q: real(n, q).T)
    assert evidence.q1_agreement(2) == ((2, 1, 2), (2, 2, 1))
    with pytest.raises(ValueError, match="at least 1"):
        evidence.q1_agreement(0)
