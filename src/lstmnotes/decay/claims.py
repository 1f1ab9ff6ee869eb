"""The claims of the measured-decay chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstmnotes.ledger import (
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []

# -- the measured decay of random logistic nets: geometric means against single nets ----------------------

DECAY_SCALES = tuple(float(w) for w in np.geomspace(0.25, 16.0, 13))
"""The weight scales the decay claims search: a factor √2 apart, the survey's scales among them."""


@register(
    "X50",
    statement="For random logistic nets of 8 units (weights uniform on [−w_max, w_max], random start, "
    "50 settling steps), the geometric mean over 20 nets of the largest error flow decays at every "
    "weight scale from 1/4 to 16.",
    source="the book's survey of measured decay",
    method="the survey's seed and three more, 13 scales a factor √2 apart: the largest fitted factor "
    "per step of the geometric mean",
    stated=Verdict.HOLDS,
)
def _x50() -> Evidence:
    from lstmnotes.decay.evidence_mean import mean_decay_search  # noqa: PLC0415
    from lstmnotes.decay.evidence_survey import SURVEY_SEED, decay_survey  # noqa: PLC0415

    search = mean_decay_search((SURVEY_SEED, 0, 1, 2), DECAY_SCALES)
    rate, seed, w_max = search.worst
    survey = decay_survey()
    slowest = max(survey, key=lambda c: c.rate)
    return Evidence(
        Verdict.HOLDS if rate < 1.0 else Verdict.FALSE,
        f"{len(search.seeds)} seeds × {search.scales.size} scales from {search.scales[0]:g} to "
        f"{search.scales[-1]:g} (n = {search.n}, {search.nets} nets, {search.q} lags): the largest fitted "
        f"factor of the geometric mean is {rate:.4f} (seed {seed}, w_max = {w_max:.3g}); in the "
        f"survey itself the slowest is {slowest.rate:.4f} at w_max = {slowest.w_max:g}.",
        {
            "n": search.n,
            "nets": search.nets,
            "q": search.q,
            "seeds": len(search.seeds),
            "scales": int(search.scales.size),
            "scale_min": float(search.scales[0]),
            "scale_max": float(search.scales[-1]),
            "worst_rate": rate,
            "worst_seed": seed,
            "worst_scale": w_max,
            "slowest_rate": slowest.rate,
            "slowest_scale": slowest.w_max,
        },
    )


@register(
    "X51",
    statement="Every single random logistic net of the survey's kind (8 units, weights uniform on "
    "[−w_max, w_max], random start, 50 settling steps) has an error flow that decays, at every weight "
    "scale of the survey.",
    source="a reading of the book's survey of measured decay",
    method="the survey's nets one by one (fitted factor per step of each net's largest flow over 40 "
    "lags); every net with a fitted factor above one followed again after 10,000 settling steps for "
    "2,000 lags (long-run factor per step, renormalised): refuted by a net whose long-run factor exceeds "
    "1 + 0.01",
    stated=Verdict.FALSE,
    note="Only the geometric mean decays at every scale (X50). Single nets of the survey need not: some "
    "grow in a long run. A fitted factor above one over 40 lags can also be marginal (long-run factor "
    "one to within 0.01). Outside the survey's protocol, one logistic unit with self-weight w_c ≈ −5.87 "
    "started at its fixed point keeps |flow| = 1; that fixed point attracts weakly, so from a random "
    "start its flow comes closer to one the longer it settles.",
)
def _x51() -> Evidence:
    from lstmnotes.decay import (  # noqa: PLC0415
        LONG_RUN_LAGS,
        LONG_RUN_MARGIN,
        LONG_RUN_SETTLE,
        long_run_rate,
    )
    from lstmnotes.decay.evidence_neutral import (  # noqa: PLC0415
        NEUTRAL_SETTLES,
        neutral_self_unit,
        neutral_unit_settling,
    )
    from lstmnotes.decay.evidence_survey import NEAR_ONE, decay_survey  # noqa: PLC0415

    survey = decay_survey()
    tallies: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    for index, curve in enumerate(survey):
        rates = curve.rates
        k = int(np.argmax(rates))
        tallies.append(
            {
                "w_max": curve.w_max,
                "near_one": int(np.sum(rates >= NEAR_ONE)),
                "fitted_above_one": int(np.sum(rates > 1.0)),
                "largest_net": k,
                "largest_rate": float(rates[k]),
                "largest_flow": float(curve.flows[k, -1]),
            }
        )
        for j in np.flatnonzero(rates > 1.0):
            long = long_run_rate(curve.weights[j], curve.starts[j])
            kind = (
                "grows"
                if long > 1 + LONG_RUN_MARGIN
                else "decays"
                if long < 1 - LONG_RUN_MARGIN
                else "marginal"
            )
            candidates.append(
                {
                    "scale_index": index,
                    "w_max": curve.w_max,
                    "net": int(j),
                    "fitted": float(rates[j]),
                    "flow": float(curve.flows[j, -1]),
                    "long_run": long,
                    "kind": kind,
                }
            )
    for t in tallies:
        at = [c for c in candidates if c["w_max"] == t["w_max"]]
        t["growing"] = sum(c["kind"] == "grows" for c in at)
        t["marginal"] = sum(c["kind"] == "marginal" for c in at)
    growing = [c for c in candidates if c["kind"] == "grows"]
    marginal = [c for c in candidates if c["kind"] == "marginal"]
    unit = neutral_self_unit()
    settled = neutral_unit_settling()
    nets = survey[0].flows.shape[0]
    q = int(survey[0].flows.shape[1])
    common = {
        "nets": nets,
        "n": survey[0].n,
        "q": q,
        "near_one_threshold": NEAR_ONE,
        "long_settle": LONG_RUN_SETTLE,
        "long_lags": LONG_RUN_LAGS,
        "margin": LONG_RUN_MARGIN,
        "tallies": tallies,
        "candidates": candidates,
        "marginal": marginal,
        "unit_weight": unit.weight,
        "unit_fixed_point": unit.fixed_point,
        "unit_factor": unit.factor,
        "unit_flow_min": float(unit.flow.min()),
        "unit_lags": int(unit.flow.size),
        "unit_settles": list(NEUTRAL_SETTLES),
        "unit_settled_flows": settled.tolist(),
    }
    if not growing:
        return Evidence(
            Verdict.UNCHECKABLE,
            f"no net of the survey ({nets} nets of {survey[0].n} units per scale) grows in a long run "
            f"({len(candidates)} with a fitted factor above one over {q} lags, long-run factors "
            + ", ".join(f"{c['long_run']:.5f}" for c in candidates)
            + "); the survey samples the claim's domain and cannot establish it.",
            common,
        )
    worst = max(growing, key=lambda c: c["long_run"])
    first = min(growing, key=lambda c: c["w_max"])
    return Evidence(
        Verdict.FALSE,
        f"survey ({nets} nets of {survey[0].n} units per scale): nets with a fitted factor ≥ {NEAR_ONE:g} "
        + ", ".join(f"{t['near_one']} at w_max = {t['w_max']:g}" for t in tallies if t["near_one"])
        + f". Nets with a fitted factor above one over {q} lags, followed after {LONG_RUN_SETTLE} "
        f"settling steps for {LONG_RUN_LAGS} lags: "
        + "; ".join(
            f"w_max = {c['w_max']:g} net {c['net']}: fitted {c['fitted']:.4f}, long-run "
            f"{c['long_run']:.5f} ({c['kind']})"
            for c in candidates
        )
        + f". The fastest long-run growth is {worst['long_run']:.4f} a step (w_max = {worst['w_max']:g}, "
        f"net {worst['net']}, flow {worst['flow']:.3g} at lag {q}). Outside the protocol: one unit, "
        f"w_c = {unit.weight:.6f}, started at y* = {unit.fixed_point:.7f}: factor {unit.factor:.15g}, "
        f"|flow| {unit.flow.min():.12f} to {unit.flow.max():.12f} over {unit.flow.size} lags; from a "
        "random start, |flow| at lag "
        f"{q} after "
        + ", ".join(
            f"{s} settling steps {f:.4g}" for s, f in zip(NEUTRAL_SETTLES, settled, strict=True)
        )
        + ".",
        {
            **common,
            "growing": len(growing),
            "first_scale": first["w_max"],
            "first_net": first["net"],
            "first_long_run": first["long_run"],
            "worst_rate": worst["fitted"],
            "worst_long_run": worst["long_run"],
            "worst_scale": worst["w_max"],
            "worst_net": worst["net"],
            "worst_flow": worst["flow"],
        },
    )


GROWTH_SIZES = (8, 16, 24, 32, 48, 64)
"""The net sizes at which X52 counts how often the geometric mean grows."""

GROWTH_SEEDS = tuple(range(8))
"""The seeds (each one draw of 20 nets per scale) X52 tries at every size."""


@register(
    "X52",
    statement="The geometric mean over 20 random logistic nets of the largest error flow decays at "
    "every weight scale whatever the number of units.",
    source="a reading of the book's survey of measured decay",
    method="net sizes 8, 16, 24, 32, 48, 64, eight seeds (each a draw of 20 nets) and 13 scales from 1/4 "
    "to 16 at each size: the share of seeds whose geometric mean grows; refuted when at the largest "
    "size more than half the seeds grow at some scale",
    stated=Verdict.FALSE,
    note="The survey's decay is a property of small nets: as the number of units grows, the geometric "
    "mean grows for more and more draws, at moderate to large weight scales.",
)
def _x52() -> Evidence:
    from lstmnotes.decay.evidence_mean import growth_shares  # noqa: PLC0415
    from lstmnotes.decay.evidence_survey import SURVEY_NETS  # noqa: PLC0415

    g = growth_shares(GROWTH_SIZES, GROWTH_SEEDS, DECAY_SCALES)
    seeds = len(g.seeds)
    per_size = []
    for index, n in enumerate(g.sizes):
        scale, share = g.best(index)
        j = int(np.flatnonzero(g.scales == scale)[0])
        per_size.append(
            {
                "n": n,
                "scale": scale,
                "growing": round(share * seeds),
                "median_rate_at_scale": float(np.median(g.rates[index, :, j])),
                "largest_rate_at_scale": float(g.rates[index, :, j].max()),
                "largest_rate_any_scale": float(g.rates[index].max()),
            }
        )
    text = ", ".join(f"{p['growing']}/{seeds} at n = {p['n']}" for p in per_size)
    low = g.smallest_majority_scale(len(g.sizes) - 1)
    large_n = g.sizes[-1]
    if low is None:
        return Evidence(
            Verdict.UNCHECKABLE,
            f"at n = {large_n} no scale has more than half of {seeds} seeds with a growing geometric mean "
            f"(most seeds growing at the best scale, per size: {text}).",
            {"per_size": per_size, "seeds": seeds},
        )
    j = int(np.flatnonzero(g.scales == low[0])[0])
    low_rates = g.rates[-1, :, j]
    return Evidence(
        Verdict.FALSE,
        f"{seeds} seeds × {g.scales.size} scales per size; seeds whose geometric mean grows at the "
        f"size's best scale: {text}. At n = {large_n} more than half the seeds grow from w_max = "
        f"{low[0]:.3g} on ({round(low[1] * seeds)}/{seeds} there, median factor "
        f"{float(np.median(low_rates)):.4f}), every weight at most {low[0]:.3g} in size.",
        {
            "seeds": seeds,
            "nets": SURVEY_NETS,
            "per_size": per_size,
            "growing_text": text,
            "sizes_text": ", ".join(map(str, g.sizes)),
            "large_n": large_n,
            "large_low_scale": low[0],
            "large_low_growing": round(low[1] * seeds),
            "large_low_median": float(np.median(low_rates)),
        },
    )
