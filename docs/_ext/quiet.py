"""Sphinx extension: a build log that says what happened and nothing that alarms for no reason.

It drops four kinds of line that Sphinx and other extensions print at the INFO level: myst-nb's "Using cached
notebook" for each page (the ``prefetch`` extension has already said which pages it executed, and how long
each took), the two dumps of the MyST and MyST-NB parser configurations, and Sphinx's "Writing evaluated
template result" for each static file it fills in. Warnings are never dropped.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sphinx.application import Sphinx

_NOISE = re.compile(
    r"Using cached notebook: |myst(-nb)? v[\d.]+: \w+Config\(|Writing evaluated template result to "
)
_COLOUR = re.compile(r"\x1b\[[\d;]*m")


class _DropNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        return not _NOISE.search(_COLOUR.sub("", record.getMessage()))


def setup(app: Sphinx) -> dict[str, Any]:
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(_DropNoise())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
