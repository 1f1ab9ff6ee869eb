"""The lone logistic unit whose flow keeps its size at its fixed point, and decays from a random start."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import BURN_IN, fitted_rate
from lstmnotes.decay import evidence_neutral as neutral
from lstmnotes.flow import _scaling as flow
from lstmnotes.net import _run as net


def test_neutral_self_unit_against_sympy():
    import sympy

    y, w = sympy.symbols("y w")
    s = 1 / (1 + sympy.exp(-w * y))
    root = sympy.nsolve([s - y, s * (1 - s) * w + 1], [y, w], [0.2, -6.0], prec=30)
    unit = neutral.neutral_self_unit(q=30)
    assert unit.fixed_point == pytest.approx(float(root[0]), rel=1e-12)
    assert unit.weight == pytest.approx(float(root[1]), rel=1e-12)
    assert unit.factor == pytest.approx(-1.0, abs=1e-12)
    np.testing.assert_allclose(unit.flow, 1.0, atol=1e-10)


def test_neutral_unit_decays_under_the_survey_protocol():
    unit = neutral.neutral_self_unit()
    W = np.array([[unit.weight]])
    rng = np.random.default_rng(0)
    for _ in range(3):
        run = net.run_net(W, rng.uniform(0.0, 1.0, 1), BURN_IN + 41)
        assert fitted_rate(flow.largest_flow_by_lag(W, run.fprime(run.steps, 40))) < 1.0
