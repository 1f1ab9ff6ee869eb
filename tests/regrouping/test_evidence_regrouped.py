"""The regrouping verdicts, and their key numbers recomputed here with separate code."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.regrouping import evidence as r

EXPECTED = {
    "corrected_pairing_needs_regrouping": Verdict.HOLDS,
    "time_arguments_dropped": Verdict.HOLDS,
    "small_weights_flow_vanishes": Verdict.FALSE,
    "answer_still_vanishes": Verdict.FALSE,
    "entrywise_bound": Verdict.HOLDS,
    "alternating_threshold_sharp": Verdict.HOLDS,
}


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


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(r, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary


def test_every_function_is_covered():
    verdicts = {name for name in r.__all__ if name in EXPECTED}
    assert verdicts == set(EXPECTED)


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


def test_witness_growth_recomputed():
    w = r.WITNESS
    rng = np.random.default_rng(w.seed)
    W = rng.uniform(-w.w_max, w.w_max, (w.units, w.units))
    y0 = rng.uniform(0, 1, w.units)
    separate = _jacobian_growth(W, y0, w.burn_in, w.lags)
    growth = (separate[-1] / separate[0]) ** (1 / (w.lags - 1))
    computed = r.witness_growth()
    # the net is chaotic: rounding differences of two forward loops grow by about this factor per step,
    # so after the burn-in the two trajectories differ; the growth rate they measure does not
    assert computed["growth"] == pytest.approx(growth, rel=0.02)
    assert 1.15 < growth < 1.25
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


def test_smallest_two_unit_net_sits_at_four_over_n():
    data = r.small_weights_flow_vanishes().data
    assert data["search"]["smallest_size"] == 2.0
    sizes, rates = data["search"]["sizes"], data["search"]["worst_rate"]
    # the search reaches the upper bound rho(|W|)/4 <= n a / 4 at every size, never beyond it
    assert np.allclose(rates, np.array(sizes) / 2, rtol=1e-9)


def test_alternating_threshold_keeps_one_over_n():
    data = r.alternating_threshold_sharp().data
    assert data["proved"]
    assert data["rate"] == pytest.approx([1.0] * 4)
    assert data["deviation"] < 1e-12


def test_counter_example_is_unstable_and_typical_two_unit_nets_decay():
    counter = r.small_weights_flow_vanishes().data["counter"]
    a, near = counter["a"], counter["nearby"]
    # d -> tanh(a d / 2): the nonzero fixed point, recomputed by bisection
    lo, hi = 0.5, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.tanh(a * mid / 2) > mid else (lo, mid)
    assert near["d_star"] == pytest.approx(lo, abs=1e-9)
    assert near["rate"] == pytest.approx(a / 2 / np.cosh(a * lo / 2) ** 2, rel=1e-9)
    assert near["rate"] == pytest.approx(0.1811, abs=1e-4)


def test_typical_fractions_grow_with_n():
    data = r.small_weights_flow_vanishes().data
    typical, witness = data["typical"], data["witness"]
    assert typical["fraction"][0] == 0
    assert typical["largest_rate"][0] < 1
    assert typical["fraction"] == sorted(typical["fraction"])
    assert 1 < witness["growth_min"] <= witness["growth_max"]
    assert witness["small_growth_max"] < 1


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


def test_no_uniform_margin_under_p13():
    approach = r.answer_still_vanishes().data["approach"]
    assert np.allclose(approach["rates"], np.array(approach["sizes"]) / 2, rtol=1e-9)
    assert max(approach["rates"]) < 1


def test_one_unit_bound():
    one = r.small_weights_flow_vanishes().data["one_unit"]
    assert one["largest_factor"] < 1
    assert one["ratio_to_bound"] <= 1 + 1e-12


def test_time_check_sees_the_shifted_times():
    data = r.time_arguments_dropped().data
    assert data["flow_error"] < 1e-6 < data["shifted_error"]
    assert data["input_error"] < 1e-6 < data["shifted_input_error"]
    assert data["net_step"] <= data["net_range"]
    # the same net drawn and run with plain numpy: weights, then y(0), from the example's seed
    ex = r.EXAMPLE
    rng = np.random.default_rng(ex.seed)
    W = rng.uniform(-ex.w_max, ex.w_max, (ex.units, ex.units))
    y = rng.uniform(0.0, 1.0, ex.units)
    nets = []
    for _ in range(data["t"]):
        nets.append(W @ y)
        y = 1.0 / (1.0 + np.exp(-nets[-1]))
    window = np.array(nets[data["t"] - data["q"] - 1 :])  # net(t - q) ... net(t)
    assert data["net_range"] == pytest.approx(np.ptp(window, axis=0).max())
    assert data["net_step"] == pytest.approx(np.abs(np.diff(window, axis=0)).max())


def test_worked_bracket_is_a_gain_below_its_maximum():
    example = r.corrected_pairing_needs_regrouping().data["example"]
    assert example["size"] <= example["best"] == pytest.approx(-example["best_signed"])
    assert example["latex"]["bracket"] == r"f'_{2}(11)\,w_{23}"
    assert example["latex"]["input"] == "y^{3}(10)"
    assert example["corrected_latex"]["slope"] == "f'_{3}(10)"
    assert not example["corrected_feeds"]


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


def test_a6_small_weight_net_grows_by_n_a_over_4():
    # At y = 1/2 every net input of the alternating net is 0, so every slope is 1/4 and the flow over q
    # steps is (W/4)^q = (a/4)^q n^(q-1) s s^T: it grows by n a / 4 a step (1.1 for 22 units, a = 0.2).
    n, a = r.SMALL_UNITS, r.SMALL_WEIGHT
    s = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    flows = [np.abs(np.linalg.matrix_power(a * np.outer(s, s) / 4, q)).max() for q in (10, 11)]
    assert flows[1] / flows[0] == pytest.approx(n * a / 4)
    assert n * a / 4 > 1
    evidence = r.answer_still_vanishes()
    assert evidence.data["small"]["rate"] == pytest.approx(n * a / 4, rel=1e-6)
