"""The API reference follows the package's layout: the package page lists the parts, each part's page its
public modules.

A part's page documents the names its ``__init__`` re-exports (``autodoc2_module_all_regexes``), and
sphinx-autodoc2 then takes the part's children from ``__all__`` only, which names no module. This renderer
(``autodoc2_render_plugin``) lists a package's subpackages and modules from the package itself instead, so
every public module has its place in the table of contents under its part.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autodoc2.render.myst_ import MystRenderer

__all__ = ["PartsRenderer"]


class PartsRenderer(MystRenderer):
    """The MyST renderer, with a package's subpackages and modules taken from the package itself."""

    def get_children(
        self, item: Any, types: set[str] | None = None, *, omit_hidden: bool = True
    ) -> Iterable[Any]:
        if types is None or not types <= {"package", "module"}:
            yield from super().get_children(item, types, omit_hidden=omit_hidden)
            return
        for child in self._db.get_children(
            item["full_name"], types=types, sort_name=self.config.sort_names
        ):
            if not (omit_hidden and self.is_hidden(child)):
                yield child
