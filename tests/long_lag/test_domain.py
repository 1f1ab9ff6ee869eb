"""The part's domain: refusals by type, limits refused quickly, and a DOMAIN row per public function."""

from __future__ import annotations

import datetime
import inspect
import time

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import long_lag

RNG = np.random.default_rng(0)
BAD_COUNTS = ["4", 4.0, True, None, np.float64(4.0), datetime.timedelta(days=4)]


@pytest.mark.parametrize("bad", BAD_COUNTS, ids=lambda v: type(v).__name__)
def test_counts_refused_by_type(bad):
    for call, name in (
        (lambda: long_lag.task_2a_symbols(RNG, bad, 2), "p"),
        (lambda: long_lag.task_2a(RNG, 4, bad), "batch"),
        (lambda: long_lag.random_bptt_net(RNG, 4, bad), "seeds"),
        (lambda: long_lag.random_cell_net(RNG, bad, 2), "p"),
        (
            lambda: long_lag.train_task_2a(
                RNG, "cell", 4, seeds=1, sequences=bad, learning_rate=1.0, run_length=1
            ),
            "sequences",
        ),
        (
            lambda: long_lag.train_task_2a(
                RNG, "cell", 4, seeds=1, sequences=5, learning_rate=1.0, run_length=bad
            ),
            "run_length",
        ),
    ):
        with pytest.raises(TypeError, match=name):
            call()


@pytest.mark.parametrize("bad", ["1", None, 1j, True, datetime.date(2020, 1, 1)])
def test_rates_and_weights_refused_by_type(bad):
    with pytest.raises(TypeError, match="learning_rate"):
        long_lag.train_task_2a(
            RNG, "bptt", 4, seeds=1, sequences=5, learning_rate=bad, run_length=1
        )
    with pytest.raises(TypeError, match="self_weight"):
        long_lag.BPTTNet(np.zeros((1, 3)), [bad], np.zeros((1, 3, 4)))
    with pytest.raises(TypeError, match="cell_in"):
        long_lag.CellNet(np.zeros((1, 3)), [[bad, 0.0, 0.0]], np.zeros((1, 3, 4)))


def test_rng_and_learner_refused():
    with pytest.raises(TypeError, match="rng"):
        long_lag.task_2a_symbols(0, 4, 2)
    with pytest.raises(TypeError, match="rng"):
        long_lag.random_cell_net(np.random.RandomState(0), 4, 2)
    with pytest.raises(TypeError, match="learner"):
        long_lag.train_task_2a(RNG, 1, 4, seeds=1, sequences=5, learning_rate=1.0, run_length=1)
    with pytest.raises(ValueError, match="learner"):
        long_lag.train_task_2a(
            RNG, "rtrl", 4, seeds=1, sequences=5, learning_rate=1.0, run_length=1
        )


@pytest.mark.parametrize(
    "bad", [[[1.0, 0.0, 1.0]], [[True, False, True]], "012", [["0", "1", "2"]]]
)
def test_symbols_must_be_integers(bad):
    net = long_lag.random_bptt_net(RNG, 2, 1)
    with pytest.raises(TypeError, match="symbols"):
        long_lag.run_bptt(net, bad)


def test_symbols_shape_and_range():
    net = long_lag.random_cell_net(RNG, 2, 2)
    with pytest.raises(ValueError, match="shape"):
        long_lag.run_cell_net(net, [[0, 1, 2]])  # one row for two nets
    with pytest.raises(ValueError, match="shape"):
        long_lag.cell_net_gradient(net, [[0], [1]])  # no step to read
    with pytest.raises(ValueError, match=r"0\.\.2"):
        long_lag.cell_net_flow(net, [[0, 3], [0, 1]])
    with pytest.raises(ValueError, match=r"0\.\.2"):
        long_lag.bptt_flow(long_lag.random_bptt_net(RNG, 2, 2), [[0, -1], [0, 1]])


def test_weights_shapes_and_values():
    with pytest.raises(ValueError, match="hidden_in"):
        long_lag.BPTTNet(np.zeros((1, 4)), np.zeros(1), np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match="output"):
        long_lag.CellNet(np.zeros((1, 3)), np.zeros((1, 3)), np.zeros((1, 3, 3)))
    with pytest.raises(ValueError, match="finite"):
        long_lag.CellNet(np.zeros((1, 3)), np.full((1, 3), np.nan), np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match="K = p"):
        long_lag.BPTTNet(np.zeros((1, 2)), np.zeros(1), np.zeros((1, 2, 3)))


def _refused_quickly(call, match):
    start = time.process_time()
    with pytest.raises(ValueError, match=match):
        call()
    assert_fast(start, 0.5)


def test_limits_refuse_quickly():
    big = long_lag.MAX_DELAY + 1
    _refused_quickly(lambda: long_lag.task_2a_symbols(RNG, big, 1), "p")
    _refused_quickly(lambda: long_lag.task_2a_symbols(RNG, 4, long_lag.MAX_BATCH + 1), "batch")
    _refused_quickly(lambda: long_lag.task_2a(RNG, 1000, 50), "MAX_TASK_VALUES")
    _refused_quickly(lambda: long_lag.random_bptt_net(RNG, 4, long_lag.MAX_SEEDS + 1), "seeds")
    _refused_quickly(lambda: long_lag.random_cell_net(RNG, 1000, 100), "MAX_NET_VALUES")
    _refused_quickly(lambda: long_lag.task_2a_symbols(RNG, 1, 1), "p")
    for kwargs, match in (
        ({"sequences": long_lag.MAX_SEQUENCES + 1}, "sequences"),
        ({"sequences": long_lag.MAX_TRAINING_STEPS // 100 + 1}, "MAX_TRAINING_STEPS"),
        # 2 nets at p = 100: each sequence costs 3600 + 260 * 100 + 2 * 100 * (102 + 3) = 50600 units,
        # and 3953 of them are past MAX_TRAINING_WORK
        ({"sequences": 3953}, "MAX_TRAINING_WORK"),
        # 1000 nets at p = 3: each net's steps count (10319 sequences ran for 11 s)
        ({"seeds": 1000, "p": 3, "sequences": 10319, "run_length": 10319}, "MAX_TRAINING_WORK"),
        # one small net, many sequences: each sequence's fixed cost counts (a million ran for two minutes)
        ({"seeds": 1, "p": 2, "sequences": 1_000_000, "learning_rate": 1e-9}, "MAX_TRAINING_WORK"),
        # one net at p = 100: the steps' cost counts (16393 sequences ran for 18 s)
        ({"seeds": 1, "sequences": 16393, "run_length": 16393}, "MAX_TRAINING_WORK"),
        # 19 nets at p = 1000: 1.9e7 updates a sequence, counted three times (4 sequences ran for 7 s)
        ({"seeds": 19, "p": 1000, "sequences": 4, "run_length": 4}, "MAX_TRAINING_WORK"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"learning_rate": long_lag.MAX_LEARNING_RATE * 2}, "learning_rate"),
        ({"learning_rate": np.inf}, "learning_rate"),
        ({"run_length": 11}, "run_length"),
        ({"seeds": 0}, "seeds"),
    ):
        args = {
            "p": 100,
            "seeds": 2,
            "sequences": 10,
            "learning_rate": 1.0,
            "run_length": 5,
        } | kwargs
        _refused_quickly(lambda args=args: long_lag.train_task_2a(RNG, "bptt", **args), match)


def test_domain_rows_cover_the_numerics():
    names = {row.function.__name__ for row in long_lag.DOMAIN}
    functions = {n for n in long_lag.__all__ if inspect.isfunction(getattr(long_lag, n))}
    assert names == functions
    assert all(row.inputs and row.accuracy and row.limits for row in long_lag.DOMAIN)


@pytest.mark.parametrize(
    "call",
    [
        long_lag.run_bptt,
        long_lag.bptt_flow,
        long_lag.bptt_gradient,
        long_lag.run_cell_net,
        long_lag.cell_net_flow,
        long_lag.cell_net_gradient,
    ],
)
@pytest.mark.parametrize("net", [None, "net", 1.5, True, np.array([object()])])
def test_a_net_that_is_not_one_is_refused_by_name(call, net):
    with pytest.raises(TypeError, match=r"^net must be"):
        call(net, [[0, 1]])


@pytest.mark.parametrize("symbols", [[[0, 1, True, 2]], [[0, 1, 1, np.False_]]])
def test_a_bool_among_the_symbols_is_refused(symbols):
    # numpy reads [0, 1, True, 2] as the integers [0, 1, 1, 2]
    net = long_lag.random_bptt_net(np.random.default_rng(0), 3, 1)
    with pytest.raises(
        TypeError, match=r"symbols must be integers, found a bool at symbols\[0\]\["
    ):
        long_lag.run_bptt(net, symbols)


@pytest.mark.parametrize(
    ("call", "make"),
    [
        (long_lag.run_bptt, lambda: long_lag.random_bptt_net(np.random.default_rng(0), 3, 1)),
        (long_lag.bptt_gradient, lambda: long_lag.random_bptt_net(np.random.default_rng(0), 3, 1)),
        (long_lag.bptt_flow, lambda: long_lag.random_bptt_net(np.random.default_rng(0), 3, 1)),
        (long_lag.run_cell_net, lambda: long_lag.random_cell_net(np.random.default_rng(0), 2, 1)),
        (
            long_lag.cell_net_gradient,
            lambda: long_lag.random_cell_net(np.random.default_rng(0), 2, 1),
        ),
        (long_lag.cell_net_flow, lambda: long_lag.random_cell_net(np.random.default_rng(0), 2, 1)),
    ],
)
def test_empty_symbols_are_a_value_error_naming_symbols(call, make):
    # numpy reads [[]] as float64: the emptiness is checked before the dtype
    with pytest.raises(ValueError, match=r"^symbols must have shape .* empty"):
        call(make(), [[]])


_SYMBOL_CALLS = [
    (long_lag.run_bptt, lambda: long_lag.random_bptt_net(np.random.default_rng(0), 3, 2)),
    (long_lag.bptt_gradient, lambda: long_lag.random_bptt_net(np.random.default_rng(0), 3, 2)),
    (long_lag.bptt_flow, lambda: long_lag.random_bptt_net(np.random.default_rng(0), 3, 2)),
    (long_lag.run_cell_net, lambda: long_lag.random_cell_net(np.random.default_rng(0), 3, 2)),
    (long_lag.cell_net_gradient, lambda: long_lag.random_cell_net(np.random.default_rng(0), 3, 2)),
    (long_lag.cell_net_flow, lambda: long_lag.random_cell_net(np.random.default_rng(0), 3, 2)),
]


@pytest.mark.parametrize(
    "ragged", [[[0, 1, 2], [0, 1]], [[0, 1, 2], [0, [1], 2]], ([0, 1], (0, 1, 2))]
)
@pytest.mark.parametrize(("call", "make"), _SYMBOL_CALLS)
def test_ragged_symbols_are_a_value_error_naming_symbols(call, make, ragged):
    # numpy's own "setting an array element with a sequence" named no argument (referee pass 12A)
    with pytest.raises(ValueError, match=r"^symbols must be a regular array of integers"):
        call(make(), ragged)


@pytest.mark.parametrize("big", [2**70, -(2**70), 2**64])
@pytest.mark.parametrize(("call", "make"), _SYMBOL_CALLS)
def test_a_symbol_beyond_int64_is_out_of_range_not_of_the_wrong_type(call, make, big):
    with pytest.raises(ValueError, match=r"^symbols must be symbol numbers in 0\.\."):
        call(make(), [[0, big, 2, 1], [1, 2, 3, 0]])


@pytest.mark.parametrize(
    "symbols",
    [
        np.ma.masked_array([[0, 1, 2, 1], [1, 2, 3, 0]], mask=[[0, 1, 0, 0], [0, 0, 0, 0]]),
        np.array([[0, 1, 2, 1], [1, 2, 3, 0]], dtype=object),
    ],
    ids=["masked", "object"],
)
@pytest.mark.parametrize(("call", "make"), _SYMBOL_CALLS)
def test_masked_and_object_symbols_are_a_type_error(call, make, symbols):
    # the mask was ignored (its raw data read), and an object array of small ints was said to hold one
    # "beyond int64"
    with pytest.raises(TypeError, match=r"^symbols must be integers, got a(n array of dtype)? "):
        call(make(), symbols)


def test_a_difference_beyond_float64_is_outside_any_threshold_without_a_warning():
    # |1e308 - (-1e308)| overflows: numpy's overflow warning leaked
    assert long_lag.within_threshold([[1e308]], [[-1e308]], 1.0).tolist() is False
    assert long_lag.within_threshold([[[1e308]], [[0.5]]], [[[-1e308]], [[0.0]]], 1.0).tolist() == [
        False,
        True,
    ]


def _logistic_oracle(x: float) -> float:
    import mpmath

    with mpmath.workdps(50):
        return float(1 / (1 + mpmath.exp(-mpmath.mpf(x))))


_REFUSED = (
    r"^net: the weights of net 0 give its (run|gradient|flow) over T = 2 steps .* MAX_RUN_ERROR"
)


@pytest.mark.parametrize("call", [long_lag.run_bptt, long_lag.bptt_gradient, long_lag.bptt_flow])
def test_bptt_hidden_sum_beyond_float64_is_refused_without_a_warning(call):
    # a(1) = 1e308 + 1e308 z(0) overflows (the config turns warnings into errors): the sum of its terms'
    # sizes, N, is beyond float64, so no relative accuracy can be stated
    net = long_lag.BPTTNet(np.full((1, 3), 1e308), np.array([1e308]), np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match=_REFUSED):
        call(net, [[0, 0, 0]])


@pytest.mark.parametrize(
    "call", [long_lag.run_cell_net, long_lag.cell_net_gradient, long_lag.cell_net_flow]
)
def test_cell_net_output_sum_beyond_float64_is_refused_without_a_warning(call):
    # the output's net 1e308 + 1e308 s(t) overflows; the flow reads no output and is still given
    net = long_lag.CellNet(np.zeros((1, 3)), np.full((1, 3), 1e308), np.full((1, 3, 4), 1e308))
    if call is long_lag.cell_net_flow:
        assert np.isfinite(call(net, [[0, 0, 0]])).all()
    else:
        with pytest.raises(ValueError, match=_REFUSED):
            call(net, [[0, 0, 0]])


def test_training_work_counts_each_sequences_fixed_steps_and_updates():
    # the documented formula, by hand: sequences * (3600 + 260 p + seeds p (k (p + 2) + 3))
    assert (
        long_lag.training_work(100, 2, 3952) == 3952 * (3600 + 26000 + 2 * 100 * 105) == 199_971_200
    )
    assert long_lag.training_work(1000, 19, 1) == 3600 + 260_000 + 19 * 1000 * (3 * 1002 + 3)
    # 1002000 updates a sequence, above 1e6: k = 3; 998000: k = 1
    assert long_lag.training_work(1000, 1, 1) == 3600 + 260_000 + 1000 * (3 * 1002 + 3)
    assert long_lag.training_work(998, 1, 1) == 3600 + 259_480 + 998 * (1000 + 3)
    from lstmnotes.long_lag import evidence

    chapter = long_lag.training_work(
        max(evidence.CHAPTER_DELAYS), evidence.CHAPTER_SEEDS, evidence.CHAPTER_SEQUENCES
    )
    assert chapter <= long_lag.MAX_TRAINING_WORK  # the book's largest run stays inside
    for bad, error in ((1, ValueError), (1.5, TypeError), (True, TypeError)):
        with pytest.raises(error, match="p"):
            long_lag.training_work(bad, 1, 1)


@pytest.mark.parametrize(
    ("make", "calls"),
    [
        (long_lag.random_bptt_net, (long_lag.run_bptt, long_lag.bptt_gradient)),
        (long_lag.random_cell_net, (long_lag.run_cell_net, long_lag.cell_net_gradient)),
    ],
)
def test_a_run_beyond_max_run_values_is_refused_quickly_and_one_at_it_is_fast(make, calls):
    # S = 1000 nets at p = 139 over T = 1000 steps were within every limit and took 16-23 s and 6.8 GB;
    # S T K now counts. At the limit: 250 nets, T = 200, K = 100
    net = make(RNG, 99, 250)
    at = RNG.integers(0, 100, size=(250, 201))
    assert long_lag.MAX_RUN_VALUES == 250 * 200 * 100
    beyond = RNG.integers(0, 100, size=(250, 202))
    for call in calls:
        _refused_quickly(lambda call=call: call(net, beyond), "MAX_RUN_VALUES")
        start = time.process_time()
        call(net, at)
        assert_fast(start, 2.0)
    # the flows need no outputs, and no such limit: the largest runs the limits allow
    net = make(RNG, 999, 19)
    flow = long_lag.bptt_flow if make is long_lag.random_bptt_net else long_lag.cell_net_flow
    start = time.process_time()
    assert flow(net, RNG.integers(0, 1000, size=(19, 1001))).shape == (19,)
    assert_fast(start, 1.0)
