"""The whole-book PDF (``nox -s pdf``) against the site built from the same sources.

Run by ``nox -s browser`` after ``nox -s docs`` and ``nox -s pdf`` (it reads the files; no browser needed).
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"
PDF = HTML / "lstmnotes.pdf"
APPENDICES = ["The claim ledger", "Domains of the public functions"]


@pytest.fixture(scope="module")
def reader():
    pypdf = pytest.importorskip("pypdf")
    if not PDF.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no PDF at {PDF} (required when CI=true)")
        pytest.skip(f"no PDF at {PDF}: run `nox -s pdf` first")
    return pypdf.PdfReader(PDF)


@pytest.fixture(scope="module")
def text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


class _Chapters(HTMLParser):
    """The chapter titles listed under the landing page's "Chapters" caption, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self._caption = ""
        self._in_caption = self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "caption-text" in classes:
            self._in_caption, self._caption = True, ""
        elif tag == "a" and "toctree-l1" not in classes and self._caption == "Chapters":
            self._in_link = "reference" in classes and "internal" in classes
            if self._in_link:
                self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_caption = False
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self._caption += data
        elif self._in_link:
            self.titles[-1] += data


def _site_chapters() -> list[str]:
    parser = _Chapters()
    parser.feed((HTML / "index.html").read_text())
    titles = [" ".join(t.split()) for t in parser.titles if t.strip()]
    return list(dict.fromkeys(titles))  # the navigation and the page list the chapters alike


def _outline_titles(reader) -> list[str]:
    return [" ".join(item.title.split()) for item in reader.outline if not isinstance(item, list)]


def _words(title: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", title)


def _names(site_title: str, outline_title: str) -> bool:
    """Whether an outline entry spells a site title: its words, maths aside, in the same order."""
    words = iter(_words(outline_title))
    return all(word in words for word in _words(re.sub(r"\\\(.*?\\\)", " ", site_title)))


def test_the_outline_has_every_chapter_of_the_site_in_order_then_the_appendices(reader):
    chapters = _site_chapters()
    assert len(chapters) >= 10, chapters
    outline = _outline_titles(reader)
    wanted = [*chapters, *APPENDICES, "Bibliography"]
    positions = []
    for title in wanted:
        found = [k for k, entry in enumerate(outline) if _names(title, entry)]
        assert found, f"{title!r} is not in the PDF's outline {outline}"
        positions.append(found[0])
    assert positions == sorted(positions), list(zip(wanted, positions, strict=True))


def test_every_claim_of_the_ledger_is_in_its_appendix_with_its_verdict(text):
    rows = json.loads((HTML / "claims.json").read_text())
    flat = "".join(text.split())  # text extraction loses some spaces: compare without any
    for row in rows:
        assert "".join(f"Claim {row['id']} {row['computed']}".split()) in flat, row["id"]


def test_no_reference_is_left_unresolved(text):
    assert "??" not in text


def test_figures_and_equations_are_numbered_by_chapter(text):
    assert re.search(r"Fig\. \d+\.\d+:", text)
    assert re.search(r"\(\d+\.\d+\)", text)


def test_internal_links_point_at_places_in_the_book(reader):
    named = reader.named_destinations
    links = [
        action["/D"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if (action := annotation.get_object().get("/A")) is not None and action.get("/S") == "/GoTo"
    ]
    assert len(links) > 100, len(links)
    assert not [d for d in links if d not in named]


CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
FOLDING = {"hide-input", "hide-cell", "remove-input", "remove-cell"}


def _cells(page: str) -> list[tuple[set[str], list[str]]]:
    """A chapter's code cells: the tags of each and its lines of code."""
    cells = []
    for match in CELL.finditer((ROOT / "docs" / f"{page}.md").read_text()):
        lines = match["body"].splitlines()
        tags: set[str] = set()
        if lines and lines[0].startswith(":tags:"):
            tags = set(re.findall(r"[\w-]+", lines[0].partition(":tags:")[2]))
            lines = lines[1:]
        elif lines and lines[0].strip() == "---":
            end = lines.index("---", 1)
            tags = set(re.findall(r"[\w-]+", " ".join(lines[1:end]).partition("tags:")[2]))
            lines = lines[end + 1 :]
        cells.append((tags, [line.strip() for line in lines if line.strip()]))
    return cells


def _chapters() -> list[str]:
    book = (ROOT / "docs" / "pdf" / "book.md").read_text()
    return re.findall(r"^/([\w-]+)$", book, re.MULTILINE)


def _start(line: str) -> str:
    """A line of code as the PDF's text shows it wherever the line is wrapped: its first characters."""
    return "".join(line.split())[:24]


def test_the_pdf_leaves_out_the_code_the_site_folds_and_keeps_the_code_it_shows(text):
    """A code cell the site folds away prints its outputs only; a cell the site shows prints its code."""
    flat = "".join(text.split())
    folded, shown, shown_code = set(), set(), ""
    for page in _chapters():
        for tags, lines in _cells(page):
            (folded if tags & FOLDING else shown).update(_start(x) for x in lines if len(x) >= 30)
            if not tags & FOLDING:
                shown_code += "\n".join("".join(x.split()) for x in lines) + "\n"
    folded = {
        start for start in folded if start not in shown_code
    }  # nor part of code that is shown
    assert len(folded) > 20, len(folded)
    assert shown
    printed = sorted(start for start in folded if start in flat)
    assert not printed, f"the PDF prints {len(printed)} lines of folded code, e.g. {printed[:3]}"
    missing = sorted(start for start in shown if start not in flat)
    assert not missing, f"code the site shows is missing from the PDF: {missing[:3]}"
