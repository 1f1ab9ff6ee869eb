"""The ledger's cache: each claim's result, kept under the key of what its check depends on.

A claim's check imports the evidence it needs from the closure of the module that registers it, so its
result (verdict and evidence) can change only when the source of a module in that closure changes, or the
environment does (Python, an installed distribution). {py:func}`claim_keys` hashes exactly those
({py:func}`lstmnotes.ledger.deps.key`); {py:func}`results` serves a result from the cache only when its
key is the current one, and runs the other checks afresh, in parallel processes when there are several.

``python -m lstmnotes claims`` and the book's build share one cache file, ``claims.json`` in
{py:func}`default_folder`: in a checkout of the project, the build's ``docs/_build/.ledger-cache``; for
an installed package, the user's cache folder. The environment variable ``LSTMNOTES_LEDGER_CACHE`` names
another folder; ``LSTMNOTES_NO_CACHE`` set to anything but ``0`` or nothing bypasses the cache, as the
command line's ``--no-cache`` does.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstmnotes._validate import count as _count
from lstmnotes._validate import flag
from lstmnotes.ledger import CLAIMS, collect, evaluate
from lstmnotes.ledger import deps as _deps

__all__ = [
    "CACHE_FILE",
    "FOLDER_VARIABLE",
    "MAX_JOBS",
    "OFF_VARIABLE",
    "Row",
    "bypassed",
    "claim_keys",
    "current",
    "default_folder",
    "load",
    "results",
    "store",
]

CACHE_FILE = "claims.json"
"""The cache's file name inside its folder."""
FOLDER_VARIABLE = "LSTMNOTES_LEDGER_CACHE"
"""The environment variable that names the cache's folder."""
OFF_VARIABLE = "LSTMNOTES_NO_CACHE"
"""The environment variable that bypasses the cache (any value but ``0`` or nothing)."""
MAX_JOBS = 64
"""The most processes {py:func}`results` runs checks in."""


@dataclass(frozen=True)
class Row:
    """One claim's ledger row (as {py:meth}`lstmnotes.ledger.Result.as_dict` gives it), and where it came from."""

    row: dict[str, Any]
    """The row, without timing: the same whether computed now or served from the cache."""
    seconds: float
    """The check's time in seconds (0 when ``cached``)."""
    cached: bool
    """Whether the row came from the cache instead of a run of the check."""


def default_folder() -> Path:
    """The cache's folder: ``$LSTMNOTES_LEDGER_CACHE``; else the book build's, in a checkout; else the user's.

    :return: a folder (it may not exist yet).
    """
    named = os.environ.get(FOLDER_VARIABLE)
    if named:
        return Path(named)
    checkout = _deps.SRC.parents[1]
    if (checkout / "docs" / "conf.py").is_file() and (checkout / "pyproject.toml").is_file():
        return checkout / "docs" / "_build" / ".ledger-cache"
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "lstmnotes" / "ledger"


def bypassed() -> bool:
    """Whether ``$LSTMNOTES_NO_CACHE`` asks to bypass the cache."""
    return os.environ.get(OFF_VARIABLE, "") not in ("", "0")


def claim_keys(ids: Iterable[str], src: Path = _deps.SRC) -> dict[str, str]:
    """Each claim's cache key: that of the module registering its check ({py:func}`lstmnotes.ledger.deps.key`).

    The check imports the evidence it needs from that module's closure, so the key changes exactly when
    an edit or an upgrade could change the claim's verdict or evidence.

    :param ids: registered claim ids.
    :param src: the package's folder whose sources are hashed.
    :return: claim id -> key.
    :raises KeyError: for an id that is not registered.
    """
    collect()
    modules = {i: CLAIMS[i].check.__module__ for i in ids}
    by_module = {m: _deps.key({m}, src) for m in set(modules.values())}
    return {i: by_module[m] for i, m in modules.items()}


def load(folder: Path) -> dict[str, dict[str, Any]]:
    """The cache's entries, claim id -> ``{"key": ..., "row": ...}``; empty when there is none or it is unreadable.

    :param folder: the cache's folder.
    """
    try:
        entries = json.loads((folder / CACHE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def store(folder: Path, fresh: dict[str, dict[str, Any]]) -> None:
    """Add entries to the cache, keeping the others; the file is replaced at once, never left half written.

    :param folder: the cache's folder (made if missing).
    :param fresh: claim id -> ``{"key": ..., "row": ...}``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    entries = {**load(folder), **fresh}
    with tempfile.NamedTemporaryFile(
        "w", dir=folder, prefix=".claims-", suffix=".json", delete=False, encoding="utf-8"
    ) as out:
        json.dump(entries, out, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(out.name, folder / CACHE_FILE)


def current(row: dict[str, Any]) -> dict[str, Any]:
    """A row with what this process's registry says of its claim: only the check's result is taken from it.

    A row comes from the cache or from a worker process; either way the claim's registration is read here.

    The statement, source, method, stated verdict and note are the registered claim's; ``agrees``
    compares the cached computed verdict with the stated one.

    :param row: a ledger row (``id``, ``computed``, ``evidence``, ``data`` are read from it).
    :return: a new row, with the keys in the order of {py:meth}`lstmnotes.ledger.Result.as_dict`.
    :raises KeyError: for a row whose claim is not registered.
    """
    if row["id"] not in CLAIMS:
        collect()
    entry = CLAIMS[row["id"]]
    return {
        "id": entry.id,
        "statement": entry.statement,
        "source": entry.source,
        "method": entry.method,
        "stated": entry.stated.value,
        "computed": row["computed"],
        "agrees": row["computed"] == entry.stated.value,
        "note": entry.note,
        "evidence": row["evidence"],
        "data": row["data"],
    }


def _run(claim_id: str) -> tuple[dict[str, Any], float]:
    """Run one check: its row without timing, and its seconds."""
    result = evaluate(claim_id)
    return result.as_dict(), result.seconds


def _run_group(ids: tuple[str, ...]) -> list[tuple[dict[str, Any], float]]:
    """Run the checks of one claims module, in order, in one (worker) process."""
    return [_run(claim_id) for claim_id in ids]


def _fresh(ids: list[str], jobs: int) -> Iterator[tuple[dict[str, Any], float]]:
    """Run the checks of ``ids``, in ``jobs`` processes when there are several; yield rows in order of ``ids``.

    The checks of one claims module run together in one process, so that what a module computes once
    for several of its claims (a cached evidence function) is computed once here too.
    """
    groups: dict[str, list[str]] = {}
    for claim_id in ids:
        groups.setdefault(CLAIMS[claim_id].check.__module__, []).append(claim_id)
    if jobs <= 1 or len(groups) <= 1:
        yield from map(_run, ids)
        return
    # a fresh interpreter per worker ("spawn"): nothing of this process's state is shared with the checks
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(jobs, len(groups)), mp_context=context) as pool:
        futures = {m: pool.submit(_run_group, tuple(group)) for m, group in groups.items()}
        done: dict[str, tuple[dict[str, Any], float]] = {}
        for claim_id in ids:
            if claim_id not in done:
                module = CLAIMS[claim_id].check.__module__
                done.update(zip(groups[module], futures[module].result(), strict=True))
            yield done.pop(claim_id)


def results(
    ids: list[str], folder: Path | None = None, *, use_cache: bool = True, jobs: int = 1
) -> Iterator[Row]:
    """The ledger rows of ``ids``, in order: from the cache where the key is current, else computed now.

    Every computed row is stored in the cache (unless it is bypassed) as soon as it is known.

    :param ids: registered claim ids.
    :param folder: the cache's folder (default: {py:func}`default_folder`).
    :param use_cache: ``False`` runs every check and leaves the cache alone.
    :param jobs: processes to run the checks in, 1 to {py:data}`MAX_JOBS`.
    :return: an iterator over the rows.
    :raises TypeError: for ``jobs`` that is not an integer, or ``use_cache`` that is not a bool.
    :raises ValueError: for ``jobs`` out of range.
    """
    jobs = _count(jobs, "jobs", minimum=1, maximum=MAX_JOBS)
    if not flag(use_cache, "use_cache"):
        for row, seconds in _fresh(ids, jobs):
            yield Row(current(row), seconds, cached=False)
        return
    folder = default_folder() if folder is None else folder
    keys = claim_keys(ids)
    entries = load(folder)
    hits = {i for i in ids if entries.get(i, {}).get("key") == keys[i] and "row" in entries[i]}
    computed = _fresh([i for i in ids if i not in hits], jobs)
    for claim_id in ids:
        if claim_id in hits:
            yield Row(current(entries[claim_id]["row"]), 0.0, cached=True)
            continue
        row, seconds = next(computed)
        store(folder, {claim_id: {"key": keys[claim_id], "row": row}})
        yield Row(current(row), seconds, cached=False)
