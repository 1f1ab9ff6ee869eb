"""Benchmarks of the book's build and the library's hot paths, as ratios measured in one run.

Run through ``nox -s bench [-- --json PATH] [-- --only build|library]``. Prints a table (figure, value,
target, ratio, pass/fail) and writes the same rows as JSON. Exits non-zero if any target is missed.
Timings never enter the book: the site stays byte-identical between builds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    """One measured figure against its target; ``ratio`` is value / target (<= 1 passes)."""

    figure: str
    value: float
    unit: str
    target: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.target

    @property
    def passed(self) -> bool:
        return self.value <= self.target


def best_of(func: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by a noisy machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


# -- the build ---------------------------------------------------------------------------------------------


@contextmanager
def _copy_of_the_repository() -> Iterator[Path]:
    """A temporary copy of the tracked files, so that the edits below never touch the work tree."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        for name in files:
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        yield copy


def _build(copy: Path) -> float:
    env = {
        **os.environ,
        "PYTHONPATH": str(copy / "src"),
        "CI": "",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "",
    }
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-q",
         str(copy / "docs"), str(copy / "docs" / "_build" / "html")],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return time.perf_counter() - start


def bench_build() -> list[Row]:
    """Clean build, no-change rebuild, rebuild after a prose edit and after a library edit."""
    with _copy_of_the_repository() as copy:
        clean = _build(copy)
        unchanged = _build(copy)
        page = copy / "docs" / "logistic.md"
        page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
        prose = _build(copy)
        module = copy / "src" / "lstmnotes" / "activations.py"
        module.write_text(module.read_text() + "\n# an edit to the library\n")
        library = _build(copy)
        pages = sum(
            1 for p in (copy / "docs").glob("*.md") if "file_format: mystnb" in p.read_text()
        )
    return [
        Row("build: clean, executing every page", clean, "s", 60.0),
        Row("build: rebuild, nothing changed", unchanged, "s", 5.0),
        Row("build: rebuild after a one-line prose edit", prose, "s", 8.0),
        Row(
            "build: rebuild after a library edit",
            library,
            "s",
            60.0,
            f"re-executes all {pages} executed pages (each imports the library) and reruns the "
            "claim checks; pages without code are not re-executed",
        ),
    ]


BENCHES: dict[str, Callable[[], list[Row]]] = {"build": bench_build}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "_build" / "bench.json")
    parser.add_argument("--only", choices=sorted(BENCHES), action="append")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in args.only or list(BENCHES):
        rows += BENCHES[name]()
    width = max(len(r.figure) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  {'target':>10}  {'ratio':>6}  result")
    for r in rows:
        print(
            f"{r.figure:<{width}}  {r.value:>9.3g}{r.unit:<1}  {r.target:>9.3g}{r.unit:<1}  "
            f"{r.ratio:>6.2f}  {'pass' if r.passed else 'FAIL'}"
        )
        if r.note:
            print(f"{'':<{width}}  ({r.note})")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps([{**asdict(r), "ratio": r.ratio, "passed": r.passed} for r in rows], indent=2)
    )
    print(f"written: {args.json}")
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
