"""The sympy side of the 1997 memory cell: the truncated flow's factorisation and the bias remedy."""

from __future__ import annotations

import pytest

from lstmnotes.cell import symbolic


def test_factorisation_checked_by_sympy():
    f = symbolic.cell_flow_factorisation(4)
    assert f.checked == (0, 1, 2, 3)
    assert f.steps == 4
    assert "y^{\\mathrm{out}}(T)" in f.latex()
    with pytest.raises(ValueError, match="steps must be an integer in 1\\.\\.12"):
        symbolic.cell_flow_factorisation(13)


def test_bias_drift_symbolic_is_positive():
    derivative, positive = symbolic.bias_drift_symbolic()
    assert positive
    assert "cosh" in str(derivative)


def test_state_update_only_adds():
    assert symbolic.state_update_symbolic() == (1, 0)
