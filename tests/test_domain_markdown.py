"""The domain table's Markdown, read as the book reads it: every row's text comes back exactly, with no
character taken for markup (a ``*`` pair read as emphasis once turned ``4 * 2^-1074 ... w*`` into italics)."""

from __future__ import annotations

import html
import re

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from lstmnotes.domain import Domain, domain_markdown, domain_table

# the parser myst-nb uses for a cell's Markdown output with ``markdown_format: gfm``
GFM = create_md_parser(MdParserConfig(gfm_only=True), RendererHTML)
ROWS = domain_table()
TRICKY = "a * b ** c _d_ `e` [f](g) <h> |i| $j$ ~~k~~ {l} #m !n \\o w* 2**-53 <= x < y"


def _texts(markdown: str) -> list[str]:
    """The plain text after each of the three labels, with HTML entities read back."""
    rendered = GFM.render(markdown)
    found = re.findall(
        r"<li><em>(?:inputs|accuracy|limits):</em> (.*?)</li>", rendered, flags=re.DOTALL
    )
    return [html.unescape(text) for text in found]


def test_every_row_text_is_plain() -> None:
    expected = [text for row in ROWS for text in (row.inputs, row.accuracy, row.limits)]
    assert _texts(domain_markdown(ROWS)) == expected


def test_markup_characters_are_text() -> None:
    row = Domain(domain_table, TRICKY, TRICKY, TRICKY)
    assert _texts(domain_markdown([row])) == [TRICKY] * 3
