r"""The local gain $|\sigma'(wy + c)\,w|$ in sympy: the $\coth$ condition, its limits and its constant.

This is the symbolic twin of {py:mod}`lstmnotes.local_gain` (same names where the two compute the same thing).
It derives, step by step and with every step verified by sympy, where the factor $\sigma'(\mathit{net})\,w$
of the paper's path products is stationary as a function of the weight $w$ that feeds
$\mathit{net} = wy + c$ ({py:func}`stationarity_derivation`); proves that such a point never has
$\mathit{net} = 0$ ({py:func}`stationary_net_input`); computes the limits for $|w| \to \infty$ and their
rate ({py:func}`gain_limits`); and pins down the constant $K$ of the largest gain $K/|y|$ to any number of
digits with mpmath ({py:func}`gain_constant`).
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy

from lstmnotes._validate import count as _count
from lstmnotes.activations.symbolic import logistic_prime, sigma
from lstmnotes.derivation import Derivation, identical

__all__ = [
    "NET",
    "NET_NAMES",
    "GainConstant",
    "GainLimits",
    "StationaryNet",
    "Symmetry",
    "gain",
    "gain_constant",
    "gain_limits",
    "gain_symmetries",
    "signed_gain",
    "stationarity_derivation",
    "stationary_net_input",
]

W, Y, C = sympy.symbols("w y c", real=True)
X = sympy.Symbol("x", real=True)

NET = sympy.Symbol(r"\mathit{net}", real=True)
"""A symbol printed $\\mathit{net}$, for displaying $wy + c$."""

NET_NAMES = {
    sigma(C + W * Y): sympy.Symbol("sigma", positive=True),
    C + W * Y: NET,
    C / 2 + W * Y / 2: NET / 2,
}
"""Display names for {py:meth}`lstmnotes.derivation.Derivation.latex`: $\\sigma(wy + c)$ as $\\sigma$ and
$wy + c$ as $\\mathit{net}$."""


def gain(w: sympy.Basic = W, y: sympy.Basic = Y, c: sympy.Basic = C) -> sympy.Basic:
    r"""The gain $|\sigma'(wy + c)\,w|$ as an explicit sympy expression.

    :param w: the weight.
    :param y: the activation it multiplies.
    :param c: the rest of the net input.
    :return: $|w|\,\sigma'(wy + c)$ with $\sigma'$ written out in exponentials.

    ```pycon
    >>> gain(sympy.Integer(4), sympy.Integer(0), sympy.Integer(0))
    1

    ```
    """
    return sympy.Abs(w) * logistic_prime(w * y + c)


def signed_gain(w: sympy.Basic = W, y: sympy.Basic = Y, c: sympy.Basic = C) -> sympy.Basic:
    r"""The factor $\sigma'(wy + c)\,w$ itself, written with $\sigma$: $\sigma(n)(1 - \sigma(n))\,w$.

    :param w: the weight.
    :param y: the activation it multiplies.
    :param c: the rest of the net input.
    :return: the sympy expression.

    ```pycon
    >>> signed_gain()
    w*(1 - sigma(c + w*y))*sigma(c + w*y)

    ```
    """
    s = sigma(w * y + c)
    return s * (1 - s) * w


def stationarity_derivation() -> Derivation:
    r"""Derive the paper's condition $w = \coth(\mathit{net}/2)/y$ from $\partial_w[\sigma'(wy + c)\,w] = 0$.

    The steps: product and chain rule (with $\sigma' = \sigma(1 - \sigma)$ and
    $\partial\mathit{net}/\partial w = y$); factor out $\sigma'(\mathit{net})$; divide by it (it is
    positive); use $2\sigma(x) - 1 = \tanh(x/2)$; divide by $y\tanh(\mathit{net}/2)$, which the line before
    forces to be nonzero. Every step is verified by sympy; the last line is implicit, since
    $\mathit{net} = wy + c$ contains $w$. Render it with ``.latex(rename=NET_NAMES)``.

    :return: the verified derivation; its result is $w = \coth((wy + c)/2)/y$.

    ```pycon
    >>> stationarity_derivation().result
    Eq(w, coth(c/2 + w*y/2)/y)

    ```
    """
    n = W * Y + C
    s = sigma(n)
    slope = sympy.exp(-n) / (1 + sympy.exp(-n)) ** 2  # sigma'(n), which sympy knows to be positive
    return (
        Derivation(
            sympy.Derivative(signed_gain(), W),
            r"$\sigma = \sigma(\mathit{net})$",
        )
        .equals(
            s * (1 - s) * (1 - 2 * s) * Y * W + s * (1 - s),
            "product and chain rule",
        )
        .equals(s * (1 - s) * (1 - (2 * s - 1) * Y * W), r"factor out $\sigma'$")
        .iff(
            sympy.Eq((2 * s - 1) * Y * W, 1),
            r"set to zero, divide by $-\sigma'$",
            factor=-slope,
            lhs_zero=True,
        )
        .iff(sympy.Eq(sympy.tanh(n / 2) * Y * W, 1), r"$2\sigma - 1 = \tanh(\mathit{net}/2)$")
        .iff(
            sympy.Eq(W, sympy.coth(n / 2) / Y),
            r"divide by $y\tanh(\mathit{net}/2)$",
            factor=sympy.tanh(n / 2) * Y,
            condition=r"it is $\neq 0$",
        )
    )


@dataclass(frozen=True)
class StationaryNet:
    """Why a stationary point of the gain never has $\\mathit{net} = 0$, as computed by {py:func}`stationary_net_input`."""

    condition: sympy.Basic
    """The stationarity condition $(2\\sigma(\\mathit{net}) - 1)\\,yw = 1$, in $\\mathit{net}$, $y$, $w$."""
    at_zero: sympy.Basic
    """The condition with $\\mathit{net} = 0$ substituted: sympy's verdict (``False``)."""
    zero_offset: sympy.Basic
    """For $c = 0$ and $x = wy$: the condition reads $x\\tanh(x/2) = 1$."""
    in_net: sympy.Basic
    """The condition in the net input alone, with $w = (\\mathit{net} - c)/y$:
    $(\\mathit{net} - c)\\tanh(\\mathit{net}/2) = 1$."""


def stationary_net_input() -> StationaryNet:
    r"""Show that no stationary point of the gain has $\mathit{net} = 0$, whatever $y$ and $c$.

    At $\mathit{net} = 0$ the left side of $(2\sigma(\mathit{net}) - 1)\,yw = 1$ is $0$ for every $y$ and
    $w$, so the condition fails: the paper's $\coth(\mathit{net}/2)$ is never asked for at $0$. With $c = 0$
    and $x = wy$ the same condition becomes $x\tanh(x/2) = 1$, the equation for $x^\ast$.

    :return: the condition, its value at $\mathit{net} = 0$ and its form for $c = 0$.

    ```pycon
    >>> stationary_net_input().at_zero
    False

    ```
    """
    condition = sympy.Eq((2 * sigma(NET) - 1) * Y * W, 1)
    at_zero = condition.subs(NET, 0)
    step = stationarity_derivation().steps[4].expr  # tanh(net/2) y w = 1
    zero_offset = sympy.Eq(sympy.simplify(step.lhs.subs({C: 0, W: X / Y})), step.rhs)
    in_net = sympy.Eq((NET - C) * sympy.tanh(NET / 2), 1)
    substituted = step.lhs.subs(W, (NET - C) / Y) - step.rhs
    if not identical(substituted, in_net.lhs - in_net.rhs):
        raise ArithmeticError("the condition in the net input failed to verify")
    return StationaryNet(condition, sympy.simplify(at_zero.rewrite(sympy.exp)), zero_offset, in_net)


@dataclass(frozen=True)
class GainLimits:
    """The behaviour of the gain for $|w| \\to \\infty$, as computed by {py:func}`gain_limits`."""

    limits: dict[str, sympy.Basic]
    """$\\lim g$ for $w \\to \\pm\\infty$ and $y \\gtrless 0$ (keys like ``"w->+oo, y>0"``): all zero."""
    asymptote: sympy.Basic
    """$|w|\\,e^{-|wy + c|}$, the rate."""
    ratios: dict[str, sympy.Basic]
    """$\\lim g/\\text{asymptote}$ for the same four cases: all one."""
    at_y_zero: sympy.Basic
    """$\\lim_{w\\to\\infty} g$ for $y = 0$: infinity, since then $g = \\sigma'(c)|w|$."""


def gain_limits() -> GainLimits:
    r"""The limits of the gain as $|w| \to \infty$, with the rate, and the exception $y = 0$.

    For $y \neq 0$ the net input $wy + c$ runs off to $\pm\infty$ and $\sigma'$ decays like
    $e^{-|wy + c|}$, which beats the linear growth of $|w|$: sympy finds every limit zero and the ratio of
    the gain to $|w|\,e^{-|wy + c|}$ tending to one. For $y = 0$ the gain is $\sigma'(c)\,|w|$, unbounded.

    :return: the limits, the asymptote, the ratios and the $y = 0$ limit.

    ```pycon
    >>> limits = gain_limits()
    >>> set(limits.limits.values()), set(limits.ratios.values()), limits.at_y_zero
    ({0}, {1}, oo)

    ```
    """
    limits: dict[str, sympy.Basic] = {}
    ratios: dict[str, sympy.Basic] = {}
    for y_name, y in (
        ("y>0", sympy.Symbol("y", positive=True)),
        ("y<0", sympy.Symbol("y", negative=True)),
    ):
        expr = gain(W, y, C)
        tail = sympy.Abs(W) * sympy.exp(-sympy.Abs(W * y + C))
        for w_name, end in (("w->+oo", sympy.oo), ("w->-oo", -sympy.oo)):
            key = f"{w_name}, {y_name}"
            limits[key] = sympy.limit(expr, W, end)
            ratios[key] = sympy.limit(expr / tail, W, end)
    asymptote = sympy.Abs(W) * sympy.exp(-sympy.Abs(W * Y + C))
    return GainLimits(limits, asymptote, ratios, sympy.limit(gain(W, 0, C), W, sympy.oo))


@dataclass(frozen=True)
class GainConstant:
    """The constant of the largest gain for $c = 0$, as computed by {py:func}`gain_constant`."""

    equation: sympy.Basic
    """$x\\tanh(x/2) = 1$, whose positive root is $x^\\ast$."""
    closed_form: sympy.Basic
    """$K$ in terms of $x^\\ast$: $x\\,\\sigma'(x)$ with $\\tanh(x/2) = 1/x$ substituted, $(x^2 - 1)/(4x)$."""
    argmax: sympy.Float
    """$x^\\ast$ to the requested precision."""
    value: sympy.Float
    """$K = x^\\ast\\sigma'(x^\\ast)$ to the requested precision."""
    dps: int
    """The decimal digits of precision used."""


def gain_constant(dps: int = 50) -> GainConstant:
    r"""The constant $K$ with $\max_w |\sigma'(wy)\,w| = K/|y|$, and its argument $x^\ast$, to ``dps`` digits.

    With $x = wy$ the gain is $x\,\sigma'(x)/|y|$, so $K = \max_x x\,\sigma'(x)$. Its stationarity
    condition is $x\tanh(x/2) = 1$ ({py:func}`stationary_net_input`); at the root
    $\sigma'(x) = (1 - \tanh^2(x/2))/4 = (1 - 1/x^2)/4$, so $K = (x^{\ast 2} - 1)/(4x^\ast)$. mpmath finds
    the root by bisection-safe Anderson iteration on $[1, 2]$, where the left side rises from
    $\tanh(1/2)$ to $2\tanh 1$.

    :param dps: decimal digits, between 15 and 1000.
    :return: the equation, the closed form and the two numbers.
    :raises ValueError: if ``dps`` is out of range.

    ```pycon
    >>> k = gain_constant(30)
    >>> k.argmax.evalf(12), k.value.evalf(12)
    (1.54340463842, 0.223871602347)

    ```
    """
    dps = _count(dps, "dps", minimum=15, maximum=1000)
    equation = sympy.Eq(X * sympy.tanh(X / 2), 1)
    slope_in_tanh = (1 - sympy.tanh(X / 2) ** 2) / 4
    if not identical(logistic_prime(X), slope_in_tanh):
        raise ArithmeticError("sigma' = (1 - tanh^2(x/2))/4 failed to verify")
    closed_form = sympy.cancel(X * slope_in_tanh.subs(sympy.tanh(X / 2), 1 / X))
    with mpmath.workdps(dps + 10):
        root = mpmath.findroot(
            lambda x: x * mpmath.tanh(x / 2) - 1, (mpmath.mpf(1), mpmath.mpf(2)), solver="anderson"
        )
        value = root * mpmath.exp(-root) / (1 + mpmath.exp(-root)) ** 2
        check = (root**2 - 1) / (4 * root)
        if abs(value - check) > mpmath.mpf(10) ** (-dps):
            raise ArithmeticError("the closed form of K disagrees with x sigma'(x) at the root")
    return GainConstant(equation, closed_form, sympy.Float(root, dps), sympy.Float(value, dps), dps)


@dataclass(frozen=True)
class Symmetry:
    """One candidate symmetry of the gain and sympy's verdict on it."""

    name: str
    """What the transformation does, in words."""
    lhs: sympy.Basic
    """The transformed gain."""
    rhs: sympy.Basic
    """What it is claimed to equal."""
    holds: bool
    """Whether sympy proves the two identical for all real arguments."""
    counterexample: dict[str, float] | None
    """For a candidate that fails: a point where the two sides differ (checked numerically)."""


def gain_symmetries() -> tuple[Symmetry, ...]:
    r"""Which sign flips and rescalings leave the gain unchanged, decided by sympy.

    $\sigma'$ is even, so the gain depends on $w$ through $|w|$ and on the net input through
    $|wy + c|$. Flipping $w$ and $y$ together, or $w$ and $c$, or $y$ and $c$, keeps both; flipping $w$
    alone does not (unless $c = 0$). Rescaling $w \to sw$, $y \to y/s$ keeps the net input and multiplies
    the gain by $|s|$. A candidate that sympy cannot prove comes with a point that refutes it.

    :return: the candidates with their verdicts.

    ```pycon
    >>> [s.holds for s in gain_symmetries()]
    [True, True, True, False, True, True]

    ```
    """
    s = sympy.Symbol("s", nonzero=True, real=True)
    base = gain(W, Y, C)
    candidates = [
        ("flip w and y", gain(-W, -Y, C), base),
        ("flip w and c", gain(-W, Y, -C), base),
        ("flip y and c", gain(W, -Y, -C), base),
        ("flip w alone", gain(-W, Y, C), base),
        ("flip w alone, c = 0", gain(-W, Y, 0), gain(W, Y, 0)),
        ("rescale w by s and y by 1/s", gain(s * W, Y / s, C), sympy.Abs(s) * base),
    ]
    out = []
    for name, lhs, rhs in candidates:
        holds = identical(lhs, rhs)
        counterexample = None if holds else _refute(lhs, rhs)
        out.append(Symmetry(name, lhs, rhs, holds, counterexample))
    return tuple(out)


def _refute(lhs: sympy.Basic, rhs: sympy.Basic) -> dict[str, float]:
    """A point of a small grid where ``lhs`` and ``rhs`` differ by more than rounding."""
    symbols = sorted((lhs - rhs).free_symbols, key=str)
    values = (1, 2, -1, 3)
    for shift in range(len(values)):
        point = {sym: values[(k + shift) % len(values)] for k, sym in enumerate(symbols)}
        if abs(sympy.N((lhs - rhs).subs(point), 30)) > 1e-20:
            return {str(sym): float(v) for sym, v in point.items()}
    raise ArithmeticError(f"sympy could not prove {lhs} = {rhs}, nor refute it on a grid")
