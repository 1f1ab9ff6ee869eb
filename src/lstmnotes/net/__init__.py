"""The paper's fully recurrent net run forward, its back-propagated error signals, and an autodiff oracle (the network chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
The rest of the part: the autodiff oracle in {py:mod}`lstmnotes.net.autodiff` and the figure in
{py:mod}`lstmnotes.net.figures`.
"""

from __future__ import annotations

from lstmnotes.net._run import (
    MAX_RUN_VALUES,
    MAX_STEPS,
    MAX_UNITS,
    MAX_WORK,
    Run,
    error_signals,
    output_error,
    random_weights,
    run_net,
)

__all__ = [
    "MAX_RUN_VALUES",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WORK",
    "Run",
    "error_signals",
    "output_error",
    "random_weights",
    "run_net",
]
