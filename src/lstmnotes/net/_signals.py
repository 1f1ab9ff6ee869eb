"""Error signals back-propagated through a whole run: one injected error ({py:func}`error_signals`) or a loss's errors at every step ({py:func}`loss_signals`).

Both use one backward pass, $\\vartheta(s) = F'(s) \\bigl( e(s) + W^{\\mathsf T} \\vartheta(s+1) \\bigr)$ (for
{py:func}`error_signals`, $e = 0$ and $\\vartheta(t)$ given), and so do the gradients of
{py:mod}`lstmnotes.net._gradient`: a step whose products overflow is redone term by term as mantissas and
powers of two, and the steps from one that may lose digits to underflow are redone entry by entry, each
signal a mantissa and a power of two of its own ({py:func}`entry_steps`).

The module is long because the pass has three ways through a step (plain, term by term where products
overflow, as mantissas and powers of two where they may underflow), with the limits that bound them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.net._run import MAX_WORK
from lstmnotes.net._scaled import safe_signal
from lstmnotes.net._trajectory import Run

__all__ = ["MAX_SIGNAL_REDO", "SIGNAL_REDO_CALL", "error_signals", "loss_signals"]

Array = NDArray[np.float64]

MAX_SIGNAL_REDO = 20_000_000
"""The most terms $f'_j w_{ij} \\vartheta_i$ (and $f'_j e_j$) that one call of {py:func}`loss_signals` (or
{py:func}`loss_gradient`, {py:func}`loss_gradient_by_lag`, {py:func}`error_signals`) redoes as mantissas
and powers of two, about 0.5 s at this limit. Where a step's products overflow, its signals are redone
row by row, $n + 1$ terms a row, each counting two (some 50 ns); each such redo also counts
{py:data}`SIGNAL_REDO_CALL` terms for its fixed cost, so that many small redos are bounded in time too. A
step redone entry by entry because its signals may underflow counts twice {py:data}`SIGNAL_REDO_CALL`
(about 130 microseconds with its checks) plus $n (n + 1)$: about 2500 such steps at small $n$. A lag of
{py:func}`loss_gradient_by_lag` so redone counts five times {py:data}`SIGNAL_REDO_CALL` (its products
too), and each of its rows so redone (one an error time each, taken together)
$8 + \\lfloor (n (n + 1) + n (n + m + 1)) / 4 \\rfloor$ besides."""

SIGNAL_REDO_CALL = 4_000
"""The terms one redo call counts against {py:data}`MAX_SIGNAL_REDO` besides its own: its fixed cost (about
100 microseconds of numpy calls) in terms of about 25 ns each, so that the limit stays about half a second
however few terms each step redoes."""


def _run(run: object) -> Run:
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run (from run_net), got {type(run).__name__}")
    return run


def _errors(run: Run, errors: ArrayLike) -> Array:
    values = finite_array(errors, "errors", ndim=2)
    if values.shape != (run.steps, run.n):
        raise ValueError(
            f"errors must have shape (T, n) = ({run.steps}, {run.n}), got {values.shape}"
        )
    return values


def loss_signals(run: Run, errors: ArrayLike) -> Array:
    """The error signals $\\vartheta(s) = -\\partial E/\\partial\\mathit{net}(s)$ of a loss over the whole run.

    $\\vartheta(s) = F'(s)\\,(e(s) + W^{\\mathsf T}\\vartheta(s+1))$ for $s = T, \\dots, 1$, with
    $\\vartheta(T + 1) = 0$: the paper's rule ({py:func}`lstmnotes.net.error_signals`) with the errors of
    all times injected, which add linearly. A step whose products overflow (terms
    $w_{ij}\\vartheta_i(s+1)$ beyond float64 that may cancel) is redone in the rows that overflowed term by
    term as mantissas and powers of two, as {py:func}`lstmnotes.net.error_signals` does, so only a signal
    that is itself beyond float64 is refused. Where a step may lose digits to underflow (a signal
    subnormal, or lost to zero, or a weight times a signal below $2^{-1022}$ in a sum below
    $n 2^{-1018}$; checked every 128 steps of the plain pass), the steps from there are redone with each
    signal held as a mantissa times a power of two of its own, term by term, until they are all normal
    floats again, or so small that all they can still add to any signal is below $2^{-1100}$ (they are
    then dropped, the whole step's signals or a single one). So no signal loses digits to underflow on
    the way, nor to the size of another.

    Accuracy: each $\\vartheta(s)$ within $(T - s + 1)(n + 3) 2^{-53}$ of the same recursion on $|W|$, $|f'|$
    and $|e|$, plus $2^{-1074}$ where the returned float is subnormal (or rounds to 0): its own rounding,
    and what the signals dropped on the way would have added (below $2^{-1100}$ each, at most $T n$ of
    them).

    :param run: a forward run.
    :param errors: $e(s) = -\\partial E/\\partial y(s)$, shape ``(T, n)``, row ``s - 1`` time $s$ (e.g.
        from {py:func}`~lstmnotes.net.target_errors`).
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
    return as_floats(*_signals(run, errors, 0.0))


def error_signals(run: Run, t: int, theta: ArrayLike) -> Array:
    """Back-propagate error signals $\\vartheta(t)$ to every earlier step with the paper's rule.

    For $s = t-1, \\dots, 1$: $\\vartheta_j(s) = f'_j(\\mathit{net}_j(s)) \\sum_i w_{ij}\\,\\vartheta_i(s+1)$,
    in matrix form $\\vartheta(s) = F'(s)\\, W^{\\mathsf T} \\vartheta(s+1)$. Only the error injected at
    time $t$ is propagated; errors injected at other times add linearly ({py:func}`loss_signals`).
    The pass is {py:func}`loss_signals`' with no errors before $t$: a step whose products overflow is
    redone term by term, and signals that underflow on the way are carried as mantissas and powers of
    two, so a signal that a huge weight brings back from below the float range keeps its digits.

    Accuracy: each $\\vartheta(s)$ within $(t - s)(n + 3) 2^{-53}$ of the same recursion on $|W|$, $|f'|$
    and $|\\vartheta(t)|$, plus $2^{-1074}$ where the returned float is subnormal (or rounds to 0), as
    {py:func}`loss_signals`.

    :param run: a forward run.
    :param t: the injection time, $1 \\le t \\le T$.
    :param theta: the signals $\\vartheta(t)$, length $n$ (e.g. from {py:func}`~lstmnotes.net.output_error`).
    :return: an array of shape ``(t, n)`` whose row ``s - 1`` is $\\vartheta(s)$, for $s = 1, \\dots, t$.
    :raises TypeError: for a ``run`` that is not a Run, or a ``t`` or ``theta`` that is not real.
    :raises ValueError: for a bad time, a ``theta`` of the wrong length or with non-finite entries, a
        signal beyond float64 on the way, or more than {py:data}`~lstmnotes.net.MAX_SIGNAL_REDO` terms to
        redo (as {py:func}`loss_signals`).

    ```pycon
    >>> from lstmnotes.net import run_net
    >>> run = run_net([[0.0, 0.0], [4.0, 0.0]], [0.0, 0.0], 2)
    >>> error_signals(run, 2, [0.0, 1.0]).tolist()
    [[1.0, 0.0], [0.0, 1.0]]

    ```
    """
    run = _run(run)
    run._check_time(t, 1, "t")
    start = finite_array(theta, "theta", ndim=1)
    if start.shape[0] != run.n:
        raise ValueError(f"theta must have length n = {run.n}, got {start.shape[0]}")
    out = np.empty((t, run.n))
    out[t - 1] = start
    out[: t - 1] = as_floats(*_back_pass(run, np.zeros((t - 1, run.n)), start, "theta is", 0.0))
    return out


_TINY = float(np.finfo(np.float64).tiny)  # 2^-1022, the smallest normal float64
_LOW = -(2**40)  # the exponent given to a zero mantissa: below every other by far


def _signals(
    run: object, errors: ArrayLike, reach: float | None = None
) -> tuple[Array, NDArray[np.int64]]:
    """The signals of {py:func}`loss_signals` as pairs ``(out, kk)`` ({py:func}`_back_pass`), dropped once
    they can add no more than $2^{-1100}$ to a signal (``reach`` 0) or to a gradient entry (``reach``
    ``None``: {py:func}`gradient_reach`)."""
    run = _run(run)
    e = _errors(run, errors)
    _check_work(run, 1)
    return _back_pass(
        run, e, np.zeros(run.n), "the errors are", gradient_reach(run) if reach is None else reach
    )


def as_floats(out: Array, kk: NDArray[np.int64]) -> Array:
    """The signals $\\vartheta = $ ``out`` $\\cdot 2^{kk}$ as floats: one rounding where subnormal (or 0)."""
    if not np.any(kk):
        return out
    with np.errstate(under="ignore"):
        result: Array = np.ldexp(out, np.maximum(kk, -2200).astype(np.int32))
    return result


def _back_pass(
    run: Run, e: Array, later: Array, cause: str, reach: float
) -> tuple[Array, NDArray[np.int64]]:
    """The signals of steps ``len(e), ..., 1`` from $\\vartheta$(len(e) + 1) = ``later``, with the errors
    ``e`` (row ``s - 1`` time $s$) injected, as pairs: $\\vartheta_j(s) =$ ``out[s-1, j]`` $\\cdot
    2^{kk[s-1, j]}$, where ``kk`` is 0 and ``out`` the signal (a normal float or 0), or ``kk`` is below 0
    and ``out`` the mantissa, in [1/2, 1), of a signal below $2^{-1022}$.

    The plain pass first (with the overflow redo); if a step may have lost digits to underflow
    ({py:func}`_underflowed`), the steps from the latest such one are redone entry by entry
    ({py:class}`_Entries`) until every signal of a step is a normal float or 0 again, or they are so
    small that all they can still add, times $2^{\\mathrm{reach}}$, is below $2^{-1100}$ (they are then
    dropped). ``cause`` ends the message of a signal beyond float64 ("... too large for this run").
    """
    top = e.shape[0]
    slopes = run.slopes()
    out = np.empty((top, run.n))
    sums = np.empty((top, run.n))
    kk = np.zeros((top, run.n), dtype=np.int64)
    w_min = _smallest_weight(run.weights)
    redone = 0
    rows = np.hstack([run.weights.T, np.zeros((run.n, 1))])  # W^T and e(s), for a redo
    entries: _Entries | None = None
    while top >= 1:
        low = max(top - _BLOCK, 0) + 1  # the plain pass over steps top, ..., low
        begin = later[None, :]
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for s in range(top, low - 1, -1):
                sums[s - 1] = e[s - 1] + run.weights.T @ later
                step = slopes[s - 1] * sums[s - 1]
                if not np.all(np.isfinite(step)):
                    if s < top and np.any(
                        _underflowed(
                            np.vstack([out[s + 1 : top], begin]),
                            sums[s:top],
                            out[s:top],
                            slopes[s:top],
                            w_min,
                        )
                    ):  # a digit lost to underflow earlier in the block may be what overflows here
                        low = s + 1
                        break
                    rows[:, -1] = e[s - 1]
                    redone = _redo_signal(
                        step, rows, np.append(later, 1.0), slopes[s - 1], redone, s, cause
                    )
                    # the redone entries are sums formed term by term: no digits lost to underflow
                    # there, so the checks below see their values rather than the overflowed sums
                    sums[s - 1] = np.where(np.isfinite(sums[s - 1]), sums[s - 1], step)
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
        if entries is None:
            entries = _Entries(run, reach)
        start = earlier[first - low : first - low + 1]
        top, later, redone = entries.back(start, first, e, slopes, out, kk, redone, cause)
    return out, kk


_BLOCK = 128
"""The steps of the plain pass between two checks for underflow."""


def gradient_reach(run: Run) -> float:
    """log2 of the most a signal's product with the run's values can add to a gradient entry, per unit of
    the signal: the largest $|y|$, $|x|$ or 1, times $T$, times 16."""
    size = [1.0, float(np.max(np.abs(run.activations)))]
    if run.inputs is not None:
        size.append(float(np.max(np.abs(run.inputs))))
    return math.log2(max(size)) + math.log2(run.steps) + 4.0


class Growth:
    """How much signals can grow going back from one step to an earlier one, to drop those that can add
    nothing more. First bound: $\\log_2$ of max $|f'|$ times the largest column sum of $|W|$, step by step,
    in prefix sums, so that the growth from $s$ back to $r$ is a difference. Where it is too coarse for a
    row below $2^{-1100 - \\mathrm{reach}}$ (a weight above one in a net whose signals still decay), a
    second one: over the units the row's signals can reach (through nonzero weights, from its nonzero
    signals; the others stay exactly 0), the norm of the product of each block of {py:data}`_SPAN_STEPS`
    steps ({py:func}`_block_bound`)."""

    def __init__(self, run: Run, reach: float) -> None:
        self.signed = run.slopes(), run.weights
        self.pattern = run.weights != 0  # [i, j]: theta_j gets from theta_i
        self.reach = reach
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # sums beyond float64
            column = float(np.max(np.sum(np.abs(run.weights), axis=0)))
            steepest = np.max(np.abs(self.signed[0]), axis=1)
            # a step whose slopes are all 0 passes nothing back (not 0 times an infinite column sum)
            rate = np.where(steepest == 0, -2000.0, np.log2(steepest * column))
        self.grows = np.concatenate([[0.0], np.cumsum(np.clip(rate, -2000.0, 2000.0))])
        self.lowest = np.minimum.accumulate(self.grows)  # lowest[s]: min over r <= s of grows[r]
        self.cache: dict[bytes, _Bound] = {}
        self.units: dict[bytes, NDArray[np.bool_]] = {}
        self.budget = _SIGNED_WORK  # multiply-adds left for signed products of blocks
        self.union = np.zeros(run.n, dtype=bool)  # the units of every set bounded so far
        self.computed = 0  # the bounds formed so far

    def entries(
        self, k: NDArray[np.int64], times: NDArray[np.intp], tiny: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        """Which of the entries ``tiny`` of rows of signals (rows by units, row ``r`` at time
        ``times[r]``, entry $j$ below $2^{k_{rj}}$) can each add no more than $2^{-1100}$, times
        $2^{\\mathrm{reach}}$, through all the steps before ({py:meth}`negligible` for each alone): those
        that a row which must be kept may drop."""
        found = np.zeros(tiny.shape, dtype=bool)
        rows, units = np.nonzero(tiny & (k + self.reach < -1100.0))
        if rows.size:
            alone = np.zeros((rows.size, tiny.shape[1]), dtype=bool)
            alone[np.arange(rows.size), units] = True
            found[rows, units] = self.negligible(k[rows, units], times[rows], alone)
        return found

    def _reachable(self, support: NDArray[np.bool_]) -> NDArray[np.bool_]:
        units = support.copy()
        for _ in range(64):
            more = units | np.any(self.pattern[units], axis=0)
            if np.array_equal(more, units):
                return units
            units = more
        return np.ones_like(units)  # a long chain: the bound over all units

    def _bound(self, support: NDArray[np.bool_]) -> _Bound:
        """The bound of {py:func}`_block_bound` over the units signals nonzero at ``support`` can reach,
        cached by those units. After {py:data}`_PATTERNS` such sets, a new one is bounded over the union
        of all the sets met so far, and after as many unions over all units: a bound over more units holds
        too (the units a row reaches keep its signals among them), and the work stays bounded."""
        found = self.units.get(support.tobytes())
        if found is None:
            found = self.units[support.tobytes()] = self._reachable(support)
        own = key = found.tobytes()
        self.union |= found
        if key not in self.cache and self.computed >= _PATTERNS:
            found = self.union if self.computed < 2 * _PATTERNS else np.ones_like(found)
            key = found.tobytes()
        if key not in self.cache:
            self.cache[key] = _block_bound(
                self.signed[0][:, found], self.signed[1][np.ix_(found, found)], self.budget
            )
            self.budget -= self.signed[0].shape[0] * int(np.sum(found)) ** 3
            self.computed += 1
        self.cache.setdefault(own, self.cache[key])
        return self.cache[key]

    def negligible(
        self, k: NDArray[np.int64], times: ArrayLike, support: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        """Whether rows of signals below $2^k$ at ``times``, nonzero at ``support`` (rows by units), can
        add no more than $2^{-1100}$, times $2^{\\mathrm{reach}}$, through all the steps before."""
        at = np.asarray(times, dtype=np.intp)
        growth = np.maximum(0.0, self.grows[at - 1] - self.lowest[at - 1])
        result: NDArray[np.bool_] = k + growth + self.reach < -1100.0
        groups: dict[bytes, list[int]] = {}  # the finer bound, once for each pattern of support
        for r in np.flatnonzero(~result & (k + self.reach < -1100.0)).tolist():
            groups.setdefault(support[r].tobytes(), []).append(r)
        for these in groups.values():
            bound = self._bound(support[these[0]])(at[these])
            result[these] = k[these] + np.maximum(0.0, bound) + self.reach < -1100.0
        return result


_PATTERNS = 4
"""The most sets of reachable units one call bounds apart (see {py:meth}`Growth._bound`)."""

_SPAN_STEPS = 16
"""The steps of a block in {py:func}`_block_bound`."""

_SIGNED_UNITS = 64
"""The most units for which {py:func}`_block_bound` forms the signed product of a block ($n^3$ a step)."""

_SIGNED_WORK = 600_000_000
"""The most multiply-adds ($T n^3$ for each set of units) one call spends on signed products of blocks,
formed for all blocks at once at a few tenths of a nanosecond each: about a fifth of a second; beyond it
only the bound on absolute values is used."""


def _absolute_blocks(slopes: Array, weights: Array) -> Array:
    """$\\log_2 \\|A(t_1) \\cdots A(t_L)\\|_\\infty$ for $A(t) = |F'(t)|\\,|W|^{\\mathsf T}$ (all entries
    nonnegative), for each of B blocks of L steps (``slopes``: shape ``(B, L, n)``, and ``weights``, both
    absolute values): the largest entry of the product times a vector of ones, normalised at each step;
    -2000 where it is exactly zero (every term has a zero factor), 2000 where it leaves the float range. A
    step whose every entry underflows counts its largest slope times the largest column sum of the
    weights."""
    blocks, span, _ = slopes.shape
    vector, norm = np.ones((blocks, weights.shape[0])), np.zeros(blocks)
    result = np.full(blocks, np.nan)  # nan while the block's product is still being formed
    pattern = weights != 0
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        column = float(np.max(np.sum(weights, axis=0)))
        for t in range(span - 1, -1, -1):
            reached = (vector != 0) @ pattern
            vector = slopes[:, t] * (vector @ weights)
            top = np.max(vector, axis=1)
            live = np.isnan(result)
            zero = live & (top == 0)
            exact = zero & ~np.any((slopes[:, t] != 0) & reached, axis=1)
            result[exact] = -2000.0  # exactly zero: every term has a zero factor
            under = zero & ~exact  # every entry underflowed: the largest slope times the column sum
            if np.any(under):
                norm[under] += np.log2(np.max(slopes[under, t], axis=1)) + math.log2(column)
                vector[under] = 1.0
            result[live & ~zero & ~np.isfinite(top)] = 2000.0
            ok = live & ~zero & np.isfinite(top)
            norm[ok] += np.log2(top[ok])
            vector[ok] = np.maximum(vector[ok] / top[ok, None], 2.0**-1000)  # only larger: a bound
    found: Array = np.where(np.isnan(result), norm, result)
    return found


def _signed_blocks(slopes: Array, weights: Array) -> Array:
    """$\\log_2 \\|\\mathrm{fl}(A(t_1) \\cdots A(t_L))\\|_\\infty$ for $A(t) = F'(t)\\,W^{\\mathsf T}$,
    for each of B blocks of L steps (``slopes``: shape ``(B, L, n)``), normalised at each step (2000, no
    bound, where it leaves the float range or comes out zero, which may be underflow); its rounding is the
    caller's to add."""
    blocks, span, n = slopes.shape
    product, norm = np.broadcast_to(np.eye(n), (blocks, n, n)).copy(), np.zeros(blocks)
    result = np.full(blocks, np.nan)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        for t in range(span - 1, -1, -1):
            product = (slopes[:, t, :, None] * weights.T[None]) @ product
            top = np.max(np.abs(product), axis=(1, 2))
            live = np.isnan(result)
            ok = live & (top > 0) & np.isfinite(top)  # zero may be underflow: no bound
            result[live & ~ok] = 2000.0
            norm[ok] += np.log2(top[ok])
            product[ok] /= top[ok, None, None]
        final = norm + np.log2(np.max(np.sum(np.abs(product), axis=2), axis=1))
    found: Array = np.where(np.isnan(result), final, result)
    return found


def _by_blocks(bound: Callable[[Array, Array], Array], slopes: Array, weights: Array) -> Array:
    """``bound`` for each block of {py:data}`_SPAN_STEPS` steps of ``slopes`` (T by n), the last one
    possibly shorter."""
    steps, n = slopes.shape
    whole = steps // _SPAN_STEPS * _SPAN_STEPS
    parts = [bound(slopes[:whole].reshape(-1, _SPAN_STEPS, n), weights)] if whole else []
    if whole < steps:
        parts.append(bound(slopes[None, whole:], weights))
    return np.concatenate(parts)


def _block_bound(slopes: Array, weights: Array, budget: float) -> _Bound:
    """A bound on $\\log_2$ of how much signals at step $s$ can grow going back to any earlier step, for
    the slopes ``slopes`` (T by n) and weights ``weights`` of the units concerned.

    The factor of a step is $A(t) = F'(t)\\,W^{\\mathsf T}$; for each block of {py:data}`_SPAN_STEPS`
    steps the norm $\\|A(t_1) \\cdots A(t_L)\\|_\\infty$ of its product is bounded twice, and the smaller
    taken: on absolute values, as the largest entry of $|A(t_1)| \\cdots |A(t_L)|$ times a vector of
    ones (nonnegative matrices), entries kept at least $2^{-1000}$ of the largest; and, for at most
    {py:data}`_SIGNED_UNITS` units and within ``budget`` multiply-adds ($T n^3$), from the signed
    product itself, formed in float64, plus
    $2 L (n + 2) 2^{-53}$ times the first (its rounding), so that cancellation in $W$ counts: a net whose
    signals decay although $|W|$ would grow them. Both are normalised step by step, all blocks at once. A
    range of steps is its whole blocks, bounded by their norms, and at most a part of a block at each
    end, bounded by the first bound's positive rates there. The norms are spread evenly over their steps
    for prefix sums; each end adds its block's own allowance.
    """
    steps, n = slopes.shape
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        column = float(np.max(np.sum(np.abs(weights), axis=0)))
        steepest = np.max(np.abs(slopes), axis=1)
        coarse = np.clip(
            np.where(steepest == 0, -2000.0, np.log2(steepest * column)), -2000.0, 2000.0
        )
    lengths = np.diff(np.append(np.arange(0, steps, _SPAN_STEPS), steps))
    size = _by_blocks(_absolute_blocks, np.abs(slopes), np.abs(weights))
    if n <= _SIGNED_UNITS and steps * n**3 <= budget:
        slack = np.log2(2 * lengths * (n + 2)) - 53.0 + size
        signed = np.logaddexp2(_by_blocks(_signed_blocks, slopes, weights), slack)
        size = np.where(size < 2000.0, np.minimum(size, signed), size)
    norm = np.clip(size + 2.0**-30, -2000.0, 2000.0)
    rate = np.repeat(norm / lengths, lengths)
    ends = np.add.reduceat(np.maximum(coarse, 0.0), np.arange(0, steps, _SPAN_STEPS))
    allowance = np.repeat(ends + np.abs(norm), lengths)  # per step: the allowance of its block
    return _Bound(rate, allowance)


class _Bound:
    """The growth bound of {py:func}`_block_bound`: per step the rate of its block's norm and the
    allowance of its block, in prefix sums."""

    def __init__(self, rate: Array, allowance: Array) -> None:
        self.grows = np.concatenate([[0.0], np.cumsum(rate)])
        self.allowance = allowance
        # start[s - 2]: the best over r <= s - 1 of -G[r - 1] + A(r)
        self.start = np.maximum.accumulate(-self.grows[:-1] + allowance)

    def __call__(self, at: NDArray[np.intp]) -> Array:
        """log2 of how much signals at steps ``at`` can grow going back to any earlier step."""
        out = np.zeros(at.shape)
        later = at > 1
        s = at[later]
        out[later] = self.grows[s - 1] + self.start[s - 2] + self.allowance[s - 2]
        return out


_ENTRY_CHECK = 8
"""Every how many steps held entry by entry a row that must be kept looks for signals it may drop."""


class _Entries:
    """The steps of {py:func}`_back_pass` redone entry by entry ({py:func}`entry_steps`), so that no signal
    loses digits to underflow or to the size of another."""

    def __init__(self, run: Run, reach: float) -> None:
        self.growth = Growth(run, reach)
        self.weights = weight_pairs(run.weights)

    def back(
        self,
        start: Array,
        first: int,
        e: Array,
        slopes: Array,
        out: Array,
        kk: NDArray[np.int64],
        redone: int,
        cause: str,
    ) -> tuple[int, Array, int]:
        """Steps ``first``, ``first - 1``, ... from $\\vartheta$(first + 1) = ``start`` (one row of
        floats), written into ``out`` and ``kk``, until a step's signals are all normal floats or 0, or
        negligible, or step 1. A signal below $2^{-1022}$ that is negligible on its own
        ({py:meth}`Growth.entries`, looked for every {py:data}`_ENTRY_CHECK` steps) goes no further
        back, though the row goes on. Returns the step the plain pass goes on from, the signal it starts from
        (zero where dropped), and the terms redone so far.

        :raises ValueError: beyond {py:data}`MAX_SIGNAL_REDO` terms in all, or for a signal beyond
            float64.
        """
        m, k = to_pairs(start, np.zeros(start.shape, dtype=np.int64))
        n = out.shape[1]
        for s in range(first, 0, -1):
            m, k = entry_steps(m, k, self.weights, slopes[s - 1 : s], e[s - 1 : s])
            redone = count_entry_steps(redone, 1, n * (n + 1), s)
            out[s - 1 : s], kk[s - 1 : s] = from_pairs(m, k, [s], cause)
            tiny = kk[s - 1] != 0
            if not np.any(tiny):
                return s - 1, out[s - 1].copy(), redone
            if self.growth.negligible(np.max(k, axis=1), [s], m != 0)[0]:
                return s - 1, np.zeros(n), redone
            if (first - s) % _ENTRY_CHECK == _ENTRY_CHECK - 1:
                dropped = self.growth.entries(k, np.array([s]), tiny[None])[0]
                if np.array_equal(dropped, tiny):  # the rest are normal floats or 0: plain again
                    return s - 1, np.where(tiny, 0.0, out[s - 1]), redone
                m[0, dropped], k[0, dropped] = 0.0, _LOW
        return 0, np.zeros(n), redone


def weight_pairs(weights: Array) -> tuple[Array, NDArray[np.int64]]:
    """``np.frexp(weights)``, the exponents as int64 and those of zeros at the lowest."""
    m, e = np.frexp(weights)
    return m, np.where(m == 0, _LOW, e.astype(np.int64))


def to_pairs(out: Array, kk: NDArray[np.int64]) -> tuple[Array, NDArray[np.int64]]:
    """Signals in the form of {py:func}`_back_pass` as mantissas in [1/2, 1) (or 0) and exponents."""
    m, e = np.frexp(out)  # a mantissa (kk < 0) is its own: exponent 0
    return m, np.where(m == 0, _LOW, e.astype(np.int64) + kk)


def from_pairs(
    m: Array, k: NDArray[np.int64], times: ArrayLike, cause: str
) -> tuple[Array, NDArray[np.int64]]:
    """Mantissas and exponents in the form of {py:func}`_back_pass`: a normal float (or 0) with
    ``kk = 0``, else the mantissa and its exponent; refused where a signal is beyond float64 (row ``r`` at
    time ``times[r]``)."""
    with np.errstate(over="ignore", under="ignore"):
        value = np.ldexp(m, np.clip(k, -1200, 1100).astype(np.int32))
    if not np.all(np.isfinite(value)):
        r = int(np.argwhere(~np.isfinite(value))[0][0])
        raise ValueError(
            f"the error signal at time {int(np.asarray(times)[r])} is beyond float64 (about "
            f"1.8e308): {cause} too large for this run"
        )
    tiny = (m != 0) & (np.abs(value) < _TINY)
    return np.where(tiny, m, value), np.where(tiny, k, 0)


_CHUNK = 131_072
"""The most terms {py:func}`entry_steps` forms at once."""


def entry_steps(
    m: Array,
    k: NDArray[np.int64],
    weights: tuple[Array, NDArray[np.int64]],
    slopes: Array,
    e: Array | None,
) -> tuple[Array, NDArray[np.int64]]:
    """One step back of rows of signals held entry by entry as mantissas and exponents:
    $\\vartheta_j = f'_j (e_j + \\sum_i w_{ij} \\vartheta_i)$ with $\\vartheta_i = m_i 2^{k_i}$, row by row
    (``m``, ``k``, ``slopes``, ``e`` of shape ``(K, n)``; ``weights`` from {py:func}`weight_pairs`).

    Each term's mantissa is a product of two mantissas, its exponent the sum; the terms of an entry are
    scaled by one power of two, the largest exponent among them (a term below $2^{-1100}$ of that is
    lost), and summed; the sum times the slope's mantissa is normalised, the exponents added apart. So
    each entry is within $(n + 2) 2^{-53}$ of the sum of its terms' absolute values, whatever the sizes
    of the other entries, and nothing under- or overflows.
    """
    w_m, w_e = weights
    rows, n = m.shape
    out_m, out_k = np.empty((rows, n)), np.empty((rows, n), dtype=np.int64)
    chunk = max(1, _CHUNK // (n * (n + 1)))  # rows at a time, and columns at a time for a large n
    width = max(1, _CHUNK // (n + 1))
    for lo in range(0, rows, chunk):
        for left in range(0, n, width):
            part, cols = slice(lo, lo + chunk), slice(left, left + width)
            out_m[part, cols], out_k[part, cols] = _entry_block(
                m[part], k[part], w_m[:, cols], w_e[:, cols], slopes[part, cols],
                None if e is None else e[part, cols],
            )  # fmt: skip
    return out_m, out_k


def _entry_block(
    m: Array,
    k: NDArray[np.int64],
    w_m: Array,
    w_e: NDArray[np.int64],
    slopes: Array,
    e: Array | None,
) -> tuple[Array, NDArray[np.int64]]:
    """{py:func}`entry_steps` for some rows and the columns of ``w_m``, ``w_e``."""
    terms = m[:, :, None] * w_m[None, :, :]  # [r, i, j]: w_ij theta_i, in (-1, 1)
    exponent = np.where(terms == 0, _LOW, k[:, :, None] + w_e[None, :, :])
    if e is not None:
        e_m, e_e = np.frexp(e)
        terms = np.concatenate([terms, e_m[:, None, :]], axis=1)
        own = np.where(e_m == 0, _LOW, e_e.astype(np.int64))
        exponent = np.concatenate([exponent, own[:, None, :]], axis=1)
    top = np.max(exponent, axis=1)
    with np.errstate(under="ignore"):
        shift = np.clip(exponent - top[:, None, :], -1100, 0).astype(np.int32)
        total = np.sum(np.ldexp(terms, shift), axis=1)
    s_m, s_e = np.frexp(slopes)
    p_m, p_e = np.frexp(s_m * total)
    return p_m, np.where(p_m == 0, _LOW, p_e + s_e + top)


def count_entry_steps(redone: int, rows: int, per_row: int, s: int, calls: int = 2) -> int:
    """``redone`` plus the terms of one call of {py:func}`entry_steps` on ``rows`` rows: ``calls`` times
    {py:data}`SIGNAL_REDO_CALL` for its fixed cost (a step of {py:func}`_back_pass`, some 30 numpy calls
    with its checks, costs about twice that: 130 microseconds; a lag of
    {py:func}`~lstmnotes.net.loss_gradient_by_lag`, with its products, about five times) and
    ``per_row`` a row ($n (n + 1)$; in {py:func}`loss_gradient_by_lag`, whose rows are taken together,
    a quarter of that and of the $n (n + m + 1)$ of the row's products with $y$, $x$ and 1, plus 8 for
    the numpy work a row costs at any $n$); refused beyond {py:data}`MAX_SIGNAL_REDO`."""
    redone += calls * SIGNAL_REDO_CALL + rows * per_row
    if redone > MAX_SIGNAL_REDO:
        raise ValueError(
            f"the error signals underflow on the way at time {s}: carrying them as mantissas "
            f"and powers of two would take more than MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} terms in "
            f"all (each such step counting {calls} SIGNAL_REDO_CALL = {calls * SIGNAL_REDO_CALL} for its "
            "fixed cost; about 0.5 s); the signals stay below the float range for too many steps"
        )
    return redone


def _smallest_weight(weights: Array) -> float:
    size = np.abs(weights)
    return float(np.min(size[size > 0])) if np.any(size > 0) else math.inf


def _underflowed(
    earlier: Array, sums: Array, out: Array, slopes: Array, w_min: float
) -> NDArray[np.bool_]:
    """Per row, whether the plain step ``out = slopes * sums`` with ``sums = e + W^T earlier`` may have
    lost digits to underflow: some product $w_{ij}\\vartheta_i$ possibly below $2^{-1022}$ in a sum
    below $n 2^{-1018}$, a signal subnormal, or a signal zero where its slope and sum are not.

    A product below $2^{-1022}$ is off by $2^{-1075}$ at most; in a sum of $n$ such terms at least
    $n 2^{-1018}$ in size (so their absolute sum is at least $n 2^{-1019}$), that is below $2^{-56}$ of
    the absolute sum, within the rounding the plain step's accuracy allows."""
    signal = np.abs(out)
    if signal.size == 0 or (signal.min() >= _TINY and w_min * np.abs(earlier).min() >= _TINY):
        return np.zeros(out.shape[0], dtype=bool)  # every signal normal, no product below 2^-1022
    size = np.abs(earlier)
    t_min = np.where(size > 0, size, np.inf).min(axis=1)
    small = np.abs(sums) < sums.shape[1] * 2.0**-1018
    product = (w_min * t_min < _TINY) & small.any(axis=1)
    subnormal = ((signal > 0) & (signal < _TINY)).any(axis=1)
    lost = ((out == 0) & (slopes != 0) & (sums != 0)).any(axis=1)
    result: NDArray[np.bool_] = product | subnormal | lost
    return result


def _redo_signal(
    step: Array, rows: Array, vector: Array, slopes: Array, redone: int, s: int, cause: str
) -> int:
    """Redo in place the entries of the signal ``step`` that overflowed (a product beyond float64, whose
    terms may cancel): entry $i$ as ``slopes[i] * (rows[i] @ vector)``, term by term as mantissas and powers
    of two ({py:func}`~lstmnotes.net._scaled.safe_signal`). Returns the terms redone so far, each call
    counting {py:data}`SIGNAL_REDO_CALL` terms more for its fixed cost.

    :raises ValueError: beyond {py:data}`MAX_SIGNAL_REDO` terms in all, or for a signal beyond float64.
    """
    bad = np.flatnonzero(~np.isfinite(step))
    redone += 2 * bad.size * vector.size + SIGNAL_REDO_CALL  # a term costs up to some 50 ns
    if redone > MAX_SIGNAL_REDO:
        raise ValueError(
            f"the error signals overflow on the way at time {s}: redoing them term by term would take "
            f"more than MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} terms in all (each redone step counting "
            f"SIGNAL_REDO_CALL = {SIGNAL_REDO_CALL} more for its fixed cost; about 0.5 s); {cause} too "
            "large for this run"
        )
    step[bad] = safe_signal(rows[bad], vector, slopes[bad])
    if not np.all(np.isfinite(step)):
        raise ValueError(
            f"the error signal at time {s} is beyond float64 (about 1.8e308): {cause} too large for "
            "this run"
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
