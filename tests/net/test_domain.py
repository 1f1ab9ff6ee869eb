"""The net at the edges of its domain: the float range, strict types, and the limits refused at once."""

from __future__ import annotations

import datetime
import math
import sys
import time
import warnings
from fractions import Fraction

import numpy as np
import pytest
from _timing import assert_fast
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes import net
from lstmnotes.net import _signals as signals_module

EPS = Fraction(1, 2**53)
SUB = Fraction(1, 2**1074)
FMAX = Fraction(sys.float_info.max)


@st.composite
def wide(draw: st.DrawFn, shape: tuple[int, ...], base: int) -> np.ndarray:
    """Finite floats within 2^±30 of 2^base (clipped to the float range)."""
    size = int(np.prod(shape))
    offsets = np.array(draw(st.lists(st.integers(-30, 30), min_size=size, max_size=size)))
    mantissas = draw(st.lists(st.floats(-2.0, 2.0), min_size=size, max_size=size))
    values = np.ldexp(np.array(mantissas), np.clip(base + offsets, -1074, 1022))
    return values.reshape(shape)


def test_the_cases_of_the_issue():
    with pytest.raises(ValueError, match="error signal at time 2 is beyond float64"):
        net.error_signals(net.run_net([[2.0]], [0.0], 3, "identity"), 3, [1e308])
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        net.random_weights(4, 0)
    rng = np.random.default_rng(0)
    W = net.random_weights(4, rng, w_max=1e308)
    assert np.all(np.isfinite(W))
    assert np.max(np.abs(W)) <= 1e308
    assert np.max(np.abs(W)) > 1e307
    for bad in ["1", None, 1j, np.complex64(1.0), True, datetime.date(2020, 1, 1)]:
        with pytest.raises(TypeError, match="w_max"):
            net.random_weights(4, rng, w_max=bad)
    for bad in [[1.0, 2.0], np.inf, np.nan, 0.0, -1.0]:
        with pytest.raises(ValueError, match="w_max"):
            net.random_weights(4, rng, w_max=bad)
    with pytest.raises(TypeError, match="activation must be an Activation or one of the names"):
        net.run_net([[1.0]], [0.5], 3, ["logistic"])


def test_random_weights_keeps_its_draws():
    # the same formula as before for every w_max up to 2^1022: the book's nets do not move
    W = net.random_weights(3, np.random.default_rng(7), w_max=2.0)
    np.testing.assert_array_equal(W, np.random.default_rng(7).uniform(-2.0, 2.0, (3, 3)))
    big = net.random_weights(3, np.random.default_rng(7), w_max=2.0**1023)
    np.testing.assert_array_equal(big, np.ldexp(W, 1022))


def test_a_net_input_that_overflows_only_on_the_way_is_computed():
    # w y overflows for each term, but the weights bring the sum back into range
    run = net.run_net([[1e300, 1e300], [1e-300, 0.0]], [1e10, -9.99e9], 1, "identity")
    exact = Fraction(1e300) * (Fraction(1e10) - Fraction(9.99e9))
    assert run.net(1)[0] == pytest.approx(float(exact), rel=1e-12)
    assert run.net(1)[1] == pytest.approx(1e-290)
    with pytest.raises(ValueError, match="net inputs at step 2 are beyond float64"):
        net.run_net([[1e300]], [1e5], 2, "identity")


def test_an_error_signal_that_overflows_only_on_the_way_is_computed():
    run = net.run_net([[1e300]], [1000.0], 2)  # logistic slope at net = 1e303 is 0, at 1000 tiny
    signals = net.error_signals(run, 2, [1e300])
    truth = Fraction(float(run.slopes()[0, 0])) * Fraction(1e300) * Fraction(1e300)
    assert signals[0, 0] == pytest.approx(float(truth), rel=1e-15, abs=1e-320)


def test_an_output_error_whose_difference_overflows_is_computed():
    run = net.run_net([[1.0]], [-1e308], 1, "tanh")  # y = -1, slope 0 at -1e308
    assert net.output_error(run, 1, [1.7e308], [0]).tolist() == [0.0]
    run = net.run_net([[1.0]], [1e308], 1, "identity")
    with pytest.raises(ValueError, match="output error"):
        net.output_error(run, 1, [-1e308], [0])
    run = net.run_net([[1.0]], [-40.0], 1)  # slope about 4e-18, d - y about 1.7e308 * 2
    got = net.output_error(run, 1, [1.7e308], [0])[0]
    slope = Fraction(float(run.slopes()[0, 0]))
    assert got == pytest.approx(float(slope * (Fraction(1.7e308) - Fraction(float(run.y(1)[0])))))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_one_step_of_the_run_keeps_its_stated_accuracy(data):
    n = data.draw(st.integers(1, 3))
    base = data.draw(st.integers(-1074, 1022))
    W, y0 = data.draw(wide((n, n), base)), data.draw(wide((n,), -base))
    exact = [sum(Fraction(W[i, j]) * Fraction(y0[j]) for j in range(n)) for i in range(n)]
    scale = [sum(abs(Fraction(W[i, j]) * Fraction(y0[j])) for j in range(n)) for i in range(n)]
    if max(abs(x) for x in exact) > FMAX:
        with pytest.raises(ValueError, match="beyond float64"):
            net.run_net(W, y0, 1, "identity")
        return
    got = net.run_net(W, y0, 1, "identity").net(1)
    for i in range(n):
        assert abs(Fraction(got[i]) - exact[i]) <= 2 * n * EPS * scale[i] + n * SUB


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_error_signals_keep_their_stated_accuracy(data):
    # weights and signals anywhere in the float range: each entry within its own rounding bound, with
    # no floor but the final rounding of a subnormal, whatever the sizes of the other entries
    n, t = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 4))
    W = data.draw(wide((n, n), data.draw(st.integers(-600, 600))))
    theta = data.draw(wide((n,), data.draw(st.integers(-1074, 1022))))
    run = net.run_net(W, np.zeros(n), t, "identity")  # every slope is 1
    w = [[Fraction(W[i, j]) for j in range(n)] for i in range(n)]
    exact, absolute = [Fraction(x) for x in theta], [abs(Fraction(x)) for x in theta]
    rows = [(exact, absolute)]
    for _ in range(t - 1):
        exact = [sum(w[i][j] * exact[i] for i in range(n)) for j in range(n)]
        absolute = [sum(abs(w[i][j]) * absolute[i] for i in range(n)) for j in range(n)]
        rows.append((exact, absolute))
    if any(abs(x) > FMAX for e, _ in rows for x in e):
        with pytest.raises(ValueError, match="beyond float64"):
            net.error_signals(run, t, theta)
        return
    got = net.error_signals(run, t, theta)
    for back, (e, a) in enumerate(rows):
        for j in range(n):
            error = abs(Fraction(got[t - 1 - back, j]) - e[j])
            assert error <= back * (n + 3) * EPS * a[j] + SUB / 2


def test_an_error_signal_that_underflows_on_the_way_keeps_its_digits():
    # 2^-100 through w = 2^-1000 is 2^-1100, below float64; the weight 2^1000 a step back brings it
    # back to 2^-100, exactly
    run = net.run_net([[0.0, 2.0**-1000], [2.0**1000, 0.0]], [0.0, 0.0], 3, "identity")
    got = net.error_signals(run, 3, [2.0**-100, 0.0])
    assert got.tolist() == [[2.0**-100, 0.0], [0.0, 0.0], [2.0**-100, 0.0]]
    # the same signals as the loss's with the error injected at t = 3 (identity: theta(3) = e(3))
    errors = [[0.0, 0.0], [0.0, 0.0], [2.0**-100, 0.0]]
    assert net.loss_signals(run, errors).tolist() == got.tolist()


BAD = ["1", b"1", None, 1j, True, datetime.date(2020, 1, 1), object()]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: type(v).__name__)
def test_non_numbers_are_refused_naming_the_argument(bad):
    run = net.run_net(np.eye(2), [0.5, 0.5], 3)
    for call, name in [
        (lambda: net.run_net([[bad]], [0.5], 3), "W"),
        (lambda: net.run_net([[1.0]], [bad], 3), "y0"),
        (lambda: net.run_net([[1.0]], [0.5], bad), "steps"),
        (lambda: net.run_net([[1.0]], [0.5], 3, bad), "activation"),
        (lambda: net.error_signals(run, 3, [bad, bad]), "theta"),
        (lambda: net.error_signals(run, bad, [1.0, 1.0]), "t"),
        (lambda: net.output_error(run, 3, [bad], [0]), "target"),
        (lambda: net.output_error(run, 3, [1.0], [bad]), "outputs"),
        (lambda: net.random_weights(bad, np.random.default_rng(0)), "n"),
        (lambda: net.random_weights(2, bad), "rng"),
        (lambda: net.random_weights(2, np.random.default_rng(0), symmetric=bad), "symmetric"),
        (lambda: run.fprime(3, bad), "q"),
    ]:
        if (name == "symmetric" and bad is True) or (name == "activation" and isinstance(bad, str)):
            continue  # True is a valid symmetric, "1" a str (an unknown name: a ValueError)
        with pytest.raises(TypeError, match=name):
            call()


def _refuses_fast(call, match):
    start = time.process_time()
    with pytest.raises(ValueError, match=match):
        call()
    assert_fast(start, 0.5)


def test_sizes_beyond_the_limits_are_refused_at_once():
    rng = np.random.default_rng(0)
    _refuses_fast(lambda: net.random_weights(net.MAX_UNITS + 1, rng), "n must be an integer in")
    _refuses_fast(lambda: net.random_weights(25000, rng), "n must be an integer in")
    big = np.ones((500, 500))
    _refuses_fast(lambda: net.run_net(big, np.ones(500), net.MAX_STEPS), "MAX_RUN_VALUES")
    _refuses_fast(lambda: net.run_net([[0.5]], [0.5], net.MAX_STEPS + 1), "steps must be")
    n = 3000  # T n within MAX_RUN_VALUES, T n^2 just above MAX_WORK
    steps = net.MAX_WORK // n**2 + 1
    W = np.eye(n)
    _refuses_fast(lambda: net.run_net(W, np.zeros(n), steps), "MAX_WORK")
    huge = np.eye(net.MAX_UNITS + 1)
    _refuses_fast(lambda: net.run_net(huge, np.zeros(net.MAX_UNITS + 1), 1), "MAX_UNITS")


def test_the_domain_rows_cover_every_public_function():
    named = {row.function.__name__ for row in net.DOMAIN}
    assert named == {
        "run_net",
        "run_nets",
        "output_error",
        "error_signals",
        "random_weights",
        "target_errors",
        "squared_error",
        "loss_signals",
        "loss_gradient",
        "loss_gradient_by_lag",
    }


_ANY_FLOAT = st.builds(
    lambda sign, exponent, mantissa: sign * math.ldexp(mantissa, exponent),
    st.sampled_from([-1.0, 0.0, 1.0]),
    st.integers(-1074, 1000),
    st.floats(0.5, 1.0, exclude_max=True),
)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 3), steps=st.integers(1, 4), data=st.data())
def test_loss_signals_keep_each_entry_to_its_own_rounding_over_the_whole_range(n, steps, data):
    # every weight and error of its own size, from 2^-1074 to 2^1000: each signal is within its own
    # bound, however large the other signals of its step (no digits lost to a row's largest entry)
    W = np.array(data.draw(st.lists(_ANY_FLOAT, min_size=n * n, max_size=n * n))).reshape(n, n)
    errors = np.array(
        data.draw(st.lists(_ANY_FLOAT, min_size=n * steps, max_size=n * steps))
    ).reshape(steps, n)
    run = net.run_net(W, np.zeros(n), steps, "identity")  # every slope is 1
    w = [[Fraction(W[i, j]) for j in range(n)] for i in range(n)]
    exact, absolute = [Fraction(0)] * n, [Fraction(0)] * n
    rows = []
    for s in range(steps, 0, -1):
        exact = [
            Fraction(errors[s - 1, j]) + sum(w[i][j] * exact[i] for i in range(n)) for j in range(n)
        ]
        absolute = [
            abs(Fraction(errors[s - 1, j])) + sum(abs(w[i][j]) * absolute[i] for i in range(n))
            for j in range(n)
        ]
        rows.append((s, exact, absolute))
    if any(abs(x) > FMAX for _, e, _ in rows for x in e):
        with pytest.raises(ValueError, match="beyond float64"):
            net.loss_signals(run, errors)
        return
    got = net.loss_signals(run, errors)
    for s, e, a in rows:
        for j in range(n):
            error = abs(Fraction(got[s - 1, j]) - e[j])
            assert error <= (steps - s + 1) * (n + 3) * EPS * a[j] + SUB / 2, (s, j)


def test_a_subnormal_weight_does_not_send_ordinary_signals_to_the_slow_path():
    # one weight of 5e-324: its products underflow, but every sum they enter is far above the float
    # floor, so the plain pass is exact to rounding; 10000 steps were refused under MAX_SIGNAL_REDO
    W = np.array([[0.5, 5e-324], [0.3, 0.4]])
    run = net.run_net(W, np.array([0.1, 0.2]), 10_000)
    errors = np.ones((10_000, 2))
    later, plain = np.zeros(2), np.empty((10_000, 2))
    with np.errstate(under="ignore"):
        for s in range(10_000, 0, -1):
            later = run.slopes()[s - 1] * (errors[s - 1] + W.T @ later)
            plain[s - 1] = later
    np.testing.assert_allclose(net.loss_signals(run, errors), plain, rtol=1e-12)


def test_an_overflow_that_cancels_leaks_no_warning_and_is_no_underflow(monkeypatch):
    # w y overflows for both terms of theta_0(1), which cancel to exactly 0: no warning (a column sum of
    # |W| overflowed), and the 0 is an exact sum, not a signal lost to underflow
    run = net.run_net([[1e308, 0.0], [-1e308, 0.0]], [0.0, 0.0], 2, "identity")
    errors = [[0.0, 0.0], [4.0, 4.0]]

    def no_entry_steps(*args, **kwargs):
        raise AssertionError("an exact zero was redone as an underflow")

    monkeypatch.setattr(signals_module, "entry_steps", no_entry_steps)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert net.loss_signals(run, errors).tolist() == [[0.0, 0.0], [4.0, 4.0]]
        assert net.error_signals(run, 2, [4.0, 4.0]).tolist() == [[0.0, 0.0], [4.0, 4.0]]
        assert net.loss_gradient(run, errors).W.tolist() == [[0.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize(
    ("W", "activation", "steps"),
    [
        ([[0.5, 0.0], [0.0, 2.0]], "identity", 7600),
        ([[1.0, 0.0], [0.0, 8.0]], "logistic", 12181),
        ([[0.5, 0.0], [1.0, 0.0]], "identity", 20000),
    ],
)
def test_a_vanishing_signal_beside_a_unit_that_could_grow_is_dropped_not_refused(
    W, activation, steps
):
    # the signal of unit 0 halves (or shrinks by a logistic slope) each step back and can never reach
    # unit 1, whose weight could grow a signal: it falls below the floats and is dropped (these were
    # refused after some 3300 steps carried as mantissas and powers of two)
    run = net.run_net(W, [0.0, 0.0], steps, activation)
    errors = np.zeros((steps, 2))
    errors[-1, 0] = 1.0
    later, plain = np.zeros(2), np.empty((steps, 2))
    with np.errstate(under="ignore"):
        for s in range(steps, 0, -1):
            later = run.slopes()[s - 1] * (errors[s - 1] + np.asarray(W).T @ later)
            plain[s - 1] = later
    # numpy's own pass agrees down to where it enters the subnormals
    np.testing.assert_allclose(net.loss_signals(run, errors), plain, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(
        net.error_signals(run, steps, plain[-1]), plain, rtol=1e-12, atol=1e-300
    )
    gradient = net.loss_gradient(run, errors).W
    expected = -(plain.T @ run.activations[:-1])
    np.testing.assert_allclose(gradient, expected, rtol=1e-12, atol=0.0)


def test_a_subnormal_that_a_later_overflow_would_amplify_is_redone_first():
    # theta_1(4) = 0.75 2^-1073 rounds, as a subnormal, to 2^-1073 (a third too large); the weight
    # B = 2^699 1.2^(1/3) lifts it three times to 1.5 2^-1074 B^3 = 1.6179e308, finite: the plain pass
    # overflowed on the rounded value before its check for underflow and refused a finite signal
    big = 2.0**699 * 1.2 ** (1 / 3)
    run = net.run_net([[0.0, 2.0**-1073], [0.0, big]], [0.0, 0.0], 5, "identity")
    errors = np.zeros((5, 2))
    errors[4, 0] = 0.75
    exact = Fraction(3, 2) * Fraction(2) ** -1074 * Fraction(big) ** 3
    bound = 4 * (2 + 3) * EPS * exact  # four steps back, n = 2; every term here is positive
    assert abs(Fraction(net.loss_signals(run, errors)[0, 1]) - exact) <= bound
    assert abs(Fraction(net.error_signals(run, 5, [0.75, 0.0])[0, 1]) - exact) <= bound
    assert abs(Fraction(net.loss_gradient(run, errors).b[1]) + exact) <= 2 * bound


@pytest.mark.parametrize(
    ("W", "activation"),
    [
        (np.array([[0.5, 100.0], [0.0, 0.5]]), "identity"),  # |W| grows, W^q decays as 0.5^q q
        (net.random_weights(30, np.random.default_rng(0), w_max=0.2), "tanh"),  # rho(W) = 0.66
    ],
    ids=["non-normal", "random-30"],
)
def test_a_vanishing_gradient_in_a_net_whose_absolute_weights_grow_is_answered(W, activation):
    # the signals decay (W's powers do) although a bound on |W| grows: they are dropped below the
    # floats, where they were carried for some 3300 steps and then refused
    steps, n = 5000, W.shape[0]
    run = net.run_net(W, np.full(n, 0.5), steps, activation)
    errors = np.zeros((steps, n))
    errors[-1] = 1.0
    later, plain = np.zeros(n), np.empty((steps, n))
    with np.errstate(under="ignore"):
        for s in range(steps, 0, -1):
            later = run.slopes()[s - 1] * (errors[s - 1] + W.T @ later)
            plain[s - 1] = later
    np.testing.assert_allclose(net.loss_signals(run, errors), plain, rtol=1e-9, atol=1e-300)
    gradient = net.loss_gradient(run, errors)
    np.testing.assert_allclose(gradient.W, -(plain.T @ run.activations[:-1]), rtol=1e-9)
    parts = net.loss_gradient_by_lag(run, errors)
    np.testing.assert_allclose(parts.W.sum(axis=0), gradient.W, rtol=1e-9, atol=1e-300)


def test_a_signal_that_dives_through_an_underflowing_block_and_comes_back_is_kept():
    # at step 336 the slopes are (2^-1074, 0): the only path left is 2^-1074 * 0.25, which rounds to 0,
    # and the bound on that block came out as "exactly zero"; the signal (about 2^-3000 at step 353)
    # was dropped, though 320 steps through the weight 2^60 bring it back to about 2^-846 at step 1
    big = 2.0**60
    W = np.array([[0.0, big], [0.25, big]])
    nets = (
        [[-48.0, -34.5]] * 320
        + [[-42.5, -42.5]] * 15
        + [[-745.0, -800.0]]
        + [[-42.5, -42.5]] * 16
        + [[-735.0, -735.0]] * 3
        + [[0.0, 0.0]]
    )
    nets, steps = np.array(nets), len(nets)
    logistic = act.NAMED_ACTIVATIONS["logistic"].f
    y, x = np.zeros(2), np.empty((steps, 2))
    for t in range(steps):  # the inputs that give these net inputs
        x[t] = nets[t] - W @ y
        y = logistic(W @ y + x[t])
    run = net.run_net(W, [0.0, 0.0], steps, "logistic", x=x, V=np.eye(2))
    slopes = run.slopes()
    assert slopes[335].tolist() == [5e-324, 0.0]
    theta = [Fraction(0), Fraction(1)]
    for s in range(steps - 1, 0, -1):  # every term is positive: the exact value is its own bound
        theta = [
            Fraction(slopes[s - 1][j]) * sum(Fraction(W[i, j]) * theta[i] for i in range(2))
            for j in range(2)
        ]
    got = net.error_signals(run, steps, [0.0, 1.0])[0]
    for j in range(2):
        assert abs(Fraction(got[j]) - theta[j]) <= (steps - 1) * 5 * EPS * theta[j] + SUB / 2
    assert theta[1] > Fraction(2) ** -850


def test_a_zero_slope_beside_a_column_sum_beyond_float64_leaks_no_warning():
    # |W|'s column sum overflows to inf and step 1's slopes are all 0: 0 times inf was NaN with numpy's
    # "invalid value" warning, found by hypothesis in the lag contributions' fuzz test
    W = [[0.0, 9.999999900163214e299], [1.0, 1.797693124862316e308]]
    run = net.run_net(W, [0.0, -1.0], 2, "relu")  # both net inputs of step 1 negative
    assert run.slopes()[0].tolist() == [0.0, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = net.error_signals(run, 2, [1e-320, 1e-320])
    assert got[0].tolist() == [0.0, 0.0]
