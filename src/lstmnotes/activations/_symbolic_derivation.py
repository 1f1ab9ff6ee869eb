"""The symbolic steps of {py:func}`lstmnotes.activations.symbolic_activation.from_sympy`, and the process
they run in under a time limit.

sympy's searches (the real roots of $f''$ and of $1 + x f''/f'$, limits at infinity, simplification) have
no bound on their work: for $\\tanh(x - 40) + \\tanh(x + 40)$ ``solveset`` runs for many minutes; nor has
mpmath's check of the compiled forms, at up to 1920 digits on some 4200 points. So from_sympy runs them
with {py:func}`run_within`, in a fresh Python process (``python -c``: a script that calls ``from_sympy``
at its top level is not run again, as it would be by ``multiprocessing``), which is ended once the time
limit is up; the results come back pickled, and a ``ValueError`` raised there is raised here with its
message.
"""

from __future__ import annotations

import importlib
import pickle
import subprocess
import sys
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import sympy

__all__ = ["GAIN_RATE", "Derived", "derive", "run_within", "shown"]

GAIN_RATE = "1 + x f''/f'"
"""The key of $1 + x f''/f'$, the slope of $\\log|x f'|$ against $\\log|x|$, among the forms."""

_NOT_SMOOTH = (sympy.Piecewise, sympy.Abs, sympy.Max, sympy.Min, sympy.Heaviside, sympy.sign)
"""The functions that make an expression piecewise, which from_sympy refuses."""

_CHILD = (
    "import pickle, sys\n"
    "sys.path[:0] = pickle.load(sys.stdin.buffer)\n"
    "from lstmnotes.activations._symbolic_derivation import serve\n"
    "serve()\n"
)


@dataclass(frozen=True)
class Derived:
    """What sympy finds of $f$ in the real variable ``x``: the forms from_sympy compiles and the constants
    it reads off them.

    ``forms`` maps each function (``"f"``, ``"f'"``, ``"f''/f'"``, ``"f''"``, ``"1 + x f''/f'"``) to its
    forms, in the order tried; ``peak`` is $\\sup|f'|$, reached at ``where``; ``tails`` are the limits of
    $f'$ at $\\mp\\infty$; the rest as the fields of {py:class}`lstmnotes.activations.Activation` of the
    same names.
    """

    x: sympy.Symbol
    f: sympy.Expr
    first: sympy.Expr
    rate: sympy.Expr
    forms: dict[str, list[sympy.Expr]]
    peak: float
    where: float
    tails: tuple[float, float]
    even_slope: bool
    rising_beyond: tuple[float, float]
    tail_gains: tuple[float, float] | None
    slope_decay: tuple[tuple[float, float, float], tuple[float, float, float]] | None
    reciprocal_slope_convex: bool


def run_within(seconds: float, task: str, function: str, *args: object) -> Any:
    """``function(*args)`` (``function`` named as ``"module:name"``) in a fresh Python process, ended after
    ``seconds``; ``task`` says what it does, for the message.

    :raises ValueError: as ``function`` raises it, or where it has not finished within ``seconds`` (the
        message names ``timeout``).
    :raises RuntimeError: where the process fails otherwise (its error output is quoted).
    """
    request = pickle.dumps(list(sys.path)) + pickle.dumps((function, args))
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=request, capture_output=True, timeout=seconds, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ValueError(
            f"{task} did not finish within timeout = {seconds:.3g} s: allow more time, or make the "
            "activation with from_callables, stating its slope's supremum"
        ) from None
    if done.returncode != 0:
        raise RuntimeError(
            f"the sympy process failed:\n{done.stderr.decode(errors='replace')[-2000:]}"
        )
    outcome, value = pickle.loads(done.stdout)
    if outcome == "refused":
        raise ValueError(value)
    return value


def serve() -> None:
    """The process's side: read the function's name and arguments, write ``("done", result)``, or
    ``("refused", message)`` for a ValueError or any other exception of sympy's (the caller raises a
    ValueError with the message)."""
    function, args = pickle.load(sys.stdin.buffer)
    module, _, name = function.partition(":")
    try:
        answer: tuple[str, object] = ("done", getattr(importlib.import_module(module), name)(*args))
    except ValueError as refusal:
        answer = ("refused", str(refusal))
    except Exception as failure:  # noqa: BLE001 (sympy's or mpmath's own, e.g. NoConvergence: quoted)
        answer = ("refused", f"sympy failed on expr: {type(failure).__name__}: {failure}")
    sys.stdout.buffer.write(pickle.dumps(answer))


def derive(expr: sympy.Expr, x: sympy.Symbol) -> Derived:
    """$f'$, $f''$, the supremum of $|f'|$ and the forms and constants from_sympy needs, by sympy.

    The supremum of $|f'|$ is the largest of $|f'|$ at the real roots of $f''$ and of $|\\lim f'|$ at
    $\\pm\\infty$; it must be reached at a root.

    :raises ValueError: for a piecewise expression, critical points not found in closed form, or a
        supremum not reached.
    """
    real = sympy.Symbol(x.name, real=True)
    f = expr.subs(x, real)
    first = sympy.diff(f, real)
    second = sympy.diff(first, real)
    if f.has(*_NOT_SMOOTH):
        raise ValueError(
            f"expr {expr} is piecewise (or has |x|, max, min or a step): make it with from_callables, "
            "stating its slopes' supremum"
        )
    roots = sympy.solveset(second, real, sympy.S.Reals)
    if not (roots.is_empty or isinstance(roots, sympy.FiniteSet)):
        raise ValueError(
            f"the critical points of f' = {first} were not found in closed form: {roots}"
        )
    points = [(abs(first.subs(real, r)), r) for r in ([] if roots.is_empty else roots)]
    points = [(v, r) for v, r in points if v.is_finite]
    tails = [sympy.limit(first, real, s) for s in (-sympy.oo, sympy.oo)]
    if not points:
        raise ValueError(f"f' = {first} has no critical point: its supremum is not reached")
    exact_peak, where = max(points, key=lambda p: sympy.N(p[0], 30))
    if any(not t.is_finite or abs(sympy.N(t, 30)) > sympy.N(exact_peak, 30) for t in tails):
        raise ValueError(
            f"the supremum of |f'| is approached at infinity (limits {tails}), not reached"
        )
    peak = _float_peak(expr, exact_peak)  # after: a supremum not reached is the first thing to say
    slope, rate = sympy.simplify(first), sympy.simplify(second / first)
    exp_first, exp_rate = _exp_form(first, real), _exp_form(rate, real)
    forms = {  # each: its forms, tried in order by mpmath and compiled
        "f": [f],
        "f'": [slope, exp_first, first],
        "f''/f'": [rate, exp_rate],
        "f''": [sympy.simplify(second), exp_first * exp_rate, _exp_form(second, real)],
        GAIN_RATE: [sympy.simplify(1 + real * rate), _exp_form(1 + real * rate, real)],
    }
    return Derived(
        x=real,
        f=f,
        first=first,
        rate=rate,
        forms=forms,
        peak=peak,
        where=float(where),
        tails=(float(tails[0]), float(tails[1])),
        even_slope=sympy.simplify(first - first.subs(real, -real)) == 0,
        rising_beyond=_rising_beyond(rate, real),
        tail_gains=_tail_gains(first, real),
        slope_decay=_slope_decay(first, real),
        reciprocal_slope_convex=_reciprocal_slope_convex(first, real),
    )


_SMALLEST_NORMAL = sympy.Integer(2) ** -1022
_LARGEST_FLOAT = (2 - sympy.Integer(2) ** -52) * sympy.Integer(2) ** 1023


def shown(expr: sympy.Expr) -> str:
    """``expr`` printed for a message: as it is, or with its numbers to 6 digits where that is long (a
    factor such as 2**-1080 prints as an integer of 326 digits)."""
    text = str(expr)
    return text if len(text) <= 200 else f"{sympy.N(expr, 6)} (numbers to 6 digits)"


def _float_peak(expr: sympy.Expr, peak: sympy.Expr) -> float:
    """$\\sup|f'|$ (sympy's exact value ``peak``) as a float64, refusing ``expr`` where it is not a normal
    float: below $2^{-1022}$ the slopes of $f$ are subnormal or 0 in float64, with too few digits to
    state or check them (at $2^{-1080}$ the supremum itself rounds to 0); beyond the largest float they
    overflow."""
    size = sympy.N(peak, 30)
    if size < _SMALLEST_NORMAL:
        raise ValueError(
            f"expr {shown(expr)} has the largest slope sup|f'| = {sympy.N(peak, 5)}, below the smallest normal "
            "float64 (2^-1022, about 2.2e-308): its slopes underflow to subnormal numbers or 0 in float64, "
            "so it cannot be used as an activation" + ("; scale expr up" if size > 0 else "")
        )
    if size > _LARGEST_FLOAT:
        raise ValueError(
            f"expr {shown(expr)} has the largest slope sup|f'| = {sympy.N(peak, 5)}, beyond the largest float64 "
            "(about 1.8e308): its slopes overflow in float64, so it cannot be used as an activation; "
            "scale expr down"
        )
    return float(size)


def _is_float(value: sympy.Expr) -> bool:
    """Whether the positive number ``value`` is a normal float64: within $[2^{-1022}, \\approx 1.8 \\cdot 10^{308}]$."""
    size = sympy.N(value, 30)
    return bool(_SMALLEST_NORMAL <= size <= _LARGEST_FLOAT)


def _rising_beyond(rate: sympy.Expr, x: sympy.Symbol) -> tuple[float, float]:
    """$(X_-, X_+)$ past which $|x f'(x)|$ rises with $|x|$: $1 + x\\psi(x)$ ($\\psi = f''/f'$; where it is
    positive, $|x f'(x)|$ rises with $|x|$) has its real roots, found in closed form by sympy, inside
    $[-X, X]$ and is positive beyond on that side; ``inf`` on a side where that is not proved."""
    slope_of_log = sympy.together(1 + x * rate)
    try:
        roots = sympy.solveset(sympy.numer(slope_of_log), x, sympy.S.Reals)
        if not (roots.is_empty or isinstance(roots, sympy.FiniteSet)):
            return np.inf, np.inf
        outer = max([1.0, *(abs(float(r)) for r in ([] if roots.is_empty else roots))])
    except (NotImplementedError, ValueError, TypeError):
        return np.inf, np.inf
    bounds = []
    for side in (-1, 1):
        value = slope_of_log.subs(x, sympy.Integer(side) * sympy.Rational(2 * outer)).evalf(30)
        bounds.append(2 * outer if value.is_real and value > 0 else np.inf)
    return bounds[0], bounds[1]


def _exp_form(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """``expr`` with its hyperbolic and other functions written with exponentials, simplified: a form
    that often cancels less than differentiation leaves it."""
    return sympy.simplify(expr.rewrite(sympy.exp))


def _tail_gains(first: sympy.Expr, x: sympy.Symbol) -> tuple[float, float] | None:
    """The limits of $|x f'(x)|$ as $x \\to \\mp\\infty$, as sympy finds them; ``None`` if it finds either
    not to be a number or infinity (no limit, or none found), or a finite one beyond float64."""
    found = []
    for end in (-sympy.oo, sympy.oo):
        limit = sympy.limit(x * first, x, end)
        if limit in (sympy.oo, -sympy.oo):
            found.append(float("inf"))
        elif limit.is_real and limit.is_finite and sympy.N(abs(limit), 30) <= _LARGEST_FLOAT:
            found.append(abs(float(sympy.N(limit, 30))))
        else:  # no limit, none found, or one beyond float64
            return None
    return found[0], found[1]


def _slope_decay(
    first: sympy.Expr, x: sympy.Symbol
) -> tuple[tuple[float, float, float], tuple[float, float, float]] | None:
    """$(A, p, k)$ at each end with $|f'(x)| \\sim A|x|^p e^{-k|x|}$, as sympy's limits find them:
    $k = \\lim -\\log|f'|/|x|$, $p = \\lim \\log(|f'|e^{k|x|})/\\log|x|$, $A = \\lim |f'|e^{k|x|}/|x|^p$;
    ``None`` where a limit is not a finite number with $A > 0$, $k \\ge 0$ (an $f'$ that does not vanish,
    or decays faster than every exponential, as $e^{-x^2}$), a constant is not a normal float64 (nor 0),
    or sympy gives up."""
    u = sympy.Symbol("u", positive=True)
    found = []
    for side in (-1, 1):
        try:
            size = sympy.simplify(sympy.Abs(first.subs(x, side * u)))
            k = sympy.limit(-sympy.log(size) / u, u, sympy.oo)
            if not (k.is_real and k.is_finite and k >= 0):
                return None
            rest = sympy.simplify(size * sympy.exp(k * u))
            p = sympy.limit(sympy.log(rest) / sympy.log(u), u, sympy.oo)
            if not (p.is_real and p.is_finite):
                return None
            a = sympy.limit(rest / u**p, u, sympy.oo)
        except (NotImplementedError, ValueError, TypeError):  # sympy gives up on a limit
            return None
        if not (a.is_real and a.is_finite and a > 0) or (k == 0 and p >= 0):
            return None  # no decay: f' tends to a nonzero limit (or grows)
        if not all(_is_float(abs(c)) or c == 0 for c in (a, p, k)):
            return None  # a constant beyond float64, or subnormal (1e308 tanh(x): A = 4e308)
        found.append((float(sympy.N(a, 30)), float(sympy.N(p, 30)), float(sympy.N(k, 30))))
    return found[0], found[1]


def _reciprocal_slope_convex(first: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether $f'$ has no real zero and $(1/f')'' \\ge 0$ on the reals (so $1/|f'|$ is convex): the real
    roots of $(1/f')''$ must come out in closed form, and its sign is taken at a point of each interval
    between them (it is continuous where $f'$ has no zero). ``False`` where sympy cannot decide."""
    try:
        if not sympy.solveset(first, x, sympy.S.Reals).is_empty:
            return False
        curvature = sympy.diff(1 / first, x, 2)
        roots = sympy.solveset(sympy.numer(sympy.together(curvature)), x, sympy.S.Reals)
        if not (roots.is_empty or isinstance(roots, sympy.FiniteSet)):
            return False
        points = sorted(float(r) for r in ([] if roots.is_empty else roots))
    except (NotImplementedError, ValueError, TypeError):
        return False
    if not points:
        samples = [0.0]
    else:
        inner = [(a + b) / 2 for a, b in pairwise(points)]
        samples = [points[0] - 1.0, *inner, points[-1] + 1.0]
    for t in samples:
        value = curvature.subs(x, sympy.Rational(t)).evalf(30)
        if not (value.is_real and value >= 0):
            return False
    return True
