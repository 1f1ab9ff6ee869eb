r"""Computed verdicts on the gain's limit as $|w| \to \infty$ at fixed $y$ and $c$, and the answer's argument.

The paper: with $y \neq 0$ fixed, $|f'(\mathit{net})\,w| \to 0$ as $|w|$ grows. The public answer argues
the same limit, for $w \to +\infty$ only, with a reason that read literally fails, and with the net input
written as a sum over the weights leaving $l_{m-1}$. The limit in a running net, where $y$ moves with $w$,
is {py:mod}`~lstmnotes.local_gain.evidence_running`'s. Each function decides one claim afresh by calling
the library and returns an {py:class}`~lstmnotes.ledger.Evidence`: the verdict, a one-line summary with
the numbers, and JSON-ready data. The pages glue their numbers from the same evidence, so the prose and
the ledger cannot disagree.

| claim | function |
|---|---|
| P7 the gain tends to zero as $\lvert w\rvert \to \infty$ | {py:func}`gain_vanishes_for_large_weights` |
| answer: the limit for $\lvert w\rvert \to \infty$ | {py:func}`answer_limit` |
| X20 the answer's limit writes the net input as a sum over the weights leaving $l_{m-1}$ | {py:func}`answer_net_sum_slip` |
"""

from __future__ import annotations

from typing import Final

import numpy as np
import sympy

from lstmnotes.activations import logistic
from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain._unit import gain, gain_tail
from lstmnotes.local_gain.evidence import UndecidedError
from lstmnotes.local_gain.symbolic import gain_limits
from lstmnotes.local_gain.symbolic_net_sum import answer_net_sum

__all__ = [
    "answer_limit",
    "answer_net_sum_slip",
    "gain_vanishes_for_large_weights",
]


def gain_vanishes_for_large_weights() -> Evidence:
    r"""P7: for $y \neq 0$ the gain tends to zero as $|w| \to \infty$, like $|w|\,e^{-|wy + c|}$.

    sympy computes the four limits ($w \to \pm\infty$, $y \gtrless 0$) and the ratio to the asymptote;
    numerically the gain at $|w| = 10^k/|y|$ falls and tracks the asymptote. The premise $y \neq 0$
    matters: at $y = 0$ the gain is $\sigma'(c)|w|$ and sympy's limit is infinite.

    :return: ``HOLDS`` when all limits are zero and the ratios one.
    """
    limits = gain_limits()
    zero = all(v == 0 for v in limits.limits.values())
    one = all(v == 1 for v in limits.ratios.values())
    w = np.array([10.0, 100.0, 1000.0])
    samples = {}
    for y, c in ((0.5, 0.0), (-2.0, 3.0)):
        values = gain(w / abs(y), y, c)
        samples[f"y={y}, c={c}"] = [float(v) for v in values]
    ratio = float(gain(50.0, 1.0, 0.5) / gain_tail(50.0, 1.0, 0.5))
    at_zero = float(gain(1e6, 0.0, 0.0))
    zero_weights = [10.0, 100.0, 1000.0]
    zero_gains = [float(gain(v, 0.0, 0.0)) for v in zero_weights]
    holds = zero and one and limits.at_y_zero == sympy.oo
    refuted = any(v != 0 and v.is_number for v in limits.limits.values())
    if not holds and not refuted:
        raise UndecidedError(f"P7: the evidence decides nothing: limits {limits.limits}")
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sympy: all four limits are {set(limits.limits.values())}, gain / (|w| e^-|wy+c|) -> "
        f"{set(limits.ratios.values())}; numerically the ratio is {ratio:.15f} at w = 50 (y = 1, "
        f"c = 0.5); with y = 0 the limit is {limits.at_y_zero} (gain {at_zero:.3g} at w = 1e6)",
        {
            "limits": {k: str(v) for k, v in limits.limits.items()},
            "ratios": {k: str(v) for k, v in limits.ratios.items()},
            "samples": samples,
            "tail_ratio": ratio,
            "y_zero_limit": str(limits.at_y_zero),
            "y_zero_weights": zero_weights,
            "y_zero_gains": zero_gains,
        },
    )


A4_LITERAL: Final = (100.0, 1.0)
r"""The $(w, y)$ at which A4 evaluates the answer's reason read literally, $\sigma(wy)\,w$."""


def answer_limit() -> Evidence:
    r"""The answer's limit argument for $|w| \to \infty$.

    Its value is right when $y \neq 0$ (sympy, {py:func}`gain_vanishes_for_large_weights`), for both
    signs of $w$ and $y$. But the answer argues only $w \to +\infty$, gives no rate (the reason is that
    $\sigma'(wy + c) \sim e^{-|wy + c|}$ decays exponentially while $|w|$ grows linearly), does not exclude
    $y = 0$, where the limit is infinite, and writes the net input as a sum over the receiving unit
    instead of the sending units ({py:func}`answer_net_sum_slip`); with its own sum the limit is still zero. The reason it gives,
    "since $f'_{l_m}$ is sigmoid function, which use exponential in it", read literally ($f' = \sigma$)
    gives $\sigma(wy)\,w \to \infty$ for $y > 0$ (sympy, and ``A4_LITERAL`` numerically); only the
    formula it then writes, $\sigma(1 - \sigma)\,w$, has the limit zero.

    :return: ``CONDITIONAL`` when the limit is zero for $y \neq 0$ but not for $y = 0$ and the literal
        reason diverges; ``HOLDS`` when the limit is zero for $y = 0$ too and the literal reason gives
        zero as well; ``FALSE`` when the limit is not zero for some $y \neq 0$.
    :raises UndecidedError: when the evidence establishes none of these.
    """
    limits = gain_limits()
    own = answer_net_sum()
    nonzero_y = all(v == 0 for v in limits.limits.values())
    # the reason it gives, read literally: f' "is sigmoid function", so the factor would be sigma(wy) w
    w_sym, y_sym = sympy.symbols("w y", positive=True)
    literal_limit = sympy.limit(w_sym / (1 + sympy.exp(-w_sym * y_sym)), w_sym, sympy.oo)
    lw, ly = A4_LITERAL
    literal_value = float(logistic(lw * ly) * lw)
    data = {
        "literal": {"limit": str(literal_limit), "w": lw, "y": ly, "value": literal_value},
        "limits": {k: str(v) for k, v in limits.limits.items()},
        "y_zero_limit": str(limits.at_y_zero),
        "one_sided": "w->+oo",
        "own_sum_limit": str(own.answer_limit),
    }
    summary = (
        f"sympy: the limits for w -> +-oo, y >< 0 are {set(limits.limits.values())}; with y = 0 the limit "
        f"is {limits.at_y_zero}; the answer argues w -> +oo only, and its own (mis-indexed) sum also "
        f"gives {own.answer_limit}; its reason read literally (f' = sigma) gives sigma(wy) w -> "
        f"{literal_limit} for y > 0 (w = {lw}, y = {ly}: {literal_value})"
    )
    if not nonzero_y:
        return Evidence(Verdict.FALSE, summary, data)
    if limits.at_y_zero == sympy.oo and literal_limit == sympy.oo:
        return Evidence(Verdict.CONDITIONAL, summary, data)
    if limits.at_y_zero == 0 and literal_limit == 0:
        return Evidence(Verdict.HOLDS, summary, data)
    raise UndecidedError("the answer's limit: the evidence decides nothing: " + summary)


def answer_net_sum_slip() -> Evidence:
    r"""X20: the answer's limit writes $\mathit{net}_{l_m}(t-m) = \sum_{l^\ast} w_{l^\ast l_{m-1}}\,y^{l_{m-1}}(t-m-1)$.

    With $w_{ij}$ running from $j$ to $i$, the net input of $l_m$ sums the weights *into* $l_m$,
    $\sum_{j} w_{l_m j}\,y^j$. The answer's sum holds the second index at $l_{m-1}$ and runs over the
    first: the weights *leaving* $l_{m-1}$, each times the same activation $y^{l_{m-1}}$. It is an index
    slip, a sum over the receiving unit instead of the sending units; unlike the printed (3.2) it is not
    a transposition (swapping its weight's indices still leaves one fixed activation). sympy compares the two
    ({py:func}`~lstmnotes.local_gain.symbolic_net_sum.answer_net_sum`) for $n = 1, 2, 3$, and an exhaustive 0/1 search
    gives the smallest net that tells them apart.

    :return: ``FALSE`` when the sums differ for some $n$ (with the counter-example); ``HOLDS`` when they
        agree for every $n$ compared.
    """
    cases = {n: answer_net_sum(n) for n in (1, 2, 3)}
    differ = [n for n, case in cases.items() if not case.agree]
    smallest = cases[differ[0]] if differ else None
    data = {
        "agree": {str(n): case.agree for n, case in cases.items()},
        "outgoing": all(case.outgoing for case in cases.values()),
        "n": smallest.n if smallest else None,
        "counterexample": smallest.counterexample if smallest else None,
        "true_net": str(cases[2].true_net),
        "answer_sum": str(cases[2].answer_sum),
        "answer_limit": str(cases[2].answer_limit),
    }
    if smallest is None:
        return Evidence(
            Verdict.HOLDS,
            "the answer's sum equals net_l_m for every n compared (1, 2, 3)",
            data,
        )
    ce = smallest.counterexample or {}
    return Evidence(
        Verdict.FALSE,
        f"n = 2: net_1 = {cases[2].true_net}, the answer's sum = {cases[2].answer_sum} (y^2 times the "
        f"weights leaving unit 2: {data['outgoing']}); they agree only for n = 1; smallest 0/1 "
        f"counter-example n = {smallest.n}, W = {ce.get('W')}, y = {ce.get('y')}: net {ce.get('net')}, "
        f"the answer's sum {ce.get('answer')}; its limit with this sum is still {cases[2].answer_limit}",
        data,
    )
