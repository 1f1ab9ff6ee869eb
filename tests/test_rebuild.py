"""The rebuild extension (docs/_ext/rebuild.py): what a rebuild with nothing changed may skip, and when not."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import rebuild


class _Config(dict):
    @property
    def values(self):
        return dict.fromkeys(self)

    def __getattr__(self, name):
        return self[name]


def _app(tmp_path: Path, **settings) -> SimpleNamespace:
    config = _Config(
        autodoc2_packages=[{"path": "pkg", "module": "pkg"}], autodoc2_output_dir="api", **settings
    )
    return SimpleNamespace(srcdir=str(tmp_path), config=config)


def test_the_api_digest_follows_the_sources_and_the_settings(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "a.py"
    module.write_text("X = 1\n")
    first = rebuild.autodoc2_inputs(_app(tmp_path))
    assert rebuild.autodoc2_inputs(_app(tmp_path)) == first  # nothing changed: the same digest
    module.write_text("X = 2\n")
    edited = rebuild.autodoc2_inputs(_app(tmp_path))
    assert edited != first
    (package / "b.py").write_text("")
    assert rebuild.autodoc2_inputs(_app(tmp_path)) != edited  # a new module, even an empty one
    with_b = rebuild.autodoc2_inputs(_app(tmp_path))
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"bytecode")
    assert (
        rebuild.autodoc2_inputs(_app(tmp_path)) == with_b
    )  # bytecode written by a run is no input
    (package / "c.pyi").write_text("Z: int\n")
    assert rebuild.autodoc2_inputs(_app(tmp_path)) != with_b  # a stub is
    assert rebuild.autodoc2_inputs(
        _app(tmp_path, autodoc2_sort_names=True)
    ) != rebuild.autodoc2_inputs(_app(tmp_path))


def test_a_build_counts_as_unchanged_only_when_it_read_and_removed_nothing():
    app = SimpleNamespace()
    assert not rebuild.nothing_changed(app)  # before the reading: unknown, so changed
    rebuild._reading(app, None, [])
    assert rebuild.nothing_changed(app)
    removed = SimpleNamespace()
    rebuild._purged(removed, None, "gone")  # a removed page is purged before the reading starts
    rebuild._reading(removed, None, [])
    assert not rebuild.nothing_changed(removed)
    read = SimpleNamespace()
    rebuild._reading(read, None, ["logistic"])
    assert not rebuild.nothing_changed(read)


def test_autodoc2_analyses_again_only_the_modules_whose_source_changed(tmp_path, monkeypatch):
    from autodoc2.sphinx import extension

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text('"""A."""\nX = 1\n')
    (package / "b.py").write_text('"""B."""\nY = 2\n')
    analysed: list[str] = []
    real = extension.analyse_module

    def counting(path, name, *args, **kwargs):
        analysed.append(name)
        return real(path, name, *args, **kwargs)

    seen: list[dict[str, list]] = []

    def run_autodoc(app):  # autodoc2's run, reduced to the analysis of the two modules
        seen.append(
            {m: list(extension.analyse_module(package / f"{m}.py", f"pkg.{m}")) for m in "ab"}
        )

    monkeypatch.setattr(extension, "analyse_module", counting)
    monkeypatch.setattr(extension, "run_autodoc", run_autodoc)
    app = _app(tmp_path)
    app.env = SimpleNamespace()
    rebuild._run_autodoc(app)
    assert analysed == ["pkg.a", "pkg.b"]
    (package / "a.py").write_text('"""A."""\nX = 1\nZ = 3\n')
    rebuild._run_autodoc(app)
    assert analysed == ["pkg.a", "pkg.b", "pkg.a"]  # b's source is unchanged: its analysis is kept
    assert seen[1]["b"] == seen[0]["b"]
    assert [item["full_name"] for item in seen[1]["a"]] == ["pkg.a", "pkg.a.X", "pkg.a.Z"]
    assert extension.analyse_module is counting  # put back after the run


def test_after_autodoc2_ran_one_api_page_counts_as_updated_so_the_environment_is_saved(tmp_path):
    env = SimpleNamespace(found_docs={"index", "api/pkg/pkg.b", "api/pkg/pkg.a", "logistic"})
    app = _app(tmp_path)
    assert rebuild._keep_digest(app, env) == []  # autodoc2 did not run: nothing to save
    setattr(app, rebuild._RAN, True)
    assert rebuild._keep_digest(app, env) == ["api/pkg/pkg.a"]
