"""The sympy side of the later conditions: the one-step Jacobian of Pascanu et al.'s net, computed.

{py:func}`state_jacobian` differentiates $x_t = W \\sigma(x_{t-1}) + U u_t + b$ for a symbolic $n \\times n$
$W$, a symbolic input map and an unspecified $\\sigma$, and compares the result with $W
\\operatorname{diag}(\\sigma'(x_{t-1}))$ and with the $W^{\\mathsf T} \\operatorname{diag}(\\sigma'(x_{t-1}))$
printed as eq. (5) of {cite:t}`pascanu2013difficulty`; the twin of
{py:func}`lstmnotes.later.state_jacobian`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy

from lstmnotes._validate import count

__all__ = ["JacobianForms", "state_jacobian"]


@dataclass(frozen=True)
class JacobianForms:
    """The Jacobian of one step, computed by sympy, and its two written forms."""

    jacobian: sympy.Matrix
    """$\\partial x_t / \\partial x_{t-1}$, by ``Matrix.jacobian``."""
    true_form: sympy.Matrix
    """$W \\operatorname{diag}(\\sigma'(x_{t-1}))$."""
    printed_form: sympy.Matrix
    """$W^{\\mathsf T} \\operatorname{diag}(\\sigma'(x_{t-1}))$."""
    true_difference: sympy.Matrix
    """``jacobian - true_form``, simplified: the zero matrix."""
    printed_difference: sympy.Matrix
    """``jacobian - printed_form``, simplified: entry $(i, j)$ is $(w_{ij} - w_{ji})\\, \\sigma'(x_j)$."""


@functools.cache
def state_jacobian(n: int = 3) -> JacobianForms:
    """Differentiate one step of the net with a symbolic $n \\times n$ $W$, $m = 2$ inputs and biases.

    :param n: the number of units, 1 to 4.
    :return: the {py:class}`JacobianForms`.
    :raises TypeError: for an ``n`` that is not an integer.
    :raises ValueError: for an ``n`` out of range.

    ```pycon
    >>> forms = state_jacobian(2)
    >>> forms.true_difference == sympy.zeros(2, 2)
    True
    >>> forms.printed_difference[0, 1]
    (w_01 - w_10)*Derivative(sigma(x_1), x_1)

    ```
    """
    units = count(n, "n", minimum=1, maximum=4)
    sigma = sympy.Function("sigma")
    x = sympy.Matrix(sympy.symbols(f"x_0:{units}", real=True))
    u = sympy.Matrix(sympy.symbols("u_0:2", real=True))
    W = sympy.Matrix(units, units, lambda i, j: sympy.Symbol(f"w_{i}{j}", real=True))
    U = sympy.Matrix(units, 2, lambda i, j: sympy.Symbol(f"v_{i}{j}", real=True))
    b = sympy.Matrix(sympy.symbols(f"b_0:{units}", real=True))
    step = W * x.applyfunc(sigma) + U * u + b
    jacobian = step.jacobian(x)
    slopes = sympy.diag(*[sympy.diff(sigma(xi), xi) for xi in x])
    true_form, printed_form = W * slopes, W.T * slopes
    return JacobianForms(
        jacobian,
        true_form,
        printed_form,
        sympy.simplify(jacobian - true_form),
        (jacobian - printed_form).applyfunc(sympy.factor),
    )
