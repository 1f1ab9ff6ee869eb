"""Package-level promises: the public API, a cheap import, and a build cache keyed on the library."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import lstmnotes

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_exported():
    for name in lstmnotes.__all__:
        assert hasattr(lstmnotes, name), name


def test_import_is_cheap():
    code = "import sys, lstmnotes; print(sorted(m for m in ('matplotlib', 'sympy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_library_edit_changes_the_execution_cache_key(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # under CI the cache is a fresh temporary folder
    spec = importlib.util.spec_from_file_location("book_conf", ROOT / "docs" / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert Path(conf.nb_execution_cache_path).name == conf.library_hash()
    src = tmp_path / "lstmnotes"
    src.mkdir()
    (src / "a.py").write_text("x = 1\n")
    before = conf.library_hash(src)
    (src / "a.py").write_text("x = 2\n")
    assert conf.library_hash(src) != before
