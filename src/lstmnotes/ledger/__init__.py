"""The claim ledger: every claim of the paper's section 3 and of the public answer, with a computed verdict.

The registry knows no part of the book: each part registers its claims in its own ``claims`` module,
beside the evidence that decides them, and {py:func}`collect` imports every such module.

Each {py:class}`Claim` has an id, a one-sentence statement in the book's words, its source, the method of
its check, the verdict the book states, and a check: a function that calls the library, decides the
verdict afresh and returns it with its evidence. {py:func}`evaluate` runs one check and compares; a claim
whose computed verdict differs from the stated one is *drift*, and the book's build fails on it, as does
``python -m lstmnotes claims``.

Checks import the library lazily, so importing this module (and collecting the claims) stays cheap.
"""

from __future__ import annotations

import difflib
import enum
import importlib
import pkgutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from lstmnotes._validate import flag

__all__ = [
    "ANSWER",
    "CLAIMS",
    "PAPER",
    "SECTION_32",
    "Claim",
    "Evidence",
    "Result",
    "Verdict",
    "claim",
    "collect",
    "counterexample_or_none",
    "evaluate",
    "evidence_value",
    "iter_ledger",
    "ledger",
    "ledger_json",
    "matrix_text",
    "register",
]

PAPER = "Hochreiter & Schmidhuber 1997, §3.1"
"""The source of the paper's claims about section 3.1."""
SECTION_32 = "Hochreiter & Schmidhuber 1997, §3.2"
"""The source of the paper's claims about section 3.2."""
ANSWER = "the public answer"
"""The source of the public answer's claims."""

T = TypeVar("T")


class Verdict(enum.Enum):
    """What a check can conclude about a claim."""

    HOLDS = "holds"
    """True as stated, over the whole domain the statement names."""
    CONDITIONAL = "holds under conditions"
    """True in its source's setting once a hypothesis the source uses but does not state is added (named
    with the claim); counter-examples exist only outside that setting."""
    FALSE = "false as stated"
    """A computed counter-example inside the setting the statement names refutes it; the corrected form
    is named with the claim."""
    UNCHECKABLE = "not checkable"
    """No computation can decide it; the reason is named with the claim."""

    @property
    def short(self) -> str:
        """One word for badges: ``holds``, ``conditional``, ``false`` or ``uncheckable``."""
        return {"HOLDS": "holds", "CONDITIONAL": "conditional", "FALSE": "false"}.get(
            self.name, "uncheckable"
        )

    @classmethod
    def from_short(cls, word: str) -> Verdict:
        """The verdict named by :py:attr:`short` (or by its value).

        :param word: e.g. ``"false"``.
        :return: the verdict.
        :raises ValueError: for an unknown word.

        ```pycon
        >>> Verdict.from_short("false") is Verdict.FALSE
        True

        ```
        """
        for verdict in cls:
            if word in (verdict.short, verdict.value):
                return verdict
        known = ", ".join(v.short for v in cls)
        raise ValueError(f"unknown verdict {word!r}; choose one of {known}")


@dataclass(frozen=True)
class Evidence:
    """What a check found: its verdict, a one-line summary with the numbers, and the data behind it."""

    verdict: Verdict
    summary: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """A registered claim and the check that decides it."""

    id: str
    statement: str
    source: str
    method: str
    stated: Verdict
    check: Callable[[], Evidence] = field(repr=False, compare=False)
    note: str = ""
    """The conditions (for a conditional verdict), the corrected form (for a false one), or the reason."""


@dataclass(frozen=True)
class Result:
    """A claim with its freshly computed evidence."""

    claim: Claim
    evidence: Evidence
    seconds: float

    @property
    def agrees(self) -> bool:
        """Whether the computed verdict is the one the book states."""
        return self.evidence.verdict is self.claim.stated

    def as_dict(self, *, timing: bool = False) -> dict[str, Any]:
        """The result as JSON-ready data (timing left out unless asked for, to keep builds identical).

        :raises TypeError: for a ``timing`` that is not a bool.
        """
        out: dict[str, Any] = {
            "id": self.claim.id,
            "statement": self.claim.statement,
            "source": self.claim.source,
            "method": self.claim.method,
            "stated": self.claim.stated.value,
            "computed": self.evidence.verdict.value,
            "agrees": self.agrees,
            "note": self.claim.note,
            "evidence": self.evidence.summary,
            "data": self.evidence.data,
        }
        if flag(timing, "timing"):
            out["seconds"] = round(self.seconds, 3)
        return out


CLAIMS: dict[str, Claim] = {}
"""The registry, in registration order."""


def register(
    claim_id: str,
    *,
    statement: str,
    source: str,
    method: str,
    stated: Verdict,
    note: str = "",
) -> Callable[[Callable[[], Evidence]], Callable[[], Evidence]]:
    """Decorator that registers a check under ``claim_id`` (ids are unique)."""

    def decorate(check: Callable[[], Evidence]) -> Callable[[], Evidence]:
        if claim_id in CLAIMS:
            raise ValueError(f"claim {claim_id!r} registered twice")
        CLAIMS[claim_id] = Claim(claim_id, statement, source, method, stated, check, note)
        return check

    return decorate


def claim(claim_id: str) -> Claim:
    """Look up a registered claim; the id's case does not matter.

    :param claim_id: e.g. ``"P5"`` or ``"p5"``.
    :return: the claim.
    :raises KeyError: naming the unknown id, the closest known ones and all of them, in ledger order.

    ```pycon
    >>> claim("p5").stated
    <Verdict.HOLDS: 'holds'>

    ```
    """
    collect()
    try:
        return CLAIMS[claim_id.upper()]
    except (KeyError, AttributeError):
        known = sorted(CLAIMS, key=_order)
        close = difflib.get_close_matches(str(claim_id).upper(), known, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise KeyError(f"no claim {claim_id!r}; {hint}known: {', '.join(known)}") from None


def evaluate(claim_id: str) -> Result:
    """Run one claim's check.

    :param claim_id: the claim's id.
    :return: the claim, the evidence and the seconds the check took.

    ```pycon
    >>> evaluate("P5").agrees
    True

    ```
    """
    entry = claim(claim_id)
    start = time.perf_counter()
    evidence = entry.check()
    return Result(entry, evidence, time.perf_counter() - start)


def ledger(ids: Iterable[str] | None = None) -> list[Result]:
    """Run the checks of the given claims (all by default: paper, slips, answer, book; by number).

    :param ids: claim ids, or ``None`` for every claim.
    :return: one result per claim.
    """
    return list(iter_ledger(ids))


def iter_ledger(ids: Iterable[str] | None = None) -> Iterator[Result]:
    """Like {py:func}`ledger`, but yield each result as its check finishes.

    :param ids: claim ids (any case), or ``None`` for every claim.
    :return: an iterator over the results, in the order of ``ids`` (or the ledger's).
    :raises KeyError: for an unknown id, before any check runs.
    """
    collect()
    chosen = sorted(CLAIMS, key=_order) if ids is None else [claim(i).id for i in ids]
    for claim_id in chosen:
        yield evaluate(claim_id)


def _order(claim_id: str) -> tuple[int, int, str]:
    """Paper claims first, then reported slips, the answer's claims and the book's own, by number."""
    prefix, digits = claim_id[0], "".join(ch for ch in claim_id if ch.isdigit())
    return ("PSAX".find(prefix) % 5, int(digits or 0), claim_id)


def ledger_json(results: Iterable[Result], *, timing: bool = False) -> list[dict[str, Any]]:
    """The ledger as JSON-ready data.

    :param results: from {py:func}`ledger`.
    :param timing: include each check's time in seconds.
    :return: one dict per claim.
    :raises TypeError: for a ``timing`` that is not a bool (checked first, whatever ``results`` holds).
    """
    timed = flag(timing, "timing")
    return [r.as_dict(timing=timed) for r in results]


def evidence_value(row: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of a ledger row's evidence data.

    This is what the book's ``{evidence}`` role shows: a page quotes a claim's numbers from its row.

    :param row: one row of the ledger, as {py:func}`ledger_json` gives it (``claims.json``).
    :param path: keys of nested dicts and indices of nested lists, joined by dots, e.g. ``rates.0``.
    :return: the value.
    :raises KeyError: naming the claim, the path and what exists where the path fails.

    ```pycon
    >>> evidence_value({"id": "X", "data": {"rates": [0.5, {"q": 7}]}}, "rates.1.q")
    7

    ```
    """
    value: Any = row["data"]
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif (
            isinstance(value, list)
            and part.lstrip("-").isdigit()
            and -len(value) <= int(part) < len(value)
        ):
            value = value[int(part)]
        else:
            if isinstance(value, dict):
                there = f"keys {sorted(value)}"
            elif isinstance(value, list):
                there = f"a list of {len(value)}"
            else:
                there = f"the value {value!r}"
            raise KeyError(
                f"claim {row['id']}: no evidence at {path!r} (at {part!r}; there: {there})"
            )
    return value


def collect() -> None:
    """Import every part's claims modules (``lstmnotes.<part>.claims`` and ``claims_*``), once.

    A part registers its claims when its claims module is imported; the ledger finds those modules by
    name, so adding a part or a claim needs no change here.
    """
    import lstmnotes  # noqa: PLC0415

    for part in pkgutil.iter_modules(lstmnotes.__path__):
        if not part.ispkg or part.name.startswith("_") or part.name == "ledger":
            continue
        package = importlib.import_module(f"lstmnotes.{part.name}")
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "claims" or module.name.startswith("claims_"):
                importlib.import_module(f"lstmnotes.{part.name}.{module.name}")


def counterexample_or_none(find: Callable[[], T]) -> T | None:
    """Run a counter-example search; ``None`` when its whole range holds none.

    The evidence searches raise a plain ``ArithmeticError`` when they come up empty; the check then
    decides the other way instead of failing. Its subclasses (a division by zero, an overflow) are real
    errors and pass through.

    :param find: the search, called without arguments.
    :return: what the search found, or ``None``.
    """
    try:
        return find()
    except ArithmeticError as error:
        if type(error) is not ArithmeticError:
            raise
        return None


def matrix_text(matrix: object) -> str:
    """A small matrix as text, rows in parentheses, for an evidence summary.

    ```pycon
    >>> matrix_text([[1.0, -0.5], [0.0, 2.0]])
    '((1, -0.5), (0, 2))'

    ```
    """
    rows = np.asarray(matrix).tolist()
    return "(" + ", ".join("(" + ", ".join(f"{x:g}" for x in row) + ")" for row in rows) + ")"
