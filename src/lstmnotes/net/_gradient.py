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

Floating point: the signals are those of {py:func}`~lstmnotes.net.loss_signals`, each to its own rounding,
those below $2^{-1022}$ kept as mantissas and powers of two; gradient entries whose terms overflow but may
cancel are summed exactly in scaled units (terms that underflow there, far below the largest, are lost).

The module is long because both gradients, in total and by lag, share their exact summation of the
entries whose terms overflow but may cancel, with the limit that bounds it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, index_list
from lstmnotes.net._run import MAX_RUN_VALUES, _units
from lstmnotes.net._signals import (
    _ENTRY_CHECK,
    Growth,
    _check_work,
    _errors,
    _run,
    _signals,
    _smallest_weight,
    _underflowed,
    _width,
    count_entry_steps,
    entry_steps,
    from_pairs,
    gradient_reach,
    to_pairs,
    weight_pairs,
)
from lstmnotes.net._trajectory import Run

__all__ = [
    "MAX_LAG_STEPS",
    "MAX_LAG_WORK",
    "MAX_REDO",
    "Gradient",
    "loss_gradient",
    "loss_gradient_by_lag",
    "squared_error",
    "target_errors",
]

Array = NDArray[np.float64]

MAX_REDO = 5_000_000
"""The most entry-steps (gradient entries redone exactly, times the steps each sums over plus 2 for the
entry's own cost) that one call of {py:func}`loss_gradient` or {py:func}`loss_gradient_by_lag` redoes where
terms overflow but may cancel: the redo sums about two values an entry-step exactly (``math.fsum``), about
1 s at this limit."""

MAX_LAG_STEPS = 20_000
"""The longest run {py:func}`loss_gradient_by_lag` splits: its loop over the lags $q = 0, \\dots, T - 1$
costs some tens of microseconds a lag (a few numpy calls on small arrays, however few the errors), about
a second at this limit."""

MAX_LAG_WORK = 200_000_000
"""The most multiply-adds $K T n (n + m + 1)$ ($K$ times with errors) that {py:func}`loss_gradient_by_lag`
does: it carries the $K$ signals apart through every lag, in numpy calls on $K \\times n$ arrays, one to
three seconds at this limit (a tenth of {py:data}`~lstmnotes.net.MAX_WORK`, which bounds the single backward pass of
{py:func}`loss_gradient`)."""


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


def _finite(array: Array, what: str) -> Array:
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{what} is beyond float64 (about 1.8e308): the errors are too large for this run"
        )
    return array


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
        is redone scaled by powers of two (each column by its largest value) and summed exactly, then rounded
        once (a term that underflows in those scaled units, below $2^{-1022}$ of them, is lost, within the
        bound below); a ValueError if the
        entries so redone times $T + 2$ exceed {py:data}`~lstmnotes.net.MAX_REDO` (checked before any is redone).

    Accuracy: each entry within $(T + 1)(n + 4) 2^{-53}$ of the same sums on $|W|$, $|f'|$, $|e|$, $|y|$,
    $|x|$ (the run's slopes and activations taken as exact), plus $T 2^{-1074}$: a signal below $2^{-1022}$
    is kept as a mantissa $m$ and a power of two $2^k$ of its own, and its term
    $\\vartheta_i(s)\\, y^j(s-1)$ is formed as $m$ times $y^j(s-1) 2^k$, a product that may round to a
    multiple of $2^{-1074}$. So a signal that underflows keeps its digits wherever its
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
    out, kk = _signals(run, errors)
    redo = _Redo()
    dW = _signal_products(out, kk, run.activations[:-1], redo, "dE/dW")
    dV = (
        None
        if run.inputs is None
        else _finite(_signal_products(out, kk, run.inputs, redo, "dE/dV"), "dE/dV")
    )
    db = _signal_products(out, kk, np.ones((run.steps, 1)), redo, "dE/db")[:, 0]
    return Gradient(W=_finite(dW, "dE/dW"), V=dV, b=_finite(db, "dE/db"))


def _signal_products(
    out: Array, kk: NDArray[np.int64], rows: Array, redo: _Redo, what: str, lag: int | None = None
) -> Array:
    """$-\\sum_s \\vartheta_i(s)\\, \\mathrm{rows}_j(s)$ for signals in the form of
    {py:func}`~lstmnotes.net._signals._back_pass` (``out`` times $2^{kk}$): the normal ones (and zeros) by
    {py:func}`_minus_products`, those below $2^{-1022}$ by {py:func}`_tiny_products`. ``what`` (and the
    ``lag``, if any) names the result in a refusal."""
    if lag is not None:
        what = f"{what} at lag {lag}"
    tiny = kk < 0
    if not tiny.any():
        return _minus_products(out, rows, redo, what)
    plain = _minus_products(np.where(tiny, 0.0, out), rows, redo, what)
    with np.errstate(over="ignore"):
        result: Array = plain - _tiny_products(out, kk, rows)
    return result


def _tiny_products(out: Array, kk: NDArray[np.int64], rows: Array) -> Array:
    """$\\sum_s \\vartheta_i(s)\\, \\mathrm{rows}_j(s)$ over the signals $m 2^k$ below $2^{-1022}$ only
    ($k \\le -1021$): each term is $m$ times ``rows`` scaled by $2^k$ (below 8 in size: no overflow; a
    scaled value below $2^{-1022}$ rounds once, to a multiple of $2^{-1074}$)."""
    used = np.flatnonzero(np.any(kk < 0, axis=1))
    m = np.where(kk[used] < 0, out[used], 0.0)
    k = np.maximum(kk[used], -2200)
    total = np.zeros((out.shape[1], rows.shape[1]))
    chunk = max(1, 1_000_000 // total.size)
    with np.errstate(under="ignore"):
        for lo in range(0, used.size, chunk):
            part = slice(lo, lo + chunk)
            scaled = np.ldexp(rows[used[part]][:, None, :], k[part][:, :, None].astype(np.int32))
            total += np.einsum("ri,rij->ij", m[part], scaled)
    return total


class _Redo:
    """The entry-steps redone exactly so far in one call, refused beyond {py:data}`~lstmnotes.net.MAX_REDO`."""

    def __init__(self) -> None:
        self.spent = 0

    def take(self, entries: int, steps: int, what: str) -> None:
        total = self.spent + entries * (steps + 2)
        if total > MAX_REDO:
            raise ValueError(
                f"{what}: {entries} entries whose terms overflow float64 (but may cancel) would be summed "
                f"exactly over {steps} steps each, {total} entry-steps in all (2 more an entry) with those "
                "before, above "
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
    if np.isfinite(plain).all():
        return plain
    bad = np.argwhere(~np.isfinite(plain))
    redo.take(len(bad), a.shape[0], what)
    ka, kb = _exponents(a), _exponents(b)
    with np.errstate(under="ignore"):
        sa, sb = np.ldexp(a, -ka), np.ldexp(b, -kb)
    out = plain.copy()
    chunk = max(1, 250_000 // max(a.shape[0], 1))  # entries at a time
    for lo in range(0, len(bad), chunk):
        i, j = bad[lo : lo + chunk, 0], bad[lo : lo + chunk, 1]
        with np.errstate(under="ignore"):
            terms = _two_product(sa[:, i], sb[:, j])  # column c: the 2T terms of entry (i[c], j[c])
        sums = np.array([math.fsum(column) for column in terms.T.tolist()])
        with np.errstate(over="ignore", under="ignore"):
            out[i, j] = 0.0 - np.ldexp(sums, ka[i] + kb[j])
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
    $K 2^{-1074}$. The $K$ signals are carried apart; a lag whose products may under- or overflow is
    redone entry by entry as mantissas and powers of two, as {py:func}`loss_signals` does, counting
    against {py:data}`~lstmnotes.net.MAX_SIGNAL_REDO` (a row is dropped once all it can still add is below
    $2^{-1100}$).

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
    lags = _Lags(run)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        # row r: theta^(t_r)(t_r - q) = theta[r] 2^kk[r] entry by entry (see _back_pass), here q = 0
        theta, kk = lags.start(slopes[sources - 1], e[sources - 1], sources)
        ones = np.ones((sources.size, 1))
        for q in range(T):
            # the sources are in increasing order: those that reach back to step 1 go first
            first = int(np.searchsorted(sources, q + 1))
            if first == sources.size:
                break
            theta, sources, kk = theta[first:], sources[first:], kk[first:]
            at = sources - q  # the times t - q that the lag-q signals reach
            dW[q] = _signal_products(theta, kk, ys[at - 1], redo, "dE/dW", q)
            db[q] = _signal_products(theta, kk, ones[: at.size], redo, "dE/db", q)[:, 0]
            if dV is not None and run.inputs is not None:
                dV[q] = _signal_products(theta, kk, run.inputs[at - 1], redo, "dE/dV", q)
            first = int(at[0] < 2)  # a signal at step 1 goes back no further
            theta, sources, kk = theta[first:], sources[first:], kk[first:]
            theta, kk, keep = lags.back(theta, kk, slopes[sources - q - 2], sources - q - 1)
            if not keep.all():
                theta, sources, kk = theta[keep], sources[keep], kk[keep]
        return Gradient(
            W=_finite(dW, "dE/dW"),
            V=None if dV is None else _finite(dV, "dE/dV"),
            b=_finite(db, "dE/db"),
        )


_LAG_CALLS = 5
"""The {py:data}`~lstmnotes.net.SIGNAL_REDO_CALL` a lag redone entry by entry counts for its fixed cost:
its step back, its checks and its products with $y$, $x$ and 1, some 400 microseconds."""


class _Lags:
    """The steps back of {py:func}`loss_gradient_by_lag`: its $K$ rows of signals, each the signals of one
    error time, plainly where nothing may under- or overflow, else entry by entry as in
    {py:func}`~lstmnotes.net._signals._back_pass` (counted against
    {py:data}`~lstmnotes.net.MAX_SIGNAL_REDO`)."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.w_min = _smallest_weight(run.weights)
        self.weights = weight_pairs(run.weights)
        self.growth: Growth | None = None
        self.redone = 0
        self.checks = 0
        n = run.n
        # a row's step and its next lag's products, a quarter each (rows are taken together, some
        # 6 ns a term), plus about 200 ns of numpy work a row at any n
        self.per_row = 8 + (n * (n + 1) + n * (n + _width(run) + 1)) // 4

    def start(
        self, slopes: Array, e: Array, times: NDArray[np.intp]
    ) -> tuple[Array, NDArray[np.int64]]:
        """The signals $F'(t) e(t)$ of the rows' own times."""
        theta = slopes * e
        kk = np.zeros(theta.shape, dtype=np.int64)
        bad = _underflowed(np.zeros_like(theta), e, theta, slopes, self.w_min)
        if not np.any(bad) and np.all(np.isfinite(theta)):
            return theta, kk
        pairs = entry_steps(*to_pairs(np.zeros_like(theta), kk), self.weights, slopes, e)
        self.redone = count_entry_steps(
            self.redone, times.size, self.per_row, int(times[-1]), _LAG_CALLS
        )
        return from_pairs(*pairs, times, "the errors are")

    def back(
        self, theta: Array, kk: NDArray[np.int64], rates: Array, times: NDArray[np.intp]
    ) -> tuple[Array, NDArray[np.int64], NDArray[np.bool_]]:
        """One step back, to ``times``, with the slopes ``rates``; also which rows to keep (those that
        can still add $2^{-1100}$ to a gradient entry)."""
        keep = np.ones(times.size, dtype=bool)
        sums = theta @ self.run.weights  # W^T theta, row by row
        step = rates * sums
        bad = (kk != 0).any(axis=1) | ~np.isfinite(step).all(axis=1)
        bad |= _underflowed(theta, sums, step, rates, self.w_min)
        if not bad.any():
            return step, kk, keep
        m, k = entry_steps(*to_pairs(theta[bad], kk[bad]), self.weights, rates[bad], None)
        self.redone = count_entry_steps(
            self.redone, int(np.sum(bad)), self.per_row, int(times[bad][0]), _LAG_CALLS
        )
        kk = np.zeros_like(kk)
        step[bad], kk[bad] = from_pairs(m, k, times[bad], "the errors are")
        if self.growth is None:
            self.growth = Growth(self.run, gradient_reach(self.run))
        keep[bad] = ~self.growth.negligible(np.max(k, axis=1), times[bad], m != 0)
        # in a row that is kept, a signal below 2^-1022 that is negligible on its own goes no further
        # (looked for every _ENTRY_CHECK lags redone entry by entry)
        rows = np.flatnonzero(bad)
        kept = keep[bad] & np.any(kk[bad] != 0, axis=1)
        self.checks += 1
        if self.checks % _ENTRY_CHECK == 0 and np.any(kept):
            dropped = self.growth.entries(k[kept], times[rows[kept]], kk[rows[kept]] != 0)
            step[rows[kept]] = np.where(dropped, 0.0, step[rows[kept]])
            kk[rows[kept]] = np.where(dropped, 0, kk[rows[kept]])
        return step, kk, keep
