"""Fixtures shared by the test modules: figures are drawn on the Agg backend and closed after each test."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes


@pytest.fixture(autouse=True)
def _ledger_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's ledger cache in a folder of each test's own, never the book build's."""
    monkeypatch.setenv("LSTMNOTES_LEDGER_CACHE", str(tmp_path_factory.mktemp("ledger-cache")))


@pytest.fixture
def ax() -> Iterator[Axes]:
    """A fresh axes on its own figure, closed when the test ends."""
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A parameter whose repr carries a memory address gets its type's name as its id instead.

    The tests run in several processes (pytest-xdist), which must collect the same ids; an address differs
    from one process to the next.
    """
    if " at 0x" in repr(val):
        return f"{argname}-{type(val).__name__}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse test ids that carry a memory address (an explicit ``ids=repr`` on objects, say): the
    processes of pytest-xdist would each collect other ids, and the run would stop before any test."""
    unstable = [item.nodeid for item in items if re.search(r" at 0x[0-9a-f]+", item.nodeid)]
    if unstable:
        raise pytest.UsageError("test ids with a memory address:\n  " + "\n  ".join(unstable[:10]))


@pytest.fixture
def plotly_spec():
    """Read back the data and layout that an explorable figure's HTML passes to ``Plotly.newPlot``."""

    def read(html: str, div_id: str) -> tuple[list, dict]:
        import json

        decoder = json.JSONDecoder()
        start = html.index("Plotly.newPlot(")
        rest = html[html.index(f'"{div_id}"', start) + len(div_id) + 2 :].lstrip().removeprefix(",")
        data, end = decoder.raw_decode(rest.lstrip())
        rest = rest.lstrip()[end:].lstrip().removeprefix(",").lstrip()
        layout, _ = decoder.raw_decode(rest)
        return data, layout

    return read
