"""Sphinx extension: a rebuild in which nothing changed skips the work that would only write the same again.

Three steps of the build run in full at every build, whether anything changed or not:

- sphinx-autodoc2 renders every module of the API reference again (and then writes only the files whose
  text differs). Here it runs only when its inputs differ from those of the build that last ran it: the
  package's source files, the renderer (``api_layout``), autodoc2's version and its settings, kept as one
  digest in the environment. When it runs, it analyses afresh only the modules whose source changed (it
  would analyse every module of the package after any edit): each module's analysis is kept in the
  environment under the digest of its source.
- Sphinx numbers the figures again by loading the doctree of every page. Here it does so only when a page
  was read or removed in this build: otherwise no figure and no table of contents can have changed.
- The ``notebooks`` extension exports every executed page again; it asks {py:func}`nothing_changed`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import api_layout
import autodoc2
from autodoc2.sphinx import extension as autodoc2_extension
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
_KEY = "lstmnotes_autodoc2_inputs"  # the environment's attribute holding the digest
_ANALYSES = "lstmnotes_autodoc2_analyses"  # the environment's: module -> (source digest, its items)
_RAN = "_lstmnotes_autodoc2_ran"  # the application's attribute: whether autodoc2 ran in this build
_CHANGED = "_lstmnotes_changed"  # the application's attribute: whether a page was read or removed


def autodoc2_inputs(app: Sphinx) -> str:
    """A digest of everything sphinx-autodoc2's output depends on."""
    digest = hashlib.sha256(f"autodoc2 {autodoc2.__version__}\n".encode())
    for name in sorted(n for n in app.config.values if n.startswith("autodoc2_")):
        digest.update(f"{name} = {app.config[name]!r}\n".encode())
    digest.update(Path(api_layout.__file__).read_bytes())
    for package in app.config.autodoc2_packages:
        root = Path(app.srcdir) / (package if isinstance(package, str) else package["path"])
        # sources and stubs only: the bytecode Python writes beside them while the pages run is no input
        for path in sorted(p for p in root.rglob("*.py*") if p.suffix in (".py", ".pyi")):
            digest.update(f"\n{path.relative_to(root).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _run_autodoc(app: Sphinx) -> None:
    key = autodoc2_inputs(app)
    output = Path(app.srcdir) / app.config.autodoc2_output_dir
    if getattr(app.env, _KEY, None) == key and output.is_dir() and any(output.iterdir()):
        LOGGER.info("[Autodoc2] the package and the settings are unchanged: the API pages are kept")
        return
    kept: dict[str, tuple[str, list[Any]]] = getattr(app.env, _ANALYSES, {})
    used: dict[str, tuple[str, list[Any]]] = {}
    analyse = autodoc2_extension.analyse_module

    def analyse_once(file_path: Path, name: str, *args: Any, **kwargs: Any) -> Iterable[Any]:
        digest = hashlib.sha256(autodoc2.__version__.encode() + file_path.read_bytes()).hexdigest()
        if kept.get(name, ("", []))[0] != digest or args or kwargs:
            kept[name] = (digest, list(analyse(file_path, name, *args, **kwargs)))
        used[name] = kept[name]
        return copy.deepcopy(kept[name][1])

    autodoc2_extension.analyse_module = analyse_once  # type: ignore[assignment]
    try:
        autodoc2_extension.run_autodoc(app)
    finally:
        autodoc2_extension.analyse_module = analyse
    # autodoc2 analyses nothing when only its settings changed: then the kept analyses stay
    setattr(app.env, _ANALYSES, used or kept)
    setattr(app.env, _KEY, key)
    setattr(app, _RAN, True)


def _keep_digest(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After autodoc2 ran, count one API page as updated even if no page was read, so that Sphinx saves the
    environment, and with it the new digest: otherwise every later build would run autodoc2 again."""
    if not getattr(app, _RAN, False):
        return []
    prefix = f"{app.config.autodoc2_output_dir}/"
    return sorted(d for d in env.found_docs if d.startswith(prefix))[:1]


def nothing_changed(app: Sphinx) -> bool:
    """Whether this build read and removed no page (known once the reading is done)."""
    return not getattr(app, _CHANGED, True)


def _reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # removed pages are purged before this event, read pages after it
    setattr(app, _CHANGED, bool(docnames) or getattr(app, _CHANGED, False))


def _purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    setattr(app, _CHANGED, True)


def _updated(collector: TocTreeCollector, app: Sphinx, env: BuildEnvironment) -> list[str]:
    numbered = collector.assign_section_numbers(env)
    if nothing_changed(app):
        return numbered
    return numbered + collector.assign_figure_numbers(env)


def _replace(app: Sphinx, event: str, match: Any, make: Any) -> None:
    """Connect ``make(old)`` to ``event`` in place of the one listener ``old`` that ``match`` picks out."""
    found = [listener for listener in app.events.listeners[event] if match(listener.handler)]
    if len(found) != 1:
        raise RuntimeError(f"expected one listener of {event} to replace, found {len(found)}")
    app.disconnect(found[0].id)
    app.connect(event, make(found[0].handler), priority=found[0].priority)


def _is_toctree(handler: Any) -> bool:
    return isinstance(getattr(handler, "__self__", None), TocTreeCollector)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("autodoc2")
    _replace(
        app,
        "builder-inited",
        lambda handler: handler is autodoc2_extension.run_autodoc,
        lambda _: _run_autodoc,
    )
    _replace(
        app,
        "env-get-updated",
        _is_toctree,
        lambda old: lambda app_, env: _updated(old.__self__, app_, env),
    )
    app.connect("env-get-updated", _keep_digest)
    app.connect("env-purge-doc", _purged)
    app.connect("env-before-read-docs", _reading)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
