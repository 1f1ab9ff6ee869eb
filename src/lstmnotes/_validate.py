"""Input validation shared by the public functions (private).

Every public function funnels its arguments through these helpers, so bad input fails early with a message
that names the argument and the problem instead of surfacing later as a NaN or a wrong number:

- a number is a real number: ``int``, ``float`` or a numpy integer or float, or an array or nested list of
  them. Strings, bytes, ``None``, complex values, booleans, dates, durations and arrays of dtype object
  (whatever they hold) are refused with a ``TypeError`` (strings are never parsed as numbers); a nested
  list of Python ints too large for int64 is read as the numbers it holds, exactly (an integer beyond
  float64 is a ``ValueError``);
- a wrong shape, an empty array, a non-finite value or a value beyond float64 gets a ``ValueError``;
- a count (a number of units, steps, samples) is an integer, not a bool, within stated limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeGuard

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "choice",
    "count",
    "counts",
    "finite_array",
    "finite_scalar",
    "flag",
    "flow_args",
    "generator",
    "index_list",
    "no_bools",
    "real_array",
    "sized_flow_args",
    "square_matrix",
    "unit_index",
]

_REAL_KINDS = frozenset("iuf")  # numpy dtype kinds of integers and floats
_KIND_NAMES = {
    "b": "booleans",
    "c": "complex numbers",
    "M": "dates",
    "m": "durations",
    "U": "strings",
    "S": "bytes",
    "V": "raw records",
}


def real_array(value: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array of real numbers (finite or not, any shape).

    :raises TypeError: for strings, bytes, ``None``, complex values, booleans, dates, durations, arrays
        of dtype object (even of floats), masked arrays or objects that are not numbers, naming ``name``.
    :raises ValueError: for ragged nested lists, or integers beyond the float64 range, naming ``name``.
    """
    if value is None or isinstance(value, str | bytes | bytearray | memoryview):
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}")
    if isinstance(value, np.ma.MaskedArray):  # numpy would read its masked entries' raw data
        raise TypeError(
            f"{name} must be real numbers, got a masked array (fill or drop the masked entries first)"
        )
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        raise TypeError(
            f"{name} must be real numbers, got an array of dtype object (convert it to float first)"
        )
    if isinstance(value, list | tuple):
        odd = _first_non_real(value)
        if odd is not None:
            raise TypeError(f"{name} must be real numbers, found {odd} among them")
    try:
        raw = np.asarray(value)
    except ValueError as err:  # ragged nested sequences
        raise ValueError(f"{name} must be a regular array of numbers: {err}") from None
    kind = raw.dtype.kind
    if kind == "f" and raw.dtype.itemsize > 8:  # wider floats: refuse what float64 cannot hold
        stored = _stored(raw)
        finite = stored[np.isfinite(stored)]
        if finite.size and np.abs(finite).max() > np.finfo(np.float64).max:
            raise ValueError(f"{name} has a value beyond the float64 range (about 1.8e308)")
    if kind == "O":
        items = raw.ravel().tolist()
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in items):
            bad = next(x for x in items if isinstance(x, bool) or not isinstance(x, int | float))
            raise TypeError(f"{name} must be real numbers, found {type(bad).__name__}: {bad!r}")
        try:
            return np.array(items, dtype=np.float64).reshape(raw.shape)
        except OverflowError:
            raise ValueError(
                f"{name} has an integer beyond the float64 range (about 1.8e308)"
            ) from None
    if kind not in _REAL_KINDS:
        what = _KIND_NAMES.get(kind, f"values of dtype {raw.dtype}")
        raise TypeError(f"{name} must be real numbers, got {what}")
    return _float64(raw)


def _float64(raw: NDArray[Any]) -> NDArray[np.float64]:
    """``raw`` as float64; of a broadcast view, what is stored is converted, not its repeats."""
    stored = _stored(raw)
    if stored.size < raw.size and raw.dtype != np.float64:
        return np.broadcast_to(stored.astype(np.float64), raw.shape)
    return raw.astype(np.float64, copy=False)


def _stored(array: NDArray[Any]) -> NDArray[Any]:
    """The entries ``array`` holds in memory: along an axis of stride 0 (a broadcast view, say) every entry
    is the same, so one is kept. Checks of every entry then cost what the stored data costs, however
    large the shape, and a size limit is reached before the time and memory of the repeats are spent."""
    if 0 not in array.strides:
        return array
    return array[tuple(slice(0, 1) if stride == 0 else slice(None) for stride in array.strides)]


def _first_non_real(items: list[Any] | tuple[Any, ...]) -> str | None:
    """What in a nested list or tuple is not a real number (numpy would turn a bool into 1.0 silently, and
    an array of objects or of another kind into an object array or a ragged-shape error), else ``None``."""
    for x in items:
        if isinstance(x, bool | np.bool_):
            return "a boolean"
        if isinstance(x, list | tuple):
            inner = _first_non_real(x)
            if inner is not None:
                return inner
        elif isinstance(x, np.ma.MaskedArray):  # numpy would read its masked entries' raw data
            return "a masked array"
        elif isinstance(x, np.ndarray):
            if x.dtype.kind not in _REAL_KINDS:
                return f"an array of dtype {x.dtype}"
        elif x is None or isinstance(
            x, str | bytes | bytearray | memoryview | complex | np.complexfloating
        ):
            return f"a {type(x).__name__}"
    return None


def finite_array(value: ArrayLike, name: str, *, ndim: int | None = None) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array, refusing non-numeric, non-finite or wrongly shaped input."""
    array = real_array(value, name)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}")
    stored = _stored(array)
    if not np.all(np.isfinite(stored)):
        bad = np.argwhere(~np.isfinite(stored))
        where = tuple(int(i) for i in bad[0]) if array.ndim else ()
        raise ValueError(f"{name} must be finite, found {array[where]!r} at index {where}")
    return array


def finite_scalar(value: ArrayLike, name: str) -> float:
    """Return ``value`` as a Python float, refusing arrays, non-numbers and non-finite values."""
    array = finite_array(value, name)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a single number, got shape {array.shape}")
    return float(array)


def square_matrix(value: ArrayLike, name: str = "W") -> NDArray[np.float64]:
    """Return ``value`` as a finite float64 ``(n, n)`` array with ``n >= 1``."""
    array = finite_array(value, name, ndim=2)
    rows, cols = array.shape
    if rows != cols or rows == 0:
        raise ValueError(f"{name} must be a non-empty square matrix, got shape {array.shape}")
    return array


def scalar_or_array(array: NDArray[np.float64]) -> Any:
    """Return a Python float for 0-d results and the array otherwise."""
    return float(array) if array.ndim == 0 else array


def flow_args(W: ArrayLike, fprime: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Validate ``W`` (square, finite) and ``fprime`` (2-D, finite, q >= 1 rows, n columns)."""
    weights = square_matrix(W, "W")
    slopes = finite_array(fprime, "fprime", ndim=2)
    n = weights.shape[0]
    if slopes.shape[0] < 1:
        raise ValueError("fprime must have at least one row: q = len(fprime) must be >= 1")
    if slopes.shape[1] != n:
        raise ValueError(
            f"fprime must have n = {n} columns (one slope per unit), got shape {slopes.shape}"
        )
    return weights, slopes


def _shaped(value: object) -> TypeGuard[NDArray[Any]]:
    """Whether ``value`` is a numpy array of integers or floats, whose shape may be checked before its
    entries (a masked or object array is left to the checks that read its entries)."""
    return (
        isinstance(value, np.ndarray)
        and not isinstance(value, np.ma.MaskedArray)
        and value.dtype.kind in _REAL_KINDS
    )


def sized_flow_args(
    W: ArrayLike, fprime: ArrayLike, check: Callable[[int, int], None]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``flow_args(W, fprime)``, with ``check(n, q)`` run on the sizes before any entry is read.

    An array's shape is known before its entries are: a ``W`` or ``fprime`` too large for ``check`` (a
    zero-stride broadcast view of $10^9$ rows, say) is refused at once, not after a scan of its entries
    for finiteness or a conversion to float64. Nested lists are converted and checked as by
    ``flow_args``, then ``check`` runs on the result.
    """
    if _shaped(W) and W.ndim == 2 and W.shape[0] == W.shape[1] >= 1:
        check(W.shape[0], 1)  # a W too large for even one step
    weights = square_matrix(W, "W")
    n = weights.shape[0]
    if _shaped(fprime) and fprime.ndim == 2 and fprime.shape[0] >= 1:
        if fprime.shape[1] != n:
            raise ValueError(
                f"fprime must have n = {n} columns (one slope per unit), got shape {fprime.shape}"
            )
        check(n, fprime.shape[0])
    weights, slopes = flow_args(weights, fprime)
    check(n, slopes.shape[0])
    return weights, slopes


def unit_index(index: int, n: int, name: str) -> int:
    """Validate a unit index: an integer (not a bool) in ``0..n-1``; returns it as an ``int``."""
    if isinstance(index, bool | np.bool_ | np.timedelta64) or not isinstance(
        index, int | np.integer
    ):
        raise TypeError(f"{name} must be an integer unit index, got {type(index).__name__}")
    if not 0 <= index < n:
        raise ValueError(f"{name} must be a unit index in 0..{n - 1}, got {index}")
    return int(index)


def count(value: object, name: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` after checking that it is an integer (not a bool) in the limits.

    :param value: the count.
    :param name: the argument's name, for the messages.
    :param minimum: the smallest allowed value.
    :param maximum: the largest allowed value (``None``: no limit).
    :raises TypeError: if ``value`` is not an ``int`` or a numpy integer, or is a bool.
    :raises ValueError: if it lies outside ``minimum..maximum``.
    """
    if (
        isinstance(value, bool | np.bool_ | np.timedelta64)  # numpy counts durations as integers
        or not isinstance(value, int | np.integer)
    ):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}: {value!r}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        limits = f"in {minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise ValueError(f"{name} must be an integer {limits}, got {number}")
    return number


def flag(value: object, name: str) -> bool:
    """Return ``value`` as a Python ``bool`` after checking that it is one (Python or NumPy).

    :raises TypeError: for anything else (an int such as 0 or 1, None, a string), naming ``name``.
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}: {value!r}")
    return bool(value)


def choice(value: object, name: str, options: Iterable[str]) -> str:
    """Return ``value`` after checking that it is one of the names ``options``.

    :raises TypeError: if ``value`` is not a string, naming ``name``.
    :raises ValueError: if it is a string but not one of ``options``, naming them.
    """
    known = list(options)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {known}, got {type(value).__name__}")
    if value not in known:
        raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(map(repr, known))}")
    return value


def generator(value: object, name: str = "rng") -> np.random.Generator:
    """Return ``value`` after checking that it is a numpy ``Generator`` (``np.random.default_rng(seed)``).

    :raises TypeError: for anything else (a seed, ``None``, the legacy ``RandomState``), naming ``name``.
    """
    if not isinstance(value, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy Generator (np.random.default_rng(seed)), got {type(value).__name__}"
        )
    return value


def counts(
    values: object, name: str, *, minimum: int = 0, maximum: int | None = None
) -> tuple[int, ...]:
    """Return a non-empty sequence of counts as a tuple of ``int``, each checked by :func:`count`.

    :raises TypeError: if ``values`` is not a list or tuple, or an entry is not an integer, naming ``name``.
    :raises ValueError: if it is empty or an entry lies outside the limits.
    """
    if not isinstance(values, list | tuple):
        raise TypeError(f"{name} must be a tuple of integers, got {type(values).__name__}")
    if not values:
        raise ValueError(f"{name} must hold at least one integer")
    return tuple(
        count(v, f"{name}[{i}]", minimum=minimum, maximum=maximum) for i, v in enumerate(values)
    )


def no_bools(values: object, name: str, what: str, where: str = "") -> None:
    """Refuse a bool (Python or NumPy) anywhere in nested lists and tuples ``values``, which numpy would read
    as 0 or 1 among integers, with a TypeError naming ``name`` and the entry (``what`` says what is
    wanted)."""
    if isinstance(values, list | tuple):
        for i, v in enumerate(values):
            if isinstance(v, bool | np.bool_):
                raise TypeError(f"{name} must be {what}, found a bool at {name}{where}[{i}]: {v!r}")
            no_bools(v, name, what, f"{where}[{i}]")


def index_list(
    values: object, name: str, what: str, low: int, high: int, span: str | None = None
) -> NDArray[np.intp]:
    """Return a non-empty flat list of distinct integer indices in ``low..high`` as an ``intp`` array.

    :param values: the indices (a list, tuple or 1-D integer array).
    :param name: the argument's name, for the messages.
    :param what: what an index is, for the messages ("unit indices", "time steps").
    :param low: the smallest allowed index.
    :param high: the largest allowed index.
    :param span: how the messages write the range (default ``"low..high"``).
    :raises TypeError: for ``None``, strings, or any entry that is not an integer -- a float, or a bool
        (Python or NumPy) even among integers, which numpy would read as 0 or 1 -- naming ``name``.
    :raises ValueError: for an empty, nested, repeated or out-of-range list, naming ``name``.
    """
    if values is None or isinstance(values, str | bytes):
        raise TypeError(f"{name} must be integer {what}, got {type(values).__name__}")
    no_bools(values, name, f"integer {what}")
    try:
        array = np.asarray(values)
    except ValueError:  # ragged nested sequences
        raise ValueError(f"{name} must be a flat list of {what}, got {values!r}") from None
    if array.size and array.dtype.kind not in "iu":  # floats, bools, durations, strings, objects
        raise TypeError(f"{name} must be integer {what}, got {array.dtype} values")
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D list of {what}, got shape {array.shape}")
    if (
        array.size > high - low + 1  # more than there are: some repeat (checked before any is read)
        or array.min() < low
        or array.max() > high
        or np.unique(array).size != array.size
    ):
        where = span if span is not None else f"{low}..{high}"
        shown = array[:8].tolist()
        more = f" ... ({array.size} in all)" if array.size > len(shown) else ""
        raise ValueError(f"{name} must be distinct {what} in {where}, got {shown}{more}")
    return array.astype(np.intp)
