"""The cell's domain: the issue's cases as regressions, fuzzing against mpmath, refusals, limits, rows."""

from __future__ import annotations

import datetime
import math
import time
from collections.abc import Iterator
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _timing import assert_fast
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmnotes import activations, cell
from lstmnotes.cell import evidence


@pytest.fixture(autouse=True)
def _mpmath_precision() -> Iterator[None]:
    """The oracle works at 200 bits inside each test only, whatever other modules use."""
    with mpmath.workprec(200):
        yield


FLOATS = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
WIDE = FLOATS | st.sampled_from([5e-324, -5e-324, 2.2e-308, 745.0, -745.0, 1e308, -1e308, 0.0])


def _ulps(value: float, exact: mpmath.mpf) -> float:
    """How many ulps (of the exact value's binade, subnormal spacing at least) ``value`` is off."""
    truth = float(exact)
    spacing = max(math.ulp(truth), 5e-324)
    return float(abs(mpmath.mpf(value) - exact) / spacing)


def _g(
    x: float,
) -> mpmath.mpf:  # 4 sigma(x) - 2 = 2 tanh(x / 2), the tanh form free of cancellation
    return 2 * mpmath.tanh(mpmath.mpf(x) / 2)


def _g_prime(x: float) -> mpmath.mpf:
    e = mpmath.exp(-abs(mpmath.mpf(x)))
    return 4 * e / (1 + e) ** 2


@settings(max_examples=300, deadline=None)
@given(WIDE)
def test_squashing_functions_within_stated_ulps(x):
    assert _ulps(float(cell.cell_g([x])[0]), _g(x)) <= 3
    assert _ulps(float(cell.cell_h([x])[0]), _g(x) / 2) <= 3


@settings(max_examples=300, deadline=None)
@given(WIDE)
def test_slopes_within_stated_accuracy(x):
    for function, exact in ((cell.cell_g_prime, _g_prime(x)), (cell.cell_h_prime, _g_prime(x) / 2)):
        value = float(function([x])[0])
        if abs(float(exact)) >= 2.2250738585072014e-308:
            assert _ulps(value, exact) <= 8
        else:
            assert abs(mpmath.mpf(value) - exact) <= mpmath.mpf(2) ** -1071


def test_squashing_near_zero_keeps_its_digits():  # 4 sigma(x) - 2 gave 0 here
    assert cell.cell_g([1e-300, 5e-324]).tolist() == [1e-300, 5e-324]
    assert cell.cell_h([1e-300]).tolist() == [5e-301]


def test_issue_case_net_input_that_overflowed():
    # x @ w overflowed: 2e308 - 2e308; the true net input is 0, so g = 0 and the output 0
    run = cell.run_cell(cell.CellWeights([0.0, 0.0], [0.0, 0.0], [2.0, -2.0]), [[1e308, 1e308]])
    assert run.net_c.tolist() == [0.0]
    assert run.output.tolist() == [0.0]


# run_cell's stated accuracy (its DOMAIN row and docstring say the same): the net input within
# (n + 1) 2^-53 S + 2^-1074 of the exact sum of its n terms, S the sum of their absolute values; the gates
# within the logistic's own stated accuracy of the logistic of the recorded net input
NET_EXTRA_TERMS = 1  # the bound's n + 1
NET_ABSOLUTE = Fraction(2) ** -1074
GATE_RELATIVE = mpmath.mpf(2) ** -50  # 8 ulps, where the gate is at least 2^-1022
GATE_ABSOLUTE = 4 * mpmath.mpf(2) ** -1074  # below 2^-1022
ROUNDS_TO_INF = Fraction(2) ** 1024 - Fraction(2) ** 970  # the largest float plus half its spacing


def _net_input_bound_check(weights, x, run) -> list[Fraction]:
    """Each net input of ``run`` against the exact sum of its terms (x_i w_i and r y(t - 1) with the
    recorded y(t - 1)), in rationals; returns the errors as fractions of the stated bound."""
    recurrent = weights.r_in != 0 or weights.r_out != 0 or weights.r_c != 0
    n = weights.inputs + (1 if recurrent else 0)
    ratios = []
    for t, row in enumerate(np.asarray(x, dtype=np.float64).tolist()):
        y = Fraction(float(run.previous[t])) if recurrent else Fraction(0)
        for w, r, nets in (
            (weights.w_in, weights.r_in, run.net_in),
            (weights.w_out, weights.r_out, run.net_out),
            (weights.w_c, weights.r_c, run.net_c),
        ):
            terms = [Fraction(a) * Fraction(b) for a, b in zip(row, w.tolist(), strict=True)]
            terms.append(Fraction(r) * y)
            exact, size = sum(terms), sum(abs(term) for term in terms)
            bound = (n + NET_EXTRA_TERMS) * Fraction(2) ** -53 * size + NET_ABSOLUTE
            net = float(nets[t])
            if math.isinf(net):  # the computed value lies beyond float64
                assert (net > 0) == (exact > 0), (t, net, exact)
                assert abs(exact) + bound >= ROUNDS_TO_INF, (t, net, float(exact))
                continue
            error = abs(Fraction(net) - exact)
            assert error <= bound, (t, net, float(exact), float(error / bound))
            ratios.append(error / bound)
    return ratios


def _scaled_floats(low: int, high: int) -> st.SearchStrategy[float]:
    """Floats m 2^e, 1/2 <= |m| < 1, e in [low, high]: products in a chosen band (subnormal, huge)."""
    return st.builds(
        math.ldexp,
        st.floats(0.5, 1.0, exclude_max=True) | st.floats(-1.0, -0.5, exclude_min=True),
        st.integers(low, high),
    )


TERMS = (
    FLOATS
    | _scaled_floats(-560, -500)  # two of these multiply into the subnormals
    | _scaled_floats(505, 530)  # two of these are near or beyond 1.8e308
    | st.floats(-4.0, 4.0)
    | st.sampled_from([0.0, 1.0, -1.0, 5e-324, 2.0**-1022, 1.7976931348623157e308])
)


@st.composite
def _cells_and_inputs(draw):
    d = draw(st.integers(1, 4))
    steps = draw(st.integers(1, 3))
    vector = st.lists(TERMS, min_size=d, max_size=d)
    recurrent = st.just(0.0) | TERMS
    weights = cell.CellWeights(
        draw(vector), draw(vector), draw(vector), draw(recurrent), draw(recurrent), draw(recurrent)
    )
    return weights, [draw(vector) for _ in range(steps)]


@settings(max_examples=300, deadline=None)
@given(_cells_and_inputs())
@example((cell.CellWeights([2.0**-600], [1.5 * 2.0**-574], [0.0]), [[2.0**-500]]))  # subnormal nets
@example(  # r y(t - 1) = 1.50012 2^-1074 and the input part 1.5 2^-1074 both rounded up: 0.9999 2^-1074
    (
        cell.CellWeights([1.5 * 2.0**-574, 0.0], [0.0, 1.0], [0.0, 1.0], r_in=2.0**-1072),
        [[2.0**-500, 2.562]] * 2,
    )
)
@example(  # three roundings near their worst: an error of 0.57 of the bound, 1.72 2^-53 S
    (
        cell.CellWeights(
            [1.4125198121378468], [1.9609867464778128], [1.490165345254903], *[3.93957889678147] * 3
        ),
        [[1.412851202780889], [1.4335077382970365]],
    )
)
@example((cell.CellWeights([1e308, 1e308], [1.0, -1.0], [1.0, 0.0], r_in=-1e308), [[1.0, 0.9]] * 2))
def test_net_inputs_within_the_stated_bound_in_rationals(problem):
    # net inputs of 2^-1100 and 1.5 2^-1074 are recorded as 0 and 2^-1073: not within d 2^-53 S alone,
    # which the row stated before; the absolute part of the bound covers them. In the 1e308 example the
    # input part, 1.9e308, is beyond float64 at both steps; r y(t - 1) brings the second back.
    weights, x = problem
    _net_input_bound_check(weights, x, cell.run_cell(weights, x))


def _logistic(v: float) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-mpmath.mpf(v)))


def _gates_within_the_logistics_accuracy(nets, gates) -> list[float]:
    """Each gate against mpmath's logistic of its recorded net input; returns the errors as fractions of
    the stated bound."""
    ratios = []
    for net, gate in zip(nets.tolist(), gates.tolist(), strict=True):
        if math.isinf(net):
            assert gate == (1.0 if net > 0 else 0.0), (net, gate)
            continue
        exact = _logistic(net)
        bound = GATE_RELATIVE * exact if exact >= mpmath.mpf(2) ** -1022 else GATE_ABSOLUTE
        error = abs(mpmath.mpf(gate) - exact)
        assert error <= bound, (net, gate, float(error / bound))
        ratios.append(float(error / bound))
    return ratios


NETS = (
    st.floats(-746.0, -700.0)  # the subnormal gates (net inputs below about -708.4) and their edge
    | st.floats(-40.0, 40.0)
    | FLOATS
    | st.sampled_from([-745.2, -745.13, -744.4, -708.4, -708.39, 0.0, 5e-324, 36.7, 709.8, 1e308])
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(NETS, st.sampled_from([0.0, 1.0])), min_size=1, max_size=4),
    st.sampled_from([0.0, 5e-324, 0.5, -3.0]),
)
@example([(-745.0, 0.0), (1e308, 1.0), (-1e308, 1.0)], 0.0)  # a subnormal gate; +-inf net inputs
@example([(-8.976603289594046, 0.0)], 0.0)  # an error of 2.98 2^-53 relative, near the worst found
@example([(-745.0, 0.0), (-720.0, 0.0), (1e308, 1.0)], 0.5)
def test_gates_within_the_logistics_stated_accuracy(rows, recurrent):
    # net_in = v + s v, net_out = -(v + s v): s = 1 doubles v (beyond float64 for |v| = 1e308)
    x = [[v, s * v] for v, s in rows]
    run = cell.run_cell(
        cell.CellWeights([1.0, 1.0], [-1.0, -1.0], [0.5, 0.0], recurrent, -recurrent, recurrent), x
    )
    for nets, gates in ((run.net_in, run.y_in), (run.net_out, run.y_out)):
        finite = np.isfinite(nets)  # the library's logistic, bit for bit
        assert np.array_equal(gates[finite], activations.logistic(nets[finite]))
        _gates_within_the_logistics_accuracy(nets, gates)


def test_run_cells_row_and_docstring_state_the_same_accuracy():
    row = next(r for r in cell.DOMAIN if r.function is cell.run_cell)
    stated = " ".join(row.accuracy.split()).lower()
    assert stated in " ".join((cell.run_cell.__doc__ or "").split()).lower()
    assert "(n + 1) 2^-53 s + 2^-1074" in stated
    assert "relative error below 8 ulps (2^-50) where the gate is at least 2^-1022" in stated
    assert "absolute error below 4 · 2^-1074 below that" in stated


def test_recurrent_and_plain_runs_agree():  # the one-step path and the all-at-once path
    rng = np.random.default_rng(5)
    x = rng.normal(size=(50, 3))
    plain = cell.CellWeights(rng.normal(size=3), rng.normal(size=3), rng.normal(size=3))
    nearly = cell.CellWeights(plain.w_in, plain.w_out, plain.w_c, 0.0, 0.0, 5e-324)
    a, b = cell.run_cell(plain, x), cell.run_cell(nearly, x)
    assert np.array_equal(a.state, b.state)
    assert np.array_equal(a.output, b.output)


def test_issue_case_gated_example_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="write_at"):
        cell.gated_cell_example(rng, steps=5, write_at=1.5)
    with pytest.raises(TypeError, match="steps"):
        cell.gated_cell_example(rng, steps="60")
    with pytest.raises(TypeError, match="rng"):
        cell.gated_cell_example(2.5)


BAD = ["1", b"1", None, 1j, True, datetime.date(2020, 1, 1), np.array([object()])]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: type(v).__name__)
def test_numbers_refused_by_type(bad):
    for call, name in (
        (lambda: cell.cell_g(bad), "x"),
        (lambda: cell.cell_h_prime(bad), "x"),
        (lambda: cell.CellWeights([1.0], [1.0], [1.0], r_c=bad), "r_c"),
        (lambda: cell.run_cell(cell.CellWeights([1.0], [1.0], [1.0]), bad), "inputs"),
        (lambda: cell.gated_cell_example(np.random.default_rng(0), gate_gain=bad), "gate_gain"),
    ):
        with pytest.raises(TypeError, match=name):
            call()


def _refused_quickly(call, match):
    start = time.process_time()
    with pytest.raises(ValueError, match=match):
        call()
    assert_fast(start, 0.5)


def test_the_backward_pass_refuses_more_work_than_its_limit_at_once():
    # T (d + 2) one past MAX_BACKWARD_WORK: refused before the forward run, naming the limit
    wide = cell.CellWeights(np.ones(4), np.ones(4), np.ones(4))
    steps = cell.MAX_BACKWARD_WORK // 6 + 1
    too_long = np.zeros((steps, 4))
    _refused_quickly(lambda: cell.cell_error_flow(wide, too_long), "MAX_BACKWARD_WORK")
    _refused_quickly(
        lambda: cell.truncation_gap(wide, too_long, np.ones(steps)), "MAX_BACKWARD_WORK"
    )
    run = cell.run_cell(wide, too_long)
    _refused_quickly(lambda: cell.cell_backward(wide, run, np.zeros(steps)), "MAX_BACKWARD_WORK")
    # at the limit itself the pass runs
    at_limit = cell.run_cell(wide, too_long[:-1])
    back = cell.cell_backward(wide, at_limit, np.zeros(steps - 1), state_error=np.ones(steps - 1))
    assert back.delta_state[0] == steps - 1  # the carousel adds every injected unit, factor one


def _worst_case_at_the_limits(recurrent: bool, k: float = 1000.0):
    """Inputs at the backward limits: with recurrent weights the most steps and the widest rows they allow,
    and gates so far saturated that the state's slopes leave the float64 range (the slower, scaled pass)."""
    steps = cell.MAX_RECURRENT_CELL_STEPS if recurrent else cell.MAX_CELL_STEPS
    width = max(cell.MAX_BACKWARD_WORK // steps - 2, 1)
    steps = min(steps, cell.MAX_BACKWARD_WORK // (width + 2))
    rng = np.random.default_rng(0)
    r = (0.3, -0.2, 0.1) if recurrent else ()
    weights = cell.CellWeights(*(k * rng.normal(size=width) for _ in range(3)), *r)
    return weights, rng.normal(size=(steps, width)), rng.normal(size=steps)


@pytest.mark.parametrize("recurrent", [True, False], ids=["recurrent", "plain"])
@pytest.mark.parametrize("scheme", cell.SCHEMES)
def test_issue_case_error_flow_at_its_limits_takes_about_a_second(recurrent, scheme):
    # the full scheme took 5.3 s at the limits it stated to take about a second
    weights, x, _ = _worst_case_at_the_limits(recurrent)
    start = time.process_time()
    flow = cell.cell_error_flow(weights, x, scheme=scheme)
    assert_fast(start, 1.5)
    assert flow.carousel[0] == 1.0  # ds(T)/ds(T): exactly one
    assert np.all(np.isfinite(flow.to_cell_input))


@pytest.mark.parametrize("recurrent", [True, False], ids=["recurrent", "plain"])
def test_truncation_gap_and_backward_at_their_limits_take_what_they_state(recurrent):
    weights, x, errors = _worst_case_at_the_limits(recurrent)
    start = time.process_time()
    gap = cell.truncation_gap(weights, x, errors)
    assert_fast(start, 1.5)  # about a second
    assert gap >= 0.0 if recurrent else gap == 0.0
    run = cell.run_cell(weights, x)
    start = time.process_time()
    back = cell.cell_backward(weights, run, errors, state_error=errors)
    assert_fast(start, 0.75)  # about half a second
    assert np.all(np.isfinite(back.delta_state))


@pytest.mark.parametrize("recurrent", [True, False], ids=["recurrent", "plain"])
def test_run_cell_at_its_limits_takes_about_a_second(recurrent):
    steps = cell.MAX_RECURRENT_CELL_STEPS if recurrent else cell.MAX_CELL_STEPS
    width = cell.MAX_CELL_VALUES // steps
    rng = np.random.default_rng(0)
    r = (0.3,) if recurrent else ()
    weights = cell.CellWeights(*(rng.normal(size=width) for _ in range(3)), *r)
    x = rng.normal(size=(steps, width))
    start = time.process_time()
    run = cell.run_cell(weights, x)
    assert_fast(start, 1.5)
    assert run.state.shape == (steps,)


def test_flows_refuse_just_beyond_the_recurrent_steps_at_once():
    recurrent = cell.CellWeights([1.0], [1.0], [1.0], 0.5)
    steps = cell.MAX_RECURRENT_CELL_STEPS + 1
    too_long = np.zeros((steps, 1))
    for scheme in cell.SCHEMES:
        _refused_quickly(
            lambda scheme=scheme: cell.cell_error_flow(recurrent, too_long, scheme=scheme),
            "MAX_RECURRENT_CELL_STEPS",
        )
    _refused_quickly(
        lambda: cell.truncation_gap(recurrent, too_long, np.ones(steps)), "MAX_RECURRENT_CELL_STEPS"
    )


def test_limits_refuse_quickly():
    plain = cell.CellWeights([1.0], [1.0], [1.0])
    recurrent = cell.CellWeights([1.0], [1.0], [1.0], 0.5)
    steps = cell.MAX_CELL_STEPS + 1
    _refused_quickly(lambda: cell.run_cell(plain, np.zeros((steps, 1))), "MAX_CELL_STEPS")
    _refused_quickly(
        lambda: cell.run_cell(recurrent, np.zeros((cell.MAX_RECURRENT_CELL_STEPS + 1, 1))),
        "MAX_RECURRENT_CELL_STEPS",
    )
    wide = cell.CellWeights(np.ones(11), np.ones(11), np.ones(11))
    _refused_quickly(
        lambda: cell.run_cell(wide, np.zeros((cell.MAX_CELL_VALUES // 11 + 1, 11))), "VALUES"
    )
    rng = np.random.default_rng(0)
    _refused_quickly(lambda: cell.gated_cell_example(rng, steps=steps), "steps")
    _refused_quickly(
        lambda: evidence.memory_cell_has_no_forget_gate(
            rng, cells=1, steps=evidence.MAX_CELL_WORK + 1
        ),
        "steps",
    )
    _refused_quickly(lambda: evidence.memory_cell_has_no_forget_gate(rng, cells=251), "cells")
    _refused_quickly(lambda: evidence.additive_forgetting(rng, cells=251), "cells")


def test_issue_case_no_forget_gate_is_linear_in_steps():  # 3000 steps took over 20 s
    start = time.process_time()  # CPU time: the wall clock depends on what else the machine runs
    judged = evidence.memory_cell_has_no_forget_gate(
        np.random.default_rng(0), cells=1, steps=evidence.MAX_CELL_WORK
    )
    assert judged.verdict == "holds"
    assert_fast(start, 1.5)  # about a second


def test_issue_case_no_forget_gate_with_many_short_cells_takes_about_a_second():
    # MAX_CELL_WORK = 5000 as 250 cells of 20 steps took 11 s: two backward passes per injection step
    cells = evidence.MAX_CELLS
    steps = evidence.MAX_CELL_WORK // cells
    start = time.process_time()
    judged = evidence.memory_cell_has_no_forget_gate(
        np.random.default_rng(0), cells=cells, steps=steps
    )
    assert_fast(start, 1.5)  # about a second
    assert judged.verdict == "holds"
    assert judged.carousel_deviation == 0.0  # the truncated carousel's flow is exactly one


def test_gradient_beyond_float64_refused():
    weights = cell.CellWeights([1e-308], [1e-308], [1e-308])
    run = cell.run_cell(weights, [[1e308], [1e308]])  # net inputs 1: the gates are not saturated
    with pytest.raises(ValueError, match="float64 range"):
        cell.cell_backward(weights, run, [1e308, 1e308])


def test_domain_rows_cover_the_numerics():
    names = {row.function.__name__ for row in cell.DOMAIN}
    functions = {n for n in cell.__all__ if callable(getattr(cell, n)) and n[0].islower()}
    assert names == functions
    assert all(row.inputs and row.accuracy and row.limits for row in cell.DOMAIN)


def test_ragged_inputs_to_the_flow_functions_are_refused_by_name():
    weights = cell.CellWeights([0.0], [0.0], [0.0])
    for call in (
        lambda: cell.cell_error_flow(weights, [[1.0], [1.0, 2.0]]),
        lambda: cell.truncation_gap(weights, [[1.0], [1.0, 2.0]], [0.0, 1.0]),
    ):
        with pytest.raises(ValueError, match="inputs"):
            call()


def test_a_recurrent_term_brings_a_net_input_beyond_float64_back():
    # x w = M + 1e292 is beyond float64, but r_in y(t - 1) = -M 0.76 brings the net input back to
    # 4.29e307; it was recorded as inf (x w rounded to inf before r y was added)
    big = float(np.finfo(np.float64).max)
    weights = cell.CellWeights([1.0, 1.0, 100.0], [0.0, 0.0, 100.0], [0.0, 0.0, 100.0], r_in=-big)
    x = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [big, 1e292, 0.0]])
    run = cell.run_cell(weights, x)
    y = run.previous[2]
    exact = Fraction(big) + Fraction(1e292) - Fraction(big) * Fraction(y)
    terms = Fraction(big) + Fraction(1e292) + Fraction(big) * Fraction(y)
    assert math.isfinite(run.net_in[2])
    assert abs(Fraction(run.net_in[2]) - exact) <= 4 * Fraction(2) ** -53 * terms  # (d + 1) 2^-53


def test_a_zero_stride_view_too_large_is_refused_before_its_entries_are_read():
    # 2 10^9 rows of a broadcast view: scanned for finiteness first, they took 6 s and 1.9 GB
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_CELL_STEPS"):
        cell.run_cell(
            cell.CellWeights([1.0], [1.0], [1.0]), np.broadcast_to(np.ones((1, 1)), (2 * 10**9, 1))
        )
    assert_fast(start, 0.1)
