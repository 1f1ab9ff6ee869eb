"""Section 3.2 of the paper: a single self-connected unit, run forward, with its error signals and flow.

A unit $j$ whose only input is its own output, $\\mathit{net}_j(t) = w_{jj}\\, y^j(t-1)$, back-propagates its
error signal by $\\vartheta_j(t) = f_j'(\\mathit{net}_j(t))\\, w_{jj}\\, \\vartheta_j(t+1)$. Over $q$ steps the
error is multiplied by $\\prod_{m=1}^{q} f_j'(\\mathit{net}_j(t-m))\\, w_{jj}$; it stays constant when every
factor is one. This module runs such a unit forward ({py:func}`run_self_unit`), computes its error signals
({py:func}`self_unit_error_signals`) and its flow ({py:func}`self_unit_flow`). The sympy side (the equation
$f'(x)\\, w = 1$, the unrolled recursion) is in {py:mod}`lstmnotes.carousel.symbolic`, the checks of the
section's claims in {py:mod}`lstmnotes.carousel.evidence`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._exp_split import exp_minus
from lstmnotes._validate import count, finite_array, finite_scalar, flag
from lstmnotes.activations import activation as _lookup
from lstmnotes.carousel._scaled import _TINY, _cumprod_scaled

__all__ = [
    "FLOW_EXAMPLES",
    "MAX_STEPS",
    "SELF_UNIT_ACTIVATIONS",
    "SelfUnitRun",
    "run_self_unit",
    "self_unit_error_signals",
    "self_unit_flow",
    "self_unit_flow_examples",
    "self_unit_flows",
]

Array = NDArray[np.float64]

MAX_STEPS: Final = 1_000_000
"""The longest run accepted: longer requests are refused with a `ValueError` rather than left to run."""

SELF_UNIT_ACTIVATIONS: Final = ("identity", "logistic", "tanh", "affine")
"""Activations a self-connected unit may use; ``"affine"`` is $f(x) = x / w_{jj}$, the paper's solution."""


def _steps(steps: int, name: str = "steps") -> int:
    return count(steps, name, minimum=1, maximum=MAX_STEPS)


@dataclass(frozen=True)
class SelfUnitRun:
    """A forward run of one self-connected unit, as computed by {py:func}`run_self_unit`.

    Time runs $t = 0, \\dots, T$; ``nets[t-1]`` is $\\mathit{net}_j(t)$ for $t = 1, \\dots, T$.
    """

    weight: float
    """The self-weight $w_{jj}$."""
    activation: str
    """The name of $f_j$."""
    constant: float
    """The constant $C$ added to $f_j$ (a constant of integration; zero in the paper)."""
    nets: Array
    """$\\mathit{net}_j(t) = w_{jj} y^j(t-1) + x(t)$ for $t = 1..T$, shape ``(T,)``."""
    activations: Array
    """$y^j(t)$ for $t = 0..T$, shape ``(T + 1,)``: the initial activation first."""
    fprime: Array
    """$f_j'(\\mathit{net}_j(t))$ for $t = 1..T$, shape ``(T,)``."""


def _functions(name: str, w: float) -> tuple[Callable[[float], float], Callable[[Array], Array]]:
    """The activation for one number (bit for bit the library's) and its derivative on arrays."""
    if not isinstance(name, str):
        raise TypeError(f"activation must be a string, got {type(name).__name__}")
    if name == "affine":
        if w == 0:
            raise ValueError("weight must be nonzero for the affine activation x / weight")
        if abs(w) < 1.0 / np.finfo(np.float64).max:
            raise ValueError(
                f"weight must be at least 1/1.8e308 (about 5.6e-309) in size for the affine activation "
                f"x / weight, whose slope 1/weight must be a float64; got {w!r}"
            )
        return (lambda v: v / w), (lambda x: np.full_like(x, 1.0 / w))
    if name not in SELF_UNIT_ACTIVATIONS:
        known = ", ".join(repr(k) for k in SELF_UNIT_ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}")
    if name == "identity":
        return (lambda v: v), _lookup(name)[1]
    if name == "tanh":
        return (lambda v: float(np.tanh(v))), _lookup(name)[1]
    return _logistic, _lookup(name)[1]


def _logistic(net: float) -> float:
    """The library's logistic for one number, bit for bit (the same numpy exponential)."""
    e = float(np.exp(-abs(net)))
    return 1.0 / (1.0 + e) if net >= 0 else e / (1.0 + e)


def run_self_unit(
    weight: float,
    initial: float,
    steps: int,
    *,
    activation: str = "identity",
    constant: float = 0.0,
    inputs: ArrayLike | None = None,
) -> SelfUnitRun:
    """Run a self-connected unit: $\\mathit{net}(t) = w\\, y(t-1) + x(t)$, $y(t) = f(\\mathit{net}(t)) + C$.

    With ``inputs`` left out the self-connection is the unit's only input, as in the paper's section 3.2.

    :param weight: the self-weight $w_{jj}$.
    :param initial: the activation $y(0)$.
    :param steps: the number of steps $T$, from 1 to {py:data}`lstmnotes.carousel.MAX_STEPS`.
    :param activation: one of {py:data}`lstmnotes.carousel.SELF_UNIT_ACTIVATIONS`.
    :param constant: a constant $C$ added to the activation function.
    :param inputs: optional external contributions $x(t)$ to the net input, length ``steps``.
    :return: the run.
    :raises ValueError: for non-finite numbers, a bad step count, a wrong input length, an unknown
        activation, an affine unit whose slope $1/w$ overflows, or an activation that overflows.
    :raises TypeError: for a non-integer step count, numbers that are not real or a name that is not a
        string.

    ```pycon
    >>> run_self_unit(1.0, 0.5, 3).activations.tolist()
    [0.5, 0.5, 0.5, 0.5]
    >>> run_self_unit(1.0, 0.0, 2, inputs=[1.0, 0.0]).activations.tolist()
    [0.0, 1.0, 1.0]

    ```
    """
    w = finite_scalar(weight, "weight")
    y = finite_scalar(initial, "initial")
    c = finite_scalar(constant, "constant")
    steps = _steps(steps)
    x = np.zeros(steps) if inputs is None else finite_array(inputs, "inputs", ndim=1)
    if x.shape != (steps,):
        raise ValueError(f"inputs must have length steps = {steps}, got {x.shape[0]}")
    f, fprime = _functions(activation, w)
    net_list, activation_list, extra = [], [y], x.tolist()
    for t in range(
        steps
    ):  # Python floats: IEEE arithmetic as numpy's, an overflow gives inf quietly
        net = w * y + extra[t]
        y = f(net) + c
        net_list.append(net)
        activation_list.append(y)
        if t % 1024 == 0 and not math.isfinite(y):
            break
    nets, activations = np.array(net_list), np.array(activation_list)
    if nets.shape[0] < steps or not (
        np.all(np.isfinite(activations)) and np.all(np.isfinite(nets))
    ):
        raise ValueError(
            f"the activation overflowed within {steps} steps (weight {w}); use fewer steps"
        )
    return SelfUnitRun(w, activation, c, nets, activations, fprime(nets))


def self_unit_error_signals(run: SelfUnitRun, output_error: float) -> Array:
    """The paper's error signals of a lone self-connected unit, with an error injected at the last step.

    $\\vartheta(T) = f'(\\mathit{net}(T))\\, e$ and $\\vartheta(t) = f'(\\mathit{net}(t))\\, w\\,
    \\vartheta(t+1)$ for $t < T$.

    :param run: a run from {py:func}`run_self_unit`.
    :param output_error: the error $e$ arriving at the unit's output at time $T$, e.g. $d - y(T)$.
    :return: $\\vartheta(t)$ for $t = 1..T$, shape ``(T,)``: the product of $f'(\\mathit{net}(T))$, $e$
        and the factors $w f'$ (each rounded once, $f'$ as in {py:func}`self_unit_flow`), within one
        rounding a factor over the whole float64 range; a factor $w f'$ below the smallest normal float64
        keeps its digits (it is multiplied as mantissa and power of two).
    :raises ValueError: if ``output_error`` is not a finite number, or a signal exceeds the float64 range.
    :raises TypeError: if ``run`` is not a {py:class}`SelfUnitRun` or ``output_error`` not a real number.

    ```pycon
    >>> self_unit_error_signals(run_self_unit(1.0, 0.2, 3), 0.5).tolist()
    [0.5, 0.5, 0.5]

    ```
    """
    _check_run(run)
    e = finite_scalar(output_error, "output_error")
    slope_m, slope_e = _slopes(run)
    factor_m, factor_e = _factors(run, slope_m, slope_e)
    e_m, e_e = np.frexp(np.array([e]))
    mantissas = np.concatenate((slope_m[-1:], e_m, factor_m))
    exponents = np.concatenate((slope_e[-1:], e_e.astype(np.int64), factor_e))
    what = "an error signal (output_error times the flow)"
    return _cumprod_scaled(mantissas, exponents, what)[:0:-1].copy()


def self_unit_flow(run: SelfUnitRun, *, from_output: bool = False) -> Array:
    """The error flow of a lone unit back from its last step: $\\partial\\vartheta(T-q)/\\partial\\vartheta(T)$.

    It is $\\prod_{m=1}^{q} f'(\\mathit{net}(T-m))\\, w$, which also equals
    $\\partial\\mathit{net}(T)/\\partial\\mathit{net}(T-q)$. With ``from_output`` the error starts at the
    unit's output instead, $\\partial y(T)/\\partial\\mathit{net}(T-q)$, one more factor $f'(\\mathit{net}(T))$.

    :param run: a run from {py:func}`run_self_unit`.
    :param from_output: start from the output $y(T)$ rather than from $\\vartheta(T)$.
    :return: the flow for $q = 0, \\dots, T-1$, shape ``(T,)``; without ``from_output`` the first entry is one.
        Each entry is the product of the factors $w f'$ (each rounded once) within one rounding a factor,
        over the whole float64 range: mantissas are multiplied and exact powers of two added, the product
        rounded once at the end (one below the smallest subnormal is 0, as rounding gives it). $f'$ is the
        run's slope where that is a normal float64; below the normal range (where the float slope has lost
        digits or is 0) it is $e^{-|\\mathit{net}|}$ (logistic) or $4 e^{-2|\\mathit{net}|}$ (tanh) from the
        net input, as a mantissa and a power of two, within 2.5 units of $2^{-53}$ of the true slope
        (relative; 0 where that is below $2^{-2.5 \\cdot 10^{13}}$, which no product of a run's factors brings
        back into the float64 range).
    :raises ValueError: if a product exceeds the float64 range.
    :raises TypeError: if ``run`` is not a {py:class}`SelfUnitRun`, or ``from_output`` is not a bool.

    ```pycon
    >>> self_unit_flow(run_self_unit(0.5, 1.0, 4)).tolist()
    [1.0, 0.5, 0.25, 0.125]

    ```
    """
    _check_run(run)
    from_output = flag(from_output, "from_output")
    slope_m, slope_e = _slopes(run)
    factor_m, factor_e = _factors(run, slope_m, slope_e)
    if from_output:
        first_m, first_e = slope_m[-1:], slope_e[-1:]
    else:
        first_m, first_e = np.array([0.5]), np.array([1], dtype=np.int64)
    return _cumprod_scaled(
        np.concatenate((first_m, factor_m)),
        np.concatenate((first_e, factor_e)),
        "the flow from the output" if from_output else "the flow",
    )


def _slopes(run: SelfUnitRun) -> tuple[Array, NDArray[np.int64]]:
    """$f'(\\mathit{net}(t))$ for $t = 1..T$ as mantissas in $[1/2, 1)$ (or 0) and exact exponents.

    The run's float64 slope where it is a normal number; below that (where it has lost digits or is 0) the
    slope from the net input itself: $e^{-|n|}$ for the logistic and $4 e^{-2|n|}$ for tanh, whose
    neglected factors $(1 + e^{-|n|})^{-2}$ and $(1 + e^{-2|n|})^{-2}$ are one within $2^{-1000}$ there;
    for the affine unit $1/w$ from the weight's mantissa, rounded once.

    The far slope is within 2.5 units of $2^{-53}$ of the true one, relative: ``exp_minus`` reduces
    $a = k \\ln 2 + r$ with $|r| < 0.35$, $r$ off by its one rounding and the parts of $\\ln 2$ left out
    (together below 0.26 units of $2^{-53}$), and numpy's exp, tested by numpy to one ulp, is within two
    units of $2^{-53}$ of $e^{-r}$, relative (its result lies in $[0.7, 1.42]$, where an ulp is at most
    $2^{-52}$ of it). Where $a \\ge 2^{44}$ the slope is below $2^{-2.5 \\cdot 10^{13}}$ and is taken as 0.
    """
    mantissa, exponent = np.frexp(run.fprime)
    exponent = exponent.astype(np.int64)
    lost = np.abs(run.fprime) < _TINY
    if run.activation in ("logistic", "tanh") and np.any(lost):
        doubled = run.activation == "tanh"
        with np.errstate(over="ignore"):
            a = np.abs(run.nets[lost]) * (2.0 if doubled else 1.0)  # exact; inf gives 0 below
        far_m, far_e = exp_minus(a)
        mantissa[lost] = far_m
        exponent[lost] = np.where(far_m == 0, 0, far_e + (2 if doubled else 0))
    if run.activation == "affine" and np.any(lost):  # 1/w below 2^-1022: from the weight's mantissa
        w_m, w_e = math.frexp(run.weight)
        inverse_m, inverse_e = math.frexp(1.0 / w_m)
        mantissa[lost], exponent[lost] = inverse_m, inverse_e - w_e
    return mantissa, exponent


def _factors(
    run: SelfUnitRun, slope_m: Array, slope_e: NDArray[np.int64]
) -> tuple[Array, NDArray[np.int64]]:
    """The factors $w f'(\\mathit{net}(T-m))$ for $m = 1..T-1$, each rounded once, as mantissas and exponents."""
    w_m, w_e = math.frexp(run.weight)
    mantissa, shift = np.frexp(w_m * slope_m[-2::-1])
    exponent = slope_e[-2::-1] + w_e + shift.astype(np.int64)
    if np.any((mantissa != 0) & (exponent > 1024)):
        raise ValueError("a factor w f'(net) of the run exceeds the float64 range (about 1.8e308)")
    return mantissa, np.where(mantissa == 0, 0, exponent)


def _check_run(run: object) -> None:
    if not isinstance(run, SelfUnitRun):
        raise TypeError(f"run must be a SelfUnitRun from run_self_unit, got {type(run).__name__}")


FLOW_EXAMPLES: Final = (("identity", 1.0), ("affine", 2.0), ("identity", 1.05), ("identity", 0.95))
"""The lone units of the carousel chapter's flow figure: ``(activation, self-weight)``."""


def self_unit_flow_examples(steps: int = 100, initial: float = 0.5) -> dict[str, SelfUnitRun]:
    """Runs of the lone units in {py:data}`FLOW_EXAMPLES`, labelled for a legend.

    :param steps: the length of each run, 1 to {py:data}`lstmnotes.carousel.MAX_STEPS`.
    :param initial: the activation $y(0)$ of each unit.
    :return: label to run, in the order of {py:data}`FLOW_EXAMPLES`.
    :raises ValueError: as {py:func}`run_self_unit` (the unit with $w = 1.05$ overflows after about
        14,500 steps for $y(0) = 1/2$).

    ```pycon
    >>> list(self_unit_flow_examples(3))[0]
    'identity, $w = 1$ (the carousel)'

    ```
    """
    steps = _steps(steps)
    y0 = finite_scalar(initial, "initial")
    runs = {}
    for activation, w in FLOW_EXAMPLES:
        if activation == "affine":
            label = f"$f(x) = x/{w:g}$, $w = {w:g}$"
        else:
            label = f"identity, $w = {w:g}$" + (" (the carousel)" if w == 1 else "")
        runs[label] = run_self_unit(w, y0, steps, activation=activation)
    return runs


def self_unit_flows(
    weights: ArrayLike, inputs: ArrayLike, *, activation: str = "logistic", from_output: bool = True
) -> dict[float, Array]:
    """The flow of {py:func}`self_unit_flow` for lone units with several self-weights, driven alike.

    :param weights: the self-weights, one unit each.
    :param inputs: the external input sequence every unit receives; its length is the number of steps.
    :param activation: one of {py:data}`lstmnotes.carousel.SELF_UNIT_ACTIVATIONS`.
    :param from_output: start from the output $y(T)$ (default) rather than from $\\vartheta(T)$.
    :return: self-weight to flow over $q = 0, \\dots, T-1$; every unit starts at $y(0) = 0$.
    :raises ValueError: as {py:func}`run_self_unit` and {py:func}`self_unit_flow`, or if
        ``len(weights) * len(inputs)`` exceeds {py:data}`lstmnotes.carousel.MAX_STEPS`.
    :raises TypeError: as {py:func}`run_self_unit`, or if ``from_output`` is not a bool.

    ```pycon
    >>> flows = self_unit_flows([0.5, 1.0], [0.0, 0.0, 0.0], activation="identity")
    >>> flows[0.5].tolist()
    [1.0, 0.5, 0.25]

    ```
    """
    x = finite_array(inputs, "inputs", ndim=1)
    w = finite_array(weights, "weights", ndim=1)
    from_output = flag(from_output, "from_output")
    if x.size == 0 or w.size == 0:
        raise ValueError(
            f"inputs (one per step) and weights must each hold at least one value, got {x.size} "
            f"inputs and {w.size} weights"
        )
    if w.size * x.size > MAX_STEPS:
        raise ValueError(
            f"len(weights) * len(inputs) must be at most MAX_STEPS = {MAX_STEPS} (one run of len(inputs) "
            f"steps per weight), got {w.size} * {x.size}"
        )
    return {
        float(v): self_unit_flow(
            run_self_unit(float(v), 0.0, x.shape[0], activation=activation, inputs=x),
            from_output=from_output,
        )
        for v in w
    }
