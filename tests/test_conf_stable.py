"""A rebuild with nothing changed finds the book's configuration unchanged (docs/conf.py): no extension
changes an option between two builds, so Sphinx neither rereads nor rewrites a page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build(src: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-v", str(src), str(src / "_build")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "CI": ""},
    )
    return out.stdout + out.stderr


def test_a_rebuild_finds_the_configuration_unchanged(tmp_path):
    src = tmp_path / "site"
    src.mkdir()
    # the book's configuration, on a one-page site with one claim and no API reference
    (src / "conf.py").write_text(
        f"__file__ = {str(ROOT / 'docs' / 'conf.py')!r}\n"
        "exec(compile(open(__file__).read(), __file__, 'exec'))\n"
        "autodoc2_packages = [{'path': " + repr(str(ROOT / "src" / "lstmnotes" / "ledger")) + ", "
        "'module': 'lstmnotes.ledger'}]\n"
        "ledger_claims = ['P3']\n"
        f"nb_execution_cache_path = {str(tmp_path / 'cache')!r}\n"
        "bibtex_bibfiles = []\n"
    )
    (src / "index.md").write_text("# A page\n\nSome prose.\n")
    first = _build(src)
    assert "writing output... [100%] index" in first
    second = _build(src)
    assert "The configuration has changed" not in second
    assert "writing output... [100%]" not in second  # nothing written again
    assert "0 added, 0 changed, 0 removed" in second
