"""The paper's 4.0 against $1/\\gamma$, and the column and row examples that separate the two norms."""

from __future__ import annotations

import pytest

from lstmnotes.activations.symbolic import logistic_prime_maximum
from lstmnotes.later import _threshold as conditions


def test_threshold_relation():
    t = conditions.threshold_relation(units=4, value=3.9, lag=40)
    assert t.threshold == 1 / float(logistic_prime_maximum().value) == 4.0
    assert t.column[:2] == pytest.approx((3.9, 3.9 * 2))
    assert t.row[:2] == pytest.approx((3.9 * 2, 3.9))
    assert t.column[2] < 1
    assert t.row[2] < 1


def test_threshold_relation_states_its_weights():
    t = conditions.threshold_relation(units=4, value=3.9, lag=40)
    assert t.column_weight == 3.9
    assert t.row_weight == pytest.approx(1.95)
    assert t.row[0] == pytest.approx(4 * 1.95)
    assert t.row[1] == pytest.approx(3.9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"value": 4.0}, "value must be in"), ({"units": 1}, "units must be an integer in 2")],
)
def test_bad_input_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        conditions.threshold_relation(**kwargs)
