"""Figures of the 1997 memory cell: its gates, where an error enters it, and how far back it reaches.

Like {py:mod}`lstmnotes.plots`, each ``plot_*`` function draws on an axes the caller provides and returns
what it drew (a dict of artists), so that tests can inspect a figure without comparing pixels. The data come
from the library's functions; the plotting functions only draw them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

from lstmnotes._validate import finite_array, finite_scalar
from lstmnotes.cell import CellFlow, CellRun
from lstmnotes.plots import COLORS

__all__ = [
    "plot_cell_versus_units",
    "plot_gate_flow",
    "plot_gates",
]

_CYCLE = (COLORS["main"], COLORS["second"], COLORS["third"], COLORS["guide"])
_STYLES = ("-", "--", "-.", ":")


def _non_empty(mapping: Mapping[str, Any], name: str) -> None:
    if not mapping:
        raise ValueError(f"{name} must hold at least one entry")


def _of_type(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(value).__name__}")


def _mapping(value: object, name: str) -> None:
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, got {type(value).__name__}")


def plot_cell_versus_units(
    ax: Axes, flows: Mapping[str, CellFlow], units: Mapping[float, NDArray[np.float64]]
) -> dict[str, Any]:
    """Draw how far an error at the output reaches back: the cell's input against lone logistic units.

    :param ax: the axes to draw on.
    :param flows: label to the cell's flow ({py:func}`lstmnotes.cell.cell_error_flow`); its
        $|\\partial y^c(T)/\\partial\\mathit{net}_c(T-q)|$ is drawn.
    :param units: self-weight to $\\partial y(T)/\\partial\\mathit{net}(T-q)$ of a lone logistic unit
        ({py:func}`lstmnotes.carousel.self_unit_flows`).
    :return: label to ``Line2D``.
    :raises TypeError: if ``flows`` is not a mapping to cell flows, or ``units`` not a mapping of real
        self-weights to flows of real numbers.
    :raises ValueError: if both mappings are empty, or a unit's flow is not 1-D and finite.
    """
    _mapping(flows, "flows")
    _mapping(units, "units")
    for flow in flows.values():
        _of_type(flow, CellFlow, "flows")
    units = {finite_scalar(w, "units"): finite_array(v, "units", ndim=1) for w, v in units.items()}
    _non_empty({**flows, **{str(k): v for k, v in units.items()}}, "flows and units")
    lines = {}
    for index, (label, flow) in enumerate(flows.items()):
        values = np.abs(flow.to_cell_input)
        (lines[label],) = ax.plot(
            np.arange(values.shape[0]), values, color=_CYCLE[index % 2], ls=_STYLES[index % 4],
            label=label,
        )  # fmt: skip
    for index, (weight, unit_flow) in enumerate(units.items()):
        values = np.abs(unit_flow)
        keep = values > 0
        label = f"lone logistic unit, $w = {weight:g}$"
        (lines[label],) = ax.plot(
            np.arange(values.shape[0])[keep], values[keep], color=COLORS["third"],
            ls=_STYLES[index % 4], label=label,
        )  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlabel("steps back, $q$")
    ax.set_ylabel("error reaching the input $q$ steps back")
    ax.legend(frameon=False, fontsize=8)
    return lines


def plot_gates(ax: Axes, run: CellRun) -> dict[str, Any]:
    """Draw the two gates' activations and the cell state over time.

    :param ax: the axes to draw on.
    :param run: from {py:func}`lstmnotes.cell.run_cell`.
    :return: ``{"input_gate": Line2D, "output_gate": Line2D, "state": Line2D}``.
    :raises TypeError: if ``run`` is not a {py:class}`lstmnotes.cell.CellRun`.
    """
    _of_type(run, CellRun, "run")
    t = np.arange(1, run.state.shape[0] + 1)
    (gate_in,) = ax.plot(
        t, run.y_in, color=COLORS["main"], label=r"input gate $y^{\mathrm{in}}(t)$"
    )
    (gate_out,) = ax.plot(
        t, run.y_out, color=COLORS["second"], ls="--", label=r"output gate $y^{\mathrm{out}}(t)$"
    )
    (state,) = ax.plot(t, run.state, color=COLORS["third"], ls="-.", label="state $s(t)$")
    ax.set_xlabel("time step $t$")
    ax.legend(frameon=False, fontsize=8)
    return {"input_gate": gate_in, "output_gate": gate_out, "state": state}


def plot_gate_flow(ax: Axes, flow: CellFlow) -> dict[str, Any]:
    """Draw where an error at the last output enters the cell: $|\\partial y^c(T)/\\partial\\mathit{net}_c(t)|$.

    Beside it, the factor the input gate contributes, $y^{\\mathrm{in}}(t)\\, g'(\\mathit{net}_c(t))$, times
    the constant factor the output gate lets in.

    :param ax: the axes to draw on.
    :param flow: from {py:func}`lstmnotes.cell.cell_error_flow`.
    :return: ``{"flow": Line2D, "factors": Line2D}``.
    :raises TypeError: if ``flow`` is not a {py:class}`lstmnotes.cell.CellFlow`.
    """
    _of_type(flow, CellFlow, "flow")
    steps = flow.to_cell_input.shape[0]
    t = np.arange(steps, 0, -1)  # q = 0 is the last step, T
    (line,) = ax.plot(
        t, np.abs(flow.to_cell_input), color=COLORS["main"],
        label=rf"$|\partial y^c(T)/\partial \mathit{{net}}_c(t)|$ ({flow.scheme})",
    )  # fmt: skip
    (factors,) = ax.plot(
        t, flow.leaving * flow.entering, "o", ms=3, color=COLORS["second"], mfc="none",
        label=r"$y^{\mathrm{out}}(T) h'(s(T)) \cdot 1 \cdot y^{\mathrm{in}}(t) g'(\mathit{net}_c(t))$",
    )  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlabel("time step $t$")
    ax.legend(frameon=False, fontsize=8)
    return {"flow": line, "factors": factors}
