r"""Sorting the corrected product of eq. (3.2): each slope paired with the weight into its own unit.

With the weight index corrected, a path term of (3.2) is $\prod_{m=1}^{q} f'_{l_m}(t-m)\,w_{l_{m-1} l_m}$
(writing $f'_{l}(s)$ for $f'_{l}(\mathit{net}_{l}(s))$). The weight $w_{l_{m-1} l_m}$ runs from $l_m$ to
$l_{m-1}$ and feeds $\mathit{net}_{l_{m-1}}$, not the net input of the slope it is printed next to. Sorted
differently, the same product reads

$$w_{l_0 l_1}\,\Big[\prod_{m=1}^{q-1} f'_{l_m}(t-m)\,w_{l_m l_{m+1}}\Big]\,f'_{l_q}(t-q),$$

and now every bracketed pair is a slope times a weight into that slope's unit, the form the paper's
$\coth$ analysis needs, with the activation $y^{l_{m+1}}(t-m-1)$ in the role of $y$.
{py:func}`regrouped_product` verifies the identity with sympy for a given $q$; {py:func}`weight_feeds`
checks, on explicit net inputs, which weight enters which net input in each of the three pairings; the
numeric side, on a running net, is {py:mod}`lstmnotes.local_gain`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy

from lstmnotes._validate import count as _count
from lstmnotes.derivation import identical

__all__ = [
    "FeedCheck",
    "RegroupedProduct",
    "SharpThreshold",
    "alternating_threshold",
    "pairing_table",
    "regrouped_product",
    "weight_feeds",
]

MAX_Q = 12
"""The longest product {py:func}`regrouped_product` builds."""


class _Name(sympy.Symbol):  # type: ignore[misc]  # sympy is untyped
    """A commutative symbol whose name is its LaTeX."""

    def _latex(self, printer: object) -> str:
        return str(self.name)


def _slope(m: int) -> sympy.Symbol:
    return _Name(f"f'_{{l_{{{m}}}}}(t-{m})")


def _weight(i: int, j: int) -> sympy.Symbol:
    return _Name(f"w_{{l_{{{i}}} l_{{{j}}}}}")


@dataclass(frozen=True)
class RegroupedProduct:
    """The corrected path term and its regrouping, as computed by {py:func}`regrouped_product`."""

    q: int
    """The number of steps back."""
    corrected: tuple[tuple[sympy.Basic, sympy.Basic], ...]
    """The factors of the corrected (3.2): $(f'_{l_m}(t-m), w_{l_{m-1} l_m})$ for $m = 1, \\dots, q$."""
    head: sympy.Basic
    """The weight left at the front, $w_{l_0 l_1}$ (into $u$, no slope of its own)."""
    pairs: tuple[tuple[sympy.Basic, sympy.Basic], ...]
    """The regrouped pairs $(f'_{l_m}(t-m), w_{l_m l_{m+1}})$ for $m = 1, \\dots, q-1$."""
    tail: sympy.Basic
    """The slope left at the end, $f'_{l_q}(t-q)$ (at $v$, no weight of its own)."""
    identical: bool
    """Whether sympy proves the two products equal."""

    def latex(self) -> str:
        """The identity, grouped as in the two readings, as LaTeX (an ``aligned`` block)."""

        def group(pair: tuple[sympy.Basic, sympy.Basic]) -> str:
            return rf"\big({sympy.latex(pair[0])}\,{sympy.latex(pair[1])}\big)"

        left = "".join(group(p) for p in self.corrected)
        head, tail = str(sympy.latex(self.head)), str(sympy.latex(self.tail))
        right = head + r"\," + "".join(group(p) for p in self.pairs) + r"\," + tail
        return "\\begin{aligned}\n& " + left + " \\\\\n&= " + right + "\n\\end{aligned}"


def regrouped_product(q: int = 3) -> RegroupedProduct:
    r"""Verify with sympy that the corrected path term equals $w_{l_0 l_1}\,[\prod_{m<q} f'_{l_m} w_{l_m l_{m+1}}]\,f'_{l_q}$.

    :param q: the number of steps back, $1 \le q \le$ ``MAX_Q``; for $q = 1$ there are no pairs and the
        term is just $w_{l_0 l_1} f'_{l_1}(t-1)$.
    :return: both groupings and sympy's verdict.
    :raises ValueError: for $q$ out of range.

    ```pycon
    >>> r = regrouped_product(3)
    >>> r.identical, len(r.pairs)
    (True, 2)

    ```
    """
    q = _count(q, "q", minimum=1, maximum=MAX_Q)
    corrected = tuple((_slope(m), _weight(m - 1, m)) for m in range(1, q + 1))
    pairs = tuple((_slope(m), _weight(m, m + 1)) for m in range(1, q))
    head, tail = _weight(0, 1), _slope(q)
    left = sympy.Mul(*(a * b for a, b in corrected))
    right = head * sympy.Mul(*(a * b for a, b in pairs)) * tail
    return RegroupedProduct(q, corrected, head, pairs, tail, identical(left, right))


@dataclass(frozen=True)
class FeedCheck:
    """Which paired weight enters which net input, as computed by {py:func}`weight_feeds`."""

    n: int
    """The number of units of the explicit net."""
    cases: int
    """The number of unit triples $(l_{m-1}, l_m, l_{m+1})$ checked, $n^3$."""
    feeding: dict[str, int]
    """Per pairing, in how many cases the pair's weight enters $\\mathit{net}_{l_m}(t-m)$."""
    inputs_match: dict[str, bool]
    """Per pairing, whether in every feeding case $\\partial\\mathit{net}_{l_m}(t-m)/\\partial w$ is the
    activation the pairing names: $y^{l_{m-1}}(t-m-1)$ (printed), $y^{l_m}(t-m-1)$ (corrected, when
    $l_{m-1} = l_m$), $y^{l_{m+1}}(t-m-1)$ (regrouped)."""


def weight_feeds(n: int = 3) -> FeedCheck:
    r"""Differentiate explicit net inputs to see which paired weight feeds the slope it is paired with.

    With $\mathit{net}_l(s) = \sum_j w_{lj}\,y^j(s-1)$ written out for $n$ units, sympy computes
    $\partial\mathit{net}_{l_m}(t-m)/\partial w$ for the weight each pairing puts next to
    $f'_{l_m}(t-m)$, for every triple of units.

    :param n: the number of units, 1 to 6.
    :return: the counts and the check of the activations.
    :raises ValueError: for $n$ out of range.

    ```pycon
    >>> check = weight_feeds(2)
    >>> check.cases, check.feeding
    (8, {'printed': 8, 'corrected': 4, 'regrouped': 8})

    ```
    """
    n = _count(n, "n", minimum=1, maximum=6)
    w = sympy.Matrix(n, n, lambda i, j: sympy.Symbol(f"w_{i}{j}"))
    y = [sympy.Symbol(f"y{j}") for j in range(n)]  # y^j(t-m-1)

    def net(unit: int) -> sympy.Basic:
        return sum((w[unit, j] * y[j] for j in range(n)), sympy.S.Zero)

    feeding = {"printed": 0, "corrected": 0, "regrouped": 0}
    match = {"printed": True, "corrected": True, "regrouped": True}
    for before, here, after in itertools.product(range(n), repeat=3):
        slope_net = net(here)
        paired = {
            "printed": (w[here, before], y[before]),
            "corrected": (w[before, here], y[here]),
            "regrouped": (w[here, after], y[after]),
        }
        for name, (weight, expected) in paired.items():
            derivative = sympy.diff(slope_net, weight)
            if derivative != 0:
                feeding[name] += 1
                match[name] &= bool(derivative == expected)
    return FeedCheck(n, n**3, feeding, match)


def pairing_table(n: int = 3) -> str:
    r"""A LaTeX table of the three pairings, one column each: the weight next to $f'_{l_m}(t-m)$, in how
    many unit triples it feeds $\mathit{net}_{l_m}(t-m)$ (counted by {py:func}`weight_feeds`), the activation in the
    role of $y$, the number of pairs and the factors left over.

    :param n: the number of units used for the counts.
    :return: LaTeX source of an ``array``.

    ```pycon
    >>> "regrouped" in pairing_table(2)
    True

    ```
    """
    check = weight_feeds(n)
    names = ("printed", "corrected", "regrouped")
    rows = [
        (r"\text{pairing}", [rf"\text{{{name}}}" for name in names]),
        (
            r"\text{weight}",
            [r"w_{l_m l_{m-1}}", r"w_{l_{m-1} l_m}", r"w_{l_m l_{m+1}}"],
        ),
        (
            r"\text{feeds}",
            [rf"{check.feeding[name]}/{check.cases}" for name in names],
        ),
        (
            r"\text{plays } y",
            [
                r"y^{l_{m-1}}(t-m-1)",
                r"\begin{array}{c} y^{l_m}(t-m-1) \\ \text{if } l_{m-1} = l_m \end{array}",
                r"y^{l_{m+1}}(t-m-1)",
            ],
        ),
        (r"\text{pairs}", ["q", "q", "q - 1"]),
        (
            r"\text{left over}",
            [
                r"\text{none}",
                r"\text{none}",
                r"\begin{array}{c} w_{l_0 l_1}, \\ f'_{l_q}(t-q) \end{array}",
            ],
        ),
    ]
    lines = [r"\begin{array}{l|ccc}"]
    for index, (label, cells) in enumerate(rows):
        end = r" \\ \hline" if index == 0 else r" \\"
        lines.append(label + " & " + " & ".join(cells) + end)
    lines.append(r"\end{array}")
    return "\n".join(lines)


@dataclass(frozen=True)
class SharpThreshold:
    """The steps of {py:func}`alternating_threshold`, each as sympy decided it."""

    inputs_zero: bool
    r"""$s^{\mathsf T}\mathbf 1 = \sum_{i=0}^{2k-1} (-1)^i = 0$: from $y(0) = \tfrac12\mathbf 1$ every net
    input is $a\,s\,(s^{\mathsf T}\mathbf 1)/2 = 0$, so $y$ stays at $\tfrac12$ and every slope at $1/4$."""
    square: bool
    r"""$s^{\mathsf T}s = n$, so $(s s^{\mathsf T})^2 = n\,s s^{\mathsf T}$."""
    power: bool
    r"""$(c\,s s^{\mathsf T})^q = c^q n^{q-1} s s^{\mathsf T}$: true at $q = 1$ and carried from $q$ to $q+1$."""
    at_threshold: str
    r"""The largest flow entry $(a/4)^q n^{q-1}$ at $a = 4/n$, simplified (``"1/n"``)."""

    @property
    def proved(self) -> bool:
        """Whether every step holds and the flow at the threshold is $1/n$ at every lag."""
        return self.inputs_zero and self.square and self.power and self.at_threshold == "1/n"


def alternating_threshold() -> SharpThreshold:
    r"""Prove, for every even $n$, that $W = (4/n)\,s s^{\mathsf T}$ with $s = (1, -1, \dots)$ keeps its flow.

    With $n = 2k$ units and $y(0) = \tfrac12\mathbf 1$, every net input stays $0$ and every slope $1/4$,
    so the flow over $q$ steps is $(W^{\mathsf T}/4)^q = (a/4)^q n^{q-1} s s^{\mathsf T}$, whose entries
    are $\pm (a/4)^q n^{q-1}$; at $a = 4/n$, where $n\,w_{max} = 4$, that is $1/n$ at every lag. So the
    strict inequality of the condition $n\,w_{max} < 4$ (P13) cannot be relaxed, for any even $n$. sympy
    decides each step with $k$, $n$, $q$ symbolic.

    :return: the steps and sympy's verdict on each.

    ```pycon
    >>> alternating_threshold().proved
    True

    ```
    """
    k = sympy.Symbol("k", integer=True, positive=True)
    i = sympy.Symbol("i", integer=True, nonnegative=True)
    n = sympy.Symbol("n", integer=True, positive=True)
    q = sympy.Symbol("q", integer=True, positive=True)
    c = sympy.Symbol("c", positive=True)
    inputs_zero = sympy.simplify(sympy.summation((-1) ** i, (i, 0, 2 * k - 1))) == 0
    square = sympy.simplify(sympy.summation(((-1) ** i) ** 2, (i, 0, n - 1)) - n) == 0
    alpha = c**q * n ** (q - 1)  # the coefficient of s s^T in (c s s^T)^q
    power = alpha.subs(q, 1) == c and sympy.simplify(alpha.subs(q, q + 1) - c * n * alpha) == 0
    at_threshold = str(sympy.simplify(alpha.subs(c, sympy.Rational(1, 4) * 4 / n)))
    return SharpThreshold(bool(inputs_zero), bool(square), bool(power), at_threshold)
