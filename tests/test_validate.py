"""The input layer every public function shares (src/lstmnotes/_validate.py): what it refuses, and how it names
the argument."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import logistic, path_sum, run_net, scaling_factor_column
from lstmnotes._validate import choice, count, finite_array, index_list, real_array, unit_index
from lstmnotes.bounds import tau
from lstmnotes.carousel import self_unit_flows


def test_durations_are_not_counts():
    # numpy counts a timedelta64 as an integer
    with pytest.raises(TypeError, match="n must be an integer, got timedelta64"):
        count(np.timedelta64(3), "n")
    with pytest.raises(TypeError, match="n must be an integer"):
        tau(np.timedelta64(3), 0.5)


def test_durations_and_booleans_are_not_unit_indices():
    for index in (np.timedelta64(1), np.bool_(True), True):
        with pytest.raises(TypeError, match="u must be an integer unit index"):
            unit_index(index, 3, "u")
    with pytest.raises(TypeError, match="u must be an integer unit index"):
        scaling_factor_column(np.eye(2), np.ones((2, 2)), np.timedelta64(1))


def test_a_boolean_inside_a_list_is_refused():
    with pytest.raises(TypeError, match="x must be real numbers, found a boolean"):
        logistic([1.0, True])
    with pytest.raises(TypeError, match="y0 must be real numbers, found a boolean"):
        run_net([[0.5]], [True], 3)
    assert real_array([[1, 2], (3, 4.5)], "x").tolist() == [[1.0, 2.0], [3.0, 4.5]]


def test_a_wider_float_beyond_float64_is_refused_without_a_warning():
    with pytest.raises(ValueError, match="x has a value beyond the float64 range"):
        logistic(np.longdouble("1e400"))
    assert logistic(np.longdouble(0.0)) == 0.5


def test_a_choice_must_be_a_name():
    with pytest.raises(TypeError, match="convention must be a string"):
        path_sum([[1.0]], [[0.25]], convention=None)
    with pytest.raises(ValueError, match="unknown convention 'x'"):
        path_sum([[1.0]], [[0.25]], convention="x")
    assert choice("a", "c", ["a", "b"]) == "a"


def test_an_empty_input_sequence_is_named():
    with pytest.raises(ValueError, match=r"inputs .* must each hold at least one value"):
        self_unit_flows([0.5, 1.0], inputs=[])
    with pytest.raises(ValueError, match="weights must each hold at least one value"):
        self_unit_flows([], inputs=[0.1, 0.2])


def test_run_objects_are_checked_by_type():
    from lstmnotes.cell import CellWeights, cell_backward, run_cell
    from lstmnotes.net import error_signals, output_error

    with pytest.raises(TypeError, match="weights must be CellWeights"):
        run_cell("x", [[1.0]])
    with pytest.raises(TypeError, match="run must be a Run"):
        error_signals("x", 1, [1.0])
    with pytest.raises(TypeError, match="run must be a Run"):
        output_error("x", 1, [1.0], [0])
    narrow = run_cell(CellWeights([0.5], [0.1], [1.0]), [[0.5], [0.2]])
    with pytest.raises(ValueError, match="run has 1 inputs a step, weights have 2"):
        cell_backward(CellWeights([0.5, 1.0], [0.1, 1.0], [1.0, 1.0]), narrow, [1.0, 1.0])


def test_the_tanh_slope_is_never_above_one():
    from lstmnotes.activations import tanh_prime

    x = np.concatenate(
        [[1e-9, 3e-12, 2.45e-13, -2.45e-13, 1.34e-16], np.linspace(-1e-6, 1e-6, 20001)]
    )
    assert np.all(tanh_prime(x) <= 1.0)
    assert tanh_prime(1e-9) == 1.0  # 1 - 1e-18 rounds to 1


@pytest.mark.parametrize(
    "odd",
    [
        np.array([1.0], dtype=object),
        np.array(1.0, dtype=object),
        np.array(["1"]),
        None,
        1j,
        [np.array([2.0], dtype=object)],
    ],
    ids=repr,
)
def test_a_non_number_inside_a_list_is_a_type_error(odd):
    with pytest.raises(TypeError, match="biases must be real numbers"):
        real_array((0.0, odd), "biases")


def test_arrays_of_numbers_inside_a_list_are_numbers():
    assert real_array([np.array([1, 2]), np.array([3.0, 4.0])], "x").tolist() == [[1, 2], [3, 4]]


def test_the_bias_drift_refuses_an_object_array_among_its_biases():
    from lstmnotes.cell.evidence_drift import input_gate_bias_drift

    with pytest.raises(TypeError, match="biases must be real numbers"):
        input_gate_bias_drift(np.random.default_rng(0), biases=(0.0, np.array([1.0], dtype=object)))


@pytest.mark.parametrize(
    "odd",
    [
        np.array([1.0], dtype=object),
        np.array(1.0, dtype=object),
        np.array([[1, 2], [3, 4]], dtype=object),
        np.array([], dtype=object),
        np.array([np.float64(0.5)], dtype=object),
    ],
    ids=repr,
)
def test_an_object_array_is_a_type_error_naming_the_argument_even_of_floats(odd):
    with pytest.raises(
        TypeError, match="biases must be real numbers, got an array of dtype object"
    ):
        real_array(odd, "biases")


def test_a_list_of_integers_beyond_int64_is_still_read_exactly():
    assert real_array([2**70, 1], "x").tolist() == [2.0**70, 1.0]
    with pytest.raises(ValueError, match="x has an integer beyond the float64 range"):
        real_array([10**400], "x")


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda o: __import__("lstmnotes.cell", fromlist=["x"]).cell_g(o([1.0])), "x"),
        (lambda o: __import__("lstmnotes.activations", fromlist=["x"]).tanh_prime(o([1.0])), "x"),
        (lambda o: __import__("lstmnotes.net", fromlist=["x"]).run_net(o([[1.0]]), [0.0], 2), "W"),
        (lambda o: __import__("lstmnotes.net", fromlist=["x"]).run_net([[1.0]], o([0.0]), 2), "y0"),
        (
            lambda o: __import__("lstmnotes.flow", fromlist=["x"]).scaling_factor(
                o([[1.0]]), [[1.0]]
            ),
            "W",
        ),
        (
            lambda o: __import__("lstmnotes.decay", fromlist=["x"]).fitted_rate(
                o([1.0, 0.5, 0.25])
            ),
            "flow",
        ),
        (
            lambda o: __import__("lstmnotes.later", fromlist=["x"]).largest_singular_value(
                o([[1.0]])
            ),
            "W",
        ),
        (
            lambda o: __import__("lstmnotes.latching", fromlist=["x"]).latched_flow(
                2.0, 0.0, o([0.0])
            ),
            "inputs",
        ),
        (
            lambda o: __import__("lstmnotes.carousel", fromlist=["x"]).self_unit_flows(
                o([1.0]), [0.0]
            ),
            "weights",
        ),
    ],
)
def test_public_functions_refuse_object_arrays_of_floats(call, name):
    with pytest.raises(TypeError, match=f"^{name} must be real numbers"):
        call(lambda x: np.array(x, dtype=object))


def _view(shape, value=1.0, dtype=np.float64):
    """A zero-stride view: ``shape`` entries, one stored."""
    return np.broadcast_to(np.full((1,) * len(shape), value, dtype=dtype), shape)


def test_a_broadcast_view_is_checked_by_what_it_stores():
    # 2^40 entries, one stored: the finiteness check and the conversion to float64 read the stored entry
    # only (before, a view of 2^31 entries cost 2 GB and seconds, and one of 2^40 a MemoryError)
    huge = (2**20, 2**20)
    assert finite_array(_view(huge), "x").shape == huge
    converted = real_array(_view(huge, 3, np.int64), "x")
    assert converted.dtype == np.float64
    assert converted.shape == huge
    assert converted[12345, 678] == 3.0
    with pytest.raises(
        ValueError, match=r"x must be finite, found np.float64\(nan\) at index \(0, 0\)"
    ):
        finite_array(_view(huge, np.nan), "x")
    rows = np.vstack([np.ones((1, 4)), np.full((1, 4), np.inf)])
    with pytest.raises(ValueError, match=r"found np.float64\(inf\) at index \(1, 0, 0\)"):
        finite_array(np.broadcast_to(rows[:, None, :], (2, 3, 4)), "x")


def test_more_indices_than_there_are_is_refused_before_any_is_read():
    # 2^40 time steps of a 5-step run cannot be distinct: refused at once, the message showing 8 of them
    with pytest.raises(
        ValueError,
        match=r"times must be distinct steps in 1..5, got \[1, 1, 1, 1, 1, 1, 1, 1\] \.\.\. \(1099511627776 in all\)",
    ):
        index_list(_view((2**40,), 1, np.int64), "times", "steps", 1, 5)


def test_a_masked_array_inside_a_list_is_refused():
    # numpy read the masked entry's raw data (2.0), or warned and turned the masked constant into nan
    masked = np.ma.array([1.0, 2.0], mask=[False, True])
    for value in ([masked], [1.0, np.ma.masked]):
        with pytest.raises(TypeError, match="x must be real numbers, found a masked array"):
            real_array(value, "x")
