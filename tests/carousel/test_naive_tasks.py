"""The naive carousel's least-squares fit of a task, against a task worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from lstmnotes.carousel import _naive_tasks as naive_tasks


def test_naive_task_residual_zero_for_local_non_repeating_and_positive_for_a_repeat():
    naive_task_residual = naive_tasks.naive_task_residual
    assert naive_task_residual([[[1.0, 0.0], [0.0, 1.0]]], [[1.0, 1.0]]) < 1e-20
    assert naive_task_residual([[[1.0], [1.0]]], [[1.0, 1.0]]) > 0.09


def test_naive_task_fit_rejects_mismatched_targets():
    with pytest.raises(ValueError, match="targets must have shape"):
        naive_tasks.naive_task_fit([[[1.0], [1.0]]], [[1.0]])


@pytest.mark.parametrize("small", [1e130, 3e140, 1e-100, 1e-300])
def test_an_unfittable_row_far_below_the_largest_target_keeps_its_error(small):
    # the first row has no input, so no weight fits it: the least error is exactly 1/2 small^2 (the second
    # row is fitted exactly by w = 1e300), whatever the scale of the other target (1e-300: it rounds to 0)
    truth = Fraction(float(Fraction(small) ** 2 / 2))
    w, error = naive_tasks.naive_task_fit([[[0.0]], [[1.0]]], [[small], [1e300]])
    assert w.tolist() == [1e300]
    assert abs(Fraction(error) - truth) <= truth * 2**-50
    residual = naive_tasks.naive_task_residual([[[0.0]], [[1.0]]], [[small], [1e300]])
    assert residual == error
