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
