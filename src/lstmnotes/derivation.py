"""Derivations as data: chains of steps that sympy verifies one by one.

A {py:class}`Derivation` starts from an expression or an equation and grows by steps. Each step carries a
one-line justification and is checked by sympy against the step before it:

- {py:meth}`Derivation.equals` continues a chain of expressions: the new expression must be identically
  equal to the previous one;
- {py:meth}`Derivation.iff` continues a chain of equations: ``previous.lhs - previous.rhs`` must equal
  ``factor * (new.lhs - new.rhs)`` identically, with a factor that is nonzero (sympy must know it, or the
  step must name the condition under which it is); then the two equations have the same solutions.

A failed check raises {py:class}`DerivationError` naming the step, so a page that renders a derivation can
never show a step that does not follow. {py:meth}`Derivation.latex` renders the chain as an ``aligned``
block for a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy

from lstmnotes._validate import flag

__all__ = ["Derivation", "DerivationError", "Step", "identical"]


class DerivationError(ValueError):
    """A step of a derivation does not follow from the step before it."""


@dataclass(frozen=True)
class Step:
    """One verified step: an expression or equation, why it follows, and when (if only conditionally)."""

    expr: sympy.Basic
    why: str
    condition: str = ""


def _rewritten(expr: sympy.Basic) -> sympy.Basic:
    return expr.doit().rewrite(sympy.exp)


def identical(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Whether two expressions are identically equal, by symbolic simplification.

    Both sides are evaluated (``doit``), rewritten in terms of ``exp`` (so that hyperbolic functions and
    the logistic meet on common ground) and their difference simplified.

    :param a: an expression.
    :param b: another expression.
    :return: ``True`` if sympy proves ``a - b`` is zero.

    ```pycon
    >>> x = sympy.Symbol("x", real=True)
    >>> identical(sympy.tanh(x / 2), 2 / (1 + sympy.exp(-x)) - 1)
    True
    >>> identical(sympy.tanh(x), 2 / (1 + sympy.exp(-x)) - 1)
    False

    ```
    """
    difference = sympy.simplify(_rewritten(a) - _rewritten(b))
    if difference == 0:
        return True
    return bool(sympy.simplify(sympy.factor(sympy.expand(difference))) == 0)


class Derivation:
    """A chain of sympy-verified steps, rendered as an aligned derivation.

    :param start: the first expression or equation.
    :param why: what the starting point is (shown beside it).

    ```pycon
    >>> x = sympy.Symbol("x", real=True)
    >>> d = Derivation(sympy.Derivative(x**2 + x, x), "to differentiate")
    >>> _ = d.equals(2 * x + 1, "power rule")
    >>> _ = d.iff(sympy.Eq(x, -sympy.Rational(1, 2)), "set to zero, halve", factor=2, lhs_zero=True)
    >>> len(d.steps)
    3

    ```
    """

    def __init__(self, start: sympy.Basic, why: str = "") -> None:
        self._steps: list[Step] = [Step(sympy.sympify(start), why)]

    @property
    def steps(self) -> tuple[Step, ...]:
        """The verified steps, the starting point first."""
        return tuple(self._steps)

    @property
    def result(self) -> sympy.Basic:
        """The last expression or equation reached."""
        return self._steps[-1].expr

    def equals(self, expr: sympy.Basic, why: str) -> Derivation:
        """Continue an expression chain with an expression identically equal to the previous one.

        :param expr: the next expression.
        :param why: one-line justification.
        :return: this derivation, for chaining.
        :raises DerivationError: if sympy cannot show the two expressions equal, or the chain is one of
            equations.
        """
        previous = self.result
        expr = sympy.sympify(expr)
        if isinstance(previous, sympy.Eq) or isinstance(expr, sympy.Eq):
            raise DerivationError(f"step {len(self._steps)} ({why}): use iff() for equations")
        if not identical(previous, expr):
            raise DerivationError(
                f"step {len(self._steps)} ({why}) does not follow: {previous} != {expr}"
            )
        self._steps.append(Step(expr, why))
        return self

    def iff(
        self,
        eq: sympy.Eq,
        why: str,
        *,
        factor: sympy.Basic = sympy.S.One,
        condition: str = "",
        lhs_zero: bool = False,
    ) -> Derivation:
        """Continue with an equation that has the same solutions as the previous one.

        The check: ``previous.lhs - previous.rhs == factor * (eq.lhs - eq.rhs)`` identically. If the
        previous step is an expression rather than an equation, ``lhs_zero=True`` reads it as
        ``expression = 0``.

        :param eq: the next equation.
        :param why: one-line justification.
        :param factor: what the new equation was multiplied by to give the previous one.
        :param condition: when sympy cannot prove ``factor`` nonzero, the condition that makes it so, shown
            with the step. Without it such a step is refused.
        :param lhs_zero: read a previous expression ``e`` as the equation ``e = 0``.
        :return: this derivation, for chaining.
        :raises DerivationError: if the identity fails or the factor may vanish without a stated condition.
        :raises TypeError: for a ``lhs_zero`` that is not a bool.
        """
        previous = self.result
        if not isinstance(previous, sympy.Eq):
            if not flag(lhs_zero, "lhs_zero"):
                raise DerivationError(
                    f"step {len(self._steps)} ({why}): previous step is an expression; pass "
                    "lhs_zero=True to read it as an equation '= 0'"
                )
            previous = sympy.Eq(previous, 0, evaluate=False)
        if not isinstance(eq, sympy.Equality):
            raise DerivationError(f"step {len(self._steps)} ({why}): expected a sympy.Eq")
        factor = sympy.sympify(factor)
        if sympy.simplify(factor).is_zero is not False and not condition:
            raise DerivationError(
                f"step {len(self._steps)} ({why}): cannot show the factor {factor} is nonzero; "
                "state the condition"
            )
        if not identical(previous.lhs - previous.rhs, factor * (eq.lhs - eq.rhs)):
            raise DerivationError(
                f"step {len(self._steps)} ({why}) does not follow: "
                f"{previous.lhs - previous.rhs} != ({factor}) * ({eq.lhs - eq.rhs})"
            )
        self._steps.append(Step(eq, why, condition))
        return self

    def latex(
        self,
        *,
        rename: Mapping[sympy.Basic, sympy.Basic] | None = None,
        notes: str = "right",
    ) -> str:
        """Render the derivation as a LaTeX ``aligned`` block, one step a line with its justification.

        :param rename: subexpressions to print under a name, for display only: each step is printed after
            a structural replacement (``xreplace``), say of ``c + w*y`` by a symbol $\\mathit{net}$. The
            verified steps are not changed.
        :param notes: ``"right"`` puts each justification beside its step; ``"below"`` puts it on a line
            of its own under the step, in smaller type, for derivations too wide for a column.
        :return: LaTeX source without surrounding dollar signs.
        :raises ValueError: for another ``notes``.
        """
        if notes not in ("right", "below"):
            raise ValueError(f"notes must be 'right' or 'below', got {notes!r}")
        lines = []
        for index, step in enumerate(self._steps):
            note = step.why + (f" (if {step.condition})" if step.condition else "")
            expr = step.expr if rename is None else step.expr.xreplace(dict(rename))
            if isinstance(expr, sympy.Eq):
                relation = "" if index == 0 else r"\iff{} "
                body = f"{relation}{sympy.latex(expr.lhs)} &= {sympy.latex(expr.rhs)}"
            elif index == 0:
                body = f"& {sympy.latex(expr)}"
            else:
                body = f"&= {sympy.latex(expr)}"
            if notes == "right":
                lines.append(body + (f"&&{_note(note)}" if note else ""))
            else:
                lines.append(body)
                if note:
                    lines.append(rf"&\qquad{{\small {_note(note)}}}")
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def _note(text: str) -> str:
    """Typeset a justification: plain text in ``\\text{}``, ``$...$`` spans as maths."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        raise DerivationError(f"unbalanced $ in justification {text!r}")
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
        elif part:
            escaped = part
            for char in "#%&_{}":
                escaped = escaped.replace(char, "\\" + char)
            out.append(rf"\text{{{escaped}}}")
    return "".join(out)
