"""The paper's 4.0 against Pascanu et al.'s $1/\\gamma$, and the two norms each bounds, on two example nets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstmnotes._validate import count, finite_scalar
from lstmnotes.later._norms import GAMMA, flow_norms, largest_singular_value

__all__ = ["ThresholdRelation", "threshold_relation"]


@dataclass(frozen=True)
class ThresholdRelation:
    """Hochreiter's 4.0 and Pascanu et al.'s $1/\\gamma$, from {py:func}`threshold_relation`."""

    gamma: float
    threshold: float
    """$1/\\gamma$ for the logistic: 4.0, the paper's bound on $|w|$ and on $\\|W\\|_A$."""
    column: tuple[float, float, float]
    """$(\\|W\\|_\\infty, \\sigma_{max}, \\|M_q\\|_2)$ for a net whose max-row-sum is below 4 but whose
    largest singular value is above (all weights in one column)."""
    row: tuple[float, float, float]
    """The same for a net with $\\sigma_{max} < 4 < \\|W\\|_\\infty$ (all weights in one row)."""
    lag: int
    units: int
    column_weight: float
    """$a$: every entry of the first column of the column example (the first unit's self-weight among
    them; every unit receives only from the first unit). Every other weight is zero."""
    row_weight: float
    """$a/\\sqrt{n}$: every entry of the first row of the row example (the first unit receives from every
    unit, itself among them). Every other weight is zero."""


def threshold_relation(*, units: int = 4, value: float = 3.9, lag: int = 40) -> ThresholdRelation:
    """Relate the paper's 4.0 to $1/\\gamma$, and compare the two norms that each set of authors bounds.

    For the logistic $\\gamma = \\max\\sigma' = 1/4$, so $1/\\gamma = 4.0$: the paper's per-weight condition
    $|w| < 4.0$ and its weak bound's $\\|W\\|_A < 4.0$ use the same constant as $\\sigma_{max}(W) < 1/\\gamma$.
    For one unit the three conditions coincide. For more units the norms differ and neither condition implies
    the other: with all weights $a$ in one column, $\\|W\\|_\\infty = a$ but $\\sigma_{max} = a\\sqrt{n}$; with
    all weights in one row, the reverse. Both example nets vanish at the steepest slopes $1/4$.

    :param units: $n$, 2 to 64.
    :param value: the weight $a$ of the column example, in $(0, 4)$; the row example uses $a/\\sqrt{n}$,
        so that its $\\sigma_{max}$ is $a$ and its max-row-sum $a\\sqrt{n}$.
    :param lag: the lag at which the flow norm is reported, 1 to 200.
    :return: the relation with the two examples.
    :raises TypeError: for a ``units`` or ``lag`` that is not an integer, or a ``value`` that is not a real
        number.
    :raises ValueError: for out-of-range arguments.

    ```pycon
    >>> t = threshold_relation()
    >>> t.threshold, t.column[0] < 4 < t.column[1], t.row[1] < 4 < t.row[0]
    (4.0, True, True)

    ```
    """
    units = count(units, "units", minimum=2, maximum=64)
    value = finite_scalar(value, "value")
    if not 0 < value < 4:
        raise ValueError(f"value must be in (0, 4), got {value}")
    lag = count(lag, "lag", minimum=1, maximum=200)
    gamma = GAMMA["logistic"]
    slopes = np.full((lag, units), gamma)
    column, row = np.zeros((units, units)), np.zeros((units, units))
    column[:, 0] = value  # one weight per row: max row sum a, largest singular value a sqrt(n)
    row[0, :] = value / np.sqrt(units)  # n weights in one row: the reverse
    examples = (column, row)
    out = [
        (
            float(np.max(np.abs(W).sum(axis=1))),
            largest_singular_value(W),
            float(flow_norms(W, slopes)[-1]),
        )
        for W in examples
    ]
    return ThresholdRelation(
        gamma, 1.0 / gamma, out[0], out[1], lag, units, float(value), float(value / np.sqrt(units))
    )
