"""Both Task 2a learners against mpmath: runs, errors and gradients within the accuracy their rows state.

The oracle (``tests/_task_2a_oracle.py``) runs each net forward and back-propagates at 60 digits from the same float
weights. Where no step amplifies an error (``|r| <= 4``) and no slope leaves the normal range (the sizes
of every net input's terms sum to at most 700, so that no net input cancels larger terms), each output, activation and loss is within the stated relative bound, and each
gradient entry within that bound times the same sum taken over its terms' sizes, each plus the stated
absolute part for values below the normal range. Weights are drawn over many scales, from subnormal to
the bound, each sign.
"""

from __future__ import annotations

import mpmath
import numpy as np
from _task_2a_oracle import exact
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstmnotes import long_lag

U = 2.0**-53
TINY = mpmath.mpf(2) ** -1074

scales = st.sampled_from([5e-324, 1e-300, 1e-8, 0.2, 1.0, 8.0, 100.0, 300.0])


def _weights(data, shape, scale):
    draw = st.floats(-1.0, 1.0, allow_subnormal=True)
    return np.array([data.draw(draw) for _ in range(int(np.prod(shape)))]).reshape(shape) * scale


def _check(value, oracle, size, bound, tiny):
    """``|value - oracle| <= bound * size + tiny``."""
    assert abs(mpmath.mpf(float(value)) - oracle) <= bound * size + tiny, (value, oracle, size)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    learner=st.sampled_from(long_lag.LEARNERS),
    k=st.integers(3, 5),
    steps=st.integers(1, 10),
    scale=scales,
)
def test_runs_and_gradients_against_mpmath(data, learner, k, steps, scale):
    first = _weights(data, (1, k), scale)
    out = _weights(data, (1, k, k + 1), data.draw(scales))
    symbols = np.array([[data.draw(st.integers(0, k - 1)) for _ in range(steps + 1)]])
    if learner == "bptt":
        arrays = [first, _weights(data, (1,), min(data.draw(scales), 4.0)), out]
        net = long_lag.BPTTNet(*arrays)
        run, (grad, loss) = long_lag.run_bptt(net, symbols), long_lag.bptt_gradient(net, symbols)
        mine, hidden = [grad.hidden_in[0], grad.self_weight, grad.output[0]], run.hidden[0]
    else:
        arrays = [first, _weights(data, (1, k), data.draw(scales)), out]
        net = long_lag.CellNet(*arrays)
        run, (grad, loss) = (
            long_lag.run_cell_net(net, symbols),
            long_lag.cell_net_gradient(net, symbols),
        )
        mine, hidden = [grad.gate_in[0], grad.cell_in[0], grad.output[0]], run.state[0]
    oracle = exact(learner, arrays, symbols[0].tolist())
    assume(
        oracle.largest_net <= 700
    )  # the domain of the stated bound: no slope below the normal range
    with mpmath.workdps(60):
        bound = long_lag.RUN_ACCURACY * (steps + 1) * (1 + oracle.largest_net) ** 2 * U
        largest = max(1.0, *(float(np.max(np.abs(a))) for a in arrays))
        tiny = 2 * (steps + 1) ** 2 * k * largest * TINY  # for values below the normal range
        _check(loss[0], oracle.loss, oracle.loss, bound, tiny)
        for t in range(steps):
            _check(hidden[t], oracle.hidden[t], oracle.hidden[t], bound, tiny)
            for j in range(k):
                _check(
                    run.outputs[0, t, j], oracle.outputs[t][j], oracle.outputs[t][j], bound, tiny
                )
        for got, want, sizes in zip(mine, oracle.gradients, oracle.sizes, strict=True):
            flat = [np.ravel(np.array(v, dtype=object)) for v in (got, want, sizes)]
            for value, w, a in zip(*flat, strict=True):
                _check(value, w, a, bound, tiny)


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
        bound = long_lag.RUN_ACCURACY * 3 * (1 + oracle.largest_net) ** 2 * U
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
        bound = long_lag.RUN_ACCURACY * (steps + 1) * (1 + oracle.largest_net) ** 2 * U
        tiny = 2 * (steps + 1) ** 2 * 3 * wk * TINY
        _check(grad.hidden_in[0, 1], want, oracle.sizes[0][1], bound, tiny)
        _check(grad.self_weight[0], oracle.gradients[1], oracle.sizes[1], bound, tiny)
