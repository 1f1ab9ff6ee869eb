"""Sphinx extension: the PDF reads as a book, with the prose, the figures and the outputs, and without the
code the site folds away.

On the site a code cell tagged ``hide-input`` (or ``hide-cell``) shows its output and folds its code under
a "Show code cell source" toggle; myst-nb's LaTeX writer has no toggle and printed that code in full, pages
of it between the figures. Here such a cell keeps only its outputs in the PDF, and a cell left with nothing
is dropped. The code the site shows openly (the examples of how to call the library) stays in the PDF, and
every cell's code is in the chapter's notebook and on the site.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

FOLDED = {"input", "input+output", "all"}  # myst-nb's hide modes that fold a cell's code


class DropFoldedCode(SphinxPostTransform):
    """Remove the code of every cell whose code the site folds, in the LaTeX output only."""

    default_priority = 199  # where myst-nb folds the same cells for HTML
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") != "cell_code" or cell.get("hide_mode") not in FOLDED:
                continue
            for child in list(cell.children):
                if (
                    isinstance(child, nodes.Element)
                    and child.get("nb_element") == "cell_code_source"
                ):
                    cell.remove(child)
            if not cell.children:
                cell.parent.remove(cell)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(DropFoldedCode)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
