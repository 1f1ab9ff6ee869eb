"""The Jacobian's entries w f'(x) against mpmath where the slope is subnormal and the weight huge."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lstmnotes import later
from lstmnotes.activations import NAMED_ACTIVATIONS, affine

_RELATIVE = 2.0**-49
_SUBNORMAL = mpmath.ldexp(1, -1075)  # not a float64: 2.0**-1075 rounds to 0


def _slope(name: str, x: float) -> mpmath.mpf:
    """The unit's exact slope at ``x``, by mpmath from its closed form (not from the library's code)."""
    v = mpmath.mpf(x)
    if name in ("logistic", "cell_g", "cell_h", "tanh"):
        rate, scale = {"logistic": (1, 1), "cell_g": (1, 4), "cell_h": (1, 2), "tanh": (2, 4)}[name]
        e = mpmath.exp(-rate * abs(v))
        return scale * e / (1 + e) ** 2
    if name == "identity":
        return mpmath.mpf(1)
    leak = {"relu": 0.0, "leaky_relu": 0.01}[name]
    return mpmath.mpf(1) if v > 0 else mpmath.mpf(leak)


def _assert_close(got: float, w: float, name: str, x: float) -> None:
    with mpmath.workdps(60):
        true = mpmath.mpf(w) * _slope(name, x)
        error = abs(mpmath.mpf(got) - true)
        assert error <= _RELATIVE * abs(true) + _SUBNORMAL, (name, w, x, got, float(true))


_huge = st.floats(1e280, 1.7976931348623157e308).flatmap(lambda w: st.sampled_from((w, -w)))
_weights = st.one_of(_huge, st.floats(-1e308, 1e308))
_nets = st.one_of(st.floats(-1600.0, 1600.0), st.floats(-1e308, 1e308))


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(NAMED_ACTIVATIONS)),
    w=st.lists(_weights, min_size=4, max_size=4),
    x=st.lists(_nets, min_size=2, max_size=2),
)
@example(name="tanh", w=[1e308, 0.0, 0.0, 0.0], x=[400.0, 0.0])
@example(name="logistic", w=[1e308, 0.0, 0.0, 0.0], x=[800.0, 0.0])
@example(name="logistic", w=[1e308, 0.0, 0.0, 0.0], x=[740.0, 0.0])
@example(name="cell_g", w=[-1.7e308, 1e308, 0.0, 0.0], x=[-745.5, 1400.0])
def test_each_entry_keeps_its_digits_for_huge_weights_and_far_nets(
    name: str, w: list[float], x: list[float]
) -> None:
    W = np.array(w).reshape(2, 2)
    true_form = later.state_jacobian(W, x, name)
    printed = later.printed_jacobian(W, x, name)
    for i in range(2):
        for j in range(2):
            _assert_close(float(true_form[i, j]), W[i, j], name, x[j])
            _assert_close(float(printed[i, j]), W[j, i], name, x[j])


def test_the_referee_cases_come_out_as_normal_floats():
    for function, name, x in (
        (later.state_jacobian, "tanh", 400.0),
        (later.printed_jacobian, "tanh", 400.0),
        (later.state_jacobian, "logistic", 800.0),
        (later.state_jacobian, "logistic", 740.0),
    ):
        got = float(function([[1e308]], [x], name)[0, 0])
        with mpmath.workdps(60):
            true = float(mpmath.mpf(1e308) * _slope(name, x))
        assert true >= 2.0**-1022
        assert got == pytest.approx(true, rel=2.0**-49, abs=0.0)


def test_an_entry_beyond_float64_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"entry \(0, 0\).*beyond float64"):
        later.state_jacobian([[1e308, 0.0], [0.0, 0.0]], [1.0, 1.0], affine(10.0))
