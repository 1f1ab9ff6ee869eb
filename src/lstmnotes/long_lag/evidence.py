"""The experiment of the long-lag chapter: both learners trained on Task 2a against the delay.

{py:func}`delay_scan` trains, for each delay, a batch of independently seeded nets of each learner with
{py:func}`lstmnotes.long_lag.train_task_2a` and tabulates the success rate, the sequences to success and the
error flow from the last step back to the first, at initialisation and after training. It is the scaled-down
counterpart of the paper's Table 2 {cite:p}`hochreiter1997lstm` (§5.2), deterministic for a given seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lstmnotes._validate import count
from lstmnotes.long_lag import LEARNERS, MAX_DELAY, Training, train_task_2a

__all__ = ["MAX_SCAN_STEPS", "DelayRow", "delay_scan"]

MAX_SCAN_STEPS = 2_000_000
"""The most ``sum(delays) * sequences`` a scan accepts (each learner: about a minute of one core)."""


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
    :raises TypeError: for a count that is not an integer.
    :raises ValueError: for an empty ``delays``, a learner missing from ``learning_rates`` or a scan beyond
        ``MAX_SCAN_STEPS``; as {py:func}`lstmnotes.long_lag.train_task_2a` otherwise.
    """
    seed = count(seed, "seed")
    ps = [count(p, "delays", minimum=2, maximum=MAX_DELAY) for p in delays]
    if not ps:
        raise ValueError("delays must hold at least one delay")
    sequences = count(sequences, "sequences", minimum=1)
    if sum(ps) * sequences > MAX_SCAN_STEPS:
        raise ValueError(
            f"sum(delays) * sequences = {sum(ps) * sequences} exceeds MAX_SCAN_STEPS = {MAX_SCAN_STEPS}"
        )
    missing = set(LEARNERS) - set(learning_rates)
    if missing:
        raise ValueError(f"learning_rates must give a rate for {sorted(missing)}")
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
                learning_rate=learning_rates[learner],
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
