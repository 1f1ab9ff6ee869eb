"""The checks of the 1997 cell's state without a forget gate: claims X3 and X65."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.cell import evidence


def test_no_forget_gate_claim():
    judged = evidence.memory_cell_has_no_forget_gate(np.random.default_rng(2), cells=5, steps=15)
    assert (judged.claim, judged.verdict) == ("no forget gate in 1997", "holds")
    assert judged.carousel_deviation == 0.0
    assert judged.full_deviation > 0.0
    # by hand: input gate sigma(0) = 1/2, g(log 3) = 4 * 3/4 - 2 = 1, so s(t) = t/2
    assert judged.drift_state == pytest.approx(judged.drift_steps / 2)
    # |h(s)| > 0.99 first when t/2 > log(199), that is t > 10.58
    assert judged.saturated_after == 11


def test_no_forget_gate_reports_the_largest_drop():
    judged = evidence.memory_cell_has_no_forget_gate(np.random.default_rng(0), cells=6, steps=10)
    assert judged.largest_drop < 2.0 < judged.largest_state


def test_additive_forgetting_against_a_plain_loop():
    r = evidence.additive_forgetting(np.random.default_rng(0), cells=5)

    def plain(rc):  # separate code: the 1997 equations with both gates sigma(bias), one pulse
        sig = lambda v: 1.0 / (1.0 + np.exp(-v))
        s = y = 0.0
        out = []
        for t in range(r.states.size):
            x = 1.0 if t == 0 else 0.0
            s += sig(r.gate_bias) * (4 * sig(r.pulse_weight * x + rc * y) - 2)
            y = sig(r.gate_bias) * (2 * sig(s) - 1)
            out.append(s)
        return np.array(out)

    assert r.states == pytest.approx(plain(r.recurrent), rel=1e-12, abs=1e-15)
    assert r.kept == pytest.approx(plain(0.0), rel=1e-12)
    assert abs(r.states[-1]) < 1e-6 * abs(r.states[0])
    assert r.violations == 0


def test_bad_counts_refused():
    with pytest.raises(ValueError, match=r"cells must be an integer in 1\.\."):
        evidence.memory_cell_has_no_forget_gate(np.random.default_rng(0), cells=0)
