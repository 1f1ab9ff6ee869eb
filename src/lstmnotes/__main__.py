"""Command line: ``python -m lstmnotes claims [--json] [IDS ...]`` prints the claim ledger.

The exit status is 1 when any computed verdict differs from the one the book states, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from lstmnotes.ledger import ledger, ledger_json

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    :param argv: the arguments (default: ``sys.argv[1:]``).
    :return: the exit status.
    """
    parser = argparse.ArgumentParser(prog="python -m lstmnotes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    claims = commands.add_parser("claims", help="run every claim's check and print the ledger")
    claims.add_argument("ids", nargs="*", help="claim ids to check (default: all)")
    claims.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)

    try:
        results = ledger(args.ids or None)
    except KeyError as err:
        parser.error(str(err.args[0]))
    if args.json:
        print(json.dumps(ledger_json(results, timing=True), indent=2, ensure_ascii=False))
    else:
        width = max(len(r.claim.id) for r in results)
        for r in results:
            mark = "ok  " if r.agrees else "DRIFT"
            print(
                f"{r.claim.id:<{width}}  {mark}  {r.evidence.verdict.short:<11}  "
                f"{r.seconds:6.2f}s  {r.claim.statement}"
            )
            if not r.agrees:
                print(
                    f"{'':<{width}}  stated {r.claim.stated.short}; evidence: {r.evidence.summary}"
                )
        drift = sum(not r.agrees for r in results)
        print(f"{len(results)} claims, {len(results) - drift} agree, {drift} drift")
    return 1 if any(not r.agrees for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
