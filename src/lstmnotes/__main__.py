"""Command line: ``python -m lstmnotes claims [--json] [--only-failing] [--no-cache] [IDS ...]`` prints the
claim ledger.

A claim's result comes from the ledger's cache ({py:mod}`lstmnotes.ledger.cache`) while the library
modules its check imports and the environment are unchanged; the output says which results did. The exit
status is 1 when any verdict differs from the one the book states, 0 otherwise; 2 for a usage error, such
as an unknown claim id.
"""

from __future__ import annotations

import os

# The checks do many small matrix products: a BLAS thread pool only contends with them (and with the
# other processes of --jobs, and any other work on the machine), at many times the CPU time. One thread
# each, set before numpy is first imported, unless the caller sets it.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lstmnotes import __version__
from lstmnotes.ledger import CLAIMS, Verdict, _order, claim, collect
from lstmnotes.ledger import cache as _cache

__all__ = ["main"]

_DESCRIPTION = (
    "Executable commentary on section 3 of Hochreiter & Schmidhuber's LSTM paper (1997). "
    "The 'claims' command runs the check of every claim the book judges and prints the ledger."
)


def _parser() -> argparse.ArgumentParser:
    collect()
    known = sorted(CLAIMS, key=_order)
    parser = argparse.ArgumentParser(prog="python -m lstmnotes", description=_DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"lstmnotes {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    claims = commands.add_parser(
        "claims",
        help="run the claims' checks and print the ledger",
        description=(
            "Run the check of each claim and print its computed verdict beside the one the book "
            "states; a row is printed as soon as its check finishes. The exit status is 1 if any "
            "verdict drifts. A result is served from the cache while the source of the library "
            "modules its check imports (transitively), Python and the installed distributions are "
            "unchanged; the others run afresh, in parallel processes."
        ),
        epilog="claim ids (any case): " + " ".join(known),
    )
    claims.add_argument("ids", nargs="*", metavar="ID", help="claim ids to check (default: all)")
    claims.add_argument("--json", action="store_true", help="print JSON instead of a table")
    claims.add_argument(
        "--only-failing", action="store_true", help="print only the claims whose verdict drifts"
    )
    claims.add_argument(
        "--no-cache",
        action="store_true",
        help=f"run every check afresh and leave the cache alone (also: {_cache.OFF_VARIABLE}=1)",
    )
    claims.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help=f"the cache's folder (default: ${_cache.FOLDER_VARIABLE}, else {_cache.default_folder()})",
    )
    claims.add_argument(
        "--jobs",
        type=int,
        default=min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1),
        metavar="N",
        help="processes to run the checks in (default: %(default)s)",
    )
    return parser


def _row(entry: _cache.Row, width: int) -> str:
    row = entry.row
    mark = "ok" if row["agrees"] else "DRIFT"
    seconds = "cached" if entry.cached else f"{entry.seconds:7.2f}"
    line = (
        f"{row['id']:<{width}}  {mark:<5}  {Verdict(row['computed']).short:<11}  "
        f"{seconds:>7}  {row['statement']}"
    )
    if not row["agrees"]:
        line += (
            f"\n{'':<{width}}  stated {Verdict(row['stated']).short}; evidence: {row['evidence']}"
        )
    return line


def _json_row(entry: _cache.Row) -> dict[str, Any]:
    return {**entry.row, "seconds": round(entry.seconds, 3), "cached": entry.cached}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    :param argv: the arguments (default: ``sys.argv[1:]``).
    :return: the exit status: 0 when every verdict agrees, 1 when one drifts (2 for a usage error, through
        ``SystemExit``).
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        ids = [claim(i).id for i in args.ids]
    except KeyError as err:
        parser.error(str(err.args[0]))
    if not 1 <= args.jobs <= _cache.MAX_JOBS:
        parser.error(f"--jobs must be from 1 to {_cache.MAX_JOBS}, got {args.jobs}")
    use_cache = not (args.no_cache or _cache.bypassed())
    folder = args.cache_dir or _cache.default_folder()
    chosen = ids or sorted(CLAIMS, key=_order)
    entries = _cache.results(chosen, folder, use_cache=use_cache, jobs=args.jobs)
    done: list[_cache.Row] = []
    if args.json:
        done = list(entries)
        rows = [_json_row(r) for r in done if not (args.only_failing and r.row["agrees"])]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        width = max(len(i) for i in CLAIMS)
        print(f"{'id':<{width}}  {'':<5}  {'computed':<11}  {'seconds':>7}  statement", flush=True)
        for entry in entries:
            done.append(entry)
            if not (args.only_failing and entry.row["agrees"]):
                print(_row(entry, width), flush=True)
        drift = sum(not r.row["agrees"] for r in done)
        hits = sum(r.cached for r in done)
        where = f"from the cache in {folder}" if use_cache else "the cache bypassed"
        print(
            f"{len(done)} claims, {len(done) - drift} agree, {drift} drift; "
            f"{hits} {where}, {len(done) - hits} checked now"
        )
    return 1 if any(not r.row["agrees"] for r in done) else 0


if __name__ == "__main__":
    sys.exit(main())
