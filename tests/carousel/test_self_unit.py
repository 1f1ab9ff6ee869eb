"""The lone self-connected unit of section 3.2: runs, error signals, flow, and the claims P14, P15, slip 8."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from lstmnotes.carousel import _self_unit as carousel

SMALL = st.floats(-2.0, 2.0, allow_nan=False)


def _autograd_unit(w, y0, inputs, f):
    """The unrolled unit in autograd; ``offsets`` are added to each net input (to differentiate by it)."""

    def final(offsets):
        y = y0
        nets = []
        for t in range(len(inputs)):
            net = w * y + inputs[t] + offsets[t]
            nets.append(net)
            y = f(net)
        return y, nets

    return final


def _logistic(x):
    return 1.0 / (1.0 + anp.exp(-x))


F = {"logistic": _logistic, "tanh": anp.tanh, "identity": lambda x: x}


# -- the run ----------------------------------------------------------------------------------------


@given(w=SMALL, y0=SMALL, xs=st.lists(SMALL, min_size=1, max_size=12))
def test_logistic_run_matches_direct_evaluation(w, y0, xs):
    run = carousel.run_self_unit(w, y0, len(xs), activation="logistic", inputs=xs)
    y = y0
    for t, x in enumerate(xs):
        net = w * y + x
        assert run.nets[t] == pytest.approx(net, abs=1e-12)
        y = float(1 / (1 + mpmath.exp(-net)))
        assert run.activations[t + 1] == pytest.approx(y, abs=1e-12)
        assert run.fprime[t] == pytest.approx(y * (1 - y), abs=1e-12)


@given(y0=SMALL, steps=st.integers(1, 200))
def test_identity_with_unit_weight_holds_its_activation(y0, steps):
    run = carousel.run_self_unit(1.0, y0, steps)
    assert np.all(run.activations == y0)


@given(w=st.floats(0.1, 3.0), c=SMALL, y0=SMALL, steps=st.integers(1, 30))
def test_affine_activation_drifts_by_the_constant(w, c, y0, steps):
    # f(x) = x/w + C applied to net = w y gives y + C: the activation climbs by C per step
    run = carousel.run_self_unit(w, y0, steps, activation="affine", constant=c)
    np.testing.assert_allclose(np.diff(run.activations), c, atol=1e-9)
    np.testing.assert_allclose(run.fprime * w, 1.0, rtol=1e-15)


# -- error signals and flow against autograd and finite differences --------------------------------


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(["logistic", "tanh", "identity"]),
    w=st.floats(-1.5, 1.5),
    y0=SMALL,
    xs=st.lists(SMALL, min_size=1, max_size=8),
    e=SMALL,
)
def test_error_signals_match_autograd(name, w, y0, xs, e):
    run = carousel.run_self_unit(w, y0, len(xs), activation=name, inputs=xs)
    final = _autograd_unit(w, y0, xs, F[name])
    # theta(t) is the derivative of e * y(T) by net(t), e held fixed
    expected = autograd.grad(lambda o: e * final(o)[0])(np.zeros(len(xs)))
    np.testing.assert_allclose(
        carousel.self_unit_error_signals(run, e), expected, rtol=1e-9, atol=1e-14
    )


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(["logistic", "tanh", "identity"]),
    w=st.floats(-1.5, 1.5),
    y0=SMALL,
    xs=st.lists(SMALL, min_size=1, max_size=8),
)
def test_flow_is_the_derivative_of_the_last_net_by_earlier_nets(name, w, y0, xs):
    run = carousel.run_self_unit(w, y0, len(xs), activation=name, inputs=xs)
    final = _autograd_unit(w, y0, xs, F[name])
    grad = autograd.grad(lambda o: final(o)[1][-1])(np.zeros(len(xs)))
    np.testing.assert_allclose(carousel.self_unit_flow(run), grad[::-1], rtol=1e-9, atol=1e-14)


def test_flow_matches_finite_differences():
    xs = np.array([0.3, -0.2, 0.5, 0.1, -0.4])
    run = carousel.run_self_unit(1.3, 0.2, len(xs), activation="logistic", inputs=xs)
    flow = carousel.self_unit_flow(run)
    h = 1e-6
    for q in range(len(xs)):
        bumped = xs.copy()
        bumped[len(xs) - 1 - q] += h
        up = carousel.run_self_unit(1.3, 0.2, len(xs), activation="logistic", inputs=bumped)
        bumped[len(xs) - 1 - q] -= 2 * h
        down = carousel.run_self_unit(1.3, 0.2, len(xs), activation="logistic", inputs=bumped)
        assert flow[q] == pytest.approx((up.nets[-1] - down.nets[-1]) / (2 * h), rel=1e-7)


@given(w=st.floats(-1.2, 1.2), steps=st.integers(1, 60))
def test_identity_flow_is_the_weight_to_the_power_q(w, steps):
    run = carousel.run_self_unit(w, 0.5, steps)
    expected = [w**q for q in range(steps)]
    np.testing.assert_allclose(carousel.self_unit_flow(run), expected, rtol=1e-12, atol=1e-300)


@given(xs=st.lists(st.floats(-5, 5), min_size=1, max_size=300))
def test_carousel_flow_is_exactly_one_whatever_the_inputs(xs):
    run = carousel.run_self_unit(1.0, 0.0, len(xs), inputs=xs)
    assert np.all(carousel.self_unit_flow(run) == 1.0)


def test_flow_has_one_entry_per_step_back():
    assert carousel.self_unit_flow(carousel.run_self_unit(0.5, 1.0, 1)).tolist() == [1.0]


# -- sympy: the differential equation --------------------------------------------------------------


def test_constant_flow_solution_solves_the_equation_with_a_free_constant():
    s = carousel.constant_flow_solution()
    # checked by substitution, independently of dsolve: w f' = 1 for every value of the constant
    assert sympy.simplify(s.w * sympy.diff(s.general.rhs, s.x) - 1) == 0
    assert s.constant in s.general.rhs.free_symbols
    assert s.paper.rhs == s.x / s.w
    assert sympy.simplify(s.step - (s.y + s.constant)) == 0
    assert sympy.simplify(s.general.rhs.subs(s.constant, 0) - s.paper.rhs) == 0


# -- claims ------------------------------------------------------------------------------------------


def test_best_logistic_fixed_point_factor_against_scipy_and_brute_force():
    y, w, factor = carousel.logistic_best_fixed_point_factor()
    assert float(1 / (1 + mpmath.exp(-w * y))) == pytest.approx(y, rel=1e-12)  # a fixed point
    assert factor == pytest.approx(w * y * (1 - y), rel=1e-12)
    ref = minimize_scalar(
        lambda v: -np.log(v / (1 - v)) * (1 - v), bounds=(0.5, 0.999), method="bounded",
        options={"xatol": 1e-12},
    )  # fmt: skip
    assert factor == pytest.approx(-ref.fun, rel=1e-9)
    # brute force: iterate y <- sigma(w y) to its fixed point on a grid of positive weights
    best = 0.0
    for weight in np.linspace(0.05, 12.0, 600):
        value = 0.5
        for _ in range(3000):
            value = 1 / (1 + np.exp(-weight * value))
        best = max(best, weight * value * (1 - value))
    assert best <= factor + 1e-9
    assert best > factor - 1e-4


def test_p14_verdict_and_evidence():
    judged = carousel.unit_flow_condition()
    assert judged.claim == "P14"
    assert judged.verdict == "holds under conditions"
    assert judged.logistic_fixed_point[2] < 1
    assert judged.logistic_gap_minimum == 2.0
    z = sympy.Symbol("z", real=True)
    assert sympy.minimum(sympy.exp(z) + 1 - z, z, sympy.S.Reals) == 2  # so z = 1 + e^z never holds
    assert "x/w" in judged.summary


def test_p15_verdict_and_evidence():
    judged = carousel.carousel_error_constancy(5000, rng=np.random.default_rng(3))
    assert (judged.claim, judged.verdict) == ("P15", "holds")
    assert judged.max_deviation == 0.0
    assert judged.max_deviation_with_inputs == 0.0
    assert judged.activation_range_with_inputs > 1.0  # the inputs did move the activation
    assert judged.symbolic_flow == judged.w ** sympy.Symbol("q", integer=True, positive=True)


def test_slip_8_verdict_and_evidence():
    judged = carousel.dropped_integration_constant()
    assert (judged.claim, judged.verdict) == ("S8", "holds")
    assert judged.constant_run.activations.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert judged.input_run.activations.tolist() == [0.0, 1.0, 1.0]
    assert judged.flows == (1.0, 1.0)


# -- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be at least 1"),
        ({"steps": carousel.MAX_STEPS + 1}, ValueError, "at most MAX_STEPS"),
        ({"steps": 2.0}, TypeError, "steps must be an integer"),
        ({"steps": True}, TypeError, "steps must be an integer"),
        ({"weight": np.nan}, ValueError, "weight must be finite"),
        ({"weight": [1.0, 2.0]}, ValueError, "weight must be a single number"),
        ({"initial": np.inf}, ValueError, "initial must be finite"),
        ({"constant": "c"}, TypeError, "constant must be real numbers"),
        ({"inputs": [1.0]}, ValueError, "inputs must have length steps = 3"),
        ({"inputs": [[1.0, 2.0, 3.0]]}, ValueError, "inputs must be 1-D"),
        ({"activation": "relu"}, ValueError, "unknown activation 'relu'"),
        ({"activation": "affine", "weight": 0.0}, ValueError, "weight must be nonzero"),
    ],
)
def test_bad_runs_refused(kwargs, error, message):
    args = {"weight": 1.0, "initial": 0.0, "steps": 3, **kwargs}
    with pytest.raises(error, match=message):
        carousel.run_self_unit(**args)


def test_overflow_refused_instead_of_returning_infinity():
    with pytest.raises(ValueError, match="overflowed within 2000 steps"):
        carousel.run_self_unit(2.0, 1.0, 2000)


def test_bad_error_and_step_counts_refused():
    run = carousel.run_self_unit(1.0, 0.0, 2)
    with pytest.raises(ValueError, match="output_error must be finite"):
        carousel.self_unit_error_signals(run, np.nan)
    with pytest.raises(ValueError, match="steps must be at least 1"):
        carousel.carousel_error_constancy(0)


def test_unrolled_recursion_matches_the_product():
    unrolled = carousel.unrolled_self_unit_flow(5)
    assert unrolled.checked == (1, 2, 3, 4, 5)
    text = unrolled.latex()
    assert r"\vartheta_j(t - q)" in text
    assert r"\mathit{net}_j(t - m)" in text
    assert "- q + t" not in text
    with pytest.raises(ValueError, match="q_max must be between 1 and 50"):
        carousel.unrolled_self_unit_flow(0)


def test_flows_of_several_units_and_from_the_output():
    xs = np.array([0.4, -0.3, 0.9, 0.1])
    flows = carousel.self_unit_flows([0.5, 3.0], xs)
    for w in (0.5, 3.0):
        run = carousel.run_self_unit(w, 0.0, len(xs), activation="logistic", inputs=xs)
        final = _autograd_unit(w, 0.0, xs, _logistic)
        # from the output: d y(T) / d net(T - q)
        grad = autograd.grad(lambda o, final=final: final(o)[0])(np.zeros(len(xs)))
        np.testing.assert_allclose(flows[w], grad[::-1], rtol=1e-10)
        np.testing.assert_allclose(
            flows[w], carousel.self_unit_flow(run) * run.fprime[-1], rtol=1e-15
        )
    with pytest.raises(ValueError, match="weights must be 1-D"):
        carousel.self_unit_flows(1.0, xs)


def test_a_lone_logistic_unit_with_a_negative_weight_keeps_its_error_size():
    # the reader's case: w = -5.869586, y(0) = 0.2178117; |flow| stays one over 10,000 steps
    run = carousel.run_self_unit(-5.869586, 0.2178117, 10_000, activation="logistic")
    flow = carousel.self_unit_flow(run)
    assert np.max(np.abs(np.abs(flow) - 1.0)) < 1e-4
    assert np.all(np.sign(flow[1:]) == -np.sign(flow[:-1]))
    point = carousel.logistic_neutral_fixed_point()
    assert point.weight == pytest.approx(-5.869586, abs=1e-6)
    assert point.activation == pytest.approx(0.2178117, abs=1e-7)
    assert point.factor == pytest.approx(-1.0, abs=1e-12)


def test_a_biased_logistic_unit_holds_one_half_with_factor_one():
    w, b = carousel.unit_factor_bias(0.5)
    assert (w, b) == (4.0, -2.0)
    run = carousel.run_self_unit(w, 0.5, 1000, activation="logistic", inputs=np.full(1000, b))
    assert np.all(carousel.self_unit_flow(run) == 1.0)


def test_logistic_fixed_points_agree_with_a_dense_scan():
    for w, b in [(1.0, 0.0), (-5.0, 0.0), (8.0, -4.0), (12.0, -6.0)]:
        points = carousel.logistic_fixed_points(w, b)
        for p in points:
            assert 1 / (1 + np.exp(-(w * p.activation + b))) == pytest.approx(
                p.activation, abs=1e-12
            )
            assert p.factor == pytest.approx(w * p.activation * (1 - p.activation), abs=1e-9)
    assert len(carousel.logistic_fixed_points(12.0, -6.0)) == 3


def test_negative_factor_reading_alternates():
    r = carousel.negative_factor_reading(10)
    assert r.size_deviation == 0.0
    assert r.alternates
    assert r.activation_period == 2


def test_logistic_factor_search_rejects_a_bad_sign():
    with pytest.raises(ValueError, match="sign"):
        carousel.logistic_factor_search(np.random.default_rng(0), sign=0)


def test_negative_weight_units_against_plain_iteration():
    from lstmnotes.carousel._self_unit import negative_weight_units

    r = negative_weight_units(np.random.default_rng(0), grid=30, draws=5)
    assert r.monotone
    assert r.neutral.factor == pytest.approx(-1.0, abs=1e-12)
    assert r.cycles_found == r.cycle_weights
    assert r.largest_two_step < 1.0
    assert r.above_largest < 1.0

    # separate code: iterate y -> sigma(w y) onto the 2-cycle and multiply the two factors
    def two_step(w):
        y = 0.3
        for _ in range(20_000):
            y = 1.0 / (1.0 + np.exp(-w * y))
        z = 1.0 / (1.0 + np.exp(-w * y))
        return w * y * (1 - y) * w * z * (1 - z)

    for key, value in r.two_step_at.items():
        assert value == pytest.approx(two_step(float(key)), rel=1e-6)
    w, high, low = r.cycle_at
    assert two_step(w) == pytest.approx(w * high * (1 - high) * w * low * (1 - low), rel=1e-9)


def test_negative_weight_units_rejects_weights_above_w_star():
    from lstmnotes.carousel._self_unit import negative_weight_units

    with pytest.raises(ValueError, match="below w"):
        negative_weight_units(np.random.default_rng(0), named=(-5.0,))


def test_second_value_gap_derivative_by_finite_differences():
    import sympy

    from lstmnotes.carousel._self_unit import second_value_gap_symbolic

    d, derivative = second_value_gap_symbolic()
    u = sympy.Symbol("u", real=True)
    for value in (-0.4, -0.1, 0.2, 0.45):
        h = 1e-6
        numeric = (float(d.subs(u, value + h)) - float(d.subs(u, value - h))) / (2 * h)
        assert numeric == pytest.approx(float(derivative.subs(u, value)), rel=1e-5)
        assert float(derivative.subs(u, value)) < 0
