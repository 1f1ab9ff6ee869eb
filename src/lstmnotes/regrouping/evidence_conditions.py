r"""Computed verdicts on the entrywise bound of the flow and on the sharpness of $n\,w_{max} < 4$.

Every entry of the logistic flow matrix over $q$ steps is at most the matching entry of
$(|W|^{\mathsf T}/4)^q$, so the flow vanishes when the largest eigenvalue of $|W|$ is below 4, and with it
when $n\,w_{max} < 4$ (P13). The alternating nets $W = (4/n)\,s s^{\mathsf T}$ show that this strict
inequality cannot be relaxed. Each function decides one claim afresh by calling the library and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose ``data`` holds every number the book states about it.

| claim | function |
|---|---|
| X30 every entry of the flow is at most that of $(\lvert W\rvert^{\mathsf T}/4)^q$ | {py:func}`entrywise_bound` |
| X31 for every even $n$, $W = (4/n)\,s s^{\mathsf T}$ keeps a flow of $1/n$: P13 is sharp | {py:func}`alternating_threshold_sharp` |
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lstmnotes._validate import count, counts
from lstmnotes.flow import largest_flow_by_lag, scaling_factor
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.net import random_weights, run_net
from lstmnotes.regrouping.evidence_two_units import COUNTER_WEIGHT, _candidate_weights, _rate
from lstmnotes.regrouping.symbolic import alternating_threshold

__all__ = [
    "MAX_LAG",
    "MAX_NETS",
    "MAX_SIZES",
    "MAX_UNITS",
    "alternating_threshold_sharp",
    "entrywise_bound",
]


MAX_UNITS: Final = 128
"""The most units of a net run by a check of this module."""
MAX_LAG: Final = 100
"""The longest lag {py:func}`entrywise_bound` checks."""
MAX_NETS: Final = 20
"""The most random nets per size {py:func}`entrywise_bound` draws."""
MAX_SIZES: Final = 20
"""The most entries of ``units`` or ``lags``."""


def _sizes(values: object, name: str, minimum: int, maximum: int) -> tuple[int, ...]:
    checked = counts(values, name, minimum=minimum, maximum=maximum)
    if len(checked) > MAX_SIZES:
        raise ValueError(f"{name} must hold at most {MAX_SIZES} entries, got {len(checked)}")
    return checked


SHARP_UNITS: Final = (2, 4, 8, 16)
"""The numbers of units at which the structured nets test the threshold $4/n$."""


def _sharp(units: tuple[int, ...] = SHARP_UNITS, lags: int = 30) -> dict[str, list[float]]:
    r"""At $a = 4/n$, $W = a\,s s^{\mathsf T}$ with $s = (1, -1, 1, -1, \dots)$ from $y(0) = \tfrac12$.

    :return: per $n$, the per-step ``rate`` of the largest flow and its largest ``deviation`` from $1/n$.
    """
    rates, deviations = [], []
    for n in units:
        s = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
        W = 4 / n * np.outer(s, s)
        rates.append(_rate(W, np.full(n, 0.5), lags))
        run = run_net(W, np.full(n, 0.5), lags + 1)
        flows = largest_flow_by_lag(W, run.fprime(lags + 1, lags))
        deviations.append(float(np.max(np.abs(flows * n - 1))))
    return {"rate": rates, "deviation": deviations}


def alternating_threshold_sharp(units: tuple[int, ...] = SHARP_UNITS) -> Evidence:
    r"""X31: for every even $n$, $W = (4/n)\,s s^{\mathsf T}$, $s = (1, -1, \dots)$, keeps a flow of $1/n$.

    The proof is {py:func}`~lstmnotes.regrouping.symbolic.alternating_threshold` (sympy, $n$ symbolic); the nets
    of ``units`` units are run from $y(0) = \tfrac12$ and their largest flow compared with $1/n$ at every
    lag up to 30. Every $|w_{ij}|$ is $4/n$, so $n\,w_{max} = 4$: P13's strict inequality cannot be relaxed.

    :param units: the even numbers of units run, 2 to {py:data}`MAX_UNITS`, at most
        {py:data}`MAX_SIZES` of them.
    :raises TypeError: for ``units`` that are not a tuple of integers, naming the entry.
    :raises ValueError: for an odd entry or one beyond the limits, naming it.
    :return: ``HOLDS`` when sympy proves every step and every run keeps its flow at $1/n$; ``FALSE`` when a
        run's flow leaves $1/n$ or a step of the proof fails.
    """
    units = _sizes(units, "units", 2, MAX_UNITS)
    for i, n in enumerate(units):
        if n % 2:
            raise ValueError(f"units[{i}] must be even, got {n}")
    proof = alternating_threshold()
    sharp = _sharp(units)
    numeric = max(sharp["deviation"]) <= 1e-9
    return Evidence(
        Verdict.HOLDS if proof.proved and numeric else Verdict.FALSE,
        f"sympy, n = 2k symbolic: net inputs stay 0 ({proof.inputs_zero}), s^T s = n ({proof.square}), "
        f"(c s s^T)^q = c^q n^(q-1) s s^T ({proof.power}), largest flow at a = 4/n: "
        f"{proof.at_threshold}; runs at n = {list(units)}: largest flow times n differs from 1 by at "
        f"most {max(sharp['deviation']):.1e}, per-step rates {[round(r, 12) for r in sharp['rate']]}",
        {
            "proved": proof.proved,
            "at_threshold": proof.at_threshold,
            "units": list(units),
            "largest": max(units),
            "rate": sharp["rate"],
            "deviation": max(sharp["deviation"]),
            "agreement": (
                "exactly, in floating point"
                if max(sharp["deviation"]) == 0
                else f"to a relative {max(sharp['deviation']):.1e}"
            ),
        },
    )


ENTRYWISE_UNITS: Final = (2, 3, 5, 10, 50)
"""The numbers of units of the random nets of {py:func}`entrywise_bound`."""


def entrywise_bound(
    seed: int = 30, nets: int = 6, lags: tuple[int, ...] = (1, 2, 3, 5, 10, 20)
) -> Evidence:
    r"""X30: every entry of the logistic flow matrix is at most the matching entry of $(|W|^{\mathsf T}/4)^q$.

    Each step back multiplies by $F'(t-m)\,W^{\mathsf T}$, whose entries are at most those of
    $|W|^{\mathsf T}/4$ in size because every logistic slope lies in $(0, 1/4]$; products of non-negative
    matrices keep the order. So the flow vanishes whenever the largest eigenvalue $\rho(|W|)$ of the
    entrywise $|W|$ is below 4, and $\rho(|W|)$ is at most the largest row sum, at most $n\,w_{max}$.
    Checked against {py:func}`~lstmnotes.flow.scaling_factor` on every two-unit sign pattern
    $\{-a, 0, a\}^{2 \times 2}$ at $a =$
    {py:data}`~lstmnotes.regrouping.evidence_two_units.COUNTER_WEIGHT` run from $(\tfrac12, \tfrac12)$
    (the counter-example among them, where the bound is attained) and on ``nets`` random nets for each size
    in {py:data}`ENTRYWISE_UNITS`, with weights up to 8 in size and random starts.

    :param seed: the seed of the random nets, a non-negative integer.
    :param nets: random nets per size, 0 to {py:data}`MAX_NETS`.
    :param lags: the lags checked, 1 to {py:data}`MAX_LAG`, at most {py:data}`MAX_SIZES` of them.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for one beyond its limits, naming it.
    :return: ``HOLDS`` when no entry exceeds its bound (to rounding) and the bound is attained;
        ``FALSE`` otherwise.
    """
    seed = count(seed, "seed")
    nets = count(nets, "nets", maximum=MAX_NETS)
    lags = _sizes(lags, "lags", 1, MAX_LAG)
    rng = np.random.default_rng(seed)
    cases = [(W, np.full(2, 0.5)) for W in _candidate_weights(2, COUNTER_WEIGHT, rng, 0)]
    for n in ENTRYWISE_UNITS:
        for _ in range(nets):
            W = random_weights(n, rng, w_max=float(rng.uniform(0.5, 8.0)))
            cases.append((W, rng.uniform(0, 1, n)))
    worst = 0.0
    q_max = max(lags)
    for W, y0 in cases:
        run = run_net(W, y0, q_max + 1)
        slopes = run.fprime(q_max + 1, q_max)
        step = np.abs(W).T / 4
        for q in lags:
            bound = np.linalg.matrix_power(step, q)
            flow = np.abs(scaling_factor(W, slopes[:q]))
            positive = bound > 0
            if np.any(flow[~positive] > 0):
                worst = np.inf
            if np.any(positive):
                worst = max(worst, float(np.max(flow[positive] / bound[positive])))
    attained = worst >= 1 - 1e-12
    return Evidence(
        Verdict.HOLDS if worst <= 1 + 1e-12 and attained else Verdict.FALSE,
        f"{len(cases)} nets (every two-unit sign pattern at a = {COUNTER_WEIGHT} from (1/2, 1/2) and "
        f"{nets} random nets for each n in {list(ENTRYWISE_UNITS)}, weights up to 8), lags {list(lags)}: "
        f"the largest ratio |flow entry| / entry of (|W|^T/4)^q is {worst:.12f}, reached where every "
        "slope is 1/4",
        {
            "nets": len(cases),
            "lags": list(lags),
            "worst_ratio": worst,
            "units": list(ENTRYWISE_UNITS),
            "largest_units": max(ENTRYWISE_UNITS),
        },
    )
