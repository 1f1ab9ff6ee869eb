"""Command line: ``python -m lstmnotes claims [--json] [--only-failing] [IDS ...]`` prints the claim ledger.

The exit status is 1 when any computed verdict differs from the one the book states, 0 otherwise; 2 for a
usage error, such as an unknown claim id.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from lstmnotes import __version__
from lstmnotes.ledger import CLAIMS, Result, _order, claim, collect, iter_ledger, ledger_json

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
            "verdict drifts."
        ),
        epilog="claim ids (any case): " + " ".join(known),
    )
    claims.add_argument("ids", nargs="*", metavar="ID", help="claim ids to check (default: all)")
    claims.add_argument("--json", action="store_true", help="print JSON instead of a table")
    claims.add_argument(
        "--only-failing", action="store_true", help="print only the claims whose verdict drifts"
    )
    return parser


def _row(result: Result, width: int) -> str:
    mark = "ok" if result.agrees else "DRIFT"
    line = (
        f"{result.claim.id:<{width}}  {mark:<5}  {result.evidence.verdict.short:<11}  "
        f"{result.seconds:7.2f}  {result.claim.statement}"
    )
    if not result.agrees:
        line += (
            f"\n{'':<{width}}  stated {result.claim.stated.short}; "
            f"evidence: {result.evidence.summary}"
        )
    return line


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
    done: list[Result] = []
    if args.json:
        done = list(iter_ledger(ids or None))
        rows = [r for r in done if not (args.only_failing and r.agrees)]
        print(json.dumps(ledger_json(rows, timing=True), indent=2, ensure_ascii=False))
    else:
        width = max(len(i) for i in CLAIMS)
        print(f"{'id':<{width}}  {'':<5}  {'computed':<11}  {'seconds':>7}  statement", flush=True)
        for result in iter_ledger(ids or None):
            done.append(result)
            if not (args.only_failing and result.agrees):
                print(_row(result, width), flush=True)
        drift = sum(not r.agrees for r in done)
        print(f"{len(done)} claims, {len(done) - drift} agree, {drift} drift")
    return 1 if any(not r.agrees for r in done) else 0


if __name__ == "__main__":
    sys.exit(main())
