"""The sympy side of the latching unit: where it has two attractors, and how much input noise each tolerates.

Both results are derived here from the activation's formula, not typed:

- {py:func}`bistable_biases` solves $f'(x) = 1/w$ for the critical nets $c_\\pm$ and sets the bias that puts
  a fixed point there, $b = c - w f(c)$ (a tangency of $h \\mapsto f(wh + b)$ with the diagonal): the two
  ends of the interval of biases with two attractors, the twin of
  {py:func}`lstmnotes.latching.bistable_biases`;
- {py:func}`noise_tolerance` maximises $\\varphi(h) = w h + b - f^{-1}(h)$, the constant input that holds $h$
  as a fixed point, over each branch: the largest bound $\\varepsilon$ on $|u_t|$ for which the worst-case
  map still has a fixed point in the attractor's basin, the twin of the tolerances of
  {py:func}`lstmnotes.latching.latch`.

That the second vanishes exactly at the ends found by the first is checked in the part's tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy

from lstmnotes._validate import choice
from lstmnotes.activations import symbolic as activations
from lstmnotes.latching._fixed_points import LATCH_ACTIVATIONS

__all__ = ["B", "H", "Tolerance", "W", "X", "bistable_biases", "critical_nets", "noise_tolerance"]

W = sympy.Symbol("w", positive=True)
"""The self-connection."""
B = sympy.Symbol("b", real=True)
"""The bias."""
X = sympy.Symbol("x", real=True)
"""A net input."""
H = sympy.Symbol("h", real=True)
"""A state."""

_SAMPLE_W = 8  # above 1/gamma for both activations: where the roots are ordered


def _formula(activation: str) -> tuple[sympy.Basic, sympy.Basic]:
    """$f(x)$ and $f^{-1}(h)$."""
    if choice(activation, "activation", LATCH_ACTIVATIONS) == "tanh":
        return activations.tanh(X), sympy.atanh(H)
    return activations.logistic(X), sympy.log(H / (1 - H))


def _ordered(roots: list[sympy.Basic], symbol: sympy.Symbol) -> tuple[sympy.Basic, ...]:
    return tuple(sorted(roots, key=lambda r: float(r.subs(symbol, _SAMPLE_W))))


@functools.cache
def critical_nets(activation: str = "tanh") -> tuple[sympy.Basic, sympy.Basic]:
    """$c_- < c_+$: the net inputs where $w f'(x) = 1$, solved by sympy (real for $w > 1/\\gamma$).

    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: two expressions in {py:data}`W`.
    :raises ValueError: for an unknown activation.
    """
    f, _ = _formula(activation)
    roots = sympy.solve(sympy.Eq(sympy.diff(f, X), 1 / W), X)
    low, high = _ordered(roots, W)
    return low, high


@functools.cache
def bistable_biases(activation: str = "tanh") -> tuple[sympy.Basic, sympy.Basic]:
    """$(b_-, b_+)$: the biases at which a fixed point sits at a critical net, $b = c - w f(c)$.

    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: two expressions in {py:data}`W`, $b_- < b_+$ for $w > 1/\\gamma$.
    :raises ValueError: for an unknown activation.

    ```pycon
    >>> low, high = bistable_biases("tanh")
    >>> round(float(high.subs(W, 2)), 6)
    0.53284

    ```
    """
    f, _ = _formula(activation)
    ends = [sympy.simplify(c - W * f.subs(X, c)) for c in critical_nets(activation)]
    low, high = _ordered(ends, W)
    return low, high


@dataclass(frozen=True)
class Tolerance:
    """The noise tolerance of each attractor, derived by maximising $\\varphi(h) = w h + b - f^{-1}(h)$."""

    phi: sympy.Basic
    """$\\varphi(h)$: the constant input $u = -\\varphi(h)$ holds $h$ as a fixed point,
    $h = f(w h + b - \\varphi(h))$."""
    states: tuple[sympy.Basic, sympy.Basic]
    """The roots $h_{c-} < h_{c+}$ of $\\varphi'(h) = 0$, in {py:data}`W`."""
    curvature: tuple[sympy.Basic, sympy.Basic]
    """$\\varphi''$ at those roots (negative at $h_{c+}$: a maximum; positive at $h_{c-}$: a minimum)."""
    lower: sympy.Basic
    """$\\varepsilon_- = -\\varphi(h_{c-})$, in {py:data}`W` and {py:data}`B`."""
    upper: sympy.Basic
    """$\\varepsilon_+ = \\varphi(h_{c+})$."""


@functools.cache
def noise_tolerance(activation: str = "tanh") -> Tolerance:
    """The tolerances $\\varepsilon_\\pm$ as sympy expressions, from the extrema of $\\varphi$.

    Under the constant input $u = -\\varepsilon$ the upper attractor moves down to the largest state with
    $\\varphi(h) = \\varepsilon$; such a state exists in the basin iff $\\varepsilon$ is at most the maximum of
    $\\varphi$ on the upper branch, where $\\varphi'(h) = w - 1/f'(f^{-1}(h)) = 0$. Mirrored for the lower
    attractor (the minimum, under $u = +\\varepsilon$).

    :param activation: ``"tanh"`` or ``"logistic"``.
    :return: the {py:class}`Tolerance`.
    :raises ValueError: for an unknown activation.

    ```pycon
    >>> t = noise_tolerance("tanh")
    >>> round(float(t.upper.subs({W: 2, B: 0})), 6)
    0.53284

    ```
    """
    _, inverse = _formula(activation)
    phi = W * H + B - inverse
    states = _ordered(sympy.solve(sympy.diff(phi, H), H), W)
    second = sympy.diff(phi, H, 2)
    low, high = states
    return Tolerance(
        phi,
        (low, high),
        (sympy.simplify(second.subs(H, low)), sympy.simplify(second.subs(H, high))),
        sympy.simplify(-phi.subs(H, low)),
        sympy.simplify(phi.subs(H, high)),
    )
