r"""Computed verdict on P4: products of logistic gains whose factors are all above (below) one.

The paper's step from single factors to whole paths: if every factor of a path exceeds one, the product
grows exponentially in $q$; if every factor is below one, it shrinks. Factors that approach one refute
both halves, realised here as logistic gains. Each function decides one claim afresh by calling the
library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the verdict, a one-line summary with the
numbers, and JSON-ready data. The pages glue their numbers from the same evidence, so the prose and the
ledger cannot disagree.

| claim | function |
|---|---|
| P4 products with every factor above (below) one grow (shrink) exponentially | {py:func}`exponential_products` |
"""

from __future__ import annotations

import numpy as np

from lstmnotes._validate import count as _count
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain._levels import gain_interval
from lstmnotes.local_gain._unit import gain
from lstmnotes.local_gain.evidence import MAX_LEVELS, UndecidedError

__all__ = [
    "exponential_products",
]


def exponential_products(q: int = 10_000) -> Evidence:
    r"""P4: every factor above one makes the product grow exponentially, every factor below one shrink.

    Counter-examples realised as logistic gains (with $y = 0.1$, $c = 0$, the weight solving
    $g(w; y) = g_m$): factors $1 + 1/(m+1)^2 > 1$ give a product that stays below
    $\sinh(\pi)/(2\pi)$; factors $1 - 1/(m+1)^2 < 1$ one that never falls below $1/2$. With a uniform margin
    ($g_m \ge \rho > 1$ or $\le \rho < 1$) the claim holds: the product is beyond $\rho^q$.

    :param q: the length of the products.
    :return: ``FALSE`` (refuted as stated; a uniform margin suffices) when the counter-examples behave as
        computed.
    :raises TypeError: for an argument of the wrong type, naming it.
    :raises ValueError: for ``q`` outside 1 to {py:data}`~lstmnotes.local_gain.evidence.MAX_LEVELS`.
    :raises UndecidedError: when they do not (then nothing is established; the claim would need a proof
        for every sequence of factors, which no finite search gives).

    ```pycon
    >>> exponential_products(200).verdict.short
    'false'

    ```
    """
    q = _count(q, "q", minimum=1, maximum=MAX_LEVELS)
    y = 0.1
    m = np.arange(1, q + 1, dtype=np.float64)
    rising, falling = 1 + 1 / (m + 1) ** 2, 1 - 1 / (m + 1) ** 2
    products = {}
    for name, levels in (("rising", rising), ("falling", falling)):
        # the weight of each factor: the smaller |w| whose gain is exactly the level
        w = _weights_for_levels(y, levels)
        realised = gain(w, y)
        products[name] = {
            "max_factor_error": float(np.max(np.abs(realised / levels - 1))),
            "product": float(np.prod(realised)),
            "all_above_one": bool(np.all(realised > 1)),
            "all_below_one": bool(np.all(realised < 1)),
        }
    limit_rising = float(np.sinh(np.pi) / (2 * np.pi))
    margin = 1.01
    with_margin = float(margin**q)
    counter = (
        products["rising"]["all_above_one"]
        and products["rising"]["product"] < limit_rising
        and products["falling"]["all_below_one"]
        and products["falling"]["product"] > 0.5
    )
    if not counter or products["rising"]["all_above_one"] is False:
        raise UndecidedError(
            "P4: the products of logistic gains near one did not behave as the counter-example needs: "
            f"{products}"
        )
    return Evidence(
        Verdict.FALSE,
        f"q = {q} logistic gains (y = 0.1): factors 1 + 1/(m+1)^2 > 1 multiply to "
        f"{products['rising']['product']:.6f} < sinh(pi)/(2 pi) = {limit_rising:.6f}; factors "
        f"1 - 1/(m+1)^2 < 1 to {products['falling']['product']:.6f} > 1/2. A uniform margin suffices, "
        f"e.g. factors >= 1.01 give >= {with_margin:.3g}",
        {
            "q": q,
            "y": y,
            "rising_product": products["rising"]["product"],
            "rising_bound": limit_rising,
            "falling_product": products["falling"]["product"],
            "max_factor_error": max(p["max_factor_error"] for p in products.values()),
            "margin_product": with_margin,
        },
    )


def _weights_for_levels(y: float, levels: np.ndarray) -> np.ndarray:
    """The smallest $w > 0$ with gain exactly ``level`` for each level (vectorised over the levels)."""
    # gain(w; y) = level  <=>  gain(w / level; y * level) = 1, so rescale and use the level-one solver
    inner, _ = gain_interval(y * levels)
    return np.asarray(inner * levels, dtype=np.float64)
