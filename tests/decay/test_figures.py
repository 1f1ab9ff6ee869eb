"""The measured-decay figures, inspected through what the plotting functions return."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes import decay
from lstmnotes.decay import figures as dp


@pytest.fixture(scope="module")
def curves():
    return decay.decay_curves([0.5, 4.0], np.random.default_rng(0), n=4, nets=3, q=12)


def test_decay_curves_draw_flow_and_bound(ax, curves):
    drawn = dp.plot_decay_curves(ax, curves)
    assert len(drawn["flow"]) == len(drawn["bound"]) == 2
    q, bound = drawn["bound"][1].get_data()
    np.testing.assert_allclose(bound, 4 * curves[1].bound_rate ** np.asarray(q))
    np.testing.assert_allclose(drawn["flow"][0].get_data()[1], curves[0].flow)
    assert ax.get_yscale() == "log"


def test_decay_rates(ax, curves):
    drawn = dp.plot_decay_rates(ax, curves)
    assert list(drawn["measured"].get_data()[0]) == [0.5, 4.0]
    assert list(drawn["measured"].get_data()[1]) == [c.rate for c in curves]
    assert list(drawn["bound"].get_data()[1]) == [c.bound_rate for c in curves]


def test_blow_up(ax):
    b = decay.blow_up_example(np.random.default_rng(1), n=2, q=10)
    drawn = dp.plot_blow_up(ax, b)
    np.testing.assert_array_equal(drawn["flow"].get_data()[1], b.flow)
    ref = drawn["reference"].get_data()[1]
    assert ref[1] / ref[0] == pytest.approx(b.spectral_radius)


def test_path_products(ax):
    p = decay.path_product_distribution(np.random.default_rng(2), n=3, q=5)
    drawn = dp.plot_path_products(ax, p, bins=10)
    assert drawn["flow"].get_xdata()[0] == pytest.approx(np.log10(abs(p.flow)))
    assert drawn["absolute"].get_xdata()[0] == pytest.approx(np.log10(p.absolute_sum))
    with pytest.raises(ValueError, match="bins must be an integer in 2"):
        dp.plot_path_products(ax, p, bins=1)


def test_unit_count(ax):
    c = decay.flow_versus_units([2, 4, 8], np.random.default_rng(3), q=3, nets=2)
    drawn = dp.plot_unit_count(ax, c)
    np.testing.assert_allclose(drawn["signed"].get_data()[1], c.signed ** (1 / 3))
    np.testing.assert_allclose(drawn["positive"].get_data()[1], c.positive ** (1 / 3))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2", "4", "8"]


def test_empty_curves_refused(ax):
    with pytest.raises(ValueError, match="curves must hold at least one entry"):
        dp.plot_decay_curves(ax, [])
    with pytest.raises(ValueError, match="curves must hold at least one entry"):
        dp.plot_decay_rates(ax, [])
