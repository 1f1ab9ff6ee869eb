"""Sphinx extension: names and roles that assistive technology needs, where the theme and writers omit them.

Each change answers a WCAG 2.1 rule that axe-core checks on the built site (``tests/test_site.py``):

- The navigation's expand buttons (pydata-sphinx-theme's ``<summary>`` holding only a chevron icon) had no
  accessible name (WCAG 4.1.2). Each is named after the page whose subpages it shows.
- myst-nb's "Show code cell source" toggle was named "Toggle hidden content", a name that does not contain
  its visible label (WCAG 2.5.3, label in name). Its name is now its visible text.
- docutils gave each bibliography entry the role ``doc-biblioentry``, deprecated in DPub-ARIA 1.1, inside a
  ``role="list"``, which then has no list items (WCAG 1.3.1). Each entry is now a ``listitem``.
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from bs4 import BeautifulSoup, Tag
from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def _name_toggles(soup: Tag) -> None:
    """Give every nameless ``<summary>`` of a navigation tree the name of the page it expands."""
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = None if item is None else item.find("a", recursive=False)
        if isinstance(link, Tag):
            summary["aria-label"] = f"Pages under {link.get_text(' ', strip=True)}"


def _wrap_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Wrap the theme's ``generate_toctree_html``, which returns the tree as parsed HTML (or a string)."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    @functools.wraps(generate)
    def named(kind: str, *args: Any, **kwargs: Any) -> Any:
        out = generate(kind, *args, **kwargs)
        if isinstance(out, str):
            soup = BeautifulSoup(out, "html.parser")
            _name_toggles(soup)
            return str(soup)
        if isinstance(out, Tag):  # the theme caches it: naming it twice changes nothing
            _name_toggles(out)
        return out

    context["generate_toctree_html"] = named


def _visit_hidden_cell(self: HTML5Translator, node: HideCodeCellNode) -> None:
    """myst-nb's own markup, less the ``aria-label`` that hid the visible label from the name."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def _depart_hidden_cell(self: HTML5Translator, node: HideCodeCellNode) -> None:
    self.body.append("</details>\n")


def _visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    """docutils' markup for a bibliography entry, as a list item of its ``role="list"``."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    # after the theme, which adds generate_toctree_html at the default priority (500)
    app.connect("html-page-context", _wrap_navigation, priority=600)
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, _depart_hidden_cell))
    app.add_node(
        nodes.citation, override=True, html=(_visit_citation, HTML5Translator.depart_citation)
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
