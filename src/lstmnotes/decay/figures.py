"""Figures of the measured error flow.

Each ``plot_*`` function draws data computed by {py:mod}`lstmnotes.decay` on an axes the caller provides and returns what it drew (a dict of artists), so that tests can inspect a
figure without comparing pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import NullFormatter

from lstmnotes._validate import count as _count
from lstmnotes.decay import BlowUp, DecayCurve, PathProducts, UnitCount
from lstmnotes.plots import COLORS

__all__ = [
    "MAX_BINS",
    "plot_blow_up",
    "plot_decay_curves",
    "plot_decay_rates",
    "plot_path_products",
    "plot_unit_count",
]

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"], COLORS["guide"], "#8e44ad", "#b8860b")


MAX_BINS: Final = 1000
"""The most histogram bins of {py:func}`plot_path_products`."""


def _curves(curves: object) -> Sequence[DecayCurve]:
    """``curves`` checked: a non-empty list or tuple of decay curves."""
    if not isinstance(curves, list | tuple):
        raise TypeError(
            f"curves must be a list or tuple of DecayCurve objects, got {type(curves).__name__}"
        )
    if not curves:
        raise ValueError("curves must hold at least one entry")
    bad = [c for c in curves if not isinstance(c, DecayCurve)]
    if bad:
        raise TypeError(f"curves must hold DecayCurve objects, found {type(bad[0]).__name__}")
    return curves


def _of_type(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(value).__name__}")


def plot_decay_curves(ax: Axes, curves: Sequence[DecayCurve]) -> dict[str, Any]:
    """Draw each scale's geometric-mean flow against $q$ (solid) and the weak bound $n\\,b^q$ (dashed), log scale.

    $b$ is the curve's ``bound_rate``, the geometric mean over the nets of $f'_{max}\\|W\\|_\\infty$.

    :param ax: the axes to draw on.
    :param curves: from {py:func}`lstmnotes.decay.decay_curves`.
    :return: ``{"flow": [Line2D, ...], "bound": [Line2D, ...]}``, one per curve.
    :raises TypeError: if ``curves`` is not a list or tuple of decay curves.
    :raises ValueError: if ``curves`` is empty.
    """
    curves = _curves(curves)
    flows, bounds = [], []
    for index, curve in enumerate(curves):
        color = _CYCLE[index % len(_CYCLE)]
        (line,) = ax.plot(
            curve.lags, curve.flow, color=color, label=rf"$w_{{max}} = {curve.w_max:g}$"
        )
        (bound,) = ax.plot(curve.lags, curve.bound, color=color, ls="--")
        flows.append(line)
        bounds.append(bound)
    ax.set_yscale("log")
    ax.set_xlabel("steps back, $q$")
    ax.set_ylabel(r"largest $|\partial\vartheta_v(t-q)/\partial\vartheta_u(t)|$")
    ax.legend(frameon=False, fontsize=8, title="geometric mean of the nets (solid),\nweak bound (dashed)",
              title_fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # fmt: skip
    return {"flow": flows, "bound": bounds}


def plot_decay_rates(ax: Axes, curves: Sequence[DecayCurve]) -> dict[str, Any]:
    """Draw the fitted decay factor per step and the weak bound's factor against the weight scale.

    :param ax: the axes to draw on.
    :param curves: from {py:func}`lstmnotes.decay.decay_curves`, at least one.
    :return: ``{"measured": Line2D, "bound": Line2D, "one": Line2D}``.
    :raises TypeError: if ``curves`` is not a list or tuple of decay curves.
    :raises ValueError: if ``curves`` is empty.
    """
    curves = _curves(curves)
    scales = [c.w_max for c in curves]
    (measured,) = ax.plot(
        scales,
        [c.rate for c in curves],
        "o-",
        color=COLORS["main"],
        label="fitted to the geometric mean of the nets",
    )
    (bound,) = ax.plot(
        scales,
        [c.bound_rate for c in curves],
        "s--",
        color=COLORS["second"],
        label=r"weak bound, $f'_{max}\,\|W\|_\infty$",
    )
    one = ax.axhline(1.0, color=COLORS["guide"], lw=0.8, label="no change")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"weight scale $w_{max}$")
    ax.set_ylabel("factor per step")
    ax.legend(frameon=False, fontsize=8)
    return {"measured": measured, "bound": bound, "one": one}


def plot_blow_up(ax: Axes, blow_up: BlowUp) -> dict[str, Any]:
    """Draw the exploding flow of linear units and the line $\\rho(W)^q$.

    :param ax: the axes to draw on.
    :param blow_up: from {py:func}`lstmnotes.decay.blow_up_example`.
    :return: ``{"flow": Line2D, "reference": Line2D}``.
    :raises TypeError: if ``blow_up`` is not a {py:class}`lstmnotes.decay.BlowUp`.
    """
    _of_type(blow_up, BlowUp, "blow_up")
    lags = np.arange(1, blow_up.flow.shape[0] + 1)
    (flow,) = ax.plot(lags, blow_up.flow, "o", ms=3, color=COLORS["main"], label="largest flow")
    (reference,) = ax.plot(
        lags,
        blow_up.flow[0] * blow_up.spectral_radius ** (lags - 1.0),
        color=COLORS["second"],
        label=rf"$\propto \rho(W)^q$, $\rho(W) = {blow_up.spectral_radius:.3f}$",
    )
    ax.set_yscale("log")
    ax.set_xlabel("steps back, $q$")
    ax.set_ylabel("largest flow")
    ax.legend(frameon=False, fontsize=8)
    return {"flow": flow, "reference": reference}


def plot_path_products(ax: Axes, paths: PathProducts, *, bins: int = 60) -> dict[str, Any]:
    """Draw histograms of $\\log_{10}|\\text{term}|$ for the positive and the negative path products.

    Vertical lines mark the size of the sum (the flow) and the sum of the sizes.

    :param ax: the axes to draw on.
    :param paths: from {py:func}`lstmnotes.decay.path_product_distribution`.
    :param bins: number of histogram bins, 2 to {py:data}`MAX_BINS`.
    :return: ``{"positive": Polygon, "negative": Polygon, "flow": Line2D, "absolute": Line2D}`` (the
        histograms are drawn as outlines).
    :raises TypeError: if ``paths`` is not a {py:class}`lstmnotes.decay.PathProducts` or ``bins`` is not
        an integer.
    :raises ValueError: for fewer than 2 or more than {py:data}`MAX_BINS` bins.
    """
    _of_type(paths, PathProducts, "paths")
    bins = _count(bins, "bins", minimum=2, maximum=MAX_BINS)
    sizes = np.log10(np.abs(paths.terms[paths.terms != 0]))
    signs = paths.terms[paths.terms != 0] > 0
    edges = np.linspace(sizes.min(), sizes.max(), bins + 1).tolist()
    *_, positive = ax.hist(
        sizes[signs], bins=edges, color=COLORS["main"], histtype="step", lw=1.5, label="positive"
    )
    *_, negative = ax.hist(
        sizes[~signs], bins=edges, color=COLORS["second"], histtype="step", lw=1.5, ls="--",
        label="negative",
    )  # fmt: skip
    flow = ax.axvline(
        np.log10(abs(paths.flow)), color="black", lw=1.2, label=r"$|\text{sum}|$ (the flow)"
    )
    absolute = ax.axvline(
        np.log10(paths.absolute_sum),
        color="black",
        ls="--",
        lw=1.2,
        label=r"sum of $|\text{term}|$",
    )
    ax.set_xlabel(r"$\log_{10} |\text{path product}|$")
    ax.set_ylabel("number of paths")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    return {"positive": positive, "negative": negative, "flow": flow, "absolute": absolute}


def plot_unit_count(ax: Axes, count: UnitCount) -> dict[str, Any]:
    """Draw the per-step factor $(\\max|M_q|)^{1/q}$ against the number of units, log-log.

    :param ax: the axes to draw on.
    :param count: from {py:func}`lstmnotes.decay.flow_versus_units`.
    :return: ``{"signed": Line2D, "positive": Line2D}``.
    :raises TypeError: if ``count`` is not a {py:class}`lstmnotes.decay.UnitCount`.
    """
    _of_type(count, UnitCount, "count")
    (signed,) = ax.plot(
        count.units,
        count.signed ** (1 / count.q),
        "o-",
        color=COLORS["main"],
        label=rf"random signs: $\propto n^{{{count.signed_exponent:.2f}}}$",
    )
    (positive,) = ax.plot(
        count.units,
        count.positive ** (1 / count.q),
        "s--",
        color=COLORS["second"],
        label=rf"all positive: $\propto n^{{{count.positive_exponent:.2f}}}$",
    )
    ax.axhline(1.0, color=COLORS["guide"], lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(count.units, [f"{int(n)}" for n in count.units])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("number of units $n$")
    ax.set_ylabel(rf"factor per step, $(\max|M_{{{count.q}}}|)^{{1/{count.q}}}$")
    ax.legend(frameon=False, fontsize=8)
    return {"signed": signed, "positive": positive}
