r"""Computed verdict on slip 2: regrouped, the corrected product pairs each slope with a weight into its unit.

With the index of (3.2) corrected, the slope $f'_{l_m}$ stands next to $w_{l_{m-1} l_m}$, a weight that does
not feed $\mathit{net}_{l_m}(t-m)$ unless $l_{m-1} = l_m$; sorted as
$w_{l_0 l_1}\,\big[\prod_{m=1}^{q-1} f'_{l_m}\,w_{l_m l_{m+1}}\big]\,f'_{l_q}$ the product pairs every slope
with a weight into its own unit. This module holds the chapter's running net ({py:data}`EXAMPLE`,
{py:func}`sample_run`), the LaTeX of one bracket ({py:func}`bracket_latex`) and the check.
Each function decides one claim afresh by calling the library and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose ``data`` holds every number the book states about it.

| claim | function |
|---|---|
| slip 2 the corrected (3.2) pairs slopes with foreign weights; regrouping fixes it | {py:func}`corrected_pairing_needs_regrouping` |
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import numpy as np

from lstmnotes._validate import count as _count
from lstmnotes._validate import finite_scalar, unit_index
from lstmnotes.activations import logistic_prime
from lstmnotes.flow import path_terms
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import Pairing, gain, max_gain, pair_sweep, path_pairing
from lstmnotes.net import Run, random_weights, run_net
from lstmnotes.regrouping.symbolic import MAX_Q, regrouped_product, weight_feeds

__all__ = [
    "EXAMPLE",
    "MAX_PATHS",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WEIGHT",
    "Example",
    "bracket_latex",
    "corrected_pairing_needs_regrouping",
    "sample_run",
]


@dataclass(frozen=True)
class Example:
    """The running net of the regrouping chapter and the path it follows (unit indices from 0)."""

    units: int
    """$n$, the number of logistic units."""
    w_max: float
    """The weights are uniform on $[-w_{max}, w_{max}]$."""
    steps: int
    """How many steps the net runs; the error starts at the last one, $t = T$."""
    seed: int
    """The seed of the weights and of $y(0)$."""
    q: int
    """The length of the paths whose terms are regrouped."""
    u: int
    """The unit where the error starts."""
    v: int
    """The unit it reaches after $q$ steps."""
    path: tuple[int, ...]
    """The short path whose one bracket the chapter shows and sweeps."""


MAX_UNITS: Final = 64
"""The most units of an example's net."""
MAX_STEPS: Final = 1000
"""The longest run of an example's net."""
MAX_WEIGHT: Final = 100.0
"""The largest weight scale $w_{max}$ of an example."""
MAX_PATHS: Final = 100_000
"""The most paths $n^{q-1}$ from $u$ to $v$ an example's check walks through."""


def _example(example: object) -> Example:
    """Check an :class:`Example`: its counts, scale, units and path within the limits above."""
    if not isinstance(example, Example):
        raise TypeError(f"example must be an Example, got {type(example).__name__}")
    n = _count(example.units, "example.units", minimum=1, maximum=MAX_UNITS)
    steps = _count(example.steps, "example.steps", minimum=3, maximum=MAX_STEPS)
    _count(example.seed, "example.seed")
    w_max = finite_scalar(example.w_max, "example.w_max")
    if not 0 < w_max <= MAX_WEIGHT:
        raise ValueError(f"example.w_max must lie in (0, {MAX_WEIGHT:g}], got {w_max}")
    q = _count(example.q, "example.q", minimum=1, maximum=min(MAX_Q, steps - 2))
    if n ** (q - 1) > MAX_PATHS:
        raise ValueError(
            f"example.units ** (example.q - 1) must be at most {MAX_PATHS}, got {n} ** {q - 1}"
        )
    unit_index(example.u, n, "example.u")
    unit_index(example.v, n, "example.v")
    if not isinstance(example.path, tuple):
        raise TypeError(
            f"example.path must be a tuple of unit indices, got {type(example.path).__name__}"
        )
    if not 2 <= len(example.path) <= steps:
        raise ValueError(f"example.path must hold 2 to {steps} units, got {len(example.path)}")
    for i, unit in enumerate(example.path):
        unit_index(unit, n, f"example.path[{i}]")
    return example


EXAMPLE: Final = Example(units=3, w_max=3.5, steps=12, seed=0, q=4, u=0, v=2, path=(0, 1, 2))
"""The example of {py:func}`corrected_pairing_needs_regrouping` and of the chapter's figure."""


def sample_run(example: Example = EXAMPLE) -> Run:
    r"""The chapter's running net: weights uniform on $[-w_{max}, w_{max}]$ and $y(0)$ uniform on $[0, 1]$.

    :param example: the set-up; its limits are {py:data}`MAX_UNITS`, {py:data}`MAX_STEPS`,
        {py:data}`MAX_WEIGHT` and $n^{q-1} \le$ {py:data}`MAX_PATHS`, with $q \le T - 2$.
    :return: the run of ``example.steps`` steps.
    :raises TypeError: for an ``example`` that is not an :class:`Example`, or a field of the wrong type,
        naming it.
    :raises ValueError: for a field beyond its limits, naming it.

    ```pycon
    >>> sample_run().steps, sample_run().n
    (12, 3)

    ```
    """
    example = _example(example)
    rng = np.random.default_rng(example.seed)
    W = random_weights(example.units, rng, w_max=example.w_max)
    return run_net(W, rng.uniform(0, 1, example.units), example.steps)


def bracket_latex(pairing: Pairing, k: int) -> dict[str, str]:
    r"""LaTeX for pair ``k`` of a pairing, with units counted from 1 as in the book's prose.

    :param pairing: from {py:func}`~lstmnotes.local_gain.path_pairing`.
    :param k: the index of the pair.
    :return: ``bracket`` ($f'_l(s)\,w_{ij}$), ``slope``, ``weight`` and ``input`` ($y^j(s-1)$, the
        activation the weight multiplies in $\mathit{net}_i(s)$).
    :raises ValueError: if ``k`` does not index a pair.

    ```pycon
    >>> run = run_net([[0.5, -1.0], [2.0, 0.25]], [0.5, 0.5], 4)
    >>> bracket_latex(path_pairing(run, 4, [0, 1, 1]), 0)["bracket"]
    "f'_{2}(3)\\,w_{22}"

    ```
    """
    k = _count(k, "k", minimum=0, maximum=pairing.slopes.size - 1)
    unit, time = int(pairing.slope_units[k]) + 1, int(pairing.slope_times[k])
    i, j = (int(x) + 1 for x in pairing.weight_index[k])
    return {
        "bracket": rf"f'_{{{unit}}}({time})\,w_{{{i}{j}}}",
        "slope": rf"f'_{{{unit}}}({time})",
        "weight": rf"w_{{{i}{j}}}",
        "input": rf"y^{{{j}}}({time - 1})",
    }


def corrected_pairing_needs_regrouping(example: Example = EXAMPLE) -> Evidence:
    r"""Slip 2: after the correction, $f'_{l_m}$ sits next to a weight that does not feed its net input.

    sympy differentiates explicit net inputs of 3 units: the corrected pairing's weight
    $w_{l_{m-1} l_m}$ enters $\mathit{net}_{l_m}(t-m)$ only when $l_{m-1} = l_m$; the regrouped weight
    $w_{l_m l_{m+1}}$ always does, with $y^{l_{m+1}}(t-m-1)$. On the running net of ``example`` every path
    from $u$ to $v$ over $q$ steps is regrouped: the products equal the flow's path terms, every pair is
    exactly a gain $g(w; y, c)$ and at most {py:func}`~lstmnotes.local_gain.max_gain`; a corrected pair
    whose weight does not feed grows linearly in that weight instead. The data also carry the chapter's
    worked bracket (``example``), so that the page states the numbers of this evidence.

    :param example: the net, the paths and the worked path, within the limits of {py:func}`sample_run`.
    :raises TypeError: for an ``example`` that is not an :class:`Example`, or a field of the wrong type.
    :raises ValueError: for a field beyond its limits, naming it.
    :return: ``HOLDS`` (the slip is real and the regrouping repairs the reading) when all checks pass.
    """
    example = _example(example)
    q = example.q
    regrouped = regrouped_product(q)
    feeds = weight_feeds(3)
    run = sample_run(example)
    t = run.steps
    terms = path_terms(run.weights, run.fprime(t, q), example.u, example.v)
    product_error = pair_error = 0.0
    bounded = True
    linear = []
    for middle in itertools.product(range(run.n), repeat=q - 1):
        path = (example.u, *middle, example.v)
        pairs = path_pairing(run, t, path, "regrouped")
        scale = max(abs(float(terms[middle])), 1e-300)
        product_error = max(product_error, abs(pairs.product - float(terms[middle])) / scale)
        sizes = np.abs(pairs.pairs)
        pair_error = max(
            pair_error,
            float(np.max(np.abs(sizes / gain(pairs.weights, pairs.inputs, pairs.offsets) - 1))),
        )
        bounded &= bool(np.all(sizes <= max_gain(pairs.inputs, pairs.offsets)[1] * (1 + 1e-12)))
        corrected = path_pairing(run, t, path, "corrected")
        for k in np.flatnonzero(~corrected.feeds):
            big = pair_sweep(corrected, int(k), [1e3, 1e6])
            linear.append(float(big[1] / big[0]))
    shown = path_pairing(run, t, example.path, "regrouped")
    shown_corrected = path_pairing(run, t, example.path, "corrected")
    w_star, best = max_gain(shown.inputs[0], shown.offsets[0])
    worked = {
        "w": float(shown.weights[0]),
        "y": float(shown.inputs[0]),
        "c": float(shown.offsets[0]),
        "size": abs(float(shown.pairs[0])),
        "w_star": float(w_star),
        "best": float(best),
        "best_signed": float(w_star * logistic_prime(w_star * shown.inputs[0] + shown.offsets[0])),
        "latex": bracket_latex(shown, 0),
        "corrected_latex": bracket_latex(shown_corrected, 1),
        "corrected_feeds": bool(shown_corrected.feeds[1]),
    }
    holds = (
        regrouped.identical
        and feeds.feeding["corrected"] == 9
        and feeds.feeding["regrouped"] == feeds.cases
        and all(feeds.inputs_match.values())
        and product_error <= 1e-12
        and pair_error <= 1e-12
        and bounded
        and all(abs(r - 1000) < 1e-9 for r in linear)
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"the corrected weight feeds net_l_m(t-m) in {feeds.feeding['corrected']}/{feeds.cases} unit "
        f"triples (only l_(m-1) = l_m), the regrouped one in {feeds.feeding['regrouped']}/{feeds.cases} "
        f"with input y^l_(m+1)(t-m-1); sympy verifies the regrouping for q = {q}; on a "
        f"{example.units}-unit net (seed {example.seed}, |w| <= {example.w_max}) all "
        f"{run.n ** (q - 1)} paths regroup to the flow's terms (error {product_error:.1e}), every "
        f"pair is a gain (error {pair_error:.1e}) below max_gain; {len(linear)} non-feeding "
        "corrected pairs grow linearly in their weight",
        {
            "feeding": feeds.feeding,
            "cases": feeds.cases,
            "units": example.units,
            "w_max": example.w_max,
            "steps": example.steps,
            "seed": example.seed,
            "q": q,
            "u": example.u + 1,
            "v": example.v + 1,
            "path": [unit + 1 for unit in example.path],
            "path_q": len(example.path) - 1,
            "paths": run.n ** (q - 1),
            "product_error": product_error,
            "pair_error": pair_error,
            "pairs_bounded": bounded,
            "non_feeding_pairs": len(linear),
            "example": worked,
        },
    )
