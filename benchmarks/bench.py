"""Benchmarks of the book's build and the library's hot paths, as ratios measured in one run.

Run through ``nox -s bench [-- --json PATH] [-- --only NAME ...]``, NAME one of build, browser, chapter, claims,
flow, gain, nox (the full ``nox``: minutes; ``--only`` leaves it out). Prints a table (figure, value,
target, ratio, pass/fail) and writes the same rows as JSON. Exits non-zero if any target is missed.
Timings never enter the book: the site stays byte-identical between builds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import autograd
import autograd.numpy as anp
import numpy as np
from scipy.optimize import brentq

from lstmnotes.flow import MAX_PATH_TERMS, path_sum, scaling_factor, scaling_factor_column
from lstmnotes.local_gain import max_gain

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    """One measured figure against its target; ``ratio`` is value / target (<= 1 passes)."""

    figure: str
    value: float
    unit: str
    target: float
    note: str = ""
    skipped: bool = False
    """Not measured (the note says why): neither a pass nor a failure."""

    @property
    def ratio(self) -> float:
        return self.value / self.target

    @property
    def passed(self) -> bool:
        return self.skipped or self.value <= self.target


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


@dataclass
class Run:
    """A command's wall time, its CPU time (user + system, with the children it waited for) and peak RSS."""

    wall: float
    cpu: float
    rss_mib: float

    def note(self) -> str:
        return f"wall {self.wall:.1f} s, CPU {self.cpu:.1f} s, peak RSS {self.rss_mib:.0f} MiB"


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Run:
    """Run ``command`` to its end (failing on a non-zero status) and measure it with ``wait4``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


LOADED = "the machine is shared: CPU time (user + system, the build's kernels included) beside the wall time"


def _build(copy: Path) -> Run:
    env = {
        **os.environ,
        "PYTHONPATH": str(copy / "src"),
        "CI": "",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "",
    }
    return run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-q",
         str(copy / "docs"), str(copy / "docs" / "_build" / "html")],
        env=env,
    )  # fmt: skip


def _timed(figure: str, measured: Run, target: float, note: str = "") -> Row:
    """A row of wall seconds whose note gives the CPU time beside it."""
    return Row(
        figure,
        measured.wall,
        "s",
        target,
        "; ".join(x for x in (note, measured.note(), LOADED) if x),
    )


def bench_build() -> list[Row]:
    """Clean build, no-change rebuild, and rebuilds after a prose edit and after one-module library edits."""
    with _copy_of_the_repository() as copy:
        chapters = sorted(p.stem for p in (copy / "docs").glob("*.md"))
        clean = _build(copy)
        unchanged = _build(copy)
        page = copy / "docs" / "logistic.md"
        page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
        prose = _build(copy)
        # a module that one chapter's code reaches: only that page and its claims run again
        narrow = copy / "src" / "lstmnotes" / "cell" / "_backward.py"
        narrow.write_text(narrow.read_text() + "\n# an edit to the library\n")
        one_module = _build(copy)
        # a module that every chapter reaches: every page runs again
        wide = copy / "src" / "lstmnotes" / "activations" / "_functions.py"
        wide.write_text(wide.read_text() + "\n# an edit to the library\n")
        everything = _build(copy)
    return [
        _timed(
            "build: clean, executing every page", clean, 35.0,
            f"{len(chapters)} pages ({', '.join(chapters)}), every claim checked",
        ),
        _timed("build: rebuild, nothing changed", unchanged, 2.0),
        _timed("build: rebuild after a one-line prose edit", prose, 8.0),
        _timed(
            "build: rebuild after an edit to one module (cell/_backward.py)", one_module, 12.0,
            "re-executes the pages whose imports reach the module and reruns those claims only",
        ),
        _timed(
            "build: rebuild after an edit every page reaches (activations)", everything, 35.0,
            "every page imports the activations: as long as a clean build",
        ),
    ]  # fmt: skip


def bench_claims() -> list[Row]:
    """``python -m lstmnotes claims``: a cold run (empty cache), then a warm one, in a cache of its own."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("LSTMNOTES_NO_CACHE", None)
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "lstmnotes", "claims", "--cache-dir", folder]
        cold = run(command, env)
        warm = run(command, env)
    note = f"every result from the cache; the cold run that filled it: {cold.note()}"
    return [
        _timed("claims: python -m lstmnotes claims, cache warm", warm, 3.0, note),
        Row("claims: peak RSS, cache warm", warm.rss_mib, "MiB", 200.0, warm.note()),
        Row(
            "claims: peak RSS of a cold run (any one process)", cold.rss_mib, "MiB", 1024.0,
            f"two processes check the claims in parallel; {cold.note()}",
        ),
    ]  # fmt: skip


def _nox(*args: str) -> Run:
    """``nox -R ARGS`` from the work tree (its environments reused, nothing installed)."""
    nox = shutil.which("nox")
    if nox is None:
        raise FileNotFoundError("nox is not on PATH")
    return run([nox, "-R", *args], {**os.environ})


def bench_browser() -> list[Row]:
    """The browser test, ``nox -s browser``'s pytest run on the built site (build it first)."""
    figure = "browser: nox -s browser (pytest on the built site)"
    if (
        not (ROOT / "docs" / "_build" / "html" / "index.html").exists()
        or shutil.which("nox") is None
    ):
        return [Row(figure, float("nan"), "s", 60.0, "skipped: no built site or no nox", True)]
    return [_timed(figure, _nox("-s", "browser"), 60.0)]


def bench_nox() -> list[Row]:
    """The full ``nox`` (lint, tests, docs, pdf, browser) on a warm machine: environments and caches kept."""
    figure = "nox: every default session, environments and caches warm"
    if shutil.which("nox") is None:
        return [Row(figure, float("nan"), "s", 180.0, "skipped: nox is not on PATH", True)]
    return [_timed(figure, _nox(), 180.0)]


# -- the library ------------------------------------------------------------------------------------------


def bench_flow() -> list[Row]:
    """scaling_factor against the BLAS floor and autograd; the column form; path_sum's growth and limit."""
    rng = np.random.default_rng(0)
    n = q = 256
    W = rng.normal(0.0, 1.0 / np.sqrt(n), (n, n))
    fprime = rng.uniform(0.0, 0.25, (q, n))

    def floor() -> None:  # the same q matrix products, with nothing else around them
        transposed = np.ascontiguousarray(W.T)
        flow, spare = transposed.copy(), np.empty((n, n))
        for _ in range(q - 1):
            np.matmul(transposed, flow, out=spare)
            flow, spare = spare, flow

    def unrolled(theta):  # theta_u(t) -> theta(t - q) by the recursion, for autograd
        for row in fprime:
            theta = row * anp.dot(W.T, theta)
        return theta

    ours, blas = best_of(lambda: scaling_factor(W, fprime)), best_of(floor)
    jacobian = autograd.jacobian(unrolled)
    reference = best_of(lambda: jacobian(np.zeros(n)), repeat=1)
    torch_row = _torch_row(W, fprime, ours, blas)
    W1024 = rng.normal(0.0, 1.0 / 32.0, (1024, 1024))  # same scale: 1/sqrt(n)
    f1024 = rng.uniform(0.0, 0.25, (q, 1024))
    small = best_of(lambda: scaling_factor_column(W, fprime, 0), repeat=7)
    large = best_of(lambda: scaling_factor_column(W1024, f1024, 0), repeat=7)

    rows = [
        Row(
            "scaling_factor n=q=256 / bare numpy loop",
            ours / blas,
            "x",
            1.2,
            f"{ours * 1e3:.1f} ms vs {blas * 1e3:.1f} ms",
        ),
        Row(
            "scaling_factor n=q=256 / autograd Jacobian",
            ours / reference,
            "x",
            0.1,
            f"{ours * 1e3:.1f} ms vs {reference * 1e3:.0f} ms (target: >= 10x faster)",
        ),
        torch_row,
        Row(
            "scaling_factor_column n=1024 / n=256 (q=256)",
            large / small,
            "x",
            32.0,
            f"{small * 1e3:.2f} ms vs {large * 1e3:.2f} ms; O(q n^2) predicts 16, O(q n^3) 64",
        ),
    ]

    # path_sum: cost against the number of path terms n^(q+1), up to the refusal limit
    growth = []
    for m, lag in ((2, 10), (2, 14), (2, 18), (4, 7), (4, 9), (8, 5), (8, 6)):
        Wm, fm = rng.normal(size=(m, m)), rng.uniform(0, 0.25, (lag, m))
        growth.append((m ** (lag + 1), best_of(lambda Wm=Wm, fm=fm: path_sum(Wm, fm), repeat=3)))
    terms, seconds = np.array(growth).T
    slope = float(np.polyfit(np.log(terms), np.log(seconds), 1)[0])
    largest_q = int(np.floor(np.log(MAX_PATH_TERMS) / np.log(2))) - 1  # n = 2: 2^(q+1) terms
    Wm, fm = rng.normal(size=(2, 2)), rng.uniform(0, 0.25, (largest_q, 2))
    at_limit = best_of(lambda: path_sum(Wm, fm), repeat=1)

    def refused() -> None:
        try:
            path_sum(Wm, rng.uniform(0, 0.25, (largest_q + 1, 2)))
        except ValueError:
            return
        raise AssertionError("path_sum accepted a request above its limit")

    rows += [
        Row(
            "path_sum: time growth exponent in n^(q+1)",
            slope,
            "",
            1.3,
            "log-log slope of seconds against path terms; 1 means cost proportional to terms",
        ),
        Row(
            f"path_sum at the limit (n=2, q={largest_q}, {2 ** (largest_q + 1)} terms)",
            at_limit,
            "s",
            3.0,
        ),
        Row("path_sum above the limit: time to refuse", best_of(refused), "s", 0.01),
    ]
    return rows


TORCH = "2.13.0"
"""The torch the comparison is pinned to: its CPU build (the noxfile installs exactly this version)."""


def _torch_row(W: np.ndarray, fprime: np.ndarray, ours: float, floor: float) -> Row:
    """scaling_factor against torch.autograd.functional.jacobian(..., vectorize=True), one thread each.

    torch is a bench-only dependency, never in the lock: without it (or with another version) the row
    is marked skipped, with the reason in its note. The note also gives how much faster than torch the
    bare loop of the same matrix products is (``floor`` seconds): no code that forms those products can
    be faster than that.
    """
    figure = "scaling_factor n=q=256 / torch jacobian (vectorize=True)"
    try:
        import torch  # noqa: PLC0415
    except ImportError as err:
        return Row(
            figure, float("nan"), "x", 1 / 30, f"skipped: torch is not installed ({err})", True
        )
    if torch.__version__.split("+")[0] != TORCH or torch.cuda.is_available():
        return Row(
            figure, float("nan"), "x", 1 / 30,
            f"skipped: torch {torch.__version__} is not the pinned CPU build {TORCH}",
            True,
        )  # fmt: skip
    torch.set_num_threads(1)
    Wt, ft = torch.from_numpy(W), torch.from_numpy(fprime)

    def unrolled(
        theta: torch.Tensor,
    ) -> torch.Tensor:  # theta_u(t) -> theta(t - q), the recursion
        for row in ft:
            theta = row * (Wt.T @ theta)
        return theta

    def jacobian() -> object:
        return torch.autograd.functional.jacobian(
            unrolled, torch.zeros(W.shape[0], dtype=torch.float64), vectorize=True
        )

    agreement = float(np.max(np.abs(jacobian().numpy() - scaling_factor(W, fprime))))  # type: ignore[attr-defined]
    reference = best_of(jacobian, repeat=2)
    return Row(
        figure,
        ours / reference,
        "x",
        1 / 30,
        f"{ours * 1e3:.1f} ms vs {reference * 1e3:.0f} ms (target: >= 30x faster), torch {torch.__version__}, "
        f"one thread; largest difference {agreement:.1e}; the bare numpy loop of the same products "
        f"({floor * 1e3:.1f} ms) is {reference / floor:.1f}x faster than torch",
    )


def bench_gain() -> list[Row]:
    """max_gain on 10^6 (y, c) pairs, against a per-point scalar root finder at the same accuracy."""
    rng = np.random.default_rng(1)
    size = 10**6
    y = rng.uniform(0.05, 1.0, size) * rng.choice([-1.0, 1.0], size)
    c = rng.normal(0.0, 3.0, size)
    ours = best_of(lambda: max_gain(y, c), repeat=3)
    _, value = max_gain(y, c)

    sample = 2000  # the scalar loop on a sample, extrapolated to the full size

    def scalar_loop() -> np.ndarray:
        out = np.empty(sample)
        for i in range(sample):
            a = abs(c[i])  # the stationary |net| solves (m + |c|) tanh(m / 2) = 1, as in max_gain
            m = brentq(
                lambda x, a=a: (x + a) * np.tanh(x / 2) - 1.0,
                0.0,
                2.0 + 1.0 / (a + 1e-300),
                xtol=1e-15,
                rtol=4 * np.finfo(float).eps,
            )
            out[i] = m_value(m, a, y[i])
        return out

    def m_value(m: float, a: float, yi: float) -> float:
        e = np.exp(-m)
        return e / (1.0 + e) ** 2 * (m + a) / abs(yi)

    loop = best_of(scalar_loop, repeat=1) * size / sample
    agreement = float(np.max(np.abs(scalar_loop() / value[:sample] - 1.0)))
    return [
        Row("max_gain on 10^6 (y, c) pairs", ours, "s", 1.0),
        Row(
            "max_gain / per-point brentq loop (extrapolated)",
            ours / loop,
            "x",
            1 / 50,
            f"{ours:.3f} s vs {loop:.1f} s; largest relative difference {agreement:.1e}",
        ),
        Row("max_gain: relative difference to brentq", agreement, "", 1e-10),
    ]


def _page_code(page: Path) -> str:
    """The code of a page's cells, in order, without their MyST options (``:tags:`` lines, YAML headers)."""
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)\n```", page.read_text(), re.DOTALL)
    code = []
    for cell in cells:
        lines = cell.splitlines()
        if lines and lines[0] == "---":  # a YAML header, up to its closing ---
            lines = lines[lines.index("---", 1) + 1 :]
        code.append("\n".join(line for line in lines if not line.startswith(":")))
    return "\n\n".join(code)


def bench_chapter() -> list[Row]:
    """The long-time-lag chapter's cells, run in a fresh process on one core: CPU seconds."""
    code = _page_code(ROOT / "docs" / "long-lag.md")
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT / "docs")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return [Row("long-lag chapter: its cells on one core (CPU)", cpu, "s", 15.0)]


BENCHES: dict[str, Callable[[], list[Row]]] = {
    "build": bench_build,
    "browser": bench_browser,
    "chapter": bench_chapter,
    "claims": bench_claims,
    "flow": bench_flow,
    "gain": bench_gain,
    "nox": bench_nox,
}


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
            f"{r.ratio:>6.2f}  {'skip' if r.skipped else 'pass' if r.passed else 'FAIL'}"
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
