"""The evidence functions, each re-derived here by an independent computation."""

from __future__ import annotations

import itertools

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
