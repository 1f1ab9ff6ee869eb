"""The claims of the long-lag chapter: what the paper's Task 2a shows when both learners are trained here.

X70 (BPTT learns at no delay of the scan), X71 (the cell learns the short delays in every trial), X72 (the
cell learns no delay from twenty up within the scan's budget: the paper's headline, every trial at
$p = 100$, is not reproduced at this scale), X73 (the flow at initialisation) and X74 (why the cell fails
at $p = 100$: the state drifts while the cell is held out, and the first update after it is added
saturates the outputs). Each check recomputes
the evidence ({py:func}`lstmnotes.long_lag.evidence.chapter_scan`, cached once per process, and
{py:func}`lstmnotes.long_lag.evidence.initial_flow`).
"""

from __future__ import annotations

import math

import numpy as np

from lstmnotes.ledger import Evidence, Verdict, register

__all__: list[str] = []

TASK_2A = "Hochreiter & Schmidhuber 1997, §5.2 (Task 2a, Table 2)"
FLOW_DELAYS = tuple(range(10, 101, 10))
FLOW_NETS = 50
FLOW_BELOW = -12.0
CELL_ABOVE = -1.0
SCAN_DELAYS = (4, 10, 20, 100)
"""The delays the claims name; X70 checks that the chapter's scan runs exactly these."""
DRIFT_RANGE = (0.2, 1.0 / 3.0)
JUMP_LONG = 10.0
JUMP_SHORT = 1.0
STUCK_ERROR = 0.99
STUCK_SLOPE = 1e-6
LEARNING_SLOPE = 0.1


def _rows(learner: str) -> dict[int, dict[str, float]]:
    from lstmnotes.long_lag.evidence import chapter_scan  # noqa: PLC0415

    return {
        row.p: {
            "successes": row.successes,
            "trials": row.trials,
            "median": row.median_to_success,
            "flow_start": row.flow_start,
            "flow_end": row.flow_end,
        }
        for row in chapter_scan()
        if row.learner == learner
    }


def _budget() -> dict[str, float]:
    from lstmnotes.long_lag import evidence  # noqa: PLC0415

    return {
        "sequences": evidence.CHAPTER_SEQUENCES,
        "seeds": evidence.CHAPTER_SEEDS,
        "rate": evidence.CHAPTER_RATE,
        "run": evidence.CHAPTER_RUN,
    }


@register(
    "X70",
    statement="Trained by full back-propagation through time (one self-recurrent logistic unit, learning "
    "rate 1.0), the Task 2a net learns in no trial at any delay of the chapter's scan (p = "
    + ", ".join(str(p) for p in SCAN_DELAYS)
    + ") within the scan's sequences per trial.",
    source=TASK_2A,
    method="the chapter's scan: six seeded nets per delay trained online, success = twenty successive "
    "sequences with every output within 0.25 at every step; the claim holds if the scan's delays are the "
    "ones named and no net at any of them succeeds",
    stated=Verdict.HOLDS,
)
def _x70() -> Evidence:
    rows = _rows("bptt")
    budget = _budget()
    total = sum(int(r["successes"]) for r in rows.values())
    named = tuple(rows) == SCAN_DELAYS
    return Evidence(
        Verdict.HOLDS if total == 0 and named else Verdict.FALSE,
        ("" if named else f"the scan's delays {tuple(rows)} are not the named {SCAN_DELAYS}; ")
        + f"BPTT successes within {budget['sequences']} sequences: "
        + ", ".join(f"p = {p}: {int(r['successes'])}/{int(r['trials'])}" for p, r in rows.items()),
        {"rows": {str(p): r for p, r in rows.items()}, **budget, "successes": total},
    )


@register(
    "X71",
    statement="The 1997 memory cell (input gate, truncated gradient, learning rate 1.0) learns Task 2a in "
    "every trial at p = 4 and p = 10 within the chapter's sequences per trial.",
    source=TASK_2A,
    method="the chapter's scan, as for X70; the claim holds if every cell net at p = 4 and at p = 10 succeeds",
    stated=Verdict.HOLDS,
)
def _x71() -> Evidence:
    rows = _rows("cell")
    short = {p: rows[p] for p in (4, 10)}
    every = all(r["successes"] == r["trials"] for r in short.values())
    return Evidence(
        Verdict.HOLDS if every else Verdict.FALSE,
        "Cell successes (median sequences to success): "
        + ", ".join(
            f"p = {p}: {int(r['successes'])}/{int(r['trials'])} ({r['median']:g})"
            for p, r in short.items()
        ),
        {"rows": {str(p): r for p, r in short.items()}, **_budget()},
    )


@register(
    "X72",
    statement="Within the chapter's sequences per trial the memory cell learns Task 2a in no trial at "
    "p = 20 or p = 100: at this scale the paper's result (every trial at p = 100, after 5,040 sequences "
    "on average) is not reproduced.",
    source=TASK_2A,
    method="the chapter's scan, as for X70; the claim holds if no cell net at p = 20 or p = 100 succeeds",
    stated=Verdict.HOLDS,
    note="The scan presents at most 2,000 sequences per net, fewer than the paper's mean of 5,040 at "
    "p = 100, so this does not refute the paper; it says what the budget of the build shows.",
)
def _x72() -> Evidence:
    rows = _rows("cell")
    long = {p: rows[p] for p in (20, 100)}
    total = sum(int(r["successes"]) for r in long.values())
    return Evidence(
        Verdict.HOLDS if total == 0 else Verdict.FALSE,
        "Cell successes: "
        + ", ".join(f"p = {p}: {int(r['successes'])}/{int(r['trials'])}" for p, r in long.items()),
        {"rows": {str(p): r for p, r in long.items()}, **_budget(), "successes": total},
    )


@register(
    "X73",
    statement="At initialisation (weights uniform in [-0.2, 0.2]) the BPTT net's error flow from the last "
    "step back to the first is below 10^-12 at each delay p = 10, 20, ..., 100 checked, while the flow "
    "through the memory cell's carousel stays above 10^-1 at every one of them.",
    source=TASK_2A,
    method="fifty random nets of each learner at p = 10, 20, ..., 100, both sequences each: the largest "
    "log10 flow of the BPTT nets and the smallest through the cell",
    stated=Verdict.HOLDS,
)
def _x73() -> Evidence:
    from lstmnotes.long_lag.evidence import initial_flow  # noqa: PLC0415

    r = initial_flow(np.random.default_rng(73), FLOW_DELAYS, FLOW_NETS)
    bptt = float(r.bptt_largest.max())
    cell = float(r.cell_smallest.min())
    holds = bptt < FLOW_BELOW and cell > CELL_ABOVE
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"Largest log10 BPTT flow over p = {FLOW_DELAYS[0]}..{FLOW_DELAYS[-1]}: {bptt:.2f} "
        f"(at p = {FLOW_DELAYS[0]}: {r.bptt_largest[0]:.2f}, at p = {FLOW_DELAYS[-1]}: "
        f"{r.bptt_largest[-1]:.2f}); smallest log10 flow through the cell: {cell:.2f}.",
        {
            "bptt_largest": bptt,
            "bptt_at_longest": float(r.bptt_largest[-1]),
            "cell_smallest": cell,
            "cell_largest": float(r.cell_largest.max()),
            # for the page, rounded outward so that the range it states holds
            "cell_floor": _down(cell, 2),
            "cell_ceil": _up(float(r.cell_largest.max()), 2),
            "nets": FLOW_NETS,
        },
    )


def _drift() -> dict[int, dict[str, list[float]]]:
    from lstmnotes.long_lag.evidence import chapter_scan, worst_output  # noqa: PLC0415

    out = {}
    for row in chapter_scan():
        if row.learner != "cell":
            continue
        t = row.training
        added = t.cell_added_at > 0
        worst = worst_output(t)
        out[row.p] = {
            "state": t.state_at_added[added].tolist(),
            "jump": t.first_jump[t.first_jump >= 0].tolist(),
            "error": worst.error[added].tolist(),
            "slope": worst.slope[added].tolist(),
        }
    return out


def _down(x: float, digits: int) -> float:
    scale = 10.0**digits
    return math.floor(x * scale) / scale


def _up(x: float, digits: int) -> float:
    scale = 10.0**digits
    return math.ceil(x * scale) / scale


def _up_significant(x: float) -> float:
    """``x`` rounded up to one significant digit (``x`` > 0)."""
    if x <= 0:
        return x
    scale = 10.0 ** math.floor(math.log10(x))
    return math.ceil(x / scale) * scale


@register(
    "X74",
    statement="In the chapter's scan the memory cell's state grows along each sequence: when the cell is "
    "added, its state at the last step lies between p/5 and p/3 at every delay (g and the input gate are "
    "both positive and h is the identity, so every step adds to it; with the weights still at their "
    "starting values each step adds between sigma(-0.2)^2 and sigma(0.2)^2, so this part follows from "
    "the starting range). At p = 100 the first update "
    "after the cell is added moves an output weight from the cell by more than 10, and every net whose "
    "cell was added ends with an output saturated on the wrong side (error above 0.99, slope of the "
    "logistic below 10^-6); at p = 4, 10 and 20 that update moves none by more than 1 and no net ends "
    "with the slope at its worst output below 0.1.",
    source=TASK_2A,
    method="the chapter's scan: for each cell net, the state at the last step (larger of the two sequences) "
    "when the cell is added, the largest change of an output weight from the cell in the first update "
    "with it, and the output with the largest error on the two sequences after training with its slope",
    stated=Verdict.HOLDS,
    note="At p = 100 the cell is added late in the budget or not at all (the error keeps decreasing while "
    "the output layer learns the next-symbol predictions), so the nets without it are not counted among "
    "the saturated ones: the p = 100 part rests on the nets whose cell the window rule added within the "
    "budget. The first update sums the contributions of all p steps of a sequence (one update a "
    "sequence, this build's reading of the paper's schedule); with an update at every step each move "
    "is far smaller. At p = 20 the nets are still learning when the budget ends.",
)
def _x74() -> Evidence:
    rows = _drift()
    low, high = DRIFT_RANGE
    ratios = {p: [s / p for s in r["state"]] for p, r in rows.items()}
    drift = all(r and all(low < x < high for x in r) for r in ratios.values())
    long = rows[SCAN_DELAYS[-1]]
    short = [rows[p] for p in SCAN_DELAYS[:-1]]
    stuck = (
        bool(long["jump"])
        and min(long["jump"]) > JUMP_LONG
        and min(long["error"]) > STUCK_ERROR
        and max(long["slope"]) < STUCK_SLOPE
    )
    learning = all(
        max(r["jump"]) <= JUMP_SHORT and min(r["slope"]) >= LEARNING_SLOPE for r in short
    )
    return Evidence(
        Verdict.HOLDS if drift and stuck and learning else Verdict.FALSE,
        "State when the cell is added, over p: "
        + ", ".join(f"p = {p}: {min(r):.3f}..{max(r):.3f}" for p, r in ratios.items() if r)
        + f"; at p = {SCAN_DELAYS[-1]} the first update moves a cell weight by at least "
        f"{min(long['jump'], default=float('nan')):.1f}, the worst error is at least "
        f"{min(long['error'], default=float('nan')):.3f} with slope at most "
        f"{max(long['slope'], default=float('nan')):.1e}; at shorter delays the largest first move is "
        f"{max(max(r['jump']) for r in short):.2f} and the smallest slope "
        f"{min(min(r['slope']) for r in short):.3f}.",
        {
            # bounds for the page, rounded outward so that the inequalities it states stay true
            "drift_floor": _down(min(min(r) for r in ratios.values() if r), 2),
            "drift_ceil": _up(max(max(r) for r in ratios.values() if r), 2),
            "jump_long_floor": _down(min(long["jump"], default=-1.0), 0),
            "error_long_floor": _down(min(long["error"], default=-1.0), 2),
            "slope_long_ceil": _up_significant(max(long["slope"], default=-1.0)),
            "jump_short_ceil": _up(max(max(r["jump"]) for r in short), 2),
            "slope_short_floor": _down(min(min(r["slope"]) for r in short), 2),
            "drift_min": min(min(r) for r in ratios.values() if r),
            "drift_max": max(max(r) for r in ratios.values() if r),
            "state_long": float(np.median(long["state"])) if long["state"] else -1.0,
            "added_long": len(long["state"]),
            "jump_long": min(long["jump"], default=-1.0),
            "error_long": min(long["error"], default=-1.0),
            "slope_long": max(long["slope"], default=-1.0),
            "jump_short": max(max(r["jump"]) for r in short),
            "slope_short": min(min(r["slope"]) for r in short),
            "state_short": [float(np.median(r["state"])) for r in short],
        },
    )
