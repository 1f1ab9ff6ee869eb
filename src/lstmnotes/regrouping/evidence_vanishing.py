r"""Computed verdicts on "the flow vanishes while $|w| < 4$": the paper's conclusion and the answer's.

The paper concludes that with logistic units the error flow tends to vanish as long as the weights are
below 4.0 in size; the public answer that after fixing (3.2) the gradients still vanish. Both are decided
on the two-unit nets of {py:mod}`~lstmnotes.regrouping.evidence_two_units` and the typical many-unit nets
of {py:mod}`~lstmnotes.regrouping.evidence_typical`. Each function decides one claim afresh by calling the library and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose ``data`` holds every number the book states about it.

| claim | function |
|---|---|
| P16 "the error flow tends to vanish as long as the weights have absolute values below 4.0" | {py:func}`small_weights_flow_vanishes` |
| A6 the answer's "the result still holds (gradients are still vanishing)" | {py:func}`answer_still_vanishes` |
"""

from __future__ import annotations

import itertools
from typing import Final

import numpy as np

from lstmnotes._validate import count as _count
from lstmnotes.activations import logistic_prime
from lstmnotes.flow import path_terms
from lstmnotes.later import largest_singular_value
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain.evidence import UndecidedError
from lstmnotes.net import run_net
from lstmnotes.regrouping.evidence_two_units import (
    COUNTER_LAGS,
    COUNTER_WEIGHT,
    _nearby,
    _rate,
    counter_example_flow,
    small_weight_search,
)
from lstmnotes.regrouping.evidence_typical import (
    TYPICAL_UNITS,
    WITNESS,
    Witness,
    _typical,
    _witness,
    witness_growth,
)

__all__ = [
    "MAX_PATH_LAG",
    "answer_still_vanishes",
    "small_weights_flow_vanishes",
]


_GRID_BLOCK: Final = 1 << 20
"""About how many grid points {py:func}`_one_unit` evaluates at once."""


def _one_unit(points: int = 400) -> dict[str, float]:
    """The largest single-unit factor $\\sigma'(wy + c)|w|$ over a grid of $|w| < 4$, $y$, $c$, and its bound."""
    w = np.linspace(-4, 4, points)[1:-1]  # an even count of points: 0 is not among them
    y = np.linspace(0, 1, 101)
    c = np.linspace(-20, 20, points)
    largest, excess = 0.0, 0.0
    rows = max(1, _GRID_BLOCK // (y.size * c.size))  # a block of weights at a time: bounded memory
    for i in range(0, w.size, rows):
        wb = w[i : i + rows, None, None]
        factor = np.abs(wb) * logistic_prime(wb * y[None, :, None] + c[None, None, :])
        largest = max(largest, float(factor.max()))
        excess = max(excess, float(np.max(factor / (np.abs(wb) / 4))))
    # a unit whose input keeps its net input at 0: the factor |w|/4 at every step, the flow (|w|/4)^q
    held = float(np.prod(np.full(40, w.max() * logistic_prime(0.0))))
    return {"largest_factor": largest, "ratio_to_bound": excess, "held_flow": held,
            "held_weight": float(w.max())}  # fmt: skip


def small_weights_flow_vanishes(witness: Witness = WITNESS) -> Evidence:
    r"""P16: with logistic units the flow "tends to vanish as long as the weights have absolute values below 4.0".

    - One unit: its factor is $\sigma'(\mathit{net})\,|w| \le |w|/4 < 1$ whatever its input, so its flow
      decays at least like $(|w|/4)^q$; a grid over $|w| < 4$, $y \in [0, 1]$, $c \in [-20, 20]$ confirms it.
    - The decision: one random net of ``witness.units`` units with weights uniform on
      $[-w_{max}, w_{max}]$, $w_{max} < 4$, drawn with each seed of ``witness`` (the chapter's and
      ``more_seeds``), run from a random start past a burn-in. If the flow grows on every one of them, a
      typical many-unit net refutes "tends to vanish": ``FALSE``. If it decays on every one, and no random
      net of {py:func}`~lstmnotes.regrouping.evidence_typical.typical_rates` at any $n$ grows, and
      {py:func}`~lstmnotes.regrouping.evidence_two_units.small_weight_search` finds no two-unit net below
      4 that keeps its flow: ``HOLDS`` (what was searched is in the data).
    - Reported beside the decision: the fraction of random nets with $|w_{ij}| \le$
      {py:data}`~lstmnotes.regrouping.evidence_two_units.COUNTER_WEIGHT` whose flow grows, by $n$ and
      seed ({py:func}`~lstmnotes.regrouping.evidence_typical.typical_rates`); the minimal state-level
      counter-example ({py:func}`~lstmnotes.regrouping.evidence_two_units.counter_example_flow`: two
      units held at their unstable fixed point), where it settles from a nearby start, and the two-unit
      search; the same nets with small weights.

    :param witness: the random nets, within the limits of
        {py:func}`~lstmnotes.regrouping.evidence_typical.witness_growth`.
    :return: the verdict above.
    :raises TypeError: for a ``witness`` that is not a ``Witness``, or a field of the wrong type.
    :raises ValueError: for a field beyond its limits, naming it.
    :raises UndecidedError: when the evidence establishes neither (some seeds grow, others do not).
    """
    witness = _witness(witness)
    one = _one_unit()
    one_unit_holds = one["largest_factor"] < 1 and one["ratio_to_bound"] <= 1 + 1e-12
    search = small_weight_search()
    smallest = search.smallest
    counter = counter_example_flow(COUNTER_WEIGHT, max(COUNTER_LAGS))
    seeds = (witness.seed, *witness.more_seeds)
    large = [witness_growth(witness, seed=seed) for seed in seeds]
    small = [witness_growth(witness, witness.small, seed=seed) for seed in seeds]
    growth = [g["growth"] for g in large]
    below_four = all(g["largest_weight"] < 4 for g in large)
    typical = _typical()
    fractions = typical["fraction"]
    assert isinstance(fractions, list)
    if below_four and min(growth) > 1:
        verdict = Verdict.FALSE
    elif one_unit_holds and max(growth) < 1 and max(fractions) == 0 and smallest is None:
        verdict = Verdict.HOLDS
    else:
        raise UndecidedError(
            f"P16: the evidence decides nothing: growth per step {growth} over seeds {seeds}, "
            f"fractions {fractions}, smallest two-unit size {smallest}"
        )
    at = search.sizes.index(smallest) if smallest is not None else None
    return Evidence(
        verdict,
        f"{witness.units} random units, |w| <= {witness.w_max}, {len(seeds)} seeds: the largest flow "
        f"grows by {min(growth):.3f} to {max(growth):.3f} per step (with |w| <= {witness.small}: "
        f"{min(g['growth'] for g in small):.3f} to {max(g['growth'] for g in small):.3f}); random nets "
        f"with |w| <= {COUNTER_WEIGHT} from random starts, {typical['nets']} per n: fraction whose flow "
        f"grows {dict(zip(TYPICAL_UNITS, fractions, strict=True))}; one unit: largest factor "
        f"{one['largest_factor']:.6f} < 1; two units: W = {COUNTER_WEIGHT}[[1, -1], [-1, 1]] held at "
        f"(1/2, 1/2) has every factor {COUNTER_WEIGHT / 4} < 1 and a flow of "
        f"{counter[COUNTER_LAGS[1] - 1]:.3g} at lag {COUNTER_LAGS[1]}, an unstable state: from a nearby "
        f"start the flow shrinks by {_nearby()['rate']:.3f} per step; two-unit search: {search.evaluated} "
        f"runs, flow kept from size {smallest} (= 4/n) on",
        {
            "one_unit": one,
            "one_unit_holds": one_unit_holds,
            "search": {
                "n": search.n,
                "sizes": search.sizes,
                "size_count": len(search.sizes),
                "first_size": search.sizes[0],
                "last_size": search.sizes[-1],
                "worst_rate": search.worst_rate,
                "evaluated": search.evaluated,
                "smallest_size": smallest,
                "smallest_weights": search.worst_weights[at] if at is not None else None,
                "smallest_start": search.worst_start[at] if at is not None else None,
                "step_norm_ratio": search.largest_step_norm_ratio,
            },
            "counter": {
                "a": COUNTER_WEIGHT,
                "factor": COUNTER_WEIGHT / 4,
                "rate": COUNTER_WEIGHT / 2,
                "lags": list(COUNTER_LAGS),
                "flow": [float(counter[q - 1]) for q in COUNTER_LAGS],
                "sigma_max": largest_singular_value(COUNTER_WEIGHT * np.array([[1, -1], [-1, 1]])),
                "nearby": _nearby(),
            },
            "typical": typical,
            "witness": {
                "units": witness.units,
                "w_max": witness.w_max,
                "small": witness.small,
                "burn_in": witness.burn_in,
                "lags": witness.lags,
                "seed": witness.seed,
                "seed_count": len(seeds),
                "large": large[0],
                "small_weights": small[0],
                "growth_min": min(growth),
                "growth_max": max(growth),
                "small_growth_max": max(g["growth"] for g in small),
                "small_sigma_max": max(g["sigma_max"] for g in small),
            },
        },
    )


APPROACH_DIGITS: Final = (1, 2, 3)
r"""The structured two-unit net is run at $a = 2 - 10^{-k}$ for these $k$: just inside $n\,w_{max} < 4$."""

SMALL_WEIGHT: Final = 0.2
"""A weight bound far below 4: the alternating net with this weight and more than 4 / SMALL_WEIGHT units."""

SMALL_UNITS: Final = 22
"""Units of the small-weight alternating net (even, above 4 / SMALL_WEIGHT)."""


MAX_PATH_LAG: Final = 16
"""The longest path {py:func}`answer_still_vanishes` checks (two-unit nets: $2^{q-1}$ paths)."""


def answer_still_vanishes(q_max: int = 8) -> Evidence:
    r"""A6: "by fixing (3.2) and sorting out the implications the result still holds (gradients are still vanishing)".

    After regrouping every bracket is a gain $g(w; y, c) \le |w|/4$, the leading weight is at most
    $w_{max}$ and the trailing slope at most $1/4$, so each path term is at most $(w_{max}/4)^q$, the bound
    of the paper's own reading. That settles one unit ($n = 1$, one path). For a net, the flow sums
    $n^{q-1}$ path terms:

    - the per-path bound is checked on the worst two-unit nets of
      {py:func}`~lstmnotes.regrouping.evidence_two_units.small_weight_search` and on the counter-example,
      where it is attained;
    - where $n\,w_{max} < 4$ (P13) every net the search tried has a decaying flow, and the step bound
      $\|F'\,W^{\mathsf T}\|_2 \le \sigma_{max}(W)/4$ holds at every step of the worst nets;
    - with weights merely below 4 the search finds nets whose flow does not vanish;
    - with any fixed weight bound the alternating net $W = a\,s s^{\mathsf T}$ of more than $4/a$
      units grows at its fixed point ($a$ = ``SMALL_WEIGHT``, ``SMALL_UNITS`` units).

    :param q_max: the longest path checked against the per-path bound, 1 to {py:data}`MAX_PATH_LAG`.
    :return: ``FALSE`` (the corrected form holds: per path, one unit, $n\,w_{max} < 4$ or
        $\sigma_{max}(W) < 4$; but small weights alone do not make the flow vanish) when all of these
        are as stated; ``CONDITIONAL`` when only weights near 4 break it; ``HOLDS`` when no net keeps
        its flow; ``UNCHECKABLE`` when the corrected form fails or the evidence contradicts itself.
    :raises TypeError: for a ``q_max`` that is not an integer.
    :raises ValueError: for one beyond its limits.
    """
    q_max = _count(q_max, "q_max", minimum=1, maximum=MAX_PATH_LAG)
    search = small_weight_search()
    nets = [np.array(W) for W in search.worst_weights]
    starts = [np.array(y) for y in search.worst_start]
    nets.append(COUNTER_WEIGHT * np.array([[1.0, -1.0], [-1.0, 1.0]]))
    starts.append(np.full(2, 0.5))
    ratio = 0.0
    for W, y0 in zip(nets, starts, strict=True):
        run = run_net(W, y0, q_max + 1)
        bound_w = float(np.abs(W).max())
        for q in range(1, q_max + 1):
            slopes = run.fprime(q_max + 1, q)
            for u, v in itertools.product(range(W.shape[0]), repeat=2):
                terms = np.abs(path_terms(W, slopes, u, v))
                ratio = max(ratio, float(terms.max()) / (bound_w / 4) ** q)
    per_path = ratio <= 1 + 1e-12
    below = [r for a, r in zip(search.sizes, search.worst_rate, strict=True) if search.n * a < 4]
    decays_under = bool(below) and max(below) < 1 and search.largest_step_norm_ratio <= 1 + 1e-12
    counter = search.smallest
    signs = np.where(np.arange(SMALL_UNITS) % 2 == 0, 1.0, -1.0)
    small_rate = _rate(SMALL_WEIGHT * np.outer(signs, signs), np.full(SMALL_UNITS, 0.5), 30)
    if not (per_path and decays_under):  # the corrected form the note names would be wrong
        verdict = Verdict.UNCHECKABLE
    elif counter is None:
        verdict = Verdict.HOLDS if small_rate < 1 else Verdict.UNCHECKABLE
    else:  # weights below 4 do not suffice; do small weights?
        verdict = Verdict.FALSE if small_rate > 1 else Verdict.CONDITIONAL
    flows = counter_example_flow(COUNTER_WEIGHT, max(COUNTER_LAGS))
    # no uniform margin below one under n w_max < 4: the structured net decays at a / 2 -> 1 as a -> 4/n
    approach = [2.0 - 10.0**-k for k in APPROACH_DIGITS]  # 4/n - 10^-k for n = 2
    approach_rates = [
        _rate(a * np.array([[1.0, -1.0], [-1.0, 1.0]]), np.full(2, 0.5), 30) for a in approach
    ]
    return Evidence(
        verdict,
        f"per path: the largest |path term| / (max|w|/4)^q over the worst searched nets and q <= "
        f"{q_max} is {ratio:.12f} (attained where every net input is 0); with n w_max < 4 the worst "
        f"two-unit rate is {max(below) if below else float('nan'):.4f} < 1 and "
        f"||F' W^T||_2 / (sigma_max/4) <= {search.largest_step_norm_ratio:.6f}; with weights merely "
        f"below 4 the flow stops vanishing from size {counter} on (at {COUNTER_WEIGHT}: "
        f"{flows[COUNTER_LAGS[0] - 1]:.4g} at lag {COUNTER_LAGS[0]}); no uniform margin under "
        f"n w_max < 4: at a = {approach[-1]} the rate is {approach_rates[-1]:.6f}; no weight bound "
        f"suffices for every n: {SMALL_UNITS} units with W = {SMALL_WEIGHT} s s^T (s alternating, from "
        f"y = 1/2) grow by {small_rate:.4f} a step",
        {
            "per_path_ratio": ratio,
            "q_max": q_max,
            "worst_rate_below": max(below) if below else None,
            "step_norm_ratio": search.largest_step_norm_ratio,
            "smallest_size": counter,
            "counter_flow": [float(flows[q - 1]) for q in COUNTER_LAGS],
            "small": {"weight": SMALL_WEIGHT, "units": SMALL_UNITS, "rate": small_rate},
            "approach": {
                "sizes": approach,
                "rates": approach_rates,
                "last_size": approach[-1],
                "last_rate": approach_rates[-1],
            },
        },
    )
