"""The activations over the whole float64 range against mpmath, strict types, and no warnings."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations, bounds
from lstmnotes import activations as act


@pytest.fixture(autouse=True)
def _mpmath_precision() -> Iterator[None]:
    """The oracle works at 200 bits inside each test only, whatever other modules use."""
    with mpmath.workprec(200):
        yield


TINY = 2.0**-1022

ORACLES = {
    act.logistic: lambda x: 1 / (1 + mpmath.exp(-x)),
    act.logistic_prime: lambda x: mpmath.exp(-abs(x)) / (1 + mpmath.exp(-abs(x))) ** 2,
    act.tanh: mpmath.tanh,
    act.tanh_prime: lambda x: 4 * mpmath.exp(-2 * abs(x)) / (1 + mpmath.exp(-2 * abs(x))) ** 2,
    act.identity: lambda x: x,
    act.identity_prime: lambda x: mpmath.mpf(1),
}

EDGES = [
    0.0,
    5e-324,
    -5e-324,
    2.0**-1022,
    1e-300,
    0.5,
    1.0,
    36.0,
    37.0,
    700.0,
    709.0,
    745.0,
    746.0,
    1e4,
]
EDGES += [1e300, 1.7976931348623157e308]
EDGES += [-x for x in EDGES]


def _within_domain(function, x: float) -> None:
    got = function(x)
    truth = ORACLES[function](mpmath.mpf(x))
    error = abs(mpmath.mpf(got) - truth)
    if abs(truth) >= TINY:  # relative error below 8 ulps (2^-50)
        assert error <= abs(truth) * mpmath.mpf(2) ** -50, (x, got, truth)
    else:  # absolute error below 4 2^-1074
        assert error <= 4 * mpmath.mpf(2) ** -1074, (x, got, truth)


@pytest.mark.parametrize("function", list(ORACLES), ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", EDGES)
def test_the_edges_of_the_float_range(function, x):
    _within_domain(function, x)


@pytest.mark.parametrize("function", list(ORACLES), ids=lambda f: f.__name__)
@settings(max_examples=150, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_the_whole_float_range_against_mpmath(function, x):
    _within_domain(function, x)


def test_the_cases_of_the_issue():
    assert (
        act.tanh_prime(1e308) == 0.0
    )  # and no overflow warning (the session turns them into errors)
    with pytest.raises(TypeError, match="name must be"):
        act.activation(["logistic"])
    with pytest.raises(TypeError, match="x must be real numbers"):
        act.logistic(None)
    with pytest.raises(TypeError, match="x must be real numbers"):
        act.logistic("0.5")


@pytest.mark.parametrize("function", list(ORACLES), ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "bad",
    ["0.5", b"0.5", None, 1j, np.complex128(1.0), True, datetime.date(2020, 1, 1), [object()]],
    ids=lambda v: type(v).__name__,
)
def test_non_numbers_are_refused_naming_the_argument(function, bad):
    with pytest.raises(TypeError, match="x must be real numbers"):
        function(bad)


@pytest.mark.parametrize("bad", [None, 1, b"logistic", ("logistic",)])
def test_activation_names_are_strings(bad):
    with pytest.raises(TypeError, match="name must be"):
        act.activation(bad)


def test_the_domain_rows_cover_every_public_function():
    named = {row.function.__name__ for row in act.DOMAIN}
    assert named == {f.__name__ for f in ORACLES} | {
        "activation",
        "affine",
        "as_activation",
        "from_callables",
        "leaky_relu",
    }


def test_an_affine_value_whose_product_alone_overflows_is_given():
    # 2 * 1e308 overflows, 2 * 1e308 - 1e308 = 1e308 does not (it was refused as inf)
    assert activations.affine(2.0, -1e308)(1e308) == 1e308
    top = float(np.finfo(np.float64).max)
    assert activations.affine(2.0, -top)(top) == top
    assert activations.affine(-2.0, 1e308)(1e308) == -1e308
    with pytest.raises(ValueError, match="not a finite"):
        activations.affine(2.0, 1.0)(1e308)


def test_from_callables_refuses_none_and_values_of_another_shape():
    def sech2(x):
        return 1 / np.cosh(x) ** 2

    with pytest.raises(TypeError, match="f must be callable, got None"):
        activations.from_callables("s", None, sech2, slope_max=1.0, slope_argmax=0.0)
    with pytest.raises(TypeError, match="fprime must be callable, got None"):
        activations.from_callables("s", np.tanh, None, slope_max=1.0, slope_argmax=0.0)
    with pytest.raises(ValueError, match=r"fprime must return one value per input .* \(4004, 1\)"):
        activations.from_callables(
            "s", np.tanh, lambda x: sech2(x)[:, None], slope_max=1.0, slope_argmax=0.0
        )
    # a callable that writes into its input spoils no other check: |f'| = 1 + |x| is still seen
    with pytest.raises(ValueError, match="exceeds slope_max"):
        activations.from_callables(
            "m",
            lambda x: (x.fill(0.0), x)[1],
            lambda x: 1 + np.abs(x),
            slope_max=1.0,
            slope_argmax=0.0,
        )


def test_a_masked_array_is_refused_naming_the_argument():
    # numpy reads a masked entry's raw data: the masked 3.0 counted in the norm
    masked = np.ma.masked_array([[2.0, 3.0], [1.0, 1.0]], mask=[[0, 1], [0, 0]])
    with pytest.raises(TypeError, match="W must be real numbers, got a masked array"):
        bounds.weak_bound(masked, [[0.5, 0.5]])
