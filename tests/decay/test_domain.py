"""The measured decay keeps its domain: the cases of the issue, refused types, limits."""

import datetime
import time
from fractions import Fraction

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes import decay
from lstmnotes.domain import Domain


def rng():
    return np.random.default_rng(0)


def test_every_public_function_has_a_domain_row():
    rows = {row.function.__name__ for row in decay.DOMAIN}
    assert all(isinstance(row, Domain) for row in decay.DOMAIN)
    functions = {
        name for name in decay.__all__ if callable(getattr(decay, name)) and name[0].islower()
    }
    assert functions == rows


def test_flow_versus_units_needs_two_distinct_integer_sizes():
    with pytest.raises(ValueError, match="two distinct net sizes"):
        decay.flow_versus_units([2, 2], rng(), q=3, nets=1)
    with pytest.raises(TypeError, match="units must be an integer"):
        decay.flow_versus_units([2.5, 3], rng(), q=3, nets=1)
    with pytest.raises(TypeError, match="units must be a sequence"):
        decay.flow_versus_units("23", rng(), q=3, nets=1)


def test_flow_versus_units_below_the_normal_range():
    # the weights scale with w_max, the flows with w_max^q: the fitted exponents do not change
    tiny = decay.flow_versus_units([2, 4], rng(), q=3, nets=2, w_max=1e-103)
    plain = decay.flow_versus_units([2, 4], rng(), q=3, nets=2, w_max=1.0)
    assert np.all(tiny.signed < 1e-300)
    assert tiny.signed_exponent == pytest.approx(plain.signed_exponent, rel=1e-9)
    assert tiny.positive_exponent == pytest.approx(plain.positive_exponent, rel=1e-9)


def test_fitted_rate_across_the_range():
    assert decay.fitted_rate([5e-324, 1e-300]) == pytest.approx(
        float(Fraction(1e-300) / Fraction(5e-324))
    )
    assert decay.fitted_rate([1e308, 5e-324]) == 0.0  # 5e-324 / 1e308 rounds to zero
    with pytest.raises(ValueError, match="overflows float64"):
        decay.fitted_rate([5e-324, 1e308])


def test_geometric_mean_refuses_an_empty_table():
    with pytest.raises(ValueError, match="at least one net"):
        decay.geometric_mean(np.empty((0, 3)))


def test_long_run_rate_beyond_the_normal_range():
    assert decay.long_run_rate([[1e-310]], [0.0], settle=0, lags=5, activation="identity") == (
        pytest.approx(1e-310, rel=1e-12)
    )
    with pytest.raises(ValueError, match="overflows float64"):
        decay.long_run_rate(
            np.full((2, 2), 1e308), [0.0, 0.0], settle=0, lags=3, activation="identity"
        )


def test_blow_up_that_overflows_names_its_arguments():
    with pytest.raises(ValueError, match="overflows float64 within q = 500 lags"):
        decay.blow_up_example(rng(), high=1e6, q=500)


def test_path_products_check_the_units():
    with pytest.raises(ValueError, match="u must be a unit index"):
        decay.path_product_distribution(rng(), n=3, q=2, u=3)
    with pytest.raises(TypeError, match="v must be an integer"):
        decay.path_product_distribution(rng(), n=3, q=2, v=1.0)


BAD = ["0.5", b"0.5", None, 0.5j, True, datetime.date(2020, 1, 1), np.array([object()])]


@pytest.mark.parametrize("bad", BAD, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("flow", decay.fitted_rate),
        ("flows", decay.geometric_mean),
        ("w_max_values", lambda x: decay.decay_curves(x, rng(), n=2, nets=1, q=2)),
        ("n", lambda x: decay.decay_curves([1.0], rng(), n=x)),
        ("rng", lambda x: decay.decay_curves([1.0], x, n=2, nets=1, q=2)),
        ("low", lambda x: decay.blow_up_example(rng(), low=x)),
        ("high", lambda x: decay.blow_up_example(rng(), high=x)),
        ("rng", decay.blow_up_example),
        ("w_max", lambda x: decay.path_product_distribution(rng(), n=2, q=2, w_max=x)),
        ("q", lambda x: decay.path_product_distribution(rng(), n=2, q=x)),
        ("w_max", lambda x: decay.flow_versus_units([2, 3], rng(), q=2, nets=1, w_max=x)),
        ("nets", lambda x: decay.flow_versus_units([2, 3], rng(), q=2, nets=x)),
        ("units", lambda x: decay.flow_versus_units([2, x], rng(), q=2, nets=1)),
        ("settle", lambda x: decay.long_run_rate([[0.5]], [0.5], settle=x, lags=2)),
        ("lags", lambda x: decay.long_run_rate([[0.5]], [0.5], settle=0, lags=x)),
        ("W", lambda x: decay.long_run_rate(x, [0.5], settle=0, lags=2)),
    ],
)
def test_non_numbers_are_refused_naming_the_argument(name, call, bad):
    with pytest.raises(TypeError, match=name):
        call(bad)


def test_first_growing_bound_wants_curves():
    with pytest.raises(TypeError, match="DecayCurve"):
        decay.first_growing_bound([1.0])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: decay.fitted_rate(np.ones(decay.MAX_RATE_LAGS + 1)), "MAX_RATE_LAGS"),
        (lambda: decay.geometric_mean(np.ones((1, decay.MAX_RATE_LAGS + 1))), "at most"),
        (lambda: decay.decay_curves([decay.MAX_W_MAX * 2], rng()), "w_max_values"),
        (lambda: decay.decay_curves([1.0] * 100, rng(), n=64, nets=1000), "exceeds the limit"),
        (lambda: decay.blow_up_example(rng(), high=decay.MAX_W_MAX * 2), "high"),
        (lambda: decay.path_product_distribution(rng(), n=64, q=64), "MAX_PATH_TERMS"),
        (lambda: decay.flow_versus_units(list(range(1, 130)), rng()), "at most 128"),
        (lambda: decay.flow_versus_units([2, 128], rng(), q=200, nets=1000), "exceeds the limit"),
        (lambda: decay.long_run_rate(np.eye(decay.MAX_LONG_RUN_UNITS + 1), np.zeros(129)), "units"),
        (
            lambda: decay.long_run_rate(np.eye(100), np.zeros(100), lags=100_000),
            "exceeds the limit",
        ),
    ],
)
def test_beyond_each_limit_a_quick_refusal(call, message):
    start = time.process_time()
    with pytest.raises(ValueError, match=message):
        call()
    assert_fast(start, 0.5)


def test_the_searches_refuse_oversized_work_at_once():
    from lstmnotes.decay.evidence_mean import growth_shares, mean_decay_search, mean_growth_search

    start = time.process_time()
    with pytest.raises(ValueError, match="exceeds the limit"):
        mean_decay_search(range(5000), np.linspace(0.5, 8, 100))
    with pytest.raises(ValueError, match="exceeds the limit"):
        growth_shares([8, 16, 32, 64], range(1000), [1.0, 2.0])
    with pytest.raises(ValueError, match="exceeds the limit"):
        mean_growth_search([8, 16, 32, 64], range(1000), [1.0, 2.0])
    with pytest.raises(TypeError, match="seeds must be a sequence"):
        mean_decay_search(7, [1.0])
    with pytest.raises(TypeError, match="sizes must be an integer"):
        growth_shares([2.5], [0], [1.0])
    assert_fast(start, 0.5)
