"""The weak-bound chapter's claims on the bound itself, each registered with the check that decides it afresh.

The weak bound for every norm pair (P12, X41), how close a flow comes to it (X43) and the compatibility
step of its derivation (slip 5). Every check calls the library (no mathematics is written twice) and
returns an {py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger
collects this module with {py:mod}`lstmnotes.bounds.claims_matrix_form`,
{py:mod}`lstmnotes.bounds.claims_tau` and the claims of every other part.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.ledger import (
    PAPER,
    Evidence,
    Verdict,
    counterexample_or_none,
    matrix_text,
    register,
)

__all__: list[str] = []


@register(
    "S5",
    statement="Reported slip: e_u W should be e_u^T W, and ‖e_u^T W‖ ≤ ‖W‖_A ‖e_u‖ does not follow "
    "from compatibility in general.",
    source="readers of §3.1",
    method="sympy: the shape of e_u W; exhaustive search over 0/1 matrices (n = 2, 3) for the common norm "
    "pairs, reporting each pair's largest ratio",
    stated=Verdict.HOLDS,
)
def _s5() -> Evidence:
    from lstmnotes.bounds.evidence_norm_pairs import (  # noqa: PLC0415
        COMPATIBILITY_UNITS,
        compatibility_counterexample,
        e_u_times_W_defined,
    )

    defined = [n for n in (2, 3) if e_u_times_W_defined(n)]
    if defined:
        return Evidence(
            Verdict.FALSE,
            f"e_u W is defined for n = {defined}: the notation needs no transpose",
            {"defined_for": defined},
        )
    e = counterexample_or_none(compatibility_counterexample)
    if e is None or e.step_holds:
        return Evidence(
            Verdict.UNCHECKABLE,
            "e_u W is undefined for n = 2, 3, but ‖e_u^T W‖ ≤ ‖W‖_A ‖e_u‖ held for every common norm "
            "pair on every 0/1 matrix searched (n = 2, 3): the search decides nothing about the step",
        )
    return Evidence(
        Verdict.HOLDS,
        f"e_u W is undefined for n = 2, 3 (sympy: shape mismatch); {e.norm} pair, W = {matrix_text(e.W)}, "
        f"u = {e.u + 1}: ‖e_u^T W‖ = {e.row_norm:g} > ‖W‖_A ‖e_u‖ = {e.matrix_norm:g}; largest ratio "
        f"per pair {e.worst_ratio}; the step holds for {', '.join(e.step_holds_for)}",
        {"norm": e.norm, "row_norm": e.row_norm, "matrix_norm": e.matrix_norm, "u": e.u + 1,
         "v": e.v + 1, "q": e.q, "slope": e.slope, "flow": e.flow, "middle": e.middle,
         "bound": e.bound, "worst_ratio": e.worst_ratio, "holds_for": ", ".join(e.step_holds_for),
         "units": " and ".join(str(n) for n in COMPATIBILITY_UNITS)},
    )  # fmt: skip


@register(
    "P12",
    statement="The weak bound |∂ϑ_v(t-q)/∂ϑ_u(t)| ≤ n (f'_max ‖W‖_A)^q holds for any matrix norm "
    "compatible with a vector norm ‖·‖_x that satisfies max_i |x_i| ≤ ‖x‖_x.",
    source=PAPER + ", weak upper bound",
    method="adversarial search (structured sign patterns up to n = 128, random logistic nets, coordinate "
    "search) for four norm pairs; random survey of the chain; search for a weighted max-norm pair "
    "d = (1, K) on 0/1 nets of two identity units, in the order lag q = 2..4, then K = 1..10, then W "
    "(fewest ones first), reporting the first case found: the smallest lag with one, and the smallest K "
    "at that lag (not the smallest K overall)",
    stated=Verdict.FALSE,
    note="Corrected: the final bound holds for the paper's max-row-sum / max-norm pair and for the 1-, 2- "
    "and Frobenius norms (X41 even drops the factor n; for the 1-norm the middle of the two-step chain can "
    "exceed it, S5). A weighted max norm, compatible and with max |x_i| ≤ ‖x‖ as the paper requires, "
    "breaks it.",
)
def _p12() -> Evidence:
    from lstmnotes.bounds._norms import NORM_PAIRS  # noqa: PLC0415
    from lstmnotes.bounds.evidence_norm_pairs import (  # noqa: PLC0415
        WEIGHTED_LAGS,
        WEIGHTED_UNITS,
        weak_bound_counterexample,
    )
    from lstmnotes.bounds.evidence_weak import weak_bound_search, weak_bound_survey  # noqa: PLC0415

    search = weak_bound_search(np.random.default_rng(12))
    survey = weak_bound_survey(np.random.default_rng(12), nets=60)
    broken = [
        name for name in NORM_PAIRS if not search.holds(name) or survey.bound_violations[name]
    ]
    worst = {name: round(search.worst[name].ratio, 12) for name in NORM_PAIRS}
    data = {
        "search": {k: v for k, v in search.summary_data().items() if k in NORM_PAIRS},
        "candidates": search.candidates,
        "largest_n": search.largest_n,
        "survey": {"nets": survey.nets, "checks": survey.checks,
                   "violations": survey.bound_violations, "first": survey.first_violations,
                   "second": survey.second_violations, "worst_ratio": survey.worst_ratio,
                   "units": list(survey.units), "lags": list(survey.lags),
                   "w_max": max(survey.weight_scales),
                   "paper_violations": survey.bound_violations["max-row-sum"]
                   + survey.first_violations["max-row-sum"] + survey.second_violations["max-row-sum"],
                   "final_violations": sum(survey.bound_violations.values())},
    }  # fmt: skip
    searched = (
        f"{sum(search.candidates.values())} candidates ({search.candidates}), n up to "
        f"{search.largest_n}: worst flow / bound per pair {worst}"
    )
    if broken:  # the corrected form the note names would be wrong too
        return Evidence(
            Verdict.UNCHECKABLE,
            f"the bound fails even for the common pair(s) {broken}; {searched}",
            data,
        )
    counter = counterexample_or_none(weak_bound_counterexample)
    if counter is None or counter.bound_holds:
        return Evidence(
            Verdict.UNCHECKABLE,
            f"{searched}; no weighted max norm d = (1, K ≤ 10) breaks the bound on 0/1 nets (q ≤ 4), so "
            "'any compatible pair' is neither shown nor refuted",
            data,
        )
    data["counter"] = {
        "d": list(counter.d), "W": counter.W, "q": counter.q, "u": counter.u + 1,
        "v": counter.v + 1, "flow": str(counter.flow), "bound": str(counter.bound),
        "bound_float": float(counter.bound), "W_norm": str(counter.W_norm),
        "W_v_norm": str(counter.W_v_norm), "K_max": 10, "units": WEIGHTED_UNITS,
        "lags": list(WEIGHTED_LAGS),
    }  # fmt: skip
    return Evidence(
        Verdict.FALSE,
        f"common pairs: {searched}, no violation; weighted max norm d = {counter.d}, W = "
        f"{matrix_text(counter.W)}, q = {counter.q}: flow {counter.flow} > bound {counter.bound}",
        data,
    )


@register(
    "X41",
    statement="For the max-row-sum, max-column-sum, spectral and Frobenius pairs the flow is at most "
    "(f'_max ‖W‖_A)^q, without the factor n of the weak bound.",
    source="the book, from the matrix form (P11)",
    method="proof: every entry of a matrix is at most these norms, which are submultiplicative; "
    "adversarial search as for P12",
    stated=Verdict.HOLDS,
)
def _x41() -> Evidence:
    from lstmnotes.bounds._norms import NORM_PAIRS  # noqa: PLC0415
    from lstmnotes.bounds.evidence_weak import weak_bound_search  # noqa: PLC0415

    search = weak_bound_search(np.random.default_rng(41), nets=30, climbs=1)
    keys = [name + "-without-n" for name in NORM_PAIRS]
    worst = {key: round(search.worst[key].ratio, 12) for key in keys}
    data = {"worst": worst, "total": sum(search.candidates.values()),
            "largest_n": search.largest_n,
            "violations": sum(search.violations[key] for key in keys)}  # fmt: skip
    summary = (
        f"{data['total']} candidates ({search.candidates}), n up to {search.largest_n}: largest flow / "
        f"(f'_max ‖W‖_A)^q per pair {worst}"
    )
    if data["violations"]:
        return Evidence(Verdict.FALSE, f"{data['violations']} violations; {summary}", data)
    return Evidence(Verdict.HOLDS, f"no violation; {summary}", data)


@register(
    "X43",
    statement="For n ≥ 2 units and the four common norm pairs, the flow is at most a fraction 1/n of the "
    "weak bound n (f'_max ‖W‖_A)^q, even with every slope maximal and all paths of the same sign, so a "
    "non-zero weak bound is never reached. With logistic units the fraction 1/n is attained for every n "
    "for the max-row-sum, max-column-sum and spectral pairs (W = wI started at its fixed point); for the "
    "Frobenius pair it is a supremum that logistic runs approach but never reach (it is attained only "
    "with the other units' slopes exactly 0).",
    source="the book, on the paper's remark that the bound is reached only if every ‖F'‖ is maximal and "
    "all paths have the same sign",
    method="corollary of X41; adversarial search as for P12 (structured slopes ±1/4, random logistic "
    "runs, coordinate search with slopes in [-1, 1], a superset of [0, 1/4]) restricted to n ≥ 2 "
    "(n times flow / bound); the logistic net W = wI from its fixed point for n up to 128; for Frobenius: "
    "two-unit logistic nets at fixed points approaching 1/n, the free-slope case (slope 1/4 on one "
    "self-connection, 0 elsewhere) reaching it, and the proof that positive slopes keep it strictly below "
    "(‖F'‖_2 = max s_i < ‖F'‖_F); the same-sign case (every weight equal, every slope 1/4)",
    stated=Verdict.HOLDS,
    note="The paper's 'reached only if every ‖F'‖ is maximal and all paths have the same sign' is a "
    "necessary condition for a non-zero bound (W = 0 gives flow 0 = bound with any slopes), true but "
    "vacuous for n ≥ 2; it is not sufficient (the same-sign net with maximal slopes stays at 1/n² of the "
    "bound for the max-row-sum pair). For n = 1 a non-zero bound is reached exactly when the slope has "
    "size f'_max at every step.",
)
def _x43() -> Evidence:
    from lstmnotes.bounds._norms import NORM_PAIRS  # noqa: PLC0415
    from lstmnotes.bounds.evidence_attainment import (  # noqa: PLC0415
        FIXED_POINT_LAG,
        FIXED_POINT_WEIGHT,
        FROBENIUS_APPROACH,
        FROBENIUS_LAG,
        fixed_point_ratios,
        frobenius_approach,
        self_connection_ratios,
    )
    from lstmnotes.bounds.evidence_tau import uniform_net_ratios  # noqa: PLC0415
    from lstmnotes.bounds.evidence_weak import weak_bound_search  # noqa: PLC0415

    search = weak_bound_search(np.random.default_rng(43), nets=30, climbs=1)
    multi = {name: search.worst_multi[name + "-without-n"] for name in NORM_PAIRS}
    worst = {name: round(case.ratio, 12) for name, case in multi.items()}
    three = [name for name in NORM_PAIRS if name != "frobenius"]
    fixed = fixed_point_ratios()
    fixed_reached = {name: min(fixed[name].values()) for name in three}
    attained = all(abs(r - 1) <= 1e-9 for name in three for r in fixed[name].values())
    approach = frobenius_approach()
    free = self_connection_ratios()["frobenius"]
    free_reached = all(abs(r - 1) <= 1e-9 for r in free.values())
    # a supremum, not a maximum: logistic values below one, rising, the last within 1e-6 of it
    supremum = (
        all(r < 1 for r in approach)
        and approach == sorted(set(approach))
        and approach[-1] > 1 - 1e-6
        and max(fixed["frobenius"].values()) < 1
    )
    same_sign = uniform_net_ratios()
    data = {"worst": worst, "worst_n": {name: case.n for name, case in multi.items()},
            "total": sum(search.candidates.values()), "largest_n": search.largest_n,
            "violations": sum(1 for r in worst.values() if r > 1 + 1e-9),
            "fixed_point": {"weight": FIXED_POINT_WEIGHT, "n": list(fixed["spectral"]),
                            "n_max": max(fixed["spectral"]), "q": FIXED_POINT_LAG,
                            "reached": fixed_reached,
                            "frobenius": {str(n): r for n, r in fixed["frobenius"].items()}},
            "approach": {"cases": [list(c) for c in FROBENIUS_APPROACH], "q": FROBENIUS_LAG,
                         "ratios": approach, "gaps": [1 - r for r in approach]},
            "free_slope_reached": min(free.values()),
            "same_sign": {str(n): r[2] for n, r in same_sign.items() if n > 1},
            "same_sign_n": 2, "same_sign_two": same_sign[2][2]}  # fmt: skip
    summary = (
        f"{data['total']} candidates, n up to {search.largest_n}; among n ≥ 2 the largest n·flow / "
        f"(n (f'_max ‖W‖_A)^q) per pair is {worst}; logistic W = {FIXED_POINT_WEIGHT:g}·I from its fixed "
        f"point reaches 1/n for n = {list(fixed['spectral'])} ({fixed_reached}); Frobenius: logistic "
        f"two-unit nets {FROBENIUS_APPROACH} give {approach}, free slopes (0 off the self-connection) give "
        f"{min(free.values())}; the same-sign net with slopes 1/4 has flow / bound {data['same_sign']} "
        "(max-row-sum)"
    )
    if data["violations"]:
        return Evidence(Verdict.FALSE, f"a flow above 1/n of the bound; {summary}", data)
    if not attained:
        return Evidence(Verdict.FALSE, f"1/n is not attained by W = wI; {summary}", data)
    if not (supremum and free_reached):
        return Evidence(
            Verdict.FALSE, f"for Frobenius 1/n is not shown to be a supremum only; {summary}", data
        )
    return Evidence(Verdict.HOLDS, f"no violation; {summary}", data)
