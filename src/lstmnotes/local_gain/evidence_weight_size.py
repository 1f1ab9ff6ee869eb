r"""Computed verdicts on the size of a weight against a gain of one: $|w| < 4$, its sharpness, larger weights.

The paper: the gain is below one whenever $|w| < 4$, and larger initial weights do not help. A reader's
slip report adds that 4 is sufficient but not sharp for a given $y$. All three ask which weights can lift
the gain $g(w; y, c)$ of one unit to one, at fixed $y$ and $c$. Each function decides one claim afresh by
calling the library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the verdict, a one-line summary
with the numbers, and JSON-ready data. The pages glue their numbers from the same evidence, so the prose
and the ledger cannot disagree.

| claim | function |
|---|---|
| P8 the gain is below one when $\lvert w\rvert < 4$ | {py:func}`gain_below_one_for_small_weights` |
| P9 larger weights do not help | {py:func}`larger_weights_do_not_help` |
| slip 7 "below one for $\lvert w\rvert < 4$" is sufficient, not sharp | {py:func}`four_is_not_sharp` |
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes._validate import count as _count
from lstmnotes._validate import finite_scalar
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain._levels import gain_interval, gain_threshold
from lstmnotes.local_gain._unit import (
    GAIN_ARGMAX,
    GAIN_CONSTANT,
    derivative_elasticity,
    gain,
    max_gain,
)
from lstmnotes.local_gain.evidence import (
    MAX_PAIRS,
    MAX_POINTS,
    UndecidedError,
    _random_pairs,
    _seed,
)

__all__ = [
    "four_is_not_sharp",
    "gain_below_one_for_small_weights",
    "larger_weights_do_not_help",
]


def gain_below_one_for_small_weights(
    points: int = 201, seed: int = 0, count: int = 100_000
) -> Evidence:
    r"""P8: $|w| < 4$ implies a gain below one, for every $y$ and $c$.

    The proof is one line: $\sigma' \le 1/4$ (claim P5), so the gain is at most $|w|/4 < 1$. The check
    tries to break it all the same, maximising the gain over $|w| < 4$: a grid over $|w| < 4$,
    $y \in [-5, 5]$, $c \in [-10, 10]$; ``count`` random triples with $|y|$ log-uniform on
    $[10^{-6}, 10^{3}]$ and $c$ uniform on $[-10^{3}, 10^{3}]$ (seed ``seed``); the structured
    candidates $c = -wy$, which put the net input at zero and the gain at exactly $|w|/4$; and a few steps of
    coordinate ascent in $c$ from the best random triple. It reports the largest gain found and the
    supremum approached as $|w| \to 4$.

    :return: ``HOLDS`` when nothing reaches one; ``FALSE`` with the offending triple otherwise.
    :param points: grid points per axis, 2 to {py:data}`~lstmnotes.local_gain.evidence.MAX_POINTS`.
    :param seed: the seed of the random triples, a non-negative integer.
    :param count: how many random triples, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_PAIRS`.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a count beyond its stated limit, naming it.
    """
    points = _count(points, "points", minimum=2, maximum=MAX_POINTS)
    seed = _seed(seed)
    count = _count(count, "count", minimum=1, maximum=MAX_PAIRS)
    w = np.linspace(-4, 4, 2 * points + 1)[1:-1]
    y = np.linspace(-5, 5, points)
    c = np.linspace(-10, 10, points)
    # the grid a block of weights at a time: the gain's extended-precision passes hold several arrays of
    # the block's size, so the peak memory stays near GRID_BLOCK points whatever the grid
    rows = max(1, GRID_BLOCK // (y.size * c.size))
    largest = max(
        float(np.max(gain(w[i : i + rows, None, None], y[None, :, None], c[None, None, :])))
        for i in range(0, w.size, rows)
    )
    rng = np.random.default_rng(seed)
    wr = rng.uniform(-4, 4, count) * (1 - 1e-12)
    yr = rng.choice([-1.0, 1.0], count) * 10 ** rng.uniform(-6, 3, count)
    cr = rng.uniform(-1e3, 1e3, count)
    values = np.asarray(gain(wr, yr, cr), dtype=np.float64)
    k = int(np.argmax(values))
    best = {"w": float(wr[k]), "y": float(yr[k]), "c": float(cr[k]), "gain": float(values[k])}
    step = 1.0
    for _ in range(60):  # coordinate ascent in c from the best random triple
        for trial in (best["c"] - step, best["c"] + step):
            value = float(gain(best["w"], best["y"], trial))
            if value > best["gain"]:
                best = {**best, "c": trial, "gain": value}
        step /= 2
    ws = np.linspace(-4, 4, 801)[1:-1] * (1 - 1e-9)
    structured = float(np.max(gain(ws, 0.7, -ws * 0.7)))
    closest = 4 * (1 - 1e-9)
    tight = float(gain(closest, 0.7, -closest * 0.7))
    worst = max(largest, best["gain"], structured, tight)
    data = {
        "grid_max": largest,
        "grid": [int(w.size), points, points],
        "grid_y": 5.0,
        "grid_c": 10.0,
        "random_y": [1e-6, 1e3],
        "random_c": 1e3,
        "epsilon": 1e-9,
        "random": {"seed": seed, "count": count, **best},
        "structured_max": structured,
        "near_four": tight,
        "worst": worst,
    }
    summary = (
        f"gain <= |w| f'_max = |w|/4; largest gain with |w| < 4: grid {largest:.6f}, {count} random "
        f"triples + ascent in c {best['gain']:.9f} (w = {best['w']:.4f}, y = {best['y']:.3g}, "
        f"c = {best['c']:.4g}), c = -wy {structured:.9f}; at w = 4(1 - 1e-9), c = -wy it is {tight:.12f}"
    )
    return Evidence(Verdict.HOLDS if worst < 1 else Verdict.FALSE, summary, data)


GRID_BLOCK: Final = 1 << 20
"""About how many grid points {py:func}`gain_below_one_for_small_weights` evaluates at once."""


P9_EXAMPLE_Y: Final = 0.1
"""The activation of the counter-example shown for P9."""


P9_OFFSET: Final = (1.0, 10.0)
"""The pair $(y, c)$ of the offset example of P9: an activation above $K$ and a large offset."""


def larger_weights_do_not_help(seed: int = 0, count: int = 2000) -> Evidence:
    r"""P9: larger weights do not help, "as seen above, for $|w| \to \infty$ the relevant derivative goes to
    zero 'faster' than the absolute weight can grow".

    The paper's reason concerns $|w| \to \infty$ (P7). What the check decides is the conclusion drawn
    from it, over the whole domain of $(y, c)$:

    - for $c = 0$ the elasticity $\partial\log\sigma'/\partial\log|w| = -wy\tanh(wy/2)$ is below $-1$
      exactly when $|wy| > x^\ast$ (a grid of weights for several $y$): beyond the maximiser a larger
      weight lowers the factor, which never exceeds $K/|y|$;
    - for $c = 0$ and $|y| < K$ a weight above 4 lifts the gain above one (a log-spaced scan of $|y|$);
      for $|y| \ge K$ none exceeds one, though below the maximiser a larger weight still raises it;
    - for $c \neq 0$ ``count`` random pairs and the example ``P9_OFFSET``: the maximiser
      ($w \approx -c/y$) has gain about $|c|/(4|y|)$, above one even where $|y| > K$.

    :return: ``FALSE`` when the elasticity is not below $-1$ somewhere beyond the maximiser (the paper's
        reason fails even for $c = 0$); ``CONDITIONAL`` when it holds there but weights above 4 reach a
        gain above one (for $c = 0$, $|y| < K$, or with an offset); ``HOLDS`` when no weight of any size
        gets the gain above one.
    :param seed: the seed of the random pairs with an offset, a non-negative integer.
    :param count: how many, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_PAIRS`.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a count beyond its stated limit, naming it.
    :raises UndecidedError: when the evidence establishes none of these.
    """
    seed = _seed(seed)
    count = _count(count, "count", minimum=1, maximum=MAX_PAIRS)
    ys = np.array([0.05, 0.1, 0.5, 1.0])
    w = np.linspace(0.01, 100, 10_000)
    elasticity = derivative_elasticity(w[None, :], ys[:, None])
    beyond = w[None, :] * ys[:, None] > GAIN_ARGMAX
    reason_beyond = bool(np.all(elasticity[beyond] < -1))
    rises_before = bool(np.all(elasticity[~beyond] >= -1))
    scan = np.logspace(-4, 1, 501)
    at_four_scan = np.asarray(gain(4.0, scan), dtype=np.float64)
    best_scan = np.asarray(max_gain(scan)[1], dtype=np.float64)
    helps = (at_four_scan < 1) & (best_scan > 1)
    above_k = scan >= GAIN_CONSTANT
    above_k_best = float(best_scan[above_k].max())
    y = P9_EXAMPLE_Y
    at_four = float(gain(4.0, y))
    w_best, best = max_gain(y)
    rises_y = 1.0
    rise_low, rise_high = float(gain(1.0, rises_y)), float(gain(GAIN_ARGMAX / rises_y, rises_y))
    oy, oc = P9_OFFSET
    ow, obest = max_gain(oy, oc)
    ry, rc = _random_pairs(seed, count)
    _, rbest = max_gain(ry, rc)
    rbest = np.asarray(rbest, dtype=np.float64)
    r_ratio = rbest / (np.abs(rc) / (4 * np.abs(ry)))
    big = np.abs(rc) > 4 * np.abs(ry) * 10
    offset_over_one = (rbest > 1) & (np.abs(ry) > GAIN_CONSTANT)
    data = {
        "x_star": GAIN_ARGMAX,
        "K": GAIN_CONSTANT,
        "elasticity_beyond_below_minus_one": reason_beyond,
        "elasticity_before_at_least_minus_one": rises_before,
        "scan": {"from": float(scan[0]), "to": float(scan[-1]), "points": int(scan.size)},
        "helps_count": int(helps.sum()),
        "helps_largest_y": float(scan[helps].max()) if helps.any() else None,
        "above_K_best": above_k_best,
        "y": y,
        "gain_at_4": at_four,
        "best_weight": float(w_best),
        "best_gain": float(best),
        "rise": {
            "y": rises_y,
            "low_w": 1.0,
            "low_gain": rise_low,
            "high_w": GAIN_ARGMAX / rises_y,
            "high_gain": rise_high,
        },
        "offset": {
            "y": oy,
            "c": oc,
            "w": float(ow),
            "gain": float(obest),
            "net": float(ow * oy + oc),
            "quarter": abs(oc) / (4 * abs(oy)),
        },
        "random": {
            "seed": seed,
            "count": count,
            "over_one_with_y_above_K": int(offset_over_one.sum()),
            "ratio_range_large_c": [float(r_ratio[big].min()), float(r_ratio[big].max())]
            if big.any()
            else None,
        },
    }
    summary = (
        f"c = 0: d log f'/d log|w| < -1 wherever |wy| > x* = {GAIN_ARGMAX:.6f}: {reason_beyond} (on {w.size} "
        f"weights for y in {ys.tolist()}); of {scan.size} activations in [1e-4, 10], {int(helps.sum())} "
        f"have gain < 1 at w = 4 but > 1 at the maximiser (the largest {data['helps_largest_y']}), "
        f"none with |y| >= K (largest peak there {above_k_best:.6f}); y = {rises_y}: gain {rise_low:.5f} at "
        f"w = 1, {rise_high:.5f} at w = x*. With an offset: y = {oy}, c = {oc}: gain {float(obest):.4f} at "
        f"w = {float(ow):.4f} (|c|/(4|y|) = {abs(oc) / (4 * abs(oy)):.4f}); of {count} random (y, c) "
        f"(seed {seed}), {int(offset_over_one.sum())} have |y| > K and a maximal gain above 1"
    )
    if not reason_beyond:
        return Evidence(Verdict.FALSE, summary, data)
    if helps.any() and best > 1 > at_four and float(obest) > 1 and abs(oy) > GAIN_CONSTANT:
        return Evidence(Verdict.CONDITIONAL, summary, data)
    if not helps.any() and not offset_over_one.any() and float(obest) <= 1:
        return Evidence(Verdict.HOLDS, summary, data)
    raise UndecidedError("P9: the evidence decides nothing: " + summary)


S7_ACTIVATIONS: Final = (0.2, 0.1, 0.01, 1e-4)
"""The activations at which {py:func}`four_is_not_sharp` computes the first weight with gain one ($c = 0$)."""


def four_is_not_sharp(seed: int = 0, count: int = 2000, fixed_c: float = 1.0) -> Evidence:
    r"""Slip 7: "below one for $|w| < 4$" is sufficient but not sharp, for a given $y$.

    The threshold $T(y, c)$, the smallest $|w|$ with gain one ({py:func}`~lstmnotes.local_gain.gain_threshold`),
    is never below 4 (claim P8). The check computes:

    - for $c = 0$, $T$ at the activations {py:data}`S7_ACTIVATIONS` (cross-checked with the Newton solver
      {py:func}`~lstmnotes.local_gain.gain_interval`): above 4, and falling to 4 as $|y| \to 0$; for
      $|y| > K$ no weight reaches one, and at $|y| = K$ the peak gain is exactly one;
    - with $c$ free: the structured candidates $c = \mp 4y$ (net input zero at $|w| = 4$) give $T = 4$
      exactly for every $y$ tried, and ``count`` random $(y, c)$ ($|y|$ log-uniform on $[10^{-3}, 10]$,
      $c$ uniform on $[-50, 50]$, seed ``seed``) find nothing below 4;
    - for the fixed offset ``fixed_c``, $T$ over a grid of $y$: smallest at $|y| = |c|/4$, where it is 4.

    :return: ``CONDITIONAL`` when the threshold exceeds 4 for $c = 0$ but equals 4 for some $c$;
        ``HOLDS`` when no $c$ searched brings it to 4; ``FALSE`` when it is 4 or less already at $c = 0$.
    :param seed: the seed of the random pairs, a non-negative integer.
    :param count: how many random pairs, 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_PAIRS`.
    :param fixed_c: the offset of the fixed-$c$ scan, finite and nonzero.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for a count beyond its limit or a zero or non-finite ``fixed_c``, naming it.
    :raises UndecidedError: when the evidence establishes none of these.
    """
    seed = _seed(seed)
    count = _count(count, "count", minimum=1, maximum=MAX_PAIRS)
    fixed_c = finite_scalar(fixed_c, "fixed_c")
    if fixed_c == 0:
        raise ValueError("fixed_c must be nonzero")
    ys = np.array(S7_ACTIVATIONS)
    first = np.asarray(gain_threshold(ys), dtype=np.float64)
    newton = np.asarray(gain_interval(ys)[0], dtype=np.float64)
    solver_gap = float(np.max(np.abs(first / newton - 1)))
    beyond = np.array([GAIN_CONSTANT * (1 + 1e-9), 0.5, 1.0])
    beyond_threshold = np.asarray(gain_threshold(beyond), dtype=np.float64)
    beyond_peak = np.asarray(max_gain(beyond)[1], dtype=np.float64)
    at_k_peak = float(max_gain(GAIN_CONSTANT)[1])
    # with c free: the net input zero at |w| = 4, for both signs of y and a range of sizes
    y_struct = np.concatenate([ys, -ys, [GAIN_CONSTANT, 1.0, 5.0]])
    t_struct = np.asarray(gain_threshold(y_struct, -4.0 * y_struct), dtype=np.float64)
    rng = np.random.default_rng(seed)
    y_rand = rng.choice([-1.0, 1.0], count) * 10 ** rng.uniform(-3, 1, count)
    c_rand = rng.uniform(-50, 50, count)
    t_rand = np.asarray(gain_threshold(y_rand, c_rand), dtype=np.float64)
    # a fixed offset: the threshold over y
    y_grid = np.linspace(0.01, 1.0, 397)
    t_fixed = np.asarray(gain_threshold(y_grid, fixed_c), dtype=np.float64)
    k = int(np.argmin(t_fixed))
    c0_above = bool(np.all(first > 4)) and bool(np.all(np.diff(first) < 0))
    none_beyond = bool(np.all(np.isinf(beyond_threshold))) and bool(np.all(beyond_peak < 1))
    touches_at_k = abs(at_k_peak - 1) <= 1e-12
    sharp_with_c = bool(np.all(t_struct == 4.0))
    never_below = float(min(t_rand.min(), t_struct.min(), t_fixed.min())) >= 4.0
    searched_min = float(min(t_rand.min(), t_struct.min(), t_fixed.min()))
    data = {
        "y": ys.tolist(),
        "first_w": first.tolist(),
        "margin": (first - 4).tolist(),
        "solver_gap": solver_gap,
        "K": GAIN_CONSTANT,
        "peak_at_K": at_k_peak,
        "beyond_K": {"y": beyond.tolist(), "peak": beyond_peak.tolist()},
        "c_free": {"y": y_struct.tolist(), "threshold": t_struct.tolist()},
        "random": {"seed": seed, "count": count, "min_threshold": float(t_rand.min())},
        "fixed_c": {"c": fixed_c, "min_threshold": float(t_fixed[k]), "at_y": float(y_grid[k])},
        "searched_min": searched_min,
    }
    summary = (
        f"c = 0: first |w| with gain 1 is {', '.join(f'{w:.8g}' for w in first)} at y = "
        f"{', '.join(f'{y:g}' for y in ys)} (Newton solver agrees to {solver_gap:.1e}); none for "
        f"|y| > K = {GAIN_CONSTANT:.6f}, peak {at_k_peak:.15f} at |y| = K. c free: c = -4y gives "
        f"threshold exactly 4 for all {y_struct.size} y tried; {count} random (y, c) (seed {seed}) "
        f"give at least {t_rand.min():.4f}; c = {fixed_c:g}: smallest threshold {t_fixed[k]:.6f} at "
        f"y = {y_grid[k]:.4f}"
    )
    if any(first <= 4):
        return Evidence(Verdict.FALSE, summary, data)
    if c0_above and none_beyond and touches_at_k and sharp_with_c and never_below:
        return Evidence(Verdict.CONDITIONAL, summary, data)
    if c0_above and none_beyond and searched_min > 4:
        return Evidence(Verdict.HOLDS, summary, data)
    raise UndecidedError("slip 7: the evidence decides nothing: " + summary)
