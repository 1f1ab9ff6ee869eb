"""What the build's and the ledger's caches are keyed on (lstmnotes.ledger.deps): an edit re-executes only the pages, and reruns
only the claims, whose imports reach the edited module; an upgrade reruns everything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lstmnotes.ledger import CLAIMS, collect, deps
from lstmnotes.ledger.cache import claim_keys


def test_imports_named_by_a_page():
    code = (
        "from lstmnotes import max_gain\n"
        "from lstmnotes.flow import evidence, scaling_factor\n"
        "import lstmnotes.net\n"
        "import numpy as np\n"
    )
    assert deps.imported_modules(code) == {
        "lstmnotes",
        "lstmnotes.local_gain",  # where the package finds max_gain
        "lstmnotes.flow",
        "lstmnotes.flow.evidence",  # a module imported from its part
        "lstmnotes.net",
    }


def test_closure_holds_imports_and_the_packages_above():
    closure = deps.closure({"lstmnotes.carousel.figures"})
    assert {
        "lstmnotes",
        "lstmnotes.carousel",
        "lstmnotes.activations",
        "lstmnotes.plots",
    } <= closure
    assert not any(m.startswith(("lstmnotes.flow", "lstmnotes.local_gain")) for m in closure)


@pytest.fixture
def source(tmp_path):
    copy = tmp_path / "lstmnotes"
    shutil.copytree(deps.SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _edit(path: Path) -> None:
    path.write_text(path.read_text() + "\n# an edit\n")


def test_an_edit_changes_only_the_keys_that_reach_it(source):
    carousel = deps.key({"lstmnotes.carousel"}, source)
    flow = deps.key({"lstmnotes.flow.evidence"}, source)
    _edit(source / "flow" / "evidence.py")
    assert deps.key({"lstmnotes.carousel"}, source) == carousel
    assert deps.key({"lstmnotes.flow.evidence"}, source) != flow
    _edit(source / "activations" / "_functions.py")  # both import the activations
    assert deps.key({"lstmnotes.carousel"}, source) != carousel


def test_the_package_stub_is_part_of_the_key(source):
    # The stub decides which part a name of the package loads.
    before = deps.key({"lstmnotes"}, source)
    _edit(source / "__init__.pyi")
    assert deps.key({"lstmnotes"}, source) != before


def test_an_upgrade_changes_every_key(monkeypatch):
    before = deps.page_key("from lstmnotes.carousel import run_self_unit")
    monkeypatch.setattr(deps, "environment", lambda: "another Python, other packages")
    assert deps.page_key("from lstmnotes.carousel import run_self_unit") != before


def test_code_that_is_not_python_depends_on_everything():
    assert deps.page_key("%matplotlib inline") == deps.key(deps.graph().modules)


def test_claims_are_keyed_on_the_module_that_registers_them():
    collect()
    keys = claim_keys(["P1", "P2", "P14"])
    assert CLAIMS["P1"].check.__module__ == CLAIMS["P2"].check.__module__ == "lstmnotes.flow.claims"
    assert keys["P1"] == keys["P2"] != keys["P14"]
    assert "lstmnotes.flow.evidence" not in deps.closure({CLAIMS["P14"].check.__module__})


def test_a_page_of_the_domain_table_depends_on_every_part(monkeypatch):
    # lstmnotes.domain collects the parts' rows by discovery, which the import graph cannot see.
    parts = {p.name for p in deps.SRC.iterdir() if (p / "__init__.py").exists()}
    assert {m.split(".")[1] for m in deps.discovered("lstmnotes.domain")} == parts | {"explore"}
    seen: list[set[str]] = []
    monkeypatch.setattr(deps, "key", lambda modules: seen.append(set(modules)) or "")
    deps.page_key("from lstmnotes.domain import domain_table")
    assert {f"lstmnotes.{p}" for p in parts} <= seen[0]
