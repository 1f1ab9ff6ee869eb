"""The claims of the carousel chapter about the lone logistic unit: its held activations and their factors.

X60 (the largest factor for $w > 0$), X61 (the same bound without $w > 0$, false), X63 (at most one held
activation with factor $\\pm 1$) and X67 (what a negative weight does), each registered with the check that
decides it afresh. Every check calls the library and returns an {py:class}`~lstmnotes.ledger.Evidence`
whose summary carries the computed numbers; the ledger collects this module with the claims of every
other part.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.ledger import (
    SECTION_32,
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []


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
    from lstmnotes.carousel._fixed_points import (  # noqa: PLC0415
        logistic_best_fixed_point_factor,
    )
    from lstmnotes.carousel.evidence import unit_flow_condition  # noqa: PLC0415
    from lstmnotes.carousel.evidence_fixed_points import logistic_factor_search  # noqa: PLC0415

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
    from lstmnotes.carousel._fixed_points import logistic_neutral_fixed_point  # noqa: PLC0415
    from lstmnotes.carousel._self_unit import run_self_unit, self_unit_flow  # noqa: PLC0415
    from lstmnotes.carousel.evidence_fixed_points import logistic_factor_search  # noqa: PLC0415

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
        f"that it tries), largest two-step product found {search.worst_two_cycle:.4f} (the "
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
    from lstmnotes.carousel.evidence import unit_flow_condition  # noqa: PLC0415
    from lstmnotes.carousel.evidence_fixed_points import unit_factor_values  # noqa: PLC0415
    from lstmnotes.carousel.symbolic import (  # noqa: PLC0415
        minus_one_unique_symbolic,
        second_value_gap_symbolic,
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
    from lstmnotes.carousel._self_unit import MAX_STEPS  # noqa: PLC0415
    from lstmnotes.carousel.evidence_fixed_points import (  # noqa: PLC0415
        ESCAPE,
        EXACT_LOWEST,
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
