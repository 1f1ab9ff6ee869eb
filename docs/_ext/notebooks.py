"""Sphinx extension: every executed page of the book as a Jupyter notebook in the site.

When the HTML build finishes, each page that myst-nb executed is written to ``notebooks/<page>.ipynb``
with its outputs, its text turned into plain Markdown by :mod:`notebook_markdown` (verdicts, evidence,
glued values, references and citations as the page shows them), so that it opens in Jupyter, JupyterLab or
Colab with only the library installed. The ``downloads`` extension offers it in the page's download menu.

The outputs are those of the build: from myst-nb's jupyter-cache when pages are executed through it, else
from the notebook myst-nb wrote after executing the page. Glued values come from myst-nb's glue files.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import Any

import nbformat
import notebook_markdown
import rebuild
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import new_document

from lstmnotes.ledger import evidence_value

FOLDER = "notebooks"
NOTE = (
    "*This notebook is a chapter of the lstmnotes book, with the outputs of the book's build. To run it, "
    "install the library first: `pip install lstmnotes`.*"
)


def executed_folder(app: Sphinx) -> Path:
    """Where myst-nb writes the notebooks it executed (its ``jupyter_execute`` folder)."""
    return Path(app.outdir).parent / "jupyter_execute"


def notebook_pages(app: Sphinx) -> list[str]:
    """The pages that myst-nb executed, in order."""
    folder = executed_folder(app)
    return sorted(d for d in app.env.found_docs if (folder / f"{d}.ipynb").is_file())


def _markdown(node: nodes.Node) -> str:
    """A title's nodes as Markdown text: maths in dollars, code in backticks."""
    if isinstance(node, nodes.math):
        return f"${node.astext()}$"
    if isinstance(node, nodes.literal):
        return f"`{node.astext()}`"
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(_markdown(child) for child in node.children)


class BuildResolver:
    """The answers of the finished build to the references of one page (``notebook_markdown.Resolver``)."""

    def __init__(self, app: Sphinx, docname: str, rows: dict[str, dict[str, Any]]) -> None:
        self.app, self.env, self.docname, self.rows = app, app.env, docname, rows

    def _row(self, claim_id: str) -> dict[str, Any]:
        if claim_id not in self.rows:
            raise ExtensionError(f"{self.docname}: unknown claim {claim_id!r}")
        return self.rows[claim_id]

    def verdict(self, claim_id: str, word: str) -> str:
        return f"{claim_id} · {self._row(claim_id)['computed']}"

    def evidence(self, claim_id: str, path: str, spec: str) -> str:
        return format(evidence_value(self._row(claim_id), path), spec)

    def _resolve(self, domain: str, typ: str, target: str, text: str, explicit: bool) -> str:
        xref = pending_xref(
            "", refdomain=domain, reftype=typ, reftarget=target, refexplicit=explicit,
            refdoc=self.docname, refwarn=True,
        )  # fmt: skip
        xref.document = new_document("")
        contnode = nodes.inline(text, text)
        resolved = self.env.get_domain(domain).resolve_xref(
            self.env, self.docname, self.app.builder, typ, target, xref, contnode
        )
        if resolved is None:
            raise ExtensionError(f"{self.docname}: cannot resolve {domain}:{typ} {target!r}")
        return resolved.astext()

    def _section_title(self, target: str) -> str:
        std = self.env.get_domain("std")
        if target not in std.labels:  # type: ignore[attr-defined]
            raise ExtensionError(f"{self.docname}: unknown label {target!r}")
        docname, labelid, _ = std.labels[target]  # type: ignore[attr-defined]
        doctree = self.env.get_doctree(docname)
        node = doctree.ids.get(labelid)
        if isinstance(node, nodes.section):
            return _markdown(node[0])
        return self._resolve("std", "ref", target, target, explicit=False)

    def xref(self, role: str, target: str, title: str | None) -> str:
        if title and role != "numref":
            return title
        if role == "doc":
            docname = target.lstrip("/")
            if docname not in self.env.titles:
                raise ExtensionError(f"{self.docname}: unknown page {target!r}")
            return _markdown(self.env.titles[docname])
        if role == "ref":
            return self._section_title(target)
        domain, typ = {
            "numref": ("std", "numref"),
            "eq": ("math", "eq"),
            "prf:ref": ("prf", "ref"),
        }.get(role, ("", ""))
        if not domain:
            raise ExtensionError(f"{self.docname}: no plain form for the role {role!r}")
        return self._resolve(domain, typ, target, title or target, explicit=bool(title))

    def cite(self, keys: list[str], textual: bool) -> str:
        target = ",".join(keys)
        return self._resolve("cite", "t" if textual else "p", target, target, explicit=False)

    def equation_number(self, label: str) -> str:
        return self._resolve("math", "eq", label, label, explicit=False)

    def proof_title(self, kind: str, label: str | None, title: str) -> str:
        heading = kind.title()
        if label is not None:
            heading = self._resolve("prf", "ref", label, label, explicit=False)
        return f"{heading} ({title})" if title else heading


def _executed(app: Sphinx, docname: str) -> Any:
    """The page's notebook with the outputs of this build."""
    written = nbformat.read(executed_folder(app) / f"{docname}.ipynb", as_version=4)
    config = app.env.mystnb_config  # type: ignore[attr-defined]
    if config.execution_mode == "cache" and config.execution_cache_path:
        from jupyter_cache import get_cache  # noqa: PLC0415  (a dependency of myst-nb)

        with suppress(KeyError):  # executed outside the cache: the written notebook has the outputs
            _, written = get_cache(config.execution_cache_path).merge_match_into_notebook(written)
    return written


def _glued(app: Sphinx, docname: str) -> dict[str, dict[str, Any]]:
    path = executed_folder(app) / f"{docname}.glue.json"
    if not path.is_file():
        return {}
    return {name: entry["data"] for name, entry in json.loads(path.read_text()).items()}


def _claims_before(app: Sphinx) -> None:
    """Keep the claims' results of the last build, to tell whether this build changed them."""
    claims = Path(app.outdir) / "claims.json"
    app._lstmnotes_claims_before = claims.read_bytes() if claims.exists() else None  # type: ignore[attr-defined]


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    claims = Path(app.outdir) / "claims.json"
    target = Path(app.outdir) / FOLDER
    pages = notebook_pages(app)
    if (
        rebuild.nothing_changed(app)
        and claims.exists()
        and claims.read_bytes() == getattr(app, "_lstmnotes_claims_before", None)
        and all((target / f"{docname}.ipynb").is_file() for docname in pages)
    ):
        return  # no page read, no claim's result changed: the notebooks written last time stand
    rows = {r["id"]: r for r in json.loads(claims.read_text())} if claims.exists() else {}
    for docname in pages:
        resolver = BuildResolver(app, docname, rows)
        try:
            notebook = notebook_markdown.export(
                _executed(app, docname), resolver, NOTE, glued=_glued(app, docname)
            )
        except ValueError as error:
            raise ExtensionError(f"{docname}: {error}") from error
        path = target / f"{docname}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_markdown.dumps(notebook), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # after the ledger writes claims.json (at the default priority)
    app.connect("builder-inited", _claims_before)
    app.connect("build-finished", write_notebooks, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
