"""The flow back to the latched state: $|\\partial h_T / \\partial h_0| = \\prod_{t=1}^{T} |f'(\\mathit{net}_t)\\, w|$.

The run is {py:func}`lstmnotes.net.run_net` of the one unit with its bias and one input line of weight one,
$\\mathit{net}_t = w h_{t-1} + b + u_t$; the flow is kept as its natural logarithm, a sum of
$\\ln|w| + \\ln f'(\\mathit{net}_t)$ computed without underflow, so that a flow far below the float range
(a saturated attractor) is still a finite number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import choice, finite_array
from lstmnotes.latching._fixed_points import _log_slope
from lstmnotes.latching._latch import ATTRACTORS, latch
from lstmnotes.net import run_net

__all__ = ["MAX_LATCH_STEPS", "LatchedRun", "latched_flow"]

Array = NDArray[np.float64]

MAX_LATCH_STEPS: Final = 100_000
"""The most steps of {py:func}`latched_flow` (one step of the net and one logarithm each)."""


@dataclass(frozen=True)
class LatchedRun:
    """A run of the latching unit from an attractor, with the flow back to its start at every step."""

    states: Array
    """$h_0, \\dots, h_T$ (length $T + 1$); $h_0$ is the attractor's state."""
    nets: Array
    """$\\mathit{net}_1, \\dots, \\mathit{net}_T$."""
    log_factors: Array
    """$\\ln|f'(\\mathit{net}_t)\\, w|$ for $t = 1..T$, formed as $\\ln|w| + \\ln f'(\\mathit{net}_t)$: within
    8 units of $2^{-53}(|\\ln|w|| + |\\ln f'(\\mathit{net}_t)|)$ of its value at the computed net. The
    bound is set by tanh at $|\\mathit{net}| < 1$, where $\\ln f' = -2 \\ln(1 + 2\\sinh^2(\\mathit{net}/2))$:
    $\\sinh$ (within an ulp) enters squared, then come the product, $\\ln(1 + \\cdot)$ (within an ulp) and
    the sum, about 8 units in all (errors up to 5.3 units are seen; the other forms stay within 3). It is
    absolute: where the two terms cancel (a factor near one) the relative error grows."""
    log_flow: Array
    """$\\ln|\\partial h_t / \\partial h_0|$ for $t = 1..T$: the running sums of ``log_factors``."""
    in_basin: bool
    """Whether every state $h_1..h_T$ lies in the attractor's basin (strictly beyond the unstable state)."""


def latched_flow(
    w: float,
    b: float,
    inputs: ArrayLike,
    activation: str = "tanh",
    attractor: str = "upper",
) -> LatchedRun:
    """Run the latch from an attractor under the inputs $u_1..u_T$ and return the flow back to $h_0$.

    :param w: the self-connection; :param b: the bias (as {py:func}`latch`: the unit must have two
        attractors).
    :param inputs: $u_1, \\dots, u_T$, finite reals, $1 \\le T \\le$ {py:data}`MAX_LATCH_STEPS`.
    :param activation: ``"tanh"`` or ``"logistic"``.
    :param attractor: ``"upper"`` or ``"lower"``: where the run starts.
    :return: the {py:class}`LatchedRun`.
    :raises TypeError: for arguments that are not real numbers or strings.
    :raises ValueError: as {py:func}`latch`, or for inputs that are empty, not 1-D, too long or not finite,
        or that drive a log factor or the log flow beyond float64 (net inputs near $\\pm 10^{308}$).

    Source: the flow of {cite:t}`bengio1994learning` for one unit; its factors are the paper's
    $f'(\\mathit{net})\\, w$ (section 3.1).

    ```pycon
    >>> run = latched_flow(2.0, 0.0, [0.0, 0.0, 0.0])
    >>> [round(float(v), 6) for v in np.exp(run.log_flow)]
    [0.166372, 0.02768, 0.004605]

    ```
    """
    unit = latch(w, b, activation)
    side = choice(attractor, "attractor", ATTRACTORS)
    u = finite_array(inputs, "inputs", ndim=1)
    if not 1 <= u.shape[0] <= MAX_LATCH_STEPS:
        raise ValueError(
            f"inputs must hold 1 to MAX_LATCH_STEPS = {MAX_LATCH_STEPS} values, got {u.shape[0]}"
        )
    start = unit.attractor(side)
    run = run_net(
        [[unit.weight]],
        [start.state],
        int(u.shape[0]),
        unit.activation,
        x=u[:, None],
        V=[[1.0]],
        b=[unit.bias],
    )
    nets = run.nets[:, 0].copy()
    states = run.activations[:, 0].copy()
    log_w = math.log(abs(unit.weight))
    log_factors = np.array([log_w + _log_slope(float(x), unit.activation) for x in nets])
    edge = unit.saddle.state
    inside = states[1:] > edge if side == "upper" else states[1:] < edge
    with np.errstate(over="ignore"):
        log_flow = np.cumsum(log_factors)
    beyond = ~(np.isfinite(log_factors) & np.isfinite(log_flow))
    if np.any(beyond):
        t = int(np.argmax(beyond)) + 1
        raise ValueError(
            f"inputs drive the net input to {float(nets[t - 1])!r} at step {t}, where ln|f'(net) w| or its "
            "running sum ln|flow| lies beyond float64 (about -1.8e308): the flow there is e to a power "
            "no float can hold"
        )
    return LatchedRun(states, nets, log_factors, log_flow, bool(np.all(inside)))
