"""The sympy side of the lone self-connected unit: the equation behind "constant", the unrolled recursion."""

from __future__ import annotations

import pytest
import sympy

from lstmnotes.carousel import symbolic


def test_constant_flow_solution_solves_the_equation_with_a_free_constant():
    s = symbolic.constant_flow_solution()
    # checked by substitution, independently of dsolve: w f' = 1 for every value of the constant
    assert sympy.simplify(s.w * sympy.diff(s.general.rhs, s.x) - 1) == 0
    assert s.constant in s.general.rhs.free_symbols
    assert s.paper.rhs == s.x / s.w
    assert sympy.simplify(s.step - (s.y + s.constant)) == 0
    assert sympy.simplify(s.general.rhs.subs(s.constant, 0) - s.paper.rhs) == 0


def test_unrolled_recursion_matches_the_product():
    unrolled = symbolic.unrolled_self_unit_flow(5)
    assert unrolled.checked == (1, 2, 3, 4, 5)
    text = unrolled.latex()
    assert r"\vartheta_j(t - q)" in text
    assert r"\mathit{net}_j(t - m)" in text
    assert "- q + t" not in text
    with pytest.raises(ValueError, match=r"q_max must be an integer in 1\.\.50"):
        symbolic.unrolled_self_unit_flow(0)


def test_second_value_gap_derivative_by_finite_differences():
    d, derivative = symbolic.second_value_gap_symbolic()
    u = sympy.Symbol("u", real=True)
    for value in (-0.4, -0.1, 0.2, 0.45):
        h = 1e-6
        numeric = (float(d.subs(u, value + h)) - float(d.subs(u, value - h))) / (2 * h)
        assert numeric == pytest.approx(float(derivative.subs(u, value)), rel=1e-5)
        assert float(derivative.subs(u, value)) < 0
