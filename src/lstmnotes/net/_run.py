"""The paper's fully recurrent net, run forward, and its back-propagated error signals.

The notation is the paper's {cite:p}`hochreiter1997lstm`: the net has $n$ units; ``W[i, j]`` is
$w_{ij}$, the weight on the connection **from unit $j$ to unit $i$**; unit $i$'s net input and activation
at time $t$ are

$$
\\mathit{net}_i(t) = \\sum_j w_{ij}\\, y^j(t-1), \\qquad y^i(t) = f_i(\\mathit{net}_i(t)).
$$

{py:func}`run_net` starts from an activation $y(0)$ and keeps every net input and activation of the
following $T$ steps in a {py:class}`Run`. From a run, {py:meth}`Run.fprime` collects the slopes
$f'_i(\\mathit{net}_i(t-m))$ that the error flow of {py:mod}`lstmnotes.flow` needs, and
{py:func}`error_signals` propagates an error injected at time $t$ back through time with the paper's rule

$$
\\vartheta_j(s) = f'_j(\\mathit{net}_j(s)) \\sum_i w_{ij}\\, \\vartheta_i(s+1).
$$

Every unit uses the same activation here, one of those of {py:func}`lstmnotes.activations.activation`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, finite_scalar, square_matrix
from lstmnotes.activations import activation as _lookup

__all__ = [
    "MAX_RUN_VALUES",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WORK",
    "Run",
    "error_signals",
    "output_error",
    "random_weights",
    "run_net",
]

Array = NDArray[np.float64]

MAX_STEPS = 1_000_000
"""The longest run {py:func}`run_net` accepts."""

MAX_UNITS = 4096
"""The most units {py:func}`random_weights` and {py:func}`run_net` accept: $n^2$ weights, 128 MiB."""

MAX_RUN_VALUES = 10_000_000
"""The most values $T n$ a run keeps, for its net inputs and again for its activations (160 MB in all)."""

MAX_WORK = 20_000_000_000
"""The most multiply-adds $T n^2$ a run or a back-propagation does (some seconds)."""


def _safe_product(matrix: Array, vector: Array) -> Array:
    """``matrix @ vector`` without intermediate overflow: both scaled by exact powers of two first.

    The products of a finite matrix and vector can overflow (or cancel to NaN) although their sum is a
    float; scaled so that no product reaches $2^{1000}$, the sum is the same up to rounding, and the
    result is inf only if the exact sum is beyond float64.
    """
    shift_m = np.frexp(np.max(np.abs(matrix), axis=1))[
        1
    ]  # row by row: a small row keeps its digits
    shift_v = int(np.frexp(np.max(np.abs(vector)))[1])
    scaled = np.ldexp(vector, -shift_v)
    with np.errstate(over="ignore"):
        total: Array = np.ldexp(matrix, -shift_m[:, None]) @ scaled  # |products| < 1: no overflow
        result: Array = np.ldexp(total, shift_m + shift_v)
    return result


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
            f"limit MAX_WORK = {MAX_WORK:.0e}"
        )


@dataclass(frozen=True, eq=False)
class Run:
    """A forward run of the net: its weights, activation and the trajectory from $y(0)$ to $y(T)$.

    Times are the paper's: ``activations[t]`` is $y(t)$ for $t = 0, \\dots, T$ and ``nets[t - 1]`` is
    $\\mathit{net}(t)$ for $t = 1, \\dots, T$ (the initial activation has no net input).
    """

    weights: Array
    """The $n \\times n$ weight matrix, ``weights[i, j]`` $= w_{ij}$ (from unit $j$ to unit $i$)."""
    activation: str
    """The name of every unit's activation function."""
    nets: Array
    """Net inputs, shape ``(T, n)``; row ``t - 1`` is $\\mathit{net}(t)$."""
    activations: Array
    """Activations, shape ``(T + 1, n)``; row ``t`` is $y(t)$."""

    @property
    def n(self) -> int:
        """The number of units."""
        return int(self.weights.shape[0])

    @property
    def steps(self) -> int:
        """The number $T$ of steps run."""
        return int(self.nets.shape[0])

    def net(self, t: int) -> Array:
        """The net inputs $\\mathit{net}(t)$ for $1 \\le t \\le T$.

        :param t: the time step.
        :return: a copy of the length-$n$ vector.
        :raises ValueError: if $t$ is outside $1, \\dots, T$.
        """
        self._check_time(t, 1, "t")
        return np.array(self.nets[t - 1], dtype=np.float64)

    def y(self, t: int) -> Array:
        """The activations $y(t)$ for $0 \\le t \\le T$.

        :param t: the time step.
        :return: a copy of the length-$n$ vector.
        :raises ValueError: if $t$ is outside $0, \\dots, T$.
        """
        self._check_time(t, 0, "t")
        return np.array(self.activations[t], dtype=np.float64)

    def slopes(self) -> Array:
        """The slopes $f'_i(\\mathit{net}_i(t))$ at every step, shape ``(T, n)``; row ``t - 1`` is time $t$."""
        return _lookup(self.activation)[1](self.nets)

    def fprime(self, t: int, q: int) -> Array:
        """The slopes on the way back from time $t$ to time $t - q$, in the layout of the flow functions.

        Row $m - 1$ holds $f'_i(\\mathit{net}_i(t-m))$ for $m = 1, \\dots, q$: the first row is the step
        just before $t$, the last row is time $t - q$. This is the ``fprime`` argument of
        {py:func}`lstmnotes.flow.scaling_factor`.

        :param t: the time $t$ at which the error is injected, $q < t \\le T$.
        :param q: how many steps back, at least 1.
        :return: an array of shape ``(q, n)``.
        :raises ValueError: if $q < 1$ or the run does not reach back to time $t - q \\ge 1$.

        ```pycon
        >>> run = run_net(np.zeros((2, 2)), [0.0, 0.0], 3)
        >>> run.fprime(3, 2).tolist()
        [[0.25, 0.25], [0.25, 0.25]]

        ```
        """
        q = count(q, "q", minimum=1)
        self._check_time(t, 1, "t")
        if t - q < 1:
            raise ValueError(
                f"the run has no net input at time t - q = {t - q}: need q < t, got t={t}, q={q}"
            )
        return self.slopes()[t - 2 :: -1][:q].copy()

    def _check_time(self, t: int, first: int, name: str) -> None:
        if isinstance(t, bool | np.timedelta64) or not isinstance(t, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {type(t).__name__}")
        if not first <= t <= self.steps:
            raise ValueError(f"{name} must be between {first} and T = {self.steps}, got {t}")


def run_net(W: ArrayLike, y0: ArrayLike, steps: int, activation: str = "logistic") -> Run:
    """Run the net forward: $\\mathit{net}(t) = W y(t-1)$ and $y(t) = f(\\mathit{net}(t))$ for $t = 1..T$.

    :param W: the $n \\times n$ weights, ``W[i, j]`` $= w_{ij}$ from unit $j$ to unit $i$.
    :param y0: the initial activation $y(0)$, length $n$.
    :param steps: the number $T \\ge 1$ of steps (at most ``MAX_STEPS``).
    :param activation: ``"logistic"`` (the paper's), ``"tanh"`` or ``"identity"``.
    :return: the {py:class}`Run`.
    :raises ValueError: if ``W`` is not square and finite, ``y0`` does not have length $n$, ``steps``
        is out of range, the activation is unknown, a net input is beyond float64 (linear nets can
        blow up; products that overflow on the way to a finite sum are redone scaled), or the run is
        too large: $n$ above {py:data}`MAX_UNITS`, $T n$ above {py:data}`MAX_RUN_VALUES` or $T n^2$
        above {py:data}`MAX_WORK`.
    :raises TypeError: if ``steps`` is not an integer, a number is not real, the activation not a str.

    ```pycon
    >>> run = run_net([[0.0, 2.0], [0.0, 0.0]], [1.0, 1.0], 1, "identity")
    >>> run.net(1).tolist(), run.y(1).tolist()
    ([2.0, 0.0], [2.0, 0.0])

    ```
    """
    weights = square_matrix(W, "W")
    start = finite_array(y0, "y0", ndim=1)
    if start.shape[0] != weights.shape[0]:
        raise ValueError(f"y0 must have length n = {weights.shape[0]}, got {start.shape[0]}")
    total = count(steps, "steps", minimum=1, maximum=MAX_STEPS)
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a str, got {type(activation).__name__}")
    f, _ = _lookup(activation)
    n = weights.shape[0]
    _checked_size(n, total, "W")
    nets = np.empty((total, n))
    ys = np.empty((total + 1, n))
    ys[0] = start
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, total + 1):
            nets[t - 1] = weights @ ys[t - 1]
            ys[t] = f(nets[t - 1])
        if not np.all(np.isfinite(nets)):  # redo from the first bad step with scaled products
            for t in range(int(np.argmax(~np.all(np.isfinite(nets), axis=1))) + 1, total + 1):
                nets[t - 1] = _safe_product(weights, ys[t - 1])
                if not np.all(np.isfinite(nets[t - 1])):
                    raise ValueError(
                        f"the net inputs at step {t} are beyond float64 (about 1.8e308): the run blows up"
                    )
                ys[t] = f(nets[t - 1])
    weights.setflags(write=False)
    nets.setflags(write=False)
    ys.setflags(write=False)
    return Run(weights=weights, activation=activation, nets=nets, activations=ys)


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
    units = _units(outputs, run.n)
    goal = finite_array(target, "target", ndim=1)
    if goal.shape[0] != units.shape[0]:
        raise ValueError(f"target must have one entry per output unit ({units.shape[0]})")
    net, y = run.net(t), run.y(t)
    theta = np.zeros(run.n)
    slope = _lookup(run.activation)[1](net[units])
    with np.errstate(over="ignore"):
        difference = goal - y[units]
        if np.all(np.isfinite(difference)):
            theta[units] = slope * difference
        else:  # d - y beyond float64: halve both (exact), the slope may bring it back
            theta[units] = np.ldexp(slope * (goal / 2.0 - y[units] / 2.0), 1)
    if not np.all(np.isfinite(theta)):
        raise ValueError("the output error f'(net) (d - y) is beyond float64 (about 1.8e308)")
    return theta


def error_signals(run: Run, t: int, theta: ArrayLike) -> Array:
    """Back-propagate error signals $\\vartheta(t)$ to every earlier step with the paper's rule.

    For $s = t-1, \\dots, 1$: $\\vartheta_j(s) = f'_j(\\mathit{net}_j(s)) \\sum_i w_{ij}\\,\\vartheta_i(s+1)$,
    in matrix form $\\vartheta(s) = F'(s)\\, W^{\\mathsf T} \\vartheta(s+1)$. Only the error injected at
    time $t$ is propagated; errors injected at other times add linearly.

    :param run: a forward run.
    :param t: the injection time, $1 \\le t \\le T$.
    :param theta: the signals $\\vartheta(t)$, length $n$ (e.g. from {py:func}`output_error`).
    :return: an array of shape ``(t, n)`` whose row ``s - 1`` is $\\vartheta(s)$, for $s = 1, \\dots, t$.
    :raises ValueError: for a bad time or a ``theta`` of the wrong length or with non-finite entries.

    ```pycon
    >>> run = run_net([[0.0, 0.0], [4.0, 0.0]], [0.0, 0.0], 2)
    >>> error_signals(run, 2, [0.0, 1.0]).tolist()
    [[1.0, 0.0], [0.0, 1.0]]

    ```
    """
    run._check_time(t, 1, "t")
    start = finite_array(theta, "theta", ndim=1)
    if start.shape[0] != run.n:
        raise ValueError(f"theta must have length n = {run.n}, got {start.shape[0]}")
    slopes = run.slopes()
    out = np.empty((t, run.n))
    out[t - 1] = start
    with np.errstate(over="ignore", invalid="ignore"):
        for s in range(t - 1, 0, -1):
            out[s - 1] = slopes[s - 1] * (run.weights.T @ out[s])
        if not np.all(np.isfinite(out)):  # redo from the first bad step, exactly scaled
            first = t - int(np.argmax(~np.all(np.isfinite(out[::-1]), axis=1)))
            for s in range(first, 0, -1):
                out[s - 1] = _safe_signal(run.weights.T, out[s], slopes[s - 1])
                if not np.all(np.isfinite(out[s - 1])):
                    raise ValueError(
                        f"the error signal at time {s} is beyond float64 (about 1.8e308): theta is "
                        "too large for this run"
                    )
    return out


def _safe_signal(transposed: Array, later: Array, slopes: Array) -> Array:
    """``slopes * (transposed @ later)`` with the slopes split into mantissa and exponent: no
    intermediate overflow, so the result is inf only where the exact value is beyond float64."""
    shift_m = np.frexp(np.max(np.abs(transposed), axis=1))[1]  # row by row, as in _safe_product
    shift_v = int(np.frexp(np.max(np.abs(later)))[1])
    mantissa, exponents = np.frexp(slopes)
    total: Array = np.ldexp(transposed, -shift_m[:, None]) @ np.ldexp(later, -shift_v)
    result: Array = np.ldexp(total * mantissa, exponents + shift_m + shift_v)
    return result


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
    if outputs is None or isinstance(outputs, str | bytes):
        raise TypeError(f"outputs must be integer unit indices, got {type(outputs).__name__}")
    try:
        units = np.asarray(outputs)
    except ValueError:  # ragged nested sequences
        raise ValueError(f"outputs must be a flat list of unit indices, got {outputs!r}") from None
    if units.dtype.kind not in "iu" and units.size:
        raise TypeError(f"outputs must be integer unit indices, got {units.dtype} values")
    if units.ndim != 1 or units.size == 0 or not np.issubdtype(units.dtype, np.integer):
        raise ValueError(f"outputs must be a non-empty 1-D list of unit indices, got {outputs!r}")
    if units.min() < 0 or units.max() >= n or np.unique(units).size != units.size:
        raise ValueError(f"outputs must be distinct indices in 0..{n - 1}, got {units.tolist()}")
    return units.astype(np.intp)
