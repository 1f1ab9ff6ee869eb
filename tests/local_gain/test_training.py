"""The learning rate's share in each lag's update and gradient descent on one weight, against autograd."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmnotes.local_gain._training import descend_weight, lag_contributions
from lstmnotes.net._run import output_error, random_weights, run_net


def sample_run(seed, n=3, steps=8, w_max=3.0):
    rng = np.random.default_rng(seed)
    return run_net(random_weights(n, rng, w_max=w_max), rng.uniform(0, 1, n), steps)


def test_lag_contributions_against_autograd_on_untied_weights():
    # give every time step its own copy of W: the gradient with respect to copy s is the update
    # contribution of step s, which autograd computes without the paper's error-signal rule
    rng = np.random.default_rng(4)
    n, steps = 3, 6
    W, y0 = random_weights(n, rng, w_max=2.0), rng.uniform(0, 1, n)
    run = run_net(W, y0, steps)
    target = 0.9

    def error(stack):
        y = y0
        for s in range(steps):
            y = 1 / (1 + anp.exp(-anp.dot(stack[s], y)))
        return 0.5 * (target - y[0]) ** 2

    per_step = jacobian(error)(np.stack([W] * steps))
    theta = output_error(run, steps, [target], [0])
    alpha = 0.3
    got = lag_contributions(run, steps, theta, alpha)
    expected = [alpha * np.linalg.norm(per_step[steps - 1 - lag]) for lag in range(steps)]
    np.testing.assert_allclose(got, expected, rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 1000), alpha=st.floats(1e-4, 1e4))
def test_learning_rate_scales_every_lag_alike(seed, alpha):
    run = sample_run(seed, steps=10)
    theta = output_error(run, 10, [1.0], [1])
    base = lag_contributions(run, 10, theta, 1.0)
    scaled = lag_contributions(run, 10, theta, alpha)
    np.testing.assert_allclose(scaled, alpha * base, rtol=1e-14)


def test_lag_contributions_refuse_bad_rates():
    run = sample_run(0)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        lag_contributions(run, 3, [1.0, 0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="learning_rate must be finite"):
        lag_contributions(run, 3, [1.0, 0.0, 0.0], np.nan)


# -- gradient descent on one weight -------------------------------------------------------------------------


def test_descend_weight_takes_the_squared_error_gradient_step():
    w0, x, d, alpha = 1.5, -0.7, 0.3, 2.0
    loss = lambda w: 0.5 * (d - 1 / (1 + anp.exp(-w * x))) ** 2
    from autograd import grad

    path = descend_weight(w0, x, d, alpha, 3)
    w = w0
    for k in range(1, 4):
        w = w - alpha * grad(loss)(w)
        assert path[k] == pytest.approx(w, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1.0, 0.0, 0.5, 1.0, 3), "x must be nonzero"),
        ((1.0, 1.0, 1.0, 1.0, 3), "target"),
        ((1.0, 1.0, 0.5, 0.0, 3), "learning_rate"),
        ((1.0, 1.0, 0.5, 1.0, 0), "steps"),
    ],
)
def test_descend_weight_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        descend_weight(*args)
