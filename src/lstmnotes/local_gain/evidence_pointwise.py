r"""The pointwise bounds at every state of a running net, and the regrouped pairs as gains of their weight.

At every state of a running net a factor $f'_i(\mathit{net}_i(t))\,w_{ij}$ is the gain $g(w_{ij}; y, c)$
at that state's $y = y^j(t-1)$ and $c = \mathit{net}_i(t) - w_{ij}y$, so the bounds of the logistic
paragraph (at most $|w|/4$, below one for $|w| < 4$, at most $\max_w g$) hold there however $y$ depends on
$w$. The same holds for every pair of the regrouped corrected product. Each function decides one claim
afresh by calling the library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the verdict, a
one-line summary with the numbers, and JSON-ready data. The pages glue their numbers from the same
evidence, so the prose and the ledger cannot disagree.

| claim | function |
|---|---|
| X22 answer: the implications of the mis-indexed (3.2) were all wrong | {py:func}`regrouped_factors_are_gains` |

The pointwise bounds on running nets (``_pointwise_bounds``) are part of the evidence of A2 and X21
({py:mod}`~lstmnotes.local_gain.evidence_running`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstmnotes._validate import count as _count
from lstmnotes.activations import logistic_prime
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain._in_net import path_pairing
from lstmnotes.local_gain._unit import gain, max_gain
from lstmnotes.local_gain.evidence import MAX_LAG, MAX_NETS, UndecidedError, _seed
from lstmnotes.net import random_weights, run_net

__all__ = [
    "regrouped_factors_are_gains",
]


def _pointwise_bounds(
    seed: int = 0, nets: int = 12, steps: int = 12, points: int = 241, w_range: float = 12.0
) -> dict[str, Any]:
    r"""The pointwise bounds of the logistic paragraph at every state of running nets.

    For each of ``nets`` random nets (seed ``seed``; $n$ from 1 to 6, weights uniform on $[-4, 4]$,
    start uniform on $[0, 1]$) one weight $w_{ij}$ is set to each of ``points`` values on
    $[-w_{range}, w_{range}]$, the net is rerun, and at every step $t \ge 1$ the factor
    $f'_i(\mathit{net}_i(t))\,w_{ij}$ is compared, at that state's $y = y^j(t-1)$ and
    $c = \mathit{net}_i(t) - w_{ij}y$, with $g(w_{ij}; y, c)$, $|w|/4$ and $\max_w g(w; y, c)$.
    The identity holds by the definition of $c$, the second bound is $|w| \max \sigma' = |w|/4$, the third
    follows from the identity: this part can fail only through a slip in the library.

    :return: the data, with ``ok`` true when every state respects every bound.
    """
    rng = np.random.default_rng(seed)
    values = np.linspace(-w_range, w_range, points)
    worst = {"identity": 0.0, "quarter": 0.0, "max_gain": 0.0, "small_w": 0.0}
    states = 0
    for k in range(nets):
        n = 1 + k % 6
        W = np.array(random_weights(n, rng, w_max=4.0))
        y0 = rng.uniform(0, 1, n)
        i, j = int(rng.integers(n)), int(rng.integers(n))
        for value in values:
            V = W.copy()
            V[i, j] = value
            run = run_net(V, y0, steps)
            y = run.activations[:steps, j]  # y^j(t - 1) for t = 1, ..., steps
            net = run.nets[:, i]  # net_i(t)
            factor = np.abs(logistic_prime(net) * value)
            c = net - value * y
            worst["identity"] = max(
                worst["identity"], float(np.max(np.abs(factor - gain(value, y, c))))
            )
            worst["quarter"] = max(
                worst["quarter"], float(np.max(factor / (abs(value) / 4 + 1e-300)))
            )
            ceiling = np.asarray(max_gain(y, c)[1], dtype=np.float64)
            worst["max_gain"] = max(worst["max_gain"], float(np.max(factor / ceiling)))
            if abs(value) < 4:
                worst["small_w"] = max(worst["small_w"], float(np.max(factor)))
            states += int(factor.size)
    if states == 0:
        raise UndecidedError("the pointwise bounds: no state checked")
    ok = (
        worst["identity"] <= 1e-12
        and worst["quarter"] <= 1 + 1e-12
        and worst["max_gain"] <= 1 + 1e-9
        and worst["small_w"] < 1
    )
    return {
        "seed": seed,
        "nets": nets,
        "steps": steps,
        "points": points,
        "w_range": w_range,
        "states": states,
        "worst": worst,
        "quarter_margin": 1 - worst["quarter"],
        "max_gain_margin": 1 - worst["max_gain"],
        "ok": bool(ok),
    }


def _bounds_text(b: dict[str, Any]) -> str:
    worst = b["worst"]
    return (
        f"{b['states']} states of {b['nets']} running nets (n = 1..6, seed {b['seed']}), one weight set "
        f"to {b['points']} values in [-{b['w_range']:g}, {b['w_range']:g}] and the net rerun each time: "
        f"largest |factor - g(w; y, c)| {worst['identity']:.1e}, largest factor / (|w|/4) = 1 - "
        f"{b['quarter_margin']:.2g}, largest factor / max_w g = 1 - {b['max_gain_margin']:.2g}, largest "
        f"factor with |w| < 4 {worst['small_w']:.6f}"
    )


def regrouped_factors_are_gains(seed: int = 0, nets: int = 40, q_max: int = 5) -> Evidence:
    r"""X22: the answer's "the implications were all wrong" (of the mis-indexed (3.2)), judged.

    After correction and regrouping, each of the first $q - 1$ slopes of a path is paired with the weight
    into its own unit, $f'_{l_m}(t-m)\,w_{l_m l_{m+1}}$, and the analysis of the logistic paragraph
    applies to such a pair if it *is* a gain $g(w; y, c)$ of that weight at the state's $y$ and $c$. The
    check takes ``nets`` random logistic nets (seed ``seed``; $n$ from 1 to 5, weights of both signs up to
    $8$, random start), every path of length $q \le$ ``q_max`` (sampled for the larger $n$) at the last
    step, and for every regrouped pair asks: does the weight feed the slope's net input; is the pair
    $g(w; y, c)$; is it at most $\max_w g(w; y, c)$; is it below one where $|w| < 4$? With $y > 0$ (a
    logistic activation) the coth condition (P6) and the limit (P7), statements about $g$ with $y$ and $c$
    held fixed, then apply to every pair as proved; no limit is taken in a running net here (X23 does).

    :return: ``FALSE`` (the implications survive) when every pair is a gain of its own weight and
        respects both bounds; ``HOLDS`` when some pair is not a gain of its weight or breaks a bound.
    :param seed: the seed of the nets, a non-negative integer.
    :param nets: how many nets, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_NETS`.
    :param q_max: the longest path, 2 to {py:data}`~lstmnotes.local_gain.evidence.MAX_LAG`.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a count beyond its stated limit, naming it.
    :raises UndecidedError: when no pair was checked.
    """
    seed = _seed(seed)
    nets = _count(nets, "nets", minimum=1, maximum=MAX_NETS)
    q_max = _count(q_max, "q_max", minimum=2, maximum=MAX_LAG)
    rng = np.random.default_rng(seed)
    pairs = 0
    worst = {"identity": 0.0, "max_gain": 0.0, "small_w": 0.0}
    not_feeding = 0
    for k in range(nets):
        n = 1 + k % 5
        W = random_weights(n, rng, w_max=8.0)
        steps = q_max + 2
        run = run_net(W, rng.uniform(0, 1, n), steps)
        for q in range(2, q_max + 1):
            for _ in range(min(n ** (q + 1), 24)):
                path = rng.integers(0, n, q + 1)
                p = path_pairing(run, steps, path, "regrouped")
                feeds = p.feeds
                not_feeding += int(np.count_nonzero(~feeds))
                pairs += int(feeds.size)
                if not feeds.any():
                    continue
                size = np.abs(p.pairs[feeds])
                w, y, c = p.weights[feeds], p.inputs[feeds], p.offsets[feeds]
                worst["identity"] = max(
                    worst["identity"], float(np.max(np.abs(size - gain(w, y, c))))
                )
                ceiling = np.asarray(max_gain(y, c)[1], dtype=np.float64)
                worst["max_gain"] = max(worst["max_gain"], float(np.max(size / ceiling)))
                small = np.abs(w) < 4
                if small.any():
                    worst["small_w"] = max(worst["small_w"], float(np.max(size[small])))
    data = {
        "seed": seed,
        "nets": nets,
        "q_max": q_max,
        "pairs": pairs,
        "not_feeding": not_feeding,
        "worst": worst,
    }
    summary = (
        f"{pairs} regrouped pairs on paths of length 2..{q_max} in {nets} random logistic nets (n = 1..5, "
        f"|w| <= 8, seed {seed}): {not_feeding} weights do not feed their slope; largest |pair - g(w; y, c)| "
        f"{worst['identity']:.1e}; largest pair / max_w g {worst['max_gain']:.9f}; largest pair with "
        f"|w| < 4 {worst['small_w']:.6f}"
    )
    if pairs == 0:
        raise UndecidedError("X22: no pair checked")
    if (
        not_feeding == 0
        and worst["identity"] <= 1e-12
        and worst["max_gain"] <= 1 + 1e-9
        and worst["small_w"] < 1
    ):
        return Evidence(Verdict.FALSE, summary, data)
    return Evidence(Verdict.HOLDS, summary, data)
