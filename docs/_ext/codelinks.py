"""Sphinx extension: names in code cells link to their entries in the API reference.

sphinx-codeautolink does the linking: it follows each name in a code block to the object it denotes and
links it when the API reference documents that object. Two things of this book need help:

- A page's imports sit in cells removed from the page (tagged ``remove-cell``), so codeautolink never
  sees them. Their code becomes the page's preface (codeautolink's ``autolink-preface`` at file level),
  read from the notebook myst-nb wrote for the page while reading it.
- A public function lives in a private module (``lstmnotes.flow._scaling.scaling_factor``) and is
  documented where its part exports it (``lstmnotes.flow.scaling_factor``). Each part's exports are mapped
  to that entry (``codeautolink_inventory_map``), so that a name imported from the package or from its
  part finds its documentation.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx_codeautolink.extension.directive import PrefaceMarker

import lstmnotes

REMOVED = {"remove-cell", "remove-input"}


def removed_code(notebook: dict[str, Any]) -> str:
    """The code of the cells a page does not show, in order, one block."""
    blocks = []
    for cell in notebook.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.get("cell_type") == "code" and tags & REMOVED:
            source = cell["source"]
            blocks.append(source if isinstance(source, str) else "".join(source))
    return "\n".join(blocks)


def _add_preface(app: Sphinx, doctree: nodes.document) -> None:
    path = Path(app.outdir).parent / "jupyter_execute" / f"{app.env.docname}.ipynb"
    if not path.is_file():
        return
    code = removed_code(json.loads(path.read_text(encoding="utf-8")))
    if code:
        doctree.insert(0, PrefaceMarker(code, "file"))


def export_map() -> dict[str, str]:
    """Where each object a part exports is defined -> where the API reference documents it."""
    mapping = {}
    for info in sorted(_parts()):
        module = importlib.import_module(f"lstmnotes.{info}")
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if inspect.isroutine(value) or inspect.isclass(value):
                defined = f"{value.__module__}.{value.__qualname__}"
                documented = f"lstmnotes.{info}.{name}"
                if defined != documented:
                    mapping[defined] = documented
    return mapping


def _parts() -> list[str]:
    root = Path(lstmnotes.__file__).parent
    return [p.parent.name for p in root.glob("*/__init__.py") if not p.parent.name.startswith("_")]


def _configure(app: Sphinx, config: Config) -> None:
    config.codeautolink_inventory_map = {**export_map(), **config.codeautolink_inventory_map}


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_codeautolink")
    app.connect("config-inited", _configure)
    # before codeautolink reads the page's code blocks (at priority 490)
    app.connect("doctree-read", _add_preface, priority=480)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
