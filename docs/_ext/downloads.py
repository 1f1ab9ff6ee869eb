"""Sphinx extension: the whole-book PDF in every page's download menu.

sphinx-book-theme's menu offers the page's source and the browser's print dialog; this adds
``lstmnotes.pdf``, the whole book built by ``nox -s pdf`` into the site's root.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

BOOK_PDF = "lstmnotes.pdf"


def _add_book_pdf(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](BOOK_PDF, 1),
                    "text": "book .pdf",
                    "tooltip": "Download the whole book as one PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                }
            )


def setup(app: Sphinx) -> dict[str, Any]:
    # after sphinx-book-theme fills the header buttons (at priority 501)
    app.connect("html-page-context", _add_book_pdf, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
