"""from_sympy with a tiny or huge constant factor: right, or refused with a ValueError naming expr."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy

from lstmnotes.activations.symbolic_activation import from_sympy
from lstmnotes.activations.symbolic_compiled import numeric

X = sympy.Symbol("x")
HALF = sympy.Rational(1, 2)


@pytest.mark.parametrize(
    ("expr", "problem"),
    [
        # sup|f'| = 2^-1080 rounds to 0 in float64 (it was refused as "slope_max must be positive")
        (HALF**1080 * sympy.atan(X), "below the smallest normal float64"),
        (HALF**1080 / (1 + sympy.exp(-X)), "below the smallest normal float64"),
        # subnormal suprema (2^-1030 tanh failed inside sympy's process with an OverflowError)
        (HALF**1030 * sympy.tanh(X), "below the smallest normal float64"),
        (sympy.Rational(1, 10**320) * sympy.tanh(X), "below the smallest normal float64"),
        (HALF**1060 * sympy.atan(X), "below the smallest normal float64"),
        # beyond float64 (an OverflowError before)
        (sympy.Integer(2) ** 1080 * sympy.atan(X), "beyond the largest float64"),
        (sympy.Integer(10) ** 308 * sympy.tanh(2 * X), "beyond the largest float64"),
    ],
    ids=["2^-1080 atan", "2^-1080 logistic", "2^-1030 tanh", "1e-320 tanh", "2^-1060 atan",
         "2^1080 atan", "1e308 tanh(2x)"],
)  # fmt: skip
def test_a_slope_supremum_that_is_not_a_normal_float_is_refused_naming_expr(expr, problem):
    # refused before any grid or mpmath work, in words about expr, not about an internal argument
    with pytest.raises(ValueError, match=rf"^expr .*largest slope sup\|f'\| = .*{problem}") as info:
        from_sympy(expr, X)
    assert "slope_max" not in str(info.value)
    assert "cannot be used as an activation" in str(info.value)
    assert len(str(info.value)) < 600  # a 326-digit factor is shown to 6 digits


def test_the_refused_suprema_are_out_of_range_by_mpmath():
    with mpmath.workprec(300):
        assert mpmath.mpf(2) ** -1080 < mpmath.mpf(2) ** -1022  # atan' = 1 at 0
        assert 2 * mpmath.mpf(10) ** 308 > mpmath.mpf(
            np.finfo(np.float64).max
        )  # (tanh 2x)' = 2 at 0


def test_values_beyond_float64_on_the_grid_are_refused_naming_expr():
    # sup|f'| = 1.2e308 is a float, but f(-300) = -1.2e308 atan(300) = -1.88e308 is not
    with pytest.raises(ValueError, match=r"^expr 1\.2e\+308\*atan\(x\) .*fails the check .* f is not finite "
                       r"at x = -300\.0"):  # fmt: skip
        from_sympy(sympy.Integer(12) * sympy.Integer(10) ** 307 * sympy.atan(X), X)


def test_a_huge_factor_within_float64_is_right():
    unit = from_sympy(sympy.Integer(10) ** 308 * sympy.tanh(X), X)
    assert unit.slope_max == 1e308
    assert unit.prime(0.0) == 1e308
    # A = 4e308 in |f'| ~ A e^{-2|x|} is beyond float64: the form is not given rather than given as inf
    assert unit.slope_decay is None
    with mpmath.workprec(300):
        for x in (0.5, -3.0, 40.0):
            truth = mpmath.mpf(10) ** 308 * mpmath.sech(x) ** 2
            assert abs(mpmath.mpf(unit.prime(x)) - truth) <= 8 * 2.0**-52 * truth


def test_a_form_with_an_integer_beyond_float64_compiles_to_nan_not_an_error():
    # numpy cannot turn 2**1100 into a float: the form fails the check instead of raising
    compiled = numeric(sympy.Integer(2) ** 1100 * X + 1, X)
    assert np.isnan(compiled(np.array([0.0, 1.0]))).all()
