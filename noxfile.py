"""The one entry point: ``nox`` runs every check; ``nox -s docs`` builds the site.

Sessions run in fresh virtual environments made by uv when it is installed, by virtualenv otherwise.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
DOCS, HTML = ROOT / "docs", ROOT / "docs" / "_build" / "html"
# What the PDF needs from Debian (latexmk, XeLaTeX, the LaTeX packages Sphinx uses, the FreeFont fonts).
TEX_PACKAGES = (
    "latexmk", "texlive-xetex", "texlive-latex-recommended", "texlive-latex-extra",
    "texlive-fonts-recommended", "fonts-freefont-otf",
)  # fmt: skip
TORCH = "2.13.0"  # the bench's torch (its CPU build); benchmarks/bench.py checks the same version
# This machine may set PYTHONDONTWRITEBYTECODE; an empty value lets Python cache bytecode, which
# keeps rebuilds fast (without it every build compiles Sphinx and its extensions anew).
ENV = {"UV_COMPILE_BYTECODE": "1", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": ""}


def _groups(*names: str) -> tuple[str, ...]:
    return nox.project.dependency_groups(PYPROJECT, *names)


def _install(session: nox.Session, *groups: str) -> None:
    """Install the project (editable) and the dependency groups at the versions uv.lock pins.

    uv does the install; where nox runs without it (the virtualenv backend), it is first installed into
    the session's environment, so the lock is used either way. ``--locked`` fails if the lock no longer
    matches pyproject.toml (``uv lock`` renews it).
    """
    if session.venv_backend != "uv":
        session.install("uv")
    session.run_install(
        "uv", "sync", "--locked", "--no-default-groups", *(f"--group={g}" for g in groups),
        env={"UV_PROJECT_ENVIRONMENT": str(session.virtualenv.location)},
    )  # fmt: skip


def _source_date_epoch() -> str:
    """The last commit's time, so that dates in the built site depend on the source only."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def _sphinx(session: nox.Session, outdir: Path, *extra: str, builder: str = "html") -> None:
    env = {**ENV, "SOURCE_DATE_EPOCH": _source_date_epoch()}
    session.run(
        "sphinx-build", "-b", builder, "-n", "-W", "--keep-going", *extra,
        str(DOCS), str(outdir), env=env,
    )  # fmt: skip


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check with ruff, type-check with mypy --strict, check the import contracts."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", env=ENV)
    session.run("lint-imports", "--no-cache", "--no-logo")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit, property and doctests of the library (not the browser test)."""
    _install(session, "test")
    session.run("pytest", "-m", "not browser", "-n", "auto", *session.posargs, env=ENV)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the book, executing every page, into docs/_build/html (strict: warnings are errors)."""
    _install(session, "docs")
    if os.environ.get("CI", "").lower() == "true":  # execute every page and run every check afresh
        for cache in (".jupyter_cache", ".ledger-cache"):
            shutil.rmtree(DOCS / "_build" / cache, ignore_errors=True)
    _sphinx(session, HTML, *session.posargs)
    session.log(f"site built: {HTML / 'index.html'}")


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the whole book as one PDF into docs/_build/html/lstmnotes.pdf (LaTeX, compiled by XeLaTeX).

    The pages' outputs and the claims' results come from the caches the docs session fills, so after it
    nothing is executed again. The build is as strict as the site's; LaTeX's own log is read too, and an
    undefined reference or citation fails the session.
    """
    missing = [tool for tool in ("latexmk", "xelatex") if shutil.which(tool) is None]
    if missing:
        session.error(
            f"{' and '.join(missing)} not found; on Debian: apt-get install {' '.join(TEX_PACKAGES)}"
        )
    _install(session, "docs")
    latex = DOCS / "_build" / "latex"
    # a fresh environment each time (-E): the pages come from the execution cache all the same, and an
    # environment left by an earlier PDF build can miss pages the HTML build has changed since
    _sphinx(session, latex, "-E", "-t", "pdf", *session.posargs, builder="latex")
    with session.chdir(latex):
        session.run(
            "latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-quiet",
            "lstmnotes.tex", external=True, env={"SOURCE_DATE_EPOCH": _source_date_epoch()},
        )  # fmt: skip
    log = (latex / "lstmnotes.log").read_text(errors="replace")
    undefined = sorted(
        {line for line in log.splitlines() if "undefined" in line and "Warning" in line}
    )
    if undefined:
        session.error("LaTeX left references undefined:\n  " + "\n  ".join(undefined))
    HTML.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(latex / "lstmnotes.pdf", HTML / "lstmnotes.pdf")
    session.log(f"PDF built: {HTML / 'lstmnotes.pdf'}")


@nox.session
def browser(session: nox.Session) -> None:
    """Open every built page in headless Chromium: maths, images, search, no outside requests.

    axe-core audits each page against WCAG 2.1 A/AA; the test fetches it from the npm registry with npm
    (``npm pack axe-core@<pinned version>``, checked against its pinned hash; npm's cache keeps it).
    Also reads the built site's notebooks and code links, runs each notebook again, and shows the previews
    of references on hover and focus.
    """
    if not (HTML / "index.html").exists():
        session.error(
            "no built site: run `nox -s docs` first (plain `nox` runs it before this session)"
        )
    _install(session, "browser")
    session.run(
        "pytest", "-m", "browser", "tests/test_site.py", "tests/test_site_html.py",
        "tests/test_built_site.py", "tests/test_pdf.py", "tests/test_notebooks.py",
        "tests/test_explore_site.py", "tests/test_previews.py", *session.posargs, env=ENV,
    )  # fmt: skip


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Serve the book with live reload on http://127.0.0.1:8000 while you edit."""
    _install(session, "serve")
    session.run(
        "sphinx-autobuild", "-n", "--keep-going", "--host", "127.0.0.1", "--port", "8000",
        "--watch", "src", "--ignore", "*/api/*", "--ignore", "*/_build/*",
        str(DOCS), str(DOCS / "_build" / "serve"), *session.posargs, env=ENV,
    )  # fmt: skip


@nox.session(default=False)
def repro(session: nox.Session) -> None:
    """Build the book twice from scratch and check that the two sites are byte-identical."""
    _install(session, "docs")
    with tempfile.TemporaryDirectory() as tmp:
        sites = [Path(tmp) / "a", Path(tmp) / "b"]
        for site in sites:
            _sphinx(session, site, "-E", "-D", "nb_execution_mode=force")
            shutil.rmtree(site / ".doctrees", ignore_errors=True)
        differing = _differences(filecmp.dircmp(*sites))
        if differing:
            session.error("the two builds differ:\n  " + "\n  ".join(differing))
        count = sum(1 for p in sites[0].rglob("*") if p.is_file())
        session.log(f"two clean builds are byte-identical ({count} files)")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmark the build and the library against their targets (JSON path: -- --json PATH).

    First the tests that state how long a call may take run again with those times enforced
    (``LSTMNOTES_TIMED=1``, one test at a time): the tests session checks only what the calls do.
    """
    _install(session, "docs", "test")
    # torch, for one comparison only, is kept out of the lock: uv would resolve it to a CUDA build of
    # several GB. pip installs exactly this CPU build (from a local wheel where the machine has one); if
    # it cannot, the bench says so on that row and skips it.
    try:
        session.run("python", "-m", "ensurepip", "--upgrade", silent=True)
        session.run("python", "-m", "pip", "install", "--quiet", f"torch=={TORCH}", silent=True)
    except nox.command.CommandFailed:
        session.warn(f"torch {TORCH} could not be installed: the bench skips its torch comparison")
    # the times the tests state (a refusal within half a second, say), enforced here one test at a time
    session.run(
        "pytest", "-m", "timed and not browser", "-p", "no:xdist", "-q",
        env={**ENV, "LSTMNOTES_TIMED": "1"},
    )  # fmt: skip
    session.run("python", "benchmarks/bench.py", *session.posargs, env=ENV)


@nox.session(default=False)
def latest(session: nox.Session) -> None:
    """Test and build against the newest release of every dependency (not the lock), to see breaks early."""
    session.install("--upgrade", "-e", ".", *_groups("test", "docs"))
    session.run("pytest", "-m", "not browser", *session.posargs, env=ENV)
    with tempfile.TemporaryDirectory() as tmp:
        _sphinx(session, Path(tmp) / "html", "-E", "-D", "nb_execution_mode=force")


def _differences(cmp: filecmp.dircmp[str]) -> list[str]:
    """Files that differ or exist on one side only, compared by content, recursively."""
    out = [f"only in one build: {name}" for name in cmp.left_only + cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    out += [os.path.join(cmp.left, name) for name in mismatch + errors]
    for sub in cmp.subdirs.values():
        out += _differences(sub)
    return out
