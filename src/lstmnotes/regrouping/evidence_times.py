r"""Computed verdict on slip 3: the times the coth sentence drops are $t-m$ for the slope and $t-m-1$ for $y$.

The check shares nothing with the pairing's bookkeeping: it differentiates the forward map by central
differences, for the flow and for each bracket's weight moved at one step only (the weights untied in
time), on the running net of {py:mod}`~lstmnotes.regrouping.evidence_regrouped`.
Each function decides one claim afresh by calling the library and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose ``data`` holds every number the book states about it.

| claim | function |
|---|---|
| slip 3 the coth sentence drops the time arguments | {py:func}`time_arguments_dropped` |
"""

from __future__ import annotations

import itertools
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import finite_scalar
from lstmnotes.activations import logistic_prime
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import path_pairing
from lstmnotes.regrouping.evidence_regrouped import EXAMPLE, Example, _example, sample_run

__all__ = [
    "MAX_STEP",
    "time_arguments_dropped",
]

Array = NDArray[np.float64]

MAX_STEP: Final = 0.1
"""The largest difference step of the central differences (the net inputs move by about that much)."""


def _forward_nets(W: Array, y0: Array, steps: int, kicks: dict[int, Array] | None = None) -> Array:
    """Net inputs $\\mathit{net}(1), \\dots, \\mathit{net}(T)$, with optional per-step weight changes.

    Written out here on purpose, apart from {py:func}`lstmnotes.net.run_net`: ``kicks[s]`` is added to the
    weights used at step $s$ only (the weights untied in time), so that a finite difference can ask which
    step's weight moves which net input.
    """
    y, nets = y0, []
    for s in range(1, steps + 1):
        weights = W + kicks[s] if kicks and s in kicks else W
        net = weights @ y
        nets.append(net)
        y = 1.0 / (1.0 + np.exp(-net))
    return np.array(nets)


def _flow_by_difference(W: Array, y0: Array, t: int, q: int, u: int, v: int, h: float) -> float:
    """$\\partial\\mathit{net}_u(t)/\\partial\\mathit{net}_v(t-q)$ by a central difference of the forward map.

    This is the scaling factor $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ computed without the
    back-propagation rule and without any path bookkeeping.
    """
    start = _forward_nets(W, y0, t - q)[-1]
    ends = []
    for sign in (1.0, -1.0):
        net = start.copy()
        net[v] += sign * h
        for _ in range(q):
            net = W @ (1.0 / (1.0 + np.exp(-net)))
        ends.append(net[u])
    return float((ends[0] - ends[1]) / (2 * h))


def time_arguments_dropped(example: Example = EXAMPLE, h: float = 1e-6) -> Evidence:
    r"""Slip 3: the coth sentence drops the time arguments; they are $\mathit{net}_{l_m}(t-m)$ and $y(t-m-1)$.

    Two computations that share nothing with {py:func}`~lstmnotes.local_gain.path_pairing`'s bookkeeping:

    - the flow from $u$ (time $t$) to $v$ (time $t-q$) as a central difference of the forward map,
      $\partial\mathit{net}_u(t)/\partial\mathit{net}_v(t-q)$, against the sum of the regrouped products
      with each slope at its time $t-m$, and against the same sum with every slope taken one step later;
    - for each regrouped bracket, the weight $w_{l_m l_{m+1}}$ changed *at step $t-m$ only* (weights
      untied in time): the change of $\mathit{net}_{l_m}(t-m)$ per unit change is the activation in the
      role of $y$, to be compared with $y^{l_{m+1}}(t-m-1)$ and with the activation one step later.

    The first comparison of the second item cannot fail as mathematics: $\partial\mathit{net}_i(s)/
    \partial w_{ij}(s) = y^j(s-1)$ is the definition of the net input. It only guards the library's
    bookkeeping (a mismatch raises). The verdict rests on the comparisons that could come out otherwise:
    the flow at the right times against the shifted ones, and the activation one step later.

    :param example: the net and the path length.
    :param h: the difference step, in $(0,$ {py:data}`MAX_STEP`$]$.
    :return: ``HOLDS`` (the times matter and are $t-m$, $t-m-1$) when the flow agrees at the right times
        and both shifted comparisons miss; ``FALSE`` otherwise.
    :raises TypeError: for an ``example`` that is not an ``Example`` or an ``h`` that is not a real number.
    :raises ValueError: for a field of ``example`` or an ``h`` beyond its limits, naming it.
    :raises RuntimeError: when the pairing's input is not the activation its weight multiplies.
    """
    example = _example(example)
    h = finite_scalar(h, "h")
    if not 0 < h <= MAX_STEP:
        raise ValueError(f"h must lie in (0, {MAX_STEP:g}], got {h}")
    run = sample_run(example)
    W, y0 = run.weights, run.activations[0]
    q, u, v = example.q, example.u, example.v
    t = q + 2  # early in the run, while the net inputs still move from step to step
    slopes = logistic_prime(run.nets)  # row s - 1 is time s
    total = shifted_total = 0.0
    input_error = shifted_input_error = 0.0
    for middle in itertools.product(range(run.n), repeat=q - 1):
        path = (u, *middle, v)
        pairs = path_pairing(run, t, path, "regrouped")
        total += pairs.product
        later = slopes[pairs.slope_times, pairs.slope_units]  # f'(net(t - m + 1))
        tail_later = slopes[t - q, path[-1]]
        shifted_total += pairs.head * float(np.prod(later * pairs.weights)) * tail_later
        for k, (i, j) in enumerate(pairs.weight_index):
            s = int(pairs.slope_times[k])
            kick = np.zeros_like(W)
            kick[i, j] = h
            up = _forward_nets(W, y0, s, {s: kick})[-1, i]
            down = _forward_nets(W, y0, s, {s: -kick})[-1, i]
            measured = (up - down) / (2 * h)
            input_error = max(input_error, abs(measured - pairs.inputs[k]))
            shifted_input_error = max(shifted_input_error, abs(measured - run.activations[s, j]))
    difference = _flow_by_difference(W, y0, t, q, u, v, h)
    flow_error = abs(total - difference) / abs(difference)
    shifted_error = abs(shifted_total - difference) / abs(difference)
    window = run.nets[
        t - q - 1 : t
    ]  # net(t - q) ... net(t): the steps whose slopes either reading uses
    spread = float(np.max(np.ptp(window, axis=0)))
    step_change = float(np.max(np.abs(np.diff(window, axis=0))))
    if input_error > 1e-6:
        # d net_i(s) / d w_ij(s) = y^j(s - 1) by the definition of net: a mismatch is a bookkeeping
        # error of the library, not evidence about the paper
        raise RuntimeError(
            f"S3: the pairing names an input that is not the activation its weight multiplies "
            f"(off by {input_error:.3g}); the library's bookkeeping is wrong"
        )
    # the decision: the flow itself, computed without any bookkeeping, at the right and shifted times
    right = flow_error <= 1e-6
    shifted_wrong = shifted_error > 1e-3 and shifted_input_error > 1e-3
    return Evidence(
        Verdict.HOLDS if right and shifted_wrong else Verdict.FALSE,
        f"{example.units}-unit net (seed {example.seed}), t = {t}, q = {q}: the regrouped products with "
        f"slopes at t-m sum to the forward map's finite-difference flow {difference:.6e} to a relative "
        f"{flow_error:.1e}; with every slope one step later they are off by {shifted_error:.1%}; "
        f"moving each bracket's weight at step t-m only moves net_l_m(t-m) by y^l_(m+1)(t-m-1) (to "
        f"{input_error:.1e}), not by the activation one step later (off by up to "
        f"{shifted_input_error:.3f}; the first is true by the definition of net, only the shifted "
        f"comparisons decide); net inputs of one unit range over {spread:.2f} in these steps, "
        f"changing by up to {step_change:.2f} from one step to the next",
        {
            "t": t,
            "q": q,
            "flow": difference,
            "flow_error": flow_error,
            "shifted_error": shifted_error,
            "input_error": input_error,
            "shifted_input_error": shifted_input_error,
            "net_range": spread,
            "net_step": step_change,
        },
    )
