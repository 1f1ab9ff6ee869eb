"""lstmnotes.book.Latex: what it renders, and the inputs it refuses."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from lstmnotes.book import Latex


def test_inline_and_display():
    assert Latex(sympy.Rational(1, 4))._repr_latex_() == "$\\frac{1}{4}$"
    assert Latex("x", display=np.True_)._repr_latex_() == "$$x$$"


@pytest.mark.parametrize("loose", [1, 0, None, "yes"])
def test_display_must_be_a_bool(loose):
    with pytest.raises(TypeError, match="display must be a bool"):
        Latex("x", display=loose)


@pytest.mark.parametrize("content", [None, 0.25, b"x"])
def test_content_must_be_an_expression_or_a_string(content):
    with pytest.raises(TypeError, match="content must be"):
        Latex(content)
