"""The answer's net-input sum against the real net input, in sympy."""

from __future__ import annotations

import pytest

from lstmnotes.local_gain import symbolic_net_sum as gs


def test_answer_sum_is_y_times_the_outgoing_weights():
    case = gs.answer_net_sum(3)
    assert not case.agree
    assert case.outgoing
    assert case.counterexample["net"] != case.counterexample["answer"]
    assert gs.answer_net_sum(1).agree


def test_answer_sum_refuses_bad_sizes():
    with pytest.raises(ValueError, match="n must be"):
        gs.answer_net_sum(5)
