"""The sympy facts about the logistic unit, checked by independent means."""

from __future__ import annotations

import mpmath
import sympy

from lstmnotes.activations import symbolic
from lstmnotes.derivation import identical


def test_derivative_derivation_reaches_sigma_one_minus_sigma():
    x = sympy.Symbol("x", real=True)
    derivation = symbolic.logistic_prime_derivation(x)
    s = symbolic.sigma(x)
    assert derivation.result == s * (1 - s)
    assert identical(derivation.steps[0].expr, s * (1 - s))
    assert len(derivation.steps) >= 3


def test_maximum_is_a_quarter_at_zero():
    m = symbolic.logistic_prime_maximum()
    assert m.argmax == 0
    assert m.value == sympy.Rational(1, 4)
    assert m.second_derivative < 0
    # the factored gap is a nonnegative square that vanishes at s = 1/2 only
    assert sympy.solve(m.gap, m.s) == [sympy.Rational(1, 2)]
    assert sympy.expand(m.gap - (sympy.Rational(1, 4) - m.s * (1 - m.s))) == 0


def test_maximum_against_mpmath_search():
    f = lambda t: mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2
    best = max(f(mpmath.mpf(k) / 1000) for k in range(-5000, 5001))
    assert best == mpmath.mpf(1) / 4


def test_tanh_half_identity():
    derivation = symbolic.tanh_half_derivation()
    assert derivation.result == sympy.tanh(sympy.Symbol("x", real=True) / 2)
    for t in (-3.0, -0.2, 0.0, 1.5):
        assert mpmath.almosteq(mpmath.tanh(t / 2), 2 / (1 + mpmath.exp(-t)) - 1, rel_eps=1e-14)


def test_sigma_function_rewrites_and_prints():
    x = sympy.Symbol("x")
    assert symbolic.sigma(x).rewrite(sympy.exp) == 1 / (1 + sympy.exp(-x))
    assert sympy.latex(symbolic.sigma(x)) == r"\sigma\left(x\right)"
