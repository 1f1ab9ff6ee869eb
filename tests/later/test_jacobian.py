"""Pascanu et al.'s eq. (5): the Jacobian of one step against sympy, autograd and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from lstmnotes import later
from lstmnotes.later import evidence_jacobian as ej
from lstmnotes.later import symbolic


def test_sympy_finds_w_diag_and_not_its_transpose():
    for n in (2, 3):
        forms = symbolic.state_jacobian(n)
        assert forms.true_difference == sympy.zeros(n, n)
        w = sympy.Symbol("w_01", real=True)
        assert w in forms.printed_difference[0, 1].free_symbols


def test_the_numeric_forms_are_the_sympy_forms_evaluated():
    forms = symbolic.state_jacobian(3)
    rng = np.random.default_rng(5)
    W, x = rng.normal(size=(3, 3)), rng.normal(size=3)
    sub = {sympy.Symbol(f"w_{i}{j}", real=True): W[i, j] for i in range(3) for j in range(3)}
    sub |= {sympy.Symbol(f"x_{j}", real=True): x[j] for j in range(3)}
    sigma = sympy.Function("sigma")
    for name, numeric in (
        ("true_form", later.state_jacobian),
        ("printed_form", later.printed_jacobian),
    ):
        expr = getattr(forms, name).replace(sigma, sympy.tanh).doit().subs(sub)
        assert np.allclose(np.array(expr, dtype=float), numeric(W, x, "tanh"), rtol=1e-14, atol=0)


def test_autograd_and_differences_agree_with_w_diag_for_a_non_symmetric_w():
    pytest.importorskip("autograd")
    W = np.array([[0.5, -2.0, 0.3], [1.5, 0.1, -0.7], [0.2, 0.9, -1.1]])
    x = np.array([0.3, -1.2, 2.0])
    exact = ej._autograd_jacobian(W, x, "tanh")
    assert np.allclose(exact, later.state_jacobian(W, x), rtol=1e-14, atol=1e-15)
    assert np.allclose(ej._central(W, x, "tanh"), exact, rtol=1e-7, atol=1e-9)
    assert np.linalg.norm(later.printed_jacobian(W, x) - exact) > 0.5


def test_the_check_finds_the_bound_shared_and_the_norms_apart():
    c = ej.jacobian_transpose_check(np.random.default_rng(0), draws=40)
    assert c.autodiff_error < 1e-13
    assert c.printed_gap > 1e-3
    assert c.transpose_norm_gap < 1e-13
    assert c.bound_excess <= 1e-12
    assert c.norms_differ > 0


def test_the_nilpotent_example_grows_with_either_form():
    nil = ej.nilpotent_flows()
    assert nil["rho"] < 1e-12
    assert nil["rho_transposed"] < 1e-12
    assert nil["flow"] > 1e6
    assert nil["flow_transposed"] > 1e6


@pytest.mark.parametrize("call", [later.state_jacobian, later.printed_jacobian])
def test_bad_arguments_are_refused_naming_them(call):
    with pytest.raises(ValueError, match="x must have length"):
        call(np.eye(2), [0.0])
    with pytest.raises(ValueError, match="W"):
        call(np.ones((2, 3)), [0.0, 0.0])
    with pytest.raises(TypeError, match="x"):
        call(np.eye(2), ["a", "b"])
    with pytest.raises(ValueError, match="activation"):
        call(np.eye(2), [0.0, 0.0], "nope")
    with pytest.raises(ValueError, match="draws"):
        ej.jacobian_transpose_check(np.random.default_rng(0), draws=ej.MAX_JACOBIAN_DRAWS + 1)
