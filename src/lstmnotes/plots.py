"""Figures for the book, drawn with matplotlib on an axes the caller provides.

Each ``plot_*`` function takes an ``ax``, draws on it, and returns what it drew (a dict of artists) so
that tests can inspect the figure without comparing pixels. No function here calls ``show()``.
{py:func}`book_style` gives the settings the book uses: an opaque white background, so that figures stay
legible in the site's dark mode, and fixed SVG ids and metadata, so that two builds give identical files.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes

from lstmnotes.activations import LOGISTIC_PRIME_MAX, logistic, logistic_prime

__all__ = ["COLORS", "apply_book_style", "book_style", "plot_logistic"]

#: Colours of the book's figures (colour-blind safe, readable on white).
COLORS = {"main": "#0b5394", "second": "#cc4125", "third": "#38761d", "guide": "#7f7f7f"}


def book_style() -> dict[str, Any]:
    """Return the matplotlib settings of the book's figures, for ``matplotlib.rc_context`` or ``rcParams``.

    :return: a dict of rcParams: white opaque figures, a fixed SVG hash salt, no date in SVG metadata.

    ```pycon
    >>> book_style()["svg.hashsalt"]
    'lstmnotes'

    ```
    """
    return {
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.transparent": False,
        "figure.figsize": (6.4, 3.6),
        "figure.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 10,
        "svg.hashsalt": "lstmnotes",
        "svg.fonttype": "path",
    }


def apply_book_style() -> None:
    """Apply {py:func}`book_style` to matplotlib's global settings (for a page's setup cell)."""
    mpl.rcParams.update(book_style())  # type: ignore[arg-type]  # stubs want literal keys


def plot_logistic(ax: Axes, *, x_max: float = 8.0, points: int = 801) -> dict[str, Any]:
    """Draw $\\sigma$ and $\\sigma'$ on one axes, marking the maximum of $\\sigma'$.

    :param ax: the axes to draw on.
    :param x_max: the plot spans $[-x_{max}, x_{max}]$; must be positive.
    :param points: number of sample points, at least 3.
    :return: ``{"sigma": Line2D, "sigma_prime": Line2D, "peak": Line2D}``.
    :raises ValueError: for a non-positive ``x_max`` or fewer than 3 points.
    """
    if not np.isfinite(x_max) or x_max <= 0:
        raise ValueError(f"x_max must be positive and finite, got {x_max}")
    if points < 3:
        raise ValueError(f"points must be at least 3, got {points}")
    x = np.linspace(-x_max, x_max, points)
    (sigma_line,) = ax.plot(x, logistic(x), color=COLORS["main"], label=r"$\sigma(x)$")
    (prime_line,) = ax.plot(
        x, logistic_prime(x), color=COLORS["second"], label=r"$\sigma'(x) = \sigma(x)(1-\sigma(x))$"
    )
    (peak,) = ax.plot(
        [0.0], [LOGISTIC_PRIME_MAX], "o", color=COLORS["second"], label=r"maximum of $\sigma'$"
    )
    ax.axhline(LOGISTIC_PRIME_MAX, color=COLORS["guide"], lw=0.8, ls="--")
    ax.set_xlabel("$x$")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="center right", frameon=False)
    return {"sigma": sigma_line, "sigma_prime": prime_line, "peak": peak}
