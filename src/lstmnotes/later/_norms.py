"""The quantities the later conditions compare, and the slope bound $\\gamma$ they rest on.

With the slopes bounded, $\\|\\operatorname{diag}(f')\\| \\le \\gamma$ ($\\gamma = 1/4$ for the logistic, $1$
for tanh), each step back multiplies the error by $F'(t-m)\\, W^{\\mathsf T}$, whose spectral norm is at most
$\\gamma\\, \\sigma_{max}(W)$ {cite:p}`pascanu2013difficulty`. This module holds $\\gamma$ for each activation,
the largest singular value $\\sigma_{max}(W)$, the spectral radius $\\rho(W)$ that a misreading puts in its
place, and the spectral norm of the whole flow matrix at every lag (kept with a power of two per column of
the running product, or per entry where a column spans too far, so that no part of it under- or overflows).

The module is long because the flow norms carry their running product in two forms (a power of two per
column, or one per entry) with the check that moves a column from one to the other, besides the
decompositions of the other quantities.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, Final, TypeGuard

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._products import NO_TERM, prefix_products, split
from lstmnotes._validate import sized_flow_args, square_matrix
from lstmnotes.activations import LOGISTIC_PRIME_MAX, NAMED_ACTIVATIONS, Activation, as_activation

__all__ = [
    "GAMMA",
    "MAX_FLOW_ENTRYWISE_WORK",
    "MAX_FLOW_LAG",
    "MAX_FLOW_WORK",
    "MAX_UNITS",
    "flow_norms",
    "gamma",
    "largest_singular_value",
    "spectral_radius",
]

Array = NDArray[np.float64]
Ints = NDArray[np.int64]

MAX_UNITS: Final = 256
"""The most units $n$ the later conditions' numerics accept (an eigen- or singular value decomposition of
$256 \\times 256$ takes a few hundredths of a second)."""

MAX_FLOW_LAG: Final = 20_000
"""The longest lag $q$ of {py:func}`flow_norms` (one step and one spectral norm per lag)."""

MAX_FLOW_WORK: Final = 200_000_000
"""The most work $q n^3$ of {py:func}`flow_norms`."""

MAX_FLOW_ENTRYWISE_WORK: Final = 20_000_000
"""The most products {py:func}`flow_norms` forms with one power of two per entry, where the running
product's entries span too far for one power of two per column: $n^2$ a column and step so kept, plus
2000 a step for the step's fixed cost: under a second."""

_TOP: Final = (
    511  # a column of the running product is lifted to a largest magnitude in [2^510, 2^511)
)
_SAFE: Final = (
    -962
)  # every product of a step above 2^_SAFE: an underflow is 2^-113 of what it feeds
_NONE: Final = 1 << 40  # the bound of a zero column: it never needs a lift
_DROP: Final = -1100  # a term this far below the largest of its sum is below its rounding
_STEP_WORK: Final = 2_000  # the fixed cost of an entrywise step, counted in products
_CHUNK: Final = (
    1 << 18
)  # the most products an entrywise step forms at once (a few MB of temporaries)

GAMMA: Final = {"logistic": LOGISTIC_PRIME_MAX, "tanh": 1.0}
"""The largest slope $\\gamma$ of the chapter's two activations: $1/4$ for the logistic, $1$ for tanh."""


def gamma(activation: str | Activation) -> float:
    """Pascanu et al.'s $\\gamma$, the bound $\\|\\operatorname{diag}(f')\\| \\le \\gamma$ on any step's slopes: $\\sup|f'|$.

    :param activation: a name of {py:data}`lstmnotes.activations.NAMED_ACTIVATIONS` or an activation.
    :return: $\\gamma$: $1/4$ for the logistic, $1$ for tanh, the cell's $g$, the identity and the
        rectifier, $1/2$ for the cell's $h$.
    :raises TypeError: for an ``activation`` that is neither a name nor an activation.
    :raises ValueError: for an unknown name.

    ```pycon
    >>> gamma("logistic"), gamma("relu"), gamma("cell_h")
    (0.25, 1.0, 0.5)

    ```
    """
    unit = as_activation(activation)
    if unit.name in GAMMA and NAMED_ACTIVATIONS[unit.name] is unit:
        return GAMMA[unit.name]  # the chapter's table, which its checks read
    return unit.slope_max


def _real_array(value: object) -> TypeGuard[NDArray[Any]]:
    """Whether ``value`` is a numpy array of integers or floats (one whose shape may be checked first)."""
    return (
        isinstance(value, np.ndarray)
        and not isinstance(value, np.ma.MaskedArray)
        and value.dtype.kind in "iuf"
    )


def _shape_first(W: ArrayLike, name: str) -> None:
    """Refuse a numpy array ``W`` that is not a square matrix of at most {py:data}`MAX_UNITS` units, on its
    shape alone, before its entries are converted to float64 or scanned (a broadcast view of $10^9$
    entries is refused at once); other arguments are checked after their conversion."""
    if not _real_array(W):
        return
    shape = np.shape(W)
    if len(shape) != 2:
        raise ValueError(f"{name} must be 2-D, got shape {shape}")
    if shape[0] != shape[1] or shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {shape}")
    if shape[0] > MAX_UNITS:
        raise ValueError(
            f"{name} may have at most MAX_UNITS = {MAX_UNITS} units, got n = {shape[0]}"
        )


def _matrix(W: ArrayLike) -> Array:
    _shape_first(W, "W")
    weights = square_matrix(W, "W")
    if weights.shape[0] > MAX_UNITS:
        raise ValueError(
            f"W may have at most MAX_UNITS = {MAX_UNITS} units, got n = {weights.shape[0]}"
        )
    return weights


def _peak_exponent(a: Array) -> int:
    """The exponent $e$ with the largest $|a_{ij}|$ in $[2^{e-1}, 2^e)$ (0 for a zero matrix)."""
    peak = float(np.max(np.abs(a)))
    return math.frexp(peak)[1] if peak > 0.0 else 0


def _scaled_back(value: float, exponent: int, what: str) -> float:
    """``value`` times $2^{exponent}$, exact unless subnormal; a ``ValueError`` beyond the float range."""
    mantissa, shift = math.frexp(value)
    if mantissa != 0.0 and exponent + shift > 1024:
        raise ValueError(f"{what} overflows float64: it exceeds the float64 range (about 1.8e308)")
    return math.ldexp(mantissa, max(exponent + shift, -2100))


def largest_singular_value(W: ArrayLike) -> float:
    """$\\sigma_{max}(W) = \\|W\\|_2$, the largest singular value.

    Computed on ``W`` scaled by a power of two near its largest entry (exact), then scaled back, so that
    no square inside the singular value decomposition under- or overflows.

    :param W: a square matrix of finite reals, $n \\le$ {py:data}`MAX_UNITS`.
    :return: its largest singular value.
    :raises TypeError: for entries that are not real numbers.
    :raises ValueError: for a non-square, non-finite or too large matrix (a numpy array's shape is checked
        before its entries are read), or a singular value beyond the float range.

    ```pycon
    >>> largest_singular_value([[0.0, 2.0], [0.0, 0.0]])
    2.0

    ```
    """
    weights = _matrix(W)
    exponent = _peak_exponent(weights)
    with np.errstate(under="ignore"):
        scaled = np.ldexp(weights, -exponent)
    return _scaled_back(
        float(np.linalg.norm(scaled, 2)), exponent, "the largest singular value of W"
    )


def spectral_radius(W: ArrayLike) -> float:
    """$\\rho(W) = \\max |\\lambda_i(W)|$, the largest modulus of an eigenvalue.

    Computed like {py:func}`largest_singular_value` on ``W`` scaled by a power of two.

    :param W: a square matrix of finite reals, $n \\le$ {py:data}`MAX_UNITS`.
    :return: its spectral radius.
    :raises TypeError: for entries that are not real numbers.
    :raises ValueError: for a non-square, non-finite or too large matrix (a numpy array's shape is checked
        before its entries are read), or a radius beyond the float range.

    ```pycon
    >>> spectral_radius([[0.0, 2.0], [0.0, 0.0]])
    0.0

    ```
    """
    weights = _matrix(W)
    exponent = _peak_exponent(weights)
    with np.errstate(under="ignore"):
        scaled = np.ldexp(weights, -exponent)
    radius = float(np.max(np.abs(np.linalg.eigvals(scaled))))
    return _scaled_back(radius, exponent, "the spectral radius of W")


def flow_norms(W: ArrayLike, fprime: ArrayLike) -> Array:
    """The spectral norm of the whole flow matrix at every lag, $\\|M_{q'}\\|_2$ for $q' = 1..q$.

    ``M`` is {py:func}`lstmnotes.flow.scaling_factor` with the first $q'$ rows of ``fprime``: one pass of
    its recursion $M_{q'} = F'(t-q')\\, W^{\\mathsf T} M_{q'-1}$ visits every lag, so the cost is linear in
    $q$. The columns of $M$ never mix, so each column of the running product keeps its own power of two
    (exact), lifted where it decays: a step forms the same products as plain arithmetic, rounding for
    rounding, but nothing under- or overflows on the way, however far apart the columns are. A step is
    checked first: where some product of a column could fall below $2^{-962}$ of its scale (the column's
    entries, the weights and the step's slopes together spanning more than about $2^{1470}$), that column
    goes on with one power of two per entry, and so do all columns where the weights alone span more than
    about $2^{1010}$ (as {py:func}`lstmnotes.flow.scaling_factor` does). Each lag's norm is LAPACK's on
    the product scaled by the power of two of its largest entry (an entry more than $2^{1074}$ below that
    changes the norm by less than $n\\, 2^{-1074}$ of it). For one unit the running products are formed
    in blocks, without a step loop.

    Each multiply-add is rounded once, as in plain arithmetic, so the error of $M_{q}$ is bounded by the
    product of absolute values $P_q = |F'(t-q)|\\, |W|^{\\mathsf T} \\cdots |F'(t-1)|\\, |W|^{\\mathsf T}$
    (entry by entry about $q (n + 1) 2^{-53} P_q$): a norm that is small through cancellation is only
    as good as that.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`MAX_UNITS`.
    :param fprime: the slopes, shape ``(q, n)``, $q \\le$ {py:data}`MAX_FLOW_LAG` and
        $q n^3 \\le$ {py:data}`MAX_FLOW_WORK`.
    :return: an array of length $q$.
    :raises TypeError: for arguments that are not real numbers.
    :raises ValueError: as {py:func}`lstmnotes.flow.scaling_factor`, for sizes beyond the limits (checked
        on an array's shape before its entries are read), more than {py:data}`MAX_FLOW_ENTRYWISE_WORK`
        products with one power of two per entry, or a norm beyond the float range.

    ```pycon
    >>> flow_norms(2 * np.eye(2), np.full((3, 2), 0.25)).tolist()
    [0.5, 0.25, 0.125]

    ```
    """
    weights, slopes = _flow_inputs(W, fprime)
    n, q = weights.shape[0], slopes.shape[0]
    with np.errstate(under="ignore"):
        if n == 1:
            return _one_unit_norms(float(weights[0, 0]), slopes[:, 0])
        norms = np.empty(q)
        for m, (values, exponents, offset) in enumerate(_running_products(weights, slopes)):
            norms[m] = _norm(values, exponents, offset, f"the flow norm at lag {m + 1}")
    return norms


def _flow_sizes(n: int, q: int) -> None:
    """Refuse $n$ above {py:data}`MAX_UNITS`, $q$ above {py:data}`MAX_FLOW_LAG` or $q n^3$ above
    {py:data}`MAX_FLOW_WORK`."""
    if n > MAX_UNITS:
        raise ValueError(f"W may have at most MAX_UNITS = {MAX_UNITS} units, got n = {n}")
    if q > MAX_FLOW_LAG or q * n**3 > MAX_FLOW_WORK:
        raise ValueError(
            f"fprime is too long: q = {q} (at most MAX_FLOW_LAG = {MAX_FLOW_LAG}) with q n^3 = "
            f"{q * n**3} (at most MAX_FLOW_WORK = {MAX_FLOW_WORK})"
        )


def _flow_inputs(W: ArrayLike, fprime: ArrayLike) -> tuple[Array, Array]:
    """``flow_args(W, fprime)``, with the sizes of an array argument checked on its shape first (a
    zero-stride broadcast view of $10^8$ rows, say, is refused at once, not after its conversion)."""
    _shape_first(W, "W")
    return sized_flow_args(W, fprime, _flow_sizes)


def _one_unit_norms(w: float, slopes: Array) -> Array:
    """$n = 1$: every $|w^m \\prod f'|$ at once, in blocks (the flow's ``prefix_products``).

    The factors $f'_m w$ are formed from their mantissas (one rounding each) and multiplied up in blocks
    that never underflow: each running product of $m$ factors within $2 m\\, 2^{-53}$ of the exact one.
    """
    w_mantissa, w_exponent = math.frexp(w)
    mantissa, exponents = np.frexp(slopes)
    values, powers = prefix_products(mantissa * w_mantissa, exponents.astype(np.int64) + w_exponent)
    beyond = np.flatnonzero((powers > 1024) & (values != 0.0))
    if beyond.size:
        lag = int(beyond[0])
        raise ValueError(
            f"the flow norm at lag {lag + 1} overflows float64: it is about 2^{int(powers[lag]) - 1}, "
            "beyond the largest float64 (about 1.8e308)"
        )
    norms: Array = np.abs(np.ldexp(values, np.clip(powers, -4000, 4000)))
    return norms


def _norm(values: Array, exponents: Ints, offset: int, what: str) -> float:
    """$\\|A\\|_2$ for $A$ = ``values * 2**(exponents + offset)`` (exponents per entry or per column)."""
    mantissa, more = np.frexp(values)
    powers = more + exponents
    top = int(powers.max(where=mantissa != 0.0, initial=NO_TERM))
    if top == NO_TERM:
        return 0.0
    scaled = np.ldexp(mantissa, np.maximum(powers - top, _DROP))  # largest magnitude in [1/2, 1)
    largest = float(np.linalg.svd(scaled, compute_uv=False)[0])
    return _scaled_back(largest, top + offset, what)


def _running_products(weights: Array, slopes: Array) -> Iterator[tuple[Array, Ints, int]]:
    """$M_1, \\dots, M_q$ for $n \\ge 2$, each as ``values * 2**(exponents + offset)``.

    The exponents are one per column (the column scaling) or one per entry (where some columns are kept
    entry by entry; ``offset`` is then 0). The weights are scaled once, $W = V\\, 2^{-s}$ with
    $|V| < 2^{-c}$, $2^c \\ge n$, so that a product of $V^{\\mathsf T}$ with a column below $2^{511}$
    stays below $2^{511}$. The columns are lifted, each to a largest magnitude in $[2^{510}, 2^{511})$,
    when for some column a lower bound $2^b$ on its smallest nonzero entry, times $2^{\\ell_w}$ (the
    smallest nonzero entry of $V$) and the step's smallest nonzero slope over its largest, falls below
    $2^{-962}$; a column for which it still does after the lift moves to the entrywise recursion. So
    every product formed in the columns is above $2^{-962}$: none underflows, and a sum that cancels
    below the normal range loses at most $2^{-1075}$, under $2^{-113}$ of the flow of absolute values
    that produced it. The bounds and the scaling common to all columns are Python integers, carried from
    step to step; the arrays change only at a lift.
    """
    n, q = weights.shape[0], slopes.shape[0]
    any_slope, highest, lowest = _slope_exponents(slopes)
    s_mantissa, s_exponents = np.frexp(slopes)
    zero_flow = (np.zeros((n, n)), np.zeros((1, n), dtype=np.int64), 0)
    largest = float(np.max(np.abs(weights)))
    if largest == 0.0:
        yield from [zero_flow] * q
        return
    shift = -(n - 1).bit_length() - math.frexp(largest)[1]
    scaled = np.ldexp(weights, shift)  # W = scaled 2**-shift, exactly unless scaled is subnormal
    smallest = float(np.min(np.abs(weights), where=weights != 0.0, initial=np.inf))
    w_low = math.frexp(smallest)[1] - 1 + shift  # 2**w_low <= the smallest nonzero |scaled|
    transposed = np.ascontiguousarray(scaled.T)
    # M_1 before its slopes, W^T, as a C-ordered copy like the flow's own recursion (the order of each
    # sum of a matrix product, so its rounding, depends on the layout)
    flow = np.array(scaled.T, order="C")
    exponent = np.zeros((1, n), dtype=np.int64)  # each column's own power of two ...
    offset = -shift  # ... and the one all columns share
    low, drift = _SAFE - 1, 0  # min b over the live columns at the last lift; b's change since
    entrywise = _EntrywiseColumns(weights, slopes)
    if w_low < -1022:  # the weights span too far for one scale: every column entry by entry
        entrywise.join(np.arange(n), *split(weights.T), 0)
        flow[:] = 0.0
        low = _NONE
    for m in range(q):
        if not any_slope[m]:  # all slopes zero: this product and all later ones are zero
            yield from [zero_flow] * (q - m)
            return
        if low != _NONE:  # some column is kept at its own scale
            fold = lowest[m] - 1 - highest[m]  # 2**fold <= the smallest nonzero slope / 2**highest
            reach = (w_low if m else 0) + fold
            if low + drift + reach < _SAFE:
                low, drift = _lift(flow, exponent, offset, reach, entrywise, m), 0
            if m:
                flow = transposed @ flow
                offset -= shift
            if fold >= -1021:  # the slopes over 2**highest are normal: one exact scaling folded in
                flow *= np.ldexp(slopes[m], -highest[m])[:, None]
            else:
                flow *= s_mantissa[m][:, None]
                np.ldexp(flow, (s_exponents[m] - highest[m])[:, None], out=flow)
            offset += highest[m]
            drift += reach
        if not entrywise.columns.size:
            yield flow, exponent, offset
            continue
        entrywise.step(m)
        mantissa, more = np.frexp(flow)
        powers = more + exponent + offset
        mantissa[:, entrywise.columns] = entrywise.mantissa
        powers[:, entrywise.columns] = entrywise.exponent
        yield mantissa, powers, 0


def _slope_exponents(slopes: Array) -> tuple[list[bool], list[int], list[int]]:
    """Per step: any nonzero slope; the largest and the smallest exponent of the nonzero slopes."""
    nonzero = slopes != 0.0
    exponents = np.frexp(slopes)[1]
    highest = np.max(np.where(nonzero, exponents, -(1 << 20)), axis=1)
    lowest = np.min(np.where(nonzero, exponents, 1 << 20), axis=1)
    return nonzero.any(axis=1).tolist(), highest.tolist(), lowest.tolist()


def _lift(
    flow: Array, exponent: Ints, offset: int, reach: int, entrywise: _EntrywiseColumns, m: int
) -> int:
    """Lift each column's largest magnitude to $[2^{510}, 2^{511})$ (by at most $2^{1000}$, exact) and
    move a column whose smallest nonzero entry $2^b$ would still take a product of step ``m`` below
    $2^{-962}$ ($b$ + ``reach`` too low) to ``entrywise``; return the least $b$ of the others."""
    top = np.maximum(flow.max(axis=0), -flow.min(axis=0))
    live = top != 0.0
    k = np.where(live, np.clip(np.frexp(top)[1].astype(np.int64) - _TOP, -1000, 0), 0)
    flow *= np.ldexp(1.0, -k)
    exponent += k
    smallest = np.min(np.abs(flow), axis=0, where=flow != 0.0, initial=1.0)
    bound = np.frexp(smallest)[1].astype(np.int64) - 1
    leaving = live & (bound + reach < _SAFE)
    if leaving.any():
        columns = np.flatnonzero(leaving)
        mantissa, powers = split(flow[:, columns])
        powers = np.where(mantissa == 0.0, NO_TERM, powers + exponent[:, columns] + offset)
        entrywise.join(columns, mantissa, powers, m)
        flow[:, columns] = 0.0
        live &= ~leaving
    return int(bound.min(where=live, initial=_NONE))


class _EntrywiseColumns:
    """Columns of the running product with one power of two per entry, stepped all at once.

    A step $g \\mapsto F'(t-m)\\, W^{\\mathsf T} g$ forms the $n^2$ products $w_{kv} g_{kj}$ of each column
    from their mantissas (one rounding each), aligns each sum at its largest term (a term more than
    $2^{1100}$ below it is dropped), sums, and multiplies by the slopes' mantissas (one rounding):
    the roundings of plain arithmetic, however far the entries lie apart. The columns join at the step
    before whose product they leave the column scaling; their work is counted when they join.
    """

    def __init__(self, weights: Array, slopes: Array) -> None:
        self.weights = split(weights)  # [k, v]: w_kv
        self.slopes = split(slopes)
        self.columns: NDArray[np.intp] = np.zeros(0, dtype=np.intp)
        n = weights.shape[0]
        self.mantissa: Array = np.zeros((n, 0))
        self.exponent: Ints = np.zeros((n, 0), dtype=np.int64)
        self.work = 0

    def join(self, columns: NDArray[np.intp], mantissa: Array, exponent: Ints, m: int) -> None:
        """Take over ``columns`` (their state before the product of step ``m``), or refuse the work."""
        n, q = self.mantissa.shape[0], self.slopes[0].shape[0]
        self.work += (q - m) * (columns.size * n * n + (0 if self.columns.size else _STEP_WORK))
        if self.work > MAX_FLOW_ENTRYWISE_WORK:
            raise ValueError(
                "W and fprime give a running product whose columns span too far for one power of two "
                "each (a column's entries, the weights and a step's slopes together more than about "
                "2^1470 apart, or the weights alone more than about 2^1010), which needs one per entry: "
                f"about {self.work:.3g} products, above the limit MAX_FLOW_ENTRYWISE_WORK = "
                f"{MAX_FLOW_ENTRYWISE_WORK:.3g}"
            )
        self.columns = np.concatenate([self.columns, columns])
        self.mantissa = np.concatenate([self.mantissa, mantissa], axis=1)
        self.exponent = np.concatenate([self.exponent, exponent], axis=1)

    def step(self, m: int) -> None:
        """The product of step ``m`` (none at ``m = 0``: the columns start as $W^{\\mathsf T}$), then its slopes."""
        if m:
            self._multiply()
        s_mantissa, s_exponent = self.slopes
        product, more = np.frexp(self.mantissa * s_mantissa[m][:, None])
        self.mantissa = product
        self.exponent = np.where(
            product == 0.0, NO_TERM, self.exponent + s_exponent[m][:, None] + more
        )

    def _multiply(self) -> None:
        """$W^{\\mathsf T} G$: ``out[v, j]`` $= \\sum_k w_{kv} g_{kj}$, a few columns at a time."""
        w_mantissa, w_exponent = self.weights
        n, columns = self.mantissa.shape
        chunk = max(1, _CHUNK // (n * n))
        for low in range(0, columns, chunk):
            g_mantissa = self.mantissa[:, low : low + chunk]
            exponents = w_exponent[:, :, None] + self.exponent[:, None, low : low + chunk]
            top = exponents.max(axis=0)  # [v, j]
            terms = np.ldexp(
                w_mantissa[:, :, None] * g_mantissa[:, None, :], np.maximum(exponents - top, _DROP)
            )
            sums, more = np.frexp(terms.sum(axis=0))
            self.mantissa[:, low : low + chunk] = sums
            self.exponent[:, low : low + chunk] = np.where(sums == 0.0, NO_TERM, top + more)
