"""Cross-checks by automatic differentiation: the error signals and scaling factors computed by autograd.

The functions here rebuild the net's forward pass with ``autograd.numpy``, independently of
{py:func}`lstmnotes.net.run_net`, and let autograd's reverse mode differentiate it. They back the book's
claim that the paper's back-propagation rule and the recursion (3.1) compute true derivatives:

- the error signals are minus the gradient of the squared error with respect to the net inputs,
  $\\vartheta_j(s) = -\\partial E/\\partial\\mathit{net}_j(s)$ with $E = \\tfrac12\\sum_k (d_k - y^k(t))^2$;
- the scaling factor is a Jacobian of the forward map,
  $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t) = \\partial\\mathit{net}_u(t)/\\partial\\mathit{net}_v(t-q)$.

autograd, a dependency of the library, is imported only when one of these functions is called.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.activations import Activation
from lstmnotes.net._run import _units
from lstmnotes.net._trajectory import Run

__all__ = [
    "MAX_AUTODIFF_STEPS",
    "autodiff_error_signals",
    "autodiff_loss_gradient",
    "autodiff_scaling_factor",
]

Array = NDArray[np.float64]

MAX_AUTODIFF_STEPS = 2_500
"""The most steps an autodiff check runs through: $t$, $T$, or $q$ times $n$ for the Jacobian (one reverse
pass an entry of $\\mathit{net}(t)$). autograd traces every step in Python, about 400 microseconds a step
at small $n$: about a second at this limit."""


def _checked(run: object, steps: int) -> Run:
    """The run, checked to be one, and the steps a check would run through, against the limit."""
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run (from run_net), got {type(run).__name__}")
    if steps > MAX_AUTODIFF_STEPS:
        raise ValueError(
            f"the autodiff check would run through {steps} steps, above the limit MAX_AUTODIFF_STEPS = "
            f"{MAX_AUTODIFF_STEPS} (autograd traces each step in Python)"
        )
    return run


def _finite(result: Array, what: str) -> Array:
    """``result``, refused where autograd's own float64 pass overflowed (the library's redoes such sums)."""
    if not np.all(np.isfinite(result)):
        raise ValueError(
            f"{what}: autograd's pass overflows float64 for this run (products or sums beyond about "
            "1.8e308 on the way), so it cannot check it"
        )
    return result


def _autograd() -> tuple[ModuleType, ModuleType]:
    import autograd  # noqa: PLC0415
    import autograd.numpy as anp  # noqa: PLC0415

    return autograd, anp


def _activation(anp: ModuleType, unit: Activation) -> Any:
    """The activation written anew in ``autograd.numpy``, from its family and parameters (not its callables)."""
    family, p = unit.family, unit.parameters
    # the logistic as (1 + tanh(x/2))/2: its derivative stays finite (1/(1 + e^-x) differentiated
    # forms 0 times inf far out); a cosh beyond float64 only makes a slope 0, as it should
    if family == "logistic":
        return lambda x: 0.5 * (1.0 + anp.tanh(0.5 * x))
    if family == "tanh":
        return anp.tanh
    if family == "affine":
        return lambda x: p[0] * x + p[1]
    if family == "leaky_relu":
        return lambda x: anp.where(x > 0, x, p[0] * x)
    if family in ("cell_g", "cell_h"):  # g = 4 sigma - 2, h = 2 sigma - 1
        scale = 4.0 if family == "cell_g" else 2.0
        return lambda x: scale / 2.0 * anp.tanh(0.5 * x)
    raise ValueError(
        f"the autodiff oracle knows the built-in activation families, not {unit.name!r} "
        f"(family {family!r})"
    )


def _external(anp: ModuleType, run: Run, s: int) -> Any:
    """$V x(s) + b$ of the run at time $s$ (zero for the paper's net)."""
    extra: Any = 0.0
    if run.inputs is not None and run.input_weights is not None:
        extra = anp.dot(run.input_weights, run.inputs[s - 1])
    if run.biases is not None:
        extra = extra + run.biases
    return extra


def autodiff_error_signals(run: Run, t: int, target: ArrayLike, outputs: ArrayLike) -> Array:
    """Minus the gradient of $E = \\tfrac12\\sum_k (d_k - y^k(t))^2$ with respect to every net input, by autograd.

    The forward pass adds an offset to every net input, $\\mathit{net}(s) = W y(s-1) + \\delta(s)$, and
    autograd differentiates $E$ with respect to the offsets at $\\delta = 0$.

    :param run: the forward run (its weights, activation and $y(0)$ are reused).
    :param t: the time of the targets, $1 \\le t \\le T$.
    :param target: the targets $d_k(t)$, in the order of ``outputs``.
    :param outputs: the indices of the output units.
    :return: an array of shape ``(t, n)``, row ``s - 1`` being $-\\partial E/\\partial\\mathit{net}(s)$,
        comparable with {py:func}`lstmnotes.net.error_signals`.
    :raises TypeError: for a ``run`` that is not a Run.
    :raises ValueError: for a bad time, outputs or targets, $t$ above {py:data}`MAX_AUTODIFF_STEPS`, or
        where autograd's own float64 pass overflows.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net(np.zeros((2, 2)), [0.0, 0.0], 1)
    >>> autodiff_error_signals(run, 1, [1.0], [1]).tolist()  # f'(0) (1 - 1/2) at unit 1
    [[0.0, 0.125]]

    ```
    """
    autograd, anp = _autograd()
    run = _checked(run, 0)
    run._check_time(t, 1, "t")
    _checked(run, t)
    units = _units(outputs, run.n)
    goal = finite_array(target, "target", ndim=1)
    if goal.shape[0] != units.shape[0]:
        raise ValueError(f"target must have one entry per output unit ({units.shape[0]})")
    f = _activation(anp, run.activation)
    W, y0 = run.weights, run.activations[0]

    def error(offsets: Any) -> Any:
        y = y0
        for s in range(t):
            y = f(anp.dot(W, y) + _external(anp, run, s + 1) + offsets[s])
        return 0.5 * anp.sum((goal - y[units]) ** 2)

    with np.errstate(over="ignore", invalid="ignore"):  # a cosh beyond float64: a slope of 0
        gradient = autograd.grad(error)(np.zeros((t, run.n)))
    # 0 - g, not -g: no negative zeros
    return _finite(0.0 - np.asarray(gradient, dtype=np.float64), "autodiff_error_signals")


def autodiff_scaling_factor(run: Run, t: int, q: int) -> Array:
    """The scaling factors as the transposed Jacobian $\\partial\\mathit{net}(t)/\\partial\\mathit{net}(t-q)$, by autograd.

    :param run: the forward run.
    :param t: the time of the error, $q < t \\le T$.
    :param q: the lag, at least 1.
    :return: ``M`` with ``M[v, u]`` $= \\partial\\mathit{net}_u(t)/\\partial\\mathit{net}_v(t-q)$, comparable
        with {py:func}`lstmnotes.flow.scaling_factor` applied to ``run.fprime(t, q)``.
    :raises TypeError: for a ``run`` that is not a Run.
    :raises ValueError: if the run does not reach back from $t$ to $t - q \\ge 1$, $q n$ is above
        {py:data}`MAX_AUTODIFF_STEPS`, or autograd's own float64 pass overflows.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[0.0, 2.0], [0.0, 0.0]], [0.0, 0.0], 2)
    >>> autodiff_scaling_factor(run, 2, 1).tolist()  # M[v, u] = f'_v w_uv: only w_01 = 2
    [[0.0, 0.0], [0.5, 0.0]]

    ```
    """
    autograd, anp = _autograd()
    run = _checked(run, 0)
    run.fprime(t, q)  # validates t and q against the run
    _checked(run, q * run.n)
    f = _activation(anp, run.activation)
    W = run.weights

    def forward(start: Any) -> Any:
        z = start
        for _ in range(q):
            z = anp.dot(W, f(z))
        return z

    with np.errstate(over="ignore", invalid="ignore"):
        jacobian = autograd.jacobian(forward)(run.net(t - q))
    return _finite(
        np.ascontiguousarray(np.asarray(jacobian, dtype=np.float64).T), "autodiff_scaling_factor"
    )


def autodiff_loss_gradient(
    run: Run, target: ArrayLike, outputs: ArrayLike, times: ArrayLike
) -> dict[str, Array]:
    """The gradient of $E = \\tfrac12\\sum_{t, k} (d_k(t) - y^k(t))^2$ over $W$, $V$ and $b$, by autograd's reverse mode.

    The forward pass is written anew in ``autograd.numpy`` from the run's $W$, $V$, $x$, $b$, $y(0)$ and
    the activation's family (not its callables).

    :param run: the forward run.
    :param target: as {py:func}`lstmnotes.net.target_errors`.
    :param outputs: as {py:func}`lstmnotes.net.target_errors`.
    :param times: as {py:func}`lstmnotes.net.target_errors`.
    :return: ``{"W": (n, n), "b": (n,)}``, and ``"V": (n, m)`` for a run with inputs; comparable with
        {py:func}`lstmnotes.net.loss_gradient`.
    :raises TypeError: for a ``run`` that is not a Run.
    :raises ValueError: for bad targets, an activation outside the built-in families, $T$ above
        {py:data}`MAX_AUTODIFF_STEPS`, or where autograd's own float64 pass overflows.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[2.0]], [1.0], 2, "identity", b=[0.5])
    >>> autodiff_loss_gradient(run, [[0.0]], [0], [2])["W"].tolist()  # y(2) (y(1) + w y(0))
    [[24.75]]

    ```
    """
    from lstmnotes.net._gradient import _times  # noqa: PLC0415

    autograd, anp = _autograd()
    run = _checked(run, 0)
    _checked(run, run.steps)
    units, chosen = _units(outputs, run.n), _times(times, run.steps)
    goal = finite_array(target, "target", ndim=2)
    if goal.shape != (chosen.size, units.size):
        raise ValueError(f"target must have shape ({chosen.size}, {units.size}), got {goal.shape}")
    f = _activation(anp, run.activation)
    x = run.inputs
    wanted = {t: r for r, t in enumerate(chosen.tolist())}

    def loss(params: dict[str, Any]) -> Any:
        y, total = run.activations[0], 0.0
        for s in range(1, run.steps + 1):
            net = anp.dot(params["W"], y) + params["b"]
            if x is not None:
                net = net + anp.dot(params["V"], x[s - 1])
            y = f(net)
            if s in wanted:
                total = total + 0.5 * anp.sum((goal[wanted[s]] - y[units]) ** 2)
        return total

    params = {
        "W": run.weights,
        "b": np.zeros(run.n) if run.biases is None else run.biases,
    }
    if run.input_weights is not None:
        params["V"] = run.input_weights
    with np.errstate(over="ignore", invalid="ignore"):
        gradient = autograd.grad(loss)(params)
    return {
        key: _finite(np.asarray(value, dtype=np.float64), "autodiff_loss_gradient")
        for key, value in gradient.items()
    }
