"""The weak bounds keep their domain: the cases of the issue, refused types, and the stated limits."""

import datetime
import math
import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import activations, bounds, flow
from lstmnotes.domain import Domain

F = Fraction

_ROW_SUMS = bounds.NormPair(
    "row-sums",
    lambda a: float(np.abs(a).sum(axis=1).max()),
    lambda x: float(np.abs(x).max()),
    "maximum absolute row sum, with the maximum norm, as a user would write them",
)


def test_every_public_function_has_a_domain_row():
    rows = {row.function.__name__ for row in bounds.DOMAIN}
    assert all(isinstance(row, Domain) for row in bounds.DOMAIN)
    functions = {
        name for name in bounds.__all__ if callable(getattr(bounds, name)) and name[0].islower()
    }
    assert functions == rows


# --- the cases of the issue, with their right values -------------------------------------------------


@pytest.mark.parametrize(
    ("w_max", "error"),
    [("1", TypeError), (None, TypeError), ([1.0, 2.0], ValueError), (1j, TypeError)],
)
def test_tau_bound_refuses_a_w_max_that_is_not_one_real_number(w_max, error):
    with pytest.raises(error, match="w_max"):
        bounds.tau_bound(2, w_max, 3)
    with pytest.raises(error, match="w_max"):
        bounds.tau(2, w_max)


def test_tau_near_the_top_of_the_float_range_is_right():
    # tau = 2 * 1e308 / 4 = 1e308 / 2, exact; n tau^1 = 1e308
    assert bounds.tau(2, 1e308) == 1e308 / 2
    assert bounds.tau_bound(2, 1e308, 1) == 1e308
    with pytest.raises(ValueError, match="overflows float64"):
        bounds.tau_bound(3, 1e308, 1)  # 2.25e308


def test_tau_bound_in_the_subnormal_range():
    assert (
        bounds.tau_bound(1, 2.0, 1074) == 2.0**-1074
    )  # (1/2)^1074 exactly, the smallest subnormal
    assert bounds.tau_bound(1, 2.0, 1075) == 0.0  # 2^-1075 is a tie: rounds to even, zero
    assert bounds.tau_bound(1, 4.0, 10**6) == 1.0
    exact = F(2) * (F(2) * F(1e-100) / 4) ** 3
    assert bounds.tau_bound(2, 1e-100, 3) == float(exact)


@pytest.mark.parametrize(
    ("n", "w_max", "q"),
    [
        (10**12, 1e-170, 2),
        (10**9, 1e-165, 2),
        (2**53, 6.09331384534573e-177, 2),
        (2**53, 4.4e-121, 3),
    ],
)
def test_tau_bound_whose_power_of_tau_is_subnormal_but_bound_is_normal(n, w_max, q):
    # tau^q lies below 2^-1022 while n tau^q does not: n must be multiplied in before the rounding
    exact = F(n) * (F(n) * F(w_max) / 4) ** q
    assert exact >= F(2) ** -1022
    assert (F(n) * F(w_max) / 4) ** q < F(2) ** -1022
    got = bounds.tau_bound(n, w_max, q)
    assert abs(F(got) - exact) <= exact * (2 * q + 2 * math.log2(q) + 4) * F(2) ** -53


def test_tau_bound_with_a_subnormal_result_is_right_to_its_absolute_precision():
    for n, w_max, q in [(10**12, 1e-175, 2), (3, 1e-110, 3), (2**53, 1e-178, 2)]:
        exact = F(n) * (F(n) * F(w_max) / 4) ** q
        assert exact < F(2) ** -1022
        assert abs(F(bounds.tau_bound(n, w_max, q)) - exact) <= F(2) ** -1074


def test_weak_bound_with_a_huge_norm_and_tiny_slopes():
    W = [[1e308, 1e308], [0.0, 0.0]]  # max row sum 2e308, beyond the float range
    exact = 2 * (F(1e-300) * 2 * F(1e308))
    assert bounds.weak_bound(W, [[1e-300, 0.0]]) == pytest.approx(float(exact), rel=1e-15)


def test_weak_bound_in_the_subnormal_range():
    assert bounds.weak_bound([[1e-160]], [[1e-160]]) == float(F(1e-160) * F(1e-160))
    by_lag = bounds.weak_bound_by_lag([[1e-160]], [[1e-160], [0.1], [1.0]])
    expected = [F(1e-160) ** 2, (F(0.1) * F(1e-160)) ** 2, F(1e-160) ** 3]
    assert by_lag.tolist() == [float(x) for x in expected]


def test_weighted_pair_with_weights_far_apart():
    pair = bounds.weighted_max_norm_pair([1e300, 1e-300])
    a = np.array([[0.0, 1e-300], [1e-10, 0.0]])
    exact = max(F(1e300) * F(1e-300) / F(1e-300), F(1e-300) * F(1e-10) / F(1e300))
    assert pair.matrix(a) == pytest.approx(float(exact), rel=4 * 2.0**-53)
    assert pair.vector(np.array([1e-300, 1.0])) == float(F(1e300) * F(1e-300))


def test_frobenius_slopes_near_the_top_of_the_range():
    assert bounds.fprime_max([[1e308, 1e308]], "frobenius") == pytest.approx(
        math.sqrt(2) * 1e308, rel=1e-15
    )
    with pytest.raises(ValueError, match="overflows float64"):
        bounds.fprime_max([[1.5e308, 1.5e308]], "frobenius")


# --- types ----------------------------------------------------------------------------------------

BAD = ["0.5", b"0.5", None, 0.5j, True, datetime.date(2020, 1, 1), np.array([object()])]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("W", lambda x: bounds.weak_bound(x, np.full((2, 1), 0.25))),
        ("fprime", lambda x: bounds.weak_bound([[1.0]], x)),
        ("fprime", bounds.fprime_max),
        ("W", lambda x: bounds.weak_bound_middle(x, np.full((2, 1), 0.25), 0, 0)),
        ("W", lambda x: bounds.weak_bound_chain(x, np.full((2, 1), 0.25), 0, 0)),
        ("fprime", lambda x: bounds.weak_bound_by_lag([[1.0]], x)),
        ("w_max", lambda x: bounds.tau(2, x)),
        ("w_max", lambda x: bounds.tau_bound(2, x, 3)),
        ("n", lambda x: bounds.tau(x, 1.0)),
        ("q", lambda x: bounds.tau_bound(2, 1.0, x)),
        ("weights", bounds.weighted_max_norm_pair),
        ("norm", bounds.norm_pair),
    ],
)
def test_non_numbers_are_refused_naming_the_argument(name, call, bad):
    # a string passed as norm is a name, here of no norm pair
    refusal = ValueError if name == "norm" and isinstance(bad, str) else TypeError
    with pytest.raises(refusal, match=name):
        call(bad)


def test_units_that_are_not_integers_are_refused():
    with pytest.raises(TypeError, match="u must be an integer"):
        bounds.weak_bound_middle(np.eye(2), np.full((2, 2), 0.25), 1.0, 0)


# --- limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: bounds.weak_bound(
                np.zeros((bounds.MAX_UNITS + 1,) * 2), np.zeros((1, bounds.MAX_UNITS + 1))
            ),
            "MAX_UNITS",
        ),
        (lambda: bounds.fprime_max(np.zeros((bounds.MAX_SLOPES + 1, 1))), "slopes"),
        (lambda: bounds.weak_bound([[1.0]], np.zeros((bounds.MAX_SLOPES + 1, 1))), "slopes"),
        (
            lambda: bounds.weak_bound_chain([[1.0]], np.zeros((bounds.MAX_CHAIN_LAG + 1, 1)), 0, 0),
            "MAX_CHAIN_LAG",
        ),
        (
            lambda: bounds.weak_bound_chain(
                np.eye(2), np.zeros((flow.MAX_MATRIX_LAGS + 1, 2)), 0, 0
            ),
            "MAX_MATRIX_LAGS = 10000 for n = 2",
        ),
        (lambda: bounds.tau(bounds.MAX_TAU_UNITS + 1, 1.0), "n must be an integer in"),
        (lambda: bounds.tau_bound(1, 1.0, bounds.MAX_TAU_LAG + 1), "q must be an integer in"),
        (
            lambda: bounds.weighted_max_norm_pair(np.ones(bounds.MAX_UNITS + 1)),
            "MAX_UNITS",
        ),
        (
            lambda: bounds.fprime_max(
                np.zeros((bounds.MAX_GENERIC_WORK // 4 + 1, 2)),
                _ROW_SUMS,  # a pair of one's own: one matrix norm a step
            ),
            "too large for the norm pair",
        ),
    ],
)
def test_beyond_each_limit_a_quick_refusal(call, message):
    start = time.process_time()
    with pytest.raises(ValueError, match=message):
        call()
    assert_fast(start, 0.5)


def test_the_chain_runs_to_the_documented_lag_for_two_units():
    # the chain follows scaling_factor, whose limit for n >= 2 is MAX_MATRIX_LAGS: that lag is accepted
    q = flow.MAX_MATRIX_LAGS
    chain = bounds.weak_bound_chain([[0.5, 0.25], [0.125, 0.5]], np.full((q, 2), 0.25), 0, 1)
    # each step multiplies by slopes 1/4 and a weight matrix of row sums 3/4: the flow is below 0.1875^q
    assert chain.flow == 0.0
    assert chain.bound_holds


@pytest.mark.parametrize(
    ("n", "w_max", "q", "slope"),
    [
        (3, 0.014007539237373131, 100, -3.0),  # 237 units of 2^-53 off (stated: 217) before
        (3, 0.1111114192400007, 10**8, 3.0),
        (2**53 - 1, 1.5208539350435515e-17, 2**31, -7.3),
    ],
)
def test_tau_bound_keeps_its_stated_accuracy_where_the_slope_is_no_power_of_two(n, w_max, q, slope):
    # a rounding early in the squaring chain is raised to the rest of the power: the chain is taken in
    # double-double mantissas, so only tau's own rounding (twice, here) is raised to the power q
    unit = activations.leaky_relu(slope) if slope < 0 else activations.affine(slope)
    got = bounds.tau_bound(n, w_max, q, activation=unit)
    with mpmath.workprec(256):
        tau = mpmath.mpf(n) * mpmath.mpf(w_max) * mpmath.mpf(unit.slope_max)
        exact = mpmath.mpf(n) * tau**q
        error = abs(mpmath.mpf(got) - exact) / exact
    assert error <= (2 * q + 2 * math.log2(q) + 4) * 2.0**-53


def test_the_split_weak_bound_by_lag_is_bounded_in_lags():
    # 1.5 / 4 a step: the bound leaves the normal range after some 720 lags, and each lag's power was
    # then taken as mantissa and exponent: 39 to 49 s at q = 10^7 (within MAX_SLOPES)
    W, rate = np.array([[1.5]]), 0.25
    q = bounds.MAX_SPLIT_LAGS
    start = time.process_time()
    got = bounds.weak_bound_by_lag(W, np.full((q, 1), rate))
    assert_fast(start, 1.5)
    for lag in (1, 700, 800, 5000):  # 0.375^lag, in exact rationals (0 from about lag 2850)
        assert got[lag - 1] == float(Fraction(3, 8) ** lag)
    slopes = np.full(
        (10**7, 1), rate
    )  # made outside the timing: the refusal is timed, not the input
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_SPLIT_LAGS = 500000"):
        bounds.weak_bound_by_lag(W, slopes)
    assert_fast(
        start, 1.0
    )  # 2.7 to 5.5 s before the plain powers were taken a chunk of lags at a time


def test_the_weak_bound_by_lag_carries_the_steepest_slope_across_its_whole_length():
    # the first step is the steepest (1/4, with W = 4: every lag's bound is exactly 1); every later
    # step has slope 1/8, so a maximum that forgot the first step would leave the normal range and,
    # beyond MAX_SPLIT_LAGS lags, be refused
    slopes = np.full((bounds.MAX_SPLIT_LAGS + 1, 1), 0.125)
    slopes[0] = 0.25
    got = bounds.weak_bound_by_lag([[4.0]], slopes)
    assert np.all(got == 1.0)


def test_the_weighted_maximum_norm_takes_a_steps_norm_as_its_largest_slope():
    # the weighted maximum norm is induced by an absolute vector norm: the norm of diag(f') is max |f'|,
    # taken without a matrix norm a step (about 60 microseconds a step before)
    pair = bounds.weighted_max_norm_pair([1.0, 3.0])
    assert pair.diagonal_is_max
    assert not _ROW_SUMS.diagonal_is_max
    rng = np.random.default_rng(5)
    d = np.abs(rng.normal(size=2))
    assert pair.matrix(np.diag(d)) == np.max(d)
    W, slopes = np.array([[0.5, 0.25], [0.125, 0.5]]), np.full((bounds.MAX_CHAIN_LAG, 2), 0.5)
    start = time.process_time()
    got = bounds.weak_bound_by_lag(W, slopes, pair)
    assert_fast(start, 1.0)  # 5.8 to 9.6 s before
    # ||W||_D = max(0.5 + 0.25 * 1/3, 0.125 * 3 + 0.5) = 0.875, f'_max = 1/2: 2 (7/16)^q
    for lag in (1, 2, 800):
        assert got[lag - 1] == float(2 * Fraction(7, 16) ** lag)


def test_beyond_the_split_lags_a_bound_near_the_normal_range_is_decided_by_its_powers():
    # with more than MAX_SPLIT_LAGS lags a bound estimated (from logarithms) to lie clearly outside the
    # normal range is refused before any power is taken; one within the estimate's margin of the range's
    # edge is decided by the powers themselves
    q = bounds.MAX_SPLIT_LAGS + 1
    for excess, refused in ((1 / 256, True), (-1 / 256, False)):
        slope = 2.0 ** ((-1022 - excess) / q)  # the last lag's bound is about 2^(-1022 - excess)
        with mpmath.workprec(200):
            last = mpmath.mpf(slope) ** q
            assert (last < mpmath.mpf(2) ** -1022) == refused
        slopes = np.full((q, 1), slope)
        if refused:
            with pytest.raises(ValueError, match="MAX_SPLIT_LAGS"):
                bounds.weak_bound_by_lag([[1.0]], slopes)
        else:
            got = bounds.weak_bound_by_lag([[1.0]], slopes)
            with mpmath.workprec(200):
                assert abs(mpmath.mpf(got[-1]) / last - 1) < q * 2.0**-52


def test_beyond_the_split_lags_a_refusal_at_the_last_lags_comes_at_once():
    q = bounds.MAX_SLOPES
    rate = 1 - 708.6 / q  # the bound drops below 2^-1022 only near lag 9.997e6
    slopes = np.random.default_rng(1).uniform(0.5, rate, (q, 1))
    slopes[0, 0] = rate
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_SPLIT_LAGS"):
        bounds.weak_bound_by_lag([[1.0]], slopes)
    assert_fast(start, 0.5)  # 1.2 to 2.0 s while the powers were taken before the check


@pytest.mark.parametrize(
    "call",
    [
        lambda view: bounds.weak_bound_by_lag([[1.0]], view((10**9, 1))),
        lambda view: bounds.weak_bound(view((20_000, 20_000)), np.ones((2, 20_000))),
    ],
    ids=["fprime", "W"],
)
def test_a_zero_stride_view_too_large_is_refused_before_its_entries_are_read(call):
    # the sizes are checked on the shape first: scanning 10^9 entries for finiteness took 1.4 to 3.7 s
    def view(shape):
        return np.broadcast_to(np.ones((1, 1)), shape)

    start = time.process_time()
    with pytest.raises(ValueError, match=r"MAX_UNITS|slopes"):
        call(view)
    assert_fast(start, 0.1)


@pytest.mark.parametrize(
    ("W", "slope", "norm", "bound"),
    [
        ([[2.0**-1023]], 2.0**1023, "max-row-sum", 1.0),
        ([[2.0**1023]], 2.0**-1023, "max-row-sum", 1.0),  # a subnormal slope
        ([[2.0**1023] * 2] * 2, 2.0**-1024, "max-row-sum", 2.0),  # ||W|| = 2^1024, beyond float64
        (np.diag([2.0**-1024, 0, 0, 0]), 2.0**1023, "frobenius", 4.0),  # a step norm of 2^1024
    ],
)
def test_beyond_the_split_lags_factors_outside_the_normal_range_are_no_reason_to_refuse(
    W, slope, norm, bound
):
    # every lag's bound is n (f'_max ||W||)^q' = the constant given, though a factor lies outside the
    # normal range: they were refused where q > MAX_SPLIT_LAGS, and returned for q = MAX_SPLIT_LAGS
    W = np.array(W)
    got = bounds.weak_bound_by_lag(W, np.full((bounds.MAX_SPLIT_LAGS + 1, len(W)), slope), norm)
    assert np.all(got == bound)


def test_beyond_the_split_lags_a_subnormal_base_at_the_first_lag_is_raised_the_split_way():
    # n = 2 and a first base of 3/4 2^-1022: the first lag's bound 3/2 2^-1022 is normal; every later
    # step has slope 1, and its bounds are 2
    slopes = np.ones((bounds.MAX_SPLIT_LAGS + 1, 2))
    slopes[0] = 0.75 * 2.0**-1022
    got = bounds.weak_bound_by_lag(np.eye(2), slopes)
    assert got[0] == 1.5 * 2.0**-1022
    assert np.all(got[1:] == 2.0)


def test_too_many_weights_for_a_weighted_norm_are_refused_before_they_are_read():
    start = time.process_time()
    with pytest.raises(ValueError, match="MAX_UNITS = 512"):
        bounds.weighted_max_norm_pair(np.broadcast_to(np.ones(1), (2**31,)))
    assert_fast(start, 0.1)  # 9.9 s and 2 GB before


@pytest.mark.parametrize(
    "pair",
    [*bounds.NORM_PAIRS.values(), bounds.weighted_max_norm_pair([1.0, 2.0])],
    ids=[*bounds.NORM_PAIRS, "weighted-max"],
)
def test_the_pairs_norms_check_their_argument(pair):
    # the norms read strings as numbers, returned inf or nan for non-finite entries, leaked numpy's
    # warnings for complex and long-double input, and raised LAPACK's error for a nan (spectral)
    for bad, error in (
        (np.array([["1", "2"], ["3", "4"]]), TypeError),
        (np.array([[1 + 1j, 0], [0, 1]]), TypeError),
        (np.array([[np.inf, 1.0], [0.0, 1.0]]), ValueError),
        (np.array([[np.nan, 1.0], [0.0, 1.0]]), ValueError),
        (np.array([[np.longdouble("1e400"), 0], [0, 1]]), ValueError),
    ):
        with pytest.raises(error, match=r"^a "):
            pair.matrix(bad)
    with pytest.raises(TypeError, match=r"^x must be real numbers, got booleans"):
        pair.vector(np.array([True, False]))
    assert pair.matrix(np.diag([3.0, -2.0])) == pytest.approx(
        3.0 if pair.diagonal_is_max else 13**0.5
    )


def test_the_spectral_error_the_rows_quote_is_what_lapack_gives():
    # the norm_pair and weak_bound rows quote the spectral norm's error found at n = 2, beyond n 2^-52: this matrix gives
    # it (its largest singular value exactly, from the 2 x 2 closed form, in mpmath)
    W = np.array(
        [[-0.06280598990203984, -2.633300878808838], [-0.07578460376486056, -3.1774622777648793]]
    )
    rows = {r.function: r.accuracy for r in bounds.DOMAIN}
    quoted = float(rows[bounds.norm_pair].split("for the spectral norm: ")[1].split(" 2^-53")[0])
    assert f"value was found {quoted} 2^-53 off at n = 2" in rows[bounds.weak_bound]
    with mpmath.workprec(300):
        a = [[mpmath.mpf(float(x)) for x in r] for r in W]
        s = sum(x**2 for r in a for x in r)
        det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        exact = mpmath.sqrt((s + mpmath.sqrt(s**2 - 4 * det**2)) / 2)
        units = float(abs(mpmath.mpf(bounds.NORM_PAIRS["spectral"].matrix(W)) / exact - 1) * 2**53)
    assert round(units, 1) == quoted
    assert units > 2 * 2  # beyond n 2^-52 for n = 2
