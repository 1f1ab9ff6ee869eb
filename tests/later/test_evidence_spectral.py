"""Counter-examples to the spectral-radius reading: held slopes, tanh units at rest, a biased fixed point."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy

from lstmnotes.activations import _functions as activations
from lstmnotes.later import evidence_spectral as conditions
from lstmnotes.later import flow_norms, run_biased_logistic, spectral_radius


def test_spectral_radius_counterexample():
    r = conditions.spectral_radius_counterexample()
    exact = sympy.Matrix([[8, 8], [-8, -8]])
    assert exact**2 == sympy.zeros(2, 2)
    assert exact.eigenvals() == {0: 2}
    assert r.nilpotent
    assert r.verdict == "false as stated"
    assert r.sigma_max == pytest.approx(16.0)
    with mpmath.workdps(30):
        slope = mpmath.exp(-12) / (1 + mpmath.exp(-12)) ** 2
        expected_rate = float(8 * (mpmath.mpf(1) / 4 - slope))
    assert r.rate == pytest.approx(expected_rate, rel=1e-12)
    assert np.all(np.diff(r.flow) > 0)
    np.testing.assert_allclose(r.flow[1:] / r.flow[:-1], expected_rate, rtol=1e-9)
    assert r.shift_flow.tolist() == [2.0, 4.0, 8.0, 0.0]
    assert spectral_radius(r.shift_weights) == 0.0
    # the fewest units: one unit has rho = sigma_max; two tanh units at rest already exceed one at lag 1
    assert r.one_unit_gap == 0.0
    assert r.minimal_shift_flow == 2.0
    assert r.rho < 1e-12
    assert r.nets.tolist() == [0.0, 12.0]


def test_spectral_radius_counterexample_undecided_without_growth():
    # a scale too small to grow and a shift weight too small to exceed one: no counter-example, no verdict
    r = conditions.spectral_radius_counterexample(scale=2.0, shift_weight=0.5)
    assert r.verdict == "not checkable"


def test_counterexample_needs_unequal_slopes():
    # with equal slopes the same W gives F' W^T F' W^T = 0: the flow dies after one step
    W = 8.0 * np.array([[1.0, 1.0], [-1.0, -1.0]])
    norms = flow_norms(W, np.full((3, 2), 0.25))
    assert norms[0] > 1
    assert norms[1:].tolist() == [0.0, 0.0]


def test_biased_fixed_point_counterexample_grows_in_a_forward_run():
    e = conditions.biased_fixed_point_counterexample()
    assert e.rho < 1e-12
    assert e.drift == 0.0
    assert e.stays == 10_000
    nets, _ = run_biased_logistic(e.weights, e.biases, e.fixed_point, 3)
    assert nets[-1] == pytest.approx(e.nets, abs=1e-12)
    assert e.rate == pytest.approx(8.0 * (0.25 - e.slopes[1]), rel=1e-9)
    assert e.flow[-1] > 1e9


def test_biased_fixed_point_needs_the_biases():
    e = conditions.biased_fixed_point_counterexample(q=10)
    nets, _ys = run_biased_logistic(e.weights, np.zeros(2), e.fixed_point, 11)
    slopes = activations.logistic_prime(nets)[::-1][1:11]
    assert flow_norms(e.weights, slopes)[-1] < 1.0


def test_biased_fixed_point_counterexample_rejects_a_bad_tolerance():
    with pytest.raises(ValueError, match="tolerance must be"):
        conditions.biased_fixed_point_counterexample(tolerance=0.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conditions.spectral_radius_counterexample(scale=-1.0), "scale must be positive"),
        (lambda: conditions.spectral_radius_counterexample(q=1), "q must be an integer in 2"),
        (lambda: conditions.spectral_radius_counterexample(shift_weight=0.0), "shift_weight must be"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
