"""The paper's weak upper bound on the error flow, for any norm pair, and its $\\tau$ corollary.

For $q > 1$ the paper bounds the scaling factor of {py:mod}`lstmnotes.flow` by

$$
\\left|\\frac{\\partial\\vartheta_v(t-q)}{\\partial\\vartheta_u(t)}\\right|
\\le n\\, (f'_{max})^q\\, \\|W_v\\|_x\\, \\|W_{u^{\\mathsf T}}\\|_x\\, \\|W\\|_A^{q-2}
\\le n\\, (f'_{max} \\|W\\|_A)^q,
$$

for a matrix norm $\\|\\cdot\\|_A$ compatible with a vector norm $\\|\\cdot\\|_x$ (a
{py:class}`lstmnotes.bounds.NormPair`), with $f'_{max} = \\max_{m} \\|F'(t-m)\\|_A$
{cite:p}`hochreiter1997lstm`. {py:func}`weak_bound` gives the final bound, {py:func}`weak_bound_middle`
the middle of the chain, {py:func}`weak_bound_chain` the three sides at once. With every
$|w_{ij}| \\le w_{max}$ and logistic units the bound becomes the corollary $n\\,\\tau^q$ of
{py:func}`tau_bound`.

The module is long because the chain's verdicts carry the stated error bounds of its three sides, so that
a verdict fails only where the exact inequality does, next to the bounds whose accuracy they restate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, NoReturn

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, finite_scalar, unit_index
from lstmnotes.activations import LOGISTIC, Activation, as_activation
from lstmnotes.bounds import _power
from lstmnotes.bounds._norms import MAX_UNITS, NORM_PAIRS, NormPair, Split, norm_pair
from lstmnotes.bounds._steps import (
    MAX_CHAIN_LAG,
    MAX_SLOPES,
    _check_step_work,
    _largest_split,
    _matrix_norm,
    _slopes,
    _step_norms,
    _vector_norm,
)
from lstmnotes.flow import (
    MAX_MATRIX_ENTRIES,
    MAX_MATRIX_LAGS,
    scaling_factor,
    scaling_factor_column,
)

__all__ = [
    "MAX_CHAIN_WORK",
    "MAX_SPLIT_LAGS",
    "MAX_TAU_LAG",
    "MAX_TAU_UNITS",
    "WeakBoundChain",
    "fprime_max",
    "tau",
    "tau_bound",
    "weak_bound",
    "weak_bound_by_lag",
    "weak_bound_chain",
    "weak_bound_middle",
]

Array = NDArray[np.float64]

MAX_CHAIN_WORK: Final = 1_000_000_000
"""The most work $q n^3$ of {py:func}`weak_bound_chain`."""


def fprime_max(fprime: ArrayLike, norm: str | NormPair = "max-row-sum") -> float:
    """The paper's $f'_{max} = \\max_{m=1..q} \\|F'(t-m)\\|_A$, with $F'(t-m)$ the diagonal of row $m-1$.

    For the induced norms this is the largest $|f'|$ (exact); for the Frobenius norm it is the largest
    Euclidean length of a row, computed on the row scaled by a power of two so that no square under- or
    overflows: relative error below $n\\,2^{-52}$, and where $f'_{max}$ is below $2^{-1022}$ it is rounded
    once to the nearest subnormal (half a subnormal ulp more). The weak bounds take $f'_{max}$ unrounded,
    as a mantissa and a power of two, wherever it or a product with it leaves the normal range.

    :param fprime: the slopes, shape ``(q, n)`` as in {py:func}`lstmnotes.flow.scaling_factor`, at most
        {py:data}`~lstmnotes.bounds.MAX_SLOPES` of them and $n \\le$ {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param norm: the norm pair.
    :return: $f'_{max}$.
    :raises TypeError: for slopes that are not real numbers, or a ``norm`` that is neither a name nor a pair.
    :raises ValueError: for an ``fprime`` that is not 2-D, empty, not finite or too large, an unknown norm,
        or an $f'_{max}$ beyond the float range.

    ```pycon
    >>> fprime_max([[0.25, 0.1], [0.2, 0.2]])
    0.25

    ```
    """
    pair = norm_pair(norm)
    slopes = finite_array(fprime, "fprime", ndim=2)
    if slopes.shape[0] < 1 or slopes.shape[1] < 1:
        raise ValueError(f"fprime must be non-empty, got shape {slopes.shape}")
    if slopes.shape[1] > MAX_UNITS or slopes.size > MAX_SLOPES:
        raise ValueError(
            f"fprime may have at most MAX_UNITS = {MAX_UNITS} columns and {MAX_SLOPES} slopes, "
            f"got shape {slopes.shape}"
        )
    return _power.value(_largest_split(*_step_norms(slopes, pair)), "f'_max of fprime")


def _plain_fprime_max(slopes: Array, pair: NormPair) -> float:
    """$f'_{max}$ as a float for the plain float64 path (inf where it lies beyond the float range)."""
    try:
        return fprime_max(slopes, pair)
    except ValueError:
        return math.inf


def weak_bound(W: ArrayLike, fprime: ArrayLike, norm: str | NormPair = "max-row-sum") -> float:
    """The paper's final weak bound $n\\,(f'_{max}\\,\\|W\\|_A)^q$.

    The factors are multiplied and raised to the power $q$ as mantissas and powers of two, so the bound
    is right wherever it is a float64, however large or small $f'_{max}$ and $\\|W\\|_A$ are.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param fprime: the slopes, shape ``(q, n)``, at most {py:data}`~lstmnotes.bounds.MAX_SLOPES` of them.
    :param norm: the norm pair.
    :return: the bound.
    :raises TypeError: for arguments that are not real numbers, or a bad ``norm``.
    :raises ValueError: for bad ``W`` or ``fprime`` (as {py:func}`lstmnotes.flow.scaling_factor`), sizes
        beyond the limits, an unknown norm, or a bound beyond the float range.

    ```pycon
    >>> weak_bound(np.full((2, 2), 1.0), np.full((3, 2), 0.25))  # 2 * (0.25 * 2)^3
    0.25

    ```
    """
    weights, slopes = _slopes(W, fprime)
    pair = norm_pair(norm)
    n, q = weights.shape[0], slopes.shape[0]
    steepest = _largest_split(*_step_norms(slopes, pair))
    size = _matrix_norm(pair, weights)
    factors = _plain_fprime_max(slopes, pair), _power.approx(size)
    with np.errstate(all="ignore"):
        base = float(np.float64(factors[0]) * factors[1])
        value = float(n * np.float64(base) ** q)
    # a factor rounded into the subnormals has lost digits the power would magnify: split path then
    if _power.normal(*factors, base, value):
        return value  # the plain float64 formula: inside the normal range it is as accurate
    bound = _power.times(math.frexp(n), _power.raise_to(_power.times(steepest, size), q))
    return _power.value(bound, "the weak bound")


def weak_bound_middle(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, norm: str | NormPair = "max-row-sum"
) -> float:
    """The middle expression of the paper's chain, $n\\,(f'_{max})^q \\|W_v\\|_x \\|W_{u^{\\mathsf T}}\\|_x \\|W\\|_A^{q-2}$.

    Here $[W_v]_i = w_{iv}$ (column $v$ of ``W``) and $[W_{u^{\\mathsf T}}]_i = w_{ui}$ (row $u$). As in
    {py:func}`weak_bound`, the factors are combined as mantissas and powers of two.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param fprime: the slopes, shape ``(q, n)``, $q \\ge 2$, at most {py:data}`~lstmnotes.bounds.MAX_SLOPES` of them.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :param norm: the norm pair.
    :return: the middle expression.
    :raises TypeError: for arguments that are not real numbers, units that are not integers, or a bad
        ``norm``.
    :raises ValueError: for bad input, $q < 2$, units out of range, sizes beyond the limits, an unknown
        norm, or a value beyond the float range.

    ```pycon
    >>> weak_bound_middle(np.eye(2), np.full((2, 2), 0.5), 0, 0)  # 2 * 0.5^2 * 1 * 1 * 1
    0.5

    ```
    """
    weights, slopes = _slopes(W, fprime)
    pair = norm_pair(norm)
    n, q = weights.shape[0], slopes.shape[0]
    if q < 2:
        raise ValueError(f"the weak bound is stated for q > 1, got q = {q}")
    start, end = unit_index(u, n, "u"), unit_index(v, n, "v")
    steepest = _largest_split(*_step_norms(slopes, pair))
    size = _matrix_norm(pair, weights)
    column, row = _vector_norm(pair, weights[:, end]), _vector_norm(pair, weights[start, :])
    factors = [_plain_fprime_max(slopes, pair)] + [_power.approx(x) for x in (size, column, row)]
    with np.errstate(all="ignore"):
        head = float(n * np.float64(factors[0]) ** q)
        matrix_part = float(np.float64(factors[1]) ** (q - 2))
        partial = head * factors[2]
        partial2 = partial * factors[3]
        value = partial2 * matrix_part
    if _power.normal(*factors, head, matrix_part, partial, partial2, value):
        return value  # the plain float64 formula: inside the normal range it is as accurate
    middle = _power.times(
        math.frexp(n), _power.raise_to(steepest, q), column, row, _power.raise_to(size, q - 2)
    )
    return _power.value(middle, "the middle expression")


_UNIT: Final = Fraction(1, 2**53)
"""The unit roundoff $2^{-53}$ in which the stated error bounds are counted."""

_FLOW_FLOOR: Final = Fraction(1, 2**1073)
"""The flow's absolute error allowance below the normal range (as lstmnotes.flow.scaling_factor)."""

_BOUND_FLOOR: Final = Fraction(1, 2**1074)
"""One subnormal ulp: the absolute part of the error bounds of the middle and the bound."""


def _log2_up(q: int) -> int:
    """$\\lceil \\log_2 q \\rceil$ for $q \\ge 1$, at least the $\\log_2 q$ of the stated bounds."""
    return (q - 1).bit_length()


def _chain_errors(pair: NormPair, n: int, q: int) -> tuple[float, float, float]:
    """The stated relative error bounds of the flow, the middle and the bound (exact multiples of 2^-53).

    The flow's is relative to the flow of $|W|$ and $|f'|$, the others' to their own values. A pair that is
    not one of NORM_PAIRS is given the spectral and Frobenius allowance with $n + 3$ for $n$.
    """
    flow = 2 * q * (n + 2)
    if NORM_PAIRS.get(pair.name) is pair and pair.name in ("max-row-sum", "max-column-sum"):
        middle = (q + 2) * (n + 2) + 4 * _log2_up(q) + 8
        bound = q * (n + 2) + 2 * _log2_up(q) + 4
    else:
        m = n if NORM_PAIRS.get(pair.name) is pair else n + 3
        middle = (q + 2) * (3 * m + 2) + 4 * _log2_up(q + 2) + 8
        bound = q * (3 * m + 2) + 4 * _log2_up(q) + 8
    return float(flow * _UNIT), float(middle * _UNIT), float(bound * _UNIT)


def _not_shown_above(low: Fraction, high: Fraction) -> bool:
    """A verdict: False only where the lowest exact left side exceeds the highest exact right side."""
    return low <= high


@dataclass(frozen=True)
class WeakBoundChain:
    """The three sides of the paper's chain for one pair $(u, v)$, from {py:func}`weak_bound_chain`.

    The verdicts decide each exact inequality $a \\le b$ from the rounded $a'$, $b'$ and their stated
    error bounds: with $a' \\le a (1 + e_a) + d_a$ and $b' \\ge b (1 - e_b) - d_b$ (relative bounds
    $e$, one subnormal ulp $d$), the exact $a \\le b$ is certainly false only where
    $(a' - d_a)/(1 + e_a) > (b' + d_b)/(1 - e_b)$, that is, to first order, where
    $a' > b' (1 + e_a + e_b)$; the comparison is made exactly, in fractions. For the flow the stated
    bound is absolute, ``flow_error``. A verdict is therefore False only where the exact inequality
    fails, and True where it holds or fails by less than the roundings could explain.
    """

    flow: float
    """The true scaling factor $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$."""
    middle: float
    """$n\\,(f'_{max})^q \\|W_v\\|_x \\|W_{u^{\\mathsf T}}\\|_x \\|W\\|_A^{q-2}$."""
    bound: float
    """$n\\,(f'_{max}\\|W\\|_A)^q$."""
    norm: str
    """The name of the norm pair."""
    flow_error: float = 0.0
    """A bound on $|\\text{flow} - \\text{exact flow}|$: the stated error of lstmnotes.flow.scaling_factor,
    $2q(n+2)\\,2^{-53}$ times the exact flow of $|W|$ and $|f'|$ (bounded from its computed value), plus
    $2^{-1073}$; rounded up (infinite where that flow lies beyond float64)."""
    middle_error: float = 0.0
    """The stated relative error bound of ``middle`` (the DOMAIN row of weak_bound_middle); one subnormal
    ulp besides where it is positive."""
    bound_error: float = 0.0
    """The stated relative error bound of ``bound`` (the DOMAIN row of weak_bound); one subnormal ulp
    besides where it is positive."""

    def _floor(self, error: float) -> Fraction:
        return _BOUND_FLOOR if error > 0 else Fraction(0)

    def _flow_low(self) -> Fraction:
        """The least the exact $|\\text{flow}|$ can be (possibly negative: then no lower bound)."""
        if math.isinf(self.flow_error):
            return Fraction(-1)
        return Fraction(abs(self.flow)) - Fraction(self.flow_error)

    def _high(self, value: float, error: float) -> Fraction:
        """The most the exact value behind ``value`` can be, from $b' \\ge b (1 - e) - d$."""
        return (Fraction(value) + self._floor(error)) / (1 - Fraction(error))

    @property
    def first_holds(self) -> bool:
        """Whether $|\\text{flow}| \\le$ middle, unless the roundings could explain the gap."""
        return _not_shown_above(self._flow_low(), self._high(self.middle, self.middle_error))

    @property
    def second_holds(self) -> bool:
        """Whether middle $\\le$ bound, unless the roundings could explain the gap."""
        low = (Fraction(self.middle) - self._floor(self.middle_error)) / (
            1 + Fraction(self.middle_error)
        )
        return _not_shown_above(low, self._high(self.bound, self.bound_error))

    @property
    def bound_holds(self) -> bool:
        """Whether $|\\text{flow}| \\le$ bound, the chain's conclusion, unless the roundings could explain
        the gap."""
        return _not_shown_above(self._flow_low(), self._high(self.bound, self.bound_error))


def weak_bound_chain(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, norm: str | NormPair = "max-row-sum"
) -> WeakBoundChain:
    """Evaluate the flow, the middle expression and the final bound of the paper's chain.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param fprime: the slopes, shape ``(q, n)``, $2 \\le q \\le$ {py:data}`~lstmnotes.bounds.MAX_CHAIN_LAG` for
        one unit, $q \\le$ {py:data}`lstmnotes.flow.MAX_MATRIX_LAGS` for $n \\ge 2$ (the limits of
        {py:func}`lstmnotes.flow.scaling_factor`, which follows the flow one step at a time), and
        $q n^3 \\le$ {py:data}`MAX_CHAIN_WORK`, $q n^2 \\le$ {py:data}`lstmnotes.flow.MAX_MATRIX_ENTRIES`.
    :param u: the unit where the error starts.
    :param v: the unit it reaches.
    :param norm: the norm pair.
    :return: the three values, with their stated error bounds; its verdicts ``first_holds``,
        ``second_holds`` and ``bound_holds`` are False only where the exact inequality fails: a gap the
        stated roundings could explain counts as holding (see {py:class}`WeakBoundChain`). The allowance
        of the flow needs the flow of $|W|$ and $|f'|$ (one more column, $O(q n^2)$); where it lies beyond
        float64 the verdicts on the flow are True.
    :raises TypeError: as {py:func}`weak_bound_middle`.
    :raises ValueError: as {py:func}`weak_bound_middle`, for a flow beyond the float range, or sizes
        beyond the limits.

    ```pycon
    >>> chain = weak_bound_chain(np.eye(2), np.full((2, 2), 0.25), 0, 0)
    >>> chain.flow, chain.middle, chain.bound
    (0.0625, 0.125, 0.125)

    ```
    """
    pair = norm_pair(norm)
    weights, slopes = _slopes(W, fprime)
    n, q = weights.shape[0], slopes.shape[0]
    name, lags = (
        ("MAX_CHAIN_LAG", MAX_CHAIN_LAG) if n == 1 else ("MAX_MATRIX_LAGS", MAX_MATRIX_LAGS)
    )
    if q > lags or q * n**3 > MAX_CHAIN_WORK or q * n**2 > MAX_MATRIX_ENTRIES:
        raise ValueError(
            f"fprime is too long for the chain: q = {q} (at most {name} = {lags} for n = {n}) "
            f"with q n^3 = {q * n**3} (at most MAX_CHAIN_WORK = {MAX_CHAIN_WORK}) and q n^2 = "
            f"{q * n**2} (at most MAX_MATRIX_ENTRIES = {MAX_MATRIX_ENTRIES})"
        )
    middle = weak_bound_middle(weights, slopes, u, v, pair)
    flow = float(scaling_factor(weights, slopes)[v, u])
    bound = weak_bound(weights, slopes, pair)
    flow_rel, middle_error, bound_error = _chain_errors(pair, n, q)
    try:  # the flow's error is stated relative to the flow of |W| and |fprime|
        size = float(scaling_factor_column(np.abs(weights), np.abs(slopes), u)[v])
    except ValueError:  # beyond float64 (or beyond the entrywise work): no finite allowance
        flow_error = math.inf
    else:
        exact_size = (Fraction(size) + _FLOW_FLOOR) / (1 - Fraction(flow_rel))
        allowance = Fraction(flow_rel) * exact_size + _FLOW_FLOOR
        flow_error = float(allowance)
        flow_error = (
            flow_error
            if Fraction(flow_error) >= allowance
            else math.nextafter(flow_error, math.inf)
        )
    return WeakBoundChain(flow, middle, bound, pair.name, flow_error, middle_error, bound_error)


def weak_bound_by_lag(
    W: ArrayLike, fprime: ArrayLike, norm: str | NormPair = "max-row-sum"
) -> Array:
    """The weak bound for every lag $q' = 1, \\dots, q$, using the first $q'$ rows of ``fprime``.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`lstmnotes.bounds.MAX_UNITS`.
    :param fprime: the slopes, shape ``(q, n)``, at most {py:data}`~lstmnotes.bounds.MAX_SLOPES` of them.
    :param norm: the norm pair.
    :return: an array of length $q$; entry $q'-1$ is $n\\,(f'_{max}\\|W\\|_A)^{q'}$ with $f'_{max}$
        taken over the first $q'$ steps.
    :raises TypeError: as {py:func}`weak_bound`.
    :raises ValueError: as {py:func}`weak_bound`; also where some lag's bound leaves the normal float
        range and $q$ is above {py:data}`MAX_SPLIT_LAGS` (its powers are then taken as mantissas and
        exponents, some microseconds a lag).

    The time is linear in $q\\,n$: about a second at {py:data}`~lstmnotes.bounds.MAX_SLOPES` slopes, and a
    refusal beyond {py:data}`MAX_SPLIT_LAGS` lags comes in a fraction of that, before any power is taken,
    unless the bound lies within a fraction of a power of two of the normal range's edge. With a norm pair
    whose ``diagonal_is_max`` is false (other than the Frobenius pair) each step costs one call of its
    matrix norm, and $q$ is limited as in {py:data}`~lstmnotes.bounds.MAX_GENERIC_WORK`.

    ```pycon
    >>> weak_bound_by_lag(np.eye(2), np.full((3, 2), 0.5)).tolist()
    [1.0, 0.5, 0.25]

    ```
    """
    weights, slopes = _slopes(W, fprime)
    pair = norm_pair(norm)
    n, q = weights.shape[0], slopes.shape[0]
    _check_step_work(slopes.shape, pair)
    size = _matrix_norm(pair, weights)
    if q > MAX_SPLIT_LAGS:
        return _long_by_lag(n, slopes, pair, size)
    steepest_m, steepest_e = _running_max(*_step_norms(slopes, pair), (0.0, 0))
    base_m, base_e = _power.product(steepest_m, steepest_e, np.array(size[0]), np.array(size[1]))
    values = _bounds(n, base_m, base_e, np.arange(1, q + 1))
    if not np.all(np.isfinite(values)):
        raise ValueError(
            "the weak bound overflows float64: it exceeds the float64 range (about 1.8e308)"
        )
    return values


def _bounds(n: int, base_m: Array, base_e: NDArray[np.int64], lags: NDArray[np.int64]) -> Array:
    """$n\\,b^{q'}$ for each base $b$ and lag $q'$: in plain float64 where the base, rounded once, and the
    bound are normal floats (there that is as accurate); elsewhere as mantissas and exponents, rounded once
    (a subnormal bound correctly rounded, ``inf`` beyond the float range)."""
    bases = _as_floats(base_m, base_e)
    with np.errstate(all="ignore"):
        values: Array = n * bases**lags
    odd = ~(_normal(bases) & _normal(values))
    if np.any(odd):
        power_m, power_e = _power.power(base_m[odd], base_e[odd], lags[odd])
        n_m, n_e = math.frexp(n)
        values[odd] = _as_floats(*_power.product(power_m, power_e, np.array(n_m), np.array(n_e)))
    return values


def _as_floats(mantissa: Array, exponent: NDArray[np.int64]) -> Array:
    """Split numbers rounded into float64 (once): subnormal or zero below the normal range, ``inf`` beyond."""
    with np.errstate(all="ignore"):
        return np.ldexp(mantissa, np.clip(exponent, -2100, 1100).astype(np.int32))


def _normal(values: Array) -> NDArray[np.bool_]:
    return (values >= _power.TINY) & np.isfinite(values)


_CHUNK: Final = 1 << 16
"""Lags taken at once where there are more than {py:data}`MAX_SPLIT_LAGS`."""

_CLEARLY_OUTSIDE: Final = 1 / 64
"""How far beyond the normal range, in powers of two, a lag's bound estimated from logarithms must lie to be
refused on that estimate: its error, below $10^{-5}$ for $q \\le$ {py:data}`MAX_SLOPES`, is far smaller."""


def _long_by_lag(n: int, slopes: Array, pair: NormPair, size: Split) -> Array:
    """{py:func}`weak_bound_by_lag` for more lags than {py:data}`MAX_SPLIT_LAGS`, where a bound that leaves
    the normal range is refused. A chunk of lags at a time, in two passes: the bases and the logarithms of
    the bounds first, refusing at once a lag clearly outside the range; then the bounds, each checked."""
    q = slopes.shape[0]
    size_m, size_e = np.array(size[0]), np.array(size[1])
    chunks = []
    before: Split = (0.0, 0)
    for start in range(0, q, _CHUNK):
        chunk = slopes[start : start + _CHUNK]
        steepest_m, steepest_e = _running_max(*_step_norms(chunk, pair), before)
        before = float(steepest_m[-1]), int(steepest_e[-1])
        base_m, base_e = _power.product(steepest_m, steepest_e, size_m, size_e)
        lags = np.arange(start + 1, start + base_m.size + 1)
        with np.errstate(divide="ignore"):  # a zero base: -inf, refused below
            log2_bounds = math.log2(n) + lags * (np.log2(base_m) + base_e)
        # the normal range is 2^-1022 to 2^1024, centred on 2^1 in log2
        if np.any(np.abs(log2_bounds - 1) > _power.LARGEST_EXPONENT - 1 + _CLEARLY_OUTSIDE):
            _refuse_long(q)
        chunks.append((base_m, base_e, lags))
    values = np.empty(q)
    for base_m, base_e, lags in chunks:
        part = _bounds(n, base_m, base_e, lags)
        if not np.all(_normal(part)):
            _refuse_long(q)
        values[lags[0] - 1 : lags[-1]] = part
    return values


def _running_max(
    mantissa: Array, exponent: NDArray[np.int64], before: Split
) -> tuple[Array, NDArray[np.int64]]:
    """The running maximum of numbers given as mantissas in $[1/2, 1)$ (or 0) and exponents, exactly, with
    ``before`` the maximum of those before the first: each is taken as the complex number $e + i\\,m$, which
    numpy orders by its real part first (zeros get an exponent below every other)."""
    keys = np.where(mantissa > 0, exponent, _NO_EXPONENT).astype(np.float64) + 1j * mantissa
    keys[0] = np.maximum(keys[0], complex(before[1] if before[0] > 0 else _NO_EXPONENT, before[0]))
    running = np.maximum.accumulate(keys)
    steepest = running.imag.copy()
    return steepest, np.where(steepest > 0, running.real, 0).astype(np.int64)


_NO_EXPONENT: Final = -(2**40)
"""The exponent a zero takes in {py:func}`_running_max`: below every exponent of a nonzero norm."""


def _refuse_long(q: int) -> NoReturn:
    raise ValueError(
        f"the weak bound leaves the normal float range within q = {q} lags: its powers, taken as mantissas "
        f"and exponents (some microseconds a lag), are limited to MAX_SPLIT_LAGS = {MAX_SPLIT_LAGS} lags"
    )


MAX_SPLIT_LAGS: Final = 500_000
"""The most lags {py:func}`weak_bound_by_lag` takes where its bound leaves the normal float range and each
lag's power is taken as a mantissa and an exponent (about 2 microseconds a lag: a second at this limit)."""


MAX_TAU_LAG: Final = 2**31
"""The largest lag $q$ of {py:func}`tau_bound`."""


MAX_TAU_UNITS: Final = 2**53
"""The largest $n$ of {py:func}`tau` and {py:func}`tau_bound` (every integer up to it is a float)."""


def tau(n: int, w_max: float, *, activation: str | Activation = LOGISTIC) -> float:
    """The paper's $\\tau = n\\, w_{max} / 4$: the ratio of decay per step when every $|w_{ij}| \\le w_{max}$.

    With the maximum row sum, $\\|W\\|_A \\le n\\, w_{max}$, and $f'_{max} \\le 1/4$ for logistic units,
    so $f'_{max}\\|W\\|_A \\le \\tau$. For another activation $f'_{max} \\le \\sup|f'|$, and
    $\\tau = n\\, w_{max} \\sup|f'|$ (for tanh $n\\,w_{max}$).

    :param n: the number of units, 1 to {py:data}`MAX_TAU_UNITS`.
    :param w_max: the largest absolute weight, positive and finite.
    :param activation: every unit's activation, a name of
        {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation; the logistic by default.
    :return: $\\tau$, rounded once (twice where $\\sup|f'|$ is not a power of two).
    :raises TypeError: for an ``n`` that is not an integer, a ``w_max`` that is not a real number, or an
        ``activation`` that is neither a name nor an activation.
    :raises ValueError: for $n$ out of range, a ``w_max`` that is not positive and finite, an unknown
        activation, or a $\\tau$ beyond the float range.

    ```pycon
    >>> tau(4, 0.5), tau(4, 0.5, activation="tanh")
    (0.5, 2.0)

    ```
    """
    return _power.value(_tau(n, w_max, activation), "tau = n w_max sup|f'|")


def _tau(n: int, w_max: float, activation: str | Activation = LOGISTIC) -> Split:
    units = count(n, "n", minimum=1, maximum=MAX_TAU_UNITS)
    weight = finite_scalar(w_max, "w_max")
    if weight <= 0:
        raise ValueError(f"w_max must be positive, got {weight!r}")
    slope = as_activation(activation).slope_max
    return _power.times(math.frexp(units), math.frexp(weight), math.frexp(slope))


def tau_bound(n: int, w_max: float, q: int, *, activation: str | Activation = LOGISTIC) -> float:
    """The paper's corollary bound $n\\,\\tau^q$ on the flow of a net with all $|w_{ij}| \\le w_{max}$.

    For the paper's logistic units $\\tau = n\\,w_{max}/4$; for another activation
    $\\tau = n\\,w_{max}\\sup|f'|$ ({py:func}`tau`).

    It decays exponentially in $q$ exactly when $\\tau < 1$, that is when $w_{max} < 4/n$ for the logistic
    ($w_{max} < 1/(n \\sup|f'|)$ in general). The power is taken as a mantissa and a power of two and
    $n$ is multiplied in before the one final rounding, so the bound is right wherever it is a float64:
    a relative error below $(2q + 2\\log_2 q + 4)\\,2^{-53}$ from $2^{-1022}$
    up, and to a subnormal's absolute precision below.

    :param n: the number of units, 1 to {py:data}`MAX_TAU_UNITS`.
    :param w_max: the largest absolute weight, positive and finite.
    :param q: the lag, 1 to {py:data}`MAX_TAU_LAG`.
    :param activation: as {py:func}`tau`.
    :return: $n\\,\\tau^q$.
    :raises TypeError: for ``n`` or ``q`` that are not integers, a ``w_max`` that is not a real number, or
        a bad ``activation``.
    :raises ValueError: for $n$, $q$ or ``w_max`` out of range, an unknown activation, or a bound beyond
        the float range.

    ```pycon
    >>> tau_bound(4, 0.5, 3), tau_bound(4, 0.125, 3, activation="relu")
    (0.5, 0.5)

    ```
    """
    lag = count(q, "q", minimum=1, maximum=MAX_TAU_LAG)
    ratio = _tau(n, w_max, activation)
    # tau^q stays a mantissa and a power of two, and n is multiplied in before the one final rounding:
    # a tau^q below the normal range must not be rounded to a subnormal before n scales it back up
    return _power.value(_power.times(math.frexp(int(n)), _power.raise_to(ratio, lag)), "n tau^q")
