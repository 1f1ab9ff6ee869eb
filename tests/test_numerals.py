"""The numeral check of the book: a number typed by hand into a chapter's prose fails the build.

The unit tests feed the scanner small MyST sources; the last test reads every page of the book.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from numerals import hand_typed_numerals


def _numbers(source: str) -> list[str]:
    return [n.text for n in hand_typed_numerals(source)]


def test_number_in_prose_is_found_with_its_line():
    (found,) = hand_typed_numerals("# Title\n\nThe gain is 0.2239 here.\n")
    assert (found.line, found.text) == (3, "0.2239")
    assert "0.2239" in found.context


def test_glued_and_evidence_values_are_not_hand_typed():
    page = "K is {glue:text}`k:.4f`, the rate {evidence}`P13:tau:.3f`, see {ref}`sec-3`."
    assert _numbers(page) == []


def test_quotations_of_the_paper_are_marked():
    assert _numbers("The paper's {paper}`4.0` and $|w| < \\paper{4.0}$.") == []
    assert _numbers("The paper's 4.0.") == ["4.0"]


def test_maths_allows_single_digits_only():
    assert _numbers("$n^{q-1}$ and $2\\sigma(x) - 1$ and $\\log_{10}$") == []
    assert _numbers("$|w_{ij}| \\le 1.2$") == ["1.2"]
    assert _numbers("$t = 12$") == ["12"]


def test_display_maths_over_several_lines():
    page = "Text\n\n$$\nx = 3.5\n  + y\n$$ (eq-a)\n\nMore 7 text.\n"
    found = hand_typed_numerals(page)
    assert [(n.line, n.text) for n in found] == [(4, "3.5"), (8, "7")]


@pytest.mark.parametrize(
    "allowed",
    [
        "eq. (3.2) and eqs. (3.1)",
        "section 3.2 and §3.1",
        "claim P13 and slip 8",
        "the 1997 cell",
        "0/1 matrices and the 1-norm",
        "sphinx-autodoc2 and x86",
        "1. a numbered item",
        "## 2. A numbered heading",
    ],
)
def test_allowances(allowed):
    assert _numbers(allowed) == []


def test_code_cells_are_code_but_their_captions_are_prose():
    page = (
        "```{code-cell} ipython3\n"
        "---\n"
        "mystnb:\n"
        "  figure:\n"
        "    caption: Flow of three units with weights up to\n"
        "      1.2 in size.\n"
        "    name: fig-x\n"
        "---\n"
        "run(3, 1.2, seed=1997)\n"
        "```\n"
    )
    assert [(n.line, n.text) for n in hand_typed_numerals(page)] == [(6, "1.2")]


def test_directive_bodies_are_prose_and_code_blocks_are_not():
    page = (
        "````{prf:theorem} For w > 4\n:label: thm-x\n\nIt grows 2 times.\n````\n\n"
        "```python\nx = 12\n```\n\n```{math}\n:label: eq-x\nx = 0.5\n```\n"
    )
    assert _numbers(page) == ["4", "2", "0.5"]


def test_front_matter_labels_and_comments_are_skipped():
    page = "---\nkernelspec:\n  name: python3\n---\n\n(sec-a1)=\n# A\n\n% a note 12\n"
    assert _numbers(page) == []


def test_every_chapter_of_the_book_has_no_hand_typed_number():
    found = [
        f"{page.name}:{n.line}: {n.text!r} in {n.context!r}"
        for page in sorted((ROOT / "docs").glob("*.md"))
        for n in hand_typed_numerals(page.read_text())
    ]
    assert found == []
