"""The q = 1 case of (3.1) from the rule, and (3.2) as printed beside it, rederived by hand."""

from __future__ import annotations

import pytest
import sympy

from lstmnotes.flow import evidence_q1 as evidence
from lstmnotes.flow import symbolic as flow_symbolic


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


def test_q1_agreement_covers_every_pair_and_notices_a_transposed_rule(monkeypatch):
    assert evidence.q1_agreement(3) == ()
    assert evidence.q1_agreement_cases(3) == 1 + 4 + 9
    real = evidence.flow_symbolic.scaling_factor
    monkeypatch.setattr(evidence.flow_symbolic, "scaling_factor", lambda n, q: real(n, q).T)
    assert evidence.q1_agreement(2) == ((2, 1, 2), (2, 2, 1))
    with pytest.raises(ValueError, match="at least 1"):
        evidence.q1_agreement(0)
