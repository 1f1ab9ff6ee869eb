"""What a page's outputs and a claim's verdict depend on: library modules, imported transitively, and the
environment.

A page's code imports some of the library's modules; each of those imports others (grimp builds the import
graph of the package from its sources, imports inside functions included), and importing a module first
runs the ``__init__`` of every package above it. The *closure* of a set of modules is all of that. Its
*key* hashes the source of every module in it, with the environment (the Python version and every
installed distribution's version), so a key changes exactly when an edit or an upgrade could change what
the page computes. The book's execution cache (its ``prefetch`` extension) and the claim ledger's cache
({py:mod}`lstmnotes.ledger.cache`, which ``python -m lstmnotes claims`` and the book's build share) are
keyed on it: an edit to one module re-executes only the pages, and reruns only the claims, that depend on it.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import grimp

__all__ = [
    "PACKAGE",
    "SRC",
    "closure",
    "discovered",
    "environment",
    "graph",
    "imported_modules",
    "key",
    "page_key",
    "source_files",
]

PACKAGE = "lstmnotes"
"""The package whose modules are hashed."""
SRC = Path(__file__).resolve().parents[1]
"""The package's folder (``src/lstmnotes`` in a checkout)."""


@cache
def graph() -> grimp.ImportGraph:
    """The package's import graph (built once per process, from the sources)."""
    return grimp.build_graph(PACKAGE, cache_dir=None)


@cache
def environment() -> str:
    """The Python version and the name and version of every installed distribution."""
    dists = sorted(
        f"{d.metadata['Name']}=={d.version}"
        for d in importlib.metadata.distributions()
        if d.metadata["Name"]
    )
    return sys.version + "\n" + "\n".join(dists)


def _lazy_names(src: Path = SRC) -> dict[str, str]:
    """Name re-exported by the package -> the part that holds it, read from the package's stub."""
    stub = ast.parse((src / "__init__.pyi").read_text())
    return {
        alias.name: f"{PACKAGE}.{node.module}"
        for node in stub.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        for alias in node.names
    }


def imported_modules(code: str, modules: Iterable[str] | None = None) -> set[str]:
    """The library modules that ``code`` imports by name.

    ``from lstmnotes.part import name`` counts ``lstmnotes.part.name`` when that is a module, and
    ``from lstmnotes import name`` counts the part that the package loads for ``name``.

    :param code: Python source (a page's code cells, joined).
    :param modules: the package's modules (default: those of the import graph).
    :return: module names.
    :raises SyntaxError: if ``code`` is not Python.
    """
    known = set(graph().modules if modules is None else modules)
    lazy = _lazy_names()
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != PACKAGE:
                continue
            found.add(node.module)
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                if child in known:
                    found.add(child)
                elif node.module == PACKAGE and alias.name in lazy:
                    found.add(lazy[alias.name])
    return found


def discovered(module: str) -> set[str]:
    """What ``module`` imports by discovery (importlib, at run time), which the import graph cannot see.

    A page that imports {py:mod}`lstmnotes.domain` reads the ``DOMAIN`` rows of every part, so it depends on
    every part, and {py:mod}`lstmnotes.explore` for its rows. (The parts import that module too, for its ``Domain`` rows, without depending on each other;
    and the ledger discovers the parts' claims modules only to register them: a claim's result depends on
    its own module, not on the others.)
    """
    if module != f"{PACKAGE}.domain":
        return set()
    return {
        m
        for m in graph().modules
        if m.count(".") == 1 and ((SRC / m.split(".")[1]).is_dir() or m == f"{PACKAGE}.explore")
    }


def closure(modules: Iterable[str]) -> set[str]:
    """The modules that importing ``modules`` runs: what they import, transitively, and the packages above.

    :param modules: module names of the package.
    :return: module names, ``modules`` included.
    """
    g = graph()
    todo, seen = list(modules), set()
    while todo:
        module = todo.pop()
        if module in seen or module not in g.modules:
            continue
        seen.add(module)
        todo.extend(g.find_upstream_modules(module))
        parts = module.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
    return seen


def source_files(module: str, src: Path = SRC) -> list[Path]:
    """The files whose text is the module: its ``.py`` (a package's ``__init__.py``) and any stub."""
    relative = Path(*module.split(".")[1:])
    if (src / relative).is_dir():
        files = [src / relative / "__init__.py", src / relative / "__init__.pyi"]
    else:
        files = [src / relative.with_suffix(".py")]
    return [f for f in files if f.is_file()]


def key(modules: Iterable[str], src: Path = SRC) -> str:
    """Hash of the environment and of the source of every module in the closure of ``modules``.

    :param modules: module names of the package.
    :param src: the package's folder.
    :return: a hexadecimal digest.
    """
    digest = hashlib.sha256(environment().encode())
    for module in sorted(closure(modules)):
        for path in source_files(module, src):
            digest.update(path.relative_to(src).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(code: str) -> str:
    """The key of a page whose code cells, joined, are ``code`` (every module when it is not Python).

    :param code: the page's code.
    :return: a hexadecimal digest.
    """
    try:
        modules = imported_modules(code)
    except SyntaxError:
        modules = set(graph().modules)
    return key(modules | {m for module in modules for m in discovered(module)})
