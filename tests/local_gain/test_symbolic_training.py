"""The learning rate in sympy: each lag's update contribution and the rate-free ratios."""

from __future__ import annotations

import pytest
import sympy

from lstmnotes.local_gain import symbolic_training as gs


def test_update_contributions_scale_with_the_rate():
    parts = gs.update_contributions(2, 2)
    alpha = gs.ALPHA
    for part in parts:
        assert sympy.simplify(sympy.diff(part / alpha, alpha)) == sympy.zeros(2, 2)
    assert gs.rate_free_ratios(2, 2).rate_free


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gs.update_contributions(0, 2), "n must be"),
        (lambda: gs.rate_free_ratios(2, 1), "lags must be"),
    ],
)
def test_training_functions_refuse_bad_sizes(call, message):
    with pytest.raises(ValueError, match=message):
        call()
