"""The flow explorer: one weight scale at a time, with the nets, their mean and the bound of that scale."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import decay_curves
from lstmnotes.decay.figures_explore import flow_explorer


@pytest.fixture(scope="module")
def curves():
    return decay_curves([0.5, 2.0], np.random.default_rng(0), n=3, nets=2, q=6)


def test_each_scale_carries_its_nets_mean_and_bound(curves, plotly_spec):
    data, layout = plotly_spec(flow_explorer(curves, start=1).html, "flow-explorer")
    assert len(data) == 3 * len(curves)
    for k, curve in enumerate(curves):
        nets, mean, bound = data[3 * k : 3 * k + 3]
        geometric = np.exp(np.log(curve.flows).mean(axis=0))  # the mean, recomputed from the nets
        assert np.allclose(mean["y"], geometric, rtol=1e-3)
        assert np.allclose(bound["y"], curve.bound, rtol=1e-3)
        assert nets["y"].count(None) == curve.flows.shape[0]
        per_net = np.array([v for v in nets["y"] if v is not None]).reshape(curve.flows.shape)
        assert np.allclose(per_net, curve.flows, rtol=1e-3)
    assert [s["label"] for s in layout["sliders"][0]["steps"]] == ["0.5", "2"]
    assert [t["visible"] for t in data] == [False] * 3 + [True] * 3


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((), {}, ValueError),
        (("x",), {}, TypeError),
    ],
)
def test_bad_curves_are_refused(args, kwargs, error):
    with pytest.raises(error, match="curves"):
        flow_explorer(list(args), **kwargs)


def test_repeated_scales_and_a_bad_start_are_refused(curves):
    with pytest.raises(ValueError, match="distinct"):
        flow_explorer([curves[0], curves[0]])
    with pytest.raises(ValueError, match="start"):
        flow_explorer(curves, start=2)
    with pytest.raises(TypeError, match="start"):
        flow_explorer(curves, start=True)
