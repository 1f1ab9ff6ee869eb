"""Online training on Task 2a, many independent nets at once, judged by the paper's success criterion.

{cite:t}`hochreiter1997lstm` (§5.2) train on sequences drawn one after another. When the weights change is
this build's assumption, for both learners: after each sequence presented, every weight moves by
$-\\alpha\\,\\partial E/\\partial w$, $E$ the squared error summed over the sequence's steps. A trial is
successful when, after training, the largest absolute error of every output stays below {paper}`0.25` over
{paper}`10,000` successive random sequences, within at most {paper}`5,000,000` presentations.

{py:func}`train_task_2a` scales this down: it presents at most ``sequences`` sequences to each of ``seeds``
nets (each net draws its own sequences) and judges each sequence by its error *before* the update it causes;
a net succeeds at the presentation that completes ``run_length`` successive sequences all below the
threshold. Training stops early once every net has succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import choice, count, finite_scalar
from lstmnotes.long_lag import _bptt, _cell_net
from lstmnotes.long_lag._output_layer import MAX_SEEDS, Array, output_errors
from lstmnotes.long_lag._task import MAX_DELAY, SUCCESS_THRESHOLD, generator
from lstmnotes.long_lag._two_sequences import bptt_step, cell_step

__all__ = [
    "LARGE_SEQUENCE",
    "LEARNERS",
    "MAX_LEARNING_RATE",
    "MAX_SEQUENCES",
    "MAX_TRAINING_STEPS",
    "MAX_TRAINING_WORK",
    "NET_STEP_COST",
    "PLATEAU_TOLERANCE",
    "PLATEAU_WINDOW",
    "SEQUENCE_COST",
    "STEP_COST",
    "Training",
    "train_task_2a",
    "training_work",
]

LEARNERS: Final = ("bptt", "cell")
"""The learners: ``"bptt"`` (one self-recurrent logistic unit, full BPTT) and ``"cell"`` (one memory cell
with an input gate, the paper's truncated gradient)."""

MAX_SEQUENCES: Final = 1_000_000
"""The most sequences presented to each net."""

MAX_TRAINING_STEPS: Final = 5_000_000
"""The most ``sequences * p``, the steps run one after another."""

MAX_TRAINING_WORK: Final = 200_000_000
"""The most work a call may take, counted by {py:func}`training_work` in units of about 10-50 ns of one
core's time (one weight update of one net for one symbol, or its share of a sequence's fixed costs). A call
at the limit takes up to about ten seconds; the chapter's largest run counts 1.9e8 and takes about four."""

SEQUENCE_COST: Final = 3_600
"""The fixed cost of presenting one sequence, whatever the sizes (about 125 microseconds of numpy calls),
in the units of ``MAX_TRAINING_WORK``."""

STEP_COST: Final = 260
"""The fixed cost of each of a sequence's $p$ steps (about 9 microseconds: the BPTT learner's forward and
backward passes loop over the steps), in the units of ``MAX_TRAINING_WORK``."""

NET_STEP_COST: Final = 3
"""The cost of each step of each net besides its weight updates (its state, gates and error, about 100 ns),
in the units of ``MAX_TRAINING_WORK``: it dominates for many nets at a short delay."""

LARGE_SEQUENCE: Final = 1_000_000
"""Above this many weight updates per sequence, ``seeds * p * (p + 2)``, the arrays leave the processor's
caches and each update costs about three times as much: {py:func}`training_work` counts them three times."""


def training_work(p: int, seeds: int, sequences: int) -> int:
    """The work of {py:func}`train_task_2a` with these sizes, as it counts it against ``MAX_TRAINING_WORK``:
    ``sequences * (SEQUENCE_COST + STEP_COST * p + seeds * p * (k * (p + 2) + NET_STEP_COST))``, with
    ``k = 3`` where the updates a sequence, ``seeds * p * (p + 2)``, exceed ``LARGE_SEQUENCE`` and 1
    otherwise.

    :param p: the delay, ``2..MAX_DELAY``.
    :param seeds: how many nets, ``1..MAX_SEEDS``.
    :param sequences: the most sequences per net, ``1..MAX_SEQUENCES``.
    :return: the work, in units of about 10-50 ns of one core's time (an exact integer).
    :raises TypeError: for a count that is not an integer.
    :raises ValueError: for a count outside its range.

    ```pycon
    >>> training_work(100, 6, 2000)  # the chapter's largest run
    185200000

    ```
    """
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    seeds = count(seeds, "seeds", minimum=1, maximum=MAX_SEEDS)
    sequences = count(sequences, "sequences", minimum=1, maximum=MAX_SEQUENCES)
    updates = seeds * p * (p + 2)
    per_net_step = (3 if updates > LARGE_SEQUENCE else 1) * (p + 2) + NET_STEP_COST
    return sequences * (SEQUENCE_COST + STEP_COST * p + seeds * p * per_net_step)


PLATEAU_WINDOW: Final = 50
"""The cell is added at the end of the first window of this many sequences whose summed error is not below
``1 - PLATEAU_TOLERANCE`` times the window's before: the error has stopped decreasing."""

PLATEAU_TOLERANCE: Final = 0.01
"""The relative decrease below which the error counts as no longer decreasing."""

MAX_LEARNING_RATE: Final = 100.0
"""The largest learning rate accepted (the paper tries {paper}`1.0` to {paper}`10.0`)."""


@dataclass(frozen=True)
class Training:
    """The outcome of training ``seeds`` nets of one learner on Task 2a with delay ``p``.

    :param learner: ``"bptt"`` or ``"cell"``.
    :param p: the delay.
    :param sequences: the most sequences presented to each net.
    :param learning_rate: $\\alpha$.
    :param run_length: how many successive sequences below the threshold count as success.
    :param solved_at: ``(S,)`` integers: the number of sequences presented when the criterion was met, or
        $-1$ if it never was.
    :param presented: the sequences presented to every net (fewer than ``sequences`` if all succeeded).
    :param cell_added_at: ``(S,)`` integers: for the cell, the number of sequences presented when it was
        added (the error had stopped decreasing); $-1$ where it never was, and for BPTT, whose net is whole
        from the start.
    :param flow_start: ``(S,)``: $\\log_{10}$ of the error flow from the last step back to the first at
        initialisation ({py:func}`lstmnotes.long_lag.bptt_flow` or
        {py:func}`lstmnotes.long_lag.cell_net_flow`), the larger of the two sequences.
    :param flow_end: ``(S,)``: the same after training.
    :param last_error: ``(S,)``: the largest absolute output error over the two sequences after training.
    :param net: the nets' weights after training (a {py:class}`lstmnotes.long_lag.BPTTNet` or
        {py:class}`lstmnotes.long_lag.CellNet`).
    :param state_at_added: ``(S,)``: for the cell, its state at the last step when it was added (the
        larger over the two sequences), the drift accumulated while it was held at zero; $-1$ where it
        was never added and for BPTT.
    :param first_jump: ``(S,)``: for the cell, the largest change of an output weight from the cell in the
        update of the first sequence the cell took part in; $-1$ where there was none and for BPTT.
    """

    learner: str
    p: int
    sequences: int
    learning_rate: float
    run_length: int
    solved_at: NDArray[np.int64]
    presented: int
    cell_added_at: NDArray[np.int64]
    flow_start: Array
    flow_end: Array
    last_error: Array
    net: Any
    state_at_added: Array
    first_jump: Array

    @property
    def solved(self) -> NDArray[np.bool_]:
        """``(S,)``: whether each net met the criterion."""
        return np.asarray(self.solved_at >= 0)


def _both_sequences(p: int, seeds: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    middle = np.arange(p - 1)
    x = np.concatenate([[p - 1], middle, [p - 1]])
    y = np.concatenate([[p], middle, [p]])
    return np.tile(x, (seeds, 1)), np.tile(y, (seeds, 1))


def _largest_error(
    learner: str, net: Any, symbols: NDArray[np.int64], present: Array | None
) -> Array:
    """Each net's largest absolute output error on ``symbols``, as trained (a cell not yet added held at
    zero), each error formed from its output's net input as evidence.worst_output forms it."""
    run = _forward(learner, net, symbols, present)
    z = run.hidden if learner == "bptt" else run.state
    if present is not None:
        z = z * present[:, None]
    return np.asarray(
        output_errors(net.output, symbols[:, :-1], symbols[:, 1:], z)[1].max(axis=(1, 2))
    )


def _forward(
    learner: str, net: Any, symbols: NDArray[np.int64], present: Array | None = None
) -> Any:
    """The run; for the cell, ``present`` says which nets have it yet (default: all)."""
    if learner == "bptt":
        return _bptt._forward(net, symbols[:, :-1])
    return _cell_net._forward(net, symbols[:, :-1], present)


def _flow(learner: str, net: Any, xs: NDArray[np.int64], ys: NDArray[np.int64]) -> Array:
    """The larger of the two sequences' flows from the last step back to the first ($\\log_{10}$)."""
    logs = [
        _bptt.flow_of_nets(_bptt._hidden(net, both[:, :-1])[0], net.self_weight)
        if learner == "bptt"
        else _cell_net.flow_of_inputs(net, both[:, :-1])
        for both in (xs, ys)
    ]
    return np.maximum(logs[0], logs[1])


def _cell_sequence(
    net: Any,
    first: NDArray[np.int64],
    present: Array,
    rate: float,
    fresh: NDArray[np.bool_],
    jump: Array,
) -> tuple[Array, Array]:
    """One :func:`cell_step`; for the ``fresh`` nets (first sequence with the cell) record in ``jump`` the
    largest change of an output weight from the cell."""
    fresh = fresh & (present > 0)
    from_cell = net.output[fresh, :, -1].copy()
    largest, loss = cell_step(net.gate_in, net.cell_in, net.output, first, present, rate)
    jump[fresh] = np.abs(net.output[fresh, :, -1] - from_cell).max(axis=1)
    return largest, loss


def train_task_2a(
    rng: np.random.Generator,
    learner: str,
    p: int,
    *,
    seeds: int,
    sequences: int,
    learning_rate: float,
    run_length: int,
) -> Training:
    """Train ``seeds`` independent nets online on Task 2a and record when each meets the criterion.

    The weights start uniform in $[-0.2, 0.2]$ (§5.2); after each sequence every net takes the step
    $-\\alpha\\,\\partial E/\\partial w$ of its learner's gradient ({py:func}`lstmnotes.long_lag.bptt_gradient`,
    {py:func}`lstmnotes.long_lag.cell_net_gradient`). A net succeeds once ``run_length`` successive sequences,
    each judged before its own update, have every output within {paper}`0.25` of its target at every step.

    :param rng: the random generator (weights first, then one sequence per net and presentation).
    :param learner: one of {py:data}`LEARNERS`.
    :param p: the delay, $2 \\le p \\le$ ``MAX_DELAY``.
    :param seeds: how many nets, ``1..MAX_SEEDS``; ``seeds * K * (K + 1)`` at most ``MAX_NET_VALUES``.
    :param sequences: the most sequences per net, ``1..MAX_SEQUENCES``; ``sequences * p`` at most
        ``MAX_TRAINING_STEPS`` and {py:func}`training_work` at most ``MAX_TRAINING_WORK`` (a call at the limit
        takes up to about ten seconds).
    :param learning_rate: $\\alpha$, $0 < \\alpha \\le$ ``MAX_LEARNING_RATE``.
    :param run_length: successive sequences below the threshold that count as success, ``1..sequences``.
    :return: the {py:class}`Training`.
    :raises TypeError: for an ``rng`` that is not a numpy ``Generator``, a learner that is not a string, a
        count that is not an integer or a rate that is not a real number.
    :raises ValueError: for an unknown learner or an argument outside its limits.

    ```pycon
    >>> out = train_task_2a(np.random.default_rng(1), "cell", 4, seeds=2, sequences=1000,
    ...                     learning_rate=1.0, run_length=20)  # the paper's rate for the cell
    >>> out.solved.tolist()
    [True, True]

    ```
    """
    rng = generator(rng)
    learner = choice(learner, "learner", LEARNERS)
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    seeds = count(seeds, "seeds", minimum=1, maximum=MAX_SEEDS)
    sequences = count(sequences, "sequences", minimum=1, maximum=MAX_SEQUENCES)
    if sequences * p > MAX_TRAINING_STEPS:
        raise ValueError(
            f"sequences * p = {sequences * p} exceeds MAX_TRAINING_STEPS = {MAX_TRAINING_STEPS}"
        )
    work = training_work(p, seeds, sequences)
    if work > MAX_TRAINING_WORK:
        raise ValueError(
            f"the work of seeds = {seeds}, sequences = {sequences} at p = {p}, training_work = {work}, "
            f"exceeds MAX_TRAINING_WORK = {MAX_TRAINING_WORK}: use fewer seeds or sequences"
        )
    rate = finite_scalar(learning_rate, "learning_rate")
    if not 0 < rate <= MAX_LEARNING_RATE:
        raise ValueError(f"learning_rate must be in (0, {MAX_LEARNING_RATE}], got {rate}")
    run_length = count(run_length, "run_length", minimum=1, maximum=sequences)
    xs, ys = _both_sequences(p, seeds)
    if learner == "bptt":
        net: Any = _bptt.random_bptt_net(rng, p, seeds)
        present = None
    else:
        net = _cell_net.random_cell_net(rng, p, seeds)
        present = np.zeros(seeds)  # the cell is added once the error stops decreasing
    flow_start = _flow(learner, net, xs, ys)
    streak = np.zeros(seeds, dtype=np.int64)
    solved_at = np.full(seeds, -1, dtype=np.int64)
    added_at = np.full(seeds, -1, dtype=np.int64)  # -1: not (yet) added
    window = np.zeros(seeds)
    before = np.full(seeds, np.inf)
    state_at_added = np.full(seeds, -1.0)
    first_jump = np.full(seeds, -1.0)
    presented = 0
    for n in range(sequences):
        first = p - 1 + rng.integers(0, 2, size=seeds)
        if present is None:
            largest, loss = bptt_step(net.hidden_in, net.self_weight, net.output, first, rate)
        else:
            largest, loss = _cell_sequence(net, first, present, rate, added_at == n, first_jump)
        streak = np.where(largest < SUCCESS_THRESHOLD, streak + 1, 0)
        solved_at[(solved_at < 0) & (streak >= run_length)] = n + 1
        presented = n + 1
        if np.all(solved_at >= 0):
            break
        window += loss
        if present is not None and presented % PLATEAU_WINDOW == 0:
            stalled = (present == 0) & (window >= (1.0 - PLATEAU_TOLERANCE) * before)
            present[stalled] = 1.0
            added_at[stalled] = presented
            if stalled.any():
                state_at_added[stalled] = np.maximum(
                    *(_forward(learner, net, both).state[:, -1] for both in (xs, ys))
                )[stalled]
            before, window = window, np.zeros(seeds)
    errors = [_largest_error(learner, net, both, present) for both in (xs, ys)]
    return Training(
        learner,
        p,
        sequences,
        rate,
        run_length,
        solved_at,
        presented,
        added_at,
        flow_start,
        _flow(learner, net, xs, ys),
        np.maximum(errors[0], errors[1]),
        net,
        state_at_added,
        first_jump,
    )
