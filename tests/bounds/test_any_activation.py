"""tau, the tau bound and the weak bound for every activation: exact arithmetic as the oracle, every run of
every activation under its bound, and the refusals."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes import activations as act
from lstmnotes.bounds import (
    activation_fprime_max,
    activation_weak_bound,
    tau,
    tau_bound,
    weak_bound,
)
from lstmnotes.flow import scaling_factor
from lstmnotes.net import run_net

UNITS = [
    act.LOGISTIC,
    act.TANH,
    act.IDENTITY,
    act.RELU,
    act.CELL_G,
    act.CELL_H,
    act.leaky_relu(-3.0),
    act.affine(0.3, 1.0),
]
SUPREMA = {  # sup|f'| of each, from the definitions (not from the objects)
    "logistic": Fraction(1, 4),
    "tanh": Fraction(1),
    "identity": Fraction(1),
    "relu": Fraction(1),
    "cell_g": Fraction(1),
    "cell_h": Fraction(1, 2),
    "leaky_relu(-3.0)": Fraction(3),
    "affine(0.3, 1.0)": Fraction(0.3),
}


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 2**53), w_max=st.floats(1e-300, 1e290))
def test_tau_is_n_w_max_sup_f_prime_to_two_roundings(unit, n, w_max):
    exact = n * Fraction(w_max) * SUPREMA[unit.name]
    got = tau(n, w_max, activation=unit)
    assert abs(Fraction(got) - exact) <= exact * Fraction(2, 2**53)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 10**6), w_max=st.floats(1e-3, 1e3), q=st.integers(1, 500))
def test_tau_bound_for_tanh_against_mpmath(n, w_max, q):
    with mpmath.workdps(50):
        _tanh_bound_case(n, w_max, q)


def _tanh_bound_case(n: int, w_max: float, q: int) -> None:
    exact = n * (n * mpmath.mpf(w_max)) ** q
    if exact > mpmath.mpf("1.7976931348623157e308") * (1 + mpmath.mpf(2) ** -40):
        with pytest.raises(ValueError, match="exceeds the float64 range"):
            tau_bound(n, w_max, q, activation="tanh")
        return
    got = tau_bound(n, w_max, q, activation="tanh")
    tolerance = (2 * q + 2 * mpmath.log(q, 2) + 4) * mpmath.mpf(2) ** -53
    assert abs(mpmath.mpf(got) - exact) <= exact * tolerance + mpmath.mpf(2) ** -1074


def test_the_logistic_keeps_its_numbers():
    assert tau(4, 0.5) == tau(4, 0.5, activation="logistic") == 0.5
    assert tau_bound(7, 0.3, 11) == tau_bound(7, 0.3, 11, activation=act.LOGISTIC)
    assert tau(3, 1.0, activation="tanh") == 3.0
    assert tau(2, 1.0, activation="cell_h") == 1.0


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
@pytest.mark.parametrize("norm", ["max-row-sum", "max-column-sum", "spectral", "frobenius"])
def test_the_activation_bound_is_the_weak_bound_at_the_steepest_slopes(unit, norm):
    rng = np.random.default_rng(1)
    W = rng.normal(size=(4, 4))
    slopes = np.full((6, 4), float(SUPREMA[unit.name]))
    expected = weak_bound(W, slopes, norm)
    assert activation_weak_bound(W, 6, activation=unit, norm=norm) == pytest.approx(
        expected, rel=1e-13
    )
    factor = 2.0 if norm == "frobenius" else 1.0  # ||diag(s, s, s, s)||_F = 2 s
    assert activation_fprime_max(4, activation=unit, norm=norm) == pytest.approx(
        factor * float(SUPREMA[unit.name]), rel=1e-15
    )


@pytest.mark.parametrize("name", ["logistic", "tanh", "identity"])
def test_every_run_keeps_under_its_activations_bound(name):
    rng = np.random.default_rng(2)
    for _ in range(20):
        W = rng.normal(scale=0.8, size=(5, 5))
        run = run_net(W, rng.uniform(-1, 1, size=5), 30, name)
        for q in (1, 5, 20):
            flow = np.abs(scaling_factor(W, run.fprime(30, q))).max()
            assert flow <= activation_weak_bound(W, q, activation=name) * (1 + 1e-12)


def test_refusals_name_the_argument():
    with pytest.raises(TypeError, match="activation must be an Activation or one of"):
        tau(2, 1.0, activation=0.25)
    with pytest.raises(ValueError, match="unknown activation 'gelu'"):
        tau_bound(2, 1.0, 3, activation="gelu")
    with pytest.raises(TypeError, match="q must be an integer"):
        activation_weak_bound(np.eye(2), 2.0)
    with pytest.raises(ValueError, match="W must be a non-empty square matrix"):
        activation_weak_bound(np.ones((2, 3)), 2)
    with pytest.raises(TypeError, match="n must be an integer"):
        activation_fprime_max(True)
    with pytest.raises(ValueError, match="exceeds the float64 range"):
        activation_weak_bound(np.full((2, 2), 1e300), 4, activation="tanh")
