"""The claims of the later-conditions chapter, each registered with the check that decides it afresh.

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

_BOUND_TOLERANCE = 1e-12
"""Relative rounding allowed when a computed norm is compared with the bound it may reach with equality."""


def _condition_search() -> Any:
    from lstmnotes.later.evidence_search import norm_bound_search  # noqa: PLC0415

    return norm_bound_search(np.random.default_rng(4))


@register(
    "X4",
    statement="With ‖diag(f')‖ ≤ γ, a largest singular value of W below 1/γ suffices for the error "
    "flow to vanish: ‖M_q‖₂ ≤ (γ σ_max(W))^q.",
    source="Pascanu, Mikolov & Bengio 2013",
    method="adversarial search for ‖M_q‖₂ > (γ σ_max)^q: structured, random and locally optimised weights "
    "and slopes (γ = 1/4 and 1, n = 1 to 16); the book's survey of random nets run forward",
    stated=Verdict.HOLDS,
)
def _x4() -> Evidence:
    from lstmnotes.later.evidence_checks import vanishing_survey  # noqa: PLC0415

    search = _condition_search()
    surveys = {a: vanishing_survey(a) for a in ("logistic", "tanh")}
    worst = max(search.worst_ratio, *(c.worst_ratio for c in surveys.values()))
    if worst > 1 + _BOUND_TOLERANCE:
        verdict = Verdict.FALSE
    elif search.attained >= 1 - _BOUND_TOLERANCE:
        verdict = Verdict.HOLDS
    else:  # the search never reached the bound: it could not have found a case beyond it
        verdict = Verdict.UNCHECKABLE
    case = search.worst_case
    logistic = surveys["logistic"]
    return Evidence(
        verdict,
        f"{search.candidates} (weights, slopes, lag) candidates with slopes in [0, γ] (n = "
        f"{', '.join(map(str, search.sizes))}; lags up to {search.q}): largest ‖M_q‖₂ / (γ σ_max)^q "
        f"{search.worst_ratio:.15g} ({case['kind']}, n = {case['n']}, lag {case['lag']}); the "
        f"scaled orthogonal W with every slope at γ reaches {search.attained:.15g}. Survey of "
        f"{logistic.nets} random nets per activation run forward: largest ratio "
        f"{surveys['logistic'].worst_ratio:.3g} (logistic), {surveys['tanh'].worst_ratio:.3g} (tanh). A "
        f"ratio counts as above 1 only beyond the rounding allowance {_BOUND_TOLERANCE:g}.",
        {
            "candidates": search.candidates,
            "sizes": list(search.sizes),
            "search_q": search.q,
            "worst_ratio": search.worst_ratio,
            "worst_kind": case["kind"],
            "worst_n": case["n"],
            "attained": search.attained,
            "nets": logistic.nets,
            "q": logistic.q,
            "low": logistic.drawn[0],
            "survey_worst": {a: c.worst_ratio for a, c in surveys.items()},
            "survey_final": {a: float(c.final_norm.max()) for a, c in surveys.items()},
        },
    )


@register(
    "X5",
    statement="A largest singular value of W above 1/γ is necessary for the error flow to explode "
    "(a flow norm above one at some lag).",
    source="Pascanu, Mikolov & Bengio 2013",
    method="adversarial search for ‖M_q‖₂ > 1 with γ σ_max ≤ 1 (as X4); the book's survey of random "
    "tanh and logistic nets run forward: where the exploding nets lie",
    stated=Verdict.HOLDS,
)
def _x5() -> Evidence:
    from lstmnotes.later.evidence_checks import exploding_survey  # noqa: PLC0415

    search = _condition_search()
    surveys = {a: exploding_survey(a) for a in ("tanh", "logistic")}
    below = [int(np.sum((c.final_norm > 1.0) & (c.sigma_gamma <= 1.0))) for c in surveys.values()]
    if search.largest_below > 1 + _BOUND_TOLERANCE or any(below):
        verdict = Verdict.FALSE
    elif search.attained >= 1 - _BOUND_TOLERANCE:
        verdict = Verdict.HOLDS
    else:
        verdict = Verdict.UNCHECKABLE
    tanh = surveys["tanh"]
    exploding = tanh.final_norm > 1.0
    smallest = float(tanh.sigma_gamma[exploding].min()) if exploding.any() else float("nan")
    case = search.largest_below_case
    return Evidence(
        verdict,
        f"search ({search.candidates} candidates, every one with γ σ_max ≤ 1): largest ‖M_q‖₂ "
        f"{search.largest_below:.15g} ({case['kind']}, n = {case['n']}). Survey of {tanh.nets} random "
        f"nets per activation with γ σ_max in [{tanh.drawn[0]:g}, {tanh.drawn[1]:g}]: "
        f"{tanh.exploding} tanh and {surveys['logistic'].exploding} logistic nets had ‖M_{tanh.q}‖₂ > 1, "
        f"{sum(below)} of them with γ σ_max ≤ 1 (smallest γ σ_max of an exploding tanh net "
        f"{smallest:.3g}); {tanh.large_but_not_exploding} tanh and "
        f"{surveys['logistic'].large_but_not_exploding} logistic nets with γ σ_max > 1 did not explode "
        f"(necessary, not sufficient). A norm counts as above 1 only beyond the rounding allowance "
        f"{_BOUND_TOLERANCE:g}.",
        {
            "candidates": search.candidates,
            "largest_below": search.largest_below,
            "nets": tanh.nets,
            "q": tanh.q,
            "low": tanh.drawn[0],
            "high": tanh.drawn[1],
            "exploding": {a: c.exploding for a, c in surveys.items()},
            "exploding_below": sum(below),
            "smallest_exploding_tanh": smallest,
            "large_not_exploding": {a: c.large_but_not_exploding for a, c in surveys.items()},
            "exploding_small_radius": {
                a: c.exploding_with_small_radius for a, c in surveys.items()
            },
        },
    )


@register(
    "X6",
    statement="The same conditions hold with the spectral radius of W in place of its largest singular "
    "value.",
    source="a common reading of Pascanu, Mikolov & Bengio 2013",
    method="exhibited counter-examples: a nilpotent 2 × 2 W with stated constant slopes (the fewest "
    "units; one unit has ρ = σ_max); bias-free nets of three tanh and of three logistic units with integer "
    "W, W³ = 0 exactly, run forward from 200 random starts each (the share of starts with ‖M₃₀‖₂ > 1, and "
    "a long-run factor per step over 2,000 lags); a forward run of two logistic units with biases started "
    "at an unstable fixed point; two tanh units at rest (a flow norm above one at lag one, then zero)",
    stated=Verdict.FALSE,
    note="The condition needs the largest singular value; a spectral radius below 1/γ does not stop "
    "the flow from growing without end, with held slopes, in bias-free forward runs from random starts, "
    "or at a biased fixed point.",
)
def _x6() -> Evidence:
    from lstmnotes.decay import LONG_RUN_LAGS, LONG_RUN_MARGIN, LONG_RUN_SETTLE  # noqa: PLC0415
    from lstmnotes.later import GAMMA  # noqa: PLC0415
    from lstmnotes.later.evidence_spectral import (  # noqa: PLC0415
        biased_fixed_point_counterexample,
        nilpotent_forward_counterexample,
        spectral_radius_counterexample,
    )

    r = spectral_radius_counterexample()
    e = biased_fixed_point_counterexample()
    biased_grows = bool(
        GAMMA["logistic"] * e.rho < 1 and e.flow[-1] > 1 and np.all(np.diff(e.flow) > 0)
    )
    forward = {a: nilpotent_forward_counterexample(a) for a in ("tanh", "logistic")}
    forward_data = {}
    for a, f in forward.items():
        grown = f.norms[f.norms > 1.0]
        forward_data[a] = {
            "weights": f.weights.astype(int).tolist(),
            "power": f.power,
            "rho": f.rho,
            "gamma_rho": f.gamma * f.rho,
            "threshold": 1.0 / f.gamma,
            "sigma_max": f.sigma_max,
            "starts": int(f.norms.size),
            "growing": f.growing,
            "q": f.q,
            "settle": f.settle,
            "smallest_growing": float(grown.min()) if grown.size else 0.0,
            "median": float(np.median(f.norms)),
            "long_starts": int(f.long_rates.size),
            "long_lags": LONG_RUN_LAGS,
            "long_settle": LONG_RUN_SETTLE,
            "long_min": float(f.long_rates.min()) if f.long_rates.size else 0.0,
            "long_max": float(f.long_rates.max()) if f.long_rates.size else 0.0,
        }
    forward_grows = any(
        f.power > 0
        and f.gamma * f.rho < 1
        and 2 * f.growing > f.norms.size
        and f.long_rates.size > 0
        and float(f.long_rates.min()) > 1 + LONG_RUN_MARGIN
        for f in forward.values()
    )
    verdict = (
        Verdict.FALSE
        if (Verdict(r.verdict) is Verdict.FALSE or biased_grows or forward_grows)
        else Verdict(r.verdict)
    )
    forward_text = " ".join(
        f"Bias-free {a}, W = {d['weights']} (W^{d['power']} = 0 in integers, rho = {d['rho']:.1e}, "
        f"sigma_max = {d['sigma_max']:.3g}): {d['growing']} of {d['starts']} random starts settled "
        f"{d['settle']} steps have ||M_{d['q']}|| > 1 (smallest {d['smallest_growing']:.3g}, median "
        f"{d['median']:.3g}); long-run factor {d['long_min']:.4f} to {d['long_max']:.4f} per step over "
        f"{d['long_lags']} lags ({d['long_starts']} starts)."
        for a, d in forward_data.items()
    )
    return Evidence(
        verdict,
        r.summary
        + " "
        + forward_text
        + f" Forward run with biases: W = {e.weights[0, 0]:g} * [[1, 1], [-1, -1]], b = "
        f"({e.biases[0]:.6g}, {e.biases[1]:.6g}), started at the fixed point y* = ({e.fixed_point[0]:g}, "
        f"{e.fixed_point[1]:.9g}) (slopes {e.slopes[0]:g}, {e.slopes[1]:.3g}); rho(W) = {e.rho:.1e}; "
        f"the flow norm grows by {e.rate:.6g} a step to {e.flow[-1]:.3g} at q = {e.flow.size}; the run "
        f"stays within {e.tolerance:g} of y* for {e.stays} steps (largest drift over the flow's steps "
        f"{e.drift:g}).",
        {
            "scale": r.scale,
            "rho": r.rho,
            "sigma_max": r.sigma_max,
            "nets": r.nets.tolist(),
            "slopes": r.slopes.tolist(),
            "rate": r.rate,
            "q": int(r.flow.size),
            "last": float(r.flow[-1]),
            "one_unit_gap": r.one_unit_gap,
            "shift_weight": r.shift_weight,
            "minimal_shift_flow": r.minimal_shift_flow,
            "shift_n": int(r.shift_weights.shape[0]),
            "shift_peak": float(r.shift_flow.max()),
            "shift_flows": r.shift_flow.tolist(),
            "forward": forward_data,
            "biased": {
                "scale": float(e.weights[0, 0]),
                "biases": e.biases.tolist(),
                "fixed_point": e.fixed_point.tolist(),
                "nets": e.nets.tolist(),
                "slopes": e.slopes.tolist(),
                "rho": e.rho,
                "rate": e.rate,
                "q": int(e.flow.size),
                "first": float(e.flow[0]),
                "last": float(e.flow[-1]),
                "stays": e.stays,
                "tolerance": e.tolerance,
                "drift": e.drift,
            },
        },
    )
