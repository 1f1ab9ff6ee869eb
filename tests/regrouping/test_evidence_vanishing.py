"""The verdicts on "the flow vanishes while |w| < 4" (P16, A6), and their key numbers recomputed here."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.regrouping import evidence_vanishing as r

EXPECTED = {
    "small_weights_flow_vanishes": Verdict.FALSE,
    "answer_still_vanishes": Verdict.FALSE,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(r, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary


def test_every_function_is_covered():
    verdicts = {name for name in r.__all__ if name in EXPECTED}
    assert verdicts == set(EXPECTED)


def test_smallest_two_unit_net_sits_at_four_over_n():
    data = r.small_weights_flow_vanishes().data
    assert data["search"]["smallest_size"] == 2.0
    sizes, rates = data["search"]["sizes"], data["search"]["worst_rate"]
    # the search reaches the upper bound rho(|W|)/4 <= n a / 4 at every size, never beyond it
    assert np.allclose(rates, np.array(sizes) / 2, rtol=1e-9)


def test_counter_example_is_unstable_and_typical_two_unit_nets_decay():
    counter = r.small_weights_flow_vanishes().data["counter"]
    a, near = counter["a"], counter["nearby"]
    # d -> tanh(a d / 2): the nonzero fixed point, recomputed by bisection
    lo, hi = 0.5, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.tanh(a * mid / 2) > mid else (lo, mid)
    assert near["d_star"] == pytest.approx(lo, abs=1e-9)
    assert near["rate"] == pytest.approx(a / 2 / np.cosh(a * lo / 2) ** 2, rel=1e-9)
    assert near["rate"] == pytest.approx(0.1811, abs=1e-4)


def test_typical_fractions_grow_with_n():
    data = r.small_weights_flow_vanishes().data
    typical, witness = data["typical"], data["witness"]
    assert typical["fraction"][0] == 0
    assert typical["largest_rate"][0] < 1
    assert typical["fraction"] == sorted(typical["fraction"])
    assert 1 < witness["growth_min"] <= witness["growth_max"]
    assert witness["small_growth_max"] < 1


def test_no_uniform_margin_under_p13():
    approach = r.answer_still_vanishes().data["approach"]
    assert np.allclose(approach["rates"], np.array(approach["sizes"]) / 2, rtol=1e-9)
    assert max(approach["rates"]) < 1


def test_one_unit_bound():
    one = r.small_weights_flow_vanishes().data["one_unit"]
    assert one["largest_factor"] < 1
    assert one["ratio_to_bound"] <= 1 + 1e-12


def test_a6_small_weight_net_grows_by_n_a_over_4():
    # At y = 1/2 every net input of the alternating net is 0, so every slope is 1/4 and the flow over q
    # steps is (W/4)^q = (a/4)^q n^(q-1) s s^T: it grows by n a / 4 a step (1.1 for 22 units, a = 0.2).
    n, a = r.SMALL_UNITS, r.SMALL_WEIGHT
    s = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    flows = [np.abs(np.linalg.matrix_power(a * np.outer(s, s) / 4, q)).max() for q in (10, 11)]
    assert flows[1] / flows[0] == pytest.approx(n * a / 4)
    assert n * a / 4 > 1
    evidence = r.answer_still_vanishes()
    assert evidence.data["small"]["rate"] == pytest.approx(n * a / 4, rel=1e-6)
