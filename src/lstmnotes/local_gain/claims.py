"""The claims of the local-gain chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from lstmnotes.ledger import (
    ANSWER,
    PAPER,
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []


def _evidence_modules() -> dict[str, ModuleType]:
    """The part's evidence modules by concept: ``lstmnotes.local_gain.evidence_<concept>``."""
    from lstmnotes.local_gain import (  # noqa: PLC0415
        evidence_limits,
        evidence_maximiser,
        evidence_pointwise,
        evidence_products,
        evidence_running,
        evidence_training,
        evidence_weight_size,
    )

    return {
        "limits": evidence_limits,
        "maximiser": evidence_maximiser,
        "pointwise": evidence_pointwise,
        "products": evidence_products,
        "running": evidence_running,
        "training": evidence_training,
        "weight_size": evidence_weight_size,
    }


def _gain_check(concept: str, name: str, **kwargs: Any) -> Callable[[], Evidence]:
    """A check that runs ``lstmnotes.local_gain.evidence_<concept>.<name>`` (imported when the check runs)."""

    def check() -> Evidence:
        result: Evidence = getattr(_evidence_modules()[concept], name)(**kwargs)
        return result

    check.__name__ = name
    return check


_GAIN_CLAIMS: tuple[tuple[str, str, str, str, str, str, Verdict, str], ...] = (
    ("P4", "products", "exponential_products",
     ("If every factor |f'(net) w| of a path exceeds 1, the largest product grows exponentially in q; "
     "if every factor is below 1, it shrinks exponentially."),
     PAPER, "exhibited products of 10,000 logistic gains whose factors approach 1", Verdict.FALSE,
     ("Factors 1 ± 1/(m+1)^2 refute both halves. Corrected form: a uniform margin suffices (every "
     "factor ≥ ρ > 1, or ≤ ρ < 1, gives a product beyond ρ^q), but is not needed: the product shrinks "
     "(grows) exponentially exactly when limsup (product)^(1/q) < 1 (liminf > 1); factors 1, 1/4, "
     "1, 1/4, ... have no margin and shrink like (1/2)^q.")),
    ("P6", "maximiser", "coth_maximiser",
     "With y constant and nonzero, |f'(net) w| is largest where w = coth(net/2) / y.",
     PAPER + ", logistic paragraph",
     "sympy-verified derivation; 200 random (y, c) against a dense grid of weights", Verdict.HOLDS, ""),
    ("P7", "limits", "gain_vanishes_for_large_weights",
     "With y nonzero and y and c held fixed, |f'(net) w| tends to 0 as |w| grows without bound.",
     PAPER + ", logistic paragraph", "sympy limits and the asymptote; the y = 0 case numerically",
     Verdict.HOLDS,
     ("A statement about g(w; y, c) at fixed (y, c). In a running net, where y moves with w, the limit "
     "can fail (X23).")),
    ("P8", "weight_size", "gain_below_one_for_small_weights",
     "|f'(net) w| is less than 1 whenever |w| < 4.", PAPER + ", logistic paragraph",
     "the bound |w| f'_max; a grid over w, y, c; the supremum approached", Verdict.HOLDS, ""),
    ("P9", "weight_size", "larger_weights_do_not_help",
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
    ("P10", "training", "learning_rate_keeps_ratio",
     "A larger learning rate does not change the ratio of long-range to short-range error flow.",
     PAPER + ", logistic paragraph",
     ("sympy proof that every ratio of lag contributions is free of the rate; the library's updates on "
     "one net for several rates"), Verdict.HOLDS,
     ("Cannot fail for one update at given weights: the rate multiplies every term of the update, so the "
     "check is a proof of exactly that. It says nothing about later updates, whose weights a larger step "
     "has moved further.")),
    ("P18", "training", "weights_cross_zero",
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
    ("S7", "weight_size", "four_is_not_sharp",
     ("Reported slip: 'less than 1 for |w| < 4' is sufficient, not sharp: for a given activation y the "
     "gain stays below 1 beyond |w| = 4."),
     "readers of §3.1",
     "the smallest |w| with gain 1 for c = 0 at several y, for c = -4y, for random (y, c) and a fixed c",
     Verdict.CONDITIONAL,
     ("True for c = 0: the first |w| with gain 1 is x1/|y| > 4, where x1 < x* solves x f'(x) = |y|; it "
     "falls to 4 as |y| -> 0; for |y| > K no weight reaches 1, and at |y| = K the peak is exactly 1. True "
     "for every fixed (y, c) with |c| != 4|y|. False with c free: c = -wy makes the gain |w|/4, so 4 is "
     "the sharp constant over all (y, c).")),
    ("A1", "maximiser", "answer_coth_derivation",
     "The answer's derivation of the coth condition, through tanh(x/2) = 2σ(x) − 1, is correct.",
     ANSWER, "sympy checks its identities, its expanded derivative and the verified derivation",
     Verdict.HOLDS, ""),
    ("A2", "running", "answer_y_constant",
     "Holding y constant is just an assumption made to make the analysis easier.", ANSWER,
     ("∂y/∂w in a running net, step by step; the pointwise bounds at every state of running nets; the "
     "best weight of a running factor against the coth maximiser at its state; the limit on the smallest "
     "net where y moves with w (X23)"), Verdict.CONDITIONAL,
     ("Right for the pointwise bounds (factor ≤ |w|/4, below 1 for |w| < 4, ≤ max_w g): at every state "
     "the factor is g(w; y, c) at that state's y and c, so they hold however y depends on w, and holding "
     "y fixed only makes them easier to derive. Not for what the paper draws about g as w varies: in a "
     "running net y moves with the weight once its effect has come back, so the coth maximiser is the "
     "best weight only at a frozen state and the limit can fail (X23).")),
    ("X21", "running", "answer_not_good_assumption",
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
    ("A3", "maximiser", "answer_net_zero",
     ("Net = 0 undermines the coth condition: 'even if we let y non-zero, we can still make net = 0, "
     "which make coth undefined', so the condition can require coth(0)."), ANSWER,
     ("w = -c/y reaches net = 0; sympy at net = 0; the maximisers of 10,000 random and four structured "
     "(y, c)"), Verdict.FALSE,
     ("The sentence is literally true (w = -c/y gives net = 0), but the condition never needs coth(0): "
     "at a stationary point (2σ(net) − 1) y w = 1, so 2σ(net) − 1 ≠ 0 and net ≠ 0.")),
    ("A4", "limits", "answer_limit",
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
    ("X20", "limits", "answer_net_sum_slip",
     ("The answer's limit writes the net input of l_m as Σ_{l*} w_{l* l_{m-1}} y^{l_{m-1}}(t-m-1)."),
     ANSWER, "sympy compares it with net_{l_m} for n = 1, 2, 3; exhaustive 0/1 search", Verdict.FALSE,
     ("That sum runs over the weights leaving l_{m-1}, each times y^{l_{m-1}}; the net input of l_m sums "
     "the weights into l_m, Σ_j w_{l_m j} y^j(t-m-1). They agree only for n = 1. An index slip: it sums "
     "over the receiving unit instead of the sending units. Not a transposition like the printed (3.2): "
     "swapping its weight's indices gives Σ w_{l_{m-1} l*} y^{l_{m-1}}, still not net_{l_m}.")),
    ("X22", "pointwise", "regrouped_factors_are_gains",
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
    ("X23", "running", "running_limit",
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

for _id, _concept, _name, _statement, _source, _method, _stated, _note in _GAIN_CLAIMS:
    register(_id, statement=_statement, source=_source, method=_method, stated=_stated, note=_note)(
        _gain_check(_concept, _name)
    )
