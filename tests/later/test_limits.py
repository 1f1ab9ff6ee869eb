"""The argument checks the conditions' checks and search share."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.later import _limits as limits


def test_activation_gives_gamma_and_refuses_unknown_names():
    assert limits._activation("logistic")[1] == 0.25
    assert limits._activation("tanh")[1] == 1.0
    assert limits._activation("identity")[1] == 1.0
    with pytest.raises(ValueError, match="unknown activation 'softplus'"):
        limits._activation("softplus")
    with pytest.raises(TypeError, match="activation must be an Activation or one of"):
        limits._activation(0.25)


def test_counts_accept_integers_in_range_and_refuse_the_rest():
    limits._counts(np.int64(32), 2000, 200)
    with pytest.raises(TypeError, match="nets must be an integer"):
        limits._counts(8, 2.0, 10)
    with pytest.raises(ValueError, match="q must be an integer in 1\\.\\.200, got 201"):
        limits._counts(8, 10, 201)
