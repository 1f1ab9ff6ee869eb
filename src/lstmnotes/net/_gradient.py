"""The gradient of a loss over a whole run: back-propagation through time, in total and split by lag.

A loss $E$ over the run is known to the backward pass through its errors $e(t) = -\\partial E/\\partial y(t)$,
one row a time step; for the paper's squared error on output units $k$ at chosen times,
$E = \\tfrac12 \\sum_{t, k} (d_k(t) - y^k(t))^2$ and $e_k(t) = d_k(t) - y^k(t)$ ({py:func}`target_errors`).
The error signals $\\vartheta(s) = -\\partial E/\\partial\\mathit{net}(s)$ then obey the paper's rule with the
errors of every time added in {cite:p}`hochreiter1997lstm`,

$$
\\vartheta(s) = F'(s) \\bigl( e(s) + W^{\\mathsf T} \\vartheta(s+1) \\bigr), \\qquad \\vartheta(T+1) = 0,
$$

and, since $w_{ij}$ enters every $\\mathit{net}_i(s)$ through $y^j(s-1)$ (back-propagation through time, the gradient the paper's §3 analyses),

$$
\\frac{\\partial E}{\\partial w_{ij}} = -\\sum_{s=1}^{T} \\vartheta_i(s)\\, y^j(s-1), \\qquad
\\frac{\\partial E}{\\partial v_{il}} = -\\sum_s \\vartheta_i(s)\\, x_l(s), \\qquad
\\frac{\\partial E}{\\partial b_i} = -\\sum_s \\vartheta_i(s).
$$

Split by lag: the error $e(t)$ reaches the net inputs of time $t - q$ through $q$ steps back; the part of
$\\partial E/\\partial w_{ij}$ that it carries there is the lag-$q$ term (the paper's sum over $q$ in
eq. (3.1) is the flow of one such term). The terms of all lags add up to the gradient.

Floating point: signals that overflow on the way are redone term by term; signals that underflow, although
their products with $y$ (or with $W$ a step back) would not, are carried as mantissas and powers of two
(the *underflow floor* below is what may still be lost). With $A(s) = \\max_k |\\vartheta_k(s)|$, each signal
$\\vartheta_j(s)$ may be off, besides its relative rounding, by

$$
\\phi_j(s) = 2^{-1074} \\bigl( (n + 2) A(s) + (n + 1) |f'_j(s)| \\max_i |w_{ij}| A(s + 1) \\bigr),
$$

the digits below $2^{-1074}$ of its step's largest signal, or of the largest weight into it times the largest
signal a step later; this floor is carried back by the recursion on $|W|$ and $|f'|$,
$\\delta(s) = \\phi(s) + |F'(s)| |W|^{\\mathsf T} \\delta(s + 1)$. Where nothing underflows, $\\delta = 0$ and the
plain (fast) pass is the result.

The module is long because both passes, in total and by lag, share their exact redo of the products that
overflow on the way (signals and gradient entries whose terms cancel) and their scaled redo of the signals
that underflow, with the limits that bound them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, index_list
from lstmnotes.net._run import MAX_RUN_VALUES, MAX_WORK, _units
from lstmnotes.net._scaled import column_scaled, normalised, safe_signal, scaled_back_step
from lstmnotes.net._trajectory import Run

__all__ = [
    "MAX_LAG_STEPS",
    "MAX_LAG_WORK",
    "MAX_REDO",
    "MAX_SIGNAL_REDO",
    "SIGNAL_REDO_CALL",
    "Gradient",
    "loss_gradient",
    "loss_gradient_by_lag",
    "loss_signals",
    "squared_error",
    "target_errors",
]

Array = NDArray[np.float64]

MAX_REDO = 5_000_000
"""The most entry-steps (gradient entries redone exactly, times the steps each sums over) that one call of
{py:func}`loss_gradient` or {py:func}`loss_gradient_by_lag` redoes where terms overflow but may cancel: the
redo is a Python loop of about two values an entry-step, about 1 s at this limit."""

MAX_SIGNAL_REDO = 20_000_000
"""The most terms $f'_j w_{ij} \\vartheta_i$ (and $f'_j e_j$) that one call of {py:func}`loss_signals` (or
{py:func}`loss_gradient`) redoes as mantissas and powers of two, where a step's product overflows: the signals
of such a step are redone row by row, $n + 1$ terms a row, about 0.5 s at this limit. Each redo (one step of
{py:func}`loss_signals`) also counts {py:data}`SIGNAL_REDO_CALL` terms for its fixed cost, so that many small
redos are bounded in time too. A step held as mantissas and powers of two because its signals underflow
counts twice {py:data}`SIGNAL_REDO_CALL` (about 90 microseconds), plus $n$, plus $n (n + 1)$ for each row
whose sums cancel and are formed again term by term: about 3300 such steps at small $n$."""

MAX_LAG_STEPS = 20_000
"""The longest run {py:func}`loss_gradient_by_lag` splits: its loop over the lags $q = 0, \\dots, T - 1$
costs some tens of microseconds a lag (a few numpy calls on small arrays, however few the errors), about
a second at this limit."""

MAX_LAG_WORK = 200_000_000
"""The most multiply-adds $K T n (n + m + 1)$ ($K$ times with errors) that {py:func}`loss_gradient_by_lag`
does: it carries the $K$ signals apart through every lag, in numpy calls on $K \\times n$ arrays, one to
three seconds at this limit (a tenth of {py:data}`~lstmnotes.net.MAX_WORK`, which bounds the single backward pass of
{py:func}`loss_gradient`)."""

SIGNAL_REDO_CALL = 3_000
"""The terms one redo call counts against {py:data}`MAX_SIGNAL_REDO` besides its own: its fixed cost (about
70 microseconds of numpy calls) in terms of about 25 ns each, so that the limit stays about half a second
however few terms each step redoes."""


@dataclass(frozen=True, eq=False)
class Gradient:
    """The gradient of a loss with respect to the weights, input weights and biases of a run.

    In total ({py:func}`loss_gradient`) the arrays have the shapes of $W$, $V$ and $b$; split by lag
    ({py:func}`loss_gradient_by_lag`) they have a leading axis of length $T$, entry ``q`` the part carried
    by errors $q$ steps later than the net inputs they reach, $q = 0, \\dots, T - 1$.
    """

    W: Array
    """$\\partial E/\\partial w_{ij}$ at ``[i, j]``, shape ``(n, n)`` (``(T, n, n)`` by lag)."""
    V: Array | None
    """$\\partial E/\\partial v_{il}$ at ``[i, l]``, shape ``(n, m)`` (``(T, n, m)`` by lag); ``None`` for a
    run without inputs."""
    b: Array
    """$\\partial E/\\partial b_i$, shape ``(n,)`` (``(T, n)`` by lag); defined also for a run without
    biases (the gradient at $b = 0$)."""


def _times(times: ArrayLike, steps: int) -> NDArray[np.intp]:
    return index_list(times, "times", "steps", 1, steps, f"1..T = {steps}")


def _run(run: object) -> Run:
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run (from run_net), got {type(run).__name__}")
    return run


def target_errors(run: Run, target: ArrayLike, outputs: ArrayLike, times: ArrayLike) -> Array:
    """The errors $e_k(t) = d_k(t) - y^k(t)$ of the squared error on output units at chosen times.

    :param run: a forward run.
    :param target: the targets $d_k(t)$, shape ``(len(times), len(outputs))``; row ``r`` holds the
        targets at ``times[r]``, in the order of ``outputs``.
    :param outputs: the output units $k$ (distinct indices in $0, \\dots, n-1$).
    :param times: the times $t$ with targets (distinct, in $1, \\dots, T$).
    :return: $e = -\\partial E/\\partial y$, shape ``(T, n)``, row ``t - 1`` time $t$; zero where no target.
    :raises TypeError: for a ``run`` that is not a Run or indices that are not integers.
    :raises ValueError: for repeated or out-of-range indices, a ``target`` of another shape or not
        finite, or a difference beyond float64.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[0.0]], [0.0], 2)
    >>> target_errors(run, [[1.0]], [0], [2]).tolist()
    [[0.0], [0.5]]

    ```
    """
    run = _run(run)
    units, chosen = _units(outputs, run.n), _times(times, run.steps)
    goal = finite_array(target, "target", ndim=2)
    if goal.shape != (chosen.size, units.size):
        raise ValueError(
            f"target must have shape (len(times), len(outputs)) = ({chosen.size}, {units.size}), "
            f"got {goal.shape}"
        )
    errors = np.zeros((run.steps, run.n))
    with np.errstate(over="ignore"):
        errors[np.ix_(chosen - 1, units)] = goal - run.activations[np.ix_(chosen, units)]
    if not np.all(np.isfinite(errors)):
        k = tuple(int(i) for i in np.argwhere(~np.isfinite(errors))[0])
        raise ValueError(
            f"target minus the output y at step {k[0] + 1}, unit {k[1]} is beyond float64 (about "
            "1.8e308): the target is too far from the run's outputs"
        )
    return errors


def squared_error(run: Run, target: ArrayLike, outputs: ArrayLike, times: ArrayLike) -> float:
    """The loss $E = \\tfrac12 \\sum_{t, k} (d_k(t) - y^k(t))^2$ over the chosen outputs and times.

    :param run: as {py:func}`target_errors`.
    :param target: as {py:func}`target_errors`.
    :param outputs: as {py:func}`target_errors`.
    :param times: as {py:func}`target_errors`.
    :return: $E \\ge 0$, computed as $2^{2k} \\cdot \\tfrac12 \\sum (2^{-k} e)^2$ with $2^{k-1} \\le \\max|e| < 2^k$
        (exact scalings by powers of two), so that no square overflows or underflows on the way to an $E$
        that is a finite float64.
    :raises ValueError: as {py:func}`target_errors`, or if $E$ itself is beyond float64.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> squared_error(run_net([[0.0]], [0.0], 2), [[1.0]], [0], [2])
    0.125

    ```
    """
    errors = target_errors(run, target, outputs, times)
    largest = float(np.max(np.abs(errors)))
    if largest == 0.0:
        return 0.0
    k_exp = math.frexp(largest)[1]  # 2^(k-1) <= largest < 2^k
    with np.errstate(under="ignore"):
        scaled = np.ldexp(
            errors, -k_exp
        )  # in (-1, 1); only entries below 2^-1022 of the largest lose bits
        total = 0.5 * float(np.sum(scaled * scaled))  # in [1/8, K/2)
    try:
        value = math.ldexp(total, 2 * k_exp)  # one rounding at most, where E is subnormal
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        k = np.unravel_index(int(np.argmax(np.abs(errors))), errors.shape)
        raise ValueError(
            f"the squared error 1/2 sum (d - y)^2 over target is about 2^{math.log2(total) + 2 * k_exp:.1f}, "
            f"beyond float64 (about 1.8e308); its largest term is at step {int(k[0]) + 1}, unit {int(k[1])}"
        )
    return value


def _errors(run: Run, errors: ArrayLike) -> Array:
    values = finite_array(errors, "errors", ndim=2)
    if values.shape != (run.steps, run.n):
        raise ValueError(
            f"errors must have shape (T, n) = ({run.steps}, {run.n}), got {values.shape}"
        )
    return values


def _finite(array: Array, what: str) -> Array:
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{what} is beyond float64 (about 1.8e308): the errors are too large for this run"
        )
    return array


def loss_signals(run: Run, errors: ArrayLike) -> Array:
    """The error signals $\\vartheta(s) = -\\partial E/\\partial\\mathit{net}(s)$ of a loss over the whole run.

    $\\vartheta(s) = F'(s)\\,(e(s) + W^{\\mathsf T}\\vartheta(s+1))$ for $s = T, \\dots, 1$, with
    $\\vartheta(T + 1) = 0$: the paper's rule ({py:func}`lstmnotes.net.error_signals`) with the errors of
    all times injected, which add linearly. A step whose products overflow (terms
    $w_{ij}\\vartheta_i(s+1)$ beyond float64 that may cancel) is redone in the rows that overflowed term by
    term as mantissas and powers of two, as {py:func}`lstmnotes.net.error_signals` does, so only a signal
    that is itself beyond float64 is refused. Where a product on the way may underflow (a signal
    subnormal, or lost to zero, or a weight times a signal below $2^{-1022}$; checked every 128 steps of
    the plain pass), the steps from there are redone with each step's signals held as mantissas times
    one power of two, until their largest is 1/2 or more again, or so small that all they can still
    add to any gradient entry is below $2^{-1100}$ (they are then dropped).

    Accuracy: each $\\vartheta(s)$ within $(T - s + 1)(n + 3) 2^{-53}$ of the same recursion on $|W|$, $|f'|$
    and $|e|$, plus the underflow floor $\\delta(s)$ of the module docstring, plus $2^{-1075}$ where the
    returned float is subnormal.

    :param run: a forward run.
    :param errors: $e(s) = -\\partial E/\\partial y(s)$, shape ``(T, n)``, row ``s - 1`` time $s$ (e.g.
        from {py:func}`target_errors`).
    :return: $\\vartheta$, shape ``(T, n)``, row ``s - 1`` time $s$.
    :raises TypeError: for a ``run`` that is not a Run, or errors that are not real.
    :raises ValueError: for errors of another shape or not finite, a signal beyond float64 on the way, or
        more than {py:data}`~lstmnotes.net.MAX_SIGNAL_REDO` terms to redo (each redone step counting
        {py:data}`~lstmnotes.net.SIGNAL_REDO_CALL` terms more for its fixed cost, each step held scaled
        because of underflow twice that, so the refusal comes within about half a second).

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[2.0]], [0.0], 2, "identity")
    >>> loss_signals(run, [[1.0], [1.0]]).tolist()  # 1 + 2 * 1 at time 1
    [[3.0], [1.0]]

    ```
    """
    signals, scales = _signals(run, errors)
    if np.any(scales != 0):
        with np.errstate(under="ignore"):
            signals = np.ldexp(
                signals, scales[:, None].astype(np.int32)
            )  # one rounding, if subnormal
    return signals


_TINY = float(np.finfo(np.float64).tiny)  # 2^-1022, the smallest normal float64


def _signals(run: Run, errors: ArrayLike) -> tuple[Array, NDArray[np.int64]]:
    """The signals as rows ``m`` and exponents ``k <= 0``: $\\vartheta(s) = m_{s-1} 2^{k_{s-1}}$.

    The plain pass first (with the overflow redo); if a product on the way may have underflowed (a
    signal subnormal, or zero where neither factor is, or a weight times a signal below $2^{-1022}$),
    the steps from the latest such one back to 1 are redone held as mantissas and powers of two
    ({py:func}`~lstmnotes.net._scaled.scaled_back_step`); a row whose largest signal is at least 1/2
    is given back as plain floats, ``k = 0``. All ``k`` are 0 where nothing underflowed.
    """
    run = _run(run)
    e = _errors(run, errors)
    _check_work(run, 1)
    slopes = run.slopes()
    out = np.empty((run.steps, run.n))
    sums = np.empty((run.steps, run.n))
    scales = np.zeros(run.steps, dtype=np.int64)
    w_min = _smallest_weight(run.weights)
    later = np.zeros(run.n)
    redone = 0
    rows = np.hstack([run.weights.T, np.zeros((run.n, 1))])  # W^T and e(s), for a redo
    top = run.steps
    scaled: _Scaled | None = None
    while top >= 1:
        low = max(top - _BLOCK, 0) + 1  # the plain pass over steps top, ..., low
        begin = later[None, :]
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for s in range(top, low - 1, -1):
                sums[s - 1] = e[s - 1] + run.weights.T @ later
                step = slopes[s - 1] * sums[s - 1]
                if not np.all(np.isfinite(step)):
                    rows[:, -1] = e[s - 1]
                    redone = _redo_signal(
                        step, rows, np.append(later, 1.0), slopes[s - 1], redone, s
                    )
                later = step
                out[s - 1] = later
            earlier = np.vstack([out[low:top], begin])  # theta(s + 1) for s = low, ..., top
            bad = _underflowed(
                earlier, sums[low - 1 : top], out[low - 1 : top], slopes[low - 1 : top], w_min
            )
        if not np.any(bad):
            top = low - 1
            continue
        first = low + int(np.flatnonzero(bad)[-1])  # the latest step that may have lost digits
        if scaled is None:
            scaled = _Scaled(run)
        start = earlier[first - low : first - low + 1]
        top, later, redone = scaled.back(start, first, e, slopes, out, scales, redone)
    return out, scales


_BLOCK = 128
"""The steps of the plain pass between two checks for underflow."""


class _Scaled:
    """The steps of {py:func}`_signals` that are redone held as mantissas and powers of two."""

    def __init__(self, run: Run) -> None:
        self.columns, self.shift = column_scaled(run.weights)
        # log2 of a bound on how much a signal can grow going back one step: max |f'| times the
        # largest column sum of |W|; prefix sums, so that the growth from s back to r is a difference
        column = float(np.max(np.sum(np.abs(run.weights), axis=0)))
        with np.errstate(divide="ignore"):
            rate = np.log2(np.max(np.abs(run.slopes()), axis=1) * column)
        self.grows = np.concatenate([[0.0], np.cumsum(np.clip(rate, -2000.0, 2000.0))])
        self.lowest = np.minimum.accumulate(self.grows)  # min over r <= s of grows[r]
        size = [1.0, float(np.max(np.abs(run.activations)))]
        if run.inputs is not None:
            size.append(float(np.max(np.abs(run.inputs))))
        self.reach = math.log2(max(size)) + math.log2(run.steps) + 4.0

    def back(
        self,
        start: Array,
        first: int,
        e: Array,
        slopes: Array,
        out: Array,
        scales: NDArray[np.int64],
        redone: int,
    ) -> tuple[int, Array, int]:
        """Steps ``first``, ``first - 1``, ... from $\\vartheta$(first + 1) = ``start`` (one row), until a
        step's largest signal is at least 1/2 again, or so small that all it can still add to the
        gradient is below $2^{-1100}$ (it is then dropped, the plain pass going on from zero), or step 1.
        Returns the step the plain pass goes on from, the signal it starts from, and the terms redone
        so far: each step counts as ``_scaled_cost``.

        :raises ValueError: beyond {py:data}`MAX_SIGNAL_REDO` terms in all, or for a signal beyond
            float64.
        """
        m, k = normalised(start)
        n = out.shape[1]
        for s in range(first, 0, -1):
            m, k, rows = scaled_back_step(
                m, k, self.columns, self.shift, slopes[s - 1 : s], e[s - 1 : s]
            )
            redone += _scaled_cost(n, rows)
            if redone > MAX_SIGNAL_REDO:
                raise ValueError(
                    f"the error signals underflow on the way at time {s}: carrying them as mantissas "
                    f"and powers of two would take more than MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} terms in "
                    f"all (each such step counting 2 SIGNAL_REDO_CALL = {2 * SIGNAL_REDO_CALL} for its "
                    "fixed cost; about 0.5 s); the signals stay below the float range for too many steps"
                )
            out[s - 1 : s], scales[s - 1 : s] = _plain_if_large(m, k, [s])
            if scales[s - 1] == 0:
                return s - 1, out[s - 1].copy(), redone
            if self.negligible(k, np.array([s]))[0]:
                return s - 1, np.zeros(n), redone
        return 0, np.zeros(n), redone

    def negligible(self, k: NDArray[np.int64], times: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Whether signals below $2^k$ at ``times`` can add no more than $2^{-1100}$ to any entry of
        the gradient through all the steps before: $2^k$ times the most they can grow back, times the
        largest $|y|$, $|x|$ or 1, times $T$."""
        growth = np.maximum(0.0, self.grows[times - 1] - self.lowest[times - 1])
        result: NDArray[np.bool_] = k + growth + self.reach < -1100.0
        return result


def _scaled_cost(n: int, rows: int) -> int:
    """The terms a step held as mantissas and powers of two counts against {py:data}`MAX_SIGNAL_REDO`:
    twice {py:data}`SIGNAL_REDO_CALL` for its fixed cost (some 30 numpy calls, about 90 microseconds),
    $n$ for its elementwise work, $n (n + 1)$ for each row whose sums cancelled and were formed again
    term by term."""
    return 2 * SIGNAL_REDO_CALL + n + rows * n * (n + 1)


def _smallest_weight(weights: Array) -> float:
    size = np.abs(weights)
    return float(np.min(size[size > 0])) if np.any(size > 0) else math.inf


def _underflowed(
    earlier: Array, sums: Array, out: Array, slopes: Array, w_min: float
) -> NDArray[np.bool_]:
    """Per row, whether the plain step ``out = slopes * sums`` with ``sums = e + W^T earlier`` may have
    lost digits to underflow: some product $w_{ij}\\vartheta_i$ possibly below $2^{-1022}$, a signal
    subnormal, or a signal zero where its slope and sum are not (sums of products are exact there)."""
    size = np.abs(earlier)
    t_min = np.min(np.where(size > 0, size, np.inf), axis=1)
    product = w_min * t_min < _TINY
    signal = np.abs(out)
    subnormal = np.any((signal > 0) & (signal < _TINY), axis=1)
    lost = np.any((out == 0) & (slopes != 0) & (sums != 0), axis=1)
    result: NDArray[np.bool_] = product | subnormal | lost
    return result


def _plain_if_large(
    m: Array, k: NDArray[np.int64], times: ArrayLike
) -> tuple[Array, NDArray[np.int64]]:
    """Rows ``(m, k)`` of :func:`scaled_back_step` in the form ``k <= 0``: a row with ``k > 0`` (largest
    signal at least 1/2) as plain floats; refused where a signal is beyond float64."""
    m, k = m.copy(), k.copy()
    big = k > 0
    if np.any(big):
        with np.errstate(over="ignore"):
            m[big] = np.ldexp(m[big], np.minimum(k[big], 2000)[:, None].astype(np.int32))
        k[big] = 0
        if not np.all(np.isfinite(m)):
            r = int(np.argwhere(~np.isfinite(m))[0][0])
            raise ValueError(
                f"the error signal at time {int(np.asarray(times)[r])} is beyond float64 (about "
                "1.8e308): the errors are too large for this run"
            )
    return m, k


def _redo_signal(
    step: Array, rows: Array, vector: Array, slopes: Array, redone: int, s: int
) -> int:
    """Redo in place the entries of the signal ``step`` that overflowed (a product beyond float64, whose
    terms may cancel): entry $i$ as ``slopes[i] * (rows[i] @ vector)``, term by term as mantissas and powers
    of two ({py:func}`~lstmnotes.net._scaled.safe_signal`). Returns the terms redone so far, each call
    counting {py:data}`SIGNAL_REDO_CALL` terms more for its fixed cost.

    :raises ValueError: beyond {py:data}`MAX_SIGNAL_REDO` terms in all, or for a signal beyond float64.
    """
    bad = np.flatnonzero(~np.isfinite(step))
    redone += bad.size * vector.size + SIGNAL_REDO_CALL
    if redone > MAX_SIGNAL_REDO:
        raise ValueError(
            f"the error signals overflow on the way at time {s}: redoing them term by term would take "
            f"more than MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} terms in all (each redone step counting "
            f"SIGNAL_REDO_CALL = {SIGNAL_REDO_CALL} more for its fixed cost; about 0.5 s); the errors "
            "are too large for this run"
        )
    step[bad] = safe_signal(rows[bad], vector, slopes[bad])
    if not np.all(np.isfinite(step)):
        raise ValueError(
            f"the error signal at time {s} is beyond float64 (about 1.8e308): the errors are too large "
            "for this run"
        )
    return redone


def _check_work(run: Run, sources: int, limit: int = MAX_WORK, name: str = "MAX_WORK") -> None:
    work = sources * run.steps * run.n * (run.n + _width(run) + 1)
    if work > limit:
        raise ValueError(
            f"{sources} error times back through T = {run.steps} steps of n = {run.n} units need "
            f"{work:.3g} multiply-adds, above the limit {name} = {limit:.3g}"
        )


def _width(run: Run) -> int:
    return 0 if run.inputs is None else int(run.inputs.shape[1])


def loss_gradient(run: Run, errors: ArrayLike) -> Gradient:
    """The gradient of a loss over the run: $\\partial E/\\partial W$, $\\partial E/\\partial V$, $\\partial E/\\partial b$ by BPTT.

    $\\partial E/\\partial w_{ij} = -\\sum_s \\vartheta_i(s)\\, y^j(s-1)$ with the signals of
    {py:func}`loss_signals`; likewise $-\\sum_s \\vartheta_i(s)\\, x_l(s)$ and $-\\sum_s \\vartheta_i(s)$.
    Gradient descent changes $w_{ij}$ by $-\\alpha\\,\\partial E/\\partial w_{ij}$, the paper's
    $\\alpha\\,\\vartheta_i\\, y^j$ summed over the run.

    :param run: a forward run (with or without inputs and biases).
    :param errors: $e = -\\partial E/\\partial y$, shape ``(T, n)``, as {py:func}`loss_signals`.
    :return: the {py:class}`Gradient`, arrays of the shapes of $W$, $V$ and $b$.
    :raises TypeError, ValueError: as {py:func}`loss_signals`; also if a gradient entry itself is beyond
        float64. Terms $\\vartheta_i(s)\\, y^j(s-1)$ beyond float64 that cancel are not refused: such an entry
        is redone scaled by powers of two and summed exactly, then rounded once; a ValueError if the
        entries so redone times $T$ exceed {py:data}`~lstmnotes.net.MAX_REDO` (checked before any is redone).

    Accuracy: each entry within $(T + 1)(n + 4) 2^{-53}$ of the same sums on $|W|$, $|f'|$, $|e|$, $|y|$,
    $|x|$ (the run's slopes and activations taken as exact), plus the same sums with $|\\vartheta(s)|$
    replaced by the underflow floor $\\delta(s)$ of the module docstring, plus $T 2^{-1074}$ (each term
    $\\vartheta_i(s)\\, y^j(s-1)$ is formed from the signal's mantissa times $y^j(s-1) 2^{k_s}$, a product
    that may round to a multiple of $2^{-1074}$). So a signal that underflows keeps its digits wherever its
    product with $y$ is a float: ``run_net([[1e-30]], [1e300], 2, "identity")`` with errors ``[[0], [1e-300]]``
    has $\\partial E/\\partial w = -2 \\cdot 10^{-30}$, its term $10^{-330} \\cdot 10^{300}$ included.

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[2.0]], [1.0], 2, "identity", b=[0.5])
    >>> g = loss_gradient(run, [[0.0], [-1.0]])  # E = y(2): dE/dw = y(1) + w y(0)
    >>> g.W.tolist(), g.b.tolist()
    ([[4.5]], [3.0])

    ```
    """
    signals, scales = _signals(run, errors)
    redo = _Redo()
    dW = _minus_products(signals, _scaled_rows(run.activations[:-1], scales), redo, "dE/dW")
    dV = (
        None
        if run.inputs is None
        else _finite(
            _minus_products(signals, _scaled_rows(run.inputs, scales), redo, "dE/dV"), "dE/dV"
        )
    )
    ones = _scaled_rows(np.ones((run.steps, 1)), scales)
    db = _minus_products(signals, ones, redo, "dE/db")[:, 0]
    return Gradient(W=_finite(dW, "dE/dW"), V=dV, b=_finite(db, "dE/db"))


def _back_step(
    theta: Array,
    scales: NDArray[np.int64],
    columns: Array,
    shift: NDArray[np.int64],
    rates: Array,
    errors: Array | None,
    times: ArrayLike,
) -> tuple[Array, NDArray[np.int64]]:
    """One step back of the rows ``theta 2^scales`` held as mantissas and powers of two
    ({py:func}`~lstmnotes.net._scaled.scaled_back_step`), given back with ``scales <= 0``."""
    m, k = normalised(theta)
    m, k, _ = scaled_back_step(m, k + scales, columns, shift, rates, errors)
    return _plain_if_large(m, k, times)


def _scaled_rows(values: Array, scales: NDArray[np.int64]) -> Array:
    """Row ``s`` of ``values`` times $2^{k_s}$ (``k <= 0``: no overflow; a product below $2^{-1022}$ rounds
    to a multiple of $2^{-1074}$), so that signal mantissas times these rows are the gradient's terms."""
    if not np.any(scales != 0):
        return values
    with np.errstate(under="ignore"):
        result: Array = np.ldexp(values, np.maximum(scales, -2200)[:, None].astype(np.int32))
    return result


class _Redo:
    """The entry-steps redone exactly so far in one call, refused beyond {py:data}`~lstmnotes.net.MAX_REDO`."""

    def __init__(self) -> None:
        self.spent = 0

    def take(self, entries: int, steps: int, what: str) -> None:
        total = self.spent + entries * steps
        if total > MAX_REDO:
            raise ValueError(
                f"{what}: {entries} entries whose terms overflow float64 (but may cancel) would be summed "
                f"exactly over {steps} steps each, {total} entry-steps in all with those before, above "
                f"the limit MAX_REDO = {MAX_REDO} (about 1 s of exact summation); the terms are too large "
                "for this run"
            )
        self.spent = total


def _exponents(a: Array) -> NDArray[np.intc]:
    """Per column of ``a``, the $k$ with $2^{k-1} \\le \\max|a| < 2^k$ (0 for a zero column)."""
    return np.asarray(np.frexp(np.max(np.abs(a), axis=0))[1], dtype=np.intc)


def _minus_products(a: Array, b: Array, redo: _Redo, what: str) -> Array:
    """$-a^{\\mathsf T} b$; an entry that overflows on the way (terms beyond float64 that may cancel) is
    redone exactly scaled: the columns of ``a`` and ``b`` are scaled by powers of two to below one, each
    scaled product is split exactly into its float64 value and rounding error (Dekker), the sum of all of
    them is rounded once (``math.fsum``) and scaled back exactly. Such an entry is the correctly rounded
    exact sum (up to products below $2^{-1022}$ in the scaled units); beyond float64 it stays infinite.
    The entries to redo times the rows of ``a`` count against ``redo`` (refused beyond
    {py:data}`~lstmnotes.net.MAX_REDO`, naming ``what``) before any is redone.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        plain = 0.0 - a.T @ b
    if np.all(np.isfinite(plain)):
        return plain
    bad = np.argwhere(~np.isfinite(plain))
    redo.take(len(bad), a.shape[0], what)
    ka, kb = _exponents(a), _exponents(b)
    with np.errstate(under="ignore"):
        sa, sb = np.ldexp(a, -ka), np.ldexp(b, -kb)
    out = plain.copy()
    for i, j in bad:
        with np.errstate(under="ignore"):
            terms = _two_product(sa[:, i], sb[:, j])
        with np.errstate(over="ignore", under="ignore"):
            out[i, j] = 0.0 - np.ldexp(math.fsum(terms.tolist()), int(ka[i]) + int(kb[j]))
    return out


def _two_product(x: Array, y: Array) -> Array:
    """The products $x_s y_s$ as pairs (value, rounding error) whose sum is exact (Dekker's splitting;
    exact for $|x|, |y| \\le 1$ whose products are at least $2^{-1022}$)."""
    product = x * y
    split = 134217729.0  # 2^27 + 1
    xh = x * split - (x * split - x)
    yh = y * split - (y * split - y)
    xl, yl = x - xh, y - yh
    error = ((xh * yh - product) + xh * yl + xl * yh) + xl * yl
    return np.concatenate([product, error])


def loss_gradient_by_lag(run: Run, errors: ArrayLike) -> Gradient:
    """The gradient split by lag: entry ``q`` is the part carried by errors $q$ steps after the net inputs they reach.

    For the error $e(t)$ alone, $\\vartheta^{(t)}(t) = F'(t)\\, e(t)$ and
    $\\vartheta^{(t)}(s) = F'(s)\\, W^{\\mathsf T} \\vartheta^{(t)}(s+1)$; the lag-$q$ part of
    $\\partial E/\\partial w_{ij}$ is $-\\sum_t \\vartheta^{(t)}_i(t-q)\\, y^j(t-q-1)$ (of $V$ and $b$ alike,
    with $x(t-q)$ and $1$). Summed over $q = 0, \\dots, T-1$ the parts are {py:func}`loss_gradient`, up
    to rounding. How much of a weight's gradient comes from long lags is the question of the error flow.

    :param run: a forward run.
    :param errors: $e = -\\partial E/\\partial y$, shape ``(T, n)``.
    :return: the {py:class}`Gradient` with arrays of shape ``(T, n, n)``, ``(T, n, m)`` and ``(T, n)``.
    :raises TypeError, ValueError: as {py:func}`loss_gradient`; also if $T$ is above
        {py:data}`~lstmnotes.net.MAX_LAG_STEPS` (checked before any work), $K T n (n + m + 1)$ above
        {py:data}`~lstmnotes.net.MAX_LAG_WORK` for $K$ times with nonzero errors, or $T n (n + m + 1)$
        above ``MAX_RUN_VALUES``.

    Accuracy: each lag's part within $(T + 1)(n + 4) 2^{-53}$ of the same part on absolute values, plus
    the same part with each $|\\vartheta^{(t)}(s)|$ replaced by its own underflow floor (the module
    docstring's $\\delta$, for the signals of the error $e(t)$ alone), plus $K 2^{-1074}$. The $K$ signals
    are carried apart, each row with its own power of two wherever a product on the way may under- or
    overflow (a lag so redone costs up to about three times a plain one; a row is dropped once all it can
    still add is below $2^{-1100}$).

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[2.0]], [1.0], 2, "identity", b=[0.5])
    >>> g = loss_gradient_by_lag(run, [[0.0], [-1.0]])
    >>> g.W.ravel().tolist(), g.b.ravel().tolist()  # lag 0: y(1); lag 1: w y(0)
    ([2.5, 2.0], [1.0, 2.0])

    ```
    """
    run = _run(run)
    if run.steps > MAX_LAG_STEPS:
        raise ValueError(
            f"run has T = {run.steps} steps, above the limit MAX_LAG_STEPS = {MAX_LAG_STEPS} of the split "
            "by lag (one loop pass a lag, about a second at the limit)"
        )
    e = _errors(run, errors)
    T, n, m = run.steps, run.n, _width(run)
    if T * n * (n + m + 1) > MAX_RUN_VALUES:
        raise ValueError(
            f"the split keeps T n (n + m + 1) = {T * n * (n + m + 1)} values, above the limit "
            f"MAX_RUN_VALUES = {MAX_RUN_VALUES}"
        )
    sources = np.flatnonzero(np.any(e != 0.0, axis=1)) + 1  # the times t with an error
    _check_work(run, max(int(sources.size), 1), MAX_LAG_WORK, "MAX_LAG_WORK")
    slopes, ys = run.slopes(), run.activations
    dW, db = np.zeros((T, n, n)), np.zeros((T, n))
    redo = _Redo()
    dV = None if run.inputs is None else np.zeros((T, n, m))
    w_min = _smallest_weight(run.weights)
    columns, shift = column_scaled(run.weights)
    bound: _Scaled | None = None
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        # row r: theta^(t_r)(t_r - q) = theta[r] 2^scales[r] (scales <= 0), here q = 0
        theta = slopes[sources - 1] * e[sources - 1]
        scales = np.zeros(sources.size, dtype=np.int64)
        bad = _underflowed(np.zeros_like(theta), e[sources - 1], theta, slopes[sources - 1], w_min)
        if np.any(bad) or not np.all(np.isfinite(theta)):
            theta, scales = _back_step(
                np.zeros_like(theta),
                scales,
                columns,
                shift,
                slopes[sources - 1],
                e[sources - 1],
                sources,
            )
        for q in range(T):
            alive = sources - q >= 1
            if not np.any(alive):
                break
            theta, sources, scales = theta[alive], sources[alive], scales[alive]
            at = sources - q  # the times t - q that the lag-q signals reach
            dW[q] = _minus_products(
                theta, _scaled_rows(ys[at - 1], scales), redo, f"dE/dW at lag {q}"
            )
            ones = _scaled_rows(np.ones((at.size, 1)), scales)
            db[q] = _minus_products(theta, ones, redo, f"dE/db at lag {q}")[:, 0]
            if dV is not None and run.inputs is not None:
                dV[q] = _minus_products(
                    theta, _scaled_rows(run.inputs[at - 1], scales), redo, f"dE/dV at lag {q}"
                )
            keep = at >= 2
            theta, sources, scales = theta[keep], sources[keep], scales[keep]
            rates = slopes[sources - q - 2]
            if not np.any(scales != 0):
                sums = theta @ run.weights  # W^T theta, row by row
                step = rates * sums
                if np.all(np.isfinite(step)) and not np.any(
                    _underflowed(theta, sums, step, rates, w_min)
                ):
                    theta = step
                    continue
            theta, scales = _back_step(theta, scales, columns, shift, rates, None, sources - q - 1)
            if bound is None:
                bound = _Scaled(run)
            keep = ~bound.negligible(scales, sources - q - 1)  # drop rows that can add nothing more
            theta, sources, scales = theta[keep], sources[keep], scales[keep]
        return Gradient(
            W=_finite(dW, "dE/dW"),
            V=None if dV is None else _finite(dV, "dE/dV"),
            b=_finite(db, "dE/db"),
        )
