"""The memory cell's truncated gradient against the full gradient, in the net of Task 2a.

The paper's truncated gradient (appendix A.1 of {cite:t}`hochreiter1997lstm`) sets to zero the derivatives of
the net inputs of the cell and its gates with respect to the previous step's activations. In the net of
Task 2a the cell input and the input gate read only the input units, so there is nothing to cut, and
{py:func}`lstmnotes.long_lag.cell_net_gradient` should be the full gradient. {py:func}`truncation_gap`
tries to refute that: it compares the gradient's directional derivatives with central differences of the
error itself, in random directions of the weights into the gate and the cell input, the only weights the
truncation could touch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, finite_scalar, generator
from lstmnotes.long_lag import CellNet, cell_net_gradient, random_cell_net
from lstmnotes.long_lag.evidence import _delays

__all__ = ["MAX_GAP_DELAYS", "MAX_GAP_WORK", "truncation_gap"]

MAX_GAP_DELAYS: Final = 20
"""The most delays {py:func}`truncation_gap` checks in one call."""

MAX_GAP_WORK: Final = 10**9
"""The most $\\sum_p \\text{nets}\\cdot\\text{directions}\\cdot p\\,(p + 1)^2$ {py:func}`truncation_gap`
accepts, about a few seconds of CPU."""

_STEP: Final = 1e-5


def truncation_gap(
    rng: np.random.Generator,
    delays: Sequence[int],
    nets: int,
    directions: int,
    scale: float = 1.0,
) -> NDArray[np.float64]:
    """The largest relative gap between the cell's gradient and central differences of the error, per delay.

    For each delay: ``nets`` random cell nets ({py:func}`lstmnotes.long_lag.random_cell_net`, every weight
    then multiplied by ``scale``), each on both sequences of Task 2a, and ``directions`` random unit
    directions $d$ in the space of the gate and cell-input weights. The gap of a net is
    $\\max_d |\\nabla E \\cdot d - (E(w + h d) - E(w - h d)) / 2h| / \\max_d |\\nabla E \\cdot d|$ with
    $h = 10^{-5}$; a float64 central difference leaves a gap of about $10^{-8}$ or less, a gradient that
    leaves out a term of the full one a gap of order one.

    :param rng: the random generator.
    :param delays: the delays, each in ``2..MAX_DELAY``, 1 to {py:data}`MAX_GAP_DELAYS` of them.
    :param nets: nets per delay, at least 1.
    :param directions: directions per net, at least 1; the work (see {py:data}`MAX_GAP_WORK`) bounded.
    :param scale: the factor on the starting weights, finite and positive (1 for the paper's range).
    :return: ``(D,)``: the largest gap over the nets and sequences of each delay.
    :raises TypeError: for an ``rng`` that is not a ``Generator``, a count that is not an integer,
        ``delays`` that are not a list or tuple or a ``scale`` that is not a real number.
    :raises ValueError: for an empty ``delays``, a count, the work or ``scale`` outside its limits.
    """
    rng = generator(rng)
    ps = _delays(delays, MAX_GAP_DELAYS)
    nets = count(nets, "nets", minimum=1)
    directions = count(directions, "directions", minimum=1)
    scale = finite_scalar(scale, "scale")
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    work = nets * directions * sum(p * (p + 1) ** 2 for p in ps)
    if work > MAX_GAP_WORK:
        raise ValueError(f"the work {work} exceeds MAX_GAP_WORK = {MAX_GAP_WORK:.3g}")
    gaps = []
    for p in ps:
        net = random_cell_net(rng, p, nets)
        net = CellNet(net.gate_in * scale, net.cell_in * scale, net.output * scale)
        middle = np.arange(p - 1)
        largest = 0.0
        for first in (p - 1, p):
            symbols = np.tile(np.concatenate([[first], middle, [first]]), (nets, 1))
            grad, _ = cell_net_gradient(net, symbols)
            d = rng.standard_normal((directions, nets, 2, p + 1))
            d /= np.linalg.norm(d, axis=(2, 3), keepdims=True)
            exact = np.einsum("dsk,sk->ds", d[:, :, 0], grad.gate_in) + np.einsum(
                "dsk,sk->ds", d[:, :, 1], grad.cell_in
            )
            central = np.empty_like(exact)
            for i in range(directions):
                step = _STEP * d[i]
                up = CellNet(net.gate_in + step[:, 0], net.cell_in + step[:, 1], net.output)
                down = CellNet(net.gate_in - step[:, 0], net.cell_in - step[:, 1], net.output)
                central[i] = (
                    cell_net_gradient(up, symbols)[1] - cell_net_gradient(down, symbols)[1]
                ) / (2.0 * _STEP)
            gap = np.max(np.abs(exact - central), axis=0) / np.max(np.abs(exact), axis=0)
            largest = max(largest, float(gap.max()))
        gaps.append(largest)
    return np.array(gaps)
