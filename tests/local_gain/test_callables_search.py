"""max_gain with a reader's own callables: the whole float range of net inputs is needed, and where f'
and f'' underflow a slope_rate given in a stable form takes over from their 0/0 quotient.

The unit is tanh(x - 40) + tanh(x + 40), whose slope has two humps far from 0; the oracle is mpmath's
root of the gain's derivative, started from the best of a dense grid of weights."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from lstmnotes.activations import BeyondNetLimit, from_callables
from lstmnotes.local_gain import gain, max_gain

FMAX = float(np.finfo(np.float64).max)
S = 40.0


def _sech2(u):
    e = np.exp(-2 * np.abs(u))
    return 4 * e / (1 + e) ** 2


def _fprime(x):
    return _sech2(x - S) + _sech2(x + S)


def _fsecond(x):
    return -2 * (np.tanh(x - S) * _sech2(x - S) + np.tanh(x + S) * _sech2(x + S))


def _rate(x):
    # f''/f' with each sech^2 taken relative to the larger: no 0/0 where both underflow
    u, v = np.abs(x - S), np.abs(x + S)
    m = np.minimum(u, v)
    a = 4 * np.exp(-2 * (u - m)) / (1 + np.exp(-2 * u)) ** 2
    b = 4 * np.exp(-2 * (v - m)) / (1 + np.exp(-2 * v)) ** 2
    return -2 * (np.tanh(x - S) * a + np.tanh(x + S) * b) / (a + b)


def _unit(**kwargs):
    return from_callables(
        "tanh(x - 40) + tanh(x + 40)",
        lambda x: np.tanh(x - S) + np.tanh(x + S),
        _fprime,
        fsecond=_fsecond,
        slope_max=float(_fprime(np.array(S))),
        slope_argmax=S,
        even_slope=True,
        tail_gains=(0.0, 0.0),
        **kwargs,
    )


def _oracle(y, c):
    def g(w):
        return abs(w) * (mpmath.sech(w * y + c - S) ** 2 + mpmath.sech(w * y + c + S) ** 2)

    with mpmath.workdps(40):
        weights = np.concatenate([-np.geomspace(1e-3, 1e4, 20001), np.geomspace(1e-3, 1e4, 20001)])
        start = weights[np.argmax([float(g(mpmath.mpf(w))) for w in weights])]
        best = mpmath.findroot(lambda w: mpmath.diff(g, w), mpmath.mpf(start))
        return abs(best), g(best)


@pytest.mark.parametrize(("y", "c"), [(1.0, 0.0), (1.0, -40.0), (0.25, 3.0), (1.0, 40.0)])
def test_a_stable_slope_rate_lets_the_search_run_over_the_whole_range(y, c):
    w, value = max_gain(y, c, activation=_unit(net_limit=FMAX, slope_rate=_rate))
    weight, truth = _oracle(y, c)
    assert abs(mpmath.mpf(value) / truth - 1) <= 4 * 2.0**-52
    assert abs(abs(mpmath.mpf(w)) / weight - 1) <= 1e-7  # a flat peak: w to half the digits


def test_the_quotient_of_underflowed_slopes_is_refused_naming_slope_rate():
    with pytest.raises(ValueError, match=r"0/0 where its f' and f'' underflow.*slope_rate"):
        max_gain(1.0, 0.0, activation=_unit(net_limit=FMAX))


def test_a_search_beyond_net_limit_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"reached .* beyond \+-300\.0.*its net_limit") as info:
        max_gain(1.0, 0.0, activation=_unit(slope_rate=_rate))
    assert isinstance(info.value.__cause__, BeyondNetLimit)
    with pytest.raises(BeyondNetLimit, match="net_limit") as beyond:
        gain(1.0, 1.0, 300.0, activation=_unit())
    assert (beyond.value.net_input, beyond.value.net_limit) == (301.0, 300.0)


def test_a_slope_rate_is_checked_against_the_quotient():
    with pytest.raises(ValueError, match=r"slope_rate is not fsecond/fprime: at x = "):
        _unit(slope_rate=lambda x: -_rate(x))
    with pytest.raises(TypeError, match="slope_rate must be callable"):
        _unit(slope_rate=2.0)
    with pytest.raises(TypeError, match="needs fsecond"):
        from_callables("t", np.tanh, lambda x: 1 / np.cosh(x) ** 2, slope_max=1.0, slope_argmax=0.0,
                       slope_rate=lambda x: -2 * np.tanh(x))  # fmt: skip
