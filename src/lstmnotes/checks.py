"""The checks behind the ledger: one registered function per claim, each deciding its verdict afresh.

Every check calls the library (no mathematics is written twice) and returns an
{py:class}`~lstmnotes.claims.Evidence` whose summary carries the computed numbers. Ids ``P1``-``P15`` are the
paper's claims, ``S1``-``S8`` the slips readers reported, ``A1``-``A7`` the claims of the public answer
and ``X…`` the book's own further claims.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.claims import Evidence, Verdict, register

__all__: list[str] = []

PAPER = "Hochreiter & Schmidhuber 1997, §3.1"


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
