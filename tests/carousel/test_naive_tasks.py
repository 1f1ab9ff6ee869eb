"""The naive carousel's least-squares fit of a task, against a task worked by hand."""

from __future__ import annotations

import pytest

from lstmnotes.carousel import _naive_tasks as naive_tasks


def test_naive_task_residual_zero_for_local_non_repeating_and_positive_for_a_repeat():
    naive_task_residual = naive_tasks.naive_task_residual
    assert naive_task_residual([[[1.0, 0.0], [0.0, 1.0]]], [[1.0, 1.0]]) < 1e-20
    assert naive_task_residual([[[1.0], [1.0]]], [[1.0, 1.0]]) > 0.09


def test_naive_task_fit_rejects_mismatched_targets():
    with pytest.raises(ValueError, match="targets must have shape"):
        naive_tasks.naive_task_fit([[[1.0], [1.0]]], [[1.0]])
