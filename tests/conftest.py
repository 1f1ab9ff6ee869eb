"""Fixtures shared by the test modules: figures are drawn on the Agg backend and closed after each test."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes


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
