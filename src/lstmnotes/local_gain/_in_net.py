r"""The local gain inside a running net: which weight meets which slope, which activation plays $y$, and when.

A path term of the corrected eq. (3.2) from $u = l_0$ (time $t$) to $v = l_q$ (time $t-q$) is

$$\prod_{m=1}^{q} f'_{l_m}(\mathit{net}_{l_m}(t-m))\, w_{l_{m-1} l_m}.$$

The paper reads each factor as the gain of {py:mod}`lstmnotes.local_gain`, a slope times *the weight that feeds
that slope's net input*. {py:func}`path_pairing` splits a path term of a {py:class}`~lstmnotes.net.Run`
into such pairs in three ways:

- ``"printed"``: $f'_{l_m}$ with $w_{l_m l_{m-1}}$, as the paper prints (3.2); that weight feeds
  $\mathit{net}_{l_m}(t-m)$ with the activation $y^{l_{m-1}}(t-m-1)$, but the product is not the flow;
- ``"corrected"``: $f'_{l_m}$ with $w_{l_{m-1} l_m}$, the factors of the corrected (3.2); that weight
  feeds $\mathit{net}_{l_{m-1}}$, not $\mathit{net}_{l_m}$, unless $l_{m-1} = l_m$;
- ``"regrouped"``: the same product sorted as $w_{l_0 l_1} \prod_{m=1}^{q-1}\big(f'_{l_m} w_{l_m l_{m+1}}\big)
  f'_{l_q}$: each slope meets the weight into its own unit, whose input is $y^{l_{m+1}}(t-m-1)$.

It also measures what the paper's "$y$ constant" sets aside: how an activation depends on the weights
({py:func}`activation_sensitivity`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lstmnotes._validate import (
    count,
    finite_array,
    finite_scalar,
    no_bools,
    square_matrix,
    unit_index,
)
from lstmnotes.activations import activation as _lookup
from lstmnotes.local_gain._unit import gain
from lstmnotes.net import MAX_STEPS, Run, run_net

__all__ = [
    "PAIRINGS",
    "Pairing",
    "activation_sensitivity",
    "pair_sweep",
    "path_pairing",
]

Array = NDArray[np.float64]

PAIRINGS: Final = ("printed", "corrected", "regrouped")
"""The three ways {py:func}`path_pairing` pairs slopes with weights."""

MAX_SENSITIVITY_WORK: Final = 100_000_000
"""The most $n^2 t$ that {py:func}`activation_sensitivity` accepts (two forward runs of the net)."""


@dataclass(frozen=True, eq=False)
class Pairing:
    """A path term split into (slope, weight) pairs, as computed by {py:func}`path_pairing`.

    Pair $k$ is ``slopes[k] * weights[k]``. Where ``feeds[k]`` holds, the weight enters the slope's net
    input as ``weights[k] * inputs[k] + offsets[k]``, so the pair's size is
    ``gain(weights[k], inputs[k], offsets[k])``; where it does not, ``inputs[k]`` is 0 and the net input
    does not depend on the weight. ``head`` and ``tail`` are the factors left over at the two ends (1.0
    except for the regrouped pairing).
    """

    pairing: str
    """``"printed"``, ``"corrected"`` or ``"regrouped"``."""
    path: tuple[int, ...]
    """The units $l_0 = u, l_1, \\dots, l_q = v$."""
    t: int
    """The time $t$ at which the error starts at $u$."""
    slopes: Array
    """$f'_{l}(\\mathit{net}_{l}(s))$ of each pair."""
    slope_units: NDArray[np.intp]
    """The unit $l$ of each pair's slope."""
    slope_times: NDArray[np.intp]
    """The time $s$ of each pair's slope."""
    weights: Array
    """Each pair's weight."""
    weight_index: NDArray[np.intp]
    """Each weight's index $(i, j)$ in the weight matrix (from unit $j$ to unit $i$), shape ``(k, 2)``."""
    feeds: NDArray[np.bool_]
    """Whether the weight enters the net input of the pair's slope."""
    inputs: Array
    """The activation the weight multiplies in that net input ($y^j(s-1)$), or 0 where it does not feed."""
    offsets: Array
    """The rest of that net input: $\\mathit{net}_l(s) - w \\cdot \\text{input}$."""
    head: float
    """The factor before the first pair ($w_{l_0 l_1}$ for the regrouped pairing)."""
    tail: float
    """The factor after the last pair ($f'_{l_q}(\\mathit{net}_{l_q}(t-q))$ for the regrouped pairing)."""

    @property
    def pairs(self) -> Array:
        """The pair values, slope times weight."""
        return self.slopes * self.weights

    @property
    def product(self) -> float:
        """The whole path term: ``head * prod(pairs) * tail``, free of intermediate under- and overflow.

        The factors are multiplied as mantissas with their powers of two summed, so the product is right
        to about ``q`` rounding errors wherever it is a float64 (0 where it lies below the subnormals).

        :raises ValueError: if the product exceeds the float range.
        """
        factors = np.concatenate([[self.head], self.pairs, [self.tail]])
        mantissas, exponents = np.frexp(factors)
        mantissa, exponent = 1.0, int(exponents.sum())
        for chunk in range(
            0, mantissas.size, 512
        ):  # a product of 512 mantissas stays above 2**-512
            part, shift = np.frexp(mantissa * np.prod(mantissas[chunk : chunk + 512]))
            mantissa, exponent = float(part), exponent + int(shift)
        with np.errstate(over="ignore", under="ignore"):
            value = float(np.ldexp(mantissa, exponent))
        if not np.isfinite(value):
            raise ValueError(f"the path term exceeds the float range: 2**{exponent} is too large")
        return value


def _path(run: Run, t: int, path: ArrayLike) -> tuple[int, ...]:
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run (from lstmnotes.net.run_net), got {type(run).__name__}")
    if isinstance(path, str | bytes):
        raise TypeError(f"path must be unit indices, got {type(path).__name__}")
    no_bools(path, "path", "integer unit indices")
    units = np.asarray(path)
    if units.dtype.kind == "b" or (units.size and units.dtype.kind not in "iu"):
        raise TypeError(f"path must be integer unit indices, got values of dtype {units.dtype}")
    if units.ndim != 1 or units.size < 2:
        raise ValueError(
            f"path must list at least two unit indices l_0, ..., l_q, got shape {units.shape}"
        )
    q = units.size - 1
    count(t, "t", minimum=1, maximum=MAX_STEPS)
    if (
        not q < t <= run.steps
    ):  # before any unit is read: a path longer than the run is refused at once
        raise ValueError(
            f"t must satisfy q < t <= T (q = {q}, T = {run.steps}) so that every net input on the "
            f"path exists, got t = {t}"
        )
    if units.min() < 0 or units.max() >= run.n:
        raise ValueError(f"path units must be in 0..{run.n - 1}, got {units.tolist()}")
    return tuple(int(u) for u in units)


def path_pairing(run: Run, t: int, path: ArrayLike, pairing: str = "regrouped") -> Pairing:
    """Split the path term from $l_0$ at time $t$ to $l_q$ at time $t-q$ into slope-weight pairs.

    :param run: a forward run of the net.
    :param t: the time at which the error starts, with $q < t \\le T$.
    :param path: the units $l_0, \\dots, l_q$ ($q \\ge 1$).
    :param pairing: ``"printed"``, ``"corrected"`` or ``"regrouped"`` (see the module).
    :return: the {py:class}`Pairing`; for ``"corrected"`` and ``"regrouped"`` its product is the path's
        term of the corrected (3.2).
    :raises ValueError: for an unknown pairing, a path with units out of range, or a time the run does
        not cover.
    :raises TypeError: if ``run`` is not a Run, ``t`` is not an integer, ``path`` is not integers or
        ``pairing`` is not a string.

    ```pycon
    >>> run = run_net([[0.5, -1.0], [2.0, 0.25]], [0.5, 0.5], 4)
    >>> p = path_pairing(run, 4, [0, 1, 1])
    >>> p.weight_index.tolist(), p.slope_times.tolist(), bool(p.feeds.all())
    ([[1, 1]], [3], True)

    ```
    """
    if not isinstance(pairing, str):
        raise TypeError(f"pairing must be a string, got {type(pairing).__name__}")
    if pairing not in PAIRINGS:
        raise ValueError(f"unknown pairing {pairing!r}; choose one of {', '.join(PAIRINGS)}")
    units = _path(run, t, path)
    q = len(units) - 1
    slopes_all = _lookup(run.activation)[1](run.nets)  # row s - 1 is time s

    if pairing == "regrouped":
        ms = np.arange(1, q)
        slope_units = np.array([units[m] for m in ms], dtype=np.intp)
        sources = np.array([units[m + 1] for m in ms], dtype=np.intp)
        index = np.stack([slope_units, sources], axis=1).reshape(-1, 2)
        head = float(run.weights[units[0], units[1]])
        tail = float(slopes_all[t - q - 1, units[q]])
    else:
        ms = np.arange(1, q + 1)
        slope_units = np.array([units[m] for m in ms], dtype=np.intp)
        before = np.array([units[m - 1] for m in ms], dtype=np.intp)
        if pairing == "corrected":
            index = np.stack([before, slope_units], axis=1)
        else:
            index = np.stack([slope_units, before], axis=1)
        head = tail = 1.0
    times = (t - ms).astype(np.intp)
    slopes = slopes_all[times - 1, slope_units] if ms.size else np.zeros(0)
    weights = run.weights[index[:, 0], index[:, 1]] if ms.size else np.zeros(0)
    feeds = index[:, 0] == slope_units
    inputs = (
        np.where(feeds, run.activations[times - 1, index[:, 1]], 0.0) if ms.size else np.zeros(0)
    )
    nets = run.nets[times - 1, slope_units] if ms.size else np.zeros(0)
    return Pairing(
        pairing=pairing,
        path=units,
        t=int(t),
        slopes=np.asarray(slopes, dtype=np.float64),
        slope_units=slope_units,
        slope_times=times,
        weights=np.asarray(weights, dtype=np.float64),
        weight_index=index.astype(np.intp),
        feeds=np.asarray(feeds, dtype=bool),
        inputs=np.asarray(inputs, dtype=np.float64),
        offsets=np.asarray(nets - weights * inputs, dtype=np.float64),
        head=head,
        tail=tail,
    )


def pair_sweep(pairing: Pairing, k: int, w: ArrayLike) -> Array:
    """The size of pair ``k`` as its weight is varied and everything else in its net input held fixed.

    Where the weight feeds the slope's net input this is the gain $|f'(wy + c)\\,w|$, which peaks and
    then decays; where it does not (the corrected pairing with $l_{m-1} \\neq l_m$), the slope stays put
    and the size $f'\\,|w|$ grows without bound.

    :param pairing: from {py:func}`path_pairing` (logistic units).
    :param k: the index of the pair.
    :param w: the weights to try.
    :return: the pair's size at each weight.
    :raises ValueError: if ``k`` is out of range or ``w`` is not finite.
    :raises TypeError: if ``pairing`` is not a Pairing, ``k`` not an integer or ``w`` not real numbers.

    ```pycon
    >>> run = run_net([[0.5, -1.0], [2.0, 0.25]], [0.5, 0.5], 4)
    >>> p = path_pairing(run, 4, [0, 1, 1], "corrected")
    >>> bool(p.feeds[0]), round(float(pair_sweep(p, 0, 1e6)) / 1e6, 6) == round(float(p.slopes[0]), 6)
    (False, True)

    ```
    """
    if not isinstance(pairing, Pairing):
        raise TypeError(f"pairing must be a Pairing, got {type(pairing).__name__}")
    if pairing.slopes.size == 0:
        raise ValueError(
            "the pairing has no pairs to sweep (a regrouped pairing of a path with q = 1)"
        )
    k = count(k, "k", minimum=0, maximum=pairing.slopes.size - 1)
    values = finite_array(w, "w")
    if pairing.feeds[k]:
        return np.asarray(gain(values, pairing.inputs[k], pairing.offsets[k]), dtype=np.float64)
    with np.errstate(under="ignore"):
        return np.asarray(pairing.slopes[k] * np.abs(values), dtype=np.float64)


def activation_sensitivity(
    W: ArrayLike, y0: ArrayLike, t: int, i: int, j: int, *, step: float = 1e-6
) -> Array:
    """How the activations $y(t)$ move when one weight $w_{ij}$ moves: $\\partial y(t)/\\partial w_{ij}$.

    Central differences of two forward runs with $w_{ij} \\pm h$. The weights are shared by every time
    step, so for $t \\ge 2$ the activation that the coth analysis holds "constant" depends on the very
    weight being varied.

    :param W: the weights.
    :param y0: the initial activation.
    :param t: the time, at least 1.
    :param i: the receiving unit of the weight.
    :param j: the sending unit of the weight.
    :param step: the difference step $h > 0$; $w_{ij} \\pm h$ must be finite floats that differ from
        $w_{ij}$ (a step below its rounding would see no change at all).
    :param t: the time, 1 to {py:data}`lstmnotes.net.MAX_STEPS`, with $n^2 t$ at most $10^8$ (two runs).
    :return: the vector $\\partial y(t)/\\partial w_{ij}$, a central difference: its error is of order
        $h^2$ (truncation) plus the rounding of $y$ divided by $h$.
    :raises ValueError: for bad weights, units out of range, a step that is not positive, too small
        for $w_{ij}$ or too large, or a run too long.
    :raises TypeError: for non-real weights or step, or non-integer ``t``, ``i``, ``j``.

    ```pycon
    >>> W = [[0.0, 1.0], [1.0, 0.0]]
    >>> bool(abs(activation_sensitivity(W, [1.0, 0.0], 2, 1, 0)[0]) > 0)
    True

    ```
    """
    weights = square_matrix(W, "W")
    n = weights.shape[0]
    i, j = unit_index(i, n, "i"), unit_index(j, n, "j")
    steps = count(t, "t", minimum=1, maximum=MAX_STEPS)
    if n * n * steps > MAX_SENSITIVITY_WORK:
        raise ValueError(
            f"n^2 t must be at most {MAX_SENSITIVITY_WORK} (two runs of the net), got n = {n}, t = {t}"
        )
    h = finite_scalar(step, "step")
    if h <= 0:
        raise ValueError(f"step must be positive, got {h}")
    plus, minus = weights.copy(), weights.copy()
    with np.errstate(over="ignore"):
        plus[i, j] += h
        minus[i, j] -= h
        spread = float(plus[i, j] - minus[i, j])  # the step as the floats actually took it
    if not (np.isfinite(plus[i, j]) and np.isfinite(minus[i, j]) and np.isfinite(spread)):
        raise ValueError(
            f"step = {h!r} is too large: w_ij +- step, or the 2 step between them, exceeds the float range"
        )
    if plus[i, j] == weights[i, j] or minus[i, j] == weights[i, j]:
        raise ValueError(
            f"step = {h!r} is too small for w_ij = {float(weights[i, j])!r}: w_ij +- step rounds to w_ij"
        )
    up = run_net(plus, y0, steps).y(steps)
    down = run_net(minus, y0, steps).y(steps)
    with np.errstate(over="ignore"):
        slope = np.asarray((up - down) / spread, dtype=np.float64)
    if not np.all(np.isfinite(slope)):
        raise ValueError(f"step = {h!r} is too small: the difference quotient overflows")
    return slope
