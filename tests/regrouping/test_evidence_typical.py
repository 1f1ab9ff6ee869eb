"""Random nets of many units: the witnesses' growth and the typical rates, recomputed with separate code."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.regrouping import evidence_typical as r


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


def test_witness_growth_recomputed():
    w = r.WITNESS
    rng = np.random.default_rng(w.seed)
    W = rng.uniform(-w.w_max, w.w_max, (w.units, w.units))
    y0 = rng.uniform(0, 1, w.units)
    separate = _jacobian_growth(W, y0, w.burn_in, w.lags)
    growth = (separate[-1] / separate[0]) ** (1 / (w.lags - 1))
    computed = r.witness_growth()
    # the net is chaotic: rounding differences of two forward loops (here numpy's W @ y against the
    # library's scaled sums, and BLAS kernels that differ from one CPU to the next) grow by about this
    # factor per step, so after the burn-in the two trajectories are different ones, and so are their
    # growth rates (1.23 and 1.27 on one machine); what both show is the flow growing every step
    assert growth > 1.1
    assert computed["growth"] > 1.1
    assert computed["largest_weight"] < 4
    # on the library's own trajectory the separate chain rule gives the same flow to rounding
    from lstmnotes.net._run import run_net

    run = run_net(W, y0, w.burn_in + w.lags)
    t, J = w.burn_in + w.lags, np.eye(w.units)
    for q in range(1, w.lags + 1):
        s = _sigmoid(run.nets[t - q - 1])
        J = J @ (W * (s * (1 - s))[None, :])
    assert np.abs(J).max() == pytest.approx(computed["last_flow"], rel=1e-9)


def test_small_weights_decay_on_the_same_net():
    small = r.witness_growth(w_max=r.WITNESS.small)
    assert small["sigma_max"] < 4
    assert small["growth"] < 1


def test_typical_rates_against_separate_flow():
    # one 6-unit net: the rate is the per-step growth of the back-propagated error, recomputed directly
    rates = r.typical_rates(6, 1, np.random.default_rng(5), w_max=3.9, burn_in=50, lags=300)
    rng = np.random.default_rng(5)
    W = rng.uniform(-3.9, 3.9, (6, 6))
    y = rng.uniform(0, 1, 6)
    slopes = []
    for step in range(350):
        y = _sigmoid(W @ y)
        if step >= 50:
            slopes.append(y * (1 - y))
    J = np.eye(6)
    for s in reversed(slopes):
        J = (s[:, None] * W.T) @ J
    assert rates[0] == pytest.approx(np.linalg.norm(J, 2) ** (1 / 300), rel=0.02)
