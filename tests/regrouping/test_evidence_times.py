"""The time arguments of the coth sentence (slip 3): the verdict, and its net inputs recomputed with plain numpy."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.regrouping import evidence_times as r

EXPECTED = {
    "time_arguments_dropped": Verdict.HOLDS,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(r, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary


def test_every_function_is_covered():
    verdicts = {name for name in r.__all__ if name in EXPECTED}
    assert verdicts == set(EXPECTED)


def test_time_check_sees_the_shifted_times():
    data = r.time_arguments_dropped().data
    assert data["flow_error"] < 1e-6 < data["shifted_error"]
    assert data["input_error"] < 1e-6 < data["shifted_input_error"]
    assert data["net_step"] <= data["net_range"]
    # the same net drawn and run with plain numpy: weights, then y(0), from the example's seed
    ex = r.EXAMPLE
    rng = np.random.default_rng(ex.seed)
    W = rng.uniform(-ex.w_max, ex.w_max, (ex.units, ex.units))
    y = rng.uniform(0.0, 1.0, ex.units)
    nets = []
    for _ in range(data["t"]):
        nets.append(W @ y)
        y = 1.0 / (1.0 + np.exp(-nets[-1]))
    window = np.array(nets[data["t"] - data["q"] - 1 :])  # net(t - q) ... net(t)
    assert data["net_range"] == pytest.approx(np.ptp(window, axis=0).max())
    assert data["net_step"] == pytest.approx(np.abs(np.diff(window, axis=0)).max())
