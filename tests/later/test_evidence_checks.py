"""Pascanu et al.'s conditions checked on random nets run forward, and the chapter's surveys of them."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import activations
from lstmnotes.later import evidence_checks as conditions


@pytest.mark.parametrize("activation", ["logistic", "tanh"])
def test_vanishing_condition_holds_on_random_nets(activation):
    c = conditions.vanishing_condition_check(
        np.random.default_rng(8), activation=activation, n=6, nets=25, q=25
    )
    assert c.verdict == "holds"
    assert np.all(c.sigma_gamma < 1)
    assert c.worst_ratio <= 1 + 1e-9
    assert np.all(c.final_norm <= c.sigma_gamma**25 * (1 + 1e-9))
    assert c.gamma == {"logistic": 0.25, "tanh": 1.0}[activation]


@pytest.mark.parametrize("activation", ["logistic", "tanh"])
def test_exploding_needs_a_large_singular_value(activation):
    c = conditions.exploding_condition_check(
        np.random.default_rng(9), activation=activation, n=6, nets=60, q=20
    )
    assert c.verdict == "holds"
    exploding = c.final_norm > 1
    assert np.all(c.sigma_gamma[exploding] > 1)
    assert np.any(~exploding & (c.sigma_gamma > 1))  # necessary, not sufficient


def test_tanh_nets_explode_on_random_weights():
    c = conditions.exploding_condition_check(np.random.default_rng(2), n=8, nets=60, q=30)
    assert np.sum(c.final_norm > 1) > 0


def test_surveys_use_the_fixed_seeds():
    a = conditions.exploding_survey("tanh")
    b = conditions.exploding_condition_check(
        np.random.default_rng(conditions.EXPLODING_SEEDS["tanh"]), nets=conditions.EXPLODING_NETS
    )
    np.testing.assert_array_equal(a.final_norm, b.final_norm)
    v = conditions.vanishing_survey("logistic")
    assert v.nets == conditions.VANISHING_NETS
    assert v.worst_ratio <= 1 + 1e-9
    with pytest.raises(ValueError, match="the chapter's survey has seeds for the activations"):
        conditions.vanishing_survey("relu")


def test_check_counts_and_metadata():
    c = conditions.exploding_condition_check(np.random.default_rng(9), n=5, nets=30, q=12, high=2.5)
    assert (c.q, c.drawn) == (12, (0.5, 2.5))
    exploding = c.final_norm > 1
    assert c.exploding == int(exploding.sum())
    assert c.large_but_not_exploding == int(np.sum(~exploding & (c.sigma_gamma > 1)))
    assert c.exploding_with_small_radius == int(np.sum(exploding & (c.rho_gamma < 1)))
    assert np.all((c.sigma_gamma >= 0.5 - 1e-12) & (c.sigma_gamma <= 2.5 + 1e-12))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conditions.vanishing_condition_check(np.random.default_rng(0), activation="softplus"),
         "unknown activation 'softplus'"),
        (lambda: conditions.vanishing_condition_check(np.random.default_rng(0), low=1.0),
         "low must be in"),
        (lambda: conditions.vanishing_condition_check(np.random.default_rng(0), n=33),
         "n must be an integer in 1\\.\\.32"),
        (lambda: conditions.exploding_condition_check(np.random.default_rng(0), high=1.0),
         "high must be in"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "unit",
    [
        activations.RELU,
        activations.IDENTITY,
        activations.CELL_G,
        activations.CELL_H,
        activations.leaky_relu(0.1),
        activations.affine(0.5, 1.0),
    ],
    ids=lambda u: u.name,
)
def test_the_conditions_hold_for_every_activation(unit):
    # with every slope at most gamma = sup|f'|, ||M_q||_2 <= (gamma sigma_max)^q at every lag
    v = conditions.vanishing_condition_check(
        np.random.default_rng(5), activation=unit, nets=6, q=15
    )
    assert v.verdict == "holds"
    assert v.worst_ratio <= 1 + 1e-9
    assert v.gamma == unit.slope_max
    assert v.activation == unit.name
    e = conditions.exploding_condition_check(
        np.random.default_rng(6), activation=unit, nets=6, q=15
    )
    assert e.verdict == "holds"
    assert np.all(e.sigma_gamma[e.final_norm > 1] > 1)


def test_an_activation_object_of_a_named_unit_gives_the_named_result():
    a = conditions.vanishing_condition_check(
        np.random.default_rng(3), activation="tanh", nets=4, q=8
    )
    b = conditions.vanishing_condition_check(
        np.random.default_rng(3), activation=activations.TANH, nets=4, q=8
    )
    np.testing.assert_array_equal(a.final_norm, b.final_norm)
