"""The checks behind the ledger: one registered function per claim, each deciding its verdict afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.claims.Evidence` whose summary carries the computed numbers. Ids ``P1``-``P15`` are the
paper's claims, ``S1``-``S8`` the slips readers reported, ``A1``-``A7`` the claims of the public answer
and ``X…`` the book's own further claims.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from lstmnotes.claims import Evidence, Verdict, register

__all__: list[str] = []

PAPER = "Hochreiter & Schmidhuber 1997, §3.1"

T = TypeVar("T")


def _search(find: Callable[[], T]) -> T | None:
    """Run a counter-example search; ``None`` when its whole range holds none.

    The searches of {py:mod}`lstmnotes.flow_evidence` raise a plain ``ArithmeticError`` when they come up
    empty; the check then decides the other way instead of failing. Its subclasses (a division by zero, an
    overflow) are real errors and pass through.
    """
    try:
        return find()
    except ArithmeticError as error:
        if type(error) is not ArithmeticError:
            raise
        return None


@register(
    "P5",
    statement="The largest value of the logistic's derivative is 0.25.",
    source=PAPER,
    method="symbolic: critical point, second-derivative test and a factored square; numeric: scan",
    stated=Verdict.HOLDS,
)
def _p5() -> Evidence:
    from lstmnotes.activations import logistic_prime  # noqa: PLC0415
    from lstmnotes.symbolic import logistic_prime_maximum  # noqa: PLC0415

    symbolic = logistic_prime_maximum()
    x = np.linspace(-20.0, 20.0, 400_001)
    values = logistic_prime(x)
    numeric_max, where = float(values.max()), float(x[values.argmax()])
    exact = float(symbolic.value)
    holds = (
        exact == 0.25
        and float(symbolic.second_derivative) < 0
        and abs(numeric_max - exact) <= 1e-15
        and where == float(symbolic.argmax)
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sympy: max σ' = {symbolic.value} at x = {symbolic.argmax}, σ''' there = "
        f"{symbolic.second_derivative}; scan of [-20, 20]: max {numeric_max:.17g} at x = {where:g}",
        {
            "symbolic_max": str(symbolic.value),
            "argmax": str(symbolic.argmax),
            "scan_max": numeric_max,
        },
    )


# -- error flow: eqs. (3.1), (3.2), the matrix form and the weak bound ------------------------------------


def _m(matrix: object) -> str:
    """A small matrix as text, rows in parentheses."""
    rows = np.asarray(matrix).tolist()
    return "(" + ", ".join("(" + ", ".join(f"{x:g}" for x in row) + ")" for row in rows) + ")"


@register(
    "P1",
    statement="For one step back (q = 1) the scaling factor is f'_v(net_v(t-1)) w_uv, as the "
    "back-propagation rule gives.",
    source=PAPER + ", eq. (3.1)",
    method="proof: in the rule ϑ_v(t-1) = f'_v(net_v(t-1)) Σ_i w_iv ϑ_i(t) only the term i = u depends on "
    "ϑ_u(t) (the book's one-line argument, which is what makes the statement general); symbolic: sympy "
    "differentiates the rule for every n ≤ 4 and every pair (u, v), u = v included, and compares with "
    "(3.1)",
    stated=Verdict.HOLDS,
)
def _p1() -> Evidence:
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
        Q1_MAX_UNITS,
        Q1_UNITS,
        q1_agreement,
        q1_agreement_cases,
        q1_case,
    )

    u, v = 1, 0
    case = q1_case(Q1_UNITS, u, v)
    failures = q1_agreement()
    count = q1_agreement_cases()
    data = {"recursion": str(case.recursion), "n": Q1_UNITS, "u": u + 1, "v": v + 1,
            "n_max": Q1_MAX_UNITS, "count": count, "failures": [list(f) for f in failures]}  # fmt: skip
    if failures or not case.recursion_follows_from_rule:
        return Evidence(
            Verdict.FALSE,
            f"sympy: the rule and (3.1) differ for (n, u, v) in {failures[:5]} of {count} cases",
            data,
        )
    return Evidence(
        Verdict.HOLDS,
        f"sympy: the rule gives (3.1)'s f'_v(t-1) w_uv in all {count} cases (n ≤ {Q1_MAX_UNITS}, every "
        f"(u, v)); e.g. n = {Q1_UNITS}, u = {u + 1}, v = {v + 1}: {case.recursion}",
        data,
    )


@register(
    "P2",
    statement="The path sum (3.2), with the weight index as printed, equals the recursion (3.1) for "
    "every net, lag and pair of units.",
    source=PAPER + ", eq. (3.2)",
    method="exhaustive search over 0/1 weight matrices, smallest n and q first; symbolic unrolling",
    stated=Verdict.FALSE,
    note="Corrected: the weight of step m is w_{l_{m-1} l_m} (from l_m to l_{m-1}). As printed, the sum "
    "is the corrected sum for Wᵀ evaluated with the slopes of W's own run: a formal identity, right as a "
    "flow only for symmetric W (X40: a net run with Wᵀ has other slopes).",
)
def _p2() -> Evidence:
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
        printed_path_sum_counterexample,
        printed_symmetric_agreement,
    )

    c = _search(printed_path_sum_counterexample)
    if c is None or c.printed_holds:
        return Evidence(
            Verdict.UNCHECKABLE,
            "the printed sum agrees with the recursion on every 0/1 net searched (n ≤ 3, q ≤ 3): the "
            "search decides nothing about all nets",
        )
    c2 = printed_path_sum_counterexample(min_q=2)
    sym = printed_symmetric_agreement()
    return Evidence(
        Verdict.FALSE,
        f"smallest counter-example: n = {c.n}, q = {c.q}, W = {_m(c.W)}, u = {c.u + 1}, "
        f"v = {c.v + 1}: the recursion gives {c.true_value}, the printed sum {c.printed_value}; "
        f"the printed sum is the corrected sum for Wᵀ with the same slopes ({sym.printed_is_transposed}) "
        f"and agrees for symmetric W ({sym.agrees_when_symmetric}, n, q ≤ 3)",
        {"n": c.n, "q": c.q, "W": c.W, "u": c.u + 1, "v": c.v + 1, "true": c.true_value,
         "printed": c.printed_value, "checked": c.cases_checked,
         "q2": {"n": c2.n, "q": c2.q, "W": c2.W, "u": c2.u + 1, "v": c2.v + 1,
                "true": c2.true_value, "printed": c2.printed_value},
         "symmetric": {"count": len(sym.cases), "max": max(max(case) for case in sym.cases),
                       "cases": [list(case) for case in sym.cases],
                       "differing": {f"{n},{q}": d for (n, q), d in
                                     zip(sym.cases, sym.differing_entries, strict=True)}}},
    )  # fmt: skip


@register(
    "X40",
    statement="(3.2) as printed computes the flow of the net actually run with the transposed weights Wᵀ.",
    source="the book's reading of eq. (3.2)",
    method="exhaustive search over 0/1 nets of two logistic units, smallest lag first; the formal "
    "identity with W's own slopes checked on the same case",
    stated=Verdict.FALSE,
    note="True only formally: the printed sum for W is the corrected sum for Wᵀ evaluated with the "
    "slopes of W's run. A net run with Wᵀ has other net inputs, hence other slopes.",
)
def _x40() -> Evidence:
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
        printed_symmetric_agreement,
        transposed_run_counterexample,
    )

    sym = printed_symmetric_agreement()
    c = _search(transposed_run_counterexample)
    if not (sym.printed_is_transposed and sym.agrees_when_symmetric):
        return Evidence(
            Verdict.UNCHECKABLE,
            "sympy does not confirm that (3.2) as printed is the corrected sum for Wᵀ with the same "
            "slopes (n, q ≤ 3): the premise of the claim fails, so its reading is moot",
        )
    if c is None or not c.differs or not c.formal_identity:
        return Evidence(
            Verdict.UNCHECKABLE,
            "on every 0/1 net of two logistic units searched (q ≤ 3) the printed sum equals the flow of "
            "the net run with Wᵀ: the search decides nothing about all nets",
        )
    return Evidence(
        Verdict.FALSE,
        f"W = {_m(c.W)}, y(0) = {c.y0}, t = {c.t}, q = {c.q}, u = {c.u + 1}, v = {c.v + 1}: printed "
        f"sum {c.printed:.6f} (= corrected sum for Wᵀ with W's slopes: {c.formal_identity}); the net run "
        f"with Wᵀ has net inputs {c.net_WT} instead of {c.net_W} at t - 1 and flow {c.transposed_flow:.6f}",
        {"n": c.n, "q": c.q, "t": c.t, "y0": list(c.y0), "W": c.W, "u": c.u + 1, "v": c.v + 1,
         "printed": c.printed, "formal": c.formal, "transposed_flow": c.transposed_flow,
         "net_W": list(c.net_W), "net_WT": list(c.net_WT), "checked": c.cases_checked,
         "formal_identity": c.formal_identity, "symbolic_cases": len(sym.cases),
         "symbolic_max": max(max(case) for case in sym.cases)},
    )  # fmt: skip


@register(
    "S1",
    statement="Reported slip: (3.2) transposes the weight index, and its q = 1 case contradicts the "
    "paper's own q = 1 case of (3.1).",
    source="readers of §3.1; the public answer",
    method="symbolic: q = 1 of (3.1) against q = 1 of (3.2) as printed",
    stated=Verdict.HOLDS,
)
def _s1() -> Evidence:
    from lstmnotes.flow_evidence import q1_case  # noqa: PLC0415

    case = q1_case()
    confirmed = case.recursion_follows_from_rule and not case.printed_agrees
    return Evidence(
        Verdict.HOLDS if confirmed else Verdict.FALSE,
        f"q = 1: (3.1) gives {case.recursion}, (3.2) as printed gives {case.printed}; "
        f"difference {case.difference}",
        {"recursion": str(case.recursion), "printed": str(case.printed)},
    )


@register(
    "A5",
    statement="The public answer's corrected (3.2), with weight w_{l_{m-1} l_m}, equals the recursion "
    "(3.1).",
    source="the public answer",
    method="proof by induction; sympy compares both sides for every n ≤ 3, q ≤ 4",
    stated=Verdict.HOLDS,
)
def _a5() -> Evidence:
    from lstmnotes.flow_evidence import corrected_path_sum_agreement  # noqa: PLC0415

    agreement = corrected_path_sum_agreement()
    return Evidence(
        Verdict.HOLDS if agreement.all_equal else Verdict.FALSE,
        f"symbolically identical in all {len(agreement.cases)} cases (n, q) = "
        f"{agreement.cases[0]} … {agreement.cases[-1]}",
        {"cases": [list(case) for case in agreement.cases], "count": len(agreement.cases),
         "n_max": max(n for n, _ in agreement.cases), "q_max": max(q for _, q in agreement.cases)},
    )  # fmt: skip


@register(
    "P3",
    statement="The path terms can have different signs, so more units need not mean more error flow.",
    source=PAPER,
    method="exhibited example: one self-connected unit, then a second unit on a signed loop",
    stated=Verdict.HOLDS,
)
def _p3() -> Evidence:
    from lstmnotes.flow_evidence import cancelling_paths_example  # noqa: PLC0415

    e = cancelling_paths_example()
    linear = cancelling_paths_example("identity")
    holds = e.signs_differ and e.more_units_less_flow
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"logistic units, y(0) = {e.y0}, from t = {e.t} back q = {e.q} steps: W = {_m(e.small_W)} gives "
        f"flow {e.small_flow:.4f}; adding a unit, W = {_m(e.large_W)}, paths with terms "
        f"{e.terms[0]:+.4f} and {e.terms[1]:+.4f} give {e.large_flow:+.4f}",
        {"small_flow": e.small_flow, "large_flow": e.large_flow, "terms": list(e.terms),
         "ratio": abs(e.small_flow / e.large_flow), "q": e.q, "t": e.t, "t_end": e.t - e.q,
         "y0": list(e.y0), "self_weight": e.large_W[0][0], "out_weight": e.large_W[1][0],
         "back_weight": e.large_W[0][1], "linear_small": linear.small_flow,
         "linear_large": linear.large_flow},
    )  # fmt: skip


@register(
    "P11",
    statement="The paper's matrix form (W_{u^T})^T F'(t-1) Π (W F'(t-m)) W_v f'_v(net_v(t-q)) equals "
    "the scaling factor.",
    source=PAPER + ", weak upper bound",
    method="symbolic: sympy compares every entry for n ≤ 3, 2 ≤ q ≤ 4",
    stated=Verdict.HOLDS,
)
def _p11() -> Evidence:
    from lstmnotes.flow_evidence import matrix_form_agreement  # noqa: PLC0415

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
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
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
    e = _search(column_row_reading_counterexample)
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
        f"{_m(e.W)}: the paper's W_v = {e.paper_W_v}, the literal W e_v = {e.W_e_v_column_row}; for "
        f"W = {_m(e.flow_W)}, q = {e.q}, u = {e.flow_u + 1}, v = {e.flow_v + 1} it gives flow "
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
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
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
    e = _search(compatibility_counterexample)
    if e is None or e.step_holds:
        return Evidence(
            Verdict.UNCHECKABLE,
            "e_u W is undefined for n = 2, 3, but ‖e_u^T W‖ ≤ ‖W‖_A ‖e_u‖ held for every common norm "
            "pair on every 0/1 matrix searched (n = 2, 3): the search decides nothing about the step",
        )
    return Evidence(
        Verdict.HOLDS,
        f"e_u W is undefined for n = 2, 3 (sympy: shape mismatch); {e.norm} pair, W = {_m(e.W)}, "
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
    from lstmnotes.bounds import NORM_PAIRS  # noqa: PLC0415
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
        WEIGHTED_LAGS,
        WEIGHTED_UNITS,
        weak_bound_counterexample,
        weak_bound_survey,
    )
    from lstmnotes.flow_search import weak_bound_search  # noqa: PLC0415

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
    counter = _search(weak_bound_counterexample)
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
        f"{_m(counter.W)}, q = {counter.q}: flow {counter.flow} > bound {counter.bound}",
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
    from lstmnotes.bounds import NORM_PAIRS  # noqa: PLC0415
    from lstmnotes.flow_search import weak_bound_search  # noqa: PLC0415

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
    from lstmnotes.flow_search import path_count_search, uniform_net_ratios  # noqa: PLC0415

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
    from lstmnotes.bounds import NORM_PAIRS  # noqa: PLC0415
    from lstmnotes.flow_search import (  # noqa: PLC0415
        FIXED_POINT_LAG,
        FIXED_POINT_WEIGHT,
        FROBENIUS_APPROACH,
        FROBENIUS_LAG,
        fixed_point_ratios,
        frobenius_approach,
        self_connection_ratios,
        uniform_net_ratios,
        weak_bound_search,
    )

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
    from lstmnotes.flow_search import tau_bound_search  # noqa: PLC0415

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
    from lstmnotes.flow_search import global_flow_growth  # noqa: PLC0415

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
        f"{covered}, no violation; outside it, W = {_m(growth.W)} from y(0) = {growth.y0} with output "
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
    from lstmnotes.flow_evidence import fprime_max_evidence  # noqa: PLC0415

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


# -- §3.2, the memory cell and the later conditions -------------------------------------------------------

SECTION_32 = "Hochreiter & Schmidhuber 1997, §3.2"


def _adopt(result: Any) -> Evidence:
    """Evidence from a library result that carries its own ``verdict`` (a verdict's value) and ``summary``."""
    return Evidence(Verdict(result.verdict), result.summary)


@register(
    "P14",
    statement="Constant error flow through a lone self-connected unit requires f'_j(net_j) w_jj = 1, "
    "hence a linear activation and a constant activation value.",
    source=SECTION_32,
    method="sympy: differentiate f(w y + b) = y on an interval and dsolve f'(x) w = 1; a logistic unit "
    "with a bias holding one value with factor one",
    stated=Verdict.CONDITIONAL,
    note="Exact for the flow: constant flow needs every factor to be one. Linearity follows only when "
    "f' w = 1 is asked of a range of net inputs (a range of held values), and then f is affine, "
    "x/w + C; at a single held value a nonlinear unit meets it (a logistic unit with a bias). The "
    "activation of the identity unit with w = 1 stays constant exactly when the external input at every "
    "step is -C (in particular for a unit left alone with C = 0).",
)
def _p14() -> Evidence:
    from lstmnotes.carousel import unit_flow_condition  # noqa: PLC0415

    r = unit_flow_condition()
    single = r.single_value
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "general": str(r.solution.general.rhs),
            "bias_weight": None if single is None else single.weight,
            "bias": None if single is None else single.bias,
            "bias_activation": None if single is None else single.activation,
            "bias_factor": None if single is None else single.factor,
        },
    )


@register(
    "P15",
    statement="The constant error carousel (identity unit, w_jj = 1) passes error back unchanged over "
    "any number of steps.",
    source=SECTION_32,
    method="sympy: the identity's slope at symbolic net inputs, multiplied over symbolic q, simplified at "
    "w = 1 (a slope other than one anywhere would leave a product other than one); 10,000 steps in "
    "floating point, with and without inputs, which only confirm that the library's unit uses slope 1.0 "
    "and weight 1.0 (1.0 * 1.0 is exactly one in floating point whatever the inputs)",
    stated=Verdict.HOLDS,
)
def _p15() -> Evidence:
    from lstmnotes.carousel import carousel_error_constancy  # noqa: PLC0415

    r = carousel_error_constancy(rng=np.random.default_rng(15))
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "steps": r.steps,
            "deviation": max(r.max_deviation, r.max_deviation_with_inputs),
            "deviation_alone": r.max_deviation,
            "deviation_inputs": r.max_deviation_with_inputs,
            "activation_range": r.activation_range_with_inputs,
            "symbolic_flow": str(r.symbolic_flow),
        },
    )


@register(
    "S8",
    statement="Reported slip: integrating f' w = 1 drops a constant of integration, and 'the activation "
    "stays constant' assumes that nothing else enters the unit (exactly: that the external input cancels "
    "the constant at every step).",
    source="readers of §3.2",
    method="sympy dsolve; smallest runs of the carousel with a constant and with one extra input",
    stated=Verdict.HOLDS,
)
def _s8() -> Evidence:
    from lstmnotes.carousel import dropped_integration_constant  # noqa: PLC0415

    r = dropped_integration_constant()
    extra = np.flatnonzero(np.diff(r.input_run.activations) != 0)
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "constant": r.constant_run.constant,
            "steps": int(r.constant_run.nets.shape[0]),
            "start": float(r.constant_run.activations[0]),
            "climb": float(r.constant_run.activations[-1]),
            "input_size": float(np.max(np.abs(r.input_run.nets - r.input_run.activations[:-1]))),
            "input_steps": int(extra.size),
            "flows": list(r.flows),
        },
    )


def _conflict_data(r: Any) -> dict[str, Any]:
    """The numbers a weight conflict's page and ledger entry state."""
    return {
        "inputs": r.run.inputs.tolist(),
        "targets": r.targets.tolist(),
        "gate": r.gate.tolist(),
        "compromise": r.compromise,
        "residual": r.residual,
        "split": r.split,
        "gradients": list(r.gradients),
        "opposing": list(r.opposing),
        "by_target": list(r.by_target),
        "opposing_by_target": list(r.opposing_by_target),
        "gated_residual": r.gated_residual,
        "fixed_weight": r.run.w_out if r.weight == "w_in" else r.run.w_in,  # the other weight
    }


@register(
    "X1",
    statement="Input weight conflict: no single incoming weight both stores an early input and ignores a "
    "later distractor (the least error is above zero, and at the best weight the updates through the two "
    "inputs are nonzero and opposed); a write gate removes the conflict.",
    source=SECTION_32,
    method="minimal two-step carousel: the least error over the weight (closed form, the output is linear "
    "in it), the gradient split by input (the paper's per-step updates, checked against autograd in the "
    "tests) at the best weight, where its parts sum to zero, required nonzero and of opposite signs (both "
    "could vanish with a positive least error), and the error with a fixed write gate",
    stated=Verdict.HOLDS,
)
def _x1() -> Evidence:
    from lstmnotes.conflicts import input_weight_conflict  # noqa: PLC0415

    r = input_weight_conflict()
    return Evidence(Verdict(r.verdict), r.summary, _conflict_data(r))


@register(
    "X2",
    statement="Output weight conflict: no single outgoing weight both reads the stored value and protects "
    "its target (the least error is above zero, and at the best weight the gradients of the two targets "
    "are nonzero and opposed); a read gate removes the conflict.",
    source=SECTION_32,
    method="minimal two-step carousel: the least error over the weight (closed form), the gradient split "
    "by target at the best weight required nonzero and of opposite signs, and the error with a fixed read "
    "gate",
    stated=Verdict.HOLDS,
)
def _x2() -> Evidence:
    from lstmnotes.conflicts import output_weight_conflict  # noqa: PLC0415

    r = output_weight_conflict()
    return Evidence(Verdict(r.verdict), r.summary, _conflict_data(r))


@register(
    "X3",
    statement="The 1997 memory cell has input and output gates around a carousel of fixed self-weight "
    "1.0 and no forget gate.",
    source="Hochreiter & Schmidhuber 1997, §4; Gers, Schmidhuber & Cummins 2000",
    method="that the 1997 architecture has these parts and no forget gate is definitional: it rests on the "
    "paper's §4 equations and on Gers et al. (2000), who added the gate. What the check decides: sympy "
    "differentiates the state equation as the library transcribes and runs it, s(t) = s(t-1) + y_in(t) "
    "g(net_c(t)), with the gate and the cell input as independent symbols: ds(t)/ds(t-1) must be exactly 1 "
    "and what a step adds must not contain s(t-1) (a forget gate y_phi s(t-1) would give y_phi), so the "
    "state can change only additively. Cross-checks on the cells run: the truncated derivative along the "
    "carousel over random cells is one, the largest one-step fall of |s| stays below 2 while |s| reaches "
    "far above 2, and under a constant input the state gains the same amount each step",
    stated=Verdict.HOLDS,
)
def _x3() -> Evidence:
    from lstmnotes.cell import memory_cell_has_no_forget_gate  # noqa: PLC0415

    r = memory_cell_has_no_forget_gate(np.random.default_rng(3))
    return Evidence(
        Verdict(r.verdict),
        r.summary,
        {
            "cells": r.cells,
            "deviation": r.carousel_deviation,
            "full_deviation": r.full_deviation,
            "drift_steps": r.drift_steps,
            "drift_state": r.drift_state,
            "saturated_after": r.saturated_after,
            "saturation": 0.99,
            "largest_drop": r.largest_drop,
            "largest_state": r.largest_state,
            "coefficient": r.coefficient,
            "added": r.added,
        },
    )


@register(
    "X60",
    statement="For w > 0, a lone logistic unit without bias that holds an activation (a fixed point "
    "y = σ(w y)) multiplies its error by less than one at every step back; the largest factor is "
    "about 0.2785.",
    source=SECTION_32 + " (the book's theorem)",
    method="closed form by bisection; every fixed point at weights in [0.001, 30] (logarithmic grid, "
    "random draws, golden-section refinement); the tails bounded by w/4 and w e^(-w/2)",
    stated=Verdict.HOLDS,
)
def _x60() -> Evidence:
    from lstmnotes.carousel import (  # noqa: PLC0415
        logistic_best_fixed_point_factor,
        logistic_factor_search,
        unit_flow_condition,
    )

    y, w, best = logistic_best_fixed_point_factor()
    search = logistic_factor_search(np.random.default_rng(60))
    worst = search.worst
    gap_min = unit_flow_condition().logistic_gap_minimum
    agrees = abs(worst.factor - best) <= 1e-9
    stated = abs(best - 0.2785) < 5e-5  # the value the statement gives, to its four places
    holds = (
        best < 1
        and worst.factor < 1
        and agrees
        and stated
        and search.two_cycles == 0
        and gap_min > 0
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Closed form: largest factor {best:.6f} at y = {y:.6f}, w = {w:.6f}. Search over "
        f"{search.weights} weights in [{search.weight_range[0]:g}, {search.weight_range[1]:g}]: at most "
        f"{search.most_fixed_points} fixed point per weight, worst factor {worst.factor:.6f} at "
        f"w = {worst.weight:.6f}, y = {worst.activation:.6f}; {search.two_cycles} period-2 orbits; "
        f"a factor of one would need z = 1 + e^z, but e^z + 1 - z >= {gap_min:g}.",
        {
            "best_factor": best,
            "best_y": y,
            "best_w": w,
            "steps": 10,
            "factor_after_steps": best**10,
            "gap_minimum": gap_min,
            "search_weights": search.weights,
            "search_largest": search.weight_range[1],
            "search_worst": worst.factor,
            "search_worst_w": worst.weight,
        },
    )


@register(
    "X61",
    statement="A lone logistic unit without bias that holds an activation multiplies its error by less "
    "than one in size at every step back, whatever the sign of its weight.",
    source="an earlier reading of the book's theorem without its hypothesis w > 0",
    method="bisection for the fixed point with factor −1; 10,000 steps of the library's run_self_unit "
    "and self_unit_flow from it; fixed points and period-2 orbits at negative weights down to −1000",
    stated=Verdict.FALSE,
    note="For w < 0 the held activation lies below 1/2 and its factor is negative; at the weight w* in the "
    "evidence it is exactly −1 (the error keeps its size, alternating in sign, neutral to first order). "
    "Below w* the factor exceeds one in size: the fixed point repels, a unit started off it settles on a "
    "2-cycle whose two-step factor is below one, and a unit sitting exactly on it keeps it while its "
    "error grows (X67). The bound < 1 needs w > 0 (X60).",
)
def _x61() -> Evidence:
    from lstmnotes.carousel import (  # noqa: PLC0415
        logistic_factor_search,
        logistic_neutral_fixed_point,
        run_self_unit,
        self_unit_flow,
    )

    point = logistic_neutral_fixed_point()
    steps = 10_000
    flow = self_unit_flow(
        run_self_unit(point.weight, point.activation, steps, activation="logistic")
    )
    deviation = float(np.max(np.abs(np.abs(flow) - 1.0)))
    search = logistic_factor_search(np.random.default_rng(61), sign=-1)
    kept = deviation <= 1e-9 and abs(point.factor + 1.0) <= 1e-12
    refuted = kept or abs(search.worst.factor) >= 1
    return Evidence(
        Verdict.FALSE if refuted else Verdict.HOLDS,
        f"At w = {point.weight:.6f} the held activation y = {point.activation:.7f} has factor "
        f"{point.factor:.12f}; over {steps} steps |flow| deviates from one by at most {deviation:.2g}, "
        f"alternating in sign. Searching {search.weights} weights down to {-search.weight_range[1]:g}: "
        f"largest factor in size {search.worst.factor:.4g} (w = {search.worst.weight:g}); period-2 orbits "
        f"the grid scan located {search.two_cycles} (it misses some: X67 finds one at every weight below w* "
        "that it tries), largest two-step product found {search.worst_two_cycle:.4f} (the "
        "supremum is one, approached as w tends to w* from below; see X67).",
        {
            "weight": point.weight,
            "activation": point.activation,
            "factor": point.factor,
            "steps": steps,
            "deviation": deviation,
            "search_weights": search.weights,
            "search_most_negative": -search.weight_range[1],
            "worst_factor": search.worst.factor,
            "worst_weight": search.worst.weight,
            "two_cycles": search.two_cycles,
            "worst_two_cycle": search.worst_two_cycle,
        },
    )


@register(
    "X62",
    statement="Read as |f'w| = 1, the carousel condition also admits f'w = −1, which keeps the error's "
    "size for ever, alternating its sign, and holds the activation only up to its sign.",
    source=SECTION_32 + " (the paper asks for f'_j w_jj = 1.0)",
    method="sympy dsolve of f'(x) w = −1; the identity unit with w = −1 over 10,000 steps",
    stated=Verdict.HOLDS,
)
def _x62() -> Evidence:
    from lstmnotes.carousel import negative_factor_reading  # noqa: PLC0415

    r = negative_factor_reading()
    steps = int(r.run.nets.shape[0])
    holds = r.size_deviation == 0.0 and r.alternates and r.activation_period == 2
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"f' w = -1 integrates to f(x) = {r.solution.rhs} (sympy). The identity unit with w = -1: over "
        f"{steps} steps |flow| deviates from one by {r.size_deviation:g}, its sign alternates "
        f"({r.alternates}), and the activation has period {r.activation_period}.",
        {
            "general": str(r.solution.rhs),
            "weight": float(r.run.weight),
            "steps": steps,
            "deviation": r.size_deviation,
            "period": r.activation_period,
        },
    )


@register(
    "X63",
    statement="Storing a range of values with constant error flow needs f'w = 1 on an interval of net "
    "inputs; a lone logistic unit, with any weight and bias, holds at most one activation with factor "
    "one (and at most one with factor minus one).",
    source=SECTION_32 + " (the reason f must be linear)",
    method="sympy: f(w y + b) = y on an interval; every unit with a factor ±1 at a held value is "
    "parametrised by that value, and a second value with factor one could only be 1 − y, which needs "
    "D(y) = 0; sympy: with u = y − 1/2, D'(u) = −32u²/(1 − 4u²)² < 0 for u ≠ 0 and D(0) = 0, so y = 1/2 is "
    "D's only zero (no second value, for every y); factor minus one: it needs w < 0 (y(1 - y) > 0), and "
    "sympy finds d/dy σ(w y + b) negative for w < 0 and every b, so y − σ(w y + b) increases strictly and "
    "the unit has exactly one fixed point; cross-check: 401 values, every fixed point of each, and D "
    "scanned",
    stated=Verdict.HOLDS,
)
def _x63() -> Evidence:
    from lstmnotes.carousel import (  # noqa: PLC0415
        minus_one_unique_symbolic,
        second_value_gap_symbolic,
        unit_factor_values,
        unit_flow_condition,
    )

    values = unit_factor_values()
    range_ok = unit_flow_condition().verdict != "false as stated"
    try:
        _, derivative = second_value_gap_symbolic()
        proved = True
    except ArithmeticError:
        derivative, proved = None, False
    slope, needs_negative, decreasing = minus_one_unique_symbolic()
    holds = (
        range_ok
        and proved
        and needs_negative
        and decreasing
        and values.most_with_unit_factor == 1
        and values.most_with_minus_one == 1
        and values.largest_scaled_gap < 0
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Over {values.activations} held values y (each with its own w = 1/(y(1-y)) and bias), at most "
        f"{values.most_with_unit_factor} held activation has factor +1 and at most "
        f"{values.most_with_minus_one} has factor -1; a second value with factor +1 would be 1 - y, "
        f"needing D(y) = 0, but D(y)/(y - 1/2)^3 <= {values.largest_scaled_gap:.4f} on (1/2, 1); sympy: "
        f"D'(u) = {derivative} with u = y - 1/2 ({'proved' if proved else 'not the stated form'}). "
        f"Factor -1 needs w < 0 ({needs_negative}); d/dy sigma(w y + b) = {slope}, negative for w < 0 and "
        f"every b ({decreasing}), so one fixed point.",
        {
            "derivative": str(derivative),
            "proved": proved,
            "minus_slope": str(slope),
            "minus_needs_negative": needs_negative,
            "minus_decreasing": decreasing,
            "values": values.activations,
            "most_plus": values.most_with_unit_factor,
            "most_minus": values.most_with_minus_one,
            "largest_scaled_gap": values.largest_scaled_gap,
        },
    )


@register(
    "X64",
    statement="In the 1997 cell, with cell inputs of one sign and no recurrent weights into the input "
    "gate or the cell input, a more negative input-gate bias leaves a |s(t)| no larger at every step "
    "(strictly smaller once some nonzero cell input has been written), so h'(s) stays no smaller: the "
    "paper's remedy for internal state drift.",
    source="Hochreiter & Schmidhuber 1997, §4 (internal state drift and remedies)",
    method="sympy: |s(t)| = Σ σ(a_τ + b)|g_τ| with a_τ, g_τ independent of b, and each term's derivative "
    "in b is positive where g_τ ≠ 0 (zero where g_τ = 0), so |s(t)| does not decrease with b and increases "
    "strictly once some g_τ ≠ 0; cross-check: an example over 200 steps with biases 0 to −4, and 100 random "
    "cells (half of them with no cell input for their first steps), every pair of biases and every step",
    stated=Verdict.HOLDS,
)
def _x64() -> Evidence:
    from lstmnotes.cell import bias_drift_symbolic, input_gate_bias_drift  # noqa: PLC0415

    r = input_gate_bias_drift(np.random.default_rng(64))
    derivative, positive = bias_drift_symbolic()
    example_slows = all(a > b for a, b in zip(r.state_end, r.state_end[1:], strict=False))
    holds = (
        positive
        and r.violations == 0
        and r.not_strict == 0
        and r.worst_margin <= 0
        and example_slows
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Biases {list(r.biases)} over {r.steps} steps of positive input: s(T) = "
        f"{[round(v, 3) for v in r.state_end]}, h'(s(T)) = {[float(f'{v:.3g}') for v in r.slope_end]}, "
        f"error reaching the first cell input {[float(f'{v:.3g}') for v in r.flow_to_start]}. "
        f"{r.cells} random cells: {r.violations} (pair, step) with a larger |s| under the more negative "
        f"bias; largest difference {r.worst_margin:.3g}; {r.not_strict} (pair, step) after a nonzero cell "
        f"input without a strictly smaller |s| ({r.quiet_cells} cells silent at first). sympy: d/db of "
        f"sigma(a + b)|g| is {derivative}, "
        f"positive: {positive}.",
        {
            "derivative": str(derivative),
            "positive": positive,
            "biases": list(r.biases),
            "steps": r.steps,
            "state_end": list(r.state_end),
            "slope_end": list(r.slope_end),
            "flow_to_start": list(r.flow_to_start),
            "cells": r.cells,
            "violations": r.violations,
            "worst_margin": r.worst_margin,
            "not_strict": r.not_strict,
            "quiet_cells": r.quiet_cells,
        },
    )


@register(
    "P19",
    statement="The naive approach (a carousel with plain input and output weights) works only for "
    "simple problems with local input/output representations and non-repeating input patterns; "
    "computed here in the narrower reading that can be decided: some weights of the naive carousel "
    "(one input weight per line, a fixed linear read-out) meet a task exactly only if its inputs are "
    "locally coded and do not repeat.",
    source=SECTION_32 + " (last paragraph)",
    method="the naive carousel with one input weight per line and a linear read-out: least squares gives "
    "the least error any weights reach (whether weights exist, not whether learning finds them). Two "
    "smallest local tasks (a conflict without repeats; a repeat that does no harm), and random tasks of "
    "three families (store each relevant symbol once; count every occurrence; count a symbol only right "
    "after a marker) by code (local, linearly independent, dependent) and repetition",
    stated=Verdict.FALSE,
    note="The verdict is on the existence of exact weights with a linear read-out; the paper speaks of "
    "learning ('does not work well') with logistic output units, which is not computed. Neither condition "
    "is what decides existence: the output at t is w · (sum of the codes so far), so some weights meet a "
    "task exactly when each symbol adds a fixed amount to every later target and those amounts are a "
    "linear function of the symbols' codes (automatic for a linearly independent code). A repeat is "
    "harmless when it is meant to count again; a task whose relevance depends on context fails even with "
    "local, non-repeating inputs (the input weight conflict).",
)
def _p19() -> Evidence:
    from lstmnotes.conflicts import (  # noqa: PLC0415
        SOLVED,
        naive_examples,
        naive_representation_survey,
    )

    r = naive_representation_survey(np.random.default_rng(19))
    examples = naive_examples()
    conflict, repeat = examples["conflict"], examples["repeat"]
    # outside the named conditions: a repeated input, or a code that is not local (the families whose
    # targets are not all zero by chance)
    outside = {
        key: r.solved[key]
        for key in r.solved
        if key.split("/")[0] in ("distinct", "count")
        and (key.endswith("/repeating") or "/independent/" in key)
    }
    repeat_met = repeat.error <= SOLVED
    outside_met = repeat_met or any(outside.values())
    verdict = Verdict.FALSE if outside_met else Verdict.HOLDS
    return Evidence(
        verdict,
        f"Smallest repeat: {repeat.sequences} with targets {repeat.targets} is met with error "
        f"{repeat.error:.2g} (weights {repeat.weights}). Smallest conflict with local, non-repeating "
        f"inputs: {conflict.sequences} with targets {conflict.targets} leaves {conflict.error:.4g} at "
        f"weights {conflict.weights}. {r.tasks} random tasks per family, code and repetition "
        f"({r.symbols} symbols, {r.steps} steps, {r.sequences} sequences): met exactly {r.solved}; "
        f"outside local, non-repeating inputs {outside}; local and independent codes differ by at most "
        f"{r.code_gap:.2g}.",
        {
            "tasks": r.tasks,
            "symbols": r.symbols,
            "steps": r.steps,
            "sequences": r.sequences,
            "solved": r.solved,
            "largest": r.largest,
            "smallest": r.smallest,
            "code_gap": r.code_gap,
            "repeat": {"error": repeat.error, "weights": repeat.weights, "targets": repeat.targets},
            "conflict": {
                "error": conflict.error,
                "weights": conflict.weights,
                "targets": conflict.targets,
            },
        },
    )


@register(
    "X65",
    statement="The 1997 cell has no multiplicative reset, but its state is not stuck: each step adds "
    "y_in(t) g(net_c(t)), of either sign, so the cell can lower its state, though only additively "
    "(its own recurrent cell input can drive it back towards zero); with cell inputs of one sign "
    "|s(t)| never decreases.",
    source="Hochreiter & Schmidhuber 1997, §4 (the cell's equations)",
    method="a cell with both gates open, one pulse and a negative recurrent weight into the cell input, "
    "against the same cell without it; 100 random cells whose cell input has one sign at every step "
    "(gates with any weights, recurrent ones included), every step",
    stated=Verdict.HOLDS,
)
def _x65() -> Evidence:
    from lstmnotes.cell import additive_forgetting  # noqa: PLC0415

    r = additive_forgetting(np.random.default_rng(65))
    size = np.abs(r.states)
    falls = bool(np.all(size[1:] < size[:-1]) and size[-1] <= 1e-6 * size[0])
    kept = bool(np.all(r.kept == r.kept[0]))
    holds = falls and kept and r.violations == 0
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Gates with bias {r.gate_bias:g}, a pulse of weight {r.pulse_weight:g} and r_c = {r.recurrent:g}: "
        f"the state runs {[float(f'{v:.3g}') for v in r.states[:6]]} ... and is {r.states[-1]:.2g} at "
        f"t = {r.states.size}; with r_c = 0 it stays {r.kept[-1]:.4g}. {r.cells} random cells with cell "
        f"inputs of one sign: {r.violations} steps at which |s| fell.",
        {
            "gate_bias": r.gate_bias,
            "pulse_weight": r.pulse_weight,
            "recurrent": r.recurrent,
            "states": r.states[:6].tolist(),
            "steps": int(r.states.size),
            "final": float(r.states[-1]),
            "kept": float(r.kept[-1]),
            "cells": r.cells,
            "violations": r.violations,
        },
    )


@register(
    "X66",
    statement="In the 1997 cell (truncated scheme) an error at the output at T enters the carousel "
    "multiplied by y_out(T) h'(s(T)), at most 1/2 and at most 2 exp(-|s(T)|); the carousel then carries "
    "it with factor exactly one over any lag, but what enters vanishes exponentially as the state drifts.",
    source="Hochreiter & Schmidhuber 1997, §4 (internal state drift)",
    method="sympy: the factorisation of the truncated flow; h'(s) <= 1/2 and h'(s) <= 2 exp(-|s|) as "
    "identities; cross-check on 160,001 states in [-800, 800]; the drift example after 10, 100 and 1000 "
    "steps",
    stated=Verdict.HOLDS,
)
def _x66() -> Evidence:
    from lstmnotes.cell import cell_flow_factorisation, entry_factor_drift  # noqa: PLC0415

    factorised = cell_flow_factorisation(4).checked == (0, 1, 2, 3)
    try:
        r = entry_factor_drift()
    except ArithmeticError as error:
        return Evidence(Verdict.FALSE, f"sympy did not find the bounds: {error}")
    below = all(
        v <= 2.0 * np.exp(-abs(s)) for v, s in zip(r.drift_slopes, r.drift_states, strict=True)
    )
    holds = factorised and r.worst_ratio <= 1.0 + 1e-12 and below
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sympy: the truncated flow factorises as y_out(T) h'(s(T)) 1 y_in g' ({factorised}); "
        f"(2e^-s - h'(s)) e^s (1 + e^-s)^2 / 2 = {r.bound_identity} and (1 + e^-s)^2 - 4e^-s = "
        f"{r.half_identity}, both nonnegative. On {r.grid} states h'(s)/min(1/2, 2e^-|s|) <= "
        f"{r.worst_ratio:.6g}. Drift example: s(T) = {list(r.drift_states)} after {list(r.drift_steps)} "
        f"steps, h'(s(T)) = {[float(f'{v:.3g}') for v in r.drift_slopes]}.",
        {
            "grid": r.grid,
            "worst_ratio": r.worst_ratio,
            "drift_steps": list(r.drift_steps),
            "drift_states": list(r.drift_states),
            "drift_slopes": list(r.drift_slopes),
        },
    )


@register(
    "X67",
    statement="For w < 0 a lone logistic unit without bias has exactly one fixed point; its factor is -1 "
    "at exactly one weight w*, between -1 and 0 above it and below -1 under it. Below w* the fixed point "
    "repels: a unit started anywhere off it leaves it and settles on a 2-cycle whose two-step factor is "
    "below one; a unit sitting exactly on it keeps it, and its error then grows as |f'w|^q. So with w < 0 "
    "the error keeps its size, to first order, only at w*.",
    source=SECTION_32 + " (the book's negative-weight case)",
    method="sympy: with u = logit(y) < 0 the weight u(1 + e^-u) and the factor u/(1 + e^u) both increase "
    "strictly in u; w* by bisection; fixed points on a grid of 200 weights in (w*, 0); escape from one "
    "relative 1e-12 off the fixed point at w = -1000 and -10; 2-cycles at 360 weights below w* "
    "(distances 1e-6 to |w*| + 1000, log grid and random), never a second one; 99 starts spread over "
    "(0, 1) at each of w = -5.88, -6, -7, -10 end on the 2-cycle; the staying half: an exact "
    "floating-point fixed point below w*, run for 1000 steps with the library's run_self_unit and "
    "self_unit_flow (activation unchanged, |flow| = |factor|^q), and the count of weights on a grid of "
    "[-20, w*) that have one",
    stated=Verdict.HOLDS,
    note="The two-step factor tends to one as w tends to w* from below: its supremum is one, not the "
    "largest value a search finds.",
)
def _x67() -> Evidence:
    from lstmnotes.carousel import (  # noqa: PLC0415
        ESCAPE,
        EXACT_LOWEST,
        MAX_STEPS,
        START,
        negative_weight_units,
    )

    r = negative_weight_units(np.random.default_rng(67))
    leaves = (
        all(k < MAX_STEPS for k in r.escape_steps)
        and r.cycles_found == r.cycle_weights
        and set(r.cycle_points) <= {1, 2}
        and r.settle_missed == 0
        and r.largest_two_step < 1.0
    )
    stays = (
        r.stuck.weight < r.neutral.weight
        and abs(r.stuck.factor) > 1.0
        and r.stuck_drift == 0.0
        and r.stuck_mismatch <= 1e-9
        and r.stuck_flow > 1.0
    )
    holds = (
        r.monotone
        and abs(r.neutral.factor + 1.0) <= 1e-12
        and r.above_largest < 1.0
        and leaves
        and stays
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sympy: weight and factor increase strictly with logit(y) ({r.monotone}); w* = "
        f"{r.neutral.weight:.6f}, y = {r.neutral.activation:.7f}. Above w*: largest |factor| "
        f"{r.above_largest:.4f}. Below: started a relative {START:g} off the fixed point the unit moves a "
        f"relative {ESCAPE:g} away within {list(r.escape_steps)} steps at w = {list(r.escape_weights)}; a "
        f"2-cycle at {r.cycles_found} of {r.cycle_weights} weights (cycle points per weight: "
        f"{list(r.cycle_points)}; of {r.settle_starts} starts at each named weight, {r.settle_missed} "
        f"did not end on it), largest two-step factor {r.largest_two_step:.7f} "
        f"(at w = {r.largest_two_step_weight:.6f}); at w = {list(r.two_step_at)}: "
        f"{[round(v, 3) for v in r.two_step_at.values()]}. On the fixed point: at w = {r.stuck.weight:g}, "
        f"y = {r.stuck.activation!r} is mapped exactly onto itself (factor {r.stuck.factor:.6f}); over "
        f"{r.stuck_steps} steps the activation moves by {r.stuck_drift:g} and |flow| reaches "
        f"{r.stuck_flow:.4g} (relative gap to |factor|^q at most {r.stuck_mismatch:.2g}); "
        f"{r.exact_found} of {r.exact_grid} weights on [-20, w*) have such an exact fixed point.",
        {
            "w_star": r.neutral.weight,
            "y_star": r.neutral.activation,
            "above_largest": r.above_largest,
            "start": START,
            "escape": ESCAPE,
            "escape_weights": list(r.escape_weights),
            "escape_steps": list(r.escape_steps),
            "cycle_weights": r.cycle_weights,
            "cycles_found": r.cycles_found,
            "cycle_points": list(r.cycle_points),
            "settle_starts": r.settle_starts,
            "settle_missed": r.settle_missed,
            "largest_two_step": r.largest_two_step,
            "largest_two_step_weight": r.largest_two_step_weight,
            "two_step_weights": [float(k) for k in r.two_step_at],
            "two_step": list(r.two_step_at.values()),
            "cycle": list(r.cycle_at),
            "stuck_weight": r.stuck.weight,
            "stuck_activation": r.stuck.activation,
            "stuck_factor": r.stuck.factor,
            "stuck_steps": r.stuck_steps,
            "stuck_lags": r.stuck_steps - 1,
            "stuck_drift": r.stuck_drift,
            "stuck_flow": r.stuck_flow,
            "exact_found": r.exact_found,
            "exact_grid": r.exact_grid,
            "exact_lowest": EXACT_LOWEST,
        },
    )


_BOUND_TOLERANCE = 1e-12
"""Relative rounding allowed when a computed norm is compared with the bound it may reach with equality."""


def _condition_search() -> Any:
    from lstmnotes.conditions import norm_bound_search  # noqa: PLC0415

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
    from lstmnotes.conditions import vanishing_survey  # noqa: PLC0415

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
        f"{surveys['logistic'].worst_ratio:.3g} (logistic), {surveys['tanh'].worst_ratio:.3g} (tanh).",
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
    from lstmnotes.conditions import exploding_survey  # noqa: PLC0415

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
        f"(necessary, not sufficient).",
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
    from lstmnotes.conditions import (  # noqa: PLC0415
        GAMMA,
        biased_fixed_point_counterexample,
        nilpotent_forward_counterexample,
        spectral_radius_counterexample,
    )
    from lstmnotes.decay import LONG_RUN_LAGS, LONG_RUN_MARGIN, LONG_RUN_SETTLE  # noqa: PLC0415

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
    from lstmnotes.decay import SURVEY_SEED, decay_survey, mean_decay_search  # noqa: PLC0415

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
        NEAR_ONE,
        NEUTRAL_SETTLES,
        decay_survey,
        long_run_rate,
        neutral_self_unit,
        neutral_unit_settling,
    )

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
    from lstmnotes.decay import SURVEY_NETS, growth_shares  # noqa: PLC0415

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


# -- the local gain |f'(net) w| (the paper's logistic paragraph) and the public answer ---------------------

ANSWER = "the public answer"


def _gain_check(name: str, **kwargs: Any) -> Callable[[], Evidence]:
    """A check that runs ``lstmnotes.gain_verdicts.<name>`` (imported when the check runs)."""

    def check() -> Evidence:
        from lstmnotes import gain_verdicts  # noqa: PLC0415

        result: Evidence = getattr(gain_verdicts, name)(**kwargs)
        return result

    check.__name__ = name
    return check


_GAIN_CLAIMS: tuple[tuple[str, str, str, str, str, Verdict, str], ...] = (
    ("P4", "exponential_products",
     ("If every factor |f'(net) w| of a path exceeds 1, the largest product grows exponentially in q; "
     "if every factor is below 1, it shrinks exponentially."),
     PAPER, "exhibited products of 10,000 logistic gains whose factors approach 1", Verdict.FALSE,
     ("Factors 1 ± 1/(m+1)^2 refute both halves. Corrected form: a uniform margin suffices (every "
     "factor ≥ ρ > 1, or ≤ ρ < 1, gives a product beyond ρ^q), but is not needed: the product shrinks "
     "(grows) exponentially exactly when limsup (product)^(1/q) < 1 (liminf > 1); factors 1, 1/4, "
     "1, 1/4, ... have no margin and shrink like (1/2)^q.")),
    ("P6", "coth_maximiser",
     "With y constant and nonzero, |f'(net) w| is largest where w = coth(net/2) / y.",
     PAPER + ", logistic paragraph",
     "sympy-verified derivation; 200 random (y, c) against a dense grid of weights", Verdict.HOLDS, ""),
    ("P7", "gain_vanishes_for_large_weights",
     "With y nonzero and y and c held fixed, |f'(net) w| tends to 0 as |w| grows without bound.",
     PAPER + ", logistic paragraph", "sympy limits and the asymptote; the y = 0 case numerically",
     Verdict.HOLDS,
     ("A statement about g(w; y, c) at fixed (y, c). In a running net, where y moves with w, the limit "
     "can fail (X23).")),
    ("P8", "gain_below_one_for_small_weights",
     "|f'(net) w| is less than 1 whenever |w| < 4.", PAPER + ", logistic paragraph",
     "the bound |w| f'_max; a grid over w, y, c; the supremum approached", Verdict.HOLDS, ""),
    ("P9", "larger_weights_do_not_help",
     ("The use of larger initial weights does not help: as seen above, for [|w|] -> infinity the relevant "
     "derivative goes to zero 'faster' than the absolute weight can grow."),
     PAPER + ", logistic paragraph",
     ("elasticity of f' in |w| on a grid (c = 0); a scan of y for weights above 4 that lift the gain above "
     "1 (c = 0); 2,000 random (y, c) and y = 1, c = 10 with an offset"),
     Verdict.CONDITIONAL,
     ("The reason, which concerns |w| -> infinity, is right with y and c held fixed (P7); in a running "
     "net, where y moves with w, the limit can fail (X23). The conclusion: for c = 0 the factor "
     "falls with |w| beyond the maximiser |w y| = x* and never exceeds K/|y|, so for |y| >= K no weight "
     "makes it exceed 1 (below the maximiser a larger weight still raises it); for |y| < K a weight above "
     "4 (up to x*/|y|) lifts it above 1. For c != 0 a weight near -c/y gives about |c|/(4|y|), which can be "
     "far above 1 even for |y| > K.")),
    ("P10", "learning_rate_keeps_ratio",
     "A larger learning rate does not change the ratio of long-range to short-range error flow.",
     PAPER + ", logistic paragraph",
     ("sympy proof that every ratio of lag contributions is free of the rate; the library's updates on "
     "one net for several rates"), Verdict.HOLDS,
     ("Cannot fail for one update at given weights: the rate multiplies every term of the update, so the "
     "check is a proof of exactly that. It says nothing about later updates, whose weights a larger step "
     "has moved further.")),
    ("P18", "weights_cross_zero",
     ("Larger initial weights do not avoid small weights: some weights will have to change their sign, "
     "crossing zero on the way."),
     PAPER + ", logistic paragraph",
     ("the smallest |w| on a sign change in bounded steps, against random walks; gradient descent on "
     "one logistic unit with a small and a large learning rate"), Verdict.CONDITIONAL,
     ("Holds for continuous paths and for updates that change the weight by less than 8: some iterate "
     "then has |w| < 4. A single larger step can jump across, as a large learning rate does on one "
     "logistic unit. Whether a weight must change its sign depends on the task and the start; the "
     "remark assumes it. Small weights make each factor of that weight smaller than 1, but the flow of a "
     "net with n ≥ 2 need not vanish there (P16).")),
    ("S7", "four_is_not_sharp",
     ("Reported slip: 'less than 1 for |w| < 4' is sufficient, not sharp: for a given activation y the "
     "gain stays below 1 beyond |w| = 4."),
     "readers of §3.1",
     "the smallest |w| with gain 1 for c = 0 at several y, for c = -4y, for random (y, c) and a fixed c",
     Verdict.CONDITIONAL,
     ("True for c = 0: the first |w| with gain 1 is x1/|y| > 4, where x1 < x* solves x f'(x) = |y|; it "
     "falls to 4 as |y| -> 0; for |y| > K no weight reaches 1, and at |y| = K the peak is exactly 1. True "
     "for every fixed (y, c) with |c| != 4|y|. False with c free: c = -wy makes the gain |w|/4, so 4 is "
     "the sharp constant over all (y, c).")),
    ("A1", "answer_coth_derivation",
     "The answer's derivation of the coth condition, through tanh(x/2) = 2σ(x) − 1, is correct.",
     ANSWER, "sympy checks its identities, its expanded derivative and the verified derivation",
     Verdict.HOLDS, ""),
    ("A2", "answer_y_constant",
     "Holding y constant is just an assumption made to make the analysis easier.", ANSWER,
     ("∂y/∂w in a running net, step by step; the pointwise bounds at every state of running nets; the "
     "best weight of a running factor against the coth maximiser at its state; the limit on the smallest "
     "net where y moves with w (X23)"), Verdict.CONDITIONAL,
     ("Right for the pointwise bounds (factor ≤ |w|/4, below 1 for |w| < 4, ≤ max_w g): at every state "
     "the factor is g(w; y, c) at that state's y and c, so they hold however y depends on w, and holding "
     "y fixed only makes them easier to derive. Not for what the paper draws about g as w varies: in a "
     "running net y moves with the weight once its effect has come back, so the coth maximiser is the "
     "best weight only at a frozen state and the limit can fail (X23).")),
    ("X21", "answer_not_good_assumption",
     "Holding y constant is not a good assumption.", ANSWER,
     ("the pointwise bounds at every state of 12 random running nets (n = 1..6), one weight set to 241 "
     "values and the net rerun each time: definitional, since c := net - w y makes the factor g(w; y, c), "
     "'≤ |w|/4' is Theorem 1 and '≤ max_w g' follows, so this part can fail only through a library slip; "
     "the limit on the smallest net where y moves with w (X23); the best weight of a running factor "
     "against the coth maximiser at its state"), Verdict.CONDITIONAL,
     ("Right for where the maximum lies and for the limit, read as statements about a running net: y "
     "moves with w, the coth maximiser is the best weight only at a frozen state, and the limit fails "
     "(X23), which is what 'larger initial weights will not help' rests on. Wrong for the pointwise "
     "bounds, which hold at every state (A2). The reason the answer gives, net = 0, is A3.")),
    ("A3", "answer_net_zero",
     ("Net = 0 undermines the coth condition: 'even if we let y non-zero, we can still make net = 0, "
     "which make coth undefined', so the condition can require coth(0)."), ANSWER,
     ("w = -c/y reaches net = 0; sympy at net = 0; the maximisers of 10,000 random and four structured "
     "(y, c)"), Verdict.FALSE,
     ("The sentence is literally true (w = -c/y gives net = 0), but the condition never needs coth(0): "
     "at a stationary point (2σ(net) − 1) y w = 1, so 2σ(net) − 1 ≠ 0 and net ≠ 0.")),
    ("A4", "answer_limit",
     "The answer's limit argument shows |f'(net) w| → 0 as |w| → ∞.", ANSWER,
     "sympy limits for both signs of w and y; the y = 0 case; the limit with the answer's own sum",
     Verdict.CONDITIONAL,
     ("Right for y ≠ 0, but argued for w → +∞ only (w → −∞ follows from g(−w; y, c) = g(w; −y, c), "
     "which it does not state); needs y ≠ 0 (with y = 0 the gain grows without bound); its reason, "
     "'f' is sigmoid function, which use exponential in it', read literally (f' = σ) gives "
     "σ(w y) w → ∞ for y > 0: only the formula it writes next, σ(1 − σ) w, "
     "has the limit 0, and the reason that makes it so, exponential decay of σ' beating linear growth, "
     "is not given; and it writes the net input as a sum over the receiving unit instead of the sending "
     "units (X20), which does not change the limit.")),
    ("X20", "answer_net_sum_slip",
     ("The answer's limit writes the net input of l_m as Σ_{l*} w_{l* l_{m-1}} y^{l_{m-1}}(t-m-1)."),
     ANSWER, "sympy compares it with net_{l_m} for n = 1, 2, 3; exhaustive 0/1 search", Verdict.FALSE,
     ("That sum runs over the weights leaving l_{m-1}, each times y^{l_{m-1}}; the net input of l_m sums "
     "the weights into l_m, Σ_j w_{l_m j} y^j(t-m-1). They agree only for n = 1. An index slip: it sums "
     "over the receiving unit instead of the sending units. Not a transposition like the printed (3.2): "
     "swapping its weight's indices gives Σ w_{l_{m-1} l*} y^{l_{m-1}}, still not net_{l_m}.")),
    ("X22", "regrouped_factors_are_gains",
     ("The paper's mis-indexed (3.2) made 'the implications all wrong' (the coth condition and the "
     "limit, both with y and c held fixed, and 'below 1 for |w| < 4')."), ANSWER,
     ("every regrouped pair f'_{l_m}(t-m) w_{l_m l_{m+1}} on paths up to q = 5 in 40 random logistic nets "
     "(n = 1..5, weights of both signs up to 8): the weight feeds the slope, the pair is g(w; y, c) at its "
     "state's y > 0 and c (so P6 and P7, statements about g at fixed y and c, apply to it; no limit is "
     "taken and no maximiser sought in a running net), at most max_w g, below 1 where |w| < 4"),
     Verdict.FALSE,
     ("After the correction and the regrouping each of the first q - 1 slopes meets the weight into its "
     "own unit, and every such pair is a gain g(w; y, c) of that weight with y > 0: with y and c held "
     "fixed, the coth condition (P6) and the limit (P7) hold for it as stated, and 'below 1 for |w| < 4' "
     "(P8) holds at every state. In a running net the limit can fail for such a pair (X23), as for any "
     "factor, whatever the indexing. What does not carry over either is the step from factors to the "
     "flow of a net (P16).")),
    ("X23", "running_limit",
     ("The limit |f'(net) w| -> 0 as |w| -> infinity holds in a running net, where y depends on w."),
     PAPER + ", logistic paragraph, read for a running net",
     ("the smallest candidate: one logistic unit, self-weight w, no bias or input, y(0) = 1/2, the factor "
     "f'(net(2)) w at t = 2 for w from -4 to -1000, with the crossing of |factor| = 1 by bisection"),
     Verdict.FALSE,
     ("At t = 1 the factor is g(w; y(0), 0) with y(0) fixed and tends to 0. At t = 2 the activation it "
     "multiplies, y(1) = σ(w/2) > 0, moves with w: net(2) = w σ(w/2) tends to 0 as w -> -infinity, so the "
     "factor grows like w/4 without bound while the frozen gain at y = 1/2 tends to 0. Paths of two or "
     "more steps still vanish there, because the first step saturates.")),
)  # fmt: skip

for _id, _name, _statement, _source, _method, _stated, _note in _GAIN_CLAIMS:
    register(_id, statement=_statement, source=_source, method=_method, stated=_stated, note=_note)(
        _gain_check(_name)
    )


# -- the regrouped product (slips 2 and 3) and the paper's "vanishes while |w| < 4" ------------------------


def _regroup_check(name: str) -> Callable[[], Evidence]:
    """A check that runs ``lstmnotes.regrouping_evidence.<name>`` (imported when the check runs)."""

    def check() -> Evidence:
        from lstmnotes import regrouping_evidence  # noqa: PLC0415

        result: Evidence = getattr(regrouping_evidence, name)()
        return result

    check.__name__ = name
    return check


_REGROUP_CLAIMS: tuple[tuple[str, str, str, str, str, Verdict, str], ...] = (
    ("S2", "corrected_pairing_needs_regrouping",
     ("Reported slip: once (3.2) is corrected, each slope f'_{l_m} meets a weight that does not feed "
     "net_{l_m}(t-m) unless l_{m-1} = l_m; regrouping pairs it with w_{l_m l_{m+1}}, whose input is "
     "y^{l_{m+1}}(t-m-1)."),
     "readers of §3.1; the public answer leaves it to the reader",
     "feeding relation over all unit triples; sympy verifies the regrouped product; a running net",
     Verdict.HOLDS, ""),
    ("S3", "time_arguments_dropped",
     ("Reported slip: the coth sentence drops the time arguments; the slope is taken at "
     "net_{l_m}(t-m) and the activation in the role of y is that of step t-m-1."),
     "readers of §3.1",
     ("finite differences of the forward map: the flow against the regrouped products at the right "
     "times and with the slopes one step later; the activation one step later in the role of y (that "
     "each bracket's weight, moved at one step only, changes net_{l_m}(t-m) at the rate "
     "y^{l_{m+1}}(t-m-1) is the definition of net and only guards the library's bookkeeping)"),
     Verdict.HOLDS, ""),
    ("P16", "small_weights_flow_vanishes",
     ("The paper concludes: \"Hence with conventional logistic sigmoid transfer functions, the error "
     "flow tends to vanish as long as the weights have absolute values below 4.0, especially in the "
     "beginning of the training phase\"."),
     PAPER + ", logistic paragraph",
     ("decided on random nets of 200 units with |w| <= 2 from random starts, twelve seeds; beside it: "
     "the fraction of random nets with |w| <= 3.9 whose flow grows, n = 2 to 50, four seeds; one unit "
     "on a grid of inputs; the two-unit search (sign patterns, random nets, coordinate search)"),
     Verdict.FALSE,
     ("Corrected form: true for one unit (its factor is at most |w|/4 < 1); for n >= 2 units the flow "
     "vanishes when n w_max < 4 (P13), the largest eigenvalue of |W| is below 4 (X30) or the largest "
     "singular value of W is below 4 (X4), but weights merely below 4 do not suffice. The refutation "
     "is typical: every random net of 200 units with |w| <= 2 tried has a growing flow, and the "
     "fraction of random nets with |w| <= 3.9 whose flow grows rises with n. The minimal state-level "
     "counter-example, W = a[[1, -1], [-1, 1]] held at y = (1/2, 1/2) (every factor a/4, flow growing "
     "like (a/2)^q for 2 < a < 4), is an unstable fixed point: from a nearby start the flow shrinks. "
     "On 'the beginning of training': only the weight scale is checked, not a training run: the same "
     "nets with weights ten times smaller have decaying flows.")),
    ("X31", "alternating_threshold_sharp",
     ("For every even n, W = (4/n) s s^T with s = (1, -1, 1, ...) run from y(0) = 1/2 keeps its largest "
     "flow at 1/n at every lag: the strict inequality n w_max < 4 of P13 cannot be relaxed."),
     "this book (sharpness of P13)",
     "sympy with n = 2k, q symbolic; runs at n = 2, 4, 8, 16 against 1/n at every lag up to 30",
     Verdict.HOLDS, ""),
    ("X30", "entrywise_bound",
     ("For logistic units every entry of the flow matrix over q steps is at most the matching entry of "
     "(|W|^T/4)^q; so the flow vanishes when the largest eigenvalue of the entrywise |W| is below 4."),
     "this book (the bound behind P13)",
     ("the flow of every two-unit sign pattern at the counter-example's weight size and of random "
     "nets of 2 to 50 units against the entrywise bound, at lags up to 20"),
     Verdict.HOLDS, ""),
    ("A6", "answer_still_vanishes",
     ("\"by fixing (3.2) and sorting out the implications the result still holds (gradients are "
     "still vanishing)\": error flow vanishes for small weights (the answer names no threshold)."),
     "the public answer",
     ("per-path bound (max|w|/4)^q on the worst searched nets; the two-unit search of P16 below and "
     "above n w_max = 4; the step bound ||F' W^T||_2 <= sigma_max(W)/4"),
     Verdict.FALSE,
     ("Corrected: the flow vanishes per path (each term is at most (w_max/4)^q), for one unit, and for "
     "nets with n w_max < 4 (P13), rho(|W|) < 4 (X30) or largest singular value of W below 4 (X4). No "
     "bound a on the weights alone suffices for every n: the n^(q-1) path terms can add up to a growing "
     "flow, in the alternating net a s s^T of more than 4/a units at its fixed point (the evidence gives "
     "one) and in random nets of many units (P16). Read with the paper's threshold 4.0 it is the paper's conclusion P16, false as well.")),
)  # fmt: skip

for _id, _name, _statement, _source, _method, _stated, _note in _REGROUP_CLAIMS:
    register(_id, statement=_statement, source=_source, method=_method, stated=_stated, note=_note)(
        _regroup_check(_name)
    )
