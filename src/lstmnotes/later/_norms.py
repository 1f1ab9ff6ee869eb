"""The quantities the later conditions compare, and the slope bound $\\gamma$ they rest on.

With the slopes bounded, $\\|\\operatorname{diag}(f')\\| \\le \\gamma$ ($\\gamma = 1/4$ for the logistic, $1$
for tanh), each step back multiplies the error by $F'(t-m)\\, W^{\\mathsf T}$, whose spectral norm is at most
$\\gamma\\, \\sigma_{max}(W)$ {cite:p}`pascanu2013difficulty`. This module holds $\\gamma$ for each activation,
the largest singular value $\\sigma_{max}(W)$, the spectral radius $\\rho(W)$ that a misreading puts in its
place, and the spectral norm of the whole flow matrix at every lag.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import flow_args, square_matrix
from lstmnotes.activations import LOGISTIC_PRIME_MAX, NAMED_ACTIVATIONS, Activation, as_activation

__all__ = [
    "GAMMA",
    "MAX_FLOW_LAG",
    "MAX_FLOW_WORK",
    "MAX_UNITS",
    "flow_norms",
    "gamma",
    "largest_singular_value",
    "spectral_radius",
]

Array = NDArray[np.float64]

MAX_UNITS: Final = 256
"""The most units $n$ the later conditions' numerics accept (an eigen- or singular value decomposition of
$256 \\times 256$ takes a few hundredths of a second)."""

MAX_FLOW_LAG: Final = 20_000
"""The longest lag $q$ of {py:func}`flow_norms` (one step and one spectral norm per lag)."""

MAX_FLOW_WORK: Final = 200_000_000
"""The most work $q n^3$ of {py:func}`flow_norms`."""

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


def _matrix(W: ArrayLike) -> Array:
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
    :raises ValueError: for a non-square, non-finite or too large matrix, or a singular value beyond the
        float range.

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
    :raises ValueError: for a non-square, non-finite or too large matrix, or a radius beyond the float range.

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
    $q$. The running product is kept scaled by a power of two (exact), so it neither under- nor overflows
    on the way.

    :param W: the $n \\times n$ weights, $n \\le$ {py:data}`MAX_UNITS`.
    :param fprime: the slopes, shape ``(q, n)``, $q \\le$ {py:data}`MAX_FLOW_LAG` and
        $q n^3 \\le$ {py:data}`MAX_FLOW_WORK`.
    :return: an array of length $q$.
    :raises TypeError: for arguments that are not real numbers.
    :raises ValueError: as {py:func}`lstmnotes.flow.scaling_factor`, for sizes beyond the limits, or a norm
        beyond the float range.

    ```pycon
    >>> flow_norms(2 * np.eye(2), np.full((3, 2), 0.25)).tolist()
    [0.5, 0.25, 0.125]

    ```
    """
    weights, slopes = flow_args(W, fprime)
    n, q = weights.shape[0], slopes.shape[0]
    if n > MAX_UNITS:
        raise ValueError(f"W may have at most MAX_UNITS = {MAX_UNITS} units, got n = {n}")
    if q > MAX_FLOW_LAG or q * n**3 > MAX_FLOW_WORK:
        raise ValueError(
            f"fprime is too long: q = {q} (at most MAX_FLOW_LAG = {MAX_FLOW_LAG}) with q n^3 = "
            f"{q * n**3} (at most MAX_FLOW_WORK = {MAX_FLOW_WORK})"
        )
    shift_w = _peak_exponent(weights)
    norms = np.empty(q)
    exponent = 0
    flow = np.eye(n)
    with np.errstate(under="ignore"):
        transposed = np.ascontiguousarray(np.ldexp(weights.T, -shift_w))
        for m, row in enumerate(slopes):
            flow = transposed @ flow
            shift, shift_row = _peak_exponent(flow), _peak_exponent(row)
            # exact scalings by powers of two, then the one rounding of the product
            flow = np.ldexp(row, -shift_row)[:, None] * np.ldexp(flow, -shift)
            exponent += shift + shift_row + shift_w
            norms[m] = _scaled_back(
                float(np.linalg.norm(flow, 2)), exponent, f"the flow norm at lag {m + 1}"
            )
    return norms
