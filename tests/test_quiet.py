"""The quiet extension (docs/_ext/quiet.py) drops the build log's routine noise and never a warning."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import quiet


def _record(level: int, message: str) -> logging.LogRecord:
    return logging.LogRecord("sphinx.test", level, __file__, 1, message, None, None)


@pytest.mark.parametrize(
    "message",
    [
        "Using cached notebook: ID=3 [mystnb]",
        "\x1b[01mmyst v4.0.1:\x1b[39;49;00m MdParserConfig(commonmark_only=False, ...)",
        "myst-nb v1.3.0: NbParserConfig(custom_formats={}, ...)",
        "Writing evaluated template result to /x/docs/_build/html/_static/basic.css",
    ],
)
def test_routine_lines_are_dropped(message):
    assert not quiet._DropNoise().filter(_record(logging.INFO, message))


@pytest.mark.parametrize("level", [logging.WARNING, logging.ERROR])
def test_warnings_are_kept_even_when_they_look_routine(level):
    record = _record(level, "Using cached notebook: but something is wrong")
    assert quiet._DropNoise().filter(record)


def test_other_lines_are_kept():
    assert quiet._DropNoise().filter(_record(logging.INFO, "executed long-lag in 17.4 s"))
