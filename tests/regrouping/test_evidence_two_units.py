"""The two-unit counter-example and the search, their numbers recomputed here with separate code."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.regrouping import evidence_two_units as r


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _jacobian_growth(W, y0, burn_in, lags):
    """Largest entry of d net(t) / d net(t - q), t = burn_in + lags, q = 1..lags, by the chain rule alone.

    net(s + 1) = W f(net(s)), so d net(t) / d net(t - q) = W F'(t - 1) W F'(t - 2) ... W F'(t - q).
    """
    y, nets = np.asarray(y0, dtype=float), []
    for _ in range(burn_in + lags):
        nets.append(W @ y)  # nets[s - 1] is net(s)
        y = _sigmoid(nets[-1])
    t = burn_in + lags
    J, largest = np.eye(len(y)), []
    for q in range(1, lags + 1):
        s = _sigmoid(nets[t - q - 1])
        J = J @ (W * (s * (1 - s))[None, :])
        largest.append(np.abs(J).max())
    return np.array(largest)


def test_counter_example_numbers_recomputed():
    a = r.COUNTER_WEIGHT
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    separate = _jacobian_growth(W, [0.5, 0.5], 1, 40)
    assert separate[9] == pytest.approx(397.48, rel=1e-4)
    assert separate[39] == pytest.approx(2.0e11, rel=2e-2)
    assert np.allclose(r.counter_example_flow(a, 40), separate, rtol=1e-12)
    # closed form: (a/4) (a/2)^(q-1); every single factor a/4 is below one
    q = np.arange(1, 41)
    assert np.allclose(separate, a / 4 * (a / 2) ** (q - 1), rtol=1e-12)
    assert a / 4 < 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n": 1}, "n must"), ({"sizes": (4.0,)}, "size"), ({"lags": 1}, "lags")],
)
def test_search_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        r.small_weight_search(**kwargs)


@pytest.mark.parametrize(
    ("a", "lags", "message"), [(0.0, 3, "a must"), (-1.0, 3, "a must"), (1.0, 0, "lags")]
)
def test_counter_example_refuses_bad_arguments(a, lags, message):
    with pytest.raises(ValueError, match=message):
        r.counter_example_flow(a, lags)
