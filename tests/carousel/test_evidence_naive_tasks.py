"""The tasks that decide when the naive carousel suffices: the smallest examples and the random survey."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.carousel import evidence_naive_tasks


def test_naive_representation_survey():
    survey = evidence_naive_tasks.naive_representation_survey(np.random.default_rng(0), tasks=20)
    assert survey.solved["distinct/local/non-repeating"] == 20
    assert survey.solved["distinct/local/repeating"] == 0
    assert (
        survey.solved["count/local/repeating"] == 20
    )  # a repeat that should count again is harmless
    assert (
        survey.solved["context/local/non-repeating"] < 20
    )  # context-dependent relevance conflicts
    assert survey.code_gap < 1e-8  # an invertible code only changes the weights' coordinates


def test_naive_examples_by_hand():
    e = evidence_naive_tasks.naive_examples()
    # (a) -> 1, (b, a) -> (0, 0): minimise ((wa - 1)^2 + wb^2 + (wa + wb)^2) / 2 at wa = 2/3, wb = -1/3
    assert e["conflict"].weights["a"] == pytest.approx(2 / 3)
    assert e["conflict"].weights["b"] == pytest.approx(-1 / 3)
    assert e["conflict"].error == pytest.approx(1 / 6)
    assert e["repeat"].weights["a"] == pytest.approx(1.0)
    assert e["repeat"].error < 1e-20
