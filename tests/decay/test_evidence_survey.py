"""The chapter's survey of random logistic nets, against an independent recomputation."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.decay import BURN_IN
from lstmnotes.decay import evidence_survey as survey


def _independent_survey_rates(w_max, seed_stream, n, nets, q, burn_in):
    """The survey's nets recomputed with separate code: a plain loop for the run, Jacobians for the flow."""
    rates, last = [], []
    for _ in range(nets):
        W = seed_stream.uniform(-w_max, w_max, size=(n, n))
        y = seed_stream.uniform(0.0, 1.0, size=n)
        nets_in = []
        for _ in range(burn_in + q + 1):
            a = W @ y
            nets_in.append(a)
            y = 1.0 / (1.0 + np.exp(-a))
        s = 1.0 / (1.0 + np.exp(-np.array(nets_in)))
        slopes = s * (1.0 - s)
        T, M, log_size, sizes = len(nets_in), np.eye(n), 0.0, []
        for m in range(1, q + 1):  # theta(s - 1) = F'(s - 1) W^T theta(s), from s = T down
            M = np.diag(slopes[T - m - 1]) @ W.T @ M
            peak = np.abs(M).max()
            log_size += np.log(peak)
            M /= peak
            sizes.append(log_size)
        rates.append(np.exp(np.polyfit(np.arange(1, q + 1), sizes, 1)[0]))
        last.append(np.exp(sizes[-1]))
    return np.array(rates), np.array(last)


def test_survey_single_nets_against_an_independent_recomputation():
    curves = survey.decay_survey()
    stream = np.random.default_rng(survey.SURVEY_SEED)
    for curve in curves:
        rates, last = _independent_survey_rates(
            curve.w_max, stream, survey.SURVEY_N, survey.SURVEY_NETS, survey.SURVEY_Q, BURN_IN
        )
        np.testing.assert_allclose(curve.rates, rates, rtol=1e-9)
        np.testing.assert_allclose(curve.flows[:, -1], last, rtol=1e-9)
    by_scale = {c.w_max: c for c in curves}
    # the mean decays at every scale of the survey, single nets do not
    assert all(c.rate < 1 for c in curves)
    assert int(np.sum(by_scale[4.0].rates >= survey.NEAR_ONE)) == 4
    assert by_scale[4.0].flows[np.argmax(by_scale[4.0].rates), -1] == pytest.approx(2.438, abs=1e-3)
    assert int(np.sum(by_scale[8.0].rates >= survey.NEAR_ONE)) == 6
    assert by_scale[8.0].rates.max() == pytest.approx(1.1888, abs=1e-4)
