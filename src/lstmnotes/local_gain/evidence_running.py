r"""Computed verdicts on a running net, where $y$ moves with $w$: the limit, the best weight, "y constant".

The paper's analysis of the gain holds $y$ and $c$ fixed while $w$ varies. In a running net the activation
a weight multiplies depends on that weight once its effect has come back: the best weight of a running
factor is then not the coth maximiser at its state, and the limit as $|w| \to \infty$ can fail. The
answer's two verdicts on holding $y$ constant are judged here against that and against the pointwise
bounds of {py:mod}`~lstmnotes.local_gain.evidence_pointwise`, which hold at every state. Each function
decides one claim afresh by calling the library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the
verdict, a one-line summary with the numbers, and JSON-ready data. The pages glue their numbers from the
same evidence, so the prose and the ledger cannot disagree.

| claim | function |
|---|---|
| answer: "y constant" is just an assumption | {py:func}`answer_y_constant` |
| X21 answer: "y constant" is not a good assumption | {py:func}`answer_not_good_assumption` |
| X23 the limit of the gain holds in a running net, where $y$ moves with $w$ | {py:func}`running_limit` |
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from lstmnotes._validate import finite_array, finite_scalar
from lstmnotes.activations import logistic_prime
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain._in_net import activation_sensitivity
from lstmnotes.local_gain._unit import gain, max_gain
from lstmnotes.local_gain.evidence import MAX_WEIGHTS, UndecidedError
from lstmnotes.local_gain.evidence_pointwise import _bounds_text, _pointwise_bounds
from lstmnotes.net import random_weights, run_net

__all__ = [
    "answer_not_good_assumption",
    "answer_y_constant",
    "running_limit",
]


def _recipe_probe(seed: int = 0, points: int = 4001) -> dict[str, Any]:
    r"""Does $y$ move with the weight, and is the coth maximiser the best weight of a running factor?

    On a random 3-unit net (seed ``seed``, weights up to $2$): $|\partial y^0(t)/\partial w_{10}|$ by
    finite differences at a few times, and the self-weight $w_{00}$ that makes the running factor
    $f'_0(\mathit{net}_0(5))\,w_{00}$ largest (a grid of ``points`` weights, the net rerun for each)
    against the coth maximiser at the state it produces.
    """
    rng = np.random.default_rng(seed)
    W = np.array(random_weights(3, rng, w_max=2.0))
    y0 = rng.uniform(0, 1, 3)
    times = [1, 2, 3, 5]
    moves = [float(abs(activation_sensitivity(W, y0, t, 1, 0)[0])) for t in times]
    t_probe = 5
    grid = np.linspace(-20.0, 20.0, points)
    running = np.empty(points)
    for k, value in enumerate(grid):
        V = W.copy()
        V[0, 0] = value
        run = run_net(V, y0, t_probe)
        running[k] = abs(float(logistic_prime(run.nets[t_probe - 1, 0])) * value)
    best = int(np.argmax(running))
    V = W.copy()
    V[0, 0] = grid[best]
    run = run_net(V, y0, t_probe)
    frozen_y = float(run.activations[t_probe - 1, 0])
    frozen_c = float(run.nets[t_probe - 1, 0] - grid[best] * frozen_y)
    frozen_w, frozen_gain = max_gain(frozen_y, frozen_c)
    return {
        "seed": seed,
        "n": 3,
        "times": times,
        "sensitivity": moves,
        "depends": moves[0] == 0 and all(m > 1e-6 for m in moves[1:]),
        "independent": all(m == 0 for m in moves),
        "recipe_differs": bool(abs(float(frozen_w) - float(grid[best])) > 2 * (grid[1] - grid[0])),
        "probe": {
            "t": t_probe,
            "running_best_w": float(grid[best]),
            "running_best": float(running[best]),
            "frozen_w": float(frozen_w),
            "frozen_gain": float(frozen_gain),
            "grid": [float(grid[0]), float(grid[-1]), points],
        },
    }


RUNNING_LIMIT_START: Final = 0.5
r"""$y(0)$ of the smallest net in which the limit of {prf:ref}`thm-gain-limit` fails (X23)."""

RUNNING_LIMIT_WEIGHTS: Final = (-4.0, -8.0, -12.0, -100.0, -1000.0)
r"""The self-weights at which X23 shows the running factor."""


def _running_self_factor(weight: float, start: float, t: int) -> float:
    r"""The signed factor $f'(\mathit{net}(t))\,w$ of one logistic unit with self-weight $w$, run from $y(0)$."""
    run = run_net([[weight]], [start], t)
    return float(logistic_prime(run.nets[t - 1, 0])) * weight


def running_limit(
    start: float = RUNNING_LIMIT_START, weights: tuple[float, ...] = RUNNING_LIMIT_WEIGHTS
) -> Evidence:
    r"""X23: the limit $|f'(\mathit{net})\,w| \to 0$ as $|w| \to \infty$, in a running net where $y$ moves with $w$.

    The smallest candidate: one logistic unit, self-weight $w$, no bias or input, $y(0) =$ ``start``.
    At $t = 1$ the factor is $g(w; y(0), 0)$ with $y(0)$ fixed, so the limit holds there; at $t = 2$ the
    activation it multiplies, $y(1) = \sigma(w\,y(0))$, moves with $w$, and
    $\mathit{net}(2) = w\,\sigma(w\,y(0))$. The check runs the unit (``run_net``) at each weight of
    ``weights``, compares the factor at $t = 2$ with the frozen gain $g(w; y(0), 0)$ and with $w/4$,
    finds by bisection where $|\text{factor}|$ passes one, and records the two-step product.

    :return: ``FALSE`` when the factor at $t = 2$ grows in size along ``weights``, exceeds one and is
        proportional to $|w|$ at the last two weights (within a thousandth), so it grows without bound;
        ``HOLDS`` when it is
        below $10^{-6}$ at the last weight (the limit reached in the running net).
    :param start: the unit's activation $y(0)$, a finite number.
    :param weights: the self-weights, finite, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_WEIGHTS` of them.
    :raises TypeError: for a ``start`` or ``weights`` that is not real numbers, naming it.
    :raises ValueError: for non-finite values or too many weights, naming the argument.
    :raises UndecidedError: when neither is established.
    """
    start = finite_scalar(start, "start")
    weights = tuple(float(w) for w in finite_array(weights, "weights", ndim=1))
    if not 1 <= len(weights) <= MAX_WEIGHTS:
        raise ValueError(f"weights must hold 1 to {MAX_WEIGHTS} weights, got {len(weights)}")
    second = [_running_self_factor(w, start, 2) for w in weights]
    first = [_running_self_factor(w, start, 1) for w in weights]
    frozen = [float(gain(w, start, 0.0)) for w in weights]
    states = [float(run_net([[w]], [start], 1).activations[1, 0]) for w in weights]
    two_step = [a * b for a, b in zip(first, second, strict=True)]
    crossing = float("nan")  # where |factor| first passes one along the ladder 0, weights...
    ladder = [0.0, *weights]
    above = [abs(_running_self_factor(w, start, 2)) > 1 if w else False for w in ladder]
    if any(above):
        k = above.index(True)
        low, high = ladder[k - 1], ladder[k]
        for _ in range(80):
            mid = (low + high) / 2
            if abs(_running_self_factor(mid, start, 2)) < 1:
                low = mid
            else:
                high = mid
        crossing = (low + high) / 2
    sizes = np.abs(second)
    ratio = float(sizes[-1] / (abs(weights[-1]) / 4))
    data = {
        "n": 1,
        "start": start,
        "t": 2,
        "weights": list(weights),
        "factors": second,
        "first_step": first,
        "frozen": frozen,
        "states": states,
        "two_step": two_step,
        "crossing": crossing,
        "ratio_to_quarter": ratio,
    }
    summary = (
        f"one logistic unit, self-weight w, y(0) = {start:g}: the factor f'(net(2)) w at w = "
        f"{', '.join(f'{w:g}' for w in weights)} is {', '.join(f'{f:.4f}' for f in second)} (frozen gain "
        f"g(w; {start:g}, 0): {', '.join(f'{f:.2g}' for f in frozen)}); |factor| passes 1 at w = "
        f"{crossing:.4f}; at the last weight it is {ratio:.10g} times |w|/4; the two-step products "
        f"{', '.join(f'{f:.2g}' for f in two_step)}"
    )
    slope_last, slope_prev = sizes[-1] / abs(weights[-1]), sizes[-2] / abs(weights[-2])
    linear = slope_last > 1e-3 and abs(slope_last / slope_prev - 1) < 1e-3
    grows = bool(np.all(np.diff(sizes) > 0)) and sizes[-1] > 1 and linear
    if grows:
        return Evidence(Verdict.FALSE, summary, data)
    if sizes[-1] < 1e-6:
        return Evidence(Verdict.HOLDS, summary, data)
    raise UndecidedError("X23: the running factor neither grows nor vanishes: " + summary)


def answer_not_good_assumption() -> Evidence:
    r"""X21: the answer's "it's not a good assumption" (holding $y$ constant), judged for each use.

    Under "$y$ constant" the paper draws three things: where the maximum lies (the coth condition), the
    limit as $|w| \to \infty$, and the bound below one for $|w| < 4$. The check decides each in a running
    net, where $y$ moves with the weight: the pointwise bounds at every state of running nets
    (definitional: the identity is the definition of $c$, $|w|/4$ is the bound $|w| \max \sigma'$, and
    $\max_w g$ bounds every gain), the limit on the smallest net where $y$ moves
    ({py:func}`running_limit`), and the maximiser against the best weight of a running factor
    (``_recipe_probe``).

    :return: ``CONDITIONAL`` when the pointwise bounds hold at every state while the limit or the
        maximiser does not carry over; ``FALSE`` when all three carry over; ``HOLDS`` when the bounds fail
        as well.
    :raises UndecidedError: when the evidence establishes none of these.
    """
    bounds = _pointwise_bounds()
    limit = running_limit()
    probe = _recipe_probe()
    lost = limit.verdict is Verdict.FALSE or probe["recipe_differs"]
    kept = limit.verdict is Verdict.HOLDS and not probe["recipe_differs"]
    data = {
        "bounds": bounds,
        "limit": limit.data,
        "limit_verdict": limit.verdict.short,
        "probe": probe["probe"],
        "recipe_differs": probe["recipe_differs"],
    }
    summary = (
        f"pointwise bounds: {_bounds_text(bounds)}; the limit in a running net (X23): "
        f"{limit.verdict.short}; the coth maximiser as the best running weight: "
        f"{'differs' if probe['recipe_differs'] else 'agrees'} ({probe['probe']['frozen_w']:.3f} against "
        f"{probe['probe']['running_best_w']:.3f})"
    )
    if bounds["ok"] and lost:
        return Evidence(Verdict.CONDITIONAL, summary, data)
    if bounds["ok"] and kept:
        return Evidence(Verdict.FALSE, summary, data)
    if not bounds["ok"] and lost:
        return Evidence(Verdict.HOLDS, summary, data)
    raise UndecidedError("X21: the evidence decides nothing: " + summary)


def answer_y_constant() -> Evidence:
    r"""A2: holding $y$ constant "is just an assumption to make analysis easier".

    For the pointwise bounds it is exactly that: they hold at every state of a running net, however $y$
    depends on $w$ (``_pointwise_bounds``). For what the paper draws about $g$ *as $w$ varies*, the
    maximiser and the limit, it is more: in a running net $y$ moves with the weight once the weight's
    effect has come back to it (``_recipe_probe``, finite differences), the best weight of a running
    factor is not the coth maximiser, and the limit can fail ({py:func}`running_limit`).

    :return: ``CONDITIONAL`` when $y$ moves with the weight, the bounds hold at every state and the
        maximiser or the limit does not carry over; ``HOLDS`` when $y$ does not move with the weight at all
        (holding it fixed is then exact); ``FALSE`` when the bounds fail in a running net.
    :raises UndecidedError: when the evidence establishes none of these.
    """
    probe = _recipe_probe()
    bounds = _pointwise_bounds()
    limit = running_limit()
    lost = limit.verdict is Verdict.FALSE or probe["recipe_differs"]
    data = {
        "seed": probe["seed"],
        "n": probe["n"],
        "times": probe["times"],
        "sensitivity": probe["sensitivity"],
        "probe": probe["probe"],
        "bounds_ok": bounds["ok"],
        "limit_verdict": limit.verdict.short,
    }
    summary = (
        f"|d y^0(t) / d w_10| = {', '.join(f'{m:.2e}' for m in probe['sensitivity'])} at t = "
        f"{', '.join(map(str, probe['times']))} in a 3-unit net (seed {probe['seed']}); the self-weight "
        f"that makes the running factor at t = {probe['probe']['t']} largest is "
        f"{probe['probe']['running_best_w']:.3f}, the coth maximiser at its state "
        f"{probe['probe']['frozen_w']:.3f}; the limit in a running net (X23): {limit.verdict.short}; "
        f"pointwise bounds at every state: {'hold' if bounds['ok'] else 'fail'}"
    )
    if probe["independent"]:
        return Evidence(Verdict.HOLDS, summary, data)
    if not bounds["ok"]:
        return Evidence(Verdict.FALSE, summary, data)
    if probe["depends"] and lost:
        return Evidence(Verdict.CONDITIONAL, summary, data)
    raise UndecidedError("the answer on y constant: the evidence decides nothing: " + summary)
