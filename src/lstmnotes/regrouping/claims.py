"""The claims of the regrouping chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from lstmnotes.ledger import (
    PAPER,
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []

# -- the regrouped product (slips 2 and 3) and the paper's "vanishes while |w| < 4" ------------------------


def _evidence_modules() -> dict[str, ModuleType]:
    """The part's evidence modules by concept: ``lstmnotes.regrouping.evidence_<concept>``."""
    from lstmnotes.regrouping import (  # noqa: PLC0415
        evidence_conditions,
        evidence_regrouped,
        evidence_times,
        evidence_vanishing,
    )

    return {
        "conditions": evidence_conditions,
        "regrouped": evidence_regrouped,
        "times": evidence_times,
        "vanishing": evidence_vanishing,
    }


def _regroup_check(concept: str, name: str) -> Callable[[], Evidence]:
    """A check that runs ``lstmnotes.regrouping.evidence_<concept>.<name>`` (imported when the check runs)."""

    def check() -> Evidence:
        result: Evidence = getattr(_evidence_modules()[concept], name)()
        return result

    check.__name__ = name
    return check


_REGROUP_CLAIMS: tuple[tuple[str, str, str, str, str, str, Verdict, str], ...] = (
    ("S2", "regrouped", "corrected_pairing_needs_regrouping",
     ("Reported slip: once (3.2) is corrected, each slope f'_{l_m} meets a weight that does not feed "
     "net_{l_m}(t-m) unless l_{m-1} = l_m; regrouping pairs it with w_{l_m l_{m+1}}, whose input is "
     "y^{l_{m+1}}(t-m-1)."),
     "readers of §3.1; the public answer leaves it to the reader",
     "feeding relation over all unit triples; sympy verifies the regrouped product; a running net",
     Verdict.HOLDS, ""),
    ("S3", "times", "time_arguments_dropped",
     ("Reported slip: the coth sentence drops the time arguments; the slope is taken at "
     "net_{l_m}(t-m) and the activation in the role of y is that of step t-m-1."),
     "readers of §3.1",
     ("finite differences of the forward map: the flow against the regrouped products at the right "
     "times and with the slopes one step later; the activation one step later in the role of y (that "
     "each bracket's weight, moved at one step only, changes net_{l_m}(t-m) at the rate "
     "y^{l_{m+1}}(t-m-1) is the definition of net and only guards the library's bookkeeping)"),
     Verdict.HOLDS, ""),
    ("P16", "vanishing", "small_weights_flow_vanishes",
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
    ("X31", "conditions", "alternating_threshold_sharp",
     ("For every even n, W = (4/n) s s^T with s = (1, -1, 1, ...) run from y(0) = 1/2 keeps its largest "
     "flow at 1/n at every lag: the strict inequality n w_max < 4 of P13 cannot be relaxed."),
     "this book (sharpness of P13)",
     "sympy with n = 2k, q symbolic; runs at n = 2, 4, 8, 16 against 1/n at every lag up to 30",
     Verdict.HOLDS, ""),
    ("X30", "conditions", "entrywise_bound",
     ("For logistic units every entry of the flow matrix over q steps is at most the matching entry of "
     "(|W|^T/4)^q; so the flow vanishes when the largest eigenvalue of the entrywise |W| is below 4."),
     "this book (the bound behind P13)",
     ("the flow of every two-unit sign pattern at the counter-example's weight size and of random "
     "nets of 2 to 50 units against the entrywise bound, at lags up to 20"),
     Verdict.HOLDS, ""),
    ("A6", "vanishing", "answer_still_vanishes",
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

for _id, _concept, _name, _statement, _source, _method, _stated, _note in _REGROUP_CLAIMS:
    register(_id, statement=_statement, source=_source, method=_method, stated=_stated, note=_note)(
        _regroup_check(_concept, _name)
    )
