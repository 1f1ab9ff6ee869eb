"""Figures of the later conditions on vanishing and exploding error flow.

Each ``plot_*`` function draws data computed by {py:mod}`lstmnotes.later.evidence_checks` or
{py:mod}`lstmnotes.later.evidence_spectral` on an axes the caller provides and returns what it drew (a dict
of artists), so that tests can inspect a figure without comparing pixels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes

from lstmnotes.plots import COLORS

if TYPE_CHECKING:  # the figures draw what the evidence computed, without importing it
    from lstmnotes.later.evidence_checks import ConditionCheck
    from lstmnotes.later.evidence_spectral import SpectralRadiusMisreading

__all__ = ["plot_condition_checks", "plot_spectral_counterexample"]

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"], COLORS["guide"], "#8e44ad", "#b8860b")


def _drawable(value: object, name: str, kind: str, fields: tuple[str, ...]) -> None:
    """Refuse with a TypeError naming ``name`` what lacks the arrays the figure draws (the figures do not
    import the evidence, so they check the fields, not the class)."""
    if not all(isinstance(getattr(value, f, None), np.ndarray) for f in fields):
        raise TypeError(f"{name} must be a {kind}, got {type(value).__name__}")


def plot_condition_checks(ax: Axes, checks: Mapping[str, ConditionCheck]) -> dict[str, Any]:
    """Scatter each random net's flow norm at the last lag against $\\gamma\\,\\sigma_{max}(W)$.

    The vertical line $\\gamma\\sigma_{max} = 1$ separates the nets the sufficient condition covers (left)
    from the rest; no net above the horizontal line (exploding) may lie to its left.

    :param ax: the axes to draw on.
    :param checks: label to a check from {py:mod}`lstmnotes.later.evidence_checks`.
    :return: label to ``PathCollection``.
    :raises TypeError: if ``checks`` is not a mapping of labels to checks.
    :raises ValueError: if ``checks`` is empty.
    """
    if not isinstance(checks, Mapping):
        raise TypeError(f"checks must map labels to checks, got {type(checks).__name__}")
    if not checks:
        raise ValueError("checks must hold at least one entry")
    for check in checks.values():
        _drawable(check, "checks", "ConditionCheck", ("sigma_gamma", "final_norm"))
    drawn = {}
    markers = ("o", "^", "s", "D")
    for index, (label, check) in enumerate(checks.items()):
        drawn[label] = ax.scatter(
            check.sigma_gamma,
            np.maximum(check.final_norm, 1e-300),
            s=10,
            marker=markers[index % 4],
            color=_CYCLE[index % len(_CYCLE)],
            alpha=0.7,
            label=label,
        )
    ax.axvline(1.0, color=COLORS["guide"], lw=0.8)
    ax.axhline(1.0, color=COLORS["guide"], lw=0.8, ls="--")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\gamma\,\sigma_{max}(W)$")
    ax.set_ylabel(r"$\|M_q\|_2$ at the last lag")
    ax.legend(frameon=False, fontsize=8)
    return drawn


def plot_spectral_counterexample(ax: Axes, misreading: SpectralRadiusMisreading) -> dict[str, Any]:
    """Draw the flow of the nilpotent two-unit net, which grows although $\\rho(W) = 0$.

    :param ax: the axes to draw on.
    :param misreading: from {py:func}`lstmnotes.later.evidence_spectral.spectral_radius_counterexample`.
    :return: ``{"flow": Line2D, "shift": Line2D}``.
    :raises TypeError: if ``misreading`` is not a ``SpectralRadiusMisreading``.
    """
    _drawable(misreading, "misreading", "SpectralRadiusMisreading", ("flow", "shift_flow"))
    lags = np.arange(1, misreading.flow.shape[0] + 1)
    (flow,) = ax.plot(
        lags, misreading.flow, "o-", ms=3, color=COLORS["main"],
        label=r"two logistic units, $\rho(W) = 0$, slopes held unequal",
    )  # fmt: skip
    shift_lags = np.arange(1, misreading.shift_flow.shape[0] + 1)
    keep = misreading.shift_flow > 0
    (shift,) = ax.plot(
        shift_lags[keep], misreading.shift_flow[keep], "s--", color=COLORS["second"],
        label=r"tanh shift at rest, $\rho(W) = 0$ (zero from $q = n$ on)",
    )  # fmt: skip
    ax.axhline(1.0, color=COLORS["guide"], lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("steps back, $q$")
    ax.set_ylabel("size of the flow")
    ax.legend(frameon=False, fontsize=8)
    return {"flow": flow, "shift": shift}
