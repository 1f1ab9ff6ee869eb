"""The experiment of the long-lag chapter: both learners trained on Task 2a against the delay.

{py:func}`delay_scan` trains, for each delay, a batch of independently seeded nets of each learner with
{py:func}`lstmnotes.long_lag.train_task_2a` and tabulates the success rate, the sequences to success and the
error flow from the last step back to the first, at initialisation and after training. It is the scaled-down
counterpart of the paper's Table 2 {cite:p}`hochreiter1997lstm` (§5.2), deterministic for a given seed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, counts, finite_scalar
from lstmnotes.long_lag import (
    LEARNERS,
    MAX_DELAY,
    MAX_SEEDS,
    Training,
    _bptt,
    _cell_net,
    train_task_2a,
)
from lstmnotes.long_lag._output_layer import output_errors

__all__ = [
    "CHAPTER_DELAYS",
    "CHAPTER_RATE",
    "CHAPTER_RUN",
    "CHAPTER_SEED",
    "CHAPTER_SEEDS",
    "CHAPTER_SEQUENCES",
    "MAX_SCAN_STEPS",
    "DelayRow",
    "WorstOutput",
    "chapter_scan",
    "delay_scan",
    "worst_output",
]

MAX_SCAN_STEPS = 2_000_000
"""The most ``sum(delays) * sequences`` a scan accepts (each learner: about a minute of one core)."""


def _delays(delays: Sequence[int], most: int) -> tuple[int, ...]:
    """The delays: a non-empty list or tuple of at most ``most`` integers in ``2..MAX_DELAY``."""
    if isinstance(delays, list | tuple) and len(delays) > most:
        raise ValueError(f"delays may hold at most {most} delays, got {len(delays)}")
    return counts(delays, "delays", minimum=2, maximum=MAX_DELAY)


@dataclass(frozen=True)
class DelayRow:
    """One learner at one delay.

    :param learner: ``"bptt"`` or ``"cell"``.
    :param p: the delay.
    :param learning_rate: $\\alpha$.
    :param trials: how many nets.
    :param successes: how many met the criterion.
    :param median_to_success: the median number of sequences to success over the successful nets, or
        $-1$ if none succeeded.
    :param flow_start: the median $\\log_{10}$ of the flow from the last step back to the first at
        initialisation.
    :param flow_end: the same after training.
    :param training: the whole record.
    """

    learner: str
    p: int
    learning_rate: float
    trials: int
    successes: int
    median_to_success: float
    flow_start: float
    flow_end: float
    training: Training


def delay_scan(
    seed: int,
    delays: Sequence[int],
    *,
    seeds: int,
    sequences: int,
    learning_rates: dict[str, float],
    run_length: int,
) -> list[DelayRow]:
    """Train each learner at each delay and tabulate the outcome (the chapter's table).

    Each (learner, delay) pair draws from its own generator, seeded by ``seed``, the learner's index and the
    delay, so that a row does not change when another is added.

    :param seed: the experiment's seed, a non-negative integer.
    :param delays: the delays $p$, each in ``2..MAX_DELAY``.
    :param seeds: nets per learner and delay.
    :param sequences: the most sequences per net; ``sum(delays) * sequences`` at most
        {py:data}`MAX_SCAN_STEPS`.
    :param learning_rates: learner to $\\alpha$, for each of {py:data}`lstmnotes.long_lag.LEARNERS`.
    :param run_length: successive sequences below the threshold that count as success.
    :return: the rows, learner by learner, delays in the order given.
    :raises TypeError: for a count that is not an integer, ``delays`` that are not a list or tuple,
        ``learning_rates`` that are not a dict or a rate that is not a real number.
    :raises ValueError: for an empty ``delays``, a learner missing from ``learning_rates`` or a scan beyond
        ``MAX_SCAN_STEPS``; as {py:func}`lstmnotes.long_lag.train_task_2a` otherwise.
    """
    seed = count(seed, "seed")
    sequences = count(sequences, "sequences", minimum=1)
    seeds = count(seeds, "seeds", minimum=1, maximum=MAX_SEEDS)
    run_length = count(run_length, "run_length", minimum=1)
    ps = _delays(delays, MAX_SCAN_STEPS // (2 * sequences))
    if sum(ps) * sequences > MAX_SCAN_STEPS:
        raise ValueError(
            f"sum(delays) * sequences = {sum(ps) * sequences} exceeds MAX_SCAN_STEPS = {MAX_SCAN_STEPS}"
        )
    if not isinstance(learning_rates, dict):
        raise TypeError(
            f"learning_rates must be a dict of learner to rate, got {type(learning_rates).__name__}"
        )
    missing = set(LEARNERS) - set(learning_rates)
    if missing:
        raise ValueError(f"learning_rates must give a rate for {sorted(missing)}")
    rates = {
        name: finite_scalar(learning_rates[name], f"learning_rates[{name!r}]") for name in LEARNERS
    }
    rows = []
    for index, learner in enumerate(LEARNERS):
        for p in ps:
            rng = np.random.default_rng([seed, index, p])
            out = train_task_2a(
                rng,
                learner,
                p,
                seeds=seeds,
                sequences=sequences,
                learning_rate=rates[learner],
                run_length=run_length,
            )
            solved = out.solved_at[out.solved]
            rows.append(
                DelayRow(
                    learner,
                    p,
                    out.learning_rate,
                    seeds,
                    int(out.solved.sum()),
                    float(np.median(solved)) if solved.size else -1.0,
                    float(np.median(out.flow_start)),
                    float(np.median(out.flow_end)),
                    out,
                )
            )
    return rows


CHAPTER_DELAYS: Final = (4, 10, 20, 100)
"""The delays of the chapter's scan."""
CHAPTER_SEEDS: Final = 6
"""Nets per learner and delay in the chapter's scan."""
CHAPTER_SEQUENCES: Final = 2_000
"""The most sequences presented to each net of the chapter's scan (the paper: {paper}`5,000,000`)."""
CHAPTER_RATE: Final = 1.0
"""The learning rate of both learners in the chapter's scan, the paper's {paper}`1.0` for the cell."""
CHAPTER_RUN: Final = 20
"""Successive sequences within the threshold that count as success in the chapter's scan (the paper:
{paper}`10,000`)."""
CHAPTER_SEED: Final = 1997
"""The seed of the chapter's scan."""


@functools.cache
def chapter_scan() -> tuple[DelayRow, ...]:
    """The chapter's scan, computed once per process (the page and the claims each call it).

    :return: {py:func}`delay_scan` with the ``CHAPTER_*`` constants, as a tuple.
    """
    return tuple(
        delay_scan(
            CHAPTER_SEED,
            CHAPTER_DELAYS,
            seeds=CHAPTER_SEEDS,
            sequences=CHAPTER_SEQUENCES,
            learning_rates=dict.fromkeys(LEARNERS, CHAPTER_RATE),
            run_length=CHAPTER_RUN,
        )
    )


@dataclass(frozen=True)
class WorstOutput:
    """Where each trained net of one {py:class}`lstmnotes.long_lag.Training` errs most, on both sequences.

    :param error: ``(S,)``: the largest absolute output error over both sequences and every step.
    :param slope: ``(S,)``: the logistic's slope $\\sigma'(\\mathit{net}) = y(1 - y)$ of that output at that
        step (formed from its net input), the factor by which its error reaches the weights.
    :param net_input: ``(S,)``: that output's net input there.
    """

    error: NDArray[np.float64]
    slope: NDArray[np.float64]
    net_input: NDArray[np.float64]


def worst_output(training: Training) -> WorstOutput:
    """The output each trained net gets most wrong on the two sequences of Task 2a, with its slope.

    The cell's output is seen only in the nets where it has been added (``cell_added_at > 0``), as during
    training. An error near one with a slope near zero is an output saturated on the wrong side: its
    gradient, $(y - d)\\,y(1 - y)$, has vanished.

    :param training: from {py:func}`lstmnotes.long_lag.train_task_2a`.
    :return: the {py:class}`WorstOutput`.
    :raises TypeError: if ``training`` is not a {py:class}`lstmnotes.long_lag.Training`.
    """
    if not isinstance(training, Training):
        raise TypeError(f"training must be a Training, got {type(training).__name__}")
    p, seeds = training.p, training.solved_at.shape[0]
    middle = np.arange(p - 1)
    error = np.zeros(seeds)
    slope = np.zeros(seeds)
    net_input = np.zeros(seeds)
    for first in (p - 1, p):
        symbols = np.tile(np.concatenate([[first], middle, [first]]), (seeds, 1))
        inputs = symbols[:, :-1]
        if training.learner == "bptt":
            z = _bptt._forward(training.net, inputs).hidden
        else:
            present = (training.cell_added_at > 0).astype(np.float64)
            z = _cell_net._forward(training.net, inputs, present).state * present[:, None]
        nets, wrong, slopes = (
            a.reshape(seeds, -1)
            for a in output_errors(training.net.output, inputs, symbols[:, 1:], z)
        )
        at = np.argmax(wrong, axis=1)
        pick = np.arange(seeds), at
        larger = wrong[pick] > error
        error = np.where(larger, wrong[pick], error)
        slope = np.where(larger, slopes[pick], slope)
        net_input = np.where(larger, nets[pick], net_input)
    return WorstOutput(error, slope, net_input)
