"""The weak-bound chapter's claims on the matrix form, each registered with the check that decides it afresh.

The matrix form equals the scaling factor (P11); the remark on its layout, read literally, does not fit
it (slip 4). Every check calls the library and returns an {py:class}`~lstmnotes.ledger.Evidence` whose
summary carries the computed numbers; the ledger collects this module with the other claims modules.
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
