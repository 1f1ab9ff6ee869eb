"""The paper's fully recurrent net run forward, its back-propagated error signals, and an autodiff oracle (the network chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
The rest of the part: the autodiff oracle in {py:mod}`lstmnotes.net.autodiff` and the figure in
{py:mod}`lstmnotes.net.figures`.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
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
from lstmnotes.net._runs import run_nets

__all__ = [
    "DOMAIN",
    "MAX_RUN_VALUES",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WORK",
    "Run",
    "error_signals",
    "output_error",
    "random_weights",
    "run_net",
    "run_nets",
]

_SIZES = (
    f"n <= {MAX_UNITS}, steps <= {MAX_STEPS}, steps n <= {MAX_RUN_VALUES}, "
    f"steps n^2 <= {MAX_WORK:.0e} (memory and time; about 10 microseconds a step for small n)"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        run_net,
        inputs="W: finite reals (n, n); y0: finite reals (n,); steps: integer >= 1; activation: a str, "
        "one of lstmnotes.activations.ACTIVATIONS",
        accuracy="each net input within n 2^-52 of the sum of |w_ij y_j(t-1)| of the exact W y(t-1) "
        "(plus n 2^-1074); products that overflow on the way to a finite sum are redone scaled by powers "
        "of two; each activation as lstmnotes.activations. The run is the float64 run: a chaotic net "
        "amplifies rounding over many steps",
        limits=f"{_SIZES}; a net input beyond float64 (about 1.8e308) is refused",
    ),
    Domain(
        run_nets,
        inputs="W: finite reals (k, n, n), k >= 1; y0: finite reals (k, n); steps, activation: as run_net",
        accuracy="as run_net: run i is bit for bit run_net(W[i], y0[i], steps, activation)",
        limits=f"{_SIZES}, for each net; k steps n^2 <= {MAX_WORK:.0e} in all",
    ),
    Domain(
        output_error,
        inputs="run: a Run; t: integer 1..T; target: finite reals, one per output; outputs: distinct "
        "integer unit indices",
        accuracy="within 2 ulps of f'(net) (d - y) for the slope f' the activation computes (plus 2^-1074); "
        "d - y beyond float64 is halved exactly first",
        limits="as the run; a signal beyond float64 is refused",
    ),
    Domain(
        error_signals,
        inputs="run: a Run; t: integer 1..T; theta: finite reals (n,)",
        accuracy="each signal theta(s) within (t - s) (n + 2) 2^-53 of the same recursion on |W|, |f'| and "
        "|theta(t)| (plus n 2^-1074 a step); products that overflow on the way to a finite signal are "
        "redone scaled",
        limits="t n^2 within the run's limits; a signal beyond float64 is refused",
    ),
    Domain(
        random_weights,
        inputs="n: integer >= 1; rng: a numpy.random.Generator; w_max: finite real > 0; symmetric: bool",
        accuracy="numpy's uniform draws on [-w_max, w_max] (for w_max above 2^1022, drawn at half the "
        "scale and doubled exactly)",
        limits=f"n <= {MAX_UNITS} (n^2 floats, 128 MiB)",
    ),
)
