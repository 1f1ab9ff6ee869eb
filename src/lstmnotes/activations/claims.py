"""The claims of the logistic chapter, each registered with the check that decides it afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose summary carries the computed numbers; the ledger collects
this module with the claims of every other part.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.ledger import (
    PAPER,
    Evidence,
    Verdict,
    register,
)

__all__: list[str] = []


@register(
    "P5",
    statement="The largest value of the logistic's derivative is 0.25.",
    source=PAPER,
    method="symbolic: critical point, second-derivative test and a factored square; numeric: scan",
    stated=Verdict.HOLDS,
)
def _p5() -> Evidence:
    from lstmnotes.activations._functions import logistic_prime  # noqa: PLC0415
    from lstmnotes.activations.symbolic import logistic_prime_maximum  # noqa: PLC0415

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
