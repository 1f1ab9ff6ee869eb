"""Both Task 2a learners against mpmath: runs, errors, gradients and flows within the accuracy their rows
state, or refused where that bound exceeds MAX_RUN_ERROR.

The oracle (``tests/_task_2a_oracle.py``) runs each net forward and back-propagates at 60 digits from the same
float weights. Each output, activation and loss is within the stated relative bound B = RUN_ACCURACY (T + K)
(1 + N)^2 A 2^-53, N the largest sum of the sizes of a net input's terms and A = max(1, |r|/4)^(T - 1); each
gradient entry within B with A^2 for A, times the same back-propagation taken over sizes; each plus the stated
absolute part for values below the normal range; each flow within its own bound. Weights are drawn over many scales, from subnormal to sizes
whose bound is refused, each sign; self-weights up to 16, where errors grow at every step.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from _task_2a_oracle import exact
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import long_lag

U = 2.0**-53
TINY = mpmath.mpf(2) ** -1074

scales = st.sampled_from([5e-324, 1e-300, 1e-8, 0.2, 1.0, 8.0, 100.0, 1e3, 1e5, 1e7])
self_scales = st.sampled_from([5e-324, 1e-8, 0.2, 1.0, 4.0, 8.0, 16.0])


def _weights(data, shape, scale):
    draw = st.floats(-1.0, 1.0, allow_subnormal=True)
    return np.array([data.draw(draw) for _ in range(int(np.prod(shape)))]).reshape(shape) * scale


def _check(value, oracle, size, bound, tiny):
    """``|value - oracle| <= bound * size + tiny``."""
    assert abs(mpmath.mpf(float(value)) - oracle) <= bound * size + tiny, (value, oracle, size)


def _bound(steps, k, largest, growth):
    """The stated relative bound RUN_ACCURACY (T + K)(1 + N)^2 A 2^-53."""
    return long_lag.RUN_ACCURACY * (steps + k) * (1 + largest) ** 2 * growth * U


def _call(call, bound):
    """``call()`` where the stated bound is clearly within MAX_RUN_ERROR, a check that it is refused where
    clearly beyond (the library forms N from float64 values, within 1 % of the oracle's); None if refused
    or too close to tell."""
    if bound > 1.01 * long_lag.MAX_RUN_ERROR:
        with pytest.raises(
            ValueError, match=r"^net: the weights of net 0 give its .* MAX_RUN_ERROR"
        ):
            call()
        return None
    return call() if bound < 0.99 * long_lag.MAX_RUN_ERROR else None


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    learner=st.sampled_from(long_lag.LEARNERS),
    k=st.integers(3, 5),
    steps=st.integers(1, 10),
    scale=scales,
)
def test_runs_gradients_and_flows_against_mpmath(data, learner, k, steps, scale):
    first = _weights(data, (1, k), scale)
    out = _weights(data, (1, k, k + 1), data.draw(scales))
    symbols = np.array([[data.draw(st.integers(0, k - 1)) for _ in range(steps + 1)]])
    if learner == "bptt":
        arrays = [first, _weights(data, (1,), data.draw(self_scales)), out]
        net = long_lag.BPTTNet(*arrays)
        growth = max(1.0, abs(float(arrays[1][0])) / 4) ** (steps - 1)
        run_call, grad_call, flow_call = (
            long_lag.run_bptt,
            long_lag.bptt_gradient,
            long_lag.bptt_flow,
        )
    else:
        arrays = [first, _weights(data, (1, k), data.draw(scales)), out]
        net = long_lag.CellNet(*arrays)
        growth = 1.0
        run_call, grad_call = long_lag.run_cell_net, long_lag.cell_net_gradient
        flow_call = long_lag.cell_net_flow
    oracle = exact(learner, arrays, symbols[0].tolist())
    largest = max(1.0, *(float(np.max(np.abs(a))) for a in arrays))
    tiny = 2 * (steps + 1) ** 2 * k * largest * TINY  # for values below the normal range
    with mpmath.workdps(60):
        _check_run(lambda: run_call(net, symbols), oracle, (steps, k), growth, tiny)
        _check_gradient(lambda: grad_call(net, symbols), oracle, (steps, k), growth, tiny)
        if learner == "bptt":
            bound = (steps - 1) * _bound(steps, k, oracle.largest_hidden, growth)
            flow = _call(lambda: flow_call(net, symbols), bound)
            stated = bound + (steps + 4) * U * oracle.flow_terms
        else:
            flow, stated = flow_call(net, symbols), 8 * U * oracle.flow_terms
        if flow is not None:
            if oracle.flow == mpmath.ninf:
                assert flow[0] == -np.inf
            else:
                assert abs(mpmath.mpf(float(flow[0])) - oracle.flow) <= stated, (flow, oracle.flow)


def _check_run(call, oracle, shape, growth, tiny):
    bound = _bound(*shape, oracle.largest_net, growth)
    run = _call(call, bound)
    if run is not None:
        hidden = run.hidden[0] if hasattr(run, "hidden") else run.state[0]
        for t, want in enumerate(oracle.hidden):
            _check(hidden[t], want, want, bound, growth * tiny)
            for j, value in enumerate(oracle.outputs[t]):
                _check(run.outputs[0, t, j], value, value, bound, growth * tiny)


def _check_gradient(call, oracle, shape, growth, tiny):
    bound = _bound(*shape, oracle.largest_net, growth)
    squared = _bound(*shape, oracle.largest_net, growth**2)
    result = _call(call, squared)
    if result is not None:
        grad, loss = result
        _check(loss[0], oracle.loss, oracle.loss, bound, growth * tiny)
        mine = [getattr(grad, f) for f in grad.__dataclass_fields__]
        for got, want, sizes in zip(mine, oracle.gradients, oracle.sizes, strict=True):
            flat = [np.ravel(np.array(v, dtype=object)) for v in (got[0], want, sizes)]
            for value, w, a in zip(*flat, strict=True):
                _check(value, w, a, squared, growth**2 * tiny)


def test_an_activations_rounding_times_a_large_output_weight_is_within_the_bound():
    # the hidden net input -31.9 rounds once (about 32 2^-53), so z(1), near 1e-14, carries that relative
    # error; an output weight of -2.6e16 (|W z| = 354 = N) turns it into an output error of about
    # 32 N 2^-53: 2.4 times a bound of RUN_ACCURACY (T + 1)(1 + N) 2^-53, within (1 + N)^2
    w = [-31.945737583892623, -32.0001, 0.0]
    output = np.zeros((1, 3, 4))
    output[0, 0, 3] = -2.6476514694710956e16
    arrays = [np.array([w]), np.array([4.0]), output]
    net = long_lag.BPTTNet(*arrays)
    symbols = [0, 1, 2]
    run, (grad, _) = long_lag.run_bptt(net, [symbols]), long_lag.bptt_gradient(net, [symbols])
    oracle = exact("bptt", arrays, symbols)
    with mpmath.workdps(60):
        assert 353 < oracle.largest_net < 355
        bound = _bound(2, 3, oracle.largest_net, 1.0)
        error = abs(mpmath.mpf(float(run.outputs[0, 1, 0])) - oracle.outputs[1][0])
        assert (
            error > long_lag.RUN_ACCURACY * 3 * (1 + oracle.largest_net) * U * oracle.outputs[1][0]
        )
        _check(run.outputs[0, 1, 0], oracle.outputs[1][0], oracle.outputs[1][0], bound, TINY)
        _check(grad.output[0, 0, 1], oracle.gradients[2][0][1], oracle.sizes[2][0][1], bound, TINY)


def test_an_error_signal_rounded_below_the_normal_range_and_carried_back_is_within_the_bound():
    # each output's error signal, about 0.49 2^-1074, rounds to 0 at every one of 1000 steps; r = 4 with
    # a hidden net input of exactly 0 carries each back to every earlier step unshrunk: the gradient of
    # w_1 is 0.0 for -9.7e-316, 30 times an absolute part of 2 (T + 1) K M 2^-1074 (within (T + 1)^2)
    steps, wk, wu = 1000, 1072.0, 163.42328909537065
    output = np.array([[[wu, wu, 0.0, -wk], [-wu, -wu, 0.0, wk], [wu, wu, 0.0, -wk]]])
    arrays = [np.array([[0.0, -2.0, 0.0]]), np.array([4.0]), output]
    symbols = [0] + [1] * steps
    grad, _ = long_lag.bptt_gradient(long_lag.BPTTNet(*arrays), [symbols])
    oracle = exact("bptt", arrays, symbols)
    with mpmath.workdps(60):
        assert oracle.largest_net <= 700
        want = oracle.gradients[0][1]
        old = 2 * (steps + 1) * 3 * wk * TINY
        assert abs(mpmath.mpf(float(grad.hidden_in[0, 1])) - want) > old
        bound = _bound(steps, 3, oracle.largest_net, 1.0)
        tiny = 2 * (steps + 1) ** 2 * 3 * wk * TINY
        _check(grad.hidden_in[0, 1], want, oracle.sizes[0][1], bound, tiny)
        _check(grad.self_weight[0], oracle.gradients[1], oracle.sizes[1], bound, tiny)


def _near_the_unstable_point(steps):
    """r = 6 and a net input that stays near 0 (w_1 = -r/2 + 2^-50 after z(0) = 1/2), where each step
    multiplies an error by r sigma'(0) = 1.5 before the activation leaves for an attractor."""
    output = np.zeros((1, 3, 4))
    output[0, :, 3] = [1.0, -1.0, 2.0]
    arrays = [np.array([[0.0, -3.0 + 2.0**-50, 0.0]]), np.array([6.0]), output]
    return arrays, long_lag.BPTTNet(*arrays), [[0] + [1] * steps]


def test_errors_grown_by_a_self_weight_beyond_4_are_within_the_bound_or_refused():
    # without A = 1.5^(T - 1) the bound fails: after 50 steps an activation is 1.7e4 times it off
    arrays, net, symbols = _near_the_unstable_point(50)
    run = long_lag.run_bptt(net, symbols)
    oracle = exact("bptt", arrays, symbols[0])
    with mpmath.workdps(60):
        without = _bound(50, 3, oracle.largest_net, 1.0)
        errors = [
            abs(mpmath.mpf(float(z)) - w) / w
            for z, w in zip(run.hidden[0], oracle.hidden, strict=True)
        ]
        assert max(errors) > 1e4 * without
        for z, want in zip(run.hidden[0], oracle.hidden, strict=True):
            _check(z, want, want, _bound(50, 3, oracle.largest_net, 1.5**49), 0)
    # four steps more and the stated bound exceeds MAX_RUN_ERROR; the gradient's (A^2) after 30
    with pytest.raises(
        ValueError, match=r"^net: the weights of net 0 give its run over T = 54 steps"
    ):
        long_lag.run_bptt(*_near_the_unstable_point(54)[1:])
    with pytest.raises(ValueError, match=r"^net: .* gradient over T = 30 steps .*A\^2 = 2\^"):
        long_lag.bptt_gradient(*_near_the_unstable_point(30)[1:])


def _wide(learner, k, x, c):
    """A net whose K output net inputs are all x + c z(0) (hidden and gate weights 0, so z(0) = 1/2 and
    s(0) = 1/4), read at T = 1."""
    output = np.full((1, k, k + 1), x)
    output[0, :, k] = c
    zeros = np.zeros((1, k))
    arrays = [zeros, np.zeros(1) if learner == "bptt" else zeros, output]
    net = long_lag.BPTTNet(*arrays) if learner == "bptt" else long_lag.CellNet(*arrays)
    return arrays, net


_GRADIENT = {"bptt": long_lag.bptt_gradient, "cell": long_lag.cell_net_gradient}


@pytest.mark.parametrize(
    ("learner", "k", "x", "c"),
    [
        ("bptt", 986, 0.00012071533613587665, -0.00047717180140742044),
        ("cell", 997, -0.00032551410165873953, -0.0037158151350370158),
    ],
)
def test_a_sum_over_many_outputs_is_within_a_bound_that_counts_them(learner, k, x, c):
    # the error reaching the hidden unit (or the cell) sums K terms delta_k W_k,K: 7.1e-15 relative off,
    # 8 times a bound of RUN_ACCURACY (T + 1)(1 + N)^2 2^-53 that counted only the steps
    arrays, net = _wide(learner, k, x, c)
    grad, _ = _GRADIENT[learner](net, [[0, 1]])
    which = 0 if learner == "bptt" else 1  # hidden_in, or cell_in
    got = (grad.hidden_in if learner == "bptt" else grad.cell_in)[0, 0]
    oracle = exact(learner, arrays, [0, 1])
    with mpmath.workdps(60):
        want, size = oracle.gradients[which][0], oracle.sizes[which][0]
        assert abs(mpmath.mpf(float(got)) - want) > 4 * _bound(1, 1, oracle.largest_net, 1.0) * size
        _check(got, want, size, _bound(1, k, oracle.largest_net, 1.0), 0)


@pytest.mark.parametrize("learner", long_lag.LEARNERS)
def test_a_loss_summed_over_many_outputs_is_within_a_bound_that_counts_them(learner):
    # 126 squares summed: 1.0e-15 relative off, 1.12 times a bound of RUN_ACCURACY (T + 1)(1 + N)^2 2^-53
    k, x = 126, 0.0026657693150638827
    arrays, net = _wide(learner, k, x, 0.0)
    _, loss = _GRADIENT[learner](net, [[0, 1]])
    oracle = exact(learner, arrays, [0, 1])
    with mpmath.workdps(60):
        error = abs(mpmath.mpf(float(loss[0])) - oracle.loss)
        assert error > _bound(1, 1, oracle.largest_net, 1.0) * oracle.loss
        _check(loss[0], oracle.loss, oracle.loss, _bound(1, k, oracle.largest_net, 1.0), 0)


def test_a_flow_is_refused_where_its_own_bound_exceeds_max_run_error():
    # T = 1000 steps of w = 47000: the runs' bound is within MAX_RUN_ERROR, but the flow adds up T - 1
    # slopes' logarithms, each moved by up to that much, so its own bound is beyond
    net = long_lag.BPTTNet(np.full((1, 3), 47000.0), np.ones(1), np.zeros((1, 3, 4)))
    symbols = [[0] * 1001]
    assert long_lag.run_bptt(net, symbols).hidden.shape == (1, 1000)
    with pytest.raises(ValueError, match=r"^net: the weights of net 0 give its flow over T = 1000"):
        long_lag.bptt_flow(net, symbols)
