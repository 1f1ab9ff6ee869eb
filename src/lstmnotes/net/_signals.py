"""Error signals back-propagated through a whole run: one injected error ({py:func}`error_signals`) or a loss's errors at every step ({py:func}`loss_signals`).

Both use one backward pass, $\\vartheta(s) = F'(s) \\bigl( e(s) + W^{\\mathsf T} \\vartheta(s+1) \\bigr)$ (for
{py:func}`error_signals`, $e = 0$ and $\\vartheta(t)$ given): a step whose products overflow is redone
term by term as mantissas and powers of two, and the steps from one that may lose digits to underflow
are carried as mantissas and powers of two, entry by entry for the signals given back ({py:class}`_Entries`),
row by row for the gradients ({py:class}`_Scaled`, whose underflow floor {py:mod}`lstmnotes.net` states).

The module is long because the pass has three ways through a step (plain, term by term where products
overflow, as mantissas and powers of two where they may underflow), with the limits that bound them.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array
from lstmnotes.net._run import MAX_WORK
from lstmnotes.net._scaled import column_scaled, normalised, safe_signal, scaled_back_step
from lstmnotes.net._trajectory import Run

__all__ = ["MAX_SIGNAL_REDO", "SIGNAL_REDO_CALL", "error_signals", "loss_signals"]

Array = NDArray[np.float64]

MAX_SIGNAL_REDO = 20_000_000
"""The most terms $f'_j w_{ij} \\vartheta_i$ (and $f'_j e_j$) that one call of {py:func}`loss_signals` (or
{py:func}`loss_gradient`) redoes as mantissas and powers of two, where a step's product overflows: the signals
of such a step are redone row by row, $n + 1$ terms a row, about 0.5 s at this limit. Each redo (one step of
{py:func}`loss_signals`) also counts {py:data}`SIGNAL_REDO_CALL` terms for its fixed cost, so that many small
redos are bounded in time too. A step held as mantissas and powers of two because its signals underflow
counts twice {py:data}`SIGNAL_REDO_CALL` (about 90 microseconds), plus $n$, plus $n (n + 1)$ for each row
whose sums cancel and are formed again term by term: about 3300 such steps at small $n$."""

SIGNAL_REDO_CALL = 3_000
"""The terms one redo call counts against {py:data}`MAX_SIGNAL_REDO` besides its own: its fixed cost (about
70 microseconds of numpy calls) in terms of about 25 ns each, so that the limit stays about half a second
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
    then dropped). So no signal loses digits to underflow on the way, nor to the size of another.

    Accuracy: each $\\vartheta(s)$ within $(T - s + 1)(n + 3) 2^{-53}$ of the same recursion on $|W|$, $|f'|$
    and $|e|$, plus $2^{-1075}$ where the returned float is subnormal (or rounds to 0).

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
    run = _run(run)
    e = _errors(run, errors)
    _check_work(run, 1)
    return _back_pass(run, e, np.zeros(run.n), "the errors are", entries=True)[0]


def _scaled_rows(values: Array, scales: NDArray[np.int64]) -> Array:
    """Row ``s`` of ``values`` times $2^{k_s}$ for ``scales`` $k \\le 0$ (no overflow; a product below
    $2^{-1022}$ rounds once, to a multiple of $2^{-1074}$): the signals as floats, or, for rows of $y$,
    $x$ or ones, the factors whose products with the signals' mantissas are the gradient's terms."""
    if not np.any(scales != 0):
        return values
    with np.errstate(under="ignore"):
        result: Array = np.ldexp(values, np.maximum(scales, -2200)[:, None].astype(np.int32))
    return result


def error_signals(run: Run, t: int, theta: ArrayLike) -> Array:
    """Back-propagate error signals $\\vartheta(t)$ to every earlier step with the paper's rule.

    For $s = t-1, \\dots, 1$: $\\vartheta_j(s) = f'_j(\\mathit{net}_j(s)) \\sum_i w_{ij}\\,\\vartheta_i(s+1)$,
    in matrix form $\\vartheta(s) = F'(s)\\, W^{\\mathsf T} \\vartheta(s+1)$. Only the error injected at
    time $t$ is propagated; errors injected at other times add linearly ({py:func}`loss_signals`).
    The pass is {py:func}`loss_signals`' with no errors before $t$: a step whose products overflow is
    redone term by term, and signals that underflow on the way are carried as mantissas and powers of
    two, so a signal that a huge weight brings back from below the float range keeps its digits.

    Accuracy: each $\\vartheta(s)$ within $(t - s)(n + 3) 2^{-53}$ of the same recursion on $|W|$, $|f'|$
    and $|\\vartheta(t)|$, plus $2^{-1075}$ where the returned float is subnormal (or rounds to 0).

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
    out[: t - 1] = _back_pass(run, np.zeros((t - 1, run.n)), start, "theta is", entries=True)[0]
    return out


_TINY = float(np.finfo(np.float64).tiny)  # 2^-1022, the smallest normal float64


def _signals(run: Run, errors: ArrayLike) -> tuple[Array, NDArray[np.int64]]:
    """The signals of {py:func}`loss_signals` as rows ``m`` and exponents ``k <= 0``:
    $\\vartheta(s) = m_{s-1} 2^{k_{s-1}}$ (see {py:func}`_back_pass`)."""
    run = _run(run)
    e = _errors(run, errors)
    _check_work(run, 1)
    return _back_pass(run, e, np.zeros(run.n), "the errors are")


def _back_pass(
    run: Run, e: Array, later: Array, cause: str, *, entries: bool = False
) -> tuple[Array, NDArray[np.int64]]:
    """The signals of steps ``len(e), ..., 1`` from $\\vartheta$(len(e) + 1) = ``later``, with the errors
    ``e`` (row ``s - 1`` time $s$) injected, as rows ``m`` and exponents ``k <= 0``:
    $\\vartheta(s) = m_{s-1} 2^{k_{s-1}}$.

    The plain pass first (with the overflow redo); if a product on the way may have underflowed (a
    signal subnormal, or zero where neither factor is, or a weight times a signal below $2^{-1022}$),
    the steps from the latest such one back to 1 are redone held as mantissas and powers of two
    ({py:func}`~lstmnotes.net._scaled.scaled_back_step`); a row whose largest signal is at least 1/2
    is given back as plain floats, ``k = 0``. All ``k`` are 0 where nothing underflowed. With
    ``entries``, the steps are redone entry by entry instead ({py:class}`_Entries`) and given back as
    floats, all ``k = 0``. ``cause`` ends the message of a signal beyond float64 ("... too large for
    this run").
    """
    top = e.shape[0]
    slopes = run.slopes()
    out = np.empty((top, run.n))
    sums = np.empty((top, run.n))
    scales = np.zeros(top, dtype=np.int64)
    w_min = _smallest_weight(run.weights)
    redone = 0
    rows = np.hstack([run.weights.T, np.zeros((run.n, 1))])  # W^T and e(s), for a redo
    scaled: _Scaled | _Entries | None = None
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
                        step, rows, np.append(later, 1.0), slopes[s - 1], redone, s, cause
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
            scaled = _Entries(run) if entries else _Scaled(run)
        start = earlier[first - low : first - low + 1]
        top, later, redone = scaled.back(start, first, e, slopes, out, scales, redone, cause)
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
        cause: str,
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
            redone = _count_scaled(redone, _scaled_cost(n, rows), s)
            out[s - 1 : s], scales[s - 1 : s] = _plain_if_large(m, k, [s], cause)
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


class _Entries(_Scaled):
    """The steps of {py:func}`_back_pass` redone entry by entry, for signals given back as floats: each
    signal a mantissa times its own power of two, each step's terms $f'_j w_{ij} \\vartheta_i$ formed
    from mantissas with their exponents added ({py:func}`_entry_step`), so that no entry loses digits
    to the size of another. Back to the plain pass once a step's signals are all normal floats or zero;
    dropped once they cannot reach $2^{-1100}$ again."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.reach = 0.0  # the signals themselves, not their products with y, are given back
        mantissa, exponent = np.frexp(run.weights)
        self.weights = (mantissa, exponent.astype(np.int64))

    def back(
        self,
        start: Array,
        first: int,
        e: Array,
        slopes: Array,
        out: Array,
        scales: NDArray[np.int64],
        redone: int,
        cause: str,
    ) -> tuple[int, Array, int]:
        """As {py:meth}`_Scaled.back`, entry by entry; ``scales`` stays 0."""
        m, k = np.frexp(start[0])
        k = np.where(m == 0, _LOW, k.astype(np.int64))
        n = out.shape[1]
        for s in range(first, 0, -1):
            m, k = _entry_step(m, k, *self.weights, slopes[s - 1], e[s - 1])
            redone = _count_scaled(redone, _scaled_cost(n, 1), s)
            with np.errstate(over="ignore", under="ignore"):
                value = np.ldexp(m, np.clip(k, -1200, 1100).astype(np.int32))
            if not np.all(np.isfinite(value)):
                raise ValueError(
                    f"the error signal at time {s} is beyond float64 (about 1.8e308): {cause} too "
                    "large for this run"
                )
            out[s - 1] = value
            size = np.abs(value)
            if np.all((m == 0) | (size >= _TINY)):  # every signal a normal float (or 0), exactly
                return s - 1, value.copy(), redone
            if self.negligible(np.array([np.max(k)]), np.array([s]))[0]:
                return s - 1, np.zeros(n), redone
        return 0, np.zeros(n), redone


_LOW = -(2**40)  # the exponent given to a zero mantissa: below every other by far


def _entry_step(
    m: Array, k: NDArray[np.int64], w_m: Array, w_e: NDArray[np.int64], slopes: Array, e: Array
) -> tuple[Array, NDArray[np.int64]]:
    """$\\vartheta_j = f'_j (e_j + \\sum_i w_{ij} \\vartheta_i)$ with $\\vartheta_i = m_i 2^{k_i}$, as
    mantissas and exponents entry by entry (``w_m``, ``w_e`` from ``np.frexp(W)``): each term's mantissa
    is a product of two mantissas, its exponent the sum; the terms of entry $j$ are scaled by one power
    of two, the largest exponent among them (a term below $2^{-1100}$ of that is lost), and summed; the
    sum times the slope's mantissa is normalised. So each entry is within $(n + 2) 2^{-53}$ of the sum
    of its terms' absolute values, whatever the sizes of the other entries."""
    terms = w_m * m[:, None]  # in (-1, 1), no under- or overflow
    exponent = np.where(terms == 0, _LOW, w_e + k[:, None])
    e_m, e_e = np.frexp(e)
    exponent = np.vstack([exponent, np.where(e_m == 0, _LOW, e_e.astype(np.int64))[None, :]])
    terms = np.vstack([terms, e_m[None, :]])
    top = np.max(exponent, axis=0)
    with np.errstate(under="ignore"):
        total = np.sum(
            np.ldexp(terms, np.clip(exponent - top[None, :], -1100, 0).astype(np.int32)), axis=0
        )
    s_m, s_e = np.frexp(slopes)
    p_m, p_e = np.frexp(s_m * total)
    return p_m, np.where(p_m == 0, _LOW, p_e + s_e + top)


def _count_scaled(redone: int, cost: int, s: int) -> int:
    """``redone + cost``, refused beyond {py:data}`MAX_SIGNAL_REDO`."""
    redone += cost
    if redone > MAX_SIGNAL_REDO:
        raise ValueError(
            f"the error signals underflow on the way at time {s}: carrying them as mantissas "
            f"and powers of two would take more than MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} terms in "
            f"all (each such step counting 2 SIGNAL_REDO_CALL = {2 * SIGNAL_REDO_CALL} for its "
            "fixed cost; about 0.5 s); the signals stay below the float range for too many steps"
        )
    return redone


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
    lost digits to underflow: some product $w_{ij}\\vartheta_i$ possibly below $2^{-1022}$ in a sum
    below $n 2^{-1018}$, a signal subnormal, or a signal zero where its slope and sum are not.

    A product below $2^{-1022}$ is off by $2^{-1075}$ at most; in a sum of $n$ such terms at least
    $n 2^{-1018}$ in size (so their absolute sum is at least $n 2^{-1019}$), that is below $2^{-56}$ of
    the absolute sum, within the rounding the plain step's accuracy allows."""
    size = np.abs(earlier)
    t_min = np.min(np.where(size > 0, size, np.inf), axis=1)
    small = np.abs(sums) < sums.shape[1] * 2.0**-1018
    product = (w_min * t_min < _TINY) & np.any(small, axis=1)
    signal = np.abs(out)
    subnormal = np.any((signal > 0) & (signal < _TINY), axis=1)
    lost = np.any((out == 0) & (slopes != 0) & (sums != 0), axis=1)
    result: NDArray[np.bool_] = product | subnormal | lost
    return result


def _plain_if_large(
    m: Array, k: NDArray[np.int64], times: ArrayLike, cause: str = "the errors are"
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
                f"1.8e308): {cause} too large for this run"
            )
    return m, k


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
    redone += bad.size * vector.size + SIGNAL_REDO_CALL
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
