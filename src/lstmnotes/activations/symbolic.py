"""Symbolic twins of the activations, and the facts about the logistic unit the book relies on.

Each function here shares its name with its NumPy twin in {py:mod}`lstmnotes.activations` and returns a
sympy expression, so a test can evaluate both at the same points. The functions named ``*_facts`` or
``*_derivation`` compute a result from first principles with sympy; the book renders what they return.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from lstmnotes.derivation import Derivation

__all__ = [
    "LogisticMaximum",
    "identity",
    "identity_prime",
    "logistic",
    "logistic_prime",
    "logistic_prime_derivation",
    "logistic_prime_maximum",
    "sigma",
    "tanh",
    "tanh_half_derivation",
    "tanh_prime",
]

X = sympy.Symbol("x", real=True)


class sigma(sympy.Function):  # type: ignore[misc]  # sympy is untyped
    r"""The logistic sigmoid as an unevaluated sympy function, printed $\sigma(x)$.

    It rewrites to $1/(1 + e^{-x})$ (``expr.rewrite(sympy.exp)``), which is how the verifiers compare it
    with other expressions. Its derivative is deliberately not built in: the book derives it.
    """

    is_real = True
    is_positive = True

    def _eval_rewrite_as_exp(self, arg: sympy.Basic, **kwargs: object) -> sympy.Basic:
        return 1 / (1 + sympy.exp(-arg))

    def fdiff(self, argindex: int = 1) -> sympy.Basic:
        t = sympy.Dummy("t")  # differentiate in a fresh variable: the argument may be compound
        return sympy.diff(1 / (1 + sympy.exp(-t)), t).subs(t, self.args[0])

    def _latex(self, printer: sympy.printing.latex.LatexPrinter) -> str:
        return rf"\sigma\left({printer._print(self.args[0])}\right)"


def logistic(x: sympy.Basic) -> sympy.Basic:
    """The logistic sigmoid $1/(1 + e^{-x})$ as an explicit sympy expression.

    :param x: a sympy expression.
    :return: the expression.

    ```pycon
    >>> logistic(sympy.Integer(0))
    1/2

    ```
    """
    return 1 / (1 + sympy.exp(-x))


def logistic_prime(x: sympy.Basic) -> sympy.Basic:
    """The derivative of the logistic, differentiated by sympy and evaluated at ``x``.

    :param x: a sympy expression.
    :return: $\\sigma'(x)$ as an explicit expression.

    ```pycon
    >>> logistic_prime(sympy.Integer(0))
    1/4

    ```
    """
    return sympy.diff(logistic(X), X).subs(X, x)


def tanh(x: sympy.Basic) -> sympy.Basic:
    """The hyperbolic tangent.

    :param x: a sympy expression.
    :return: $\\tanh(x)$.

    ```pycon
    >>> tanh(sympy.Integer(0))
    0

    ```
    """
    return sympy.tanh(x)


def tanh_prime(x: sympy.Basic) -> sympy.Basic:
    """The derivative of the hyperbolic tangent, differentiated by sympy.

    :param x: a sympy expression.
    :return: $\\tanh'(x)$.

    ```pycon
    >>> tanh_prime(sympy.Integer(0))
    1

    ```
    """
    return sympy.diff(sympy.tanh(X), X).subs(X, x)


def identity(x: sympy.Basic) -> sympy.Basic:
    """The identity.

    :param x: a sympy expression.
    :return: ``x``.

    ```pycon
    >>> identity(sympy.Symbol("x"))
    x

    ```
    """
    return x


def identity_prime(x: sympy.Basic) -> sympy.Basic:
    """The derivative of the identity.

    :param x: a sympy expression.
    :return: 1.

    ```pycon
    >>> identity_prime(sympy.Symbol("x"))
    1

    ```
    """
    return sympy.diff(X, X)


def logistic_prime_derivation(x: sympy.Symbol = X) -> Derivation:
    r"""Derive $\sigma'(x) = \sigma(x)(1 - \sigma(x))$ step by step, each step verified by sympy.

    :param x: the variable.
    :return: the verified derivation; its result is $\sigma(x)(1-\sigma(x))$.

    ```pycon
    >>> logistic_prime_derivation().result
    (1 - sigma(x))*sigma(x)

    ```
    """
    s = sigma(x)
    e = sympy.exp(-x)
    return (
        Derivation(sympy.Derivative(logistic(x), x), "the logistic, written out")
        .equals(e / (1 + e) ** 2, "chain rule on $(1+e^{-x})^{-1}$")
        .equals(
            sympy.UnevaluatedExpr(1 / (1 + e)) * sympy.UnevaluatedExpr(1 - 1 / (1 + e)),
            "split the square",
        )
        .equals(s * (1 - s), "name the logistic")
    )


@dataclass(frozen=True)
class LogisticMaximum:
    """Where $\\sigma'$ is largest and why, as computed by {py:func}`logistic_prime_maximum`."""

    argmax: sympy.Basic
    """The only critical point of $\\sigma'$."""
    value: sympy.Basic
    """$\\sigma'$ at the critical point."""
    second_derivative: sympy.Basic
    """$\\sigma'''$ at the critical point (negative: a maximum)."""
    gap: sympy.Basic
    """$1/4 - s(1-s)$ as a factored polynomial in $s = \\sigma(x)$: a square, hence never negative."""
    s: sympy.Symbol
    """The symbol $s$ standing for $\\sigma(x)$ in ``gap``."""


def logistic_prime_maximum() -> LogisticMaximum:
    r"""Find the maximum of $\sigma'$ and prove it global.

    The critical points solve $\sigma''(x) = 0$; the second-derivative test classifies the one found; and
    $\tfrac14 - s(1-s) = (2s-1)^2/4 \ge 0$ for every $s = \sigma(x)$ shows that no other point does
    better, with equality only at $s = 1/2$, that is at $x = 0$.

    :return: the argmax, the maximum value, the second derivative there and the factored gap.

    ```pycon
    >>> m = logistic_prime_maximum()
    >>> (m.argmax, m.value)
    (0, 1/4)

    ```
    """
    first = logistic_prime(X)
    critical = sympy.solve(sympy.simplify(sympy.diff(first, X)), X)
    real = [c for c in critical if c.is_real]
    if len(real) != 1:
        raise ArithmeticError(f"expected one real critical point of sigma', got {critical}")
    (argmax,) = real
    s = sympy.Symbol("s", positive=True)
    return LogisticMaximum(
        argmax=argmax,
        value=sympy.simplify(first.subs(X, argmax)),
        second_derivative=sympy.simplify(sympy.diff(first, X, 2).subs(X, argmax)),
        gap=sympy.factor(sympy.Rational(1, 4) - s * (1 - s)),
        s=s,
    )


def tanh_half_derivation(x: sympy.Symbol = X) -> Derivation:
    r"""Prove $2\sigma(x) - 1 = \tanh(x/2)$, the identity behind the paper's $\coth$, step by step.

    :param x: the variable.
    :return: the verified derivation from $2\sigma(x) - 1$ to $\tanh(x/2)$.

    ```pycon
    >>> tanh_half_derivation().result
    tanh(x/2)

    ```
    """
    e = sympy.exp(-x)
    h = sympy.exp(x / 2)
    return (
        Derivation(2 * sigma(x) - 1, "the left-hand side")
        .equals((1 - e) / (1 + e), "common denominator")
        .equals((h - 1 / h) / (h + 1 / h), "multiply above and below by $e^{x/2}$")
        .equals(sympy.tanh(x / 2), "definition of tanh")
    )
