r"""The local gain $|f'(wy + c)\,w|$ for any activation $f$ (private numerics on validated arrays).

On each half-line of weights $w = s\,r$ ($s = \pm 1$, $r > 0$) the log-gain $\log r + \log f'(rsy + c)$ has
the derivative $\bigl(1 + r\,sy\,\psi(\mathit{net})\bigr)/r$ with $\psi = f''/f'$ (the activation's
``slope_rate``). Where $\log f'$ is concave, as for the logistic, tanh and the memory cell's $g$ and $h$,
$1 + r\,sy\,\psi$ falls strictly in $r$: the gain rises to one peak and then falls. The peak is found by
bisecting the bit patterns of the floats $r$ (at most 63 halvings, whatever the magnitudes) after a
search for an $r$ past it (growing by $2^{16}$ a step); a half-line on which the gain still rises at the largest float has no
maximum (the gain is unbounded or approaches its supremum only as $|w| \to \infty$). For an activation whose
$\log f'$ is not known to be concave the peak is checked against the gain on a grid along the
half-line (log-spaced around the peak, and fine near net input 0); where the grid finds a larger gain or
more than one local maximum (humps of $|f'|$, as $e^{-x^2}$ has two), every local maximum is bisected
again between its neighbours and the largest kept, refused if that does not reach the grid's best. A
grid is a check, not a proof: a hump narrower than its steps can pass unseen.

The module is long because the peak search is one piece of reasoning: the half-line search over weights,
the second search over net inputs where $w y$ cancels a large $c$, and the tails beyond float64 share
their bracketing and their refusals, and split apart they would each need the others' invariants.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._float_keys import KEY_MAX, bisect_keys, float_key, key_float
from lstmnotes.activations import Activation, BeyondNetLimit
from lstmnotes.local_gain._extended import net_input, net_sign

Array = NDArray[np.float64]

LOG_CONCAVE: Final = frozenset({"logistic", "tanh", "cell_g", "cell_h"})
"""The families whose $\\log f'$ is concave ($\\log\\operatorname{sech}^2$ and $\\log\\sigma'$ are): one peak a
half-line, no grid check needed."""

_FLOAT_MAX: Final = float(np.finfo(np.float64).max)
_TINIEST: Final = 5e-324
_BISECTIONS: Final = 64
_GROWTH: Final = 16  # the search for a weight past the peak multiplies it by 2^16 a step
_GROWTHS: Final = 140  # from the smallest subnormal past the largest float
_GRID: Final = 2001
MAX_MPMATH_NETS: Final = 4096
"""The most net inputs beyond float64 one call evaluates by mpmath (a unit made from sympy)."""
MAX_SEARCH_ELEMENTS: Final = 500
"""The most pairs $(y, c)$ one call of {py:func}`lstmnotes.local_gain.max_gain` (or
{py:func}`lstmnotes.local_gain.gain_supremum`) searches for an activation without the closed form: each
pair's peak is checked against a grid of about 2500 weights a half-line, and the local maxima the grids
flag are bisected together; about 0.9 s of CPU for 500 pairs of the logistic given as callables."""
_CHUNK: Final = 2048  # elements a grid check holds at once: 2048 x 2001 floats, 33 MB


class NoMaximum(ValueError):
    """The gain has no maximum over the weights; the message says why, ``supremum`` what it approaches."""

    def __init__(self, message: str, supremum: float = np.inf) -> None:
        super().__init__(message)
        self.supremum = supremum


def _limit_at_infinity(unit: Activation, nets: Array) -> None:
    """Refuse net inputs beyond float64 where $f'$ there is not its limit: a unit whose callables are
    trusted only so far (``net_limit``), or whose $f'$ decays to 0 no faster than $1/|x|$ (then $|w f'|$
    does not follow the limit 0)."""
    for end, sign in ((0, -1.0), (1, 1.0)):
        if not np.any(np.sign(nets) == sign):
            continue
        slow = unit.tail_slopes[end] == 0 and (unit.tail_gains is None or unit.tail_gains[end] != 0)
        if unit.net_limit < np.inf or slow:
            raise ValueError(
                f"the net input w*y + c is {sign * np.inf} in float64 (beyond about 1.8e308), where "
                f"{unit.name}'s f' cannot be taken as its limit: "
                + (
                    f"its derivatives were checked only to +-{unit.net_limit!r} (its net_limit)"
                    if unit.net_limit < np.inf
                    else "it decays no faster than 1/|x|"
                )
            )


def _takes_limits(unit: Activation) -> bool:
    """Whether $f'$ at a net input beyond float64 may be taken as its limit (else
    {py:func}`_limit_at_infinity` refuses it)."""
    slow = any(
        unit.tail_slopes[end] == 0 and (unit.tail_gains is None or unit.tail_gains[end] != 0)
        for end in (0, 1)
    )
    return unit.net_limit == np.inf and not slow


def weight_cap(a: Array, c: Array, unit: Activation) -> Array:
    """The largest float weight size $r$ the peak search looks at for ``a`` ($= sy$) and ``c``: the
    largest float, or, for a unit whose $f'$ beyond float64 is not its limit, the largest $r$ whose net
    input $ra + c$ is finite (the search stops there rather than form an infinite net input)."""
    top = np.full(np.shape(a), _FLOAT_MAX)
    if _takes_limits(unit):
        return top

    def overflows(r: Array) -> Array:
        hi, _ = net_input(r, a, c)
        return np.where(np.isfinite(hi), -1.0, 1.0)

    first = _bisect(overflows, np.full(top.shape, _TINIEST), top)
    cap: Array = np.where(overflows(first) > 0, np.nextafter(first, 0.0), first)
    return cap


def slope_at(unit: Activation, hi: Array, lo: Array) -> Array:
    """$f'(\\mathit{hi} + \\mathit{lo})$ to first order in the tiny ``lo``; the limits of $f'$ at infinite ``hi``."""
    finite = np.isfinite(hi)
    if not np.all(finite):
        _limit_at_infinity(unit, hi[~finite])
    x = np.where(finite, hi, 0.0)
    with np.errstate(all="ignore"):
        slope = np.broadcast_to(unit.fprime(x), x.shape).astype(np.float64)
        if unit.fsecond is not None:
            slope = slope + np.broadcast_to(unit.fsecond(x), x.shape) * lo
    tails = np.where(hi > 0, unit.tail_slopes[1], unit.tail_slopes[0])
    return np.where(finite, slope, tails)


def general_gain(w: Array, y: Array, c: Array, unit: Activation) -> Array:
    """$|f'(wy + c)\\,w|$, the net input free of cancellation, for broadcast float arrays."""
    hi, lo = net_input(w, y, c)
    if unit.fsecond is None:
        # a kink at 0: the slope is that of the exact net's sign, which hi may lose where wy + c
        # underflows (a net of 0.5 * 5e-324 is positive though it rounds to 0)
        sign = net_sign(w, y, c)
        hi = np.where(np.sign(hi) == sign, hi, sign * _TINIEST)
    beyond = ~np.isfinite(hi)
    by_mpmath = unit.gain_mpmath is not None and bool(np.any(beyond))
    with np.errstate(over="ignore", under="ignore"):
        out: Array = np.abs(w) * np.abs(
            slope_at(unit, np.where(beyond, 0.0, hi) if by_mpmath else hi, lo)
        )
    if by_mpmath:
        out = np.array(out, dtype=np.float64)
        w_, y_, c_ = np.broadcast_arrays(w, y, c)
        out[beyond] = _gain_by_mpmath(unit, w_, y_, c_, beyond)
    return out


def _gain_by_mpmath(
    unit: Activation, w: Array, y: Array, c: Array, where: NDArray[np.bool_]
) -> Array:
    """$|w f'(wy + c)|$ by mpmath at the elements ``where`` (net inputs beyond float64) of a unit made
    from sympy, at most {py:data}`MAX_MPMATH_NETS` of them."""
    assert unit.gain_mpmath is not None
    count = int(np.count_nonzero(where))
    if count > MAX_MPMATH_NETS:
        raise ValueError(
            f"{count} net inputs w*y + c are beyond float64 (about 1.8e308): {unit.name}'s slope there is "
            f"taken by mpmath, at most {MAX_MPMATH_NETS} a call"
        )
    out = np.empty(count)
    for i, args in enumerate(zip(w[where], y[where], c[where], strict=True)):
        value = unit.gain_mpmath(*(float(a) for a in args))
        if value is None:
            raise ValueError(
                f"mpmath could not settle {unit.name}'s f' at the net input {args[0]!r} * "
                f"{args[1]!r} + {args[2]!r}"
            )
        out[i] = value
    return out


def _bisect(f: Callable[[Array], Array], lo: Array, hi: Array) -> Array:
    """The smallest float in ``[lo, hi]`` where the increasing ``f`` is >= 0 (``hi`` if none), elementwise."""
    low, high = lo.view(np.int64).copy(), hi.view(np.int64).copy()
    for _ in range(_BISECTIONS):
        mid = low + (high - low) // 2
        up = f(mid.view(np.float64)) >= 0
        low, high = np.where(up, low, mid), np.where(up, mid, high)
    return high.view(np.float64)


def _slope_of_log(
    unit: Activation, x: Array, t: Array, c: Array, half: Array | None = None
) -> Array:
    """$1 + t\\,\\psi(x)$, the log-gain's slope times $r$, at the net input $x = t + c$ ($t = ra$; $x$
    rounded).

    Formed directly, or (a unit with a ``gain_rate``) as $[1 + x\\psi(x)] - c\\,\\psi(x)$, whichever has
    the smaller rounding error: the second keeps its digits where $|x f'(x)|$ nears its limit for $c = 0$
    (both terms of the direct sum near 1), the first where $|c|$ is large and $x$ near it (the second's
    two terms of size $|c\\psi|$ cancel). Where $t$ exceeds the float range (a net input that $c$ brings
    back), ``half`` $= t/2$ stands for it: $t\\psi = 2\\,(t/2)\\,\\psi$.
    """
    rate = unit.slope_rate
    assert rate is not None  # the caller checked it
    with np.errstate(all="ignore"):
        psi = np.broadcast_to(rate(x), x.shape)
        tp = t * psi if half is None else np.where(np.isfinite(t), t * psi, 2.0 * (half * psi))
        tp = np.where(psi == 0, 0.0, tp)  # t may be infinite where the net is: psi = 0 adds nothing
        direct: Array = 1.0 + tp
        if unit.gain_rate is None:
            return direct
        g = np.broadcast_to(unit.gain_rate(x), x.shape)
        cp = np.where(psi == 0, 0.0, c * psi)
        via = g - cp
        # the rounding errors of the two sums, in units of 2^-52
        err_direct = 1.0 + np.abs(tp)
        err_via = np.abs(g) + np.abs(cp)
        use_via = ~np.isnan(via) & ((err_via < err_direct) | np.isnan(direct))
        out: Array = np.where(use_via, via, direct)
    return out


def _slope_beyond(unit: Activation, r: Array, a: Array, c: Array, hi: Array) -> Array:
    """$1 + t\\,\\psi(n)$ ($t = ra$) where the net input $n = t + c$ is beyond the floats, from $\\psi$ at the
    largest float $X$ of its sign and the form of the decay of $f'$ (``slope_decay``).

    Where $|f'|$ decays like $|x|^p$ ($k = 0$), $\\psi(n) = p/n$ to first order, so $\\psi(n) = \\psi(X)X/n$
    and $1 + t\\psi(n) = [1 + X\\psi(X)]\\,t/n + c/n$, with $t/n$ and $c/n$ from $c/t$ (no overflow).
    Where it decays exponentially ($k > 0$) $\\psi$ tends to $\\mp k$, and $\\psi(X)$ stands for
    $\\psi(n)$; faster than every exponential (no form known) $|\\psi|$ grows, and $\\psi(X)$ errs towards a
    smaller slope of either sign, never changing it.
    """
    rate = unit.slope_rate
    assert rate is not None  # the caller checked it
    x = np.clip(hi, -_FLOAT_MAX, _FLOAT_MAX)
    with np.errstate(all="ignore"):
        psi = np.broadcast_to(rate(x), x.shape)
        constant: Array = 1.0 + (r * psi) * a
        if unit.slope_decay is None:
            return constant
        k = np.where(hi > 0, unit.slope_decay[1][2], unit.slope_decay[0][2])
        g = 1.0 + x * psi if unit.gain_rate is None else np.broadcast_to(unit.gain_rate(x), x.shape)
        ratio = (c / r) / a  # c/t
        q = 1.0 / (1.0 + ratio)  # t/n
        power: Array = g * q + ratio * q
    out: Array = np.where(k > 0, constant, power)
    return out


def _gain_at_net(n: Array, c: Array, a: Array, unit: Activation) -> tuple[Array, Array]:
    """``(r, value)``: the weight size $r = |n - c|/|a|$ that puts the net input at ``n`` exactly, rounded
    once, and the gain there, $|n - c|\\,|f'(n)|/|a|$, formed from mantissas and powers of two (no
    intermediate over- or underflow)."""
    with np.errstate(all="ignore"):
        t = n - c
        big = ~np.isfinite(t)
        t = np.where(big, 0.5 * n - 0.5 * c, t)  # halving is exact where n - c overflows
        m_t, e_t = np.frexp(np.abs(t))
        m_a, e_a = np.frexp(np.abs(a))
        ratio, exponent = m_t / m_a, e_t + big.astype(np.int64) - e_a
        slope = np.abs(np.broadcast_to(unit.fprime(n), n.shape))
        r = np.ldexp(ratio, exponent)
        value = np.ldexp(ratio * slope, exponent)
    return r, value


def _peak_by_net(
    r: Array,
    a: Array,
    c: Array,
    unit: Activation,
    exists: NDArray[np.bool_],
    edge: NDArray[np.bool_] | None = None,
    n_edge: Array | None = None,
) -> tuple[Array, Array]:
    """The peak's weight size and value, found again among the net inputs where the net input is smaller
    than $|ra|$ (it cancels against $c$).

    There neighbouring floats $r$ move the net input by $|a|$ ulp$(r)$, far more than the scale on
    which $f'$ changes where $|c|$ is large: the float $r$ nearest the stationary point does not put the
    net input near it, and its gain may be 0 where the maximum is $|c|f'(0)/|a|$. The floats of the net
    input $n$ are as fine as they come near the peak; with $t = n - c$ the stationary point solves
    $1 + t\\,\\psi(n) = 0$, bisected over the floats $n$ between the net inputs of the neighbours of
    ``r``, and the value is $|t|\\,|f'(n)|/|a|$ at the better of the two floats $n$ that bracket it: the
    maximum over real weights, as the logistic's own search gives it; the weight is $|t|/|a|$ rounded.
    Where ``edge`` holds, ``r`` is the largest float and the stationary point lies before the net input
    ``n_edge`` of the real weight halfway to the next power of two, the bound of the weights that round
    to it: the net inputs are bisected up to there.
    """
    value = general_gain(r, a, c, unit)
    with np.errstate(over="ignore"):
        reach = r * np.abs(a)
    r_low = np.maximum(np.nextafter(r, 0.0), _TINIEST)
    r_high = np.nextafter(r, _FLOAT_MAX)
    n_low, _ = net_input(r_low, a, c)
    n_high, _ = net_input(r_high, a, c)
    n_mid, _ = net_input(r, a, c)
    if edge is not None and n_edge is not None:
        exists = exists | edge
        n_high = np.where(edge, n_edge, n_high)
    refine = exists & np.isfinite(n_low) & np.isfinite(n_high) & (np.abs(n_mid) < reach)
    if not np.any(refine):
        return r, value
    a_, c_ = a[refine], c[refine]
    sign = np.sign(a_)  # u = sign n grows with r
    start = np.maximum(float_key(sign * n_low[refine]) - 1, -KEY_MAX)
    stop = np.minimum(float_key(sign * n_high[refine]) + 1, KEY_MAX)

    def falling(u: Array) -> Array:
        n = sign * u
        with np.errstate(all="ignore"):
            slope_of_log = _slope_of_log(unit, n, n - c_, c_, 0.5 * n - 0.5 * c_)
            out: Array = np.nan_to_num(-slope_of_log, nan=0.0, neginf=-1.0, posinf=1.0)
        return out

    past = bisect_keys(falling, start, stop)
    before = np.maximum(past - 1, start)
    r_past, v_past = _gain_at_net(sign * key_float(past), c_, a_, unit)
    r_before, v_before = _gain_at_net(sign * key_float(before), c_, a_, unit)
    better = v_before > v_past
    r_new, v_new = np.where(better, r_before, r_past), np.where(better, v_before, v_past)
    keep = ~((v_new >= value[refine]) & np.isfinite(r_new) & (r_new > 0) & np.isfinite(v_new))
    r_out, v_out = np.array(r, dtype=np.float64), np.array(value, dtype=np.float64)
    r_out[refine] = np.where(keep, r[refine], r_new)
    v_out[refine] = np.where(keep, value[refine], v_new)
    return r_out, v_out


def _falling(r: Array, a: Array, c: Array, unit: Activation) -> Array:
    """Minus $(1 + ra\\,\\psi(ra + c))$, the sign of the log-gain's fall at $w = r$ against ``a`` ($= sy$):
    $< 0$ where the gain rises, $> 0$ where it falls (increasing in $r$ where $\\log f'$ is concave)."""
    hi, _ = net_input(r, a, c)
    with np.errstate(all="ignore"):
        x = np.clip(hi, -_FLOAT_MAX, _FLOAT_MAX)
        slope_of_log = _slope_of_log(unit, x, r * a, c, (0.5 * r) * a)
        beyond = ~np.isfinite(hi)
        if np.any(beyond):
            slope_of_log = np.where(beyond, _slope_beyond(unit, r, a, c, hi), slope_of_log)
        out: Array = np.nan_to_num(-slope_of_log, nan=0.0, neginf=-1.0, posinf=1.0)
    return out


def _half_line_peak(
    a: Array, c: Array, unit: Activation, cap: Array
) -> tuple[Array, NDArray[np.bool_]]:
    """The best $r > 0$ for $w = r$ against the activation ``a`` ($= sy$), and whether a peak exists
    at or below ``cap`` (where none does: the last $r$ looked at)."""
    assert unit.slope_rate is not None  # the caller checked it
    falling = functools.partial(_falling, a=a, c=c, unit=unit)
    with np.errstate(over="ignore"):
        top = np.minimum((1.0 + np.abs(c)) / np.abs(a), cap)
    for _ in range(_GROWTHS):
        # strictly past the peak: a rate that rounds 1 + r a psi to zero (a gain still rising towards
        # its limit, as for asinh) is no peak
        rising = (falling(top) <= 0) & (top < cap)
        if not np.any(rising):
            break
        with np.errstate(over="ignore"):
            top = np.where(rising, np.minimum(np.ldexp(top, _GROWTH), cap), top)
    exists: NDArray[np.bool_] = np.asarray(falling(top) > 0)
    peak = _bisect(falling, np.full(a.shape, _TINIEST), top)
    before = np.maximum(np.nextafter(peak, 0.0), _TINIEST)
    better = general_gain(before, a, c, unit) > general_gain(peak, a, c, unit)
    return np.where(exists, np.where(better, before, peak), top), exists


_NEAR_ZERO: Final = np.linspace(-16.0, 16.0, 513)
"""Net inputs at which the grid also looks, in steps of 1/16: where $|c|$ is large the humps of $|f'|$
near net input 0 are far narrower in $w$ than a step of the log-spaced grid."""


def _grids(r: Array, a: Array, c: Array, cap: Array) -> Array:
    """The weights the check looks at, sorted along the last axis for each element (``(m, 1)`` arrays): a
    log-spaced grid around ``r`` and the weights whose net inputs are {py:data}`_NEAR_ZERO`, where they
    lie on the half-line (elsewhere NaN, sorted last)."""
    with np.errstate(over="ignore", invalid="ignore"):
        logs = np.minimum(r * np.geomspace(1e-6, 1e6, _GRID), cap)
        near = (_NEAR_ZERO - c) / a
    near = np.where(np.isfinite(near) & (near > 0) & (near <= cap), near, np.nan)
    return np.sort(np.concatenate([logs, near], axis=-1), axis=-1)


def _grid_peak(
    r: Array, a: Array, c: Array, unit: Activation, value: Array, cap: Array
) -> tuple[Array, Array]:
    """The peak ``(r, value)`` checked against a grid of weights along the half-line (1-D arrays, in chunks
    of elements; one element at a time for a unit made from sympy, whose slopes beyond the range where
    its compiled form was checked come from mpmath, a limited number a call).

    The grid is log-spaced around ``r`` and also holds the weights that put the net input at
    {py:data}`_NEAR_ZERO`. Where it finds a larger gain than the stationary point found first, or more
    than one local maximum (two humps of $|f'|$, whose peaks may differ by less than the grid resolves),
    every local maximum of the grid is bisected again between its two neighbours, as a turn of the gain
    from rising to falling between adjacent floats, and the largest turn is the peak. It is refused where
    that peak does not reach the grid's best gain (more than one turn between two grid weights).
    """
    chunk = 1 if unit.expression is not None else _CHUNK
    r_out, v_out = np.array(r, dtype=np.float64), np.array(value, dtype=np.float64)
    for start in range(0, r.size, chunk):
        r_, a_, c_, v_, cap_ = (x[start : start + chunk, None] for x in (r, a, c, value, cap))
        grid = _grids(r_, a_, c_, cap_)
        on_line = ~np.isnan(grid)
        grid = np.where(on_line, grid, r_)  # off the half-line: never a maximum
        gains = np.where(on_line, general_gain(grid, a_, c_, unit), -np.inf)
        # beaten beyond rounding: a relative 1e-12, and the subnormal units of an f' that underflows
        with np.errstate(over="ignore"):  # v_ near the largest float: beaten only by inf
            excess = (gains - v_) - v_ * 1e-12
        beaten = np.any(excess > 8 * _TINIEST * np.maximum(grid, 1.0), axis=-1)
        summits = (gains[:, 1:-1] >= gains[:, :-2]) & (gains[:, 1:-1] > gains[:, 2:])
        flagged = np.flatnonzero(beaten | (np.count_nonzero(summits, axis=-1) > 1))
        # every local maximum of every flagged row bisected at once (one loop of 64 halvings)
        rows, ks = np.nonzero(summits[flagged])
        rows, ks = flagged[rows], ks + 1
        r_turn, v_turn = _summits(
            grid[rows, ks - 1], grid[rows, ks + 1], a_[rows, 0], c_[rows, 0], unit
        )
        for row in flagged:
            i = start + int(row)
            mine = rows == row
            if np.any(mine) and np.max(v_turn[mine]) > v_out[i]:
                j = int(np.argmax(np.where(mine, v_turn, -np.inf)))
                r_out[i], v_out[i] = r_turn[j], v_turn[j]
            if v_out[i] < np.max(gains[row]) * (1 - 1e-12):
                raise ValueError(
                    f"the gain of {unit.name} has more than one peak along a half-line of weights (at "
                    f"flat index {i}, |w| = {float(r[i]):.6g} is a stationary point, a grid finds a "
                    "larger gain, and no single turn of the gain from rising to falling between the "
                    "grid's weights reaches it): the peak search does not apply"
                )
    return r_out, v_out


def _summits(lo: Array, hi: Array, a: Array, c: Array, unit: Activation) -> tuple[Array, Array]:
    """The turn of the gain from rising to falling (adjacent floats) between ``lo`` and ``hi``, the
    neighbours of a local maximum of a grid, for 1-D arrays of such brackets: ``(r, value)``, the value
    ``-inf`` where none turns."""
    if lo.size == 0:
        return np.empty(0), np.empty(0)
    peak = _bisect(functools.partial(_falling, a=a, c=c, unit=unit), lo, hi)
    before = np.maximum(np.nextafter(peak, 0.0), lo)
    v_peak, v_before = general_gain(peak, a, c, unit), general_gain(before, a, c, unit)
    turns = (_falling(before, a, c, unit) < 0) & (_falling(peak, a, c, unit) >= 0)
    values: Array = np.where(turns, np.maximum(v_before, v_peak), -np.inf)
    found: Array = np.where(v_before > v_peak, before, peak)
    return found, values


_POWERS: Final = np.ldexp(1.0, np.arange(-1074, 1024))  # every power of two in the float range


def _sampled_best(a: Array, c: Array, unit: Activation, cap: Array) -> Array:
    """The largest gain at $w = 2^k$ (every $k$ of the floats) and near $w = -c/a$ (net input near 0),
    for each element: a lower bound on the half-line's supremum that does not rest on the peak search."""
    with np.errstate(over="ignore"):
        near = np.abs(c) / np.abs(a)
    flat = [np.ravel(x) for x in (a, c, near, cap)]
    best = np.empty(flat[0].size)
    for start in range(0, best.size, _CHUNK):
        a_, c_, n_, cap_ = (x[start : start + _CHUNK, None] for x in flat)
        with np.errstate(over="ignore"):
            r = np.concatenate(
                [np.broadcast_to(_POWERS, (a_.shape[0], _POWERS.size)), np.minimum(n_, _FLOAT_MAX)],
                axis=1,
            )
            r = np.minimum(np.where(np.sign(a_) == np.sign(c_), np.abs(r), r), cap_)
        best[start : start + _CHUNK] = general_gain(r, a_, c_, unit).max(axis=-1)
    return best.reshape(a.shape)


def _first(mask: NDArray[np.bool_]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


_BAND: Final = (
    2.0**-44
)  # a peak this close to the gain's limit at infinity is not told apart from it


def _widened(x: Array) -> Array:
    """``x`` raised by the relative {py:data}`_BAND`, formed so that it does not overflow (a value near the
    largest float stays at most ``inf`` without a warning: nothing finite exceeds it)."""
    with np.errstate(over="ignore"):
        out: Array = x + x * _BAND
    return out


def _undefined_rate(unit: Activation, net: float) -> None:
    """Refuse, naming the cause, where $f''/f'$ is not a number at the net input where the search ended
    (a user's $f'$ and $f''$ both underflow to 0): the gain's slope there is unknown, not rising."""
    assert unit.slope_rate is not None  # the caller checked it
    with np.errstate(all="ignore"):
        rate = unit.slope_rate(np.array([np.clip(net, -_FLOAT_MAX, _FLOAT_MAX)]))
    if np.isnan(rate).any():
        raise ValueError(
            f"f''/f' of {unit.name} is not a number at the net input {net!r} (0/0 where its f' and f'' "
            "underflow), so the search cannot tell whether the gain still rises there: give from_callables "
            "a slope_rate, f''/f' in a form that stays defined there"
        )


_HALF_ULP_TOP: Final = (
    2.0**970
)  # half an ulp of the largest float: larger real weights round to inf


def _rounds_to_top(
    r: Array, a: Array, c: Array, unit: Activation, exists: NDArray[np.bool_], cap: Array
) -> tuple[NDArray[np.bool_], Array]:
    """Where the gain still rises at the largest float $r$ but falls at the real weight $r + $ half an
    ulp, the last that rounds to $r$ (as at $y = 1$, $c$ the largest float, where $w^\\ast = -(c + m)$ and
    $m \\approx 2/c$ for the logistic): whether that is so, and the net input there (for the
    bisection over net inputs)."""
    edge = ~exists & (r == _FLOAT_MAX) & (cap == _FLOAT_MAX)
    n_edge = np.full(r.shape, np.nan)
    if not np.any(edge):
        return edge, n_edge
    hi, _ = net_input(r, a, c)
    with np.errstate(all="ignore"):
        n = hi + _HALF_ULP_TOP * a
        x = np.clip(n, -_FLOAT_MAX, _FLOAT_MAX)
        slope = _slope_of_log(unit, x, n - c, c, 0.5 * n - 0.5 * c)
    edge &= np.isfinite(n) & (slope < 0)
    return edge, np.where(edge, n, np.nan)


def _half_line(
    s: float, y: Array, c: Array, unit: Activation
) -> tuple[Array, Array, Array, Array, NDArray[np.bool_]]:
    """For weights of sign ``s``: the peak's weight and value (``-inf`` where none), the gain's limit as
    $|w| \\to \\infty$, the best gain sampled, and where the gain is proved to rise to its limit."""
    assert unit.tail_gains is not None  # the caller checked it
    a = s * y
    cap = weight_cap(a, c, unit)
    r, exists = _half_line_peak(a, c, unit, cap)
    with np.errstate(over="ignore"):
        limit = np.where(a > 0, unit.tail_gains[1], unit.tail_gains[0]) / np.abs(a)
    edge, n_edge = _rounds_to_top(r, a, c, unit, exists, cap)
    r, value = _peak_by_net(r, a, c, unit, exists, edge, n_edge)
    exists = exists | edge
    # no peak below the largest float: beyond it if the gain must come down again (to a limit
    # of 0, or below the gain at the largest float), else it rises towards its limit
    beyond = ~exists & ((limit == 0) | (value > _widened(limit)))
    # nor where c pulls the net input against w y and it has not yet crossed 0 at the largest float:
    # the gain's peak near a net of 0 (as asinh's, sqrt(1 + c^2)/|y|, above its limit) lies further out
    end, _ = net_input(r, a, c)
    beyond |= ~exists & (c != 0) & (np.sign(c) != np.sign(a)) & (np.sign(end) == np.sign(c))
    if np.any(~np.isfinite(limit)):
        k = _first(~np.isfinite(limit))
        raise ValueError(
            f"the supremum of the gain of {unit.name} at index {k} is its limit "
            f"{max(unit.tail_gains)!r}/|y| as |w| -> inf, beyond the float range for y = "
            f"{float(y[k])!r}"
        )
    if np.any(beyond):
        k = _first(beyond)
        _undefined_rate(unit, float(end[k]))
        raise ValueError(
            f"the maximiser of the gain of {unit.name} lies beyond the float range at index {k} "
            f"(y = {float(y[k])!r}, c = {float(c[k])!r}): the gain still rises at |w| = "
            f"{float(r[k]):.17g}, the largest weight searched (the largest float, or the largest whose "
            "net input w*y + c is finite where f' beyond float64 cannot be taken as its limit), on a "
            "half-line where it must fall again; |y| is too small, or |c| too large for it"
        )
    if not unit.reciprocal_slope_convex and np.any(exists):
        r, value = np.array(r, dtype=np.float64), np.array(value, dtype=np.float64)
        r[exists], value[exists] = _grid_peak(
            r[exists], a[exists], c[exists], unit, value[exists], cap[exists]
        )
    peak = np.where(exists, value, -np.inf)
    sampled = _sampled_best(a, c, unit, cap) if max(unit.tail_gains) > 0 else peak
    # c = 0: the gain is |x f'(x)|/|y| at x = r a; where that is proved to rise for |x| past the
    # net input at the search's end, a gain still rising there rises to its limit, never reaching it
    with np.errstate(over="ignore"):
        reach = r * np.abs(a)
    bound = np.where(a > 0, unit.rising_beyond[1], unit.rising_beyond[0])
    rises = (reach >= bound) & (c == 0) & ~exists
    return s * r, np.where(rises, -np.inf, peak), limit, sampled, rises


_NO_SECOND = "no second derivative given"  # the smoothness from_callables gives a unit without f''


def general_max_gain(y: Array, c: Array, unit: Activation) -> tuple[Array, Array]:
    """``(w_star, value)`` for broadcast arrays of nonzero ``y`` and any ``c``: the larger peak of the two
    half-lines (on a tie the one with $w^\\ast y > 0$ for $c = 0$, and $w^\\ast y$ of the sign opposite to
    $c$ otherwise).

    A peak counts as the maximum only if it exceeds the gain's limits as $w \\to \\pm\\infty$ (the
    activation's ``tail_gains`` over $|y|$); where a limit is larger, the supremum is that limit and no
    weight reaches it.

    :raises NoMaximum: where there is no maximum, naming the reason, with the supremum.
    :raises ValueError: for more than {py:data}`MAX_SEARCH_ELEMENTS` elements (where the gain has a
        maximum to search), where the maximiser lies beyond the float range, where the limits are not known
        (a user's callables), or where a peak and a limit agree to rounding.
    """
    if unit.slope_rate is None or unit.fsecond is None:
        tails = unit.tail_slopes
        given = unit.smoothness == _NO_SECOND  # a user's callables without f''
        if tails != (0.0, 0.0) and (not given or np.inf in (unit.tail_gains or ())):
            kind = "given without f''" if given else "linear" if unit.smooth else "piecewise linear"
            raise NoMaximum(
                f"the gain |f'(wy + c) w| of {unit.name} has no maximum: it is {kind} and f' "
                f"tends to {tails[0]!r} as net -> -inf and {tails[1]!r} as net -> +inf, so along a "
                "half-line of weights the gain grows without bound like |f'| |w|; its supremum is "
                "infinite and not reached"
            )
        raise ValueError(
            f"{unit.name} has no second derivative"
            + (
                " given (pass fsecond to from_callables, or make it with from_sympy)"
                if given
                else ""
            )
            + ": the search for the gain's maximum reads its slope from f'' and cannot run"
        )
    if unit.tail_gains is None:
        raise ValueError(
            f"whether the gain |f'(wy + c) w| of {unit.name} reaches its supremum turns on the limits of "
            "|x f'(x)| as x -> -inf and +inf, which callables do not tell (they are known only at finitely "
            "many floats): state them as tail_gains in from_callables, or make the activation with "
            "from_sympy, which takes the limits"
        )
    if np.inf in unit.tail_gains:
        raise NoMaximum(
            f"the gain |f'(wy + c) w| of {unit.name} has no maximum: |x f'(x)| grows without bound as "
            f"x -> -inf or +inf (limits {unit.tail_gains}), so along a half-line of weights so does the "
            "gain; its supremum is infinite and not reached"
        )
    if y.size > MAX_SEARCH_ELEMENTS:
        raise ValueError(
            f"max_gain searches the peak of {unit.name}'s gain for at most {MAX_SEARCH_ELEMENTS} pairs "
            f"(y, c) a call (about a second), and y and c broadcast to {y.size}: split them (the "
            "logistic, tanh and the cell's g and h, which have a closed form, take any number)"
        )
    try:
        found = [_half_line(s, y, c, unit) for s in (1.0, -1.0)]
    except BeyondNetLimit as beyond:
        raise ValueError(
            f"the search for the maximum of the gain of {unit.name} looks along every weight, out to net "
            f"inputs near +-1.8e308, and reached {beyond.net_input!r}, beyond +-{beyond.net_limit!r}, "
            + (
                f"for y = {float(y.flat[0])!r}, c = {float(c.flat[0])!r}, "
                if y.size == 1
                else f"for one of the {y.size} pairs (y, c), "
            )
            + "where its callables are trusted (its net_limit): state a net_limit in from_callables as far "
            "as they are right (the largest float, about 1.8e308, for the whole range), or make the "
            "activation with from_sympy"
        ) from beyond
    (w_plus, v_plus, l_plus, s_plus, p_plus), (w_minus, v_minus, l_minus, s_minus, p_minus) = found
    if unit.even_slope:
        # a tie up to rounding: for c = 0 the maximiser with w* y > 0; else the one with w* y of the
        # sign opposite to c, whose |net| is smaller (at a stationary point |f'| falls with |net|; for a
        # concave log f' that side is the larger for every c)
        opposite = (c > 0) == (y > 0)  # w* y < 0 when c > 0: w* < 0 for y > 0
        side = np.where(c == 0, y < 0, opposite)
        tie = (v_minus == v_plus) | (c == 0) | (unit.family in LOG_CONCAVE)
        minus = np.where(tie, side, v_minus > v_plus)
    else:
        minus = np.where(v_minus == v_plus, y < 0, v_minus > v_plus)
    w_star, value = np.where(minus, w_minus, w_plus), np.where(minus, v_minus, v_plus)
    limit = np.maximum(l_plus, l_minus)
    attained = (limit == 0) | (value > _widened(limit))
    # a gain that tends to a positive limit: sampled at every power of two, it must not beat the peak
    # found, and where c is not 0 a gain within rounding of its limit may still rise above it far out
    # (by a term like c f'(net)); for c = 0 it is |x f'(x)|/|y| itself, which the search follows
    sampled = np.maximum(s_plus, s_minus)
    missed = (sampled > _widened(np.maximum(limit, value))) & (limit > 0)
    unsure = ~attained & (np.maximum(value, sampled) >= limit * (1 - _BAND)) & (c != 0)
    unsure |= ~attained & (value >= limit * (1 - _BAND))
    unsure &= ~(p_plus & p_minus)
    if np.any(missed | unsure):
        k = _first(missed | unsure)
        raise ValueError(
            f"whether the gain of {unit.name} reaches its supremum is not decided in float64 at index {k} "
            f"(y = {float(y[k])!r}, c = {float(c[k])!r}): "
            + (
                f"the peak search missed a gain of {float(sampled[k])!r} along a half-line"
                if missed[k]
                else f"it comes within rounding of its limit {float(limit[k])!r} as |w| -> inf, and "
                "only exact analysis can tell whether it rises above it far out"
            )
        )
    if not np.all(attained):
        k = _first(~attained)
        raise NoMaximum(
            f"the gain |f'(wy + c) w| of {unit.name} has no maximum (at index {k}, y = {float(y[k])!r}, "
            f"c = {float(c[k])!r}): it approaches its supremum {float(limit[k])!r}, the limit of |x f'(x)| "
            "over |y| as |w| -> inf, and exceeds it nowhere",
            float(limit[k]),
        )
    return w_star, value
