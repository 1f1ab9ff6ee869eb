"""The checks of the lone unit's constant flow: claims P14, P15, slip 8 and the reading f' w = -1 (X62)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from lstmnotes.carousel import evidence


def test_p14_verdict_and_evidence():
    judged = evidence.unit_flow_condition()
    assert judged.claim == "P14"
    assert judged.verdict == "holds under conditions"
    assert judged.logistic_fixed_point[2] < 1
    assert judged.logistic_gap_minimum == 2.0
    z = sympy.Symbol("z", real=True)
    assert sympy.minimum(sympy.exp(z) + 1 - z, z, sympy.S.Reals) == 2  # so z = 1 + e^z never holds
    assert "x/w" in judged.summary


def test_p15_verdict_and_evidence():
    judged = evidence.carousel_error_constancy(5000, rng=np.random.default_rng(3))
    assert (judged.claim, judged.verdict) == ("P15", "holds")
    assert judged.max_deviation == 0.0
    assert judged.max_deviation_with_inputs == 0.0
    assert judged.activation_range_with_inputs > 1.0  # the inputs did move the activation
    assert judged.symbolic_flow == judged.w ** sympy.Symbol("q", integer=True, positive=True)


def test_slip_8_verdict_and_evidence():
    judged = evidence.dropped_integration_constant()
    assert (judged.claim, judged.verdict) == ("S8", "holds")
    assert judged.constant_run.activations.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert judged.input_run.activations.tolist() == [0.0, 1.0, 1.0]
    assert judged.flows == (1.0, 1.0)


def test_negative_factor_reading_alternates():
    r = evidence.negative_factor_reading(10)
    assert r.size_deviation == 0.0
    assert r.alternates
    assert r.activation_period == 2


def test_bad_step_count_refused():
    with pytest.raises(ValueError, match=r"steps must be an integer in 1\.\."):
        evidence.carousel_error_constancy(0)
