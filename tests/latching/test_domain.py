"""The latching numerics keep their domain rows: every public function has one, and they state limits."""

import math

import mpmath
import numpy as np
import pytest

from lstmnotes import latching
from lstmnotes.domain import Domain


def test_every_public_function_has_a_domain_row():
    rows = {row.function.__name__ for row in latching.DOMAIN}
    assert all(isinstance(row, Domain) for row in latching.DOMAIN)
    functions = {
        name for name in latching.__all__ if callable(getattr(latching, name)) and name[0].islower()
    }
    assert functions == rows


def test_the_rows_name_the_limits_the_functions_keep():
    for row in latching.DOMAIN:
        assert "MAX_WEIGHT" in row.limits or "MAX_LATCH_STEPS" in row.limits


@pytest.mark.parametrize("w", [1.0000001, 1.0 + 2.0**-40, 1.01])
def test_a_log_factor_near_a_slope_of_one_keeps_a_few_ulps(w):
    # net near 0: ln f' = -2 ln cosh(net) is about -net^2, where ln 4 - 2|x| - 2 ln(1 + e^-2|x|) cancels
    run = latching.latched_flow(w, 0.0, [0.0])
    net = float(run.nets[0])
    with mpmath.workdps(400):
        truth = mpmath.log(mpmath.mpf(w)) - 2 * mpmath.log(mpmath.cosh(mpmath.mpf(net)))
        assert abs(mpmath.mpf(float(run.log_factors[0])) - truth) <= 4 * 2.0**-52 * abs(truth)


def _exact_factor(w, x, activation):
    with mpmath.workdps(50):
        x = mpmath.mpf(x)
        slope = (
            4 * mpmath.exp(-2 * abs(x)) / (1 + mpmath.exp(-2 * abs(x))) ** 2  # no cancellation
            if activation == "tanh"
            else mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2
        )
        return w * slope


@pytest.mark.parametrize(
    ("w", "b", "activation"),
    [
        (10.0, -6.809546277311857, "logistic"),  # factor 1.0 was reported stable
        (2.043967813064015, -0.5640977189214191, "tanh"),  # factor 1 - 2^-52 was reported unstable
        (2.0, 0.0, "tanh"),
        (8.0, -4.0, "logistic"),
        (1.5, 0.1, "tanh"),
    ],
)
def test_a_fixed_points_verdict_agrees_with_its_factor(w, b, activation):
    for point in latching.fixed_points(w, b, activation):
        if abs(point.factor) != 1.0:
            assert point.stable == (abs(point.factor) < 1.0), point
        truth = _exact_factor(w, point.net, activation)
        assert abs(point.factor - truth) <= 8 * 2.0**-53 * max(abs(truth), 1.0), (point, truth)


@pytest.mark.parametrize("activation", ["tanh", "logistic"])
@pytest.mark.parametrize("w", [1.25, 2.0, 3.7, 10.0, 40.0])
def test_the_verdict_agrees_with_the_factor_next_to_each_tangency(w, activation):
    w = w * (4.0 if activation == "logistic" else 1.0)
    for end in latching.bistable_biases(w, activation):
        biases = [end]
        for toward in (
            -math.inf,
            math.inf,
        ):  # six floats on either side of each end of the bistable range
            b = end
            for _ in range(6):
                b = math.nextafter(b, toward)
                biases.append(b)
        for bias in biases:
            for point in latching.fixed_points(w, bias, activation):
                if abs(point.factor) != 1.0:
                    assert point.stable == (abs(point.factor) < 1.0), (w, bias, point)


@pytest.mark.parametrize(
    ("w", "b", "inputs", "activation"),
    [
        (2.0, 0.0, [1e308], "tanh"),  # ln f' = ln 4 - 2e308 - ...: beyond float64 (mpmath: -2e308)
        (1000.0, 0.0, [-1e308, 1e308], "tanh"),
        (6.0, -3.0, [1e308, 1e308], "logistic"),  # each factor's log is -1e308, their sum -2e308
        (6.0, -3.0, [-1e308, 1e308, 0.0], "logistic"),
    ],
)
def test_a_log_flow_beyond_float64_is_refused_not_minus_inf(w, b, inputs, activation):
    with pytest.raises(ValueError, match=r"^inputs drive the net input to .* beyond float64"):
        latching.latched_flow(w, b, inputs, activation)


def test_a_log_flow_at_the_edge_of_float64_is_kept():
    run = latching.latched_flow(6.0, -3.0, [1e308], "logistic")
    with mpmath.workdps(60):  # ln(6 sigma'(n)) with n = 6 h + 1e308 - 3: -n + ln 6 - 2 ln(1 + e^-n)
        net = mpmath.mpf(float(run.nets[0]))
        truth = mpmath.log(6) - net - 2 * mpmath.log(1 + mpmath.exp(-net))
    assert float(run.log_flow[0]) == float(truth)


def _log_factor_error(run, w, activation):
    """The largest error of ``run.log_factors`` in units of 2^-53 (|ln|w|| + |ln f'(net)|), by mpmath."""
    worst = 0.0
    with mpmath.workprec(200):
        for net, got in zip(run.nets.tolist(), run.log_factors.tolist(), strict=True):
            x = mpmath.mpf(net)
            if activation == "tanh":
                log_slope = mpmath.log(1 - mpmath.tanh(x) ** 2)
            else:
                log_slope = -abs(x) - 2 * mpmath.log1p(mpmath.exp(-abs(x)))
            log_w = mpmath.log(abs(mpmath.mpf(w)))
            scale = (abs(log_w) + abs(log_slope)) * mpmath.mpf(2) ** -53
            worst = max(worst, float(abs(got - (log_w + log_slope)) / scale))
    return worst


def test_a_log_factor_near_zero_keeps_the_stated_absolute_accuracy():
    # here ln 2 and ln sech^2(net) cancel: the log factor is about 1.25e-16, returned as 0.0
    run = latching.latched_flow(2.0, 0.0, [-1.0336344611349946])
    assert _log_factor_error(run, 2.0, "tanh") <= 4


@pytest.mark.parametrize(("activation", "w", "b"), [("tanh", 2.0, 0.3), ("logistic", 30.0, -10.0)])
def test_log_factors_keep_the_stated_absolute_accuracy(activation, w, b):
    rng = np.random.default_rng(3)
    inputs = rng.normal(scale=0.3 * latching.latch(w, b, activation).upper_tolerance, size=200)
    run = latching.latched_flow(w, b, inputs, activation)
    assert _log_factor_error(run, w, activation) <= 4
