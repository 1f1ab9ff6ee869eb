"""The claim on latching, registered with the check that decides it afresh.

Every check calls the library and returns an {py:class}`~lstmnotes.ledger.Evidence` whose summary carries
the computed numbers; the ledger collects this module with the claims of every other part.
"""

from __future__ import annotations

import numpy as np

from lstmnotes.ledger import Evidence, Verdict, register

__all__: list[str] = []

_AGREEMENT = 1e-9
"""Agreement (relative, or absolute near zero) required of the closed-form tolerance and the one found by bisection."""
_ROUND_OFF = 1e-6
"""Of the scale |w| + |b| + 1: the absolute rounding of a tolerance near zero, where it cancels."""
_ROUNDING = 1e-9
"""Slack allowed, in natural logarithm, when a run's factor or flow is compared with its bound."""
_EDGE = 1e-6
"""At the end of a path to the edge of bistability the tolerance must be below this fraction of its start."""


def _path_ok(rates: np.ndarray, tolerances: np.ndarray) -> bool:
    return bool(
        np.all(np.diff(rates) > 0)
        and np.all(np.diff(tolerances) < 0)
        and rates[-1] < 1.0
        and tolerances[-1] > 0.0
        and tolerances[-1] < _EDGE * tolerances[0]
    )


@register(
    "X80",
    statement="One tanh or logistic unit h_t = f(w h_{t−1} + b + u_t) with two attractors latches a bit "
    "robustly only where its flow vanishes: each attractor tolerates inputs |u_t| ≤ ε for some ε > 0, its "
    "factor ρ = f′(net*) w is below 1, and along every run started at the attractor that inputs "
    "|u_t| ≤ ε allow, the flow "
    "|∂h_T/∂h_0| is at most ρ_ε^T with ρ_ε < 1 for ε below the tolerance; along paths to the edge "
    "where the attractor disappears, ρ → 1 and the tolerance → 0.",
    source="Bengio, Simard & Frasconi 1994 (stated in general; computed here for one unit)",
    method="scan of w from just above 1/γ to 20/γ and b across the interval of two attractors, both "
    "activations; paths to the edge (pitchfork and saddle-node); the closed-form tolerance against a "
    "bisection on the shifted unit's fixed points; random, switching and worst-case input sequences at "
    "bounds up to and just beyond each tolerance",
    stated=Verdict.HOLDS,
    note="Bengio et al. state the trade-off for any recurrent system: where it latches robustly the "
    "Jacobian's norm is below one. Here only a single unit is computed, for which the worst case of every "
    "bounded input sequence is the constant one.",
)
def _x80() -> Evidence:
    from lstmnotes.latching import LATCH_ACTIVATIONS, latch  # noqa: PLC0415
    from lstmnotes.latching.evidence import (  # noqa: PLC0415
        BEYOND,
        noise_search,
        tolerance_by_bisection,
        tradeoff_scan,
    )

    scans = {a: tradeoff_scan(a) for a in LATCH_ACTIVATIONS}
    robust = all(
        bool(np.all((s.rates > 0) & (s.rates < 1)) and np.all(s.tolerances > 0))
        for s in scans.values()
    )
    paths = all(
        _path_ok(s.symmetric_rates, s.symmetric_tolerances)
        and _path_ok(s.edge_rates, s.edge_tolerances)
        for s in scans.values()
    )
    gap = 0.0
    for a, s in scans.items():
        for i in range(0, s.weights.size, max(1, s.weights.size // 12)):
            closed = latch(float(s.weights[i]), float(s.biases[i]), a).upper_tolerance
            bisected = tolerance_by_bisection(float(s.weights[i]), float(s.biases[i]), a)
            scale = abs(float(s.weights[i])) + abs(float(s.biases[i])) + 1.0
            gap = max(gap, abs(closed - bisected) / (abs(bisected) + _ROUND_OFF * scale))
    search = noise_search(np.random.default_rng(80))
    searched = (
        search.escapes_within == 0
        and search.worst_excess <= _ROUNDING
        and search.worst_flow_rate <= _ROUNDING
        and search.stayed_beyond == 0
        and search.largest_rate < 1.0
    )
    verdict = (
        Verdict.HOLDS if robust and paths and gap <= _AGREEMENT and searched else Verdict.FALSE
    )
    tanh = scans["tanh"]
    return Evidence(
        verdict,
        f"{sum(s.rates.size for s in scans.values())} attractors scanned: largest factor "
        f"{max(float(s.rates.max()) for s in scans.values()):.6g}, smallest tolerance "
        f"{min(float(s.tolerances.min()) for s in scans.values()):.3g}. Towards the pitchfork (tanh, b = 0, "
        f"w = 1 + 1e-1 .. 1e-8): factor {tanh.symmetric_rates[0]:.4g} to {tanh.symmetric_rates[-1]:.10g}, "
        f"tolerance {tanh.symmetric_tolerances[0]:.3g} to {tanh.symmetric_tolerances[-1]:.3g}. Closed-form "
        f"tolerance against bisection: largest relative gap {gap:.2g}. {search.units} attractors, "
        f"{search.sequences} input sequences of {search.steps} steps at each bound: {search.escapes_within} "
        f"left the basin within the tolerance; largest log excess of a factor over ρ_ε "
        f"{search.worst_excess:.2g}; at {BEYOND:g} times the tolerance the worst case left every basin "
        f"(slowest after {search.slowest_escape} steps).",
        {
            "attractors": int(sum(s.rates.size for s in scans.values())),
            "largest_rate": max(float(s.rates.max()) for s in scans.values()),
            "smallest_tolerance": min(float(s.tolerances.min()) for s in scans.values()),
            "paths": {
                a: {
                    "symmetric_rates": s.symmetric_rates.tolist(),
                    "symmetric_tolerances": s.symmetric_tolerances.tolist(),
                    "edge_rates": s.edge_rates.tolist(),
                    "edge_tolerances": s.edge_tolerances.tolist(),
                }
                for a, s in scans.items()
            },
            "bisection_gap": gap,
            "search_attractors": search.units,
            "sequences": search.sequences,
            "steps": search.steps,
            "escapes_within": search.escapes_within,
            "worst_excess": search.worst_excess,
            "worst_flow_rate": search.worst_flow_rate,
            "stayed_beyond": search.stayed_beyond,
            "slowest_escape": search.slowest_escape,
            "largest_search_rate": search.largest_rate,
            "beyond": BEYOND,
        },
    )
