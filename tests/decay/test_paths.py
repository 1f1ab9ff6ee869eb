"""The path products of one pair of units, and the flow against the number of units."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.decay import _paths as decay


def test_path_products_against_brute_force_enumeration():
    p = decay.path_product_distribution(np.random.default_rng(1), n=3, q=4, u=1, v=2)
    W, fp = p.weights, p.fprime
    brute = []
    for middle in itertools.product(range(3), repeat=3):
        path = (p.u, *middle, p.v)
        term = 1.0
        for m in range(1, 5):  # back from l_{m-1} to l_m over the weight from l_m to l_{m-1}
            term *= fp[m - 1, path[m]] * W[path[m - 1], path[m]]
        brute.append(term)
    np.testing.assert_allclose(np.sort(p.terms), np.sort(brute), rtol=1e-12)
    assert p.flow == pytest.approx(sum(brute), rel=1e-9, abs=1e-18)
    assert p.flow == pytest.approx(p.scaling_factor, rel=1e-9, abs=1e-18)
    assert p.absolute_sum == pytest.approx(np.abs(brute).sum())
    assert 0 <= p.cancellation <= 1
    assert p.positive_share == pytest.approx(np.mean(np.array(brute) > 0))


def test_path_products_orders():
    p = decay.path_product_distribution(np.random.default_rng(0), n=3, q=4)
    sizes = np.abs(p.terms[p.terms != 0])
    assert p.orders == pytest.approx(np.log10(sizes.max() / sizes.min()))


def test_flow_versus_units_signs_cancel():
    c = decay.flow_versus_units([2, 4, 8, 16, 32], np.random.default_rng(2), q=8, nets=10)
    assert np.all(c.positive >= c.signed)
    assert c.signed_exponent < c.positive_exponent
    assert 0.3 < c.signed_exponent < 0.7  # random signs: roughly square-root growth per step
    assert c.positive_exponent > 0.8


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_flow_versus_units_at_lag_one_is_the_largest_weight_over_four(seed):
    c = decay.flow_versus_units([2, 3], np.random.default_rng(seed), q=1, nets=1)
    rng = np.random.default_rng(seed)
    largest = [np.abs(rng.uniform(-1, 1, size=(n, n))).max() / 4 for n in (2, 3)]
    np.testing.assert_allclose(c.signed, largest, rtol=1e-12)
    np.testing.assert_allclose(c.positive, largest, rtol=1e-12)


def test_flow_versus_units_factors_are_per_step():
    c = decay.flow_versus_units([2, 4], np.random.default_rng(0), q=4, nets=3)
    assert c.nets == 3
    assert c.signed_factors**4 == pytest.approx(c.signed)
    assert c.positive_factors**4 == pytest.approx(c.positive)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: decay.path_product_distribution(r, n=8, q=12), "MAX_PATH_TERMS"),
        (lambda r: decay.path_product_distribution(r, u=9), "u must be a unit index"),
        (lambda r: decay.flow_versus_units([4], r), "at least two net sizes"),
        (lambda r: decay.flow_versus_units([4, 200], r), "units must be an integer in 1"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call(np.random.default_rng(0))


@pytest.mark.parametrize(
    "units",
    [
        np.array([2, 3], dtype=object),
        np.ma.masked_array([2, 3]),
        np.ma.masked_array([2, 3], mask=[False, True]),
        np.array([2.0, 3.0]),
        np.array([True, False]),
    ],
)
def test_flow_versus_units_refuses_arrays_that_are_not_of_integers_naming_units(units):
    with pytest.raises(TypeError, match=r"^units must be integer net sizes"):
        decay.flow_versus_units(units, np.random.default_rng(0), q=3, nets=2)


def test_flow_versus_units_takes_an_integer_array_as_its_list():
    from_array = decay.flow_versus_units(np.array([2, 3]), np.random.default_rng(0), q=3, nets=2)
    from_list = decay.flow_versus_units([2, 3], np.random.default_rng(0), q=3, nets=2)
    np.testing.assert_array_equal(from_array.signed, from_list.signed)
