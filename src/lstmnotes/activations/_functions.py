"""Activation functions of the paper's units and their derivatives, in NumPy.

The logistic sigmoid $\\sigma(x) = 1/(1 + e^{-x})$ is the unit the paper analyses; ``tanh`` and the identity
are the alternatives a net may use. Every function is vectorised, accepts any array-like of finite reals and
is numerically stable: no overflow warning for arguments up to $|x| = 10^4$ and beyond. The symbolic twins
of these functions live in {py:mod}`lstmnotes.activations.symbolic` under the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import finite_array, scalar_or_array

__all__ = [
    "ACTIVATIONS",
    "LOGISTIC_PRIME_MAX",
    "identity",
    "identity_prime",
    "logistic",
    "logistic_prime",
    "tanh",
    "tanh_prime",
]

Array = NDArray[np.float64]

LOGISTIC_PRIME_MAX: Final = 0.25
"""The largest value of $\\sigma'$, reached at $x = 0$ (proved symbolically in the book's logistic chapter)."""


def _logistic(x: Array) -> Array:
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _logistic_prime(x: Array) -> Array:
    e = np.exp(-np.abs(x))  # sigma(x)(1 - sigma(x)) = e / (1 + e)^2, symmetric in x
    # near x = 0 rounding can land one ulp above the exact bound 1/4; keep the bound exact
    return np.minimum(e / (1.0 + e) ** 2, LOGISTIC_PRIME_MAX)


def _tanh_prime(x: Array) -> Array:
    # 1 - tanh^2 = 4 e / (1 + e)^2 with e = exp(-2|x|): no overflow. Beyond |x| = 400, e is 0 already;
    # clipping there keeps -2|x| finite (no overflow warning at |x| near 1e308) and changes no value
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    # near 0 the rounding of 4 e / (1 + e)^2 can exceed 1 by an ulp; the exact value never does
    return np.minimum(4.0 * e / (1.0 + e) ** 2, 1.0)


def _far_second(x: Array, factor: float, half_rate: Array) -> Array:
    """$-\\mathrm{sign}(x)\\,c\\,e^{-k|x|}$ (``factor`` $c$ a power of two, ``half_rate`` $= e^{-k|x|/2}$),
    the far tail of a second derivative, as $(c h) h$: the scaling is exact and the product rounds once.

    $c$ times $e^{-k|x|}$ rounded first would scale that rounding up: where the value is subnormal,
    $8 e^{-2|x|}$ (tanh's) would be up to 4 units of $2^{-1074}$ off instead of about one."""
    return -np.sign(x) * ((factor * half_rate) * half_rate)


def _tanh_second(x: Array) -> Array:
    """$\\tanh'' = -2\\tanh\\,\\tanh'$; for $|x| > 20$, where it is
    $-\\mathrm{sign}(x)\\,8e^{-2|x|}$ to within $4e^{-2|x|} < 2^{-55}$ relative, that product formed with
    one rounding."""
    far = np.abs(x) > 20.0
    return np.where(
        far, _far_second(x, 8.0, np.exp(-np.abs(x))), -2.0 * np.tanh(x) * _tanh_prime(x)
    )


def _logistic_second(x: Array, factor: float = 1.0) -> Array:
    """``factor`` times $\\sigma'' = -\\sigma'\\tanh(x/2)$; for $|x| > 40$, where it is
    $-\\mathrm{sign}(x)\\,\\text{factor}\\,e^{-|x|}$ to within $4e^{-|x|} < 2^{-55}$ relative, that
    product formed with one rounding (``factor`` a power of two)."""
    far = np.abs(x) > 40.0
    return np.where(
        far,
        _far_second(x, factor, np.exp(-0.5 * np.abs(x))),
        -factor * _logistic_prime(x) * np.tanh(0.5 * x),
    )


def logistic(x: ArrayLike) -> Any:
    """Logistic sigmoid $\\sigma(x) = 1/(1+e^{-x})$, elementwise.

    :param x: finite real number or array.
    :return: $\\sigma(x)$, a float for scalar input, else an array of the same shape.
    :raises ValueError: if ``x`` holds NaN or infinity.

    ```pycon
    >>> logistic(0.0)
    0.5
    >>> logistic([-1e4, 1e4]).tolist()
    [0.0, 1.0]

    ```
    """
    return scalar_or_array(_logistic(finite_array(x, "x")))


def logistic_prime(x: ArrayLike) -> Any:
    """Derivative of the logistic sigmoid, $\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))$, elementwise.

    Computed as $e^{-|x|}/(1 + e^{-|x|})^2$, which is exact in the tails where the product form loses
    every digit.

    :param x: finite real number or array.
    :return: $\\sigma'(x)$, at most {py:data}`LOGISTIC_PRIME_MAX`.
    :raises ValueError: if ``x`` holds NaN or infinity.

    ```pycon
    >>> logistic_prime(0.0)
    0.25
    >>> bool(logistic_prime(40.0) > 0)
    True

    ```
    """
    return scalar_or_array(_logistic_prime(finite_array(x, "x")))


def tanh(x: ArrayLike) -> Any:
    """Hyperbolic tangent, elementwise.

    :param x: finite real number or array.
    :return: $\\tanh(x)$.
    :raises ValueError: if ``x`` holds NaN or infinity.

    ```pycon
    >>> tanh(0.0)
    0.0

    ```
    """
    return scalar_or_array(np.tanh(finite_array(x, "x")))


def tanh_prime(x: ArrayLike) -> Any:
    """Derivative of the hyperbolic tangent, $1 - \\tanh^2(x)$, elementwise.

    :param x: finite real number or array.
    :return: $\\tanh'(x)$, at most 1.
    :raises ValueError: if ``x`` holds NaN or infinity.

    ```pycon
    >>> tanh_prime(0.0)
    1.0

    ```
    """
    return scalar_or_array(_tanh_prime(finite_array(x, "x")))


def identity(x: ArrayLike) -> Any:
    """The identity activation of the paper's constant error carousel.

    :param x: finite real number or array.
    :return: ``x`` as floats.
    :raises ValueError: if ``x`` holds NaN or infinity.

    ```pycon
    >>> identity(2)
    2.0

    ```
    """
    return scalar_or_array(finite_array(x, "x").copy())


def identity_prime(x: ArrayLike) -> Any:
    """Derivative of the identity: one everywhere.

    :param x: finite real number or array.
    :return: ones shaped like ``x``.
    :raises ValueError: if ``x`` holds NaN or infinity.

    ```pycon
    >>> identity_prime([3.0, -1.0]).tolist()
    [1.0, 1.0]

    ```
    """
    return scalar_or_array(np.ones_like(finite_array(x, "x")))


ACTIVATIONS: Final[dict[str, tuple[Callable[[Array], Array], Callable[[Array], Array]]]] = {
    "logistic": (_logistic, _logistic_prime),
    "tanh": (np.tanh, _tanh_prime),
    "identity": (lambda x: x.copy(), np.ones_like),
}
"""Name to ``(f, f')`` on already validated float arrays, for code that loops over many steps."""
