"""The derivations of the error-flow chapter: the q = 1 case from the rule, the unrolled flow, the induction."""

from __future__ import annotations

import pytest
import sympy

from lstmnotes.derivation import identical
from lstmnotes.flow import symbolic as flow_symbolic
from lstmnotes.flow import symbolic_derivations as derivations


@pytest.mark.parametrize(("n", "q"), [(1, 1), (2, 1), (2, 4), (3, 3)])
def test_induction_from_the_recursion_to_the_corrected_path_sum(n, q):
    derivation = derivations.induction_derivation(n, q, 0, n - 1)
    assert identical(derivation.steps[0].expr, derivation.result)


def test_unrolled_flow_and_its_difference():
    unrolled = derivations.unrolled_flow(2, 1, 0, 1)
    w, f = flow_symbolic.weight_symbols(2), flow_symbolic.fprime_symbols(2, 1)
    assert unrolled.true == f[0, 1] * w[0, 1]  # f'_v w_uv with u = 1, v = 2 (from 1)
    assert unrolled.printed == f[0, 1] * w[1, 0]
    assert sympy.expand(unrolled.difference - f[0, 1] * (w[0, 1] - w[1, 0])) == 0
    text = unrolled.latex()
    assert text.startswith("\\begin{aligned}")
    assert "\\text{(3.2) as printed}" in text


def test_q1_derivation_from_the_rule():
    derivation = derivations.q1_derivation(3, 2, 0)
    w, f = flow_symbolic.weight_symbols(3), flow_symbolic.fprime_symbols(3, 1)
    assert derivation.result == f[0, 0] * w[2, 0]
    assert len(derivation.steps) == 2


def test_bad_input():
    with pytest.raises(ValueError, match="unit indices"):
        derivations.unrolled_flow(2, 2, 0, 2)
    with pytest.raises(ValueError, match="unit indices"):
        derivations.q1_derivation(2, 2, 0)
