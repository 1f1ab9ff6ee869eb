"""The latching numerics keep their domain rows: every public function has one, and they state limits."""

import mpmath
import pytest

from lstmnotes import latching
from lstmnotes.domain import Domain


def test_every_public_function_has_a_domain_row():
    rows = {row.function.__name__ for row in latching.DOMAIN}
    assert all(isinstance(row, Domain) for row in latching.DOMAIN)
    functions = {
        name for name in latching.__all__ if callable(getattr(latching, name)) and name[0].islower()
    }
    assert functions == rows


def test_the_rows_name_the_limits_the_functions_keep():
    for row in latching.DOMAIN:
        assert "MAX_WEIGHT" in row.limits or "MAX_LATCH_STEPS" in row.limits


@pytest.mark.parametrize("w", [1.0000001, 1.0 + 2.0**-40, 1.01])
def test_a_log_factor_near_a_slope_of_one_keeps_a_few_ulps(w):
    # net near 0: ln f' = -2 ln cosh(net) is about -net^2, where ln 4 - 2|x| - 2 ln(1 + e^-2|x|) cancels
    run = latching.latched_flow(w, 0.0, [0.0])
    net = float(run.nets[0])
    with mpmath.workdps(400):
        truth = mpmath.log(mpmath.mpf(w)) - 2 * mpmath.log(mpmath.cosh(mpmath.mpf(net)))
        assert abs(mpmath.mpf(float(run.log_factors[0])) - truth) <= 4 * 2.0**-52 * abs(truth)
