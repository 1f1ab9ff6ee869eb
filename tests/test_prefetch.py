"""The prefetch extension (docs/_ext/prefetch.py) executes a page again when, and only when, what it depends
on has changed: its code, or the key of the library modules it imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Test

```{code-cell} ipython3
from lstmnotes.activations import logistic
print(logistic(0.0))
```
"""


def _build(src: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(src), str(src / "_build")],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout + out.stderr


def test_a_page_runs_again_when_its_key_changes(tmp_path):
    src = tmp_path / "site"
    src.mkdir()
    cache = tmp_path / "cache"
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        "extensions = ['myst_nb', 'prefetch']\n"
        "nb_execution_mode = 'cache'\n"
        f"nb_execution_cache_path = {str(cache)!r}\n"
        "exclude_patterns = ['_build']\n"
    )
    (src / "index.md").write_text(PAGE)
    assert "executed index" in _build(src)
    keys_file = cache / "page-keys.json"
    assert list(json.loads(keys_file.read_text())) == ["index"]

    (src / "index.md").touch()
    assert "executed index" not in _build(src)  # same code, same key: served from the cache

    keys_file.write_text(json.dumps({"index": "a library edit"}))
    html = src / "_build" / "index.html"
    html.write_text("stale")
    log = _build(src)  # the page's text is unchanged: only its key says that it must run again
    assert "executed index" in log  # the key changed: executed again
    assert "1 changed" in log  # and read again, so that its new outputs reach the site
    assert "0.5" in html.read_text()
    assert json.loads(keys_file.read_text())["index"] != "a library edit"
