"""The paper's fully recurrent net run forward, its back-propagated error signals, and an autodiff oracle (the network chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
The rest of the part: the autodiff oracle in {py:mod}`lstmnotes.net.autodiff` and the figure in
{py:mod}`lstmnotes.net.figures`.

Floating point: the error signals ({py:func}`error_signals`, {py:func}`loss_signals`) and the gradients
({py:func}`loss_gradient`, {py:func}`loss_gradient_by_lag`) keep each signal to its own rounding, wherever
in the float range it and the others lie: a step that may lose digits to underflow is redone with each
signal a mantissa and a power of two of its own, and a signal below $2^{-1022}$ stays in that form for its
products with the run's activations, so that it keeps its digits where a huge activation or weight
brings it back.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.net._gradient import (
    MAX_LAG_STEPS,
    MAX_LAG_WORK,
    MAX_REDO,
    Gradient,
    loss_gradient,
    loss_gradient_by_lag,
    squared_error,
    target_errors,
)
from lstmnotes.net._run import (
    MAX_NET_REDO,
    MAX_RUN_VALUES,
    MAX_STEPS,
    MAX_UNITS,
    MAX_WORK,
    NET_REDO_CALL,
    output_error,
    random_weights,
    run_net,
)
from lstmnotes.net._runs import run_nets
from lstmnotes.net._signals import MAX_SIGNAL_REDO, SIGNAL_REDO_CALL, error_signals, loss_signals
from lstmnotes.net._trajectory import Run

__all__ = [
    "DOMAIN",
    "MAX_LAG_STEPS",
    "MAX_LAG_WORK",
    "MAX_NET_REDO",
    "MAX_REDO",
    "MAX_RUN_VALUES",
    "MAX_SIGNAL_REDO",
    "MAX_STEPS",
    "MAX_UNITS",
    "MAX_WORK",
    "NET_REDO_CALL",
    "SIGNAL_REDO_CALL",
    "Gradient",
    "Run",
    "error_signals",
    "loss_gradient",
    "loss_gradient_by_lag",
    "loss_signals",
    "output_error",
    "random_weights",
    "run_net",
    "run_nets",
    "squared_error",
    "target_errors",
]

_SIZES = (
    f"n <= {MAX_UNITS}, steps <= {MAX_STEPS}, steps n <= {MAX_RUN_VALUES}, "
    f"steps n^2 <= {MAX_WORK:.3g} (memory and time; about 10 microseconds a step for small n)"
)

DOMAIN: tuple[Domain, ...] = (
    Domain(
        run_net,
        inputs="W: finite reals (n, n); y0: finite reals (n,); steps: integer >= 1; activation: an "
        "Activation or a name of lstmnotes.activations.NAMED_ACTIVATIONS; x: finite reals (T, m), m >= 1, "
        "given with V: finite reals (n, m); b: finite reals (n,)",
        accuracy="each net input within (n + m + 1) 2^-52 of the sum of |w_ij y_j(t-1)|, |v_il x_l(t)| and "
        "|b_i| of the exact W y(t-1) + V x(t) + b (plus (n + m) 2^-1074); without x, V and b bit for bit "
        "the paper's net as before; a net input whose products overflow on the way to a finite sum is redone "
        "term by term as mantissas and powers of two, scaled by its own largest term (the other net inputs "
        "of the step keep their plain values); each activation as lstmnotes.activations. The run is the float64 run: a chaotic net "
        "amplifies rounding over many steps",
        limits=f"{_SIZES}, and the same with n + m for n when there are inputs; a net input beyond "
        "float64 (about 1.8e308) is refused (the plain pass is checked every 256 steps, so a run that "
        "overflows early is refused early); the net inputs that overflow are redone, each of its "
        f"n + m + 1 terms counting two and each redone step NET_REDO_CALL = {NET_REDO_CALL} more, at most "
        f"MAX_NET_REDO = {MAX_NET_REDO} in all (about 0.5 s), beyond which the call is refused",
    ),
    Domain(
        run_nets,
        inputs="W: finite reals (k, n, n), k >= 1; y0: finite reals (k, n); steps, activation: as run_net",
        accuracy="as run_net: run i is bit for bit run_net(W[i], y0[i], steps, activation)",
        limits=f"{_SIZES}, for each net; k steps n^2 <= {MAX_WORK:.3g} in all",
    ),
    Domain(
        output_error,
        inputs="run: a Run; t: integer 1..T; target: finite reals, one per output; outputs: distinct "
        "integer unit indices",
        accuracy="within 2 ulps of f'(net) (d - y) for the slope f' the activation computes (plus 2^-1074); "
        "d - y beyond float64 is halved exactly first",
        limits="as the run; a signal beyond float64 is refused",
    ),
    Domain(
        error_signals,
        inputs="run: a Run; t: integer 1..T; theta: finite reals (n,)",
        accuracy="each signal theta(s) within (t - s) (n + 3) 2^-53 of the same recursion on |W|, |f'| and "
        "|theta(t)|, plus 2^-1074 where the returned signal is subnormal (or 0): the backward pass of "
        "loss_signals with no errors before t, each signal to its own rounding whatever the others' sizes",
        limits="as loss_signals (t n^2 within the run's limits; redos bounded by MAX_SIGNAL_REDO); a "
        "signal beyond float64 is refused",
    ),
    Domain(
        target_errors,
        inputs="run: a Run; target: finite reals (len(times), len(outputs)); outputs: distinct unit "
        "indices; times: distinct integer steps 1..T",
        accuracy="each error d - y rounded once (exact where d and y are within a factor of two)",
        limits="as the run; a difference beyond float64 is refused",
    ),
    Domain(
        squared_error,
        inputs="as target_errors",
        accuracy="within (K + 2) 2^-53 relative for K targets (a sum of squares scaled by powers of two, "
        "so that no square overflows or underflows on the way), plus 2^-1075 where E is subnormal",
        limits="as the run; only a loss E itself beyond float64 (about 1.8e308) is refused",
    ),
    Domain(
        loss_signals,
        inputs="run: a Run; errors: finite reals (T, n), -dE/dy",
        accuracy="each signal theta(s) within (T - s + 1) (n + 3) 2^-53 of the same recursion on |W|, |f'| "
        "and |e|, plus 2^-1074 where the returned signal is subnormal (or 0), whatever the sizes of the "
        "other signals: steps that may lose digits to underflow are redone with each signal a mantissa "
        "and a power of two of its own (its rounding, and at most T n signals dropped on the way, each "
        "of which could add no more than 2^-1100); as -dE/dnet it agrees with reverse-mode autodiff",
        limits="T n (n + m + 1) <= MAX_WORK; a step whose products overflow is redone in the rows that "
        "overflowed term by term as mantissas and powers of two (as error_signals), n + 1 terms a row, "
        f"each counting two, at most MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} terms in all, each redone step "
        f"counting SIGNAL_REDO_CALL = {SIGNAL_REDO_CALL} terms more for its fixed cost (so about 0.5 s at "
        "most); steps that may lose digits to underflow are redone term by term, each counting "
        "2 SIGNAL_REDO_CALL + n (n + 1) against the same MAX_SIGNAL_REDO (about 2500 such steps at small "
        "n; a step's signals, or a single signal, so small they cannot reach 2^-1100 again are dropped "
        "and cost nothing more); a signal "
        "beyond float64 is refused",
    ),
    Domain(
        loss_gradient,
        inputs="as loss_signals",
        accuracy="each entry within (T + 1) (n + 4) 2^-53 of the same sums on |W|, |f'|, |e|, |y|, |x| "
        "(the run's slopes and activations taken as exact), plus T 2^-1074 (the terms, each a signal's "
        "mantissa times y 2^k, round to multiples of 2^-1074); a signal below float64 whose product with a "
        "huge y "
        "is a float keeps its digits; agrees with autodiff and central differences on random nets of every "
        "built-in activation, and with exact rational BPTT on nets with values from 2^-700 to 2^700",
        limits="as loss_signals; a gradient entry beyond float64 (about 1.8e308) is refused; an entry whose "
        "terms theta_i(s) y_j(s-1) overflow but cancel is redone scaled by powers of two and summed exactly "
        "(Dekker products, fsum), then rounded once: an exact sum of about 2 T values an entry so redone, "
        f"so the entries redone times T + 2 are at most MAX_REDO = {MAX_REDO} (about 1 s), beyond which "
        "the call is refused before any is redone",
    ),
    Domain(
        loss_gradient_by_lag,
        inputs="as loss_signals",
        accuracy="each lag's part within (T + 1) (n + 4) 2^-53 of the same part on absolute values, plus "
        "K 2^-1074 for K times with errors; so the parts sum to loss_gradient within twice those bounds",
        limits=f"T <= MAX_LAG_STEPS = {MAX_LAG_STEPS} (a loop pass a lag, about a second at the limit; "
        f"checked before any work); K T n (n + m + 1) <= MAX_LAG_WORK = {MAX_LAG_WORK:.3g} for K times with "
        "errors (one to three seconds at the limit); T n (n + m + 1) <= "
        "MAX_RUN_VALUES (the parts are kept); a lag whose signals may under- or overflow is redone entry "
        "by entry as mantissas and powers of two, in the rows that need it, counting 2 SIGNAL_REDO_CALL "
        f"plus 8 + (n (n + 1) + n (n + m + 1)) / 4 a row against MAX_SIGNAL_REDO = {MAX_SIGNAL_REDO} (about half "
        "a second; a row that can add no more than 2^-1100 is dropped); a part's entry beyond float64 is "
        "refused, one whose terms overflow but cancel is redone exactly as in loss_gradient, the entries "
        f"redone times (2 plus the times with errors they sum over) at most MAX_REDO = {MAX_REDO} in all",
    ),
    Domain(
        random_weights,
        inputs="n: integer >= 1; rng: a numpy.random.Generator; w_max: finite real > 0; symmetric: bool",
        accuracy="numpy's uniform draws on [-w_max, w_max] (for w_max above 2^1022, drawn at half the "
        "scale and doubled exactly)",
        limits=f"n <= {MAX_UNITS} (n^2 floats, 128 MiB)",
    ),
)
