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
    method="symbolic: sympy differentiates the back-propagation rule of a 3-unit net",
    stated=Verdict.HOLDS,
)
def _p1() -> Evidence:
    from lstmnotes.flow_evidence import q1_case  # noqa: PLC0415

    case = q1_case()
    return Evidence(
        Verdict.HOLDS if case.recursion_follows_from_rule else Verdict.FALSE,
        f"sympy: ∂ϑ_v(t-1)/∂ϑ_u(t) = {case.recursion} for u = 2, v = 1",
        {"recursion": str(case.recursion)},
    )


@register(
    "P2",
    statement="The path sum (3.2), with the weight index as printed, equals the recursion (3.1) for "
    "every net, lag and pair of units.",
    source=PAPER + ", eq. (3.2)",
    method="exhaustive search over 0/1 weight matrices, smallest n and q first; symbolic unrolling",
    stated=Verdict.FALSE,
    note="Corrected: the weight of step m is w_{l_{m-1} l_m} (from l_m to l_{m-1}); as printed, the "
    "sum is the flow of the transposed net, right only for symmetric W.",
)
def _p2() -> Evidence:
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
        printed_path_sum_counterexample,
        printed_symmetric_agreement,
    )

    c = _search(printed_path_sum_counterexample)
    if c is None:
        return Evidence(
            Verdict.HOLDS,
            "the printed sum agrees with the recursion on every 0/1 net searched (n ≤ 3, q ≤ 3)",
        )
    sym = printed_symmetric_agreement()
    return Evidence(
        Verdict.HOLDS if c.printed_holds else Verdict.FALSE,
        f"smallest counter-example: n = {c.n}, q = {c.q}, W = {_m(c.W)}, u = {c.u + 1}, "
        f"v = {c.v + 1}: the recursion gives {c.true_value}, the printed sum {c.printed_value}; "
        f"the printed sum is the flow of Wᵀ ({sym.printed_is_transposed}) and agrees for symmetric W "
        f"({sym.agrees_when_symmetric}, n, q ≤ 3)",
        {"n": c.n, "q": c.q, "W": c.W, "u": c.u, "v": c.v, "true": c.true_value,
         "printed": c.printed_value},
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
        {"cases": agreement.cases},
    )


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
    holds = e.signs_differ and e.more_units_less_flow
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"logistic units, q = {e.q}: W = {_m(e.small_W)} gives flow {e.small_flow:.4f}; adding a unit, "
        f"W = {_m(e.large_W)}, paths with terms {e.terms[0]:+.4f} and {e.terms[1]:+.4f} give "
        f"{e.large_flow:+.4f}",
        {"small_flow": e.small_flow, "large_flow": e.large_flow, "terms": e.terms},
    )


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
        {"cases": agreement.cases},
    )


@register(
    "S4",
    statement="Reported slip: '[A]_ij is the element in the i-th column and j-th row' contradicts "
    "W_v = W e_v (v's outgoing weights).",
    source="readers of §3.1",
    method="exhaustive search for the smallest net where the literal reading changes the flow",
    stated=Verdict.HOLDS,
)
def _s4() -> Evidence:
    from lstmnotes.flow_evidence import column_row_reading_counterexample  # noqa: PLC0415

    e = _search(column_row_reading_counterexample)
    if e is None:
        return Evidence(
            Verdict.FALSE,
            "read column-row, the matrix form gives the right flow on every 0/1 net searched "
            "(n = 2, 3; q = 2, 3, 4): no contradiction shows",
        )
    return Evidence(
        Verdict.FALSE if e.reading_consistent else Verdict.HOLDS,
        f"W = {_m(e.W)}: the paper's W_v = {e.paper_W_v}, but the literal reading gives W e_v = "
        f"{e.W_e_v_column_row}; for W = {_m(e.flow_W)}, q = {e.q} it gives flow {e.column_row_flow:g} "
        f"instead of {e.true_flow:g}",
        {"true_flow": e.true_flow, "literal_flow": e.column_row_flow},
    )


@register(
    "S5",
    statement="Reported slip: e_u W should be e_u^T W, and ‖e_u^T W‖ ≤ ‖W‖_A ‖e_u‖ does not follow "
    "from compatibility in general.",
    source="readers of §3.1",
    method="exhaustive search over 0/1 matrices for the common norm pairs",
    stated=Verdict.HOLDS,
)
def _s5() -> Evidence:
    from lstmnotes.flow_evidence import compatibility_counterexample  # noqa: PLC0415

    e = _search(compatibility_counterexample)
    if e is None:
        return Evidence(
            Verdict.FALSE,
            "‖e_u^T W‖ ≤ ‖W‖_A ‖e_u‖ holds for every common norm pair on every 0/1 matrix searched "
            "(n = 2, 3)",
        )
    return Evidence(
        Verdict.FALSE if e.step_holds else Verdict.HOLDS,
        f"{e.norm} pair, W = {_m(e.W)}, u = {e.u + 1}: ‖e_u^T W‖ = {e.row_norm:g} > ‖W‖_A = "
        f"{e.matrix_norm:g}; the step holds for {', '.join(e.step_holds_for)}",
        {"norm": e.norm, "row_norm": e.row_norm, "matrix_norm": e.matrix_norm},
    )


@register(
    "P12",
    statement="The weak bound |∂ϑ_v(t-q)/∂ϑ_u(t)| ≤ n (f'_max ‖W‖_A)^q holds for any matrix norm "
    "compatible with a vector norm.",
    source=PAPER + ", weak upper bound",
    method="random survey of logistic nets for four norm pairs; exhaustive search for a weighted "
    "max-norm pair",
    stated=Verdict.CONDITIONAL,
    note="Holds for the paper's max-row-sum / max-norm pair and for the 1-, 2- and Frobenius norms; "
    "fails for some compatible pairs, e.g. a weighted max norm.",
)
def _p12() -> Evidence:
    from lstmnotes.flow_evidence import (  # noqa: PLC0415
        weak_bound_counterexample,
        weak_bound_survey,
    )

    survey = weak_bound_survey(np.random.default_rng(12), nets=60)
    counter = _search(weak_bound_counterexample)
    common = sum(survey.bound_violations.values()) == 0
    verdict = (
        Verdict.CONDITIONAL
        if common and counter is not None and not counter.bound_holds
        else Verdict.HOLDS
    )
    if not survey.paper_pair_holds or not common:
        verdict = Verdict.FALSE
    found = (
        "no weighted max norm d = (1, K ≤ 10) breaks the bound on 0/1 nets (q ≤ 4)"
        if counter is None
        else f"weighted max norm d = {counter.d}, W = {_m(counter.W)}, q = {counter.q}: flow "
        f"{counter.flow} > bound {counter.bound}"
    )
    return Evidence(
        verdict,
        f"{survey.nets} random nets, {survey.checks} (net, q, u, v) checks: violations "
        f"{survey.bound_violations}; {found}",
        {"violations": survey.bound_violations,
         "counter_flow": None if counter is None else str(counter.flow),
         "counter_bound": None if counter is None else str(counter.bound)},
    )  # fmt: skip


@register(
    "P13",
    statement="If every |w_ij| ≤ w_max < 4/n, the flow is at most n τ^q with τ = n w_max / 4 < 1.",
    source=PAPER + ", weak upper bound",
    method="random survey: logistic nets with n ≤ 8, q ≤ 30, w_max just below 4/n",
    stated=Verdict.HOLDS,
)
def _p13() -> Evidence:
    from lstmnotes.flow_evidence import tau_corollary_survey  # noqa: PLC0415

    survey = tau_corollary_survey(np.random.default_rng(13))
    return Evidence(
        Verdict.HOLDS if survey.holds else Verdict.FALSE,
        f"{survey.nets} nets up to q = {survey.q_max}: {survey.violations} violations; largest flow "
        f"/ bound {survey.worst_ratio:.3f}; largest τ {survey.largest_tau:.4f}",
        {"violations": survey.violations, "worst_ratio": survey.worst_ratio},
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
    from lstmnotes.flow_evidence import fprime_max_evidence  # noqa: PLC0415

    e = fprime_max_evidence(np.random.default_rng(6))
    confirmed = not e.equality_in_general and e.quarter_is_safe
    return Evidence(
        Verdict.HOLDS if confirmed else Verdict.FALSE,
        f"σ' = 1/4 only at x ∈ {set(map(str, e.where_quarter))}; a random run has f'_max = "
        f"{e.random_fprime_max:.6f} (smallest |net| {e.random_min_abs_net:.3f}); with a zero net "
        f"input {e.zero_net_fprime_max:g}; using 0.25 only loosens the bound "
        f"({e.bound_with_actual:.4g} → {e.bound_with_quarter:.4g})",
        {"random_fprime_max": e.random_fprime_max},
    )


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
    "activation stays constant only if the self-connection is the unit's only input and C = 0.",
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
    method="symbolic flow over symbolic q; 10,000 steps in floating point, with and without inputs",
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
    "stays constant' assumes the self-connection is the only input.",
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
        "gradients": list(r.gradients),
        "opposing": list(r.opposing),
        "gated_residual": r.gated_residual,
        "fixed_weight": r.run.w_out if r.weight == "w_in" else r.run.w_in,  # the other weight
    }


@register(
    "X1",
    statement="Input weight conflict: one incoming weight that must store an early input and ignore a "
    "later distractor receives opposing gradient contributions.",
    source=SECTION_32,
    method="minimal two-step carousel; per-demand gradients, checked against autograd in the tests",
    stated=Verdict.HOLDS,
)
def _x1() -> Evidence:
    from lstmnotes.conflicts import input_weight_conflict  # noqa: PLC0415

    r = input_weight_conflict()
    return Evidence(Verdict(r.verdict), r.summary, _conflict_data(r))


@register(
    "X2",
    statement="Output weight conflict: one outgoing weight that must read the stored value and protect "
    "its target receives opposing gradient contributions.",
    source=SECTION_32,
    method="minimal two-step carousel; per-demand gradients, checked against autograd in the tests",
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
    method="random cells: the truncated derivative along the carousel; the state under constant input",
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
    note="For w < 0 the held activation lies below 1/2 and its factor is negative; at the weight in the "
    "evidence it is exactly −1 (the error keeps its size for ever, alternating in sign), and at the more "
    "negative weights searched it exceeds one in size. The bound < 1 needs w > 0 (X60).",
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
        f"found {search.two_cycles}, largest two-step product {search.worst_two_cycle:.4f}.",
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
    "parametrised by that value: 401 values, every fixed point of each; the only second candidate "
    "1 − y, scanned",
    stated=Verdict.HOLDS,
)
def _x63() -> Evidence:
    from lstmnotes.carousel import unit_factor_values, unit_flow_condition  # noqa: PLC0415

    values = unit_factor_values()
    range_ok = unit_flow_condition().verdict != "false as stated"
    holds = (
        range_ok
        and values.most_with_unit_factor == 1
        and values.most_with_minus_one == 1
        and values.largest_scaled_gap < 0
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Over {values.activations} held values y (each with its own w = 1/(y(1-y)) and bias), at most "
        f"{values.most_with_unit_factor} held activation has factor +1 and at most "
        f"{values.most_with_minus_one} has factor -1; a second value with factor +1 would be 1 - y, "
        f"needing D(y) = 0, but D(y)/(y - 1/2)^3 <= {values.largest_scaled_gap:.4f} on (1/2, 1).",
        {
            "values": values.activations,
            "most_plus": values.most_with_unit_factor,
            "most_minus": values.most_with_minus_one,
            "largest_scaled_gap": values.largest_scaled_gap,
        },
    )


@register(
    "X64",
    statement="In the 1997 cell, with cell inputs of one sign and no recurrent weights into the input "
    "gate or the cell input, a more negative input-gate bias leaves a smaller |s(t)| at every step, so "
    "h'(s) stays larger: the paper's remedy for internal state drift.",
    source="Hochreiter & Schmidhuber 1997, §4 (internal state drift and remedies)",
    method="an example over 200 steps with biases 0 to −4; 100 random cells, every pair of biases and "
    "every step",
    stated=Verdict.HOLDS,
)
def _x64() -> Evidence:
    from lstmnotes.cell import input_gate_bias_drift  # noqa: PLC0415

    r = input_gate_bias_drift(np.random.default_rng(64))
    example_slows = all(a > b for a, b in zip(r.state_end, r.state_end[1:], strict=False))
    holds = r.violations == 0 and r.worst_margin <= 0 and example_slows
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Biases {list(r.biases)} over {r.steps} steps of positive input: s(T) = "
        f"{[round(v, 3) for v in r.state_end]}, h'(s(T)) = {[float(f'{v:.3g}') for v in r.slope_end]}, "
        f"error reaching the first cell input {[float(f'{v:.3g}') for v in r.flow_to_start]}. "
        f"{r.cells} random cells: {r.violations} (pair, step) with a larger |s| under the more negative "
        f"bias; largest difference {r.worst_margin:.3g}.",
        {
            "biases": list(r.biases),
            "steps": r.steps,
            "state_end": list(r.state_end),
            "slope_end": list(r.slope_end),
            "flow_to_start": list(r.flow_to_start),
            "cells": r.cells,
            "violations": r.violations,
            "worst_margin": r.worst_margin,
        },
    )


@register(
    "P19",
    statement="The naive approach (a carousel with plain input and output weights) works only for "
    "simple problems with local input/output representations and non-repeating input patterns.",
    source=SECTION_32 + " (last paragraph)",
    method="random 'store each relevant symbol once' tasks for the naive carousel, by code and "
    "repetition of the inputs: the least squared error by least squares",
    stated=Verdict.CONDITIONAL,
    note="Computed for the input side in the naive carousel with a linear read-out: local, non-repeating "
    "inputs always admit zero error; a repeated relevant symbol never does (the input weight conflict); "
    "but linearly independent distributed codes admit zero error too, so 'local' can be weakened to "
    "'linearly independent'. Whether learning works well is not computed.",
)
def _p19() -> Evidence:
    from lstmnotes.conflicts import naive_representation_survey  # noqa: PLC0415

    r = naive_representation_survey(np.random.default_rng(19))
    n = r.tasks
    local_ok = r.solved["local/non-repeating"] == n
    repeats_fail = all(
        r.solved[f"{c}/repeating"] == 0 for c in ("local", "independent", "dependent")
    )
    independent_ok = r.solved["independent/non-repeating"] == n
    if not local_ok:
        verdict = Verdict.FALSE
    elif repeats_fail and independent_ok:
        verdict = Verdict.CONDITIONAL  # 'local' is more than needed
    elif repeats_fail and r.solved["independent/non-repeating"] == 0:
        verdict = Verdict.HOLDS
    else:
        verdict = Verdict.FALSE
    return Evidence(
        verdict,
        f"{n} random tasks ({r.symbols} symbols, {r.steps} steps, {r.sequences} sequences each): tasks "
        f"solved exactly {r.solved}; largest least error {r.largest['local/non-repeating']:.2g} for local "
        f"non-repeating inputs, smallest {r.smallest['local/repeating']:.3g} with a repeat.",
        {
            "tasks": n,
            "symbols": r.symbols,
            "steps": r.steps,
            "sequences": r.sequences,
            "solved": r.solved,
            "largest": r.largest,
            "smallest": r.smallest,
        },
    )


@register(
    "X4",
    statement="With ‖diag(f')‖ ≤ γ, a largest singular value of W below 1/γ suffices for the error "
    "flow to vanish.",
    source="Pascanu, Mikolov & Bengio 2013",
    method="random logistic nets below the threshold: flow norms against (γ σ_max)^q",
    stated=Verdict.HOLDS,
)
def _x4() -> Evidence:
    from lstmnotes.conditions import vanishing_condition_check  # noqa: PLC0415

    return _adopt(vanishing_condition_check(np.random.default_rng(4), nets=40))


@register(
    "X5",
    statement="A largest singular value of W above 1/γ is necessary for the error flow to explode.",
    source="Pascanu, Mikolov & Bengio 2013",
    method="random tanh nets: every exploding net lies above the threshold",
    stated=Verdict.HOLDS,
)
def _x5() -> Evidence:
    from lstmnotes.conditions import exploding_condition_check  # noqa: PLC0415

    return _adopt(exploding_condition_check(np.random.default_rng(5), nets=100))


@register(
    "X6",
    statement="The same conditions hold with the spectral radius of W in place of its largest singular "
    "value.",
    source="a common reading of Pascanu, Mikolov & Bengio 2013",
    method="exhibited counter-example: a nilpotent 2 × 2 weight matrix, and a forward run of tanh units",
    stated=Verdict.FALSE,
    note="The condition needs the largest singular value; a spectral radius below 1/γ does not stop "
    "the flow from growing.",
)
def _x6() -> Evidence:
    from lstmnotes.conditions import spectral_radius_counterexample  # noqa: PLC0415

    return _adopt(spectral_radius_counterexample())


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
     PAPER, "exhibited products of 10,000 logistic gains whose factors approach 1", Verdict.CONDITIONAL,
     ("Needs a uniform margin: every factor ≥ 1 + ε (or ≤ 1 − ε); factors that tend to 1 can stay "
     "bounded.")),
    ("P6", "coth_maximiser",
     "With y constant and nonzero, |f'(net) w| is largest where w = coth(net/2) / y.",
     PAPER + ", logistic paragraph",
     "sympy-verified derivation; 200 random (y, c) against a dense grid of weights", Verdict.HOLDS, ""),
    ("P7", "gain_vanishes_for_large_weights",
     "With y nonzero, |f'(net) w| tends to 0 as |w| grows without bound.",
     PAPER + ", logistic paragraph", "sympy limits and the asymptote; the y = 0 case numerically",
     Verdict.HOLDS, ""),
    ("P8", "gain_below_one_for_small_weights",
     "|f'(net) w| is less than 1 whenever |w| < 4.", PAPER + ", logistic paragraph",
     "the bound |w| f'_max; a grid over w, y, c; the supremum approached", Verdict.HOLDS, ""),
    ("P9", "larger_weights_do_not_help",
     "Larger initial weights do not help, because the derivative falls faster than the weight grows.",
     PAPER + ", logistic paragraph",
     "elasticity of f' in |w| on a grid (c = 0); a scan of y for weights above 4 that lift the gain above 1",
     Verdict.CONDITIONAL,
     ("For c = 0: true beyond |w y| = x* (the root of x tanh(x/2) = 1), where the elasticity of f' is below "
     "-1, and the gain never exceeds K/|y|; for |y| < K a weight above 4 (up to x*/|y|) gives more gain "
     "than one of 4, and above 1.")),
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
    ("S2", "corrected_pairing_needs_regrouping",
     ("Reported slip: once (3.2) is corrected, each slope f'_{l_m} meets a weight that does not feed "
     "net_{l_m}(t-m); regrouping pairs it with w_{l_m l_{m+1}}, whose input is y^{l_{m+1}}(t-m-1)."),
     "readers of §3.1; the public answer leaves it to the reader",
     "feeding relation over all unit triples; sympy verifies the regrouped product; a running net",
     Verdict.HOLDS, ""),
    ("S3", "time_arguments_dropped",
     "Reported slip: the coth sentence drops the time arguments; net_{l_m} means net_{l_m}(t-m).",
     "readers of §3.1", "each factor of a running net against the gain, with and without the times",
     Verdict.HOLDS, ""),
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
     "Holding y constant is just an assumption made to ease the analysis.", ANSWER,
     "∂y/∂w in a running net, step by step; the drawback it names, decided by A3", Verdict.CONDITIONAL,
     ("Right that it is an assumption, and a genuine simplification: y depends on the weight once the "
     "weight has acted. What it buys is a bound on one factor at a frozen state of the net. The "
     "drawback the answer names, net = 0, never occurs at a stationary point (A3).")),
    ("A3", "answer_net_zero",
     "A stationary point can have net = 0, where coth(net/2) is undefined.", ANSWER,
     "sympy at net = 0; the maximisers of 10,000 random and four structured (y, c)", Verdict.FALSE,
     "At a stationary point (2σ(net) − 1) y w = 1, so 2σ(net) − 1 ≠ 0 and net ≠ 0."),
    ("A4", "answer_limit",
     "The answer's limit argument shows |f'(net) w| → 0 as |w| → ∞.", ANSWER,
     "sympy limits for both signs of w and y; the y = 0 case; the limit with the answer's own sum",
     Verdict.CONDITIONAL,
     ("Right for y ≠ 0, but argued for w → +∞ only (w → −∞ follows from g(−w; y, c) = g(w; −y, c), "
     "which it does not state); needs y ≠ 0 (with y = 0 the gain grows without bound); gives no rate "
     "(|w| e^{-|w y + c|}); and writes the net input with a transposed index (X20), which does not "
     "change the limit.")),
    ("X20", "answer_net_sum_slip",
     ("The answer's limit writes the net input of l_m as Σ_{l*} w_{l* l_{m-1}} y^{l_{m-1}}(t-m-1)."),
     ANSWER, "sympy compares it with net_{l_m} for n = 1, 2, 3; exhaustive 0/1 search", Verdict.FALSE,
     ("That sum runs over the weights leaving l_{m-1}, each times y^{l_{m-1}}; the net input of l_m sums "
     "the weights into l_m, Σ_j w_{l_m j} y^j(t-m-1). They agree only for n = 1: the same kind of "
     "transposed index as the printed (3.2).")),
    ("A6", "answer_still_vanishes",
     ("Once (3.2) is corrected and the product regrouped, the conclusion still holds: error flow "
     "vanishes for small weights."), ANSWER,
     "a 3-unit logistic net: largest path term against (max|w|/4)^q; the flow over q", Verdict.HOLDS,
     ""),
)  # fmt: skip

for _id, _name, _statement, _source, _method, _stated, _note in _GAIN_CLAIMS:
    register(_id, statement=_statement, source=_source, method=_method, stated=_stated, note=_note)(
        _gain_check(_name)
    )
