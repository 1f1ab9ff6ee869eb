"""The claims of the error-flow chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

from lstmnotes.ledger import (
    PAPER,
    Evidence,
    Verdict,
    counterexample_or_none,
    matrix_text,
    register,
)

__all__: list[str] = []

# -- error flow: eqs. (3.1), (3.2), the matrix form and the weak bound ------------------------------------


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
    from lstmnotes.flow.evidence_q1 import (  # noqa: PLC0415
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
    from lstmnotes.flow.evidence_printed import (  # noqa: PLC0415
        printed_path_sum_counterexample,
        printed_symmetric_agreement,
    )

    c = counterexample_or_none(printed_path_sum_counterexample)
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
        f"smallest counter-example: n = {c.n}, q = {c.q}, W = {matrix_text(c.W)}, u = {c.u + 1}, "
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
    from lstmnotes.flow.evidence_printed import (  # noqa: PLC0415
        printed_symmetric_agreement,
        transposed_run_counterexample,
    )

    sym = printed_symmetric_agreement()
    c = counterexample_or_none(transposed_run_counterexample)
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
        f"W = {matrix_text(c.W)}, y(0) = {c.y0}, t = {c.t}, q = {c.q}, u = {c.u + 1}, v = {c.v + 1}: printed "
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
    from lstmnotes.flow.evidence_q1 import q1_case  # noqa: PLC0415

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
    from lstmnotes.flow.evidence_corrected import corrected_path_sum_agreement  # noqa: PLC0415

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
    from lstmnotes.flow.evidence_cancelling import cancelling_paths_example  # noqa: PLC0415

    e = cancelling_paths_example()
    linear = cancelling_paths_example("identity")
    holds = e.signs_differ and e.more_units_less_flow
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"logistic units, y(0) = {e.y0}, from t = {e.t} back q = {e.q} steps: W = {matrix_text(e.small_W)} gives "
        f"flow {e.small_flow:.4f}; adding a unit, W = {matrix_text(e.large_W)}, paths with terms "
        f"{e.terms[0]:+.4f} and {e.terms[1]:+.4f} give {e.large_flow:+.4f}",
        {"small_flow": e.small_flow, "large_flow": e.large_flow, "terms": list(e.terms),
         "ratio": abs(e.small_flow / e.large_flow), "q": e.q, "t": e.t, "t_end": e.t - e.q,
         "y0": list(e.y0), "self_weight": e.large_W[0][0], "out_weight": e.large_W[1][0],
         "back_weight": e.large_W[0][1], "linear_small": linear.small_flow,
         "linear_large": linear.large_flow},
    )  # fmt: skip
