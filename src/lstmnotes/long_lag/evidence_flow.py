"""The error flow of the long-lag chapter at initialisation: random nets, the nets at the edge of the
starting range, and the bounds the range sets.

{py:func}`initial_flow` measures the flow from the last step back to the first
({py:func}`lstmnotes.long_lag.bptt_flow`, {py:func}`lstmnotes.long_lag.cell_net_flow`) in fresh nets of
both learners of Task 2a {cite:p}`hochreiter1997lstm` (§5.2), beside the largest flow section 3.1's
analysis allows ({py:func}`bptt_flow_bound`) and the band the cell's flow cannot leave
({py:func}`cell_flow_range`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, generator
from lstmnotes.long_lag import (
    INIT_RANGE,
    MAX_DELAY,
    MAX_SEEDS,
    BPTTNet,
    CellNet,
    bptt_flow,
    cell_net_flow,
    random_bptt_net,
    random_cell_net,
)
from lstmnotes.long_lag.evidence import _delays

__all__ = [
    "MAX_FLOW_DELAYS",
    "MAX_FLOW_WORK",
    "InitialFlow",
    "bptt_flow_bound",
    "cell_flow_range",
    "edge_bptt_nets",
    "edge_cell_nets",
    "initial_flow",
]

MAX_FLOW_DELAYS: Final = 100
"""The most delays {py:func}`initial_flow` measures in one call."""

MAX_FLOW_WORK: Final = 2 * 10**9
"""The most $\\sum_p \\text{nets}\\,(p + 1)^3$ {py:func}`initial_flow` accepts: each net's flow over $p$
steps costs about $(p + 1)^3$ operations, so that the largest call takes under a second of CPU."""


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + float(np.exp(-x)))


def _slope(x: float) -> float:
    return _sigma(x) * (1.0 - _sigma(x))


def bptt_flow_bound(p: int) -> float:
    """The largest BPTT flow a net with weights in $[-0.2, 0.2]$ can have at delay ``p``, in $\\log_{10}$.

    The flow ({py:func}`lstmnotes.long_lag.bptt_flow`) is a product of $p - 1$ factors
    $\\sigma'(\\mathit{net}_h)\\, r$, each at most $\\sigma'(0)\\,|r| \\le 0.2/4$ in size (the logistic's slope
    is largest at zero), so it is at most $(0.2/4)^{p-1}$ (§3.1 of {cite:t}`hochreiter1997lstm`: a factor
    below one for every step shrinks the flow geometrically). {py:func}`edge_bptt_nets` holds a net that
    attains it.

    :param p: the delay, ``2..MAX_DELAY``.
    :return: $(p - 1)\\log_{10}(0.2\\,\\sigma'(0))$.
    :raises TypeError: if ``p`` is not an integer.
    :raises ValueError: if ``p`` is outside its limits.
    """
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    return (p - 1) * float(np.log10(INIT_RANGE * _slope(0.0)))


def cell_flow_range() -> tuple[float, float]:
    """The least and the largest flow through the cell for weights in $[-0.2, 0.2]$, in $\\log_{10}$.

    The flow ({py:func}`lstmnotes.long_lag.cell_net_flow`) is $y^{\\mathrm{in}}(0)\\, g'(\\mathit{net}_c(0))$
    times the carousel's factors of one, whatever the delay; the gate $\\sigma(v)$ grows with $v$ and the
    slope $\\sigma'(c)$ falls with $|c|$, so the flow lies between $\\sigma(-0.2)\\,\\sigma'(0.2)$ and
    $\\sigma(0.2)\\,\\sigma'(0)$, both attained by a net of {py:func}`edge_cell_nets`.

    :return: the two ends, $\\log_{10}$.
    """
    low = _sigma(-INIT_RANGE) * _slope(INIT_RANGE)
    high = _sigma(INIT_RANGE) * _slope(0.0)
    return float(np.log10(low)), float(np.log10(high))


def edge_bptt_nets(p: int) -> BPTTNet:
    """Four BPTT nets at the edge of the starting range, for delay ``p`` (output weights zero).

    For each sign of the self-weight $r = \\pm 0.2$: the net whose net input is zero at every step of both
    sequences (the weights of $x$ and $y$ zero, those of $a_1, \\dots, a_{p-1}$ equal to $-r/2$, since
    $z = 1/2$ at every step), whose flow is the bound of {py:func}`bptt_flow_bound`; and the net with every
    input weight zero.

    :param p: the delay, ``2..MAX_DELAY``.
    :return: the four nets, as one {py:class}`lstmnotes.long_lag.BPTTNet`.
    :raises TypeError: if ``p`` is not an integer.
    :raises ValueError: if ``p`` is outside its limits.
    """
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    k = p + 1
    r = np.array([INIT_RANGE, -INIT_RANGE, INIT_RANGE, -INIT_RANGE])
    hidden_in = np.zeros((4, k))
    hidden_in[:2, : p - 1] = -r[:2, None] / 2.0
    return BPTTNet(hidden_in, r, np.zeros((4, k, k + 1)))


def edge_cell_nets(p: int) -> CellNet:
    """Six cell nets at the corners of the starting range, for delay ``p`` (output weights zero).

    Every gate weight $v = \\pm 0.2$, every cell-input weight $c \\in \\{-0.2, 0, 0.2\\}$: among them the
    least and the largest flow of {py:func}`cell_flow_range`.

    :param p: the delay, ``2..MAX_DELAY``.
    :return: the six nets, as one {py:class}`lstmnotes.long_lag.CellNet`.
    :raises TypeError: if ``p`` is not an integer.
    :raises ValueError: if ``p`` is outside its limits.
    """
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    k = p + 1
    v, c = np.meshgrid([-INIT_RANGE, INIT_RANGE], [-INIT_RANGE, 0.0, INIT_RANGE], indexing="ij")
    ones = np.ones((1, k))
    return CellNet(v.reshape(-1, 1) * ones, c.reshape(-1, 1) * ones, np.zeros((6, k, k + 1)))


@dataclass(frozen=True)
class InitialFlow:
    """The error flow from the last step back to the first at initialisation, per delay ($\\log_{10}$).

    :param delays: the delays, ``(D,)``.
    :param nets: random nets per delay.
    :param bptt_largest: ``(D,)``: the largest $\\log_{10}$ flow of the random BPTT nets, over nets and
        both sequences.
    :param bptt_edge: ``(D,)``: the largest over the nets of {py:func}`edge_bptt_nets`.
    :param bptt_bound: ``(D,)``: {py:func}`bptt_flow_bound` at each delay.
    :param cell_smallest: ``(D,)``: the smallest $\\log_{10}$ flow through the cells of the random nets.
    :param cell_largest: ``(D,)``: the largest.
    :param cell_edge_smallest: ``(D,)``: the smallest over the nets of {py:func}`edge_cell_nets`.
    :param cell_edge_largest: ``(D,)``: the largest.
    """

    delays: tuple[int, ...]
    nets: int
    bptt_largest: NDArray[np.float64]
    bptt_edge: NDArray[np.float64]
    bptt_bound: NDArray[np.float64]
    cell_smallest: NDArray[np.float64]
    cell_largest: NDArray[np.float64]
    cell_edge_smallest: NDArray[np.float64]
    cell_edge_largest: NDArray[np.float64]


def initial_flow(rng: np.random.Generator, delays: Sequence[int], nets: int) -> InitialFlow:
    """The flow from the last step back to the first in fresh nets of both learners, at each delay.

    Each random net's weights are uniform in $[-0.2, 0.2]$ ({py:func}`lstmnotes.long_lag.random_bptt_net`,
    {py:func}`lstmnotes.long_lag.random_cell_net`); the nets at the edge of that range
    ({py:func}`edge_bptt_nets`, {py:func}`edge_cell_nets`) are measured beside them. Each net runs on both
    sequences of Task 2a; the flows are {py:func}`lstmnotes.long_lag.bptt_flow` and
    {py:func}`lstmnotes.long_lag.cell_net_flow`.

    :param rng: the random generator.
    :param delays: the delays, each in ``2..MAX_DELAY``, 1 to {py:data}`MAX_FLOW_DELAYS` of them.
    :param nets: random nets per learner and delay, ``1..MAX_SEEDS``; ``nets`` times the sum of
        $(p + 1)^3$ over the delays at most {py:data}`MAX_FLOW_WORK`.
    :return: the {py:class}`InitialFlow`.
    :raises TypeError: for a count that is not an integer, ``delays`` that are not a list or tuple, or an
        ``rng`` that is not a ``Generator``.
    :raises ValueError: for an empty ``delays`` or a count or the work outside its limits.
    """
    rng = generator(rng)
    ps = _delays(delays, MAX_FLOW_DELAYS)
    nets = count(nets, "nets", minimum=1, maximum=MAX_SEEDS)
    work = nets * sum((p + 1) ** 3 for p in ps)
    if work > MAX_FLOW_WORK:
        raise ValueError(
            f"nets * sum((p + 1)^3 over delays) = {work} exceeds MAX_FLOW_WORK = {MAX_FLOW_WORK:.3g}: "
            "use fewer nets or shorter delays"
        )
    columns: dict[str, list[float]] = {key: [] for key in ("bb", "be", "cs", "cl", "ces", "cel")}
    for p in ps:
        middle = np.arange(p - 1)
        sequences = [np.concatenate([[f], middle, [f]]) for f in (p - 1, p)]

        def both(n: int, sequences: list[NDArray[np.int64]] = sequences) -> list[NDArray[np.int64]]:
            return [np.tile(s, (n, 1)) for s in sequences]

        bptt = random_bptt_net(rng, p, nets)
        cell = random_cell_net(rng, p, nets)
        b = np.concatenate([bptt_flow(bptt, s) for s in both(nets)])
        c = np.concatenate([cell_net_flow(cell, s) for s in both(nets)])
        be = np.concatenate([bptt_flow(edge_bptt_nets(p), s) for s in both(4)])
        ce = np.concatenate([cell_net_flow(edge_cell_nets(p), s) for s in both(6)])
        for key, value in zip(
            columns, (b.max(), be.max(), c.min(), c.max(), ce.min(), ce.max()), strict=True
        ):
            columns[key].append(float(value))
    bb, be, cs, cl, ces, cel = (np.array(v) for v in columns.values())
    bound = np.array([bptt_flow_bound(p) for p in ps])
    return InitialFlow(ps, nets, bb, be, bound, cs, cl, ces, cel)
