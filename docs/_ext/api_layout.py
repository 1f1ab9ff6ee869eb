"""The API reference follows the package's layout: the package page lists the parts, each part's page its
public modules.

A part's page documents the names its ``__init__`` re-exports (``autodoc2_module_all_regexes``), and
sphinx-autodoc2 then takes the part's children from ``__all__`` only, which names no module. This renderer
(``autodoc2_render_plugin``) lists a package's subpackages and modules from the package itself instead, so
every public module has its place in the table of contents under its part.

Values of module data: sphinx-autodoc2 reads them from the source without running it, so a constant written
as an expression (``2 * 10**10``) or a table built by calls (a part's ``DOMAIN``) would show as ``None`` or
``()``. The renderer shows a number, string or bool as the imported module has it, and no value for
anything else (the docstring says what it holds).
"""

from __future__ import annotations

import importlib
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

    def render_data(self, item: Any) -> Iterable[str]:
        module, _, name = item["full_name"].rpartition(".")
        try:
            value = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):  # not importable here: what the source says
            yield from super().render_data(item)
            return
        shown = value if isinstance(value, int | float | str | bool) else None
        lines = iter(super().render_data({**item, "value": shown}))
        for line in lines:
            if line == ":value: >" and shown is None:
                next(lines)  # the value's own line
                continue
            yield line
