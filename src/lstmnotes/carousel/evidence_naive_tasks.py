"""When the naive carousel suffices: representation, repetition and context (claim P19).

The paper says the naive carousel works only for local input codes and non-repeating inputs. Least squares
({py:func}`lstmnotes.carousel.naive_task_fit`) gives the least error any weights reach on a task, so the
claim can be decided on tasks:

- {py:func}`naive_examples`: two smallest tasks with local codes, a conflict without repeats and a repeat
  that does no harm;
- {py:func}`naive_representation_survey`: random tasks of three {py:data}`FAMILIES`, by code
  ({py:data}`ENCODINGS`) and repetition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, generator
from lstmnotes.carousel._naive_tasks import MAX_TASK_VALUES, naive_task_fit, naive_task_residual

__all__ = [
    "ENCODINGS",
    "FAMILIES",
    "MAX_SEQUENCES",
    "MAX_SYMBOLS",
    "MAX_TASKS",
    "SOLVED",
    "NaiveExample",
    "RepresentationSurvey",
    "naive_examples",
    "naive_representation_survey",
]

Array = NDArray[np.float64]

MAX_TASKS: Final = 1000
"""The most random tasks per triple of {py:func}`naive_representation_survey`."""
MAX_SYMBOLS: Final = 50
"""The largest alphabet of {py:func}`naive_representation_survey`."""
MAX_SEQUENCES: Final = 1000
"""The most sequences per task of {py:func}`naive_representation_survey`."""

ENCODINGS: Final = ("local", "independent", "dependent")
"""Codes for the symbols: one input line each; random codes with as many lines as symbols (linearly
independent); random codes with two lines fewer than symbols (linearly dependent)."""

FAMILIES: Final = ("distinct", "count", "context")
"""The task families of {py:func}`naive_representation_survey`: store each relevant symbol once (a repeat must
be ignored); count every occurrence of a relevant symbol (a repeat counts again); count a relevant symbol only
right after a marker symbol (whether it matters depends on what came before)."""

SOLVED: Final = 1e-18
"""A least error at most this counts as met exactly."""


@dataclass(frozen=True)
class NaiveExample:
    """A smallest task of the naive carousel, with local codes, and what least squares makes of it."""

    sequences: list[list[str]]
    """The sequences, as symbol names."""
    targets: list[list[float]]
    """The targets, one per step."""
    weights: dict[str, float]
    """The best input weight of each symbol."""
    error: float
    """The least total squared error (with the factor 1/2)."""


def _local_task(sequences: list[list[str]], targets: list[list[float]]) -> NaiveExample:
    symbols = sorted({a for seq in sequences for a in seq})
    length = max(len(seq) for seq in sequences)
    x = np.zeros((len(sequences), length, len(symbols)))
    d = np.zeros((len(sequences), length))
    mask = np.zeros((len(sequences), length), dtype=bool)
    for n, (seq, target) in enumerate(zip(sequences, targets, strict=True)):
        for t, (a, value) in enumerate(zip(seq, target, strict=True)):
            x[n, t, symbols.index(a)] = 1.0
            d[n, t] = value
            mask[n, t] = True
    features = np.cumsum(x, axis=1)[mask]  # steps past a sequence's end carry no target
    if mask.all():
        error = naive_task_residual(x, d)
        w = naive_task_fit(x, d)[0]
    else:
        solution, *_ = np.linalg.lstsq(features, d[mask], rcond=None)
        w = np.asarray(solution, dtype=np.float64)
        error = float(0.5 * np.sum((features @ w - d[mask]) ** 2))
    return NaiveExample(
        sequences, targets, {a: float(v) for a, v in zip(symbols, w, strict=True)}, error
    )


def naive_examples() -> dict[str, NaiveExample]:
    """Two smallest tasks that separate the naive carousel's success from locality and repetition.

    - ``"conflict"``: local codes, no repeats, yet no weights meet it: sequence ``(a)`` with target 1 and
      sequence ``(b, a)`` with targets ``(0, 0)``; ``a`` must count alone and not after ``b``.
    - ``"repeat"``: a repeated input, yet met exactly: ``(a, a)`` with targets ``(1, 2)``, the count of
      ``a`` so far.

    :return: the two examples, fitted.

    ```pycon
    >>> e = naive_examples()
    >>> round(e["conflict"].error, 12), {k: round(v, 12) for k, v in e["conflict"].weights.items()}
    (0.166666666667, {'a': 0.666666666667, 'b': -0.333333333333})
    >>> e["repeat"].error < 1e-20
    True

    ```
    """
    return {
        "conflict": _local_task([["a"], ["b", "a"]], [[1.0], [0.0, 0.0]]),
        "repeat": _local_task([["a", "a"]], [[1.0, 2.0]]),
    }


@dataclass(frozen=True)
class RepresentationSurvey:
    """Random tasks for the naive carousel, by family, code and repetition of the inputs."""

    tasks: int
    """How many random tasks each (family, code, repetition) triple was tried on."""
    symbols: int
    steps: int
    sequences: int
    """Sequences per task."""
    largest: dict[str, float]
    """The largest least error over the tasks, by ``"<family>/<code>/<repeating or not>"``."""
    smallest: dict[str, float]
    """The smallest least error over the tasks, by the same keys."""
    solved: dict[str, int]
    """How many tasks were met exactly (least error at most {py:data}`SOLVED`)."""
    code_gap: float
    """The largest difference between a task's least error with the local and with the independent code:
    zero up to rounding, since an invertible code only changes the weights' coordinates."""


def _targets_of(
    family: str, seqs: NDArray[np.int64], relevant: NDArray[np.bool_], marker: int
) -> Array:
    out = np.zeros(seqs.shape, dtype=np.float64)
    for n, seq in enumerate(seqs):
        seen: set[int] = set()
        count = 0
        for t, symbol in enumerate(seq):
            a = int(symbol)
            if family == "distinct":
                if relevant[a]:
                    seen.add(a)
                count = len(seen)
            elif family == "count":
                count += int(relevant[a])
            else:  # context: relevant only right after the marker
                count += int(relevant[a] and t > 0 and int(seq[t - 1]) == marker)
            out[n, t] = count
    return out


def naive_representation_survey(
    rng: np.random.Generator,
    *,
    tasks: int = 200,
    symbols: int = 6,
    steps: int = 4,
    sequences: int = 12,
) -> RepresentationSurvey:
    """Which tasks the naive carousel can meet exactly, by family, by the code of its inputs and repetition.

    Each task marks a random nonempty set of *relevant* symbols and a marker symbol; its targets follow one
    of the {py:data}`FAMILIES`. Sequences are ``steps`` symbols long, either all different
    (*non-repeating*) or with one relevant symbol shown twice (*repeating*). Each symbol is coded as a
    one-hot vector (``local``) or by a random Gaussian code, with as many lines as symbols (``independent``)
    or two fewer (``dependent``); {py:func}`lstmnotes.carousel.naive_task_residual` gives the least error each task allows.

    :param rng: random generator for tasks, sequences and codes.
    :param tasks: how many random tasks per triple, 1 to {py:data}`MAX_TASKS`.
    :param symbols: the alphabet size, 3 to {py:data}`MAX_SYMBOLS`.
    :param steps: the sequence length, from 2 to ``symbols``.
    :param sequences: how many sequences per task, 1 to {py:data}`MAX_SEQUENCES`.
    :raises TypeError: for an argument of the wrong type, naming it.
    :return: the largest and smallest least errors and the number of tasks met, per triple.
    :raises ValueError: for sizes out of range.
    """
    generator(rng)
    tasks = count(tasks, "tasks", minimum=1, maximum=MAX_TASKS)
    symbols = count(symbols, "symbols", minimum=3, maximum=MAX_SYMBOLS)
    steps = count(steps, "steps", minimum=2, maximum=symbols)
    sequences = count(sequences, "sequences", minimum=1, maximum=MAX_SEQUENCES)
    if sequences * steps * symbols > MAX_TASK_VALUES:
        raise ValueError(
            f"sequences * steps * symbols must be at most {MAX_TASK_VALUES}, got {sequences * steps * symbols}"
        )
    residuals: dict[str, list[float]] = {}
    gap = 0.0
    for _ in range(tasks):
        relevant = rng.random(symbols) < 0.5
        relevant[rng.integers(symbols)] = True
        marker = int(rng.integers(symbols))
        codes = {
            "local": np.eye(symbols),
            "independent": rng.normal(size=(symbols, symbols)),
            "dependent": rng.normal(size=(symbols, symbols - 2)),
        }
        for repeating in (False, True):
            drawn = []
            for _ in range(sequences):
                seq = rng.permutation(symbols)[:steps]
                if repeating:  # one relevant symbol, shown again at a later step
                    first = int(rng.integers(steps - 1))
                    seq[first] = rng.choice(np.flatnonzero(relevant))
                    seq[int(rng.integers(first + 1, steps))] = seq[first]
                drawn.append(seq)
            seqs = np.array(drawn)
            for family in FAMILIES:
                targets = _targets_of(family, seqs, relevant, marker)
                errors = {}
                for name, code in codes.items():
                    key = f"{family}/{name}/{'repeating' if repeating else 'non-repeating'}"
                    errors[name] = naive_task_residual(code[seqs], targets)
                    residuals.setdefault(key, []).append(errors[name])
                gap = max(gap, abs(errors["local"] - errors["independent"]))
    return RepresentationSurvey(
        tasks=tasks,
        symbols=symbols,
        steps=steps,
        sequences=sequences,
        largest={k: max(v) for k, v in residuals.items()},
        smallest={k: min(v) for k, v in residuals.items()},
        solved={k: sum(r <= SOLVED for r in v) for k, v in residuals.items()},
        code_gap=gap,
    )
