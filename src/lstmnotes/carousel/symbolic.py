"""The sympy side of the lone self-connected unit (section 3.2): the equation behind "constant", unrolled.

- {py:func}`constant_flow_solution` solves $f'(x)\\, w = 1$ with ``dsolve``, keeping the constant of
  integration;
- {py:func}`unrolled_self_unit_flow` unrolls the unit's error recursion and checks it against the product
  formula;
- {py:func}`identity_flow_symbolic` multiplies the identity unit's factors over a symbolic number of steps;
- {py:func}`second_value_gap_symbolic` and {py:func}`minus_one_unique_symbolic` show why a lone logistic
  unit holds at most one activation with factor $+1$, and at most one with factor $-1$.

The numerics of the unit are in {py:mod}`lstmnotes.carousel`; the checks that use these results, in
{py:mod}`lstmnotes.carousel.evidence` and {py:mod}`lstmnotes.carousel.evidence_fixed_points`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import sympy

from lstmnotes._validate import count

__all__ = [
    "ConstantFlowSolution",
    "UnrolledFlow",
    "constant_flow_solution",
    "identity_flow_symbolic",
    "minus_one_unique_symbolic",
    "second_value_gap_symbolic",
    "unrolled_self_unit_flow",
]


# -- the differential equation ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConstantFlowSolution:
    """The differential equation $f'(x)\\, w = 1$ and its general solution, from {py:func}`constant_flow_solution`."""

    equation: sympy.Eq
    """$w f'(x) = 1$."""
    general: sympy.Eq
    """$f(x) = x/w + C_1$, as ``dsolve`` returns it."""
    constant: sympy.Symbol
    """The constant of integration $C_1$."""
    paper: sympy.Eq
    """The paper's solution $f(x) = x / w$: the general one with $C_1 = 0$."""
    step: sympy.Basic
    """$f(w\\, y)$ under the general solution: the next activation of a lone unit, $y + C_1$."""
    x: sympy.Symbol
    w: sympy.Symbol
    y: sympy.Symbol


def constant_flow_solution() -> ConstantFlowSolution:
    """Solve $f'(x)\\, w = 1$ with sympy's ``dsolve``, keeping the constant of integration.

    :return: the equation, its general solution $f(x) = x / w + C_1$, the paper's particular solution and the
        one-step map $y \\mapsto f(w y) = y + C_1$ of a unit whose only input is its self-connection.
    :raises ArithmeticError: if sympy's solution does not satisfy the equation (it always does).

    ```pycon
    >>> s = constant_flow_solution()
    >>> s.general
    Eq(f(x), C1 + x/w)
    >>> s.step
    C1 + y

    ```
    """
    x = sympy.Symbol("x", real=True)
    w = sympy.Symbol("w", real=True, nonzero=True)
    y = sympy.Symbol("y", real=True)
    f = sympy.Function("f")
    equation = sympy.Eq(w * f(x).diff(x), 1)
    general = sympy.dsolve(equation, f(x))
    (constant,) = general.rhs.free_symbols - {x, w}
    if sympy.simplify(w * general.rhs.diff(x) - 1) != 0:
        raise ArithmeticError(f"dsolve returned {general}, which does not solve {equation}")
    paper = sympy.Eq(f(x), general.rhs.subs(constant, 0))
    step = sympy.expand(general.rhs.subs(x, w * y))
    return ConstantFlowSolution(equation, general, constant, paper, step, x, w, y)


@dataclass(frozen=True)
class UnrolledFlow:
    """The lone unit's error recursion unrolled by sympy, from {py:func}`unrolled_self_unit_flow`."""

    recursion: sympy.Eq
    """One step back: $\\vartheta_j(t-1) = f_j'(\\mathit{net}_j(t-1))\\, w_{jj}\\, \\vartheta_j(t)$."""
    product: sympy.Eq
    """The ratio $\\vartheta_j(t-q)/\\vartheta_j(t)$ as a product over $m = 1..q$, for symbolic $q$."""
    checked: tuple[int, ...]
    """The values of $q$ for which unrolling the recursion gave the product exactly."""

    def latex(self) -> str:
        """Both equations as one LaTeX ``aligned`` block, the recursion first.

        :return: LaTeX source without dollar signs.
        """
        lines = [
            f"{sympy.latex(eq.lhs)} &= {sympy.latex(eq.rhs)}"
            for eq in (self.recursion, self.product)
        ]
        return "\\begin{aligned}" + r" \\ ".join(lines) + "\\end{aligned}"


def _time(arg: Any) -> str:
    """Print a time argument with $t$ first, as $t - q$ rather than $-q + t$."""
    t = sympy.Symbol("t", integer=True)
    rest = sympy.expand(arg - t)
    if t not in arg.free_symbols or rest == 0:
        return str(sympy.latex(arg))
    if rest.could_extract_minus_sign():
        return f"t - {sympy.latex(-rest)}"
    return f"t + {sympy.latex(rest)}"


@functools.cache
def _flow_symbols() -> tuple[type, type, type]:
    class fprime(sympy.Function):  # type: ignore[misc]  # sympy is untyped
        def _latex(self, printer: Any) -> str:
            return rf"f_j'\bigl({printer._print(self.args[0])}\bigr)"

    class net(sympy.Function):  # type: ignore[misc]
        def _latex(self, printer: Any) -> str:
            return rf"\mathit{{net}}_j({_time(self.args[0])})"

    class theta(sympy.Function):  # type: ignore[misc]
        def _latex(self, printer: Any) -> str:
            return rf"\vartheta_j({_time(self.args[0])})"

    return fprime, net, theta


def unrolled_self_unit_flow(q_max: int = 6) -> UnrolledFlow:
    """Unroll the lone unit's error recursion with sympy and check it against the product formula.

    Starting from $\\vartheta_j(t)$, applying the paper's rule once per step back gives
    $\\vartheta_j(t-q)$; sympy compares it with $\\vartheta_j(t) \\prod_{m=1}^{q} f_j'(\\mathit{net}_j(t-m))\\,
    w_{jj}$ for $q = 1, \\dots,$ ``q_max``.

    :param q_max: the largest $q$ to unroll, from 1 to 50.
    :return: the recursion, the product formula and the values of $q$ checked.
    :raises ValueError: for ``q_max`` out of range.
    :raises TypeError: for a ``q_max`` that is not an integer.
    :raises ArithmeticError: if the unrolled recursion and the product differ (they never do).

    ```pycon
    >>> u = unrolled_self_unit_flow(3)
    >>> u.checked
    (1, 2, 3)
    >>> print(u.latex())
    \\begin{aligned}\\vartheta_j(t - 1) &= w_{jj} f_j'\\bigl(\\mathit{net}_j(t - 1)\\bigr) \\vartheta_j(t) \\\\ \\frac{\\vartheta_j(t - q)}{\\vartheta_j(t)} &= \\prod_{m=1}^{q} w_{jj} f_j'\\bigl(\\mathit{net}_j(t - m)\\bigr)\\end{aligned}

    ```
    """
    q_max = count(q_max, "q_max", minimum=1, maximum=50)
    fprime, net, theta = _flow_symbols()
    t, m, q = sympy.symbols("t m q", integer=True)
    w = sympy.Symbol("w_{jj}", real=True)
    step = fprime(net(t - 1)) * w * theta(t)
    product = sympy.Product(fprime(net(t - m)) * w, (m, 1, q))
    unrolled = theta(t)  # theta(t - k) in terms of theta(t), for k = 0
    checked = []
    for k in range(1, q_max + 1):
        # the rule one step further back, at t - k + 1, with theta(t - k + 1) replaced by what we have
        unrolled = step.subs(t, t - k + 1).subs(theta(t - k + 1), unrolled)
        if sympy.simplify(unrolled - theta(t) * product.subs(q, k).doit()) != 0:
            raise ArithmeticError(f"the unrolled recursion differs from the product at q = {k}")
        checked.append(k)
    return UnrolledFlow(
        sympy.Eq(theta(t - 1), step), sympy.Eq(theta(t - q) / theta(t), product), tuple(checked)
    )


# -- the identity unit's flow over symbolic q --------------------------------------------------------


def identity_flow_symbolic() -> tuple[sympy.Basic, sympy.Symbol]:
    """The flow of a lone identity unit over $q$ steps, $\\prod_{m=1}^{q} f'(\\mathit{net}(t-m))\\, w$, by sympy.

    :return: ``(flow, w)``: the flow for symbolic $q$ and $w$, which is $w^q$, and the weight symbol.

    ```pycon
    >>> identity_flow_symbolic()[0]
    w**q

    ```
    """
    q, m, t = sympy.symbols("q m t", integer=True, positive=True)
    w = sympy.Symbol("w", real=True)
    x = sympy.Symbol("x", real=True)
    net = sympy.Function("net", real=True)
    slope = sympy.diff(_symbolic_activation("identity", x), x)  # f'(x), for a symbolic net input x
    factor = slope.subs(x, net(t - m)) * w  # one step back, at whatever net input the unit saw
    return sympy.Product(factor, (m, 1, q)).doit(), w


def _symbolic_activation(name: str, x: sympy.Symbol) -> sympy.Basic:
    """The activation ``name`` as a sympy expression in ``x`` (identity, logistic or tanh)."""
    forms = {"identity": x, "logistic": 1 / (1 + sympy.exp(-x)), "tanh": sympy.tanh(x)}
    if name not in forms:
        raise ValueError(f"no symbolic form for {name!r}; choose one of {sorted(forms)}")
    return forms[name]


# -- the lone logistic unit: at most one held activation with factor +1 or -1 -------------------------


def second_value_gap_symbolic() -> tuple[sympy.Basic, sympy.Basic]:
    """$D$ and its derivative, by sympy, in $u = y - 1/2$: $D$ decreases strictly, so $D = 0$ only at $y = 1/2$.

    $D(y) = \\operatorname{logit}(y) - (y - 1/2)/(y(1-y))$ vanishes exactly when one lone logistic unit holds
    both $y$ and $1 - y$ with factor one (see
    {py:func}`lstmnotes.carousel.evidence_fixed_points.unit_factor_values`). With $u = y - 1/2$, sympy
    simplifies $D'(u)$ to $-32u^2/(1 - 4u^2)^2$, which is negative except at $u = 0$; $D(0) = 0$, so $D$ has
    no other zero on $(0, 1)$: no unit holds two values with factor one.

    :return: ``(D, D')`` as sympy expressions in ``u``.
    :raises ArithmeticError: if the derivative is not $-32u^2/(1 - 4u^2)^2$ or $D(0) \\ne 0$.

    ```pycon
    >>> second_value_gap_symbolic()[1]
    -32*u**2/(16*u**4 - 8*u**2 + 1)

    ```
    """
    u = sympy.Symbol("u", real=True)
    half = sympy.Rational(1, 2)
    d = sympy.log((half + u) / (half - u)) - u / ((half + u) * (half - u))
    derivative = sympy.simplify(sympy.diff(d, u))
    if sympy.simplify(derivative + 32 * u**2 / (1 - 4 * u**2) ** 2) != 0 or d.subs(u, 0) != 0:
        raise ArithmeticError(f"D'(u) = {derivative}, D(0) = {d.subs(u, 0)}: not the stated form")
    return d, derivative


def minus_one_unique_symbolic() -> tuple[sympy.Basic, bool, bool]:
    """Why a lone logistic unit holds at most one activation with factor $-1$, whatever its bias, by sympy.

    A factor $w\\, y(1 - y) = -1$ needs $w < 0$, since $y(1 - y) > 0$ on $(0, 1)$. For $w < 0$ the map
    $y \\mapsto \\sigma(w y + b)$ decreases for every bias $b$ (its derivative in $y$ is negative), so
    $y - \\sigma(w y + b)$ increases strictly and vanishes at most once: the unit has exactly one fixed point
    ($\\sigma$ maps $[0, 1]$ into itself), and at most one held activation with any factor.

    :return: ``(slope, needs_negative, decreasing)``: the derivative of $\\sigma(w y + b)$ in $y$; whether
        sympy finds $-1/(y(1-y))$ negative for $0 < y < 1$; whether it finds the slope negative for $w < 0$
        and any real $y, b$.

    ```pycon
    >>> minus_one_unique_symbolic()[1:]
    (True, True)

    ```
    """
    w = sympy.Symbol("w", negative=True)
    b, y = sympy.Symbol("b", real=True), sympy.Symbol("y", real=True)
    spread = sympy.Symbol("v", positive=True)  # y (1 - y), positive on (0, 1)
    slope = sympy.simplify(sympy.diff(1 / (1 + sympy.exp(-(w * y + b))), y))
    return slope, bool((-1 / spread).is_negative), bool(slope.is_negative)
