"""The claims of the chapter beyond the logistic unit, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.ledger import Evidence, Verdict, register

__all__: list[str] = []

_BOOK = "this book, beyond the paper's logistic units"


@register(
    "X82",
    statement="With f'_max taken as each activation's largest slope, a tanh net's weak bound is 4^q times "
    "a logistic net's with the same weights and lag q, whatever the norm pair: sup tanh' = 1 is four "
    "times sup σ' = 1/4.",
    source=_BOOK,
    method="sympy finds both suprema where f'' vanishes (this decides the claim: the rest is the bound's "
    "formula, in which a factor of four per step is exact); the library's weak bound for both "
    "activations on random weights (n = 1 to 64, scales 1e-3 to 1e2, q = 1 to 200, every norm pair), "
    "compared exactly with 4^q wherever both bounds are normal floats, confirms that it applies them",
    note="With the slopes of an actual run in place of the largest ones (the weak-bound chapter's f'_max), "
    "the two nets' bounds have no fixed ratio: their slopes differ.",
    stated=Verdict.HOLDS,
)
def _x82() -> Evidence:
    from lstmnotes.beyond_logistic.evidence import weak_bound_ratio  # noqa: PLC0415

    r = weak_bound_ratio(np.random.default_rng(80))
    holds = r.sup_ratio == 4.0 and r.cases > 0 and r.exact == r.cases
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sup tanh' / sup σ' = {r.sup_ratio:g} (sympy); {r.exact} of {r.cases} cases exactly 4^q "
        f"(largest relative departure {r.worst:.3g}); {r.subnormal} cases with a subnormal bound left out",
        {"cases": r.cases, "exact": r.exact, "subnormal": r.subnormal, "ratio": r.sup_ratio},
    )


@register(
    "X83",
    statement="A tanh unit's slope exceeds the largest slope a logistic unit can have, 1/4, exactly while "
    "its net input lies strictly between -ln(2 + √3) and ln(2 + √3).",
    source=_BOOK,
    method="sympy solves 1 - tanh(x)^2 = 1/4; the library's tanh' compared with 1/4 on 200,001 net inputs "
    "in [-40, 40] and at the floats on both sides of ±ln(2 + √3)",
    stated=Verdict.HOLDS,
)
def _x83() -> Evidence:
    from lstmnotes.beyond_logistic.evidence import slope_comparison  # noqa: PLC0415

    r = slope_comparison()
    return Evidence(
        Verdict.HOLDS if r.disagreements == 0 else Verdict.FALSE,
        f"x+ = ln(2 + √3) = {r.crossing:.17g}; {r.disagreements} disagreements among {r.points} net inputs",
        {"crossing": r.crossing, "points": r.points, "disagreements": r.disagreements},
    )


@register(
    "X84",
    statement="Tanh does not always pass back more error than the logistic: with the same weight and the "
    "same start, one self-connected logistic unit can pass back more over one step than a tanh unit.",
    source=_BOOK,
    method="one self-connected unit y(t) = f(w y(t-1)) from y(0) = 0.5, for both activations, over "
    "2,001 weights in (0, 20] and one step (the smallest net and lag), and over 50 steps on (0, 8]; "
    "the flow from the library's flow recursion; the first reversal bisected to adjacent floats",
    stated=Verdict.HOLDS,
    note="Near zero net input tanh's slope is up to four times the logistic's largest; far from it tanh "
    "saturates faster (its slope falls like 4 e^{-2|x|}, the logistic's like e^{-|x|}).",
)
def _x84() -> Evidence:
    from lstmnotes.beyond_logistic.evidence import same_weight_flow  # noqa: PLC0415

    one = same_weight_flow(1)
    long = same_weight_flow(50, w_max=8.0)
    found = one.first_reversal is not None and one.zeros == 0
    return Evidence(
        Verdict.HOLDS if found else Verdict.FALSE,
        f"one step from y(0) = {one.start}: the logistic unit passes back more from w = "
        f"{one.first_reversal} on ({one.order_changes} change of order on (0, 20]); over {long.steps} steps "
        f"from w = {long.first_reversal} ({long.order_changes} changes on (0, 8], {long.zeros} underflows)",
        {
            "start": one.start,
            "first_weight": one.first_reversal,
            "changes": one.order_changes,
            "steps": long.steps,
            "long_weight": long.first_reversal,
            "long_changes": long.order_changes,
            "zeros": one.zeros + long.zeros,
        },
    )


@register(
    "X85",
    statement="A ReLU unit's slope is 0 or 1 (0 at the kink, by convention), so the error flow of a ReLU "
    "net over q steps is exactly the product of its transposed weights with the rows of inactive units set "
    "to zero: the slopes switch paths off but never shrink the paths that stay on, so what makes the flow "
    "vanish or explode is the weights and the switched-off units.",
    source=_BOOK,
    method="200 random ReLU nets (n = 1 to 6, inputs and biases, 30 steps): every slope the library "
    "computes, and its flow against the masked product in exact rationals (each entry's error over the product of absolute values); W = I with every unit active "
    "over 50 steps; W = 0.9 I and 1.1 I",
    stated=Verdict.HOLDS,
)
def _x85() -> Evidence:
    from lstmnotes.beyond_logistic.evidence import rectified_flow  # noqa: PLC0415

    r = rectified_flow(np.random.default_rng(83))
    shrink, grow = sorted(r.scaled)  # the scales of W = a I the evidence ran, below and above one
    holds = r.slopes_not_binary == 0 and r.worst_relative < 1e-12 and r.identity_deviation == 0.0
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"{r.nets} nets: {r.slopes_not_binary} slopes other than 0 or 1; flow within {r.worst_relative:.2g} "
        f"(over the product of absolute values) of the exact masked product; W = I, {r.identity_steps} steps: largest |M - 1| = "
        f"{r.identity_deviation:g}; W = {shrink:g} I: {r.scaled[shrink]:.6g}, W = {grow:g} I: "
        f"{r.scaled[grow]:.6g} at the "
        f"last lag",
        {
            "nets": r.nets,
            "not_binary": r.slopes_not_binary,
            "worst": r.worst_relative,
            "identity_steps": r.identity_steps,
            "identity_deviation": r.identity_deviation,
            "a_shrink": shrink,
            "shrink": r.scaled[shrink],
            "a_grow": grow,
            "grow": r.scaled[grow],
        },
    )
