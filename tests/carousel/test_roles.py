"""The carousel part's evidence functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import datetime
import time

import numpy as np
import pytest
from _timing import assert_fast

from lstmnotes.carousel import MAX_STEPS, evidence
from lstmnotes.carousel import evidence_fixed_points as fp
from lstmnotes.carousel import evidence_naive_tasks as naive


def _rng():
    return np.random.default_rng(0)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (evidence.carousel_error_constancy, "steps", MAX_STEPS),
    (lambda v: evidence.carousel_error_constancy(1, rng=v), "rng", None),
    (evidence.negative_factor_reading, "steps", MAX_STEPS),
    (fp.logistic_factor_search, "rng", None),
    (lambda v: fp.logistic_factor_search(_rng(), sign=v), "sign", None),
    (lambda v: fp.logistic_factor_search(_rng(), largest=v), "largest", None),
    (lambda v: fp.logistic_factor_search(_rng(), grid=v), "grid", evidence.MAX_SEARCH_GRID),
    (lambda v: fp.logistic_factor_search(_rng(), draws=v), "draws", evidence.MAX_SEARCH_DRAWS),
    (lambda v: fp.unit_factor_values(activations=v), "activations", evidence.MAX_ACTIVATIONS),
    (fp.negative_weight_units, "rng", None),
    (lambda v: fp.negative_weight_units(_rng(), named=v), "named", None),
    (lambda v: fp.negative_weight_units(_rng(), escape_weights=v), "escape_weights", None),
    (lambda v: fp.negative_weight_units(_rng(), grid=v), "grid", evidence.MAX_SEARCH_GRID),
    (lambda v: fp.negative_weight_units(_rng(), draws=v), "draws", evidence.MAX_SEARCH_DRAWS),
    (lambda v: fp.negative_weight_units(_rng(), stuck_steps=v), "stuck_steps", MAX_STEPS),
    (
        lambda v: fp.negative_weight_units(_rng(), exact_grid=v),
        "exact_grid",
        evidence.MAX_EXACT_GRID,
    ),
    (
        lambda v: fp.negative_weight_units(_rng(), settle_starts=v),
        "settle_starts",
        evidence.MAX_STARTS,
    ),
    (naive.naive_representation_survey, "rng", None),
    (lambda v: naive.naive_representation_survey(_rng(), tasks=v), "tasks", naive.MAX_TASKS),
    (lambda v: naive.naive_representation_survey(_rng(), symbols=v), "symbols", naive.MAX_SYMBOLS),
    (lambda v: naive.naive_representation_survey(_rng(), steps=v), "steps", None),
    (
        lambda v: naive.naive_representation_survey(_rng(), sequences=v),
        "sequences",
        naive.MAX_SEQUENCES,
    ),
]
BAD = [
    "3",
    b"3",
    3j,
    True,
    datetime.date(2000, 1, 1),
    datetime.timedelta(1),
    np.array(["3"], dtype=object),
]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


@pytest.mark.parametrize(
    ("call", "name", "limit"), [c for c in CASES if c[1] != "rng" and c[1] != "largest"]
)
def test_none_is_refused_naming_the_argument(call, name, limit):
    with pytest.raises(TypeError, match=name):
        call(None)


def test_too_many_named_weights_are_refused():
    with pytest.raises(ValueError, match="named"):
        fp.negative_weight_units(_rng(), named=(-10.0,) * (evidence.MAX_NAMED + 1))


def test_the_survey_work_is_bounded():
    start = time.process_time()
    with pytest.raises(ValueError, match="sequences"):
        naive.naive_representation_survey(_rng(), symbols=50, steps=50, sequences=1000)
    assert_fast(start, 0.5)


def test_the_symbolic_unrolling_and_the_conflict_figure_check_their_counts(ax):
    from lstmnotes.carousel import figures, symbolic

    with pytest.raises(TypeError, match="q_max"):
        symbolic.unrolled_self_unit_flow("3")
    with pytest.raises(ValueError, match="q_max"):
        symbolic.unrolled_self_unit_flow(51)
    with pytest.raises(ValueError, match="points"):
        figures.plot_weight_conflict(ax, None, points=figures.MAX_CONFLICT_POINTS + 1)
