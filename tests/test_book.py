"""lstmnotes.book.Latex: what it renders, and the inputs it refuses."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from lstmnotes.book import Latex


def test_inline_and_display():
    assert Latex(sympy.Rational(1, 4))._repr_latex_() == "$\\frac{1}{4}$"
    assert (
        Latex(sympy.Matrix([[1]]))._repr_latex_()
        == "$\\left[\\begin{matrix}1\\end{matrix}\\right]$"
    )
    assert Latex("x", display=np.True_)._repr_latex_() == "$$x$$"


@pytest.mark.parametrize("loose", [1, 0, None, "yes"])
def test_display_must_be_a_bool(loose):
    with pytest.raises(TypeError, match="display must be a bool"):
        Latex("x", display=loose)
