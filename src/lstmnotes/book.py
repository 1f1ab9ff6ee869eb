"""Small helpers for the book's pages: objects that myst-nb's ``glue`` renders as maths.

A page computes an expression with the library and glues it; the prose then shows it inline with the
``{glue}`` role or as a numbered display with the ``glue:math`` directive. Nothing is typed twice.
"""

from __future__ import annotations

import sympy

from lstmnotes._validate import flag

__all__ = ["Latex"]


class Latex:
    """LaTeX for ``glue``: a sympy expression or a LaTeX string, inline by default.

    :param content: a sympy expression or matrix (printed with ``sympy.latex``) or LaTeX source.
    :param display: render as display maths (``$$``) instead of inline (``$``).
    :raises TypeError: for a ``display`` that is not a bool.

    ```pycon
    >>> Latex(sympy.Rational(1, 4))._repr_latex_()
    '$\\\\frac{1}{4}$'
    >>> Latex(r"\\tanh(x/2)", display=True)._repr_latex_()
    '$$\\\\tanh(x/2)$$'

    ```
    """

    def __init__(
        self, content: sympy.Basic | sympy.MatrixBase | str, *, display: bool = False
    ) -> None:
        self.source = content if isinstance(content, str) else sympy.latex(content)
        self.display = flag(display, "display")

    def _repr_latex_(self) -> str:
        fence = "$$" if self.display else "$"
        return f"{fence}{self.source}{fence}"

    def __repr__(self) -> str:
        return f"Latex({self.source!r})"
