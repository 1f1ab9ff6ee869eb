"""The weak bound's derivation for other norm pairs: the compatibility step (slip 5) and "any compatible pair" (P12).

The paper derives the weak bound for a matrix norm compatible with a vector norm. Two of its steps depend
on the pair: {py:func}`e_u_times_W_defined` and {py:func}`compatibility_counterexample` show that
$\\|e_u^{\\mathsf T} W\\|_x \\le \\|W\\|_A \\|e_u\\|_x$ is not what compatibility gives, for a common pair;
{py:func}`weak_bound_counterexample` finds a compatible weighted maximum norm, meeting the paper's
conditions, for which the final bound itself fails. Both searches run over 0/1 matrices in the order of
{py:func}`lstmnotes.flow.evidence.binary_matrices`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import sympy

from lstmnotes._validate import count
from lstmnotes.activations import LOGISTIC_PRIME_MAX
from lstmnotes.bounds._norms import NORM_PAIRS
from lstmnotes.bounds._weak import weak_bound_chain
from lstmnotes.bounds.evidence import MAX_SYMBOLIC_N, MAX_WEIGHT
from lstmnotes.flow.evidence import Matrix, as_ints, binary_matrices

__all__ = [
    "COMPATIBILITY_UNITS",
    "WEIGHTED_LAGS",
    "WEIGHTED_UNITS",
    "CompatibilityCounterexample",
    "WeakBoundCounterexample",
    "compatibility_counterexample",
    "e_u_times_W_defined",
    "weak_bound_counterexample",
]

COMPATIBILITY_UNITS = (2, 3)
"""The sizes $n$ of the 0/1 matrices {py:func}`compatibility_counterexample` searches."""

WEIGHTED_UNITS = 2
"""The size $n$ of the 0/1 nets {py:func}`weak_bound_counterexample` searches."""

WEIGHTED_LAGS = (2, 4)
"""The smallest and largest lag {py:func}`weak_bound_counterexample` searches."""


def e_u_times_W_defined(n: int) -> bool:
    """Whether the paper's $e_u W$ is defined, with $e_u$ the $u$-th unit *column* vector (sympy decides).

    :param n: the number of units, at least 1.
    :return: ``True`` only for $n = 1$: a column times an $n \\times n$ matrix needs $n = 1$.
    :raises ValueError: for $n < 1$.

    ```pycon
    >>> e_u_times_W_defined(1), e_u_times_W_defined(2)
    (True, False)

    ```
    """
    n = count(n, "n", minimum=1, maximum=MAX_SYMBOLIC_N)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    try:
        sympy.eye(n)[:, 0] * sympy.MatrixSymbol("W", n, n).as_explicit()
    except sympy.ShapeError:
        return False
    return True


@dataclass(frozen=True)
class CompatibilityCounterexample:
    """The step $\\|e_u^{\\mathsf T} W\\|_x \\le \\|W\\|_A \\|e_u\\|_x$ failing for a common norm pair."""

    norm: str
    """The first pair of {py:data}`lstmnotes.bounds.NORM_PAIRS` for which the step fails."""
    W: Matrix
    u: int
    row_norm: float
    """$\\|e_u^{\\mathsf T} W\\|_x$, the norm of row $u$ (the weights into $u$)."""
    matrix_norm: float
    """$\\|W\\|_A \\|e_u\\|_x$."""
    step_holds_for: tuple[str, ...]
    """The pairs for which the step held on every 0/1 matrix of the search."""
    q: int
    """The lag at which the chain is evaluated."""
    slope: float
    """The slope of every unit at every step of that evaluation (the logistic's largest)."""
    v: int
    """The unit that maximises the middle expression for errors starting at $u$."""
    flow: float
    """The flow for lag ``q``, every slope ``slope``, from $u$ to $v$."""
    middle: float
    """The middle expression of the chain there."""
    bound: float
    """The final bound $n (f'_{max}\\|W\\|_A)^q$."""
    worst_ratio: dict[str, float]
    """Per pair, the largest $\\|e_u^{\\mathsf T} W\\|_x / (\\|W\\|_A \\|e_u\\|_x)$ of the search."""

    @property
    def step_holds(self) -> bool:
        """Whether the compatibility step holds here (it does not)."""
        return self.row_norm <= self.matrix_norm


def compatibility_counterexample() -> CompatibilityCounterexample:
    """Slip 5: search the common norm pairs and 0/1 matrices ($n = 2, 3$, fewest ones first) for a failure.

    Then evaluate the paper's chain on the counter-example with $q = 2$ and slopes $1/4$: the middle
    expression exceeds the final bound, although the final bound itself still holds.

    :return: the evidence.

    ```pycon
    >>> c = compatibility_counterexample()
    >>> c.norm, c.W, c.row_norm, c.matrix_norm, c.step_holds_for
    ('max-column-sum', ((1, 1), (0, 0)), 2.0, 1.0, ('max-row-sum', 'spectral', 'frobenius'))

    ```
    """
    found: tuple[str, np.ndarray, int, float, float] | None = None
    holds = []
    worst = dict.fromkeys(NORM_PAIRS, 0.0)
    for name, pair in NORM_PAIRS.items():
        failure = None
        for n in COMPATIBILITY_UNITS:
            for W in binary_matrices(n):
                for u in range(n):
                    e_u = np.eye(n)[u]
                    lhs, rhs = pair.vector(e_u @ W), pair.matrix(W) * pair.vector(e_u)
                    worst[name] = max(worst[name], lhs / rhs)
                    if lhs > rhs * (1 + 1e-12) and failure is None:
                        failure = (name, W, u, lhs, rhs)
        if failure is None:
            holds.append(name)
        elif found is None:
            found = failure
    if found is None:
        raise ArithmeticError("no counter-example in the search range")
    name, W, u, lhs, rhs = found
    q, slope = 2, LOGISTIC_PRIME_MAX
    fprime = np.full((q, W.shape[0]), slope)
    chains = [weak_bound_chain(W, fprime, u, v, name) for v in range(W.shape[0])]
    v = max(range(W.shape[0]), key=lambda i: chains[i].middle)
    chain = chains[v]
    return CompatibilityCounterexample(
        name,
        as_ints(W),
        u,
        lhs,
        rhs,
        tuple(holds),
        q,
        slope,
        v,
        chain.flow,
        chain.middle,
        chain.bound,
        worst,
    )


@dataclass(frozen=True)
class WeakBoundCounterexample:
    """A compatible norm pair, meeting the paper's conditions, for which the final weak bound fails."""

    d: tuple[int, ...]
    """The weights of the norm $\\|x\\|_D = \\max_i d_i |x_i|$ (all $\\ge 1$)."""
    W: Matrix
    q: int
    u: int
    v: int
    flow: sympy.Rational
    """The exact flow, identity units (all slopes 1)."""
    bound: sympy.Rational
    """The exact final bound $n (f'_{max}\\|W\\|_D)^q$."""
    e_v_norm: sympy.Rational
    """$\\|e_v\\|_D$: the paper's step $\\|W e_v\\|_x \\le \\|W\\|_A$ silently takes it to be 1."""
    W_v_norm: sympy.Rational
    """$\\|W_v\\|_D = \\|W e_v\\|_D$."""
    W_norm: sympy.Rational
    """$\\|W\\|_D$."""

    @property
    def bound_holds(self) -> bool:
        """Whether the final bound holds here (it does not)."""
        return bool(abs(self.flow) <= self.bound)


def _weighted_norm(W: np.ndarray, d: tuple[int, ...]) -> sympy.Rational:
    n = W.shape[0]
    rows = [sum(sympy.Rational(d[i] * abs(int(W[i, j])), d[j]) for j in range(n)) for i in range(n)]
    return sympy.Max(*rows)


def weak_bound_counterexample(max_weight: int = 10) -> WeakBoundCounterexample:
    """P12 for "any compatible pair": the weighted maximum norm breaks the final bound.

    Search: $n = 2$; $q = 2, 3, 4$; $d = (1, K)$ for $K = 1, \\dots,$ ``max_weight``; 0/1 weights with
    the fewest ones first; identity units. The exact flow is an entry of $W^q$; the exact bound uses
    $\\|W\\|_D = \\|D W D^{-1}\\|_\\infty$. The pair is compatible (the matrix norm is induced by the
    vector norm) and satisfies $\\max_i |x_i| \\le \\|x\\|_D$, the only conditions the paper names.

    :param max_weight: the largest $K$ to try.
    :return: the first counter-example, in exact arithmetic.
    :raises ArithmeticError: if none is found.

    ```pycon
    >>> c = weak_bound_counterexample()
    >>> c.d, c.W, c.q, c.flow, c.bound
    ((1, 7), ((1, 1), (0, 1)), 3, 3, 1024/343)

    ```
    """
    max_weight = count(max_weight, "max_weight", minimum=1, maximum=MAX_WEIGHT)
    n = WEIGHTED_UNITS
    for q in range(WEIGHTED_LAGS[0], WEIGHTED_LAGS[1] + 1):
        for K in range(1, max_weight + 1):
            d = (1, K)
            for W in binary_matrices(n):
                W_norm = _weighted_norm(W, d)
                power = np.linalg.matrix_power(W.astype(np.int64), q)
                bound = n * W_norm**q
                for u, v in itertools.product(range(n), repeat=2):
                    flow = sympy.Integer(int(power[u, v]))  # identity units: (W^q)[u, v]
                    if abs(flow) > bound:
                        return WeakBoundCounterexample(
                            d, as_ints(W), q, u, v, flow, bound, sympy.Integer(d[v]),
                            sympy.Integer(max(d[i] * abs(int(W[i, v])) for i in range(n))), W_norm,
                        )  # fmt: skip
    raise ArithmeticError("no counter-example in the search range")
