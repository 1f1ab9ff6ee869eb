"""Pascanu et al.'s conditions on random nets, the spectral-radius misreading, and the threshold 4.0."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import svdvals

from lstmnotes.activations import _functions as activations
from lstmnotes.later import _norms as conditions
from lstmnotes.net._run import run_net


@st.composite
def matrices(draw):
    n = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).normal(size=(n, n)) * draw(st.floats(0.1, 5.0))


@given(W=matrices())
def test_singular_value_and_spectral_radius_against_scipy_and_mpmath(W):
    assert conditions.largest_singular_value(W) == pytest.approx(svdvals(W)[0], rel=1e-12)
    eig = mpmath.eig(mpmath.matrix(W.tolist()))[0]
    assert conditions.spectral_radius(W) == pytest.approx(max(abs(e) for e in eig), rel=1e-9)
    assert conditions.spectral_radius(W) <= conditions.largest_singular_value(W) * (1 + 1e-12)


def _logistic(x):
    return 1 / (1 + anp.exp(-x))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 4), q=st.integers(1, 5))
def test_flow_norms_against_autograd_through_the_forward_run(seed, n, q):
    # d net_u(t) / d net_v(t - q) = M_q[v, u]: differentiate the forward run by an offset at t - q
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(n, n))
    y0 = rng.uniform(0, 1, size=n)
    steps = q + 3
    run = run_net(W, y0, steps)

    def last_net(offset):
        y = y0
        for s in range(1, steps + 1):
            net = anp.dot(W, y) + (offset if s == steps - q else 0.0)
            y = _logistic(net)
        return net

    J = autograd.jacobian(last_net)(np.zeros(n))  # J[u, v]
    norms = conditions.flow_norms(W, run.fprime(steps, q))
    assert norms[-1] == pytest.approx(np.linalg.norm(J, 2), rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("activation", ["logistic", "tanh"])
def test_vanishing_condition_holds_on_random_nets(activation):
    c = conditions.vanishing_condition_check(
        np.random.default_rng(8), activation=activation, n=6, nets=25, q=25
    )
    assert c.verdict == "holds"
    assert np.all(c.sigma_gamma < 1)
    assert c.worst_ratio <= 1 + 1e-9
    assert np.all(c.final_norm <= c.sigma_gamma**25 * (1 + 1e-9))
    assert c.gamma == {"logistic": 0.25, "tanh": 1.0}[activation]


@pytest.mark.parametrize("activation", ["logistic", "tanh"])
def test_exploding_needs_a_large_singular_value(activation):
    c = conditions.exploding_condition_check(
        np.random.default_rng(9), activation=activation, n=6, nets=60, q=20
    )
    assert c.verdict == "holds"
    exploding = c.final_norm > 1
    assert np.all(c.sigma_gamma[exploding] > 1)
    assert np.any(~exploding & (c.sigma_gamma > 1))  # necessary, not sufficient


def test_tanh_nets_explode_on_random_weights():
    c = conditions.exploding_condition_check(np.random.default_rng(2), n=8, nets=60, q=30)
    assert np.sum(c.final_norm > 1) > 0


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
    assert conditions.spectral_radius(r.shift_weights) == 0.0
    # the fewest units: one unit has rho = sigma_max; two tanh units at rest already exceed one at lag 1
    assert r.one_unit_gap == 0.0
    assert r.minimal_shift_flow == 2.0
    assert r.rho < 1e-12
    assert r.nets.tolist() == [0.0, 12.0]


def test_spectral_radius_counterexample_undecided_without_growth():
    # a scale too small to grow and a shift weight too small to exceed one: no counter-example, no verdict
    r = conditions.spectral_radius_counterexample(scale=2.0, shift_weight=0.5)
    assert r.verdict == "not checkable"


def test_norm_bound_search_reaches_the_bound_and_never_passes_it():
    s = conditions.norm_bound_search(
        np.random.default_rng(1), sizes=(1, 2, 5), q=6, draws=5, steps=5
    )
    assert s.worst_ratio <= 1 + 1e-12
    assert s.attained == pytest.approx(1.0, abs=1e-12)
    assert s.largest_below <= 1 + 1e-12
    assert s.sizes == (1, 2, 5)
    assert s.q == 6
    assert s.candidates > 0
    assert s.worst_case["n"] in (1, 2, 5)


def test_norm_bound_search_finds_a_violation_when_the_slopes_exceed_gamma(monkeypatch):
    # slopes up to 2 gamma break the hypothesis: the search must then find ratios above one
    real = conditions.flow_norms
    monkeypatch.setattr(conditions, "flow_norms", lambda W, fprime: real(W, 2 * np.asarray(fprime)))
    s = conditions.norm_bound_search(np.random.default_rng(1), sizes=(1, 2), q=4, draws=3, steps=3)
    assert s.worst_ratio > 1.5


def test_surveys_use_the_fixed_seeds():
    a = conditions.exploding_survey("tanh")
    b = conditions.exploding_condition_check(
        np.random.default_rng(conditions.EXPLODING_SEEDS["tanh"]), nets=conditions.EXPLODING_NETS
    )
    np.testing.assert_array_equal(a.final_norm, b.final_norm)
    v = conditions.vanishing_survey("logistic")
    assert v.nets == conditions.VANISHING_NETS
    assert v.worst_ratio <= 1 + 1e-9
    with pytest.raises(ValueError, match="activation must be one of"):
        conditions.vanishing_survey("relu")


def test_counterexample_needs_unequal_slopes():
    # with equal slopes the same W gives F' W^T F' W^T = 0: the flow dies after one step
    W = 8.0 * np.array([[1.0, 1.0], [-1.0, -1.0]])
    norms = conditions.flow_norms(W, np.full((3, 2), 0.25))
    assert norms[0] > 1
    assert norms[1:].tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conditions.largest_singular_value([[1.0, 2.0]]), "square"),
        (lambda: conditions.spectral_radius([[np.nan]]), "W must be finite"),
        (lambda: conditions.flow_norms(np.eye(2), [0.25, 0.25]), "fprime must be 2-D"),
        (lambda: conditions.vanishing_condition_check(np.random.default_rng(0), activation="relu"),
         "activation must be one of"),
        (lambda: conditions.vanishing_condition_check(np.random.default_rng(0), low=1.0),
         "low must be in"),
        (lambda: conditions.vanishing_condition_check(np.random.default_rng(0), n=33),
         "n must be between 1 and 32"),
        (lambda: conditions.exploding_condition_check(np.random.default_rng(0), high=1.0),
         "high must be in"),
        (lambda: conditions.spectral_radius_counterexample(scale=-1.0), "scale must be positive"),
        (lambda: conditions.spectral_radius_counterexample(q=1), "q must be between 2"),
        (lambda: conditions.spectral_radius_counterexample(shift_weight=0.0), "shift_weight must be"),
        (lambda: conditions.norm_bound_search(np.random.default_rng(0), draws=0), "draws must be"),
        (lambda: conditions.norm_bound_search(np.random.default_rng(0), sizes=(40,)),
         "n must be between 1 and 32"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_check_counts_and_metadata():
    c = conditions.exploding_condition_check(np.random.default_rng(9), n=5, nets=30, q=12, high=2.5)
    assert (c.q, c.drawn) == (12, (0.5, 2.5))
    exploding = c.final_norm > 1
    assert c.exploding == int(exploding.sum())
    assert c.large_but_not_exploding == int(np.sum(~exploding & (c.sigma_gamma > 1)))
    assert c.exploding_with_small_radius == int(np.sum(exploding & (c.rho_gamma < 1)))
    assert np.all((c.sigma_gamma >= 0.5 - 1e-12) & (c.sigma_gamma <= 2.5 + 1e-12))


def test_biased_fixed_point_counterexample_grows_in_a_forward_run():
    e = conditions.biased_fixed_point_counterexample()
    assert e.rho < 1e-12
    assert e.drift == 0.0
    assert e.stays == 10_000
    nets, _ = conditions.run_biased_logistic(e.weights, e.biases, e.fixed_point, 3)
    assert nets[-1] == pytest.approx(e.nets, abs=1e-12)
    assert e.rate == pytest.approx(8.0 * (0.25 - e.slopes[1]), rel=1e-9)
    assert e.flow[-1] > 1e9


def test_biased_fixed_point_needs_the_biases():
    e = conditions.biased_fixed_point_counterexample(q=10)
    nets, _ys = conditions.run_biased_logistic(e.weights, np.zeros(2), e.fixed_point, 11)
    slopes = activations.logistic_prime(nets)[::-1][1:11]
    assert conditions.flow_norms(e.weights, slopes)[-1] < 1.0


def test_biased_fixed_point_counterexample_rejects_a_bad_tolerance():
    with pytest.raises(ValueError, match="tolerance must be"):
        conditions.biased_fixed_point_counterexample(tolerance=0.0)
