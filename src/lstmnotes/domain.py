"""The domain of each public function: what it accepts, how accurate it is there, and where it refuses.

Each part states the domain of its public numerics in a tuple ``DOMAIN`` of {py:class}`Domain` rows in its
``__init__``, next to the names it exports; {py:func}`domain_table` collects the rows of every part, and the
book's API reference shows them as one table. The fuzz tests read the same rows, so a stated accuracy or
limit that the function does not keep fails the tests.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Domain", "domain_markdown", "domain_table"]

_MODULES = ("activations.symbolic_activation", "explore")
"""The modules beside the parts whose public functions have rows (after the parts')."""

_MARKUP = re.compile(r"([\\`*_\[\]<>|$~{}#!])")
"""The characters that Markdown (and MyST's roles and maths) would read as markup in a row's text."""


@dataclass(frozen=True)
class Domain:
    """The domain of one public function.

    :param function: the function.
    :param inputs: what each argument may be, e.g. ``"W: finite real (n, n), n >= 1"``.
    :param accuracy: how close the result is to the exact value over the whole of ``inputs``, e.g. ``"within
        4 ulps"`` or ``"exact"``; for a function that decides a verdict, what its verdict rests on.
    :param limits: the sizes beyond which it refuses with a ``ValueError``, and why (time or memory).
    """

    function: Callable[..., Any]
    inputs: str
    accuracy: str
    limits: str

    @property
    def name(self) -> str:
        """The function's public path: its module's up to the first private one, and its name
        (``lstmnotes.<part>.<name>``, or ``lstmnotes.<part>.<module>.<name>`` for a public module)."""
        public = []
        for piece in self.function.__module__.split("."):
            if piece.startswith("_"):
                break
            public.append(piece)
        return ".".join([*public, self.function.__name__])


def domain_table() -> list[Domain]:
    """Every part's ``DOMAIN`` rows, by part and then in the part's order, then those of
    {py:mod}`lstmnotes.explore`.

    :return: the rows.
    """
    import lstmnotes  # noqa: PLC0415

    rows: list[Domain] = []
    for part in sorted(pkgutil.iter_modules(lstmnotes.__path__), key=lambda m: m.name):
        if part.ispkg and not part.name.startswith("_"):
            rows += getattr(importlib.import_module(f"lstmnotes.{part.name}"), "DOMAIN", ())
    for module in _MODULES:
        rows += importlib.import_module(f"lstmnotes.{module}").DOMAIN
    return rows


def domain_markdown(rows: list[Domain] | None = None) -> str:
    """The rows as a Markdown list for the book: each function, linked to its entry in the API reference
    (from the site's top folder), with its inputs, accuracy and limits as plain text (every character that
    Markdown would read as markup, such as the ``*`` of ``w*`` or the ``<=`` of a limit, escaped).

    :param rows: the rows (default: {py:func}`domain_table`).
    :return: Markdown text.

    ```pycon
    >>> from lstmnotes.activations import identity
    >>> print(domain_markdown([Domain(identity, "x: reals", "exact", "none")]))
    - [`activations.identity`](api/lstmnotes/lstmnotes.activations.html#lstmnotes.activations.identity)
      - *inputs:* x: reals
      - *accuracy:* exact
      - *limits:* none

    ```
    """
    entries = []
    for row in domain_table() if rows is None else rows:
        page = row.name.rsplit(".", 1)[0]
        entries.append(
            f"- [`{row.name.removeprefix('lstmnotes.')}`](api/lstmnotes/{page}.html#{row.name})\n"
            f"  - *inputs:* {_plain(row.inputs)}\n"
            f"  - *accuracy:* {_plain(row.accuracy)}\n"
            f"  - *limits:* {_plain(row.limits)}"
        )
    return "\n".join(entries)


def _plain(text: str) -> str:
    """``text`` with each character that Markdown would read as markup escaped by a backslash."""
    return _MARKUP.sub(r"\\\1", text)
