"""A forward run of the net kept whole: {py:class}`Run`, made by {py:func}`lstmnotes.net.run_net`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count
from lstmnotes.activations import Activation

__all__ = ["Run"]

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Run:
    """A forward run of the net: its weights, activation, inputs and biases and the trajectory from $y(0)$ to $y(T)$.

    Times are the paper's: ``activations[t]`` is $y(t)$ for $t = 0, \\dots, T$ and ``nets[t - 1]`` is
    $\\mathit{net}(t)$ for $t = 1, \\dots, T$ (the initial activation has no net input); ``inputs[t - 1]``
    is $x(t)$, the input that enters $\\mathit{net}(t)$.
    """

    weights: Array
    """The $n \\times n$ weight matrix, ``weights[i, j]`` $= w_{ij}$ (from unit $j$ to unit $i$)."""
    activation: Activation
    """Every unit's activation function (its ``name`` is the name it was given by, e.g. ``"logistic"``)."""
    nets: Array
    """Net inputs, shape ``(T, n)``; row ``t - 1`` is $\\mathit{net}(t)$."""
    activations: Array
    """Activations, shape ``(T + 1, n)``; row ``t`` is $y(t)$."""
    inputs: Array | None = None
    """The external inputs, shape ``(T, m)``; row ``t - 1`` is $x(t)$. ``None``: the paper's net without."""
    input_weights: Array | None = None
    """The input weights $V$, shape ``(n, m)``, ``V[i, l]`` from input line $l$ to unit $i$; ``None`` without inputs."""
    biases: Array | None = None
    """The biases $b$, shape ``(n,)``; ``None``: no biases (the paper's net)."""

    @property
    def n(self) -> int:
        """The number of units."""
        return int(self.weights.shape[0])

    @property
    def steps(self) -> int:
        """The number $T$ of steps run."""
        return int(self.nets.shape[0])

    def net(self, t: int) -> Array:
        """The net inputs $\\mathit{net}(t)$ for $1 \\le t \\le T$.

        :param t: the time step.
        :return: a copy of the length-$n$ vector.
        :raises ValueError: if $t$ is outside $1, \\dots, T$.
        """
        self._check_time(t, 1, "t")
        return np.array(self.nets[t - 1], dtype=np.float64)

    def y(self, t: int) -> Array:
        """The activations $y(t)$ for $0 \\le t \\le T$.

        :param t: the time step.
        :return: a copy of the length-$n$ vector.
        :raises ValueError: if $t$ is outside $0, \\dots, T$.
        """
        self._check_time(t, 0, "t")
        return np.array(self.activations[t], dtype=np.float64)

    def slopes(self) -> Array:
        """The slopes $f'_i(\\mathit{net}_i(t))$ at every step, shape ``(T, n)``; row ``t - 1`` is time $t$."""
        return np.array(np.broadcast_to(self.activation.fprime(self.nets), self.nets.shape))

    def fprime(self, t: int, q: int) -> Array:
        """The slopes on the way back from time $t$ to time $t - q$, in the layout of the flow functions.

        Row $m - 1$ holds $f'_i(\\mathit{net}_i(t-m))$ for $m = 1, \\dots, q$: the first row is the step
        just before $t$, the last row is time $t - q$. This is the ``fprime`` argument of
        {py:func}`lstmnotes.flow.scaling_factor`.

        :param t: the time $t$ at which the error is injected, $q < t \\le T$.
        :param q: how many steps back, at least 1.
        :return: an array of shape ``(q, n)``.
        :raises ValueError: if $q < 1$ or the run does not reach back to time $t - q \\ge 1$.

        ```pycon
        >>> from lstmnotes.net import run_net
        >>> run = run_net(np.zeros((2, 2)), [0.0, 0.0], 3)
        >>> run.fprime(3, 2).tolist()
        [[0.25, 0.25], [0.25, 0.25]]

        ```
        """
        q = count(q, "q", minimum=1)
        self._check_time(t, 1, "t")
        if t - q < 1:
            raise ValueError(
                f"the run has no net input at time t - q = {t - q}: need q < t, got t={t}, q={q}"
            )
        return self.slopes()[t - 2 :: -1][:q].copy()

    def _check_time(self, t: int, first: int, name: str) -> None:
        if isinstance(t, bool | np.timedelta64) or not isinstance(t, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {type(t).__name__}")
        if not first <= t <= self.steps:
            raise ValueError(f"{name} must be between {first} and T = {self.steps}, got {t}")
