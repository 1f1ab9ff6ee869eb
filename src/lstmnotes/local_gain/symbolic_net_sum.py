r"""The public answer's net input of $l_m$, a sum over the weights leaving $l_{m-1}$, against the real one.

The answer's limit argument writes
$\mathit{net}_{l_m}(t-m) = \sum_{l^\ast} w_{l^\ast l_{m-1}}\,y^{l_{m-1}}(t-m-1)$.
{py:func}`answer_net_sum` compares it in sympy with the net input of the paper's convention,
$\sum_j w_{l_m j}\,y^j$, finds the smallest 0/1 net that tells them apart, and takes the answer's limit with
its own sum.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from lstmnotes._validate import count as _count
from lstmnotes.flow.symbolic import weight_symbols

__all__ = [
    "AnswerNetSum",
    "answer_net_sum",
]


@dataclass(frozen=True)
class AnswerNetSum:
    """The public answer's net input against the real one, as computed by {py:func}`answer_net_sum`."""

    n: int
    """The number of units."""
    true_net: sympy.Basic
    r"""$\mathit{net}_{l_m} = \sum_{j} w_{l_m j}\,y^{j}$ for $l_m = 1$."""
    answer_sum: sympy.Basic
    r"""The answer's $\sum_{l^\ast} w_{l^\ast l_{m-1}}\,y^{l_{m-1}}$ for $l_{m-1} = 2$ (or 1 when $n = 1$)."""
    outgoing: bool
    """Whether the answer's sum is $y^{l_{m-1}}$ times the sum of the weights *leaving* $l_{m-1}$."""
    agree: bool
    """Whether the two are identical as expressions in the weights and activations."""
    counterexample: dict[str, Any] | None
    """Smallest 0/1 weights and activations where they differ (``None`` when they agree)."""
    answer_limit: sympy.Basic
    r"""The limit of the answer's expression for its weight $w_{l_m l_{m-1}} \to +\infty$, $y > 0$."""


def _answer_sum(w: sympy.Matrix, ys: Sequence[sympy.Symbol], unit: int, source: int) -> sympy.Basic:
    """The answer's sum as it is written: $\\sum_{l^\\ast} w_{l^\\ast l_{m-1}}\\,y^{l_{m-1}}$ (``unit`` unused)."""
    del unit  # the answer's sum does not involve l_m: that is the slip
    return sum((w[k, source] * ys[source] for k in range(w.rows)), sympy.Integer(0))


def answer_net_sum(n: int = 2) -> AnswerNetSum:
    r"""The public answer's limit writes $\mathit{net}_{l_m} = \sum_{l^\ast} w_{l^\ast l_{m-1}}\,y^{l_{m-1}}$: compare.

    With the paper's convention ($w_{ij}$ runs from $j$ to $i$) the net input of unit $l_m$ is
    $\sum_j w_{l_m j}\,y^j$, a sum over the weights *into* $l_m$. The answer's sum runs over the first
    index with the second held at $l_{m-1}$: the weights *leaving* $l_{m-1}$, all multiplied by the one
    activation $y^{l_{m-1}}$ (the same kind of transposition as the printed (3.2)). sympy compares the two
    for unit $l_m = 1$ and $l_{m-1} = 2$, and an exhaustive search over 0/1 weights and activations
    returns the first pair that tells them apart. The answer's limit (its weight $w_{l_m l_{m-1}} \to
    +\infty$ with its own sum in the slope) is computed as well: the slip does not change the value.

    :param n: the number of units, 1 to 4 (for $n = 1$ the two sums coincide).
    :return: both expressions and the comparison.
    :raises ValueError: for $n$ out of range.

    ```pycon
    >>> answer_net_sum(2).agree, answer_net_sum(1).agree
    (False, True)

    ```
    """
    n = _count(n, "n", minimum=1, maximum=4)
    w = weight_symbols(n)
    ys = sympy.symbols(f"y_1:{n + 1}", real=True)
    unit, source = 0, min(1, n - 1)  # l_m = 1 and l_(m-1) = 2 (1-based)
    true_net = sum((w[unit, j] * ys[j] for j in range(n)), sympy.Integer(0))
    answer = _answer_sum(w, ys, unit, source)
    column = sum((w[k, source] for k in range(n)), sympy.Integer(0))
    outgoing = sympy.expand(answer - ys[source] * column) == 0
    agree = sympy.expand(true_net - answer) == 0
    counterexample = None
    if not agree:
        symbols = [*w, *ys]
        for bits in itertools.product((0, 1), repeat=len(symbols)):
            point = dict(zip(symbols, bits, strict=True))
            if true_net.subs(point) != answer.subs(point):
                counterexample = {
                    "W": [[int(point[w[i, j]]) for j in range(n)] for i in range(n)],
                    "y": [int(point[v]) for v in ys],
                    "net": int(true_net.subs(point)),
                    "answer": int(answer.subs(point)),
                }
                break
    weight = w[unit, source]
    positive = sympy.Symbol("y", positive=True)
    others = answer.subs(ys[source], positive) - weight * positive
    decay = sympy.exp(-(others + weight * positive))  # the answer's e^{-sum}
    answer_limit = sympy.limit(weight / (1 + decay) * decay / (1 + decay), weight, sympy.oo)
    return AnswerNetSum(n, true_net, answer, outgoing, agree, counterexample, answer_limit)
