"""Sphinx extension: the whole-book PDF and the page's notebook in every page's download menu.

sphinx-book-theme's menu offers the page's source and the browser's print dialog; this adds
``lstmnotes.pdf``, the whole book built by ``nox -s pdf`` into the site's root, and on each executed page
its notebook, ``notebooks/<page>.ipynb``, which the ``notebooks`` extension writes.
"""

from __future__ import annotations

from typing import Any

import notebooks
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
            if pagename in notebooks.notebook_pages(app):
                group["buttons"].insert(
                    1,
                    {
                        "type": "link",
                        "url": context["pathto"](f"{notebooks.FOLDER}/{pagename}.ipynb", 1),
                        "text": ".ipynb",
                        "tooltip": "Download this page as a Jupyter notebook, with its outputs",
                        "icon": "fas fa-code",
                        "label": "download-notebook-button",
                    },
                )


def setup(app: Sphinx) -> dict[str, Any]:
    # after sphinx-book-theme fills the header buttons (at priority 501)
    app.connect("html-page-context", _add_book_pdf, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
