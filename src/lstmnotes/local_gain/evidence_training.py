r"""Computed verdicts on the paper's remarks about training: the learning rate, and weights that change sign.

The logistic paragraph ends with two remarks about learning: a larger learning rate does not change the
ratio of long- to short-range error flow, and larger initial weights do not avoid the small ones, since a
weight that must change its sign crosses zero on the way. Each function decides one claim afresh by
calling the library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the verdict, a one-line summary
with the numbers, and JSON-ready data. The pages glue their numbers from the same evidence, so the prose
and the ledger cannot disagree.

| claim | function |
|---|---|
| P10 a larger learning rate does not change the ratio of long- to short-range flow | {py:func}`learning_rate_keeps_ratio` |
| P18 a weight that must change its sign crosses zero, through the small weights | {py:func}`weights_cross_zero` |
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes._validate import count as _count
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain._training import DESCENT_MAX_STEPS, descend_weight, lag_contributions
from lstmnotes.local_gain.evidence import MAX_STEPS, MAX_UNITS, MAX_WALKS, UndecidedError, _seed
from lstmnotes.local_gain.symbolic_training import rate_free_ratios
from lstmnotes.net import output_error, random_weights, run_net

__all__ = [
    "learning_rate_keeps_ratio",
    "weights_cross_zero",
]


def learning_rate_keeps_ratio(seed: int = 0, n: int = 4, steps: int = 40) -> Evidence:
    r"""P10: a larger learning rate does not change the ratio of long-range to short-range updates.

    This cannot fail for one update at given weights: the update is
    $\Delta w_{jl} = \alpha\sum_s \vartheta_j(s)\,y^l(s-1)$ and the error signals do not involve $\alpha$, so
    $\alpha$ multiplies every term. The check is therefore a proof, not a test:
    {py:func}`~lstmnotes.local_gain.symbolic_training.rate_free_ratios` shows with sympy that every ratio of a lag's
    contribution to lag 1's has a zero derivative in $\alpha$. The library's numeric
    {py:func}`~lstmnotes.local_gain.lag_contributions` is held to the same statement on a random logistic
    net ($|w_{ij}| \le 2$, seed ``seed``, error at output unit 0 at the last step): the ratio of lag 20 to
    lag 1 is the same for learning rates from $10^{-3}$ to $10$. A larger rate moves the weights further,
    which changes later flow; that is outside the claim.

    :return: ``HOLDS`` when the proof goes through and the library agrees; ``FALSE`` when sympy finds a
        ratio that depends on $\alpha$ or the library's ratios differ between rates.
    :param seed: the seed of the net, a non-negative integer.
    :param n: the number of units, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_UNITS`.
    :param steps: the length of the run, 21 (lag 20 needs them) to {py:data}`~lstmnotes.local_gain.evidence.MAX_STEPS`.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a count beyond its stated limit, naming it.
    :raises UndecidedError: when the two disagree with each other.
    """
    seed = _seed(seed)
    n = _count(n, "n", minimum=1, maximum=MAX_UNITS)
    steps = _count(steps, "steps", minimum=21, maximum=MAX_STEPS)
    proof = rate_free_ratios()
    rng = np.random.default_rng(seed)
    run = run_net(random_weights(n, rng, w_max=2.0), rng.uniform(0, 1, n), steps)
    theta = output_error(run, steps, [1.0], [0])
    rates = [1e-3, 1e-2, 1e-1, 1.0, 10.0]
    long_lag, short_lag = 20, 1
    contributions = [lag_contributions(run, steps, theta, a) for a in rates]
    ratios = np.array([c[long_lag] / c[short_lag] for c in contributions])
    spread = float(np.max(np.abs(ratios / ratios[0] - 1)))
    data = {
        "proof_ratios": proof.ratios,
        "proof_units": proof.n,
        "proof_lags": proof.lags,
        "rate_free": proof.rate_free,
        "witness": proof.witness,
        "seed": seed,
        "n": n,
        "rates": rates,
        "ratios": [float(r) for r in ratios],
        "spread": spread,
        "long_lag": long_lag,
        "short_lag": short_lag,
    }
    summary = (
        f"sympy: all {proof.ratios} ratios of lag 2..{proof.lags} to lag 1 contributions in a "
        f"{proof.n}-unit net are free of alpha: {proof.rate_free}"
        + (
            f" (lag {proof.witness['lag']}: d/dalpha = {proof.witness['derivative']})"
            if proof.witness
            else ""
        )
        + f"; library, {n} logistic units (seed {seed}): lag {long_lag} / lag {short_lag} = "
        f"{ratios[0]:.4e} for rates {rates}, relative spread {spread:.1e}"
    )
    numeric_same = spread <= 1e-12
    if proof.rate_free and numeric_same:
        return Evidence(Verdict.HOLDS, summary, data)
    if not proof.rate_free or spread > 1e-9:
        return Evidence(Verdict.FALSE, summary, data)
    raise UndecidedError("P10: the evidence decides nothing: " + summary)


P18_START: Final = 6.0
"""The initial weight of the P18 runs, well above 4."""

P18_TARGET: Final = 0.01
"""The target of the P18 unit: its best weight $\\operatorname{logit}(0.01) \\approx -4.6$ lies beyond $-4$."""

P18_SMALL_RATE: Final = 10.0
"""The learning rate of the P18 run with small steps."""


def weights_cross_zero(seed: int = 0, walks: int = 2000, steps: int = 20_000) -> Evidence:
    r"""P18: a weight that must change its sign crosses zero, and so passes through small values.

    The paper's remark is about training: a weight that starts large and must end with the other sign
    cannot avoid the small weights. For a continuous path this is the intermediate value theorem. For
    gradient descent, whose steps are jumps, the check computes:

    - the bound: a sequence that goes from $w > 0$ to $w < 0$ in steps of size at most $s$ has an iterate
      with $|w| \le s/2$ (the step that changes the sign covers both its ends). ``walks`` random walks
      (seed ``seed``) and the structured candidate $\pm s/2$ try to beat it; the worst ratio
      $\min_k|w_k|/s$ is reported;
    - a logistic unit $y = \sigma(wx)$ trained by {py:func}`~lstmnotes.local_gain.descend_weight` from
      $w = 6$ towards a target whose best weight is about $-4.6$, with learning rate
      {py:data}`P18_SMALL_RATE`: it crosses zero and visits $|w| < 4$;
    - the same unit with the smallest learning rate whose first step carries the weight from $6$ to $-6$:
      it crosses zero without ever visiting $|w| < 4$.

    :return: ``CONDITIONAL`` (continuous paths, or steps below 8) when the bound survives the search and the
        large step jumps the small weights; ``HOLDS`` when the bound survives and no jump is found;
        ``FALSE`` when a sign change with steps below 8 avoids $|w| < 4$.
    :param seed: the seed of the random walks, a non-negative integer.
    :param walks: how many random walks, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_WALKS`.
    :param steps: the length of the small-rate run, 1 to {py:data}`~lstmnotes.local_gain.DESCENT_MAX_STEPS`.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a count beyond its stated limit, naming it.
    :raises UndecidedError: when the evidence establishes none of these.
    """
    seed = _seed(seed)
    walks = _count(walks, "walks", minimum=1, maximum=MAX_WALKS)
    steps = _count(steps, "steps", minimum=1, maximum=DESCENT_MAX_STEPS)
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(walks):
        size = 10 ** rng.uniform(-2, 1)
        start = rng.uniform(0.5, 20) * size
        moves = rng.uniform(-size, 0.3 * size, 2000)  # drifting down, each step at most `size`
        path = start + np.concatenate([[0.0], np.cumsum(moves)])
        cross = np.flatnonzero(path < 0)
        if cross.size:
            worst = max(worst, float(np.min(np.abs(path[: cross[0] + 1]))) / size)
    structured = float(np.min(np.abs([0.5, -0.5])))  # the step from s/2 to -s/2, s = 1
    worst = max(worst, structured)
    slow = descend_weight(P18_START, 1.0, P18_TARGET, P18_SMALL_RATE, steps)
    slow_step = float(np.max(np.abs(np.diff(slow))))
    slow_crosses = bool(np.any(slow < 0))
    slow_min = float(np.min(np.abs(slow)))
    slow_inside = int(np.sum(np.abs(slow) < 4))
    probe = descend_weight(P18_START, 1.0, P18_TARGET, 1.0, 1)
    jump_rate = 2 * P18_START / float(probe[0] - probe[1])  # the step is proportional to the rate
    jump_steps = 2000
    fast = descend_weight(P18_START, 1.0, P18_TARGET, jump_rate, jump_steps)
    fast_crosses = bool(np.any(fast < 0))
    fast_min = float(np.min(np.abs(fast)))
    data = {
        "walks": walks,
        "seed": seed,
        "worst_ratio": worst,
        "start": P18_START,
        "target": P18_TARGET,
        "best_weight": float(np.log(P18_TARGET / (1 - P18_TARGET))),
        "small_rate": P18_SMALL_RATE,
        "small_steps": steps,
        "small_largest_step": slow_step,
        "small_min_abs": slow_min,
        "small_steps_inside": slow_inside,
        "small_final": float(slow[-1]),
        "jump_rate": jump_rate,
        "jump_steps": jump_steps,
        "jump_first": float(fast[1]),
        "jump_min_abs": fast_min,
        "jump_final": float(fast[-1]),
    }
    summary = (
        f"{walks} random walks (seed {seed}) and the step +-s/2: the iterate nearest zero is at most "
        f"{worst:.4f} s from it; w0 = {P18_START:g}, target {P18_TARGET:g} (best w "
        f"{data['best_weight']:.4f}): rate {P18_SMALL_RATE:g} (largest step {slow_step:.3f}) crosses "
        f"zero with min |w| = {slow_min:.4f} and {slow_inside} iterates in |w| < 4; rate "
        f"{jump_rate:.6g} jumps to {fast[1]:.4f} and never comes nearer zero than {fast_min:.4f}"
    )
    bound_ok = worst <= 0.5
    slow_ok = slow_crosses and slow_step < 8 and slow_min < 4
    if (slow_crosses and slow_step < 8 and slow_min >= 4) or not bound_ok:
        return Evidence(Verdict.FALSE, summary, data)
    if bound_ok and slow_ok and fast_crosses and fast_min >= 4:
        return Evidence(Verdict.CONDITIONAL, summary, data)
    if bound_ok and slow_ok and fast_crosses and fast_min < 4:
        return Evidence(Verdict.HOLDS, summary, data)
    raise UndecidedError("P18: the evidence decides nothing: " + summary)
