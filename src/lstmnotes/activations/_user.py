"""A user's own activation from callables for $f$ and $f'$, with the supremum of $|f'|$ stated and checked."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

import numpy as np

from lstmnotes._validate import finite_scalar, flag, real_array
from lstmnotes.activations._activation import Activation, Array, _full, limited

__all__ = ["from_callables"]

_FLOAT_MAX: Final = float(np.finfo(np.float64).max)
_DENSE: Final = 300.0
_TINY: Final = float(np.finfo(np.float64).tiny)


def _check_grid(limit: float) -> Array:
    """4003 points over $[-\\min(L, 300), \\min(L, 300)]$, dense near 0, and 2000 more out to $\\pm L$
    where the net limit $L$ is larger."""
    inner = np.geomspace(min(1e-3, limit), min(limit, _DENSE), 2001)
    outer: Array = np.empty(0)
    if limit > _DENSE:
        with np.errstate(over="ignore"):  # exp(log(limit)) may round past the largest float
            outer = np.minimum(np.exp(np.linspace(np.log(_DENSE), np.log(limit), 1001)[1:]), limit)
    half = np.concatenate([inner, outer])
    return np.concatenate([-half[::-1], [0.0], half])


def _tail_gains(tail_gains: tuple[float, float] | None) -> tuple[float, float] | None:
    if tail_gains is None:
        return None
    if not isinstance(tail_gains, tuple) or len(tail_gains) != 2:
        raise TypeError(f"tail_gains must be a tuple of two numbers, got {tail_gains!r}")
    limits = [real_array(v, "tail_gains") for v in tail_gains]
    if any(v.ndim or np.isnan(v) or v < 0 for v in limits):
        raise ValueError(f"tail_gains must be two numbers >= 0 (inf allowed), got {tail_gains!r}")
    return float(limits[0]), float(limits[1])


def _callables(
    **functions: Callable[[Array], Array] | None,
) -> tuple[tuple[str, Callable[[Array], Array] | None], ...]:
    """The functions given, by name, refusing one that is not callable or a slope_rate without fsecond."""
    for label, function in functions.items():
        if function is None and label in ("f", "fprime"):
            raise TypeError(f"{label} must be callable, got None")
        if function is not None and not callable(function):
            raise TypeError(f"{label} must be callable, got {type(function).__name__}")
    if functions["slope_rate"] is not None and functions["fsecond"] is None:
        raise TypeError("slope_rate is f''/f'; it needs fsecond, f'', too")
    return tuple(functions.items())


def _real_values(function: Callable[[Array], Array], grid: Array, label: str) -> Array:
    """``function(grid)`` as by ``_full``, refusing values that are not real numbers (strings, complex
    values, booleans, objects) with a TypeError naming ``label``."""
    with np.errstate(all="ignore"):
        raw = function(grid.copy())  # a copy: a callable that writes into its input spoils no check
    values = real_array(raw, f"the values of {label}")
    if values.shape not in ((), grid.shape):
        raise ValueError(
            f"{label} must return one value per input (shape {grid.shape}) or one for all, got shape "
            f"{values.shape}"
        )
    return np.array(np.broadcast_to(values, grid.shape), dtype=np.float64)


def _rate(
    fprime: Callable[[Array], Array],
    fsecond: Callable[[Array], Array],
    slope_rate: Callable[[Array], Array] | None,
    grid: Array,
) -> Callable[[Array], Array]:
    """``slope_rate`` checked against ``fsecond / fprime`` on ``grid`` where both are normal floats, or that
    quotient where none is given."""
    if slope_rate is None:
        return lambda x: fsecond(x) / fprime(x)
    with np.errstate(all="ignore"):  # all three were found finite on the grid
        first, second, given = _full(fprime, grid), _full(fsecond, grid), _full(slope_rate, grid)
        quotient = second / first
    normal = (np.abs(first) >= _TINY) & ((np.abs(second) >= _TINY) | (second == 0))
    wrong = normal & ~np.isclose(given, quotient, rtol=1e-9, atol=1e-12)
    if np.any(wrong):
        x = grid[wrong][0]
        raise ValueError(
            f"slope_rate is not fsecond/fprime: at x = {x!r} it is {given[wrong][0]!r}, the quotient "
            f"{quotient[wrong][0]!r}"
        )
    return slope_rate


def from_callables(
    name: str,
    f: Callable[[Array], Array],
    fprime: Callable[[Array], Array],
    *,
    slope_max: float,
    slope_argmax: float,
    fsecond: Callable[[Array], Array] | None = None,
    even_slope: bool = False,
    tail_gains: tuple[float, float] | None = None,
    net_limit: float = _DENSE,
    slope_rate: Callable[[Array], Array] | None = None,
) -> Activation:
    """A user's activation from callables for $f$ and $f'$, with the supremum of $|f'|$ stated.

    The statement is checked: $|f'|$ at ``slope_argmax`` must equal ``slope_max`` to $10^{-12}$ relative,
    and no value of $|f'|$ on a grid of 4003 points over $[-300, 300]$ (dense near 0, and 2000 more out to
    $\\pm$``net_limit`` where that is larger) may exceed it by more; $f$, $f'$ (and $f''$) must return
    finite values there. Net inputs beyond $\\pm$``net_limit`` are refused: callables cannot tell how
    accurate they are there, nor what $f'$ tends to at infinity. A grid cannot prove a supremum: for a
    proof, and for accuracy checked against mpmath over the whole float range, build the activation from a
    sympy expression ({py:func}`lstmnotes.activations.symbolic_activation.from_sympy`). With ``fsecond``
    the activation counts as smooth.

    :param name: a name for messages and tables.
    :param f: $f$ on float64 arrays.
    :param fprime: $f'$ on float64 arrays.
    :param slope_max: $\\sup|f'|$, positive and finite.
    :param slope_argmax: a point where it is reached.
    :param fsecond: $f''$ on float64 arrays, if $f$ is twice differentiable.
    :param even_slope: whether $f'$ is even (checked on the grid).
    :param tail_gains: $(\\lim_{x\\to-\\infty} |x f'(x)|, \\lim_{x\\to+\\infty} |x f'(x)|)$, each
        nonnegative, ``inf`` where $f'$ decays no faster than $1/|x|$: $(0, 0)$ for a slope that decays
        exponentially, $(1, 1)$ for $\\operatorname{asinh}$. Callables cannot tell a limit at infinity (a
        grid sees only finitely many floats), so it is stated, not checked; without it
        {py:func}`lstmnotes.local_gain.max_gain` and {py:func}`lstmnotes.local_gain.gain_supremum` refuse
        the activation, since whether the gain reaches its supremum turns on these limits.
    :param net_limit: the largest $|x|$ at which the callables are to be trusted (the activation's
        ``tail_slopes`` are $f'$ at $\\pm$``net_limit``, or 0 where ``tail_gains`` states a finite limit), positive, at most the
        largest float (about 1.8e308); default 300. Every function that would evaluate them beyond it
        refuses with a ValueError ({py:class}`lstmnotes.activations.BeyondNetLimit`).
        {py:func}`lstmnotes.local_gain.max_gain` and {py:func}`lstmnotes.local_gain.gain_supremum` look
        along every weight, out to net inputs near the largest float, and so need it that large.
    :param slope_rate: $f''/f'$ on float64 arrays (with ``fsecond``), in a form that stays defined where
        $f'$ and $f''$ both underflow to 0 (far out on a slope that decays exponentially, where their
        quotient is 0/0); the maximum's search reads the gain's slope from it. Checked on the grid against
        ``fsecond / fprime`` where both are normal floats (to $10^{-9}$ relative, or $10^{-12}$
        absolute); by default that quotient.
    :return: the activation.
    :raises TypeError: for a name that is not a string, functions that are not callable (or a
        ``slope_rate`` without ``fsecond``), an
        ``even_slope`` that is not a bool, or numbers that are not real; for a callable whose values
        are not real numbers (strings, complex values, booleans), naming it.
    :raises ValueError: where the statement fails on the grid, naming the point.

    ```pycon
    >>> soft = from_callables("softsign", lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2,
    ...                       slope_max=1.0, slope_argmax=0.0, even_slope=True)
    >>> soft.threshold
    1.0

    ```
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    functions = _callables(f=f, fprime=fprime, fsecond=fsecond, slope_rate=slope_rate)
    even = flag(even_slope, "even_slope")
    peak, where = finite_scalar(slope_max, "slope_max"), finite_scalar(slope_argmax, "slope_argmax")
    if peak <= 0:
        raise ValueError(f"slope_max must be positive, got {peak!r}")
    limit = finite_scalar(net_limit, "net_limit")
    if limit <= 0:
        raise ValueError(f"net_limit must be positive, got {limit!r}")
    if abs(where) > limit:
        raise ValueError(f"slope_argmax = {where!r} is beyond net_limit = {limit!r}")
    grid = np.append(_check_grid(limit), where)
    for label, function in functions:
        if function is not None:
            values = _real_values(function, grid, label)
            if not np.all(np.isfinite(values)):
                where = float(grid[~np.isfinite(values)][0])
                raise ValueError(
                    f"{label} is not finite at x = {where!r} (NaN, or beyond float64: about 1.8e308)"
                )
    with np.errstate(all="ignore"):  # the values were found finite above
        signed = _full(fprime, grid.copy())
        mirrored = _full(fprime, -grid)
        tails = _full(fprime, np.array([grid[0], grid[-2]]))  # at -net_limit and net_limit
    slopes = np.abs(signed)
    if abs(slopes[-1] - peak) > 1e-12 * peak:
        raise ValueError(f"|f'(slope_argmax)| = {slopes[-1]!r} is not slope_max = {peak!r}")
    if np.any(slopes > peak * (1 + 1e-12)):
        raise ValueError(
            f"|f'| exceeds slope_max = {peak!r}: it is {float(slopes.max())!r} at x = {float(grid[np.argmax(slopes)])!r}"
        )
    tail_limits = _tail_gains(tail_gains)
    rate = None if fsecond is None else _rate(fprime, fsecond, slope_rate, grid)
    if even and not np.allclose(signed, mirrored, rtol=1e-12, atol=0):
        raise ValueError("even_slope is stated, but f'(-x) differs from f'(x) on the check grid")
    smooth = fsecond is not None
    return Activation(
        name=name,
        f=limited(f, limit, name),
        fprime=limited(fprime, limit, name),
        fsecond=None if fsecond is None else limited(fsecond, limit, name),
        slope_max=peak,
        slope_argmax=where,
        smooth=smooth,
        smoothness="twice differentiable (stated)" if smooth else "no second derivative given",
        even_slope=even,
        # a finite limit of |x f'(x)| means f' tends to 0; otherwise f' at the ends of the trusted range
        tail_slopes=(_tail_slope(tails[0], tail_limits, 0), _tail_slope(tails[1], tail_limits, 1)),
        tail_gains=tail_limits,
        slope_rate=None if rate is None else limited(rate, limit, name),
        net_limit=limit,
    )


def _tail_slope(at_limit: float, tail_gains: tuple[float, float] | None, end: int) -> float:
    """$f'$'s limit at one end: 0 where ``tail_gains`` states a finite limit of $|x f'(x)|$ there (so
    $f' \\to 0$), else $f'$ at the end of the trusted range, the best the callables can tell."""
    return 0.0 if tail_gains is not None and math.isfinite(tail_gains[end]) else float(at_limit)
