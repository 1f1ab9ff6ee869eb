"""The claims of the carousel chapter about the naive carousel: its two weight conflicts and its tasks.

X1 (the input weight conflict), X2 (the output weight conflict) and P19 (the naive approach works only for
local, non-repeating inputs), each registered with the check that decides it afresh. Every check calls the
library and returns an {py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers;
the ledger collects this module with the claims of every other part.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstmnotes.ledger import (
    SECTION_32,
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []


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
    from lstmnotes.carousel._conflicts import input_weight_conflict  # noqa: PLC0415

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
    from lstmnotes.carousel._conflicts import output_weight_conflict  # noqa: PLC0415

    r = output_weight_conflict()
    return Evidence(Verdict(r.verdict), r.summary, _conflict_data(r))


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
    from lstmnotes.carousel.evidence_naive_tasks import (  # noqa: PLC0415
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
