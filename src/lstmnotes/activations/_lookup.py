"""Activations by name: the built-ins' names, and the look-ups that accept a name or an object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from numpy.typing import ArrayLike

from lstmnotes.activations._activation import (
    CELL_G,
    CELL_H,
    IDENTITY,
    LOGISTIC,
    RELU,
    TANH,
    Activation,
    leaky_relu,
)
from lstmnotes.activations._functions import ACTIVATIONS

__all__ = ["NAMED_ACTIVATIONS", "activation", "as_activation"]


NAMED_ACTIVATIONS: Final[dict[str, Activation]] = {
    a.name: a for a in (LOGISTIC, TANH, IDENTITY, RELU, CELL_G, CELL_H)
} | {"leaky_relu": leaky_relu()}
"""The built-in activations by name (``"leaky_relu"`` is the leak $0.01$)."""


def as_activation(spec: str | Activation, name: str = "activation") -> Activation:
    """The {py:class}`Activation` an argument names: a name of {py:data}`NAMED_ACTIVATIONS`, or an object.

    :param spec: a name or an {py:class}`Activation`.
    :param name: the argument's name, for the messages.
    :return: the activation.
    :raises TypeError: for anything else, naming ``name``.
    :raises ValueError: for an unknown name, listing the known ones.

    ```pycon
    >>> as_activation("relu").slope_max
    1.0

    ```
    """
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str):
        raise TypeError(
            f"{name} must be an Activation or one of the names {sorted(NAMED_ACTIVATIONS)}, "
            f"got {type(spec).__name__}"
        )
    try:
        return NAMED_ACTIVATIONS[spec]
    except KeyError:
        known = ", ".join(repr(k) for k in NAMED_ACTIVATIONS)
        raise ValueError(f"unknown {name} {spec!r}; choose one of {known}") from None


def activation(
    name: str | Activation,
) -> tuple[Callable[[ArrayLike], Any], Callable[[ArrayLike], Any]]:
    """Look up an activation and its derivative: the pair ``(f, f')``, each checking its argument.

    A name is one of {py:data}`ACTIVATIONS` (the units {py:func}`lstmnotes.net.run_net` runs); an
    {py:class}`Activation` gives its own. The pair is the unit itself and its {py:meth}`Activation.prime`:
    each validates ``x`` as the public functions do, and returns a float for a scalar. The unchecked
    float64 callables, for loops over many steps, are the unit's ``f`` and ``fprime``.

    :param name: ``"logistic"``, ``"tanh"`` or ``"identity"``, or an {py:class}`Activation`.
    :return: the pair ``(f, f')``.
    :raises ValueError: for any other name.
    :raises TypeError: if ``name`` is neither a string nor an {py:class}`Activation`.

    ```pycon
    >>> import numpy as np
    >>> f, fprime = activation("logistic")
    >>> float(fprime(np.zeros(1))[0])
    0.25
    >>> activation(RELU)[1](np.array([-1.0, 2.0])).tolist()
    [0.0, 1.0]

    ```
    """
    if not isinstance(name, str | Activation):
        raise TypeError(
            f"name must be the name of an activation (a str) or an Activation, got {type(name).__name__}"
        )
    if isinstance(name, str) and name not in ACTIVATIONS:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}")
    unit = as_activation(name)
    return unit, unit.prime
