"""The paper's fully recurrent net, run forward, and its back-propagated error signals.

The notation is the paper's {cite:p}`hochreiter1997lstm`: the net has $n$ units; ``W[i, j]`` is
$w_{ij}$, the weight on the connection **from unit $j$ to unit $i$**; unit $i$'s net input and activation
at time $t$ are

$$
\\mathit{net}_i(t) = \\sum_j w_{ij}\\, y^j(t-1), \\qquad y^i(t) = f_i(\\mathit{net}_i(t)).
$$

A run may also have external inputs $x(t)$ of $m$ input lines, weighted by $V$ (``V[i, l]`` from input
line $l$ to unit $i$), and biases $b$: then $\\mathit{net}(t) = W y(t-1) + V x(t) + b$, the net of the
paper's experiments and of Pascanu et al. {cite:p}`pascanu2013difficulty`. Neither changes the backward
rule below: the error flows back through $W$ only.

{py:func}`run_net` starts from an activation $y(0)$ and keeps every net input and activation of the
following $T$ steps in a {py:class}`~lstmnotes.net.Run`. From a run, {py:meth}`~lstmnotes.net.Run.fprime` collects the slopes
$f'_i(\\mathit{net}_i(t-m))$ that the error flow of {py:mod}`lstmnotes.flow` needs, and
{py:func}`~lstmnotes.net.error_signals` propagates an error injected at time $t$ back through time with the paper's rule

$$
\\vartheta_j(s) = f'_j(\\mathit{net}_j(s)) \\sum_i w_{ij}\\, \\vartheta_i(s+1).
$$

Every unit uses the same activation, an {py:class}`lstmnotes.activations.Activation` or one of the names
of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, finite_scalar, index_list, square_matrix
from lstmnotes.activations import Activation, as_activation
from lstmnotes.net._scaled import safe_signal
from lstmnotes.net._trajectory import Run

__all__ = [
    "MAX_NET_REDO",
    "MAX_RUN_VALUES",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WORK",
    "NET_REDO_CALL",
    "Run",
    "output_error",
    "random_weights",
    "run_net",
]

Array = NDArray[np.float64]

MAX_STEPS = 200_000
"""The longest run {py:func}`run_net` accepts: at $n = 1$, where a step is a few microseconds of numpy calls, about
a second of CPU."""

MAX_NET_REDO = 20_000_000
"""The most terms, each counting two (with {py:data}`NET_REDO_CALL` more for each step redone), that one
call of {py:func}`run_net` redoes as mantissas and powers of two, where a net input overflows on the way
(products beyond float64 that may cancel): about half a second at this limit, beyond which the call is
refused."""

NET_REDO_CALL = 5_000
"""The terms a redone step of {py:func}`run_net` counts against {py:data}`MAX_NET_REDO` besides its own
(two for each of the $n + m + 1$ terms of a net input redone): the fixed cost of the redo, about 130
microseconds of numpy calls."""

MAX_UNITS = 4096
"""The most units {py:func}`random_weights` and {py:func}`run_net` accept: $n^2$ weights, 128 MiB."""

MAX_RUN_VALUES = 10_000_000
"""The most values $T n$ a run keeps, for its net inputs and again for its activations (160 MB in all)."""

MAX_WORK = 2_000_000_000
"""The most multiply-adds $T n^2$ a run or a back-propagation does (some seconds)."""


def _checked_size(n: int, steps: int, what: str) -> None:
    if n > MAX_UNITS:
        raise ValueError(f"{what} has n = {n} units, above the limit MAX_UNITS = {MAX_UNITS}")
    if steps * n > MAX_RUN_VALUES:
        raise ValueError(
            f"n = {n} units over {steps} steps keep {steps * n} values, above the limit "
            f"MAX_RUN_VALUES = {MAX_RUN_VALUES}"
        )
    if steps * n * n > MAX_WORK:
        raise ValueError(
            f"n = {n} units over {steps} steps need {steps * n * n:.3g} multiply-adds, above the "
            f"limit MAX_WORK = {MAX_WORK:.3g}"
        )


def run_net(
    W: ArrayLike,
    y0: ArrayLike,
    steps: int,
    activation: str | Activation = "logistic",
    *,
    x: ArrayLike | None = None,
    V: ArrayLike | None = None,
    b: ArrayLike | None = None,
) -> Run:
    """Run the net forward: $\\mathit{net}(t) = W y(t-1) + V x(t) + b$ and $y(t) = f(\\mathit{net}(t))$ for $t = 1..T$.

    Without ``x``, ``V`` and ``b`` this is the paper's net, $\\mathit{net}(t) = W y(t-1)$, computed as it
    always was (bit for bit).

    :param W: the $n \\times n$ weights, ``W[i, j]`` $= w_{ij}$ from unit $j$ to unit $i$.
    :param y0: the initial activation $y(0)$, length $n$.
    :param steps: the number $T \\ge 1$ of steps (at most ``MAX_STEPS``).
    :param activation: an {py:class}`~lstmnotes.activations.Activation`, or a name of
        {py:data}`~lstmnotes.activations.NAMED_ACTIVATIONS`: ``"logistic"`` (the paper's), ``"tanh"``,
        ``"identity"``, ``"relu"``, ``"leaky_relu"``, ``"cell_g"``, ``"cell_h"``.
    :param x: the external inputs, shape ``(T, m)`` with $m \\ge 1$; row ``t - 1`` is $x(t)$. Given with ``V``.
    :param V: the input weights, shape ``(n, m)``, ``V[i, l]`` from input line $l$ to unit $i$. Given with ``x``.
    :param b: the biases, length $n$.
    :return: the {py:class}`~lstmnotes.net.Run`.
    :raises ValueError: if ``W`` is not square and finite, ``y0`` or ``b`` does not have length $n$,
        ``x`` and ``V`` are not given together or have other shapes, ``steps`` is out of range, the
        activation is unknown, a net input is beyond float64 (linear nets can blow up; products that
        overflow on the way to a finite sum are redone scaled, at most {py:data}`MAX_NET_REDO` products
        in all with {py:data}`NET_REDO_CALL` more a redone step), or the run is too large: $n$ above
        {py:data}`MAX_UNITS`, $T n$ above {py:data}`MAX_RUN_VALUES` or $T n^2$ above {py:data}`MAX_WORK`
        (with inputs, $T n (n + m)$ and $T m$ count too).
    :raises TypeError: if ``steps`` is not an integer, a number is not real, or the activation is neither
        a str nor an Activation.

    ```pycon
    >>> run = run_net([[0.0, 2.0], [0.0, 0.0]], [1.0, 1.0], 1, "identity")
    >>> run.net(1).tolist(), run.y(1).tolist()
    ([2.0, 0.0], [2.0, 0.0])
    >>> run = run_net([[0.5]], [0.0], 2, "relu", x=[[1.0], [-3.0]], V=[[2.0]], b=[0.25])
    >>> run.nets.ravel().tolist(), run.activations.ravel().tolist()
    ([2.25, -4.625], [0.0, 2.25, 0.0])

    ```
    """
    weights = square_matrix(W, "W")
    start = finite_array(y0, "y0", ndim=1)
    n = weights.shape[0]
    if start.shape[0] != n:
        raise ValueError(f"y0 must have length n = {n}, got {start.shape[0]}")
    total = count(steps, "steps", minimum=1, maximum=MAX_STEPS)
    unit = as_activation(activation, "activation")
    inputs, input_weights, biases = _external(x, V, b, n, total)
    f = unit.f
    _checked_size(n, total, "W")
    if inputs is not None:
        _checked_size(n + inputs.shape[1], total, "W and V")
    nets = np.empty((total, n))
    ys = np.empty((total + 1, n))
    ys[0] = start
    with np.errstate(over="ignore", invalid="ignore"):
        for low in range(1, total + 1, _BLOCK):  # checked for overflow every _BLOCK steps
            high = min(low + _BLOCK - 1, total)
            for t in range(low, high + 1):
                nets[t - 1] = weights @ ys[t - 1]
                if inputs is not None and input_weights is not None:
                    nets[t - 1] += input_weights @ inputs[t - 1]
                if biases is not None:
                    nets[t - 1] += biases
                ys[t] = f(nets[t - 1])
            finite = np.isfinite(nets[low - 1 : high]).all(axis=1)
            if not finite.all():  # from the first bad step on, each step redone where it overflows
                first = low + int(np.argmax(~finite))
                _redo_scaled(nets, ys, first, f, weights, inputs, input_weights, biases)
                break
    for array in (weights, nets, ys, inputs, input_weights, biases):
        if array is not None:
            array.setflags(write=False)
    return Run(
        weights=weights,
        activation=unit,
        nets=nets,
        activations=ys,
        inputs=inputs,
        input_weights=input_weights,
        biases=biases,
    )


_BLOCK = 256
"""The steps of {py:func}`run_net`'s plain pass between two checks for a net input that overflowed."""


def _redo_scaled(
    nets: Array,
    ys: Array,
    first: int,
    f: Callable[[Array], Array],
    weights: Array,
    inputs: Array | None,
    input_weights: Array | None,
    biases: Array | None,
) -> None:
    """Recompute the run in place from step ``first``: each step as the plain pass does, and the net inputs
    of a step that are not finite again term by term, as mantissas and powers of two
    ({py:func}`~lstmnotes.net._scaled.safe_signal`: no intermediate overflow, and each row scaled by its
    own largest term, so that the other terms keep their digits). The redone rows count against
    {py:data}`MAX_NET_REDO`, two a term, and each redone step {py:data}`NET_REDO_CALL` more."""
    parts = [weights]
    if inputs is not None and input_weights is not None:
        parts.append(input_weights)
    if biases is not None:
        parts.append(biases[:, None])
    rows = np.hstack(parts)  # row i: w_i., v_i., b_i
    redone = 0
    for t in range(first, nets.shape[0] + 1):
        if t > first:  # the plain step first (the first is known to overflow)
            with np.errstate(over="ignore", invalid="ignore"):
                nets[t - 1] = weights @ ys[t - 1]
                if inputs is not None and input_weights is not None:
                    nets[t - 1] += input_weights @ inputs[t - 1]
                if biases is not None:
                    nets[t - 1] += biases
            if np.isfinite(nets[t - 1]).all():
                ys[t] = f(nets[t - 1])
                continue
        bad = np.flatnonzero(~np.isfinite(nets[t - 1]))
        redone += 2 * bad.size * rows.shape[1] + NET_REDO_CALL
        if redone > MAX_NET_REDO:
            raise ValueError(
                f"the net inputs overflow on the way at step {t} (products beyond float64 that may "
                f"cancel): redoing them term by term would take more than MAX_NET_REDO = {MAX_NET_REDO} "
                f"terms in all (two a term, each redone step counting NET_REDO_CALL = {NET_REDO_CALL} "
                "more; about 0.5 s); the weights and inputs are too large for this run"
            )
        vector = [ys[t - 1]]
        if inputs is not None and input_weights is not None:
            vector.append(inputs[t - 1])
        if biases is not None:
            vector.append(np.ones(1))
        nets[t - 1, bad] = safe_signal(rows[bad], np.concatenate(vector), np.ones(bad.size))
        if not np.isfinite(nets[t - 1]).all():
            raise ValueError(
                f"the net inputs at step {t} are beyond float64 (about 1.8e308): the run blows up"
            )
        ys[t] = f(nets[t - 1])


def _external(
    x: ArrayLike | None, V: ArrayLike | None, b: ArrayLike | None, n: int, steps: int
) -> tuple[Array | None, Array | None, Array | None]:
    """The validated inputs, input weights and biases of a run (``None`` where not given)."""
    if (x is None) != (V is None):
        raise ValueError("x and V must be given together: the inputs and the weights they enter by")
    inputs = input_weights = biases = None
    if x is not None and V is not None:
        inputs = finite_array(x, "x", ndim=2)
        input_weights = finite_array(V, "V", ndim=2)
        if inputs.shape[0] != steps or inputs.shape[1] == 0:
            raise ValueError(
                f"x must have shape (T, m) = ({steps}, m) with m >= 1, one row a step, got {inputs.shape}"
            )
        if input_weights.shape != (n, inputs.shape[1]):
            raise ValueError(
                f"V must have shape (n, m) = ({n}, {inputs.shape[1]}), got {input_weights.shape}"
            )
    if b is not None:
        biases = finite_array(b, "b", ndim=1)
        if biases.shape != (n,):
            raise ValueError(f"b must be a vector of length n = {n}, got shape {biases.shape}")
    return inputs, input_weights, biases


def _check_run(run: object) -> None:
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run (from run_net), got {type(run).__name__}")


def output_error(run: Run, t: int, target: ArrayLike, outputs: ArrayLike) -> Array:
    """The error signals injected at time $t$: $\\vartheta_k(t) = f'_k(\\mathit{net}_k(t))(d_k(t) - y^k(t))$.

    Output units $k$ get the paper's squared-error signal; every other unit gets zero.

    :param run: a forward run.
    :param t: the time of the targets, $1 \\le t \\le T$.
    :param target: the targets $d_k(t)$, one per output unit, in the order of ``outputs``.
    :param outputs: the indices of the output units (distinct, in $0, \\dots, n-1$).
    :return: the vector $\\vartheta(t)$ of length $n$.
    :raises ValueError: for a bad time, repeated or out-of-range output indices, or a target of the
        wrong length.

    ```pycon
    >>> run = run_net(np.zeros((2, 2)), [0.0, 0.0], 1)
    >>> output_error(run, 1, [1.0], [1]).tolist()
    [0.0, 0.125]

    ```
    """
    _check_run(run)
    units = _units(outputs, run.n)
    goal = finite_array(target, "target", ndim=1)
    if goal.shape[0] != units.shape[0]:
        raise ValueError(f"target must have one entry per output unit ({units.shape[0]})")
    net, y = run.net(t), run.y(t)
    theta = np.zeros(run.n)
    slope = run.activation.fprime(net[units])
    with np.errstate(over="ignore"):
        difference = goal - y[units]
        if np.all(np.isfinite(difference)):
            theta[units] = slope * difference
        else:  # d - y beyond float64: halve both (exact), the slope may bring it back
            theta[units] = np.ldexp(slope * (goal / 2.0 - y[units] / 2.0), 1)
    if not np.all(np.isfinite(theta)):
        raise ValueError("the output error f'(net) (d - y) is beyond float64 (about 1.8e308)")
    return theta


def random_weights(
    n: int, rng: np.random.Generator, *, w_max: float = 1.0, symmetric: bool = False
) -> Array:
    """Draw an $n \\times n$ weight matrix with entries uniform on $[-w_{max}, w_{max}]$.

    :param n: the number of units, $1 \\le n \\le$ {py:data}`MAX_UNITS`.
    :param rng: the random generator, a ``numpy.random.Generator`` (seed it for reproducible pages).
    :param w_max: the largest absolute weight, positive and finite (up to the largest float64).
    :param symmetric: mirror the upper triangle, so that $w_{ij} = w_{ji}$.
    :return: the weights.
    :raises ValueError: for $n$ out of range or a ``w_max`` that is not positive and finite.
    :raises TypeError: for a non-integer $n$, a ``rng`` that is not a Generator, a ``w_max`` that is
        not a real number, or a ``symmetric`` that is not a bool.

    ```pycon
    >>> W = random_weights(3, np.random.default_rng(0), w_max=0.5, symmetric=True)
    >>> bool(np.all(W == W.T)), bool(np.abs(W).max() <= 0.5)
    (True, True)

    ```
    """
    units = count(n, "n", minimum=1, maximum=MAX_UNITS)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    bound = finite_scalar(w_max, "w_max")
    if bound <= 0:
        raise ValueError(f"w_max must be positive, got {bound}")
    if not isinstance(symmetric, bool | np.bool_):
        raise TypeError(f"symmetric must be a bool, got {type(symmetric).__name__}")
    if bound <= 2.0**1022:
        W = rng.uniform(-bound, bound, size=(units, units))
    else:  # the width 2 w_max would overflow: draw at half the scale and double (exact)
        W = np.ldexp(rng.uniform(-bound / 2.0, bound / 2.0, size=(units, units)), 1)
    if symmetric:
        W = np.triu(W) + np.triu(W, 1).T
    return W


def _units(outputs: ArrayLike, n: int) -> NDArray[np.intp]:
    return index_list(outputs, "outputs", "unit indices", 0, n - 1)
