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
