"""The chapter's survey of random logistic nets: its set-up, the survey itself, and the threshold of its tallies.

The page, its figures and the claims that quote the survey (X50, X51) all call {py:func}`decay_survey`,
so they show the same nets.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes.decay import DecayCurve, decay_curves

__all__ = [
    "NEAR_ONE",
    "SURVEY_N",
    "SURVEY_NETS",
    "SURVEY_Q",
    "SURVEY_SCALES",
    "SURVEY_SEED",
    "decay_survey",
]

SURVEY_SEED: Final = 1997
"""The seed of the chapter's survey of random logistic nets."""

SURVEY_SCALES: Final = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""The weight scales $w_{max}$ of the survey."""

SURVEY_N: Final = 8
"""Units per net in the survey."""

SURVEY_NETS: Final = 20
"""Nets per weight scale in the survey."""

SURVEY_Q: Final = 40
"""Lags followed in the survey."""

NEAR_ONE: Final = 0.95
"""A fitted factor per step at or above this value counts as *hardly decaying* in the survey's tallies."""


def decay_survey() -> tuple[DecayCurve, ...]:
    """The chapter's survey: {py:func}`lstmnotes.decay.decay_curves` with the ``SURVEY_*`` set-up.

    The page, its figures and the claims that quote the survey all call this function, so they show the
    same nets.

    :return: one curve per scale of {py:data}`SURVEY_SCALES`.
    """
    return decay_curves(
        SURVEY_SCALES, np.random.default_rng(SURVEY_SEED), n=SURVEY_N, nets=SURVEY_NETS, q=SURVEY_Q
    )
