"""The general formulas (3.1) and (3.2) as the book displays them."""

from __future__ import annotations

import sympy

from lstmnotes.flow import symbolic_formulas as formulas


def test_formulas_render_the_two_weight_indices():
    printed = formulas.path_sum_formula("printed")
    corrected = formulas.path_sum_formula("corrected")
    assert "w_{{l}_{m} {l}_{m - 1}}" in printed
    assert "w_{{l}_{m - 1} {l}_{m}}" in corrected
    assert printed.replace("w_{{l}_{m} {l}_{m - 1}}", "X") == corrected.replace(
        "w_{{l}_{m - 1} {l}_{m}}", "X"
    )
    recursion = sympy.latex(formulas.recursion_formula())
    assert "w_{u v}" in recursion
    assert "w_{l v}" in recursion
    assert "\\vartheta_{l}(t - q + 1)" in recursion
