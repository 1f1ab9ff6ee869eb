r"""Computed verdicts on the regrouped product and on the paper's "the flow vanishes while $|w| < 4$".

Each function decides one claim afresh by calling the library and returns an
{py:class}`~lstmnotes.ledger.Evidence` whose ``data`` holds every number the book states about it.

| claim | function |
|---|---|
| slip 2 the corrected (3.2) pairs slopes with foreign weights; regrouping fixes it | {py:func}`corrected_pairing_needs_regrouping` |
| slip 3 the coth sentence drops the time arguments | {py:func}`time_arguments_dropped` |
| X30 every entry of the flow is at most that of $(\lvert W\rvert^{\mathsf T}/4)^q$ | {py:func}`entrywise_bound` |
| X31 for every even $n$, $W = (4/n)\,s s^{\mathsf T}$ keeps a flow of $1/n$: P13 is sharp | {py:func}`alternating_threshold_sharp` |
| P16 "the error flow tends to vanish as long as the weights have absolute values below 4.0" | {py:func}`small_weights_flow_vanishes` |
| A6 the answer's "the result still holds (gradients are still vanishing)" | {py:func}`answer_still_vanishes` |

The search behind the answer's claim is {py:func}`small_weight_search`: a net of $n \ge 2$ logistic
units whose weights all lie below 4 in size can pass error back with a flow that does not vanish. The
smallest such net it finds has $n = 2$ and weights of size $4/n$, exactly where the paper's own
sufficient condition $n\,w_{max} < 4$ (P13) stops applying; it keeps its flow only at an unstable state.
P16 is decided on typical nets of many units instead ({py:func}`typical_rates`, {py:func}`witness_growth`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes.activations import logistic_prime
from lstmnotes.flow import largest_flow_by_lag, path_terms, scaling_factor
from lstmnotes.later import largest_singular_value
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import Pairing, gain, max_gain, pair_sweep, path_pairing
from lstmnotes.local_gain.evidence import UndecidedError
from lstmnotes.net import Run, random_weights, run_net
from lstmnotes.regrouping.symbolic import alternating_threshold, regrouped_product, weight_feeds

__all__ = [
    "COUNTER_WEIGHT",
    "DECAY_WEIGHT",
    "EXAMPLE",
    "TYPICAL_NETS",
    "TYPICAL_SEEDS",
    "TYPICAL_UNITS",
    "WITNESS",
    "Example",
    "SearchResult",
    "Witness",
    "alternating_threshold_sharp",
    "answer_still_vanishes",
    "bracket_latex",
    "corrected_pairing_needs_regrouping",
    "counter_example_flow",
    "entrywise_bound",
    "path_series",
    "sample_run",
    "small_weight_search",
    "small_weights_flow_vanishes",
    "time_arguments_dropped",
    "typical_rates",
    "witness_growth",
]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Example:
    """The running net of the regrouping chapter and the path it follows (unit indices from 0)."""

    units: int
    """$n$, the number of logistic units."""
    w_max: float
    """The weights are uniform on $[-w_{max}, w_{max}]$."""
    steps: int
    """How many steps the net runs; the error starts at the last one, $t = T$."""
    seed: int
    """The seed of the weights and of $y(0)$."""
    q: int
    """The length of the paths whose terms are regrouped."""
    u: int
    """The unit where the error starts."""
    v: int
    """The unit it reaches after $q$ steps."""
    path: tuple[int, ...]
    """The short path whose one bracket the chapter shows and sweeps."""


EXAMPLE: Final = Example(units=3, w_max=3.5, steps=12, seed=0, q=4, u=0, v=2, path=(0, 1, 2))
"""The example of {py:func}`corrected_pairing_needs_regrouping` and of the chapter's figure."""

COUNTER_WEIGHT: Final = 3.9
r"""The weight $a$ of the two-unit counter-example $W = a\,[[1, -1], [-1, 1]]$ (every $|w_{ij}| < 4$)."""

COUNTER_LAGS: Final = (10, 40)
"""The lags at which the counter-example's flow is reported."""


@dataclass(frozen=True)
class Witness:
    """Random nets of many units: large weights still below 4, and small weights."""

    units: int
    """$n$."""
    w_max: float
    """Weights uniform on $[-w_{max}, w_{max}]$, all below 4 in size."""
    small: float
    """The small weight scale compared with it."""
    burn_in: int
    """Steps run before the error is injected, so that the state has left $y(0)$."""
    lags: int
    """How many steps back the flow is followed."""
    seed: int
    """The seed of the weights and of $y(0)$ of the net the chapter describes."""
    more_seeds: tuple[int, ...] = ()
    """Further seeds: the same set-up drawn again, so that the verdict does not rest on one net."""


WITNESS: Final = Witness(
    units=200, w_max=2.0, small=0.2, burn_in=200, lags=40, seed=16, more_seeds=tuple(range(11))
)
"""The random witnesses of {py:func}`small_weights_flow_vanishes`."""

DECAY_WEIGHT: Final = 1.9
r"""A weight size just below $4/n$ for two units, where P13 guarantees decay."""

SEARCH_SIZES: Final = (0.5, 1.0, 1.5, DECAY_WEIGHT, 2.0, 2.5, 3.0, COUNTER_WEIGHT)
"""The weight sizes $a$ at which {py:func}`small_weight_search` looks for a flow that does not vanish."""


def sample_run(example: Example = EXAMPLE) -> Run:
    """The chapter's running net: weights uniform on $[-w_{max}, w_{max}]$ and $y(0)$ uniform on $[0, 1]$.

    :param example: the set-up.
    :return: the run of ``example.steps`` steps.

    ```pycon
    >>> sample_run().steps, sample_run().n
    (12, 3)

    ```
    """
    rng = np.random.default_rng(example.seed)
    W = random_weights(example.units, rng, w_max=example.w_max)
    return run_net(W, rng.uniform(0, 1, example.units), example.steps)


def bracket_latex(pairing: Pairing, k: int) -> dict[str, str]:
    r"""LaTeX for pair ``k`` of a pairing, with units counted from 1 as in the book's prose.

    :param pairing: from {py:func}`~lstmnotes.local_gain.path_pairing`.
    :param k: the index of the pair.
    :return: ``bracket`` ($f'_l(s)\,w_{ij}$), ``slope``, ``weight`` and ``input`` ($y^j(s-1)$, the
        activation the weight multiplies in $\mathit{net}_i(s)$).
    :raises ValueError: if ``k`` does not index a pair.

    ```pycon
    >>> run = run_net([[0.5, -1.0], [2.0, 0.25]], [0.5, 0.5], 4)
    >>> bracket_latex(path_pairing(run, 4, [0, 1, 1]), 0)["bracket"]
    "f'_{2}(3)\\,w_{22}"

    ```
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < pairing.slopes.size:
        raise ValueError(f"k must index one of the {pairing.slopes.size} pairs, got {k!r}")
    unit, time = int(pairing.slope_units[k]) + 1, int(pairing.slope_times[k])
    i, j = (int(x) + 1 for x in pairing.weight_index[k])
    return {
        "bracket": rf"f'_{{{unit}}}({time})\,w_{{{i}{j}}}",
        "slope": rf"f'_{{{unit}}}({time})",
        "weight": rf"w_{{{i}{j}}}",
        "input": rf"y^{{{j}}}({time - 1})",
    }


def path_series(a: float, q_max: int = 12) -> dict[str, list[float]]:
    r"""Per lag, for $W = a\,[[1, -1], [-1, 1]]$ from $y(0) = (\tfrac12, \tfrac12)$: path term, bound, flow.

    :param a: the weight size, positive.
    :param q_max: the longest lag, 1 to 16.
    :return: ``largest`` (the largest $|$path term$|$ of the corrected (3.2)), ``bound``
        ($(a/4)^q$) and ``flow`` (the largest entry of the summed flow), each of length ``q_max``.
    :raises ValueError: for a non-positive ``a`` or ``q_max`` out of range.

    ```pycon
    >>> s = path_series(3.9, 2)
    >>> [round(x, 6) for x in s["largest"]], [round(x, 6) for x in s["flow"]]
    ([0.975, 0.950625], [0.975, 1.90125])

    ```
    """
    if not np.isfinite(a) or a <= 0:
        raise ValueError(f"a must be positive and finite, got {a}")
    if isinstance(q_max, bool) or not isinstance(q_max, int) or not 1 <= q_max <= 16:
        raise ValueError(f"q_max must be an integer from 1 to 16, got {q_max!r}")
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    run = run_net(W, [0.5, 0.5], q_max + 1)
    largest = [
        max(
            float(np.max(np.abs(path_terms(W, run.fprime(q_max + 1, q), u, v))))
            for u, v in itertools.product(range(2), repeat=2)
        )
        for q in range(1, q_max + 1)
    ]
    flow = largest_flow_by_lag(W, run.fprime(q_max + 1, q_max))
    bound = [(a / 4) ** q for q in range(1, q_max + 1)]
    return {"largest": largest, "bound": bound, "flow": [float(x) for x in flow]}


def corrected_pairing_needs_regrouping(example: Example = EXAMPLE) -> Evidence:
    r"""Slip 2: after the correction, $f'_{l_m}$ sits next to a weight that does not feed its net input.

    sympy differentiates explicit net inputs of 3 units: the corrected pairing's weight
    $w_{l_{m-1} l_m}$ enters $\mathit{net}_{l_m}(t-m)$ only when $l_{m-1} = l_m$; the regrouped weight
    $w_{l_m l_{m+1}}$ always does, with $y^{l_{m+1}}(t-m-1)$. On the running net of ``example`` every path
    from $u$ to $v$ over $q$ steps is regrouped: the products equal the flow's path terms, every pair is
    exactly a gain $g(w; y, c)$ and at most {py:func}`~lstmnotes.local_gain.max_gain`; a corrected pair
    whose weight does not feed grows linearly in that weight instead. The data also carry the chapter's
    worked bracket (``example``), so that the page states the numbers of this evidence.

    :param example: the net, the paths and the worked path.
    :return: ``HOLDS`` (the slip is real and the regrouping repairs the reading) when all checks pass.
    """
    q = example.q
    regrouped = regrouped_product(q)
    feeds = weight_feeds(3)
    run = sample_run(example)
    t = run.steps
    terms = path_terms(run.weights, run.fprime(t, q), example.u, example.v)
    product_error = pair_error = 0.0
    bounded = True
    linear = []
    for middle in itertools.product(range(run.n), repeat=q - 1):
        path = (example.u, *middle, example.v)
        pairs = path_pairing(run, t, path, "regrouped")
        scale = max(abs(float(terms[middle])), 1e-300)
        product_error = max(product_error, abs(pairs.product - float(terms[middle])) / scale)
        sizes = np.abs(pairs.pairs)
        pair_error = max(
            pair_error,
            float(np.max(np.abs(sizes / gain(pairs.weights, pairs.inputs, pairs.offsets) - 1))),
        )
        bounded &= bool(np.all(sizes <= max_gain(pairs.inputs, pairs.offsets)[1] * (1 + 1e-12)))
        corrected = path_pairing(run, t, path, "corrected")
        for k in np.flatnonzero(~corrected.feeds):
            big = pair_sweep(corrected, int(k), [1e3, 1e6])
            linear.append(float(big[1] / big[0]))
    shown = path_pairing(run, t, example.path, "regrouped")
    shown_corrected = path_pairing(run, t, example.path, "corrected")
    w_star, best = max_gain(shown.inputs[0], shown.offsets[0])
    worked = {
        "w": float(shown.weights[0]),
        "y": float(shown.inputs[0]),
        "c": float(shown.offsets[0]),
        "size": abs(float(shown.pairs[0])),
        "w_star": float(w_star),
        "best": float(best),
        "best_signed": float(w_star * logistic_prime(w_star * shown.inputs[0] + shown.offsets[0])),
        "latex": bracket_latex(shown, 0),
        "corrected_latex": bracket_latex(shown_corrected, 1),
        "corrected_feeds": bool(shown_corrected.feeds[1]),
    }
    holds = (
        regrouped.identical
        and feeds.feeding["corrected"] == 9
        and feeds.feeding["regrouped"] == feeds.cases
        and all(feeds.inputs_match.values())
        and product_error <= 1e-12
        and pair_error <= 1e-12
        and bounded
        and all(abs(r - 1000) < 1e-9 for r in linear)
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"the corrected weight feeds net_l_m(t-m) in {feeds.feeding['corrected']}/{feeds.cases} unit "
        f"triples (only l_(m-1) = l_m), the regrouped one in {feeds.feeding['regrouped']}/{feeds.cases} "
        f"with input y^l_(m+1)(t-m-1); sympy verifies the regrouping for q = {q}; on a "
        f"{example.units}-unit net (seed {example.seed}, |w| <= {example.w_max}) all "
        f"{run.n ** (q - 1)} paths regroup to the flow's terms (error {product_error:.1e}), every "
        f"pair is a gain (error {pair_error:.1e}) below max_gain; {len(linear)} non-feeding "
        "corrected pairs grow linearly in their weight",
        {
            "feeding": feeds.feeding,
            "cases": feeds.cases,
            "units": example.units,
            "w_max": example.w_max,
            "steps": example.steps,
            "seed": example.seed,
            "q": q,
            "u": example.u + 1,
            "v": example.v + 1,
            "path": [unit + 1 for unit in example.path],
            "path_q": len(example.path) - 1,
            "paths": run.n ** (q - 1),
            "product_error": product_error,
            "pair_error": pair_error,
            "pairs_bounded": bounded,
            "non_feeding_pairs": len(linear),
            "example": worked,
        },
    )


def _forward_nets(W: Array, y0: Array, steps: int, kicks: dict[int, Array] | None = None) -> Array:
    """Net inputs $\\mathit{net}(1), \\dots, \\mathit{net}(T)$, with optional per-step weight changes.

    Written out here on purpose, apart from {py:func}`lstmnotes.net.run_net`: ``kicks[s]`` is added to the
    weights used at step $s$ only (the weights untied in time), so that a finite difference can ask which
    step's weight moves which net input.
    """
    y, nets = y0, []
    for s in range(1, steps + 1):
        weights = W + kicks[s] if kicks and s in kicks else W
        net = weights @ y
        nets.append(net)
        y = 1.0 / (1.0 + np.exp(-net))
    return np.array(nets)


def _flow_by_difference(W: Array, y0: Array, t: int, q: int, u: int, v: int, h: float) -> float:
    """$\\partial\\mathit{net}_u(t)/\\partial\\mathit{net}_v(t-q)$ by a central difference of the forward map.

    This is the scaling factor $\\partial\\vartheta_v(t-q)/\\partial\\vartheta_u(t)$ computed without the
    back-propagation rule and without any path bookkeeping.
    """
    start = _forward_nets(W, y0, t - q)[-1]
    ends = []
    for sign in (1.0, -1.0):
        net = start.copy()
        net[v] += sign * h
        for _ in range(q):
            net = W @ (1.0 / (1.0 + np.exp(-net)))
        ends.append(net[u])
    return float((ends[0] - ends[1]) / (2 * h))


def time_arguments_dropped(example: Example = EXAMPLE, h: float = 1e-6) -> Evidence:
    r"""Slip 3: the coth sentence drops the time arguments; they are $\mathit{net}_{l_m}(t-m)$ and $y(t-m-1)$.

    Two computations that share nothing with {py:func}`~lstmnotes.local_gain.path_pairing`'s bookkeeping:

    - the flow from $u$ (time $t$) to $v$ (time $t-q$) as a central difference of the forward map,
      $\partial\mathit{net}_u(t)/\partial\mathit{net}_v(t-q)$, against the sum of the regrouped products
      with each slope at its time $t-m$, and against the same sum with every slope taken one step later;
    - for each regrouped bracket, the weight $w_{l_m l_{m+1}}$ changed *at step $t-m$ only* (weights
      untied in time): the change of $\mathit{net}_{l_m}(t-m)$ per unit change is the activation in the
      role of $y$, to be compared with $y^{l_{m+1}}(t-m-1)$ and with the activation one step later.

    The first comparison of the second item cannot fail as mathematics: $\partial\mathit{net}_i(s)/
    \partial w_{ij}(s) = y^j(s-1)$ is the definition of the net input. It only guards the library's
    bookkeeping (a mismatch raises). The verdict rests on the comparisons that could come out otherwise:
    the flow at the right times against the shifted ones, and the activation one step later.

    :param example: the net and the path length.
    :param h: the difference step.
    :return: ``HOLDS`` (the times matter and are $t-m$, $t-m-1$) when the flow agrees at the right times
        and both shifted comparisons miss; ``FALSE`` otherwise.
    :raises RuntimeError: when the pairing's input is not the activation its weight multiplies.
    """
    run = sample_run(example)
    W, y0 = run.weights, run.activations[0]
    q, u, v = example.q, example.u, example.v
    t = q + 2  # early in the run, while the net inputs still move from step to step
    slopes = logistic_prime(run.nets)  # row s - 1 is time s
    total = shifted_total = 0.0
    input_error = shifted_input_error = 0.0
    for middle in itertools.product(range(run.n), repeat=q - 1):
        path = (u, *middle, v)
        pairs = path_pairing(run, t, path, "regrouped")
        total += pairs.product
        later = slopes[pairs.slope_times, pairs.slope_units]  # f'(net(t - m + 1))
        tail_later = slopes[t - q, path[-1]]
        shifted_total += pairs.head * float(np.prod(later * pairs.weights)) * tail_later
        for k, (i, j) in enumerate(pairs.weight_index):
            s = int(pairs.slope_times[k])
            kick = np.zeros_like(W)
            kick[i, j] = h
            up = _forward_nets(W, y0, s, {s: kick})[-1, i]
            down = _forward_nets(W, y0, s, {s: -kick})[-1, i]
            measured = (up - down) / (2 * h)
            input_error = max(input_error, abs(measured - pairs.inputs[k]))
            shifted_input_error = max(shifted_input_error, abs(measured - run.activations[s, j]))
    difference = _flow_by_difference(W, y0, t, q, u, v, h)
    flow_error = abs(total - difference) / abs(difference)
    shifted_error = abs(shifted_total - difference) / abs(difference)
    window = run.nets[
        t - q - 1 : t
    ]  # net(t - q) ... net(t): the steps whose slopes either reading uses
    spread = float(np.max(np.ptp(window, axis=0)))
    step_change = float(np.max(np.abs(np.diff(window, axis=0))))
    if input_error > 1e-6:
        # d net_i(s) / d w_ij(s) = y^j(s - 1) by the definition of net: a mismatch is a bookkeeping
        # error of the library, not evidence about the paper
        raise RuntimeError(
            f"S3: the pairing names an input that is not the activation its weight multiplies "
            f"(off by {input_error:.3g}); the library's bookkeeping is wrong"
        )
    # the decision: the flow itself, computed without any bookkeeping, at the right and shifted times
    right = flow_error <= 1e-6
    shifted_wrong = shifted_error > 1e-3 and shifted_input_error > 1e-3
    return Evidence(
        Verdict.HOLDS if right and shifted_wrong else Verdict.FALSE,
        f"{example.units}-unit net (seed {example.seed}), t = {t}, q = {q}: the regrouped products with "
        f"slopes at t-m sum to the forward map's finite-difference flow {difference:.6e} to a relative "
        f"{flow_error:.1e}; with every slope one step later they are off by {shifted_error:.1%}; "
        f"moving each bracket's weight at step t-m only moves net_l_m(t-m) by y^l_(m+1)(t-m-1) (to "
        f"{input_error:.1e}), not by the activation one step later (off by up to "
        f"{shifted_input_error:.3f}; the first is true by the definition of net, only the shifted "
        f"comparisons decide); net inputs of one unit range over {spread:.2f} in these steps, "
        f"changing by up to {step_change:.2f} from one step to the next",
        {
            "t": t,
            "q": q,
            "flow": difference,
            "flow_error": flow_error,
            "shifted_error": shifted_error,
            "input_error": input_error,
            "shifted_input_error": shifted_input_error,
            "net_range": spread,
            "net_step": step_change,
        },
    )


# -- does the flow vanish while every |w| < 4? --------------------------------------------------------------


def counter_example_flow(a: float = COUNTER_WEIGHT, lags: int = 40) -> Array:
    r"""The largest flow of $W = a\,[[1, -1], [-1, 1]]$ run from $y(0) = (\tfrac12, \tfrac12)$, by lag.

    Every net input is $a(\tfrac12 - \tfrac12) = 0$ at every step, so every slope is $\sigma'(0) = 1/4$ and
    every single factor $|f'(\mathit{net})\,w|$ is $a/4$; the flow matrix is $(W^{\mathsf T}/4)^q$, whose
    largest entry is $(a/4)(a/2)^{q-1}$: it grows for $a > 2$ although every factor is below one.

    :param a: the weight size, positive.
    :param lags: how many lags.
    :return: entry $q - 1$ is $\max_{u,v}|\partial\vartheta_v(t-q)/\partial\vartheta_u(t)|$.
    :raises ValueError: for a non-positive ``a`` or fewer than one lag.

    ```pycon
    >>> counter_example_flow(3.9, 3).round(4).tolist()
    [0.975, 1.9012, 3.7074]

    ```
    """
    if not np.isfinite(a) or a <= 0:
        raise ValueError(f"a must be positive and finite, got {a}")
    if isinstance(lags, bool) or not isinstance(lags, int) or lags < 1:
        raise ValueError(f"lags must be an integer >= 1, got {lags!r}")
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    run = run_net(W, [0.5, 0.5], lags + 1)
    return largest_flow_by_lag(W, run.fprime(lags + 1, lags))


def _candidate_weights(n: int, a: float, rng: np.random.Generator, count: int) -> list[Array]:
    """Every sign pattern of $\\{-a, 0, a\\}$ (for $n \\le 2$) and ``count`` uniform draws on $[-a, a]$."""
    out: list[Array] = []
    if n <= 2:
        out += [a * np.array(s, dtype=np.float64).reshape(n, n)
                for s in itertools.product((-1, 0, 1), repeat=n * n)]  # fmt: skip
    out += [random_weights(n, rng, w_max=a) for _ in range(count)]
    return out


def _rate(W: Array, y0: Array, lags: int) -> float:
    """The per-step rate of the largest flow from lag 1 to lag ``lags``; 0 when the flow dies out."""
    run = run_net(W, y0, lags + 1)
    flows = largest_flow_by_lag(W, run.fprime(lags + 1, lags))
    if flows[0] == 0 or flows[-1] == 0:
        return 0.0
    return float((flows[-1] / flows[0]) ** (1 / (lags - 1)))


@dataclass(frozen=True)
class SearchResult:
    """What {py:func}`small_weight_search` found, per weight size."""

    n: int
    sizes: list[float]
    worst_rate: list[float]
    """The largest per-step rate found at each size (a rate of one or more: the flow does not vanish)."""
    worst_weights: list[list[list[float]]]
    worst_start: list[list[float]]
    evaluated: int
    """How many (weights, start) pairs were run."""
    largest_step_norm_ratio: float
    r"""The largest $\|F'(s)\,W^{\mathsf T}\|_2 / (\sigma_{max}(W)/4)$ over every step of every worst net."""

    @property
    def smallest(self) -> float | None:
        """The smallest size at which some net's flow did not vanish (``None`` if none)."""
        found = [a for a, r in zip(self.sizes, self.worst_rate, strict=True) if r >= 1 - 1e-12]
        return min(found) if found else None


def _search_args(n: int, sizes: tuple[float, ...], lags: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 6:
        raise ValueError(f"n must be an integer from 2 to 6, got {n!r}")
    if not sizes or not all(np.isfinite(a) and 0 < a < 4 for a in sizes):
        raise ValueError(f"every size must lie in (0, 4), got {sizes!r}")
    if isinstance(lags, bool) or not isinstance(lags, int) or lags < 2:
        raise ValueError(f"lags must be an integer >= 2, got {lags!r}")


def small_weight_search(
    n: int = 2,
    sizes: tuple[float, ...] = SEARCH_SIZES,
    lags: int = 30,
    seed: int = 16,
    count: int = 20,
) -> SearchResult:
    r"""Search nets of $n$ logistic units with every $|w_{ij}| \le a$ for a flow that does not vanish.

    At each size $a$: every sign pattern $\{-a, 0, a\}^{n \times n}$ (for $n = 2$) and ``count`` uniform
    draws, each run from $y(0) = (\tfrac12, \dots)$ (where a weight matrix with zero row sums holds every
    net input at 0 and every slope at its maximum) and from one random start; then a coordinate search
    (steps of $a/8$, kept inside $[-a, a]$) from the best of them. The measure is the per-step rate of the
    largest flow between lag 1 and lag ``lags``.

    :param n: the number of units, 2 to 6.
    :param sizes: the weight sizes $a$, each in $(0, 4)$.
    :param lags: the lag over which the rate is measured, at least 2.
    :param seed: the seed of the random candidates and starts.
    :param count: random weight matrices per size.
    :return: the worst case at each size.
    :raises ValueError: for arguments out of range.
    """
    _search_args(n, sizes, lags)
    rng = np.random.default_rng(seed)
    worst_rate, worst_weights, worst_start = [], [], []
    evaluated, ratio = 0, 0.0
    for a in sizes:
        starts = [np.full(n, 0.5), rng.uniform(0, 1, n)]
        best = (-1.0, np.zeros((n, n)), starts[0])
        for W in _candidate_weights(n, a, rng, count):
            for y0 in starts:
                r = _rate(W, y0, lags)
                evaluated += 1
                if r > best[0]:
                    best = (r, W, y0)
        rate, W, y0 = best[0], best[1].copy(), best[2].copy()
        for _ in range(2):  # coordinate search on the weights and the start
            for index in itertools.product(range(n), repeat=2):
                for step in (a / 8, -a / 8):
                    trial = W.copy()
                    trial[index] = np.clip(trial[index] + step, -a, a)
                    r = _rate(trial, y0, lags)
                    evaluated += 1
                    if r > rate:
                        rate, W = r, trial
        run = run_net(W, y0, lags + 1)
        bound = largest_singular_value(W) / 4
        for row in run.fprime(lags + 1, lags):
            if bound > 0:
                ratio = max(ratio, float(np.linalg.norm(row[:, None] * W.T, 2)) / bound)
        worst_rate.append(rate)
        worst_weights.append(W.tolist())
        worst_start.append(y0.tolist())
    return SearchResult(
        n, [float(a) for a in sizes], worst_rate, worst_weights, worst_start, evaluated, ratio
    )


def _one_unit(points: int = 400) -> dict[str, float]:
    """The largest single-unit factor $\\sigma'(wy + c)|w|$ over a grid of $|w| < 4$, $y$, $c$, and its bound."""
    w = np.linspace(-4, 4, points)[1:-1]  # an even count of points: 0 is not among them
    y = np.linspace(0, 1, 101)
    c = np.linspace(-20, 20, points)
    factor = np.abs(w)[:, None, None] * logistic_prime(
        w[:, None, None] * y[None, :, None] + c[None, None, :]
    )
    largest = float(factor.max())
    excess = float(np.max(factor / (np.abs(w)[:, None, None] / 4)))
    # a unit whose input keeps its net input at 0: the factor |w|/4 at every step, the flow (|w|/4)^q
    held = float(np.prod(np.full(40, w.max() * logistic_prime(0.0))))
    return {"largest_factor": largest, "ratio_to_bound": excess, "held_flow": held,
            "held_weight": float(w.max())}  # fmt: skip


def witness_growth(
    witness: Witness = WITNESS, w_max: float | None = None, seed: int | None = None
) -> dict[str, float]:
    """The per-step growth of the largest flow of one random net of many units, after a burn-in.

    :param witness: the set-up; ``w_max`` and ``seed`` override its weight scale and seed.
    :param w_max: the weight scale, or ``None`` for ``witness.w_max``.
    :param seed: the seed, or ``None`` for ``witness.seed``.
    :return: ``growth`` (geometric mean factor per step over the lags), ``sigma_max`` of the weights,
        the largest weight and the flow at the last lag.
    """
    scale = witness.w_max if w_max is None else w_max
    rng = np.random.default_rng(witness.seed if seed is None else seed)
    W = random_weights(witness.units, rng, w_max=scale)
    t = witness.burn_in + witness.lags
    run = run_net(W, rng.uniform(0, 1, witness.units), t)
    flows = largest_flow_by_lag(W, run.fprime(t, witness.lags))
    return {
        "growth": float((flows[-1] / flows[0]) ** (1 / (witness.lags - 1))),
        "sigma_max": largest_singular_value(W),
        "largest_weight": float(np.abs(W).max()),
        "last_flow": float(flows[-1]),
    }


TYPICAL_UNITS: Final = (2, 3, 5, 10, 20, 50)
"""The numbers of units of the random nets of {py:func}`typical_rates`."""

TYPICAL_SEEDS: Final = (0, 1, 2, 3)
"""The seeds of {py:func}`typical_rates` in the evidence of P16: each draws its own nets."""

TYPICAL_NETS: Final = 1000
"""Random nets per seed and number of units."""


def typical_rates(
    n: int,
    nets: int,
    rng: np.random.Generator,
    w_max: float = COUNTER_WEIGHT,
    burn_in: int = 200,
    lags: int = 200,
) -> Array:
    r"""Per-step rates of the error flow of random logistic nets from random starts.

    Each net has weights uniform on $[-w_{max}, w_{max}]$ and starts at $y(0)$ uniform on $[0, 1]^n$; it
    runs ``burn_in`` steps, then ``lags`` more. A random unit error vector is then passed back over those
    ``lags`` steps, $\delta \mapsto F'(s)\,W^{\mathsf T}\delta$, renormalised at each step; the rate is
    the geometric mean of the growth factors, an estimate of $e^{\lambda}$ for the largest Lyapunov
    exponent $\lambda$ of the back-propagated flow. A rate above one: the flow grows on that net.
    All nets run at once, as a stack.

    :param n: the number of units, at least 1.
    :param nets: how many nets, at least 1.
    :param rng: the source of the weights, starts and error vectors.
    :param w_max: the weight scale, positive.
    :param burn_in: steps run before the window.
    :param lags: the length of the window, at least 1.
    :return: the rates, shape ``(nets,)``.
    :raises ValueError: for arguments out of range.

    ```pycon
    >>> rates = typical_rates(2, 50, np.random.default_rng(0), w_max=1.0)
    >>> rates.shape, bool(rates.max() < 1)
    ((50,), True)

    ```
    """
    for name, value, least in (("n", n, 1), ("nets", nets, 1), ("burn_in", burn_in, 0),
                               ("lags", lags, 1)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be an integer >= {least}, got {value!r}")
    if not np.isfinite(w_max) or w_max <= 0:
        raise ValueError(f"w_max must be positive and finite, got {w_max}")
    W = rng.uniform(-w_max, w_max, (nets, n, n))
    y = rng.uniform(0, 1, (nets, n))
    for _ in range(burn_in):
        y = 1.0 / (1.0 + np.exp(-np.einsum("kij,kj->ki", W, y)))
    slopes = np.empty((lags, nets, n))
    for s in range(lags):
        net_input = np.einsum("kij,kj->ki", W, y)
        y = 1.0 / (1.0 + np.exp(-net_input))
        slopes[s] = logistic_prime(net_input)
    delta = rng.normal(size=(nets, n))
    delta /= np.linalg.norm(delta, axis=1, keepdims=True)
    logs = np.zeros(nets)
    for s in range(lags - 1, -1, -1):
        delta = slopes[s] * np.einsum("kji,kj->ki", W, delta)
        size = np.linalg.norm(delta, axis=1)
        logs += np.log(size)
        delta /= size[:, None]
    return np.asarray(np.exp(logs / lags), dtype=np.float64)


def _typical(seeds: tuple[int, ...] = TYPICAL_SEEDS) -> dict[str, object]:
    r"""The fraction of random nets with $|w_{ij}| \le$ {py:data}`COUNTER_WEIGHT` whose flow grows, by $n$."""
    by_seed = {n: [typical_rates(n, TYPICAL_NETS, np.random.default_rng([n, seed])) for seed in seeds]
               for n in TYPICAL_UNITS}  # fmt: skip
    return {
        "units": list(TYPICAL_UNITS),
        "w_max": COUNTER_WEIGHT,
        "seeds": list(seeds),
        "seed_count": len(seeds),
        "nets_per_seed": TYPICAL_NETS,
        "nets": TYPICAL_NETS * len(seeds),
        "fraction": [float(np.mean(np.concatenate(by_seed[n]) > 1)) for n in TYPICAL_UNITS],
        "fraction_by_seed": [[float(np.mean(r > 1)) for r in by_seed[n]] for n in TYPICAL_UNITS],
        "largest_rate": [float(np.concatenate(by_seed[n]).max()) for n in TYPICAL_UNITS],
    }


NEARBY_OFFSET: Final = 0.01
r"""How far from $(\tfrac12, \tfrac12)$ the counter-example is started to see where it goes."""


def _nearby(a: float = COUNTER_WEIGHT, burn_in: int = 200, lags: int = 40) -> dict[str, float]:
    r"""The two-unit counter-example started near, not at, $(\tfrac12, \tfrac12)$: where it settles.

    With $d = y^1 - y^2$ the dynamics are $d \mapsto \tanh(a d / 2)$; for $a > 2$ a start with $d \ne 0$
    goes to a fixed point $\pm d^\ast$, where the flow changes by $(a/2)\,\mathrm{sech}^2(a d^\ast/2)$
    per step. Both the measured rate and that formula are returned.
    """
    W = a * np.array([[1.0, -1.0], [-1.0, 1.0]])
    start = np.array([0.5 + NEARBY_OFFSET, 0.5 - NEARBY_OFFSET])
    t = burn_in + lags
    run = run_net(W, start, t)
    flows = largest_flow_by_lag(W, run.fprime(t, lags))
    d = float(run.activations[-1, 0] - run.activations[-1, 1])
    return {
        "offset": NEARBY_OFFSET,
        "d_star": abs(d),
        "rate": float((flows[-1] / flows[0]) ** (1 / (lags - 1))),
        "rate_formula": float(a / 2 / np.cosh(a * d / 2) ** 2),
        "fixed_point_error": abs(d - float(np.tanh(a * d / 2))),
    }


SHARP_UNITS: Final = (2, 4, 8, 16)
"""The numbers of units at which the structured nets test the threshold $4/n$."""


def _sharp(units: tuple[int, ...] = SHARP_UNITS, lags: int = 30) -> dict[str, list[float]]:
    r"""At $a = 4/n$, $W = a\,s s^{\mathsf T}$ with $s = (1, -1, 1, -1, \dots)$ from $y(0) = \tfrac12$.

    :return: per $n$, the per-step ``rate`` of the largest flow and its largest ``deviation`` from $1/n$.
    """
    rates, deviations = [], []
    for n in units:
        s = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
        W = 4 / n * np.outer(s, s)
        rates.append(_rate(W, np.full(n, 0.5), lags))
        run = run_net(W, np.full(n, 0.5), lags + 1)
        flows = largest_flow_by_lag(W, run.fprime(lags + 1, lags))
        deviations.append(float(np.max(np.abs(flows * n - 1))))
    return {"rate": rates, "deviation": deviations}


def alternating_threshold_sharp(units: tuple[int, ...] = SHARP_UNITS) -> Evidence:
    r"""X31: for every even $n$, $W = (4/n)\,s s^{\mathsf T}$, $s = (1, -1, \dots)$, keeps a flow of $1/n$.

    The proof is {py:func}`~lstmnotes.regrouping.symbolic.alternating_threshold` (sympy, $n$ symbolic); the nets
    of ``units`` units are run from $y(0) = \tfrac12$ and their largest flow compared with $1/n$ at every
    lag up to 30. Every $|w_{ij}|$ is $4/n$, so $n\,w_{max} = 4$: P13's strict inequality cannot be relaxed.

    :param units: the even numbers of units run.
    :return: ``HOLDS`` when sympy proves every step and every run keeps its flow at $1/n$; ``FALSE`` when a
        run's flow leaves $1/n$ or a step of the proof fails.
    """
    proof = alternating_threshold()
    sharp = _sharp(units)
    numeric = max(sharp["deviation"]) <= 1e-9
    return Evidence(
        Verdict.HOLDS if proof.proved and numeric else Verdict.FALSE,
        f"sympy, n = 2k symbolic: net inputs stay 0 ({proof.inputs_zero}), s^T s = n ({proof.square}), "
        f"(c s s^T)^q = c^q n^(q-1) s s^T ({proof.power}), largest flow at a = 4/n: "
        f"{proof.at_threshold}; runs at n = {list(units)}: largest flow times n differs from 1 by at "
        f"most {max(sharp['deviation']):.1e}, per-step rates {[round(r, 12) for r in sharp['rate']]}",
        {
            "proved": proof.proved,
            "at_threshold": proof.at_threshold,
            "units": list(units),
            "largest": max(units),
            "rate": sharp["rate"],
            "deviation": max(sharp["deviation"]),
            "agreement": (
                "exactly, in floating point"
                if max(sharp["deviation"]) == 0
                else f"to a relative {max(sharp['deviation']):.1e}"
            ),
        },
    )


def small_weights_flow_vanishes(witness: Witness = WITNESS) -> Evidence:
    r"""P16: with logistic units the flow "tends to vanish as long as the weights have absolute values below 4.0".

    - One unit: its factor is $\sigma'(\mathit{net})\,|w| \le |w|/4 < 1$ whatever its input, so its flow
      decays at least like $(|w|/4)^q$; a grid over $|w| < 4$, $y \in [0, 1]$, $c \in [-20, 20]$ confirms it.
    - The decision: one random net of ``witness.units`` units with weights uniform on
      $[-w_{max}, w_{max}]$, $w_{max} < 4$, drawn with each seed of ``witness`` (the chapter's and
      ``more_seeds``), run from a random start past a burn-in. If the flow grows on every one of them, a
      typical many-unit net refutes "tends to vanish": ``FALSE``. If it decays on every one, and no random
      net of {py:func}`typical_rates` at any $n$ grows, and {py:func}`small_weight_search` finds no
      two-unit net below 4 that keeps its flow: ``HOLDS`` (what was searched is in the data).
    - Reported beside the decision: the fraction of random nets with $|w_{ij}| \le$
      {py:data}`COUNTER_WEIGHT` whose flow grows, by $n$ and seed ({py:func}`typical_rates`); the minimal
      state-level counter-example ({py:func}`counter_example_flow`: two units held at their unstable
      fixed point), where it settles from a nearby start, and the two-unit search; the same nets with
      small weights.

    :param witness: the random nets.
    :return: the verdict above.
    :raises UndecidedError: when the evidence establishes neither (some seeds grow, others do not).
    """
    one = _one_unit()
    one_unit_holds = one["largest_factor"] < 1 and one["ratio_to_bound"] <= 1 + 1e-12
    search = small_weight_search()
    smallest = search.smallest
    counter = counter_example_flow(COUNTER_WEIGHT, max(COUNTER_LAGS))
    seeds = (witness.seed, *witness.more_seeds)
    large = [witness_growth(witness, seed=seed) for seed in seeds]
    small = [witness_growth(witness, witness.small, seed=seed) for seed in seeds]
    growth = [g["growth"] for g in large]
    below_four = all(g["largest_weight"] < 4 for g in large)
    typical = _typical()
    fractions = typical["fraction"]
    assert isinstance(fractions, list)
    if below_four and min(growth) > 1:
        verdict = Verdict.FALSE
    elif one_unit_holds and max(growth) < 1 and max(fractions) == 0 and smallest is None:
        verdict = Verdict.HOLDS
    else:
        raise UndecidedError(
            f"P16: the evidence decides nothing: growth per step {growth} over seeds {seeds}, "
            f"fractions {fractions}, smallest two-unit size {smallest}"
        )
    at = search.sizes.index(smallest) if smallest is not None else None
    return Evidence(
        verdict,
        f"{witness.units} random units, |w| <= {witness.w_max}, {len(seeds)} seeds: the largest flow "
        f"grows by {min(growth):.3f} to {max(growth):.3f} per step (with |w| <= {witness.small}: "
        f"{min(g['growth'] for g in small):.3f} to {max(g['growth'] for g in small):.3f}); random nets "
        f"with |w| <= {COUNTER_WEIGHT} from random starts, {typical['nets']} per n: fraction whose flow "
        f"grows {dict(zip(TYPICAL_UNITS, fractions, strict=True))}; one unit: largest factor "
        f"{one['largest_factor']:.6f} < 1; two units: W = {COUNTER_WEIGHT}[[1, -1], [-1, 1]] held at "
        f"(1/2, 1/2) has every factor {COUNTER_WEIGHT / 4} < 1 and a flow of "
        f"{counter[COUNTER_LAGS[1] - 1]:.3g} at lag {COUNTER_LAGS[1]}, an unstable state: from a nearby "
        f"start the flow shrinks by {_nearby()['rate']:.3f} per step; two-unit search: {search.evaluated} "
        f"runs, flow kept from size {smallest} (= 4/n) on",
        {
            "one_unit": one,
            "one_unit_holds": one_unit_holds,
            "search": {
                "n": search.n,
                "sizes": search.sizes,
                "size_count": len(search.sizes),
                "first_size": search.sizes[0],
                "last_size": search.sizes[-1],
                "worst_rate": search.worst_rate,
                "evaluated": search.evaluated,
                "smallest_size": smallest,
                "smallest_weights": search.worst_weights[at] if at is not None else None,
                "smallest_start": search.worst_start[at] if at is not None else None,
                "step_norm_ratio": search.largest_step_norm_ratio,
            },
            "counter": {
                "a": COUNTER_WEIGHT,
                "factor": COUNTER_WEIGHT / 4,
                "rate": COUNTER_WEIGHT / 2,
                "lags": list(COUNTER_LAGS),
                "flow": [float(counter[q - 1]) for q in COUNTER_LAGS],
                "sigma_max": largest_singular_value(COUNTER_WEIGHT * np.array([[1, -1], [-1, 1]])),
                "nearby": _nearby(),
            },
            "typical": typical,
            "witness": {
                "units": witness.units,
                "w_max": witness.w_max,
                "small": witness.small,
                "burn_in": witness.burn_in,
                "lags": witness.lags,
                "seed": witness.seed,
                "seed_count": len(seeds),
                "large": large[0],
                "small_weights": small[0],
                "growth_min": min(growth),
                "growth_max": max(growth),
                "small_growth_max": max(g["growth"] for g in small),
                "small_sigma_max": max(g["sigma_max"] for g in small),
            },
        },
    )


ENTRYWISE_UNITS: Final = (2, 3, 5, 10, 50)
"""The numbers of units of the random nets of {py:func}`entrywise_bound`."""


def entrywise_bound(
    seed: int = 30, nets: int = 6, lags: tuple[int, ...] = (1, 2, 3, 5, 10, 20)
) -> Evidence:
    r"""X30: every entry of the logistic flow matrix is at most the matching entry of $(|W|^{\mathsf T}/4)^q$.

    Each step back multiplies by $F'(t-m)\,W^{\mathsf T}$, whose entries are at most those of
    $|W|^{\mathsf T}/4$ in size because every logistic slope lies in $(0, 1/4]$; products of non-negative
    matrices keep the order. So the flow vanishes whenever the largest eigenvalue $\rho(|W|)$ of the
    entrywise $|W|$ is below 4, and $\rho(|W|)$ is at most the largest row sum, at most $n\,w_{max}$.
    Checked against {py:func}`~lstmnotes.flow.scaling_factor` on every two-unit sign pattern
    $\{-a, 0, a\}^{2 \times 2}$ at $a =$ {py:data}`COUNTER_WEIGHT` run from $(\tfrac12, \tfrac12)$ (the
    counter-example among them, where the bound is attained) and on ``nets`` random nets for each size in
    {py:data}`ENTRYWISE_UNITS`, with weights up to 8 in size and random starts.

    :param seed: the seed of the random nets.
    :param nets: random nets per size.
    :param lags: the lags checked.
    :return: ``HOLDS`` when no entry exceeds its bound (to rounding) and the bound is attained;
        ``FALSE`` otherwise.
    """
    rng = np.random.default_rng(seed)
    cases = [(W, np.full(2, 0.5)) for W in _candidate_weights(2, COUNTER_WEIGHT, rng, 0)]
    for n in ENTRYWISE_UNITS:
        for _ in range(nets):
            W = random_weights(n, rng, w_max=float(rng.uniform(0.5, 8.0)))
            cases.append((W, rng.uniform(0, 1, n)))
    worst = 0.0
    q_max = max(lags)
    for W, y0 in cases:
        run = run_net(W, y0, q_max + 1)
        slopes = run.fprime(q_max + 1, q_max)
        step = np.abs(W).T / 4
        for q in lags:
            bound = np.linalg.matrix_power(step, q)
            flow = np.abs(scaling_factor(W, slopes[:q]))
            positive = bound > 0
            if np.any(flow[~positive] > 0):
                worst = np.inf
            if np.any(positive):
                worst = max(worst, float(np.max(flow[positive] / bound[positive])))
    attained = worst >= 1 - 1e-12
    return Evidence(
        Verdict.HOLDS if worst <= 1 + 1e-12 and attained else Verdict.FALSE,
        f"{len(cases)} nets (every two-unit sign pattern at a = {COUNTER_WEIGHT} from (1/2, 1/2) and "
        f"{nets} random nets for each n in {list(ENTRYWISE_UNITS)}, weights up to 8), lags {list(lags)}: "
        f"the largest ratio |flow entry| / entry of (|W|^T/4)^q is {worst:.12f}, reached where every "
        "slope is 1/4",
        {
            "nets": len(cases),
            "lags": list(lags),
            "worst_ratio": worst,
            "units": list(ENTRYWISE_UNITS),
            "largest_units": max(ENTRYWISE_UNITS),
        },
    )


APPROACH_DIGITS: Final = (1, 2, 3)
SMALL_WEIGHT: Final = 0.2
"""A weight bound far below 4: the alternating net with this weight and more than 4 / SMALL_WEIGHT units."""
SMALL_UNITS: Final = 22
"""Units of the small-weight alternating net (even, above 4 / SMALL_WEIGHT)."""
r"""The structured two-unit net is run at $a = 2 - 10^{-k}$ for these $k$: just inside $n\,w_{max} < 4$."""


def answer_still_vanishes(q_max: int = 8) -> Evidence:
    r"""A6: "by fixing (3.2) and sorting out the implications the result still holds (gradients are still vanishing)".

    After regrouping every bracket is a gain $g(w; y, c) \le |w|/4$, the leading weight is at most
    $w_{max}$ and the trailing slope at most $1/4$, so each path term is at most $(w_{max}/4)^q$, the bound
    of the paper's own reading. That settles one unit ($n = 1$, one path). For a net, the flow sums
    $n^{q-1}$ path terms:

    - the per-path bound is checked on the worst two-unit nets of {py:func}`small_weight_search` and on
      the counter-example, where it is attained;
    - where $n\,w_{max} < 4$ (P13) every net the search tried has a decaying flow, and the step bound
      $\|F'\,W^{\mathsf T}\|_2 \le \sigma_{max}(W)/4$ holds at every step of the worst nets;
    - with weights merely below 4 the search finds nets whose flow does not vanish.

    :param q_max: the longest path checked against the per-path bound.
    - with any fixed weight bound the alternating net $W = a\,s s^{\mathsf T}$ of more than $4/a$
      units grows at its fixed point ($a$ = ``SMALL_WEIGHT``, ``SMALL_UNITS`` units).

    :return: ``FALSE`` (the corrected form holds: per path, one unit, $n\,w_{max} < 4$ or
        $\sigma_{max}(W) < 4$; but small weights alone do not make the flow vanish) when all of these
        are as stated; ``CONDITIONAL`` when only weights near 4 break it; ``HOLDS`` when no net keeps
        its flow; ``UNCHECKABLE`` when the corrected form fails or the evidence contradicts itself.
    """
    search = small_weight_search()
    nets = [np.array(W) for W in search.worst_weights]
    starts = [np.array(y) for y in search.worst_start]
    nets.append(COUNTER_WEIGHT * np.array([[1.0, -1.0], [-1.0, 1.0]]))
    starts.append(np.full(2, 0.5))
    ratio = 0.0
    for W, y0 in zip(nets, starts, strict=True):
        run = run_net(W, y0, q_max + 1)
        bound_w = float(np.abs(W).max())
        for q in range(1, q_max + 1):
            slopes = run.fprime(q_max + 1, q)
            for u, v in itertools.product(range(W.shape[0]), repeat=2):
                terms = np.abs(path_terms(W, slopes, u, v))
                ratio = max(ratio, float(terms.max()) / (bound_w / 4) ** q)
    per_path = ratio <= 1 + 1e-12
    below = [r for a, r in zip(search.sizes, search.worst_rate, strict=True) if search.n * a < 4]
    decays_under = bool(below) and max(below) < 1 and search.largest_step_norm_ratio <= 1 + 1e-12
    counter = search.smallest
    signs = np.where(np.arange(SMALL_UNITS) % 2 == 0, 1.0, -1.0)
    small_rate = _rate(SMALL_WEIGHT * np.outer(signs, signs), np.full(SMALL_UNITS, 0.5), 30)
    if not (per_path and decays_under):  # the corrected form the note names would be wrong
        verdict = Verdict.UNCHECKABLE
    elif counter is None:
        verdict = Verdict.HOLDS if small_rate < 1 else Verdict.UNCHECKABLE
    else:  # weights below 4 do not suffice; do small weights?
        verdict = Verdict.FALSE if small_rate > 1 else Verdict.CONDITIONAL
    flows = counter_example_flow(COUNTER_WEIGHT, max(COUNTER_LAGS))
    # no uniform margin below one under n w_max < 4: the structured net decays at a / 2 -> 1 as a -> 4/n
    approach = [2.0 - 10.0**-k for k in APPROACH_DIGITS]  # 4/n - 10^-k for n = 2
    approach_rates = [
        _rate(a * np.array([[1.0, -1.0], [-1.0, 1.0]]), np.full(2, 0.5), 30) for a in approach
    ]
    return Evidence(
        verdict,
        f"per path: the largest |path term| / (max|w|/4)^q over the worst searched nets and q <= "
        f"{q_max} is {ratio:.12f} (attained where every net input is 0); with n w_max < 4 the worst "
        f"two-unit rate is {max(below) if below else float('nan'):.4f} < 1 and "
        f"||F' W^T||_2 / (sigma_max/4) <= {search.largest_step_norm_ratio:.6f}; with weights merely "
        f"below 4 the flow stops vanishing from size {counter} on (at {COUNTER_WEIGHT}: "
        f"{flows[COUNTER_LAGS[0] - 1]:.4g} at lag {COUNTER_LAGS[0]}); no uniform margin under "
        f"n w_max < 4: at a = {approach[-1]} the rate is {approach_rates[-1]:.6f}; no weight bound "
        f"suffices for every n: {SMALL_UNITS} units with W = {SMALL_WEIGHT} s s^T (s alternating, from "
        f"y = 1/2) grow by {small_rate:.4f} a step",
        {
            "per_path_ratio": ratio,
            "q_max": q_max,
            "worst_rate_below": max(below) if below else None,
            "step_norm_ratio": search.largest_step_norm_ratio,
            "smallest_size": counter,
            "counter_flow": [float(flows[q - 1]) for q in COUNTER_LAGS],
            "small": {"weight": SMALL_WEIGHT, "units": SMALL_UNITS, "rate": small_rate},
            "approach": {
                "sizes": approach,
                "rates": approach_rates,
                "last_size": approach[-1],
                "last_rate": approach_rates[-1],
            },
        },
    )
