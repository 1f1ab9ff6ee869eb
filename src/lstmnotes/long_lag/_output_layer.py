"""The output layer both learners of Task 2a share, and the checks of their arguments.

In the paper's nets for Task 2a {cite:p}`hochreiter1997lstm` (§5.2) each layer is connected from all layers
below: the $K = p + 1$ logistic output units read the $K$ input units and the one hidden unit (or memory
cell) $z(t)$, and have no bias and no recurrent connection:

$$
y_k(t) = \\sigma\\bigl(W_{k, u(t)} + W_{k, K}\\, z(t)\\bigr),
$$

where $u(t)$ is the symbol read at step $t$ (one-hot input, so one input weight is active). The error at
every step is the squared error $\\tfrac12 \\sum_k (y_k(t) - d_k(t))^2$ against the one-hot target $d(t)$.
Every learner's arrays carry a leading axis of independent nets (seeds), so that a batch of nets trains at
once.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import count, finite_array, no_bools
from lstmnotes.activations import ACTIVATIONS, LOGISTIC_PRIME_MAX
from lstmnotes.long_lag._task import MAX_DELAY, generator

__all__ = [
    "INIT_RANGE",
    "LN10",
    "MAX_NET_VALUES",
    "MAX_RUN_ERROR",
    "MAX_RUN_VALUES",
    "MAX_SEEDS",
    "RUN_ACCURACY",
    "Array",
    "check_accuracy",
    "check_net_size",
    "check_run_size",
    "check_symbols",
    "checked_sizes",
    "finite_gradient",
    "largest_output_net",
    "log_sigma",
    "log_sigma_prime",
    "logistic_parts",
    "net_sizes",
    "output_backward",
    "output_errors",
    "output_forward",
    "output_net",
    "sigma",
    "weight_array",
]

Array = NDArray[np.float64]

MAX_SEEDS: Final = 1_000
"""The most nets trained side by side."""

MAX_NET_VALUES: Final = 20_000_000
"""The most output weights, ``seeds * K * (K + 1)``, held at once (160 MB of float64)."""

RUN_ACCURACY: Final = 4
"""The factor $c$ of the runs' and gradients' stated accuracy, $c\\,(T + K)(1 + N)^2 A\\,2^{-53}$ (see the
part's domain rows; $N$ is the largest sum of the sizes of a net input's terms, $A$ the most a step's
error can grow on its way through the later steps): the fuzz tests compare with mpmath against it."""

MAX_RUN_ERROR: Final = 1e-3
"""The largest stated error a run or gradient (relative) or a flow (in units of its log10) is returned
with: where the weights make the stated bound larger (huge weights, or a self-weight beyond 4 over many
steps), the call is refused."""

MAX_RUN_VALUES: Final = 5_000_000
"""The most output values, ``S T K``, of a run or a gradient: several arrays of that many float64 are held
at once (up to about 550 MB), and a gradient at the limit takes about a second."""

INIT_RANGE: Final = 0.2
"""The paper's initial weights are uniform in $[-0.2, 0.2]$ (§5.2)."""

sigma = ACTIVATIONS["logistic"][0]

LN10: Final = math.log(10.0)


def logistic_parts(x: Array) -> tuple[Array, Array, Array]:
    """$\\sigma(x)$, $1 - \\sigma(x) = \\sigma(-x)$ and $\\sigma'(x)$ of finite or infinite ``x``, from one
    exponential.

    Each equals, to the bit, what the library's logistic and its slope
    ({py:data}`lstmnotes.activations.ACTIVATIONS`) give: the complement and the slope are not formed as
    $1 - y$ and $y(1 - y)$ of a rounded $y$, which are 0 where $y$ rounds to 1 (a net input above about 37).
    """
    # the same operations as the library's, in place where they can be (fresh memory costs time here)
    e = np.abs(x)
    # in [0, 1]: never overflows; 0 for |x| beyond about 745 and for +-inf
    np.exp(np.negative(e, out=e), out=e)
    d = 1.0 + e
    big, small = np.divide(1.0, d), np.divide(e, d)  # sigma(|x|), sigma(-|x|)
    slope = np.minimum(np.divide(e, np.square(d, out=d), out=e), LOGISTIC_PRIME_MAX, out=e)
    up = x >= 0
    y = np.where(up, big, small)
    np.copyto(big, small, where=up)  # now 1 - y
    return y, big, slope


def log_sigma(x: Array) -> Array:
    """$\\ln\\sigma(x) = -\\ln(1 + e^{-x})$ of finite ``x``, accurate where $\\sigma(x)$ underflows."""
    return np.asarray(-np.logaddexp(0.0, -x))


def log_sigma_prime(x: Array) -> Array:
    """$\\ln\\sigma'(x) = -|x| - 2\\ln(1 + e^{-|x|})$ of finite ``x``, accurate where $\\sigma'(x)$
    underflows (beyond a net input of about 745) and where $y(1 - y)$ of a rounded $y$ is 0 (beyond 37)."""
    size = np.abs(x)
    return np.asarray(-size - 2.0 * np.log1p(np.exp(-size)))


def weight_array(value: ArrayLike, name: str, shape: tuple[int, ...]) -> Array:
    """``value`` as a finite float64 array of exactly ``shape`` (a ``ValueError`` naming ``name`` otherwise)."""
    array = finite_array(value, name)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {array.shape}")
    return array


def net_sizes(output: ArrayLike) -> tuple[Array, int, int]:
    """The output weights ``(S, K, K + 1)`` checked, with the number of nets ``S`` and of symbols ``K``."""
    array = finite_array(output, "output")
    if array.ndim != 3 or array.shape[2] != array.shape[1] + 1:
        raise ValueError(f"output must have shape (seeds, K, K + 1), got {array.shape}")
    seeds, symbols = array.shape[0], array.shape[1]
    if not 1 <= seeds <= MAX_SEEDS:
        raise ValueError(f"the number of nets must be in 1..MAX_SEEDS = {MAX_SEEDS}, got {seeds}")
    if not 3 <= symbols <= MAX_DELAY + 1:
        raise ValueError(f"K = p + 1 must be in 3..{MAX_DELAY + 1}, got {symbols}")
    if array.size > MAX_NET_VALUES:
        raise ValueError(
            f"output has {array.size} weights, beyond MAX_NET_VALUES = {MAX_NET_VALUES}"
        )
    return array, seeds, symbols


def check_net_size(seeds: int, symbols: int) -> None:
    """Refuse ``seeds`` nets over ``symbols`` symbols whose output weights exceed ``MAX_NET_VALUES``."""
    if seeds * symbols * (symbols + 1) > MAX_NET_VALUES:
        raise ValueError(
            f"seeds * K * (K + 1) = {seeds * symbols * (symbols + 1)} weights exceed MAX_NET_VALUES = "
            f"{MAX_NET_VALUES}"
        )


def check_run_size(shape: tuple[int, ...], alphabet: int) -> None:
    """Refuse symbols of ``shape`` ``(S, T + 1)`` whose run has more than ``MAX_RUN_VALUES`` outputs
    ``S T K`` (``K = alphabet``)."""
    values = shape[0] * (shape[1] - 1) * alphabet
    if values > MAX_RUN_VALUES:
        raise ValueError(
            f"symbols of shape {shape} give S T K = {values} outputs over K = {alphabet} symbols, beyond "
            f"MAX_RUN_VALUES = {MAX_RUN_VALUES}"
        )


def check_accuracy(
    largest: Array, steps: int, symbols: int, log2_growth: Array, what: str, times: int = 1
) -> None:
    """Refuse nets whose stated error bound exceeds ``MAX_RUN_ERROR``.

    The bound is ``times`` times ``RUN_ACCURACY (T + K)(1 + N)^2 A 2^-53`` per net, evaluated in float64
    (so within a relative 1e-12 of the limit either outcome may occur): ``largest`` ``(S,)`` is $N$, the largest
    sum of the sizes of a net input's terms (inf where one is beyond float64), ``symbols`` is $K$ and
    ``log2_growth`` ``(S,)`` is $\\log_2 A$ ($\\log_2 A^2$ for a gradient). ``what`` names the result
    (``"run"``, ``"gradient"`` or ``"flow"``) in the message.
    """
    if times == 0:  # nothing to be off
        return
    with np.errstate(over="ignore"):
        log2_bound = (
            math.log2(times * RUN_ACCURACY * (steps + symbols))
            + 2.0 * np.log2(1.0 + largest)
            + log2_growth
            - 53.0
        )
    bad = np.flatnonzero(~(log2_bound <= math.log2(MAX_RUN_ERROR)))
    if bad.size:
        s = int(bad[0])
        raise ValueError(
            f"net: the weights of net {s} give its {what} over T = {steps} steps a stated error "
            f"bound of 2^{log2_bound[s]:.1f}, beyond MAX_RUN_ERROR = {MAX_RUN_ERROR} (N = "
            f"{largest[s]:.3g}, the largest sum of the sizes of a net input's terms; "
            f"{'A^2' if what == 'gradient' else 'A'} = 2^{log2_growth[s]:.1f}, A the most an error can "
            "grow over the later steps)"
        )


def checked_sizes(rng: object, p: object, seeds: object) -> tuple[np.random.Generator, int, int]:
    """The generator, the number of nets and $K = p + 1$ for new Task 2a nets, checked.

    :raises TypeError: if ``rng`` is not a numpy ``Generator`` or a count is not an integer.
    :raises ValueError: for ``p`` outside ``2..MAX_DELAY``, ``seeds`` outside ``1..MAX_SEEDS`` or more than
        ``MAX_NET_VALUES`` output weights.
    """
    rng = generator(rng)
    p = count(p, "p", minimum=2, maximum=MAX_DELAY)
    seeds = count(seeds, "seeds", minimum=1, maximum=MAX_SEEDS)
    check_net_size(seeds, p + 1)
    return rng, seeds, p + 1


def check_symbols(symbols: ArrayLike, seeds: int, alphabet: int) -> NDArray[np.int64]:
    """Symbol numbers ``(S, T + 1)`` with ``T >= 1``, each in ``0..K-1`` (``K = alphabet``), checked.

    :raises TypeError: for anything but integers (booleans and floats included), a masked array or an
        array of dtype object.
    :raises ValueError: for a wrong shape (an empty or ragged ``symbols`` included) or a symbol out of
        range.
    """
    if isinstance(symbols, str | bytes) or symbols is None:
        raise TypeError(f"symbols must be integers, got {type(symbols).__name__}")
    if isinstance(symbols, np.ma.MaskedArray):  # numpy would read its masked entries' raw data
        raise TypeError(
            "symbols must be integers, got a masked array (fill or drop the masked entries first)"
        )
    if isinstance(symbols, np.ndarray) and symbols.dtype.kind == "O":
        raise TypeError(
            "symbols must be integers, got an array of dtype object (convert it to int first)"
        )
    no_bools(symbols, "symbols", "integers")
    try:
        array = np.asarray(symbols)
    except ValueError:  # ragged nested sequences
        raise ValueError(
            f"symbols must be a regular array of integers of shape ({seeds}, T + 1), got sequences of "
            "different lengths"
        ) from None
    if (
        array.size == 0
    ):  # numpy reads [[]] as float64: an empty list is a wrong shape, not a wrong type
        raise ValueError(
            f"symbols must have shape ({seeds}, T + 1) with 1 <= T <= {MAX_DELAY}, got the empty "
            f"shape {array.shape}"
        )
    if array.dtype.kind == "O" and all(isinstance(v, int | np.integer) for v in array.flat):
        # integers numpy cannot hold (beyond int64) are integers out of range, not a wrong type
        raise ValueError(
            f"symbols must be symbol numbers in 0..{alphabet - 1}, got one beyond int64"
        )
    if array.dtype.kind not in "iu":
        raise TypeError(f"symbols must be integers, got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[0] != seeds or not 2 <= array.shape[1] <= MAX_DELAY + 1:
        raise ValueError(
            f"symbols must have shape ({seeds}, T + 1) with 1 <= T <= {MAX_DELAY}, got {array.shape}"
        )
    if array.min() < 0 or array.max() >= alphabet:
        raise ValueError(f"symbols must be symbol numbers in 0..{alphabet - 1}")
    return array.astype(np.int64, copy=False)


def finite_gradient(**gradients: Array) -> None:
    """Refuse a gradient with an entry beyond float64 (inf, or NaN from inf times 0), naming it.

    The backward pass runs with numpy's overflow warnings off; an error signal on the way back (such as
    $\\sum_k \\delta_k W_{k, K}$, or one that a self-weight above 4 grows at every step) can exceed float64
    even where the gradient it is multiplied into would not.
    """
    for name, value in gradients.items():
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"net: the gradient with respect to {name} is beyond float64: an error signal on the way "
                "back exceeds 1.8e308"
            )


def output_net(output: Array, inputs: NDArray[np.int64], z: Array) -> Array:
    """The output units' net inputs ``(S, T, K)`` for input symbols ``(S, T)`` and hidden activations ``z``
    ``(S, T)``; a net input beyond float64 is +-inf (its unit's output is then exactly 0 or 1)."""
    active = np.take_along_axis(output, inputs[:, None, :], axis=2).transpose(0, 2, 1)
    with np.errstate(over="ignore"):
        return np.asarray(active + output[:, None, :, -1] * z[:, :, None])


def largest_output_net(output: Array, inputs: NDArray[np.int64], z: Array) -> Array:
    """The largest sum of the sizes of an output net input's terms, $|W_{k,u}| + |W_{k,K}\\, z|$, per net
    ``(S,)`` (inf where one is beyond float64)."""
    active = np.take_along_axis(np.abs(output), inputs[:, None, :], axis=2)  # (S, K, T)
    with np.errstate(over="ignore"):
        sizes = active + np.abs(output[:, :, -1:] * z[:, None, :])
    return np.asarray(np.max(sizes, axis=(1, 2)))


def output_errors(
    output: Array, inputs: NDArray[np.int64], targets: NDArray[np.int64], z: Array
) -> tuple[Array, Array, Array]:
    """Each output's net input, absolute error $|y - d|$ and slope, each ``(S, T, K)``, all from the net
    input: $|y - 1| = \\sigma(-\\mathit{net})$ and $y(1 - y)$ are not lost where $y$ rounds to 1."""
    nets = output_net(output, inputs, z)
    y, rest, slopes = logistic_parts(nets)
    return nets, np.where(np.arange(nets.shape[2]) == targets[:, :, None], rest, y), slopes


def output_forward(output: Array, inputs: NDArray[np.int64], z: Array) -> Array:
    """The outputs ``(S, T, K)`` for input symbols ``(S, T)`` and hidden activations ``z`` ``(S, T)``."""
    return np.asarray(sigma(output_net(output, inputs, z)))


def output_backward(
    output: Array, inputs: NDArray[np.int64], targets: NDArray[np.int64], z: Array
) -> tuple[Array, Array, Array]:
    """The loss per net, the output weights' gradient and the error arriving at ``z``.

    The error $y - d$ of an output whose target is 1 is $-\\sigma(-\\mathit{net})$ and its slope
    $\\sigma'(\\mathit{net})$, both from the net input, so that neither is lost where $y$ rounds to 1.

    :return: loss ``(S,)``, $\\partial E/\\partial W$ ``(S, K, K + 1)`` and $\\partial E/\\partial z(t)$
        along the direct path ``(S, T)``.
    """
    net = output_net(output, inputs, z)
    seeds, _, symbols = net.shape
    y, rest, slope = logistic_parts(net)
    diff = np.where(np.arange(symbols) == targets[:, :, None], -rest, y)
    delta = diff * slope
    rows = (np.arange(seeds)[:, None, None] * symbols + np.arange(symbols)) * (symbols + 1)
    index = rows + inputs[:, :, None]
    grad = np.asarray(
        np.bincount(
            index.ravel(),
            weights=delta.ravel(),
            minlength=seeds * symbols * (symbols + 1),
        ),
        dtype=np.float64,
    ).reshape(seeds, symbols, symbols + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # checked by the caller (finite_gradient)
        grad[:, :, -1] = np.einsum("stk,st->sk", delta, z)
        to_z = delta @ output[:, :, -1][:, :, None]
    return 0.5 * np.sum(diff**2, axis=(1, 2)), grad, to_z[:, :, 0]
