"""Both learners' gradients against autograd (an independent reverse-mode autodiff) and finite differences.

The memory-cell net's truncated gradient is checked against autodiff of the truncated computation graph. In
the paper's net for Task 2a the cell input and the input gate read no activation of a previous step, so the
truncation has nothing to cut and that graph is the whole forward computation: the autodiff oracle below is
the plain forward pass.
"""

from __future__ import annotations

import autograd.numpy as anp
import mpmath
import numpy as np
import pytest
from autograd import grad

from lstmnotes import long_lag


def _sigma(x):
    return 1.0 / (1.0 + anp.exp(-x))


def _one_hot(symbols, k):
    return (np.arange(k) == np.asarray(symbols)[..., None]).astype(float)


def _outputs(out, x_t, z_t):  # out (S, K, K + 1), x_t (S, K), z_t (S,)
    k = x_t.shape[1]
    return _sigma(anp.einsum("sj,skj->sk", x_t, out[:, :, :k]) + out[:, :, k] * z_t[:, None])


def _bptt_loss(hidden_in, r, out, symbols):
    k = hidden_in.shape[1]
    x, d = _one_hot(symbols[:, :-1], k), _one_hot(symbols[:, 1:], k)
    z = anp.zeros(hidden_in.shape[0])
    loss = 0.0
    for t in range(x.shape[1]):
        z = _sigma(anp.sum(x[:, t] * hidden_in, axis=1) + r * z)
        loss = loss + 0.5 * anp.sum((_outputs(out, x[:, t], z) - d[:, t]) ** 2)
    return loss


def _cell_loss(gate_in, cell_in, out, symbols):
    k = gate_in.shape[1]
    x, d = _one_hot(symbols[:, :-1], k), _one_hot(symbols[:, 1:], k)
    s = anp.zeros(gate_in.shape[0])
    loss = 0.0
    for t in range(x.shape[1]):
        gate = _sigma(anp.sum(x[:, t] * gate_in, axis=1))
        s = s + gate * _sigma(anp.sum(x[:, t] * cell_in, axis=1))  # carousel, g logistic
        loss = loss + 0.5 * anp.sum((_outputs(out, x[:, t], s) - d[:, t]) ** 2)  # h identity
    return loss


def _random_symbols(rng, seeds, steps, k):  # any symbols, repeats included
    return rng.integers(0, k, size=(seeds, steps + 1))


def _bptt_net(rng, seeds, k, scale):
    return long_lag.BPTTNet(
        rng.normal(scale=scale, size=(seeds, k)),
        rng.normal(scale=scale, size=seeds),
        rng.normal(scale=scale, size=(seeds, k, k + 1)),
    )


def _cell_net(rng, seeds, k, scale):
    return long_lag.CellNet(
        rng.normal(scale=scale, size=(seeds, k)),
        rng.normal(scale=scale, size=(seeds, k)),
        rng.normal(scale=scale, size=(seeds, k, k + 1)),
    )


@pytest.mark.parametrize(("seed", "steps", "scale"), [(0, 1, 0.5), (1, 5, 1.0), (2, 9, 2.0)])
def test_bptt_gradient_matches_autograd(seed, steps, scale):
    rng = np.random.default_rng(seed)
    net = _bptt_net(rng, 3, 4, scale)
    symbols = _random_symbols(rng, 3, steps, 4)
    ours, loss = long_lag.bptt_gradient(net, symbols)
    oracle = grad(_bptt_loss, argnum=(0, 1, 2))(net.hidden_in, net.self_weight, net.output, symbols)
    for mine, theirs in zip((ours.hidden_in, ours.self_weight, ours.output), oracle, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-13)
    assert loss.sum() == pytest.approx(
        _bptt_loss(net.hidden_in, net.self_weight, net.output, symbols), rel=1e-12
    )


@pytest.mark.parametrize(("seed", "steps", "scale"), [(0, 1, 0.5), (1, 5, 1.0), (2, 9, 2.0)])
def test_cell_gradient_matches_autograd_of_the_truncated_graph(seed, steps, scale):
    rng = np.random.default_rng(seed)
    net = _cell_net(rng, 3, 4, scale)
    symbols = _random_symbols(rng, 3, steps, 4)
    ours, loss = long_lag.cell_net_gradient(net, symbols)
    oracle = grad(_cell_loss, argnum=(0, 1, 2))(net.gate_in, net.cell_in, net.output, symbols)
    for mine, theirs in zip((ours.gate_in, ours.cell_in, ours.output), oracle, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-13)
    assert loss.sum() == pytest.approx(
        _cell_loss(net.gate_in, net.cell_in, net.output, symbols), rel=1e-12
    )


def _finite_difference(loss_of, arrays, rng, h=1e-6, picks=6):
    """Central differences of the summed loss at a few random entries of each array."""
    found = []
    for a_index, array in enumerate(arrays):
        for flat in rng.choice(array.size, size=min(picks, array.size), replace=False):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[a_index].flat[flat] += h
            minus[a_index].flat[flat] -= h
            found.append((a_index, flat, (loss_of(*plus) - loss_of(*minus)) / (2 * h)))
    return found


@pytest.mark.parametrize("learner", ["bptt", "cell"])
def test_gradients_match_finite_differences(learner):
    rng = np.random.default_rng(7)
    k, seeds = 5, 2
    symbols = long_lag.task_2a_symbols(rng, k - 1, seeds)  # the task's own sequences
    if learner == "bptt":
        net = _bptt_net(rng, seeds, k, 1.0)
        arrays = [net.hidden_in, net.self_weight, net.output]
        ours = long_lag.bptt_gradient(net, symbols)[0]

        def loss_of(*a):
            return long_lag.bptt_gradient(long_lag.BPTTNet(*a), symbols)[1].sum()

        mine = [ours.hidden_in, ours.self_weight, ours.output]
    else:
        net = _cell_net(rng, seeds, k, 1.0)
        arrays = [net.gate_in, net.cell_in, net.output]
        ours = long_lag.cell_net_gradient(net, symbols)[0]

        def loss_of(*a):
            return long_lag.cell_net_gradient(long_lag.CellNet(*a), symbols)[1].sum()

        mine = [ours.gate_in, ours.cell_in, ours.output]
    for a_index, flat, estimate in _finite_difference(loss_of, arrays, rng):
        assert mine[a_index].flat[flat] == pytest.approx(estimate, rel=1e-6, abs=1e-8)


def test_nets_do_not_mix_across_the_seed_axis():
    rng = np.random.default_rng(3)
    net = _bptt_net(rng, 3, 4, 1.0)
    symbols = _random_symbols(rng, 3, 6, 4)
    together, _ = long_lag.bptt_gradient(net, symbols)
    alone, _ = long_lag.bptt_gradient(
        long_lag.BPTTNet(net.hidden_in[1:2], net.self_weight[1:2], net.output[1:2]), symbols[1:2]
    )
    np.testing.assert_array_equal(together.output[1], alone.output[0])
    np.testing.assert_array_equal(together.hidden_in[1], alone.hidden_in[0])


def test_bptt_flow_is_the_papers_scaling_factor():
    rng = np.random.default_rng(4)
    net = _bptt_net(rng, 2, 4, 1.0)
    symbols = _random_symbols(rng, 2, 7, 4)
    run = long_lag.run_bptt(net, symbols)
    # eq. (3.1): d theta_h(0) / d theta_h(T-1) = d net(T-1) / d net(0) (theta_h(0) collects the error
    # signal net(T-1) receives through every later net input), by autograd through the hidden unit alone
    for s in range(2):

        def last(net0, s=s):
            a = net0
            for t in range(1, symbols.shape[1] - 1):
                a = net.hidden_in[s, symbols[s, t]] + net.self_weight[s] * _sigma(a)
            return a

        exact = grad(last)(run.net_hidden[s, 0])
        assert long_lag.bptt_flow(net, symbols)[s] == pytest.approx(np.log10(abs(exact)), rel=1e-10)


def test_bptt_flow_of_one_step_is_one():
    # T = 1: no step back, the empty product
    net = long_lag.random_bptt_net(np.random.default_rng(0), 2, 1)
    assert long_lag.bptt_flow(net, [[0, 1]]).tolist() == [0.0]


def test_cell_flow_is_the_gate_times_the_slope_through_a_carousel_of_ones():
    rng = np.random.default_rng(5)
    net = _cell_net(rng, 2, 4, 1.0)
    symbols = _random_symbols(rng, 2, 7, 4)
    for s in range(2):
        u = symbols[s, :-1]

        # d theta_c(0) / d theta_s(T-1) = d s(T-1) / d net_c(0), the state at the last step as a function
        # of the first step's cell net input (h the identity: y_c = s)
        def last(net0, s=s, u=u):
            state = _sigma(net.gate_in[s, u[0]]) * _sigma(net0)
            for t in range(1, u.size):
                state = state + _sigma(net.gate_in[s, u[t]]) * _sigma(net.cell_in[s, u[t]])
            return state

        exact = grad(last)(net.cell_in[s, u[0]])
        assert long_lag.cell_net_flow(net, symbols)[s] == pytest.approx(
            np.log10(abs(exact)), rel=1e-12
        )


def _mp_sigma(x):
    return 1 / (1 + mpmath.exp(-x))


def _mp_loss(learner, arrays, symbols):
    """The summed squared error of one net (``S = 1``) in mpmath, from its weights as mpf arrays."""
    first, second, out = arrays
    k, loss, z = len(first), 0, 0
    for t in range(len(symbols) - 1):
        u, target = symbols[t], symbols[t + 1]
        if learner == "bptt":  # first: hidden_in, second: r
            z = _mp_sigma(first[u] + second * z)
        else:  # first: gate_in, second: cell_in; the state carries the sum
            z = z + _mp_sigma(first[u]) * _mp_sigma(second[u])
        for j in range(k):
            y = _mp_sigma(out[j][u] + out[j][k] * z)
            loss += (y - (j == target)) ** 2 / 2
    return loss


def _mp_partial(learner, net, symbols, array, index):
    """dE/dw for one weight ``w = net's array[index]``, by mpmath's numerical derivative at 80 digits
    (an independent oracle: no formula of the gradient is used)."""
    with mpmath.workdps(80):
        arrays = [
            [mpmath.mpf(float(v)) for v in net.hidden_in[0]]
            if learner == "bptt"
            else [mpmath.mpf(float(v)) for v in net.gate_in[0]],
            mpmath.mpf(float(net.self_weight[0]))
            if learner == "bptt"
            else [mpmath.mpf(float(v)) for v in net.cell_in[0]],
            [[mpmath.mpf(float(v)) for v in row] for row in net.output[0]],
        ]

        def loss_at(w):
            changed = [a.copy() if isinstance(a, list) else a for a in arrays]
            if array == 1 and learner == "bptt":
                changed[1] = w
            elif array == 2:
                changed[2] = [row.copy() for row in arrays[2]]
                changed[2][index[0]][index[1]] = w
            else:
                changed[array][index] = w
            return _mp_loss(learner, changed, symbols)

        at = (
            arrays[array]
            if array == 1 and learner == "bptt"
            else (arrays[2][index[0]][index[1]] if array == 2 else arrays[array][index])
        )
        return float(mpmath.diff(loss_at, at))


def test_a_saturated_hidden_unit_keeps_its_slope_in_the_flow_and_the_gradient():
    # net 40: sigma(40) rounds to 1, and z (1 - z) gave a slope of 0, floored at 2^-1074: the flow came
    # out -323.3 (log10) for -17.37, and the gradient 0.0 for 1.36e-18
    with mpmath.workprec(200):
        slope = mpmath.exp(-40) / (1 + mpmath.exp(-40)) ** 2
        log_slope = float(mpmath.log10(slope))
    net = long_lag.BPTTNet(np.full((1, 3), 40.0), np.ones(1), np.zeros((1, 3, 4)))
    assert long_lag.bptt_flow(net, [[0, 0, 0]])[0] == pytest.approx(log_slope, rel=1e-14)
    output = np.zeros((1, 3, 4))
    output[..., 3] = 1.0  # the output's bias weight: z reaches the loss through it
    net = long_lag.BPTTNet(np.full((1, 3), 40.0), np.ones(1), output)
    grad, _ = long_lag.bptt_gradient(net, [[0, 0, 0]])
    exact = _mp_partial("bptt", net, [0, 0, 0], 0, 0)
    assert exact == pytest.approx(1.3633e-18, rel=1e-4, abs=0)  # the size the old code lost
    assert grad.hidden_in[0, 0] == pytest.approx(exact, rel=1e-12, abs=0)


@pytest.mark.parametrize(("gate", "cell"), [(0.0, 40.0), (40.0, 0.0), (-40.0, 0.0), (0.0, -40.0)])
def test_a_saturated_gate_or_cell_input_keeps_its_slope_in_the_gradient(gate, cell):
    # the gate's and the cell input's slopes were y (1 - y) of a rounded y: 0 where y rounds to 1
    output = np.zeros((1, 3, 4))
    output[..., 3] = 1.0  # the cell reaches every output
    net = long_lag.CellNet(np.full((1, 3), gate), np.full((1, 3), cell), output)
    grad, _ = long_lag.cell_net_gradient(net, [[0, 1, 2]])
    for array, mine in ((0, grad.gate_in), (1, grad.cell_in)):
        exact = _mp_partial("cell", net, [0, 1, 2], array, 0)
        assert exact != 0
        assert mine[0, 0] == pytest.approx(exact, rel=1e-12, abs=0)


@pytest.mark.parametrize("learner", ["bptt", "cell"])
def test_a_saturated_output_keeps_its_error_and_slope(learner):
    # an output whose net input is 40 and whose target is 1: y rounds to 1, and y - d and y (1 - y) were
    # both 0; the error is -sigma(-40) and the slope sigma'(40), a gradient of about -1.8e-35
    output = np.zeros((1, 3, 4))
    output[0, 1, 0] = 40.0  # output 1 reads symbol 0, the target
    if learner == "bptt":
        net = long_lag.BPTTNet(np.zeros((1, 3)), np.zeros(1), output)
        grad = long_lag.bptt_gradient(net, [[0, 1]])[0]
    else:
        net = long_lag.CellNet(np.zeros((1, 3)), np.zeros((1, 3)), output)
        grad = long_lag.cell_net_gradient(net, [[0, 1]])[0]
    for index in ((1, 0), (1, 3)):
        exact = _mp_partial(learner, net, [0, 1], 2, index)
        assert exact < -4e-36  # -1.8e-35 for the input weight, times z for the cell's
        assert grad.output[0, index[0], index[1]] == pytest.approx(exact, rel=1e-12, abs=0)


def test_the_cell_flow_is_formed_from_the_net_inputs_far_below_the_smallest_float():
    # sigma(0) sigma'(40): the old flow was -323.3 (log10) for -17.67; sigma(-1000) sigma'(1000) is about
    # 10^-868, and sigma'(1e308) e^-1e308, both far below the smallest float
    cases = ((0.0, 40.0), (-1000.0, 1000.0), (-1e308, 1e308))
    with mpmath.workprec(200):
        exact = [
            float(
                mpmath.log10(_mp_sigma(mpmath.mpf(v)))
                + mpmath.log10(
                    mpmath.exp(-abs(mpmath.mpf(c))) / (1 + mpmath.exp(-abs(mpmath.mpf(c)))) ** 2
                )
            )
            for v, c in cases
        ]
    for (v, c), value in zip(cases, exact, strict=True):
        net = long_lag.CellNet(np.full((1, 3), v), np.full((1, 3), c), np.zeros((1, 3, 4)))
        assert long_lag.cell_net_flow(net, [[0, 1, 2]])[0] == pytest.approx(value, rel=1e-14)


def test_a_bptt_flow_through_a_zero_weight_is_zero_and_one_beyond_float64_is_refused():
    net = long_lag.BPTTNet(np.zeros((1, 3)), np.zeros(1), np.zeros((1, 3, 4)))
    assert long_lag.bptt_flow(net, [[0, 1, 2]]).tolist() == [-np.inf]  # log10 of exactly 0
    assert long_lag.bptt_flow(net, [[0, 1]]).tolist() == [0.0]  # no step back: the empty product
    # the net input of the second step, 1e308 + 1e308 sigma(1e308), is beyond float64: so is N
    net = long_lag.BPTTNet(np.full((1, 3), 1e308), np.full(1, 1e308), np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match=r"^net: .* flow over T = 3 steps .*N = inf"):
        long_lag.bptt_flow(net, [[0, 0, 0, 0]])


def test_the_logistic_parts_are_the_librarys_logistic_and_slope_to_the_bit():
    from lstmnotes.activations import ACTIVATIONS
    from lstmnotes.long_lag._output_layer import logistic_parts

    x = np.concatenate([np.linspace(-800, 800, 20001), [0.0, -0.0, 5e-324, 1e308, -1e308]])
    f, slope = ACTIVATIONS["logistic"]
    y, rest, parts_slope = logistic_parts(x)
    np.testing.assert_array_equal(y, f(x))
    np.testing.assert_array_equal(rest, f(-x))
    np.testing.assert_array_equal(parts_slope, slope(x))
    y, rest, parts_slope = logistic_parts(np.array([np.inf, -np.inf]))  # a net input beyond float64
    assert (y.tolist(), rest.tolist(), parts_slope.tolist()) == ([1.0, 0.0], [0.0, 1.0], [0.0, 0.0])


def _huge_error_signal(learner):
    # the output nets are small (about -690 + 7e306 sigma(-700) = -0.9; for the cell -66 + 1e308 s with
    # s = sigma(-700) sigma(-5)), but the error reaching the hidden unit or the cell, sum_k delta_k W[k, K],
    # is beyond float64 before a tiny slope or gate multiplies it: numpy's overflow warning leaked, then the
    # finite hidden_in (or gate_in) was blamed as "not finite"
    k = 200 if learner == "bptt" else 20
    output = np.zeros((1, k, k + 1))
    output[0, :, k] = 7e306 if learner == "bptt" else 1e308
    output[0, :, 0] = -690.0 if learner == "bptt" else -66.0
    first = np.zeros((1, k))
    first[0, 0] = -700.0
    if learner == "bptt":
        return long_lag.bptt_gradient, long_lag.BPTTNet(first, [0.0], output)
    cell = np.zeros((1, k))
    cell[0, 0] = -5.0
    return long_lag.cell_net_gradient, long_lag.CellNet(first, cell, output)


@pytest.mark.parametrize("learner", ["bptt", "cell"])
def test_an_error_signal_beyond_float64_is_refused_as_such_without_a_warning(learner):
    call, net = _huge_error_signal(learner)
    with pytest.raises(
        ValueError, match=r"^net: the gradient with respect to \w+ is beyond float64"
    ):
        call(net, [[0, 1]])


def test_an_error_signal_grown_beyond_float64_by_the_self_weight_is_refused_without_a_warning():
    # every hidden net input is 0, so each step back multiplies the error by r sigma'(0) = 2: about 1e311;
    # the weights' sizes (N = 1e300) and that growth (A = 2^39) put the stated bound far beyond any use
    output = np.zeros((1, 3, 4))
    output[0, :, 3] = 1e300
    output[0, :, 0] = output[0, :, 1] = -5e299
    net = long_lag.BPTTNet([[0.0, -4.0, 0.0]], [8.0], output)
    with pytest.raises(ValueError, match=r"^net: .*N = 1e\+300.*A\^2 = 2\^78\.0"):
        long_lag.bptt_gradient(net, [[0] + [1] * 40])
