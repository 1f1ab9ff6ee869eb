"""The global flow of a net with weights below 4 but outside the corollary's condition (P17)."""

from __future__ import annotations

import pytest

from lstmnotes.bounds.evidence_global import GROWTH_WEIGHT, global_flow_growth


def test_global_flow_grows_below_four_but_cancels_over_both_units():
    growth = global_flow_growth(12)
    assert abs(growth.W[0][1]) == GROWTH_WEIGHT < 4
    assert growth.grows
    assert growth.rate == pytest.approx(2 * GROWTH_WEIGHT / 4)
    assert max(growth.both_outputs) == 0.0


def test_global_flow_growth_needs_two_lags():
    with pytest.raises(ValueError, match="q_max"):
        global_flow_growth(1)
