"""The lone self-connected unit of section 3.2: runs, error signals and flow, against autograd."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import autograd
import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmnotes.carousel import DOMAIN
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


# -- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, r"steps must be an integer in 1\.\."),
        (
            {"steps": carousel.MAX_STEPS + 1},
            ValueError,
            r"steps must be an integer in 1\.\.1000000",
        ),
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


def test_bad_error_refused():
    run = carousel.run_self_unit(1.0, 0.0, 2)
    with pytest.raises(ValueError, match="output_error must be finite"):
        carousel.self_unit_error_signals(run, np.nan)


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


@pytest.mark.parametrize("loose", [1, 0, None, "yes", 1.0])
def test_from_output_must_be_a_bool(loose):
    run = carousel.run_self_unit(0.5, 1.0, 4)
    with pytest.raises(TypeError, match="from_output must be a bool"):
        carousel.self_unit_flow(run, from_output=loose)
    with pytest.raises(TypeError, match="from_output must be a bool"):
        carousel.self_unit_flows([0.5], [0.0, 0.0], from_output=loose)


def _true_slope(name, net):
    """f'(net) at 200+ bits from its formula, for an exact float64 net input."""
    with mpmath.workprec(300):
        n = mpmath.mpf(net)
        if name == "logistic":
            return mpmath.exp(-abs(n)) / (1 + mpmath.exp(-abs(n))) ** 2
        # sech^2 in a form without cancellation: 1 - tanh(n)^2 needs 2 |n| / ln 2 bits (0 at net 355)
        return 4 * mpmath.exp(-2 * abs(n)) / (1 + mpmath.exp(-2 * abs(n))) ** 2


def _true_flow(run, from_output=False):
    with mpmath.workprec(300):
        w = mpmath.mpf(run.weight)
        # the promised factors: the run's float64 slope where it is normal, the true slope where it is not
        slopes = [
            mpmath.mpf(float(d)) if abs(d) >= 2.0**-1022 else _true_slope(run.activation, float(n))
            for n, d in zip(run.nets, run.fprime, strict=True)
        ]
        flow = [slopes[-1] if from_output else mpmath.mpf(1)]
        for m in range(1, len(slopes)):
            flow.append(flow[-1] * w * slopes[-1 - m])
        return flow


def _stated_slope_units():
    """The far slope's accuracy as both flow rows state it, in units of 2^-53 (relative)."""
    units = set()
    for row in DOMAIN:
        if row.function in (carousel.self_unit_flow, carousel.self_unit_error_signals):
            found = re.search(
                r"within ([0-9.]+) units of 2\^-53 of the true slope \(relative", row.accuracy
            )
            assert found, row.accuracy
            units.add(float(found.group(1)))
    (value,) = units
    return value


SLOPE_UNITS = _stated_slope_units()
U = 2.0**-53

# net inputs whose float slope is below the normal range (logistic beyond 708.4, tanh beyond 354.2), over
# every reduction of exp_minus: near k ln 2 (r near 0) and (k + 1/2) ln 2 (|r| largest), either side of
# 2^20 (the two-part ln 2 and the 256-bit one), up to 2^44 (beyond it the slope is taken as 0) and 1.8e308
FAR_NETS = st.one_of(
    st.floats(354.3, 3000.0),
    st.floats(3000.0, 2.0**19),
    st.floats(2.0**19 - 1.0, 2.0**21 + 1.0),
    st.floats(2.0**21, 2.0**45),
    st.floats(2.0**42, 1.7e308),
    st.integers(1023, 2**42).map(lambda k: k * math.log(2.0)),
    st.integers(1023, 2**42).map(lambda k: (k + 0.5) * math.log(2.0)),
)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(["logistic", "tanh"]),
    nets=st.lists(st.tuples(FAR_NETS, st.booleans()), min_size=1, max_size=40),
)
@example(name="logistic", nets=[(2826.63599516573, False), (2826.63599516573, True)])  # 1.12 units
@example(name="tanh", nets=[(428858939888.11084, False), (2.0**43, True), (2.0**43 - 0.5, False)])
def test_a_slope_below_the_normal_range_is_within_the_stated_units(name, nets):
    inputs = [-x if negative else x for x, negative in nets]
    run = carousel.run_self_unit(0.0, 0.0, len(inputs), activation=name, inputs=inputs)
    assert run.nets.tolist() == inputs  # w = 0: each net input is its input, exactly
    mantissas, exponents = carousel._slopes(run)
    for net, slope, m, e in zip(inputs, run.fprime, mantissas, exponents, strict=True):
        if abs(slope) >= 2.0**-1022:
            continue  # the run's own float slope is used there, as stated
        truth = _true_slope(name, net)
        with mpmath.workprec(300):
            if m == 0:  # taken as 0: only where the slope is below 2^-(2.5 10^13)
                assert mpmath.log(truth, 2) < -2.5e13
                continue
            error = abs(mpmath.ldexp(mpmath.mpf(float(m)), int(e)) / truth - 1)
            assert error <= SLOPE_UNITS * U, (net, float(error / U))


def _close(got, truth, ulps=8):
    """Within a few units in the last place of a normal truth (and 2^-1074 absolutely)."""
    with mpmath.workprec(300):
        err = abs(mpmath.mpf(float(got)) - truth)
        return err <= ulps * 2.0**-52 * abs(truth) + mpmath.mpf(2) ** -1074


@pytest.mark.parametrize("initial", [8e-298, -8e-298])
def test_flow_through_a_slope_below_the_float_range(initial):
    run = carousel.run_self_unit(1e300, initial, 2, activation="logistic")
    assert float(abs(run.nets[0])) == 800.0
    with mpmath.workprec(300):
        truth = mpmath.mpf(1e300) * mpmath.exp(-800) / (1 + mpmath.exp(-800)) ** 2
    flow = carousel.self_unit_flow(run)
    assert flow[0] == 1.0
    assert _close(flow[1], truth, ulps=2)
    assert float(truth) == pytest.approx(3.667874584e-48, rel=1e-9)


@pytest.mark.parametrize(
    ("weight", "truth"),
    [
        (3e-323, Fraction(1, 4) * Fraction(3e-323) * Fraction(1, 4) * Fraction(1e308)),
        (5e-324, Fraction(1, 4) * Fraction(5e-324) * Fraction(1, 4) * Fraction(1e308)),
    ],
)
def test_error_signal_keeps_a_subnormal_weight_times_slope(weight, truth):
    run = carousel.run_self_unit(weight, 0.0, 2, activation="logistic")
    assert run.fprime.tolist() == [0.25, 0.25]  # nets 0 and 3e-323 * 1/2: the slope rounds to 1/4
    theta = carousel.self_unit_error_signals(run, 1e308)
    assert theta[0] == float(truth)
    assert theta[1] == 0.25 * 1e308


def _within_stated(got, truth, q):
    """Within the stated accuracy of an entry with q factors w f' (each its slope's error, SLOPE_UNITS where
    the slope is below the normal range, and one rounding), q products, a first slope (SLOPE_UNITS) and
    one more rounding, in units of 2^-53 of the truth; 2^-1075 where the entry is subnormal."""
    units = (SLOPE_UNITS + 2) * q + SLOPE_UNITS + 1
    with mpmath.workprec(300):
        error = abs(mpmath.mpf(float(got)) - truth)
        return error <= units * U * abs(truth) * (1 + 2.0**-40) + mpmath.mpf(2) ** -1075


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["logistic", "tanh"]),
    log_w=st.floats(-1070.0, 1023.0),
    nets=st.lists(st.floats(-3000.0, 3000.0), min_size=1, max_size=6),
    from_output=st.booleans(),
    log_e=st.floats(-1074.0, 1023.0),
)
def test_flow_over_extreme_magnitudes_against_mpmath(name, log_w, nets, from_output, log_e):
    w = float(2.0**log_w)
    inputs = list(nets)
    run = carousel.run_self_unit(w, 0.0, len(inputs), activation=name, inputs=inputs)
    try:
        flow = carousel.self_unit_flow(run, from_output=from_output)
    except ValueError:
        truth = _true_flow(run, from_output)
        assert any(abs(v) > 1.7976931348623157e308 for v in truth)
        return
    for q, (got, truth) in enumerate(zip(flow, _true_flow(run, from_output), strict=True)):
        assert _within_stated(got, truth, q)
    # the error signals: theta(T - q) = f'(net(T)) e times the first q factors
    e = float(2.0**log_e)
    with mpmath.workprec(300):
        truths = [truth * e for truth in _true_flow(run, True)]
    try:
        signals = carousel.self_unit_error_signals(run, e)[::-1]
    except ValueError:
        assert any(abs(v) > 1.7976931348623157e308 for v in truths)
        return
    for q, (got, truth) in enumerate(zip(signals, truths, strict=True)):
        assert _within_stated(got, truth, q)


@pytest.mark.parametrize("steps", [81, 90, 2000])
def test_a_flow_back_from_a_subnormal_slope_near_the_top_of_the_range_keeps_its_exponent(steps):
    # every factor is 2^1023 but one, w times a subnormal slope; the running mantissa product fell to
    # about 2^-513 and its exponent, above 1100, was clipped: 2^(steps - 80) too small (2^265 at 2000)
    w = 2.0**1023
    n = ((steps - 1) * 1023 + 2 - 1020) * math.log(2) / 2
    run = carousel.run_self_unit(
        w, 0.0, steps, activation="tanh", inputs=[0.0] * (steps - 2) + [-n, w]
    )
    with mpmath.workprec(200):
        exact = mpmath.mpf(w) ** (steps - 1) / mpmath.cosh(mpmath.mpf(run.nets[steps - 2])) ** 2
        flow = carousel.self_unit_flow(run)[-1]
        assert abs(mpmath.mpf(flow) / exact - 1) <= 4 * steps * 2.0**-53
        signal = carousel.self_unit_error_signals(run, 1.0)[0]
        assert abs(mpmath.mpf(signal) / exact - 1) <= 4 * steps * 2.0**-53  # e = 1 at the end
