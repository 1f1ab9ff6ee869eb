"""The path sum of eq. (3.2): the scaling factor as a sum over every path through the net, term by term.

With $l_0 = u$ and $l_q = v$, each of the $n^{q-1}$ paths $(l_1, \\dots, l_{q-1})$ contributes a product of
$q$ slopes and $q$ weights {cite:p}`hochreiter1997lstm`. The weight of each step is indexed either as
printed in the paper, $w_{l_m l_{m-1}}$, or corrected, $w_{l_{m-1} l_m}$; {py:func}`step_weight` holds the
one place where the two differ, for the numeric path sum here and for its sympy twin. The arrays are laid
out as for {py:func}`lstmnotes.flow.scaling_factor`, which the corrected sum equals:

- {py:func}`path_sum`: the whole $n \\times n$ matrix, every term built explicitly and then summed;
- {py:func}`path_terms`: the individual terms from one $u$ to one $v$, before they are summed.

Both refuse to build more than {py:data}`MAX_PATH_TERMS` terms. All inputs are validated: a bad ``W`` or
``fprime`` (as for {py:func}`lstmnotes.flow.scaling_factor`) or an unknown convention raise
``ValueError`` (or ``TypeError`` for non-numbers) naming the problem.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import choice, sized_flow_args, unit_index

__all__ = [
    "CONVENTIONS",
    "MAX_PATH_LAGS",
    "MAX_PATH_TERMS",
    "path_sum",
    "path_terms",
    "step_weight",
]

Array = NDArray[np.float64]

CONVENTIONS: Final = ("corrected", "printed")
"""The two weight indices of eq. (3.2): ``"corrected"`` $w_{l_{m-1} l_m}$, ``"printed"`` $w_{l_m l_{m-1}}$."""

MAX_PATH_TERMS: Final = 2**22
"""The most path terms {py:func}`path_sum` and {py:func}`path_terms` will materialise.

{py:func}`path_sum` builds all $n^{q+1}$ terms (the $n^{q-1}$ paths of each of the $n^2$ pairs
$(u, v)$); {py:func}`path_terms` builds $n^{q}$ for one $u$. At $2^{22}$ terms (32 MiB of floats) either
takes well under a second; larger requests are refused with a ``ValueError`` instead of running for
minutes or exhausting memory. Use {py:func}`lstmnotes.flow.scaling_factor` for large nets: it costs
$O(q n^3)$.
"""


def _convention(convention: str) -> str:
    return choice(convention, "convention", CONVENTIONS)


def step_weight(W: Any, previous: Any, current: Any, convention: str = "corrected") -> Any:
    """The weight a path term of (3.2) pairs with the step from $l_{m-1}$ to $l_m$.

    The error travels back from unit $l_{m-1}$ (at time $t-m+1$) to unit $l_m$ (at time $t-m$). The
    back-propagation rule multiplies it by the weight of the connection from $l_m$ to $l_{m-1}$, that is
    $w_{l_{m-1} l_m}$ (``"corrected"``); the paper prints $w_{l_m l_{m-1}}$ (``"printed"``). This is the
    only place where the two conventions differ, and it works for anything indexable by a pair: NumPy
    arrays (with integer or broadcast index arrays), sympy matrices and sympy ``IndexedBase`` objects.

    :param W: the weights, indexable as ``W[i, j]`` $= w_{ij}$.
    :param previous: $l_{m-1}$, the unit the error leaves.
    :param current: $l_m$, the unit the error reaches.
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: ``W[previous, current]`` (corrected) or ``W[current, previous]`` (printed).
    :raises ValueError: for an unknown convention.

    ```pycon
    >>> W = np.array([[0.0, 1.0], [2.0, 0.0]])
    >>> float(step_weight(W, 0, 1)), float(step_weight(W, 0, 1, "printed"))
    (1.0, 2.0)

    ```
    """
    if _convention(convention) == "corrected":
        return W[previous, current]
    return W[current, previous]


MAX_PATH_LAGS: Final = 64
"""The most steps back (rows of ``fprime``) {py:func}`path_sum` and {py:func}`path_terms` take."""

_NO_TERM: Final = -(
    1 << 40
)  # the exponent of a zero term: below every other, never overflowing int64


def _check_path_count(n: int, q: int, starts: int) -> None:
    if q > MAX_PATH_LAGS:
        raise ValueError(
            f"fprime has q = {q} rows, above the limit of MAX_PATH_LAGS = {MAX_PATH_LAGS} steps for the "
            "path sum; "
            "use scaling_factor, which sums the same paths by the recursion"
        )
    terms = starts * n**q  # Python integers: no overflow however large
    if terms > MAX_PATH_TERMS:
        raise ValueError(
            f"too many paths: fprime has q = {q} rows for n = {n} units, which gives n^(q-1) = "
            f"{n ** (q - 1)} paths per pair and {terms} path terms to build, above the limit "
            f"MAX_PATH_TERMS = {MAX_PATH_TERMS}; "
            "use scaling_factor, which sums the same paths by the recursion"
        )


def _path_products(
    weights: Array, slopes: Array, starts: NDArray[np.intp], convention: str
) -> tuple[Array, NDArray[np.int64]]:
    """Every path term as ``mantissa * 2**exponent``, shape ``(starts, n**(q-1), n)``: $l_0$, the path, $l_q$.

    The factors are split by ``frexp`` (exact), their mantissas multiplied (the same roundings as the
    plain products, which differ from these by powers of two only) and their exponents added as
    integers: no term over- or underflows however large or small it is. The paths are flattened in the
    order of ``(l_1, ..., l_{q-1})``, so the array never has more than three dimensions.
    """
    n = weights.shape[0]
    index = np.arange(n)
    steps: Array = step_weight(weights, index[:, None], index[None, :], convention)  # [a, b]
    step_mantissa, step_exponent = np.frexp(steps)
    mantissa, exponent = np.frexp(step_mantissa[starts][:, None, :] * np.frexp(slopes[0])[0])
    exponent = exponent + step_exponent[starts][:, None, :] + np.frexp(slopes[0])[1]
    for row in slopes[1:]:
        row_mantissa, row_exponent = np.frexp(row)
        factor = step_mantissa * row_mantissa  # [a, b]: in [1/4, 1) or 0
        shift = step_exponent + row_exponent
        mantissa, more = np.frexp((mantissa[..., None] * factor).reshape(len(starts), -1, n))
        exponent = (exponent[..., None] + shift).reshape(len(starts), -1, n) + more
    return mantissa, np.where(mantissa == 0.0, _NO_TERM, exponent.astype(np.int64))


def _as_floats(mantissa: Array, exponent: NDArray[np.int64], what: str) -> Array:
    """``mantissa * 2**exponent`` elementwise, refusing values beyond float64 (naming ``what``)."""
    total = exponent + np.frexp(mantissa)[1]
    if np.any((total > 1024) & (mantissa != 0.0)):
        raise ValueError(f"{what} overflows float64: beyond the largest float64 (about 1.8e308)")
    return np.ldexp(mantissa, np.clip(exponent, -4000, 4000))


def path_sum(W: ArrayLike, fprime: ArrayLike, convention: str = "corrected") -> Array:
    """The scaling factors by brute force: the sum over all $n^{q-1}$ paths of eq. (3.2).

    With $l_0 = u$ and $l_q = v$, each path $(l_1, \\dots, l_{q-1})$ contributes
    $\\prod_{m=1}^{q} f'_{l_m}(\\mathit{net}_{l_m}(t-m))\\, \\omega_m$, where $\\omega_m$ is the weight
    {py:func}`lstmnotes.flow.step_weight` assigns to the step: $w_{l_{m-1} l_m}$ (corrected) or $w_{l_m l_{m-1}}$ (as
    printed). Every term is built explicitly, one path level at a time (vectorised over all paths of a
    level), and then summed; the corrected sum equals {py:func}`scaling_factor`.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: the matrix with entry ``[v, u]`` the path sum from $u$ to $v$.
    :raises ValueError: for bad ``W`` or ``fprime``, an unknown convention, more than
        ``MAX_PATH_TERMS`` path terms ($n^{q+1}$ in all), $q$ above ``MAX_PATH_LAGS`` or a sum beyond
        float64 (the terms themselves are kept as mantissa and exponent: none over- or underflows).

    ```pycon
    >>> W = np.array([[0.0, 2.0], [0.0, 0.0]])
    >>> path_sum(W, [[0.25, 0.25]], "printed").tolist()  # q = 1 as printed: f'_v w_vu
    [[0.0, 0.5], [0.0, 0.0]]

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, lambda n, q: _check_path_count(n, q, n))
    _convention(convention)
    n = weights.shape[0]
    mantissa, exponent = _path_products(weights, slopes, np.arange(n, dtype=np.intp), convention)
    top = exponent.max(axis=1)  # [u, v]: the largest term's exponent
    terms = np.ldexp(mantissa, np.maximum(exponent - top[:, None, :], -4000))  # exact, or far below
    sums = terms.sum(axis=1)  # [u, v], the terms in the same order as unscaled
    return np.ascontiguousarray(_as_floats(sums, top, "the path sum").T)


def path_terms(
    W: ArrayLike, fprime: ArrayLike, u: int, v: int, convention: str = "corrected"
) -> Array:
    """The $n^{q-1}$ individual path terms of eq. (3.2) from $u$ to $v$, before they are summed.

    :param W: the $n \\times n$ weights.
    :param fprime: the slopes, shape ``(q, n)``.
    :param u: the unit $l_0$ where the error starts (time $t$).
    :param v: the unit $l_q$ it reaches (time $t-q$).
    :param convention: ``"corrected"`` or ``"printed"``.
    :return: an array of shape ``(n,) * (q - 1)`` whose entry ``[l_1, ..., l_{q-1}]`` is that path's
        term (a 0-d array when $q = 1$). Its sum is ``path_sum(W, fprime, convention)[v, u]``.
    :raises ValueError: as {py:func}`path_sum`, or for units out of range.

    ```pycon
    >>> W = np.array([[1.0, 1.0], [-1.0, 0.0]])
    >>> path_terms(W, np.ones((2, 2)), 0, 0).tolist()  # paths 0->0->0 and 0->1->0 cancel
    [1.0, -1.0]

    ```
    """
    weights, slopes = sized_flow_args(W, fprime, lambda n, q: _check_path_count(n, q, 1))
    _convention(convention)
    n, q = weights.shape[0], slopes.shape[0]
    start, end = unit_index(u, n, "u"), unit_index(v, n, "v")
    mantissa, exponent = _path_products(
        weights, slopes, np.array([start], dtype=np.intp), convention
    )
    terms = _as_floats(mantissa[0, :, end], exponent[0, :, end], "a path term")
    return terms.reshape((n,) * (q - 1))
