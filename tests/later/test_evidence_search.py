"""The adversarial search against the spectral-norm bound: it reaches the bound and never passes it."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.later import evidence_search as conditions


def test_norm_bound_search_reaches_the_bound_and_never_passes_it():
    s = conditions.norm_bound_search(
        np.random.default_rng(1), sizes=(1, 2, 5), q=6, draws=5, steps=5
    )
    assert s.worst_ratio <= 1 + 1e-12
    assert s.attained == pytest.approx(1.0, abs=1e-12)
    assert s.largest_below <= 1 + 1e-12
    assert s.sizes == (1, 2, 5)
    assert s.q == 6
    assert s.candidates > 0
    assert s.worst_case["n"] in (1, 2, 5)


def test_norm_bound_search_finds_a_violation_when_the_slopes_exceed_gamma(monkeypatch):
    # slopes up to 2 gamma break the hypothesis: the search must then find ratios above one
    real = conditions.flow_norms
    monkeypatch.setattr(conditions, "flow_norms", lambda W, fprime: real(W, 2 * np.asarray(fprime)))
    s = conditions.norm_bound_search(np.random.default_rng(1), sizes=(1, 2), q=4, draws=3, steps=3)
    assert s.worst_ratio > 1.5


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conditions.norm_bound_search(np.random.default_rng(0), draws=0), "draws must be"),
        (lambda: conditions.norm_bound_search(np.random.default_rng(0), sizes=(40,)),
         "sizes\\[0\\] must be an integer in 1\\.\\.32"),
    ],
)  # fmt: skip
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
