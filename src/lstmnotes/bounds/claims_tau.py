"""The weak-bound chapter's claims on small weights, each registered with the check that decides it afresh.

The corollary $n\\tau^q$ (P13), the sharper $\\tau^q/n$ of counting paths (X42), the global flow (P17) and
$f'_{max} \\le 1/4$, on which $\\tau = n\\,w_{max}/4$ rests (slip 6). Every check calls the library and
returns an {py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger
collects this module with the other claims modules.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstmnotes.ledger import (
    PAPER,
    Evidence,
    Verdict,
    matrix_text,
    register,
)

__all__: list[str] = []


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
    from lstmnotes.bounds.evidence import TOLERANCE  # noqa: PLC0415
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
        f"{search.worst['global'].ratio:.12g} (a ratio refutes the bound only beyond 1 + {TOLERANCE:g}, "
        f"the rounding allowance); all weights w_max, slopes 1/4: ratios {equal}"
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
