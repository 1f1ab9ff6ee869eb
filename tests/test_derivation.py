"""The derivation machinery accepts valid steps, refuses invalid ones and renders them."""

from __future__ import annotations

import pytest
import sympy

from lstmnotes.derivation import Derivation, DerivationError, identical

x, y = sympy.symbols("x y", real=True)


def test_expression_chain():
    d = Derivation((x + 1) ** 2).equals(x**2 + 2 * x + 1, "expand")
    assert d.result == x**2 + 2 * x + 1
    assert [s.why for s in d.steps] == ["", "expand"]


def test_wrong_expression_step_refused():
    with pytest.raises(DerivationError, match="step 1 \\(oops\\) does not follow"):
        Derivation((x + 1) ** 2).equals(x**2 + 1, "oops")


def test_equation_step_with_nonzero_factor():
    d = Derivation(sympy.Eq(2 * x, 4)).iff(sympy.Eq(x, 2), "halve", factor=2)
    assert d.result == sympy.Eq(x, 2)


def test_equation_step_with_wrong_factor_refused():
    with pytest.raises(DerivationError, match="does not follow"):
        Derivation(sympy.Eq(2 * x, 4)).iff(sympy.Eq(x, 2), "halve", factor=3)


def test_factor_that_may_vanish_needs_a_condition():
    start = sympy.Eq(x * y, x)
    with pytest.raises(DerivationError, match="nonzero"):
        Derivation(start).iff(sympy.Eq(y, 1), "divide by x", factor=x)
    d = Derivation(start).iff(sympy.Eq(y, 1), "divide by x", factor=x, condition="x ≠ 0")
    assert d.steps[-1].condition == "x ≠ 0"
    assert "(if x ≠ 0)" in d.latex()


def test_expression_read_as_equation():
    with pytest.raises(DerivationError, match="lhs_zero"):
        Derivation(x - 3).iff(sympy.Eq(x, 3), "solve")
    assert Derivation(x - 3).iff(sympy.Eq(x, 3), "solve", lhs_zero=True).result == sympy.Eq(x, 3)


def test_equals_refuses_equations():
    with pytest.raises(DerivationError, match="iff"):
        Derivation(sympy.Eq(x, 1)).equals(sympy.Eq(x, 1), "same")


def test_latex_rendering():
    text = Derivation(sympy.Eq(2 * x, 4)).iff(sympy.Eq(x, 2), "halve $2x$", factor=2).latex()
    assert text.startswith("\\begin{aligned}")
    assert text.endswith("\\end{aligned}")
    assert "\\iff{} x &= 2&&\\text{halve }2x" in text


def test_unbalanced_dollar_refused():
    d = Derivation(x).equals(x, "a $ b")
    with pytest.raises(DerivationError, match="unbalanced"):
        d.latex()


def test_identical():
    assert identical(sympy.coth(x), 1 / sympy.tanh(x))
    assert not identical(sympy.coth(x), sympy.tanh(x))


def test_latex_rename_is_for_display_only():
    net = sympy.Symbol("n")
    d = Derivation(sympy.sin(x + y)).equals(sympy.sin(y + x), "reorder")
    text = d.latex(rename={x + y: net})
    assert "\\sin{\\left(n \\right)}" in text
    assert "x + y" not in text
    assert d.result == sympy.sin(x + y)


def test_latex_notes_below():
    d = Derivation(sympy.Eq(2 * x, 4)).iff(sympy.Eq(x, 2), "halve", factor=2)
    text = d.latex(notes="below")
    assert "&&" not in text
    assert "\\iff{} x &= 2 \\\\\n&\\qquad{\\small \\text{halve}}" in text
    assert d.latex() == d.latex(notes="right")
    with pytest.raises(ValueError, match="notes must be"):
        d.latex(notes="left")


@pytest.mark.parametrize("loose", [1, None, "yes"])
def test_lhs_zero_must_be_a_bool(loose):
    x = sympy.Symbol("x")
    d = Derivation(2 * x + 1)
    with pytest.raises(TypeError, match="lhs_zero must be a bool"):
        d.iff(sympy.Eq(x, -sympy.Rational(1, 2)), "set to zero, halve", factor=2, lhs_zero=loose)
