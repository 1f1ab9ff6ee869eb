"""The built site's notebooks and code links: each executed page downloads as a notebook that reads as
plain Markdown and runs again, and names in code cells link to the API reference.

Run by ``nox -s browser`` after ``nox -s docs`` (it reads the built site and runs a Jupyter kernel; no
browser is needed).
"""

from __future__ import annotations

import os
import re
import tempfile
from html import unescape
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from traitlets.config import Config

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DOCS, HTML = ROOT / "docs", ROOT / "docs" / "_build" / "html"
MYST = re.compile(
    r"\{[a-z][a-z0-9_:-]*\}`"  # a role
    r"|^[`:]{3,}\{"  # a directive
    r"|^\([\w.:-]+\)=\s*$"  # a label
    r"|\$\$\s*\(|\\paper\{",  # a labelled equation, the book's own maths macro
    re.MULTILINE,
)


def _site() -> Path:
    if not (HTML / "index.html").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no built site at {HTML} (required when CI=true)")
        pytest.skip(f"no built site at {HTML}: run `nox -s docs` first")
    return HTML


def _executed_pages() -> list[str]:
    """The pages with code cells: their sources say they are notebooks and hold a code cell."""
    return sorted(
        p.stem
        for p in DOCS.glob("*.md")
        if "file_format: mystnb" in (text := p.read_text()) and "```{code-cell}" in text
    )


PAGES = _executed_pages()


def test_there_are_notebooks_to_check():
    assert len(PAGES) >= 10


@pytest.fixture(scope="module", params=PAGES)
def notebook(request) -> tuple[str, nbformat.NotebookNode]:
    page = request.param
    html = (_site() / f"{page}.html").read_text()
    link = f'href="notebooks/{page}.ipynb"'
    assert link in html, f"{page}: the download menu does not offer the notebook"
    path = HTML / "notebooks" / f"{page}.ipynb"
    return page, nbformat.read(path, as_version=4)


def test_notebook_validates_and_reads_as_plain_markdown(notebook):
    page, nb = notebook
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            left = MYST.search(cell.source)
            assert left is None, f"{page}: MyST left in a markdown cell: {left.group(0)!r}"
        else:
            assert "myst_nb" not in cell.source, f"{page}: a code cell needs myst_nb"
    title = nb.cells[0].source.splitlines()[0]
    assert title.startswith("# "), f"{page}: the first cell is not the chapter's title"


def test_notebook_carries_the_builds_outputs(notebook):
    page, nb = notebook
    source = (DOCS / f"{page}.md").read_text()
    if "plt.show()" in source:
        images = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if "image/png" in o.get("data", {})
        ]
        assert len(images) >= source.count("plt.show()"), f"{page}: figures are missing"


SITE_SCRIPT = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']?(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|["'])""")


def test_no_output_needs_a_script_only_the_site_has(notebook):
    """An explorable figure's HTML loads ``_static/plotly.min.js``, which a notebook reader does not have:
    Jupyter would prefer that HTML to the PNG beside it and show an empty plot."""
    page, nb = notebook
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            html = html if isinstance(html, str) else "".join(html)
            assert not SITE_SCRIPT.search(html), f"{page}: an output loads a script of the site"
    if "_explorer(" in (DOCS / f"{page}.md").read_text():
        explorers = [c for c in nb.cells if c.cell_type == "code" and "_explorer(" in c.source]
        assert explorers, f"{page}: the explorable figure's cell is missing"
        for cell in explorers:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), (
                f"{page}: the explorable figure has no static rendering"
            )


def test_notebook_runs_again_with_only_the_library(notebook):
    page, nb = notebook
    with tempfile.TemporaryDirectory(prefix="lstmnotes-nb-") as tmp:
        config = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(tmp) / "k")}})
        client = NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp}},
            config=config,
        )  # fmt: skip
        ran = client.execute()
    before = [len(c.outputs) for c in nb.cells if c.cell_type == "code"]
    after = [len(c.outputs) for c in ran.cells if c.cell_type == "code"]
    assert len(after) == len(before)
    errors = [
        o for c in ran.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors, f"{page}: {errors[0]['ename']}: {errors[0]['evalue']}"


CODE_LINK = re.compile(
    r'<a [^>]*href="(?P<href>[^"]*)"[^>]*>(?:<[^>]+>)*(?P<name>\w+)(?:</[^>]+>)*</a>'
)


def _code_links(page: str) -> dict[str, set[str]]:
    """Name -> the addresses it links to, from the code cells and code blocks of a built page."""
    html = unescape((_site() / f"{page}.html").read_text())
    links: dict[str, set[str]] = {}
    for block in re.findall(r'<div class="highlight">(.*?)</div>', html, re.DOTALL):
        for m in CODE_LINK.finditer(block):
            if "sphinx-codeautolink-a" in m.group(0):
                links.setdefault(m["name"], set()).add(m["href"])
    return links


@pytest.mark.parametrize(
    ("page", "name", "entry"),
    [
        (
            "network",
            "scaling_factor",
            "api/lstmnotes/lstmnotes.flow.html#lstmnotes.flow.scaling_factor",
        ),
        (
            "index",
            "logistic_prime",
            "api/lstmnotes/lstmnotes.activations.html#lstmnotes.activations.logistic_prime",
        ),
    ],
)
def test_names_in_code_link_to_their_api_entry(page, name, entry):
    links = _code_links(page)
    assert entry in links.get(name, set()), f"{page}: {name} links to {links.get(name)}"
    target, anchor = entry.split("#")
    assert f'id="{anchor}"' in (_site() / target).read_text(), f"{entry} is not an API entry"
