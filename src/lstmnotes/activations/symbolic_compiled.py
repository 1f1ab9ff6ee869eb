"""A sympy expression compiled for NumPy, in the form that is accurate furthest out, how far that is, and
mpmath beyond.

sympy's derivatives come out as differentiation leaves them: $\\frac{d}{dx}\\tanh x = 1 - \\tanh^2 x$ loses
every digit to cancellation once $\\tanh^2 x$ rounds to 1, and $\\frac{d}{dx}\\,x/\\sqrt{1 + x^2}$, a
difference of two nearly equal terms, loses digits at moderate $x$; a form with $x^2$ inside is 0 or NaN
once $x^2$ overflows. {py:func}`compile_accurate` compiles each of a few equivalent forms and compares it,
on a grid of net inputs over the whole float64 range ({py:data}`POINTS_PER_BINADE` points in every binade,
subnormals included), with mpmath's value ({py:func}`oracle`). The form kept is the one that agrees over the
widest range $|x| \\le M$: a check, not a proof, of what lies between the grid's points. Beyond $M$ the
function is evaluated by mpmath itself, point by point ({py:func}`beyond_with_mpmath`): slower, but right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import mpmath
import numpy as np
import sympy
from numpy.typing import NDArray

__all__ = [
    "ABSOLUTE_TOLERANCE",
    "GRID",
    "MAX_MPMATH_POINTS",
    "POINTS_PER_BINADE",
    "RELATIVE_TOLERANCE",
    "agrees",
    "beyond_with_mpmath",
    "checked_range",
    "compile_accurate",
    "grid_truths",
    "numeric",
    "oracle",
    "settle",
]

Array = NDArray[np.float64]

POINTS_PER_BINADE: Final = 2
"""Grid points in each binade $[2^k, 2^{k+1})$ of $|x|$, for every $k$ of float64 (subnormals included)."""
RELATIVE_TOLERANCE: Final = 8 * 2.0**-52
"""The relative error a compiled value may have against mpmath: 8 units in the last place."""
ABSOLUTE_TOLERANCE: Final = 4 * 2.0**-1074
"""The error a compiled value may have where the value is subnormal: 4 units of the smallest float."""
_ORACLE_DIGITS: Final = (30, 60, 240, 960, 1920)
_ORACLE_AGREEMENT: Final = 1e-25
MAX_MPMATH_POINTS: Final = 4096
"""The most elements of one call that may lie beyond the checked range (each costs mpmath about 0.1 ms)."""


def _magnitudes() -> Array:
    steps = np.arange(POINTS_PER_BINADE) / POINTS_PER_BINADE
    mantissas = np.exp2(steps)
    exponents = np.arange(-1074, 1024)
    values = np.ldexp(mantissas[None, :], exponents[:, None]).ravel()
    return np.unique(values[np.isfinite(values)])


GRID: Final = _magnitudes()
"""The positive magnitudes checked, ascending; each is checked at $\\pm$ itself."""


def _evaluate(function: Callable[..., object], point: object, digits: int) -> mpmath.mpf | None:
    with mpmath.workdps(digits):
        try:
            value = function(mpmath.mpf(point))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        return value if isinstance(value, mpmath.mpf) else None


def _settled(previous: mpmath.mpf, value: mpmath.mpf, last: bool) -> bool:
    """Whether two successive evaluations (already scaled) have settled on the same float64."""
    small, large = mpmath.mpf(2) ** -1100, mpmath.mpf(2) ** 1100
    if value == 0 and previous == 0:
        return last  # an exact zero may be a total cancellation: ask the highest precision
    if value == 0 or previous == 0 or (value > 0) != (previous > 0):
        return False
    if abs(value) < small and abs(previous) < small:
        return True  # far below the subnormals either way: rounds to a signed zero
    if abs(value) > large and abs(previous) > large:
        return True  # far beyond float64 either way: rounds to infinity
    return bool(abs(value / previous - 1) <= _ORACLE_AGREEMENT)


def settle(
    functions: Sequence[Callable[..., object]], point: object, scale: object = 1
) -> mpmath.mpf | None:
    """``scale`` times the function at ``point`` (a float or an mpmath number), by mpmath: from the first of
    its equivalent forms (``functions``, made by ``sympy.lambdify(..., "mpmath")``) whose value settles,
    two successive working precisions agreeing to 25 digits (or both far beyond float64 either way).
    Every form is tried at the lower precisions before any at the higher. ``None`` where none settles."""
    for levels in (_ORACLE_DIGITS[:2], _ORACLE_DIGITS[1:]):
        for function in functions:
            previous = _evaluate(function, point, levels[0])
            for digits in levels[1:]:
                value = _evaluate(function, point, digits)
                if previous is None or value is None:
                    break
                with mpmath.workdps(digits):
                    scaled, before = value * scale, previous * scale
                    if _settled(before, scaled, digits == _ORACLE_DIGITS[-1]):
                        return scaled
                previous = value
    return None


def oracle(forms: Sequence[sympy.Expr], x: sympy.Symbol, points: Array) -> Array:
    """The function of ``forms`` (equivalent sympy expressions) at each point by {py:func}`settle`, rounded
    to float64 (``inf`` beyond its range); NaN where no form settles (each cancels more digits than the
    highest precision holds), mpmath fails, or the value is not real."""
    return _settle_each([sympy.lambdify(x, form, "mpmath") for form in forms], points)


def _settle_each(functions: Sequence[Callable[..., object]], points: Array) -> Array:
    """{py:func}`oracle` with its forms already made into mpmath functions."""
    out = np.full(points.shape, np.nan)
    for i, point in enumerate(points.tolist()):
        value = settle(functions, point)
        if value is not None:
            out[i] = float(value)  # mpmath rounds to nearest
    return out


def _vectorised(function: Callable[..., object]) -> Callable[[Array], Array]:
    def compiled(values: Array) -> Array:
        # a form overflows or underflows inside (x**2) where its value is still right: the check says
        # how far it is, so those warnings are expected
        with np.errstate(all="ignore"):
            try:
                out = function(values)
            except (
                TypeError
            ):  # a function sympy's NumPy printer leaves to the math module (erf, ...)
                out = np.frompyfunc(function, 1, 1)(values)
            except OverflowError:  # an integer coefficient beyond float64 (2**1030): no value here
                out = np.full_like(values, np.nan)
            return np.asarray(out, dtype=np.float64) + np.zeros_like(values)

    return compiled


def numeric(expr: sympy.Expr, x: sympy.Symbol) -> Callable[[Array], Array]:
    """``expr`` compiled for NumPy, as a function of a float64 array of ``x``."""
    return _vectorised(sympy.lambdify(x, expr, "numpy"))


def agrees(values: Array, truths: Array, scale: Array | None = None) -> NDArray[np.bool_]:
    """Whether each compiled value is within {py:data}`RELATIVE_TOLERANCE` of mpmath's (or within
    {py:data}`ABSOLUTE_TOLERANCE` where that is subnormal); beyond float64 both must be the same infinity.

    With ``scale`` (magnitudes, as ``truths``) the error is measured against the larger of ``|truths|``
    and ``scale``: for a sum such as $1 + x f''/f'$, against the sum of its terms' magnitudes, since near a
    zero of the sum its relative error is unbounded."""
    with np.errstate(all="ignore"):
        error = np.abs(values - truths)
        size = np.abs(truths) if scale is None else np.maximum(np.abs(truths), scale)
        close = (error <= RELATIVE_TOLERANCE * size) | (error <= ABSOLUTE_TOLERANCE)
    out: NDArray[np.bool_] = np.where(
        np.isinf(truths), values == truths, close & np.isfinite(values)
    )
    return out


def checked_range(
    truths: Array, compiled: Callable[[Array], Array], scale: Array | None = None
) -> float:
    """The largest $M$ on the grid such that ``compiled`` agrees with ``truths`` (mpmath's values at
    ``-GRID`` then ``GRID``) at every grid point $|x| \\le M$ (as {py:func}`agrees` says, with ``scale``);
    ``inf`` where it agrees at all of them, 0 where it fails at the smallest."""
    with np.errstate(all="ignore"):
        values = compiled(np.concatenate([-GRID, GRID]))
    good = agrees(values, truths, scale)
    good = good[: GRID.size] & good[GRID.size :]  # both signs of each magnitude
    if good.all():
        return float("inf")
    first_bad = int(np.argmin(good))
    return 0.0 if first_bad == 0 else float(GRID[first_bad - 1])


def grid_truths(truth: Sequence[sympy.Expr], x: sympy.Symbol) -> Array:
    """mpmath's values ({py:func}`oracle`) of the function of ``truth`` at ``-GRID`` then ``GRID``."""
    reflected = truth[0].subs(x, -x)
    if reflected in (truth[0], -truth[0]):  # even or odd, plainly: mpmath's values mirror exactly
        half = oracle(truth, x, GRID)
        return np.concatenate([(1.0 if reflected == truth[0] else -1.0) * half, half])
    return oracle(truth, x, np.concatenate([-GRID, GRID]))


def compile_accurate(
    truth: Sequence[sympy.Expr],
    x: sympy.Symbol,
    candidates: Sequence[Callable[[Array], Array]],
    *,
    truths: Array | None = None,
    scale: Array | None = None,
) -> tuple[Callable[[Array], Array], float]:
    """Of ``candidates`` for a function, the one accurate over the widest range, and the range.

    :param truth: the function as equivalent sympy expressions in ``x``, evaluated by {py:func}`oracle`.
    :param x: the variable.
    :param candidates: NumPy functions of ``x`` equal to ``truth`` as functions (different forms of it);
        on a tie the first is kept.
    :param truths: ``grid_truths(truth, x)``, where already known.
    :param scale: magnitudes at ``-GRID`` then ``GRID`` to measure the error against where they exceed
        the value's (see {py:func}`agrees`).
    :return: ``(compiled, M)``: the function kept and its checked range.
    """
    if truths is None:
        truths = grid_truths(truth, x)
    ranges = [checked_range(truths, c, scale) for c in candidates]
    best = int(np.argmax(ranges))
    return candidates[best], ranges[best]


def beyond_with_mpmath(
    compiled: Callable[[Array], Array],
    forms: Sequence[sympy.Expr],
    x: sympy.Symbol,
    limit: float,
    name: str,
) -> Callable[[Array], Array]:
    """``compiled`` where $|x| \\le$ ``limit``, and the function of ``forms`` by mpmath (as
    {py:func}`oracle`) beyond it.

    The function returned raises ValueError where mpmath cannot settle a value, and for a call with more
    than {py:data}`MAX_MPMATH_POINTS` elements beyond ``limit`` (about half a second of mpmath).
    """
    if limit == np.inf:
        return compiled
    functions = [sympy.lambdify(x, form, "mpmath") for form in forms]  # once, not at every call

    def evaluate(values: Array) -> Array:
        beyond = np.abs(values) > limit
        count = int(np.count_nonzero(beyond))
        if not count:
            return compiled(values)
        if count > MAX_MPMATH_POINTS:
            raise ValueError(
                f"{count} net inputs are beyond +-{limit!r}, where {name}'s compiled {forms[0]} was checked: "
                f"at most {MAX_MPMATH_POINTS} a call are evaluated by mpmath"
            )
        out = np.array(compiled(np.where(beyond, 0.0, values)), dtype=np.float64)
        slow = _settle_each(functions, values[beyond])
        if np.any(np.isnan(slow)):
            where = float(values[beyond][np.isnan(slow)][0])
            raise ValueError(
                f"mpmath could not settle {name}'s {forms[0]} at the net input {where!r}"
            )
        out[beyond] = slow
        return out

    return evaluate
