"""The claims of the weak-bound chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

from typing import Any

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
    "P11",
    statement="The paper's matrix form (W_{u^T})^T F'(t-1) Π (W F'(t-m)) W_v f'_v(net_v(t-q)) equals "
    "the scaling factor.",
    source=PAPER + ", weak upper bound",
    method="symbolic: sympy compares every entry for n ≤ 3, 2 ≤ q ≤ 4",
    stated=Verdict.HOLDS,
)
def _p11() -> Evidence:
    from lstmnotes.bounds.evidence_matrix_form import matrix_form_agreement  # noqa: PLC0415

    agreement = matrix_form_agreement()
    return Evidence(
        Verdict.HOLDS if agreement.all_equal else Verdict.FALSE,
        f"identical for every (u, v) in all {len(agreement.cases)} cases (n, q)",
        {
            "cases": [list(case) for case in agreement.cases],
            "count": len(agreement.cases),
            "n_max": max(n for n, _ in agreement.cases),
            "q_min": min(q for _, q in agreement.cases),
            "q_max": max(q for _, q in agreement.cases),
        },
    )


@register(
    "S4",
    statement="Reported slip: read literally, '[A]_ij is the element in the i-th column and j-th row' "
    "contradicts W_v = W e_v (v's outgoing weights) and changes the flow of the matrix form.",
    source="readers of §3.1",
    method="the literal W e_v against W_v on every (single-weight matrix, v) case, n ≤ 3 (both are "
    "linear in W); "
    "exhaustive search for the smallest net where the literal reading changes the flow",
    stated=Verdict.HOLDS,
)
def _s4() -> Evidence:
    from lstmnotes.bounds.evidence_matrix_form import (  # noqa: PLC0415
        column_row_contradictions,
        column_row_reading_counterexample,
    )

    differ, cases = column_row_contradictions()
    if differ == 0:
        return Evidence(
            Verdict.FALSE,
            f"the literal W e_v equals W_v in all {cases} (single-weight matrix, v) cases (n ≤ 3), hence, "
            "by "
            "linearity, on every matrix: no contradiction",
            {"contradictions": differ, "basis_cases": cases},
        )
    e = counterexample_or_none(column_row_reading_counterexample)
    if e is None or e.reading_consistent:
        return Evidence(
            Verdict.UNCHECKABLE,
            f"the literal W e_v differs from W_v in {differ} of {cases} (single-weight matrix, v) cases, "
            "but no "
            "0/1 net searched (n = 2, 3; q = 2, 3, 4) shows a changed flow",
            {"contradictions": differ, "basis_cases": cases},
        )
    return Evidence(
        Verdict.HOLDS,
        f"the literal W e_v differs from W_v in {differ} of {cases} (single-weight matrix, v) cases; W = "
        f"{matrix_text(e.W)}: the paper's W_v = {e.paper_W_v}, the literal W e_v = {e.W_e_v_column_row}; for "
        f"W = {matrix_text(e.flow_W)}, q = {e.q}, u = {e.flow_u + 1}, v = {e.flow_v + 1} it gives flow "
        f"{e.column_row_flow:g} instead of {e.true_flow:g}",
        {"contradictions": differ, "basis_cases": cases, "true_flow": e.true_flow,
         "literal_flow": e.column_row_flow, "q": e.q, "u": e.flow_u + 1, "v": e.flow_v + 1,
         "example_v": e.v + 1},
    )  # fmt: skip


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
    from lstmnotes.bounds._weak import NORM_PAIRS  # noqa: PLC0415
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
    from lstmnotes.bounds._weak import NORM_PAIRS  # noqa: PLC0415
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
    "X42",
    statement="If every |w_ij| ≤ w_max and every slope has size at most 1/4, the flow from u to v is at "
    "most τ^q / n = n^(q-1) (w_max/4)^q, and the global flow over k output units at most k τ^q / n; "
    "every weight w_max with every slope 1/4 attains both.",
    source="the book, from the corrected path sum (A5)",
    method="proof: n^(q-1) path terms, each of size at most (w_max/4)^q; adversarial search (sign "
    "patterns at several w_max up to n = 128, logistic runs, random signed slopes, coordinate search); "
    "the equality case evaluated for every n searched",
    stated=Verdict.HOLDS,
    note="A factor n² below P13's n τ^q: under P13's condition the flow is at most a fraction 1/n² of "
    "n τ^q, and that fraction is reached.",
)
def _x42() -> Evidence:
    from lstmnotes.bounds.evidence_tau import path_count_search, uniform_net_ratios  # noqa: PLC0415

    search = path_count_search(np.random.default_rng(42))
    equal = uniform_net_ratios()
    data = {"worst": search.summary_data(), "candidates": search.candidates,
            "total": sum(search.candidates.values()), "largest_n": search.largest_n,
            "violations": search.violations["local"] + search.violations["global"],
            "uniform": {str(n): r for n, r in equal.items()},
            "uniform_n": list(equal), "uniform_q": 8,
            "two_units_fraction": equal[2][2] if 2 in equal else None}  # fmt: skip
    summary = (
        f"{data['total']} candidates ({search.candidates}), n up to {search.largest_n}: largest flow / "
        f"(τ^q/n) {search.worst['local'].ratio:.12g}, largest global / (k τ^q/n) "
        f"{search.worst['global'].ratio:.12g}; all weights w_max, slopes 1/4: ratios {equal}"
    )
    if data["violations"]:
        return Evidence(Verdict.FALSE, f"{data['violations']} violations; {summary}", data)
    attained = all(abs(r[0] - 1) <= 1e-9 and abs(r[1] - 1) <= 1e-9 for r in equal.values())
    if not attained:
        return Evidence(
            Verdict.FALSE,
            f"no violation, but the stated equality case misses the bound; {summary}",
            data,
        )
    return Evidence(Verdict.HOLDS, f"no violation, equality case attained; {summary}", data)


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
    from lstmnotes.bounds._weak import NORM_PAIRS  # noqa: PLC0415
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


def _tau_search() -> Any:
    """The adversarial search of P13 and P17 (both bounds in one run)."""
    from lstmnotes.bounds.evidence_tau import tau_bound_search  # noqa: PLC0415

    return tau_bound_search(np.random.default_rng(13))


@register(
    "P13",
    statement="If every |w_ij| ≤ w_max < 4/n, the flow is at most n τ^q with τ = n w_max / 4 < 1.",
    source=PAPER + ", weak upper bound",
    method="adversarial search over |w_ij| ≤ w_max < 4/n and slopes in [0, 1/4]: sign patterns at "
    "w_max up to n = 128, random logistic nets, coordinate search",
    stated=Verdict.HOLDS,
)
def _p13() -> Evidence:
    search = _tau_search()
    case = search.worst["local"]
    data = {"worst": search.summary_data()["local"], "candidates": search.candidates,
            "total": sum(search.candidates.values()), "largest_n": search.largest_n,
            "violations": search.violations["local"]}  # fmt: skip
    covered = (
        f"{data['total']} candidates ({search.candidates}), n up to {search.largest_n}: largest flow / "
        f"(n τ^q) {case.ratio:.12g} ({case.kind}, n = {case.n}, q = {case.q})"
    )
    if search.holds("local"):
        return Evidence(Verdict.HOLDS, f"no violation among {covered}", data)
    return Evidence(Verdict.FALSE, f"{search.violations['local']} violations among {covered}", data)


@register(
    "P17",
    statement="Summing the local flow over all output units shows that the global flow vanishes too.",
    source=PAPER + ", global error flow",
    method="adversarial search of |Σ_{u output} ∂ϑ_v(t-q)/∂ϑ_u(t)| / (k n τ^q) over P13's domain "
    "(k outputs); a logistic net with weights below 4 outside it",
    stated=Verdict.CONDITIONAL,
    note="Holds wherever every local flow vanishes, as under P13's condition w_max < 4/n, where the "
    "global flow over k output units is at most k n τ^q (a sum of k vanishing terms; cancellation can "
    "only help), and in fact at most k τ^q / n (each local flow is at most τ^q / n, X42). With weights "
    "merely below 4 in a net of n ≥ 2 units the local flows can grow, and the global flow with them.",
)
def _p17() -> Evidence:
    from lstmnotes.bounds.evidence_global import global_flow_growth  # noqa: PLC0415

    search = _tau_search()
    case = search.worst["global"]
    growth = global_flow_growth()
    sharp = search.worst["global-sharp"]
    data = {"worst": search.summary_data()["global"], "total": sum(search.candidates.values()),
            "sharp_ratio": sharp.ratio, "sharp_violations": search.violations["global-sharp"],
            "largest_n": search.largest_n, "violations": search.violations["global"],
            "growth": {"W": growth.W, "weight": growth.W[0][0], "y0": growth.y0,
                       "outputs": [u + 1 for u in growth.outputs], "rate": growth.rate,
                       "tau": growth.tau, "q_max": growth.lags[-1],
                       "last": growth.global_flow[-1], "first": growth.global_flow[0],
                       "both_largest": max(growth.both_outputs)}}  # fmt: skip
    covered = (
        f"{data['total']} candidates in P13's domain: largest |global| / (k n τ^q) "
        f"{case.ratio:.12g} ({case.kind}, n = {case.n}, q = {case.q})"
    )
    covered += f"; largest |global| / τ^q {sharp.ratio:.12g}"
    if not search.holds("global") or not search.holds("global-sharp"):
        return Evidence(Verdict.FALSE, f"the global bound fails: {covered}", data)
    if not growth.grows:
        return Evidence(
            Verdict.UNCHECKABLE,
            f"{covered}, no violation; but the net with weights below 4 does not show a growing global "
            "flow, so the conditions are not shown to matter",
            data,
        )
    return Evidence(
        Verdict.CONDITIONAL,
        f"{covered}, no violation; outside it, W = {matrix_text(growth.W)} from y(0) = {growth.y0} with output "
        f"unit 1: global flow grows {growth.rate:.4f} per step, {growth.global_flow[-1]:.3g} at "
        f"q = {growth.lags[-1]} (τ = {growth.tau:g}); with both units as outputs the terms cancel to "
        f"{max(growth.both_outputs):g}",
        data,
    )


@register(
    "S6",
    statement="Reported slip: f'_max = 0.25 should read f'_max ≤ 0.25, with equality only when some net "
    "input is exactly zero.",
    source="readers of §3.1",
    method="symbolic: where σ' = 1/4; numeric: a random run and a run with a zero net input",
    stated=Verdict.HOLDS,
)
def _s6() -> Evidence:
    from lstmnotes.activations import LOGISTIC_PRIME_MAX  # noqa: PLC0415
    from lstmnotes.bounds.evidence_fprime_max import fprime_max_evidence  # noqa: PLC0415

    e = fprime_max_evidence(np.random.default_rng(6))
    where = [str(x) for x in e.where_quarter]
    only_at_zero = where == ["0"]
    data = {"where": where, "random_fprime_max": e.random_fprime_max,
            "random_min_abs_net": e.random_min_abs_net, "zero_net_fprime_max": e.zero_net_fprime_max,
            "bound_with_quarter": e.bound_with_quarter, "bound_with_actual": e.bound_with_actual,
            "quarter": LOGISTIC_PRIME_MAX}  # fmt: skip
    summary = (
        f"σ' = 1/4 only at x ∈ {set(where)}; a random run has f'_max = "
        f"{e.random_fprime_max:.6f} (smallest |net| {e.random_min_abs_net:.3f}); with a zero net "
        f"input {e.zero_net_fprime_max:g}; using 0.25 only loosens the bound "
        f"({e.bound_with_actual:.4g} → {e.bound_with_quarter:.4g})"
    )
    reached = e.zero_net_fprime_max == LOGISTIC_PRIME_MAX
    if only_at_zero and not e.equality_in_general and e.quarter_is_safe and reached:
        return Evidence(Verdict.HOLDS, summary, data)
    if not only_at_zero or e.equality_in_general or not e.quarter_is_safe:
        return Evidence(Verdict.FALSE, summary, data)
    return Evidence(Verdict.UNCHECKABLE, summary + "; the zero net input does not reach 0.25", data)
