"""The package's layout: parts without import cycles, numerics without sympy or matplotlib, pages that use
only public modules, a package page that lists exactly what the package re-exports."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import lstmnotes
from lstmnotes.domain import domain_table

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "lstmnotes"
PARTS = sorted(
    p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name != "ledger"
)


def test_import_contracts_are_kept():
    # pyproject.toml [tool.importlinter]: no cycle between parts, private modules used only in their
    # part, no sympy or matplotlib in the numerics.
    assert lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_package_page_lists_exactly_the_reexports():
    block = re.search(r"```\{autodoc2-summary\}\n(.*?)```", lstmnotes.__doc__ or "", re.DOTALL)
    assert block is not None
    listed = [line.rsplit(".", 1)[1] for line in block.group(1).split()]
    assert sorted(listed) == sorted(n for n in lstmnotes.__all__ if n != "__version__")
    for line in block.group(1).split():
        part, name = line.removeprefix("lstmnotes.").split(".")
        assert getattr(lstmnotes, name) is getattr(
            __import__(f"lstmnotes.{part}", fromlist=[name]), name
        )


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_pages_import_only_public_modules(page):
    private = re.findall(r"lstmnotes(?:\.\w+)*\._\w+", page.read_text())
    assert private == []


def test_every_part_has_its_tests():
    assert [p for p in PARTS if not (ROOT / "tests" / p).is_dir()] == []


def test_parts_are_the_books_parts():
    # One subpackage per chapter that has code; a new part needs a row in docs/contributing.md.
    table = (ROOT / "docs" / "contributing.md").read_text()
    assert [p for p in PARTS if f"`{p}/`" not in table] == []


MAX_LINES = 420
"""About four hundred lines, the most a module of one concept needs; a longer one says why in its docstring."""


@pytest.mark.parametrize(
    "module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_modules_are_short_or_say_why(module):
    text = module.read_text()
    if len(text.splitlines()) > MAX_LINES:
        docstring = ast.get_docstring(ast.parse(text)) or ""
        assert "is long because" in docstring, f"{len(text.splitlines())} lines"


def test_the_numerics_contract_lists_every_private_module():
    # a part's private modules are numerics, but for those named _symbolic*, which hold sympy's work
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (numerics,) = [c for c in config["contracts"] if c["type"] == "forbidden"]
    private = {
        ".".join(("lstmnotes", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in PACKAGE.glob("*/_*.py")
        if p.name != "__init__.py" and not p.name.startswith("_symbolic")
    }
    shared = {f"lstmnotes.{p.stem}" for p in PACKAGE.glob("_*.py") if not p.name.startswith("__")}
    assert shared == {
        "lstmnotes._exp_split",
        "lstmnotes._float_keys",
        "lstmnotes._products",
        "lstmnotes._tanh_form",
        "lstmnotes._validate",
    }
    assert set(numerics["source_modules"]) == private | shared


def test_every_public_function_states_its_domain():
    stated = {row.function for row in domain_table()}
    missing = [
        f"{part}.{name}"
        for part in PARTS
        for name, obj in vars(importlib.import_module(f"lstmnotes.{part}")).items()
        if name in getattr(importlib.import_module(f"lstmnotes.{part}"), "__all__", ())
        and inspect.isfunction(obj)
        and obj not in stated
    ]
    assert missing == []
