"""What section 3 predicts, trained: back-propagation through time against the 1997 memory cell on the
paper's long-time-lag task (the long-lag chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.long_lag.evidence` holds the experiment.
"""

from __future__ import annotations

from lstmnotes.domain import Domain
from lstmnotes.long_lag._bptt import (
    INIT_RANGE,
    BPTTNet,
    BPTTRun,
    bptt_flow,
    bptt_gradient,
    random_bptt_net,
    run_bptt,
)
from lstmnotes.long_lag._cell_net import (
    CellNet,
    CellNetRun,
    cell_net_flow,
    cell_net_gradient,
    random_cell_net,
    run_cell_net,
)
from lstmnotes.long_lag._output_layer import (
    MAX_NET_VALUES,
    MAX_RUN_ERROR,
    MAX_RUN_VALUES,
    MAX_SEEDS,
    RUN_ACCURACY,
)
from lstmnotes.long_lag._task import (
    MAX_BATCH,
    MAX_DELAY,
    MAX_TASK_VALUES,
    SUCCESS_THRESHOLD,
    Task2a,
    task_2a,
    task_2a_symbols,
    within_threshold,
)
from lstmnotes.long_lag._training import (
    LARGE_SEQUENCE,
    LEARNERS,
    MAX_LEARNING_RATE,
    MAX_SEQUENCES,
    MAX_TRAINING_STEPS,
    MAX_TRAINING_WORK,
    NET_STEP_COST,
    PLATEAU_TOLERANCE,
    PLATEAU_WINDOW,
    SEQUENCE_COST,
    STEP_COST,
    Training,
    train_task_2a,
    training_work,
)

__all__ = [
    "DOMAIN",
    "INIT_RANGE",
    "LARGE_SEQUENCE",
    "LEARNERS",
    "MAX_BATCH",
    "MAX_DELAY",
    "MAX_LEARNING_RATE",
    "MAX_NET_VALUES",
    "MAX_RUN_ERROR",
    "MAX_RUN_VALUES",
    "MAX_SEEDS",
    "MAX_SEQUENCES",
    "MAX_TASK_VALUES",
    "MAX_TRAINING_STEPS",
    "MAX_TRAINING_WORK",
    "NET_STEP_COST",
    "PLATEAU_TOLERANCE",
    "PLATEAU_WINDOW",
    "RUN_ACCURACY",
    "SEQUENCE_COST",
    "STEP_COST",
    "SUCCESS_THRESHOLD",
    "BPTTNet",
    "BPTTRun",
    "CellNet",
    "CellNetRun",
    "Task2a",
    "Training",
    "bptt_flow",
    "bptt_gradient",
    "cell_net_flow",
    "cell_net_gradient",
    "random_bptt_net",
    "random_cell_net",
    "run_bptt",
    "run_cell_net",
    "task_2a",
    "task_2a_symbols",
    "train_task_2a",
    "training_work",
    "within_threshold",
]

_SYMBOLS = (
    "symbols: integer (S, T + 1), 1 <= T <= MAX_DELAY, each in 0..K-1 (floats, booleans and strings "
    "refused with TypeError)"
)
_NET_LIMITS = (
    f"S <= MAX_SEEDS = {MAX_SEEDS}; S K (K + 1) <= MAX_NET_VALUES = {MAX_NET_VALUES}; "
    f"T <= MAX_DELAY = {MAX_DELAY}; time linear in T"
)
_ACCURACY_LIMIT = (
    f"refused where the stated bound exceeds MAX_RUN_ERROR = {MAX_RUN_ERROR} (the test evaluated in "
    "float64 from the computed terms: within a relative 1e-12 of the limit either outcome may occur)"
)
_RUN_LIMITS = (
    f"{_NET_LIMITS}; S T K <= MAX_RUN_VALUES = {MAX_RUN_VALUES} (about a second and 550 MB at the "
    f"limit); {_ACCURACY_LIMIT}"
)
_FLOAT = (
    "float64 arithmetic in the order of the recursion, each logistic, slope and output error formed from "
    "its net input. Each activation, output and loss within B = RUN_ACCURACY (T + K)(1 + N)^2 A 2^-53 "
    f"relative, RUN_ACCURACY = {RUN_ACCURACY}: T + K for the sums over the steps and over the K outputs, "
    "N the largest sum of the sizes of a net input's terms (|w_u| + |r z|, |W_k,u| + |W_k,K z|; no net "
    "input cancels larger terms), A = max(1, |r|/4)^(T - 1) the most an error can grow over the later "
    "steps (|r sigma'| <= |r|/4; A = 1 for the cell, whose carousel passes errors unchanged). An "
    "activation's relative error, up to about T N A 2^-53, enters an output's net input times a weight "
    "up to N in size. Each gradient entry within B with A^2 for A (an error grows on the way forward and "
    "again on the way back) times its size bound: the same back-propagation with every weight, error, "
    "activation and slope replaced by its size, so relative where no sum along the way cancels. Each "
    "plus 2 (T + 1)^2 K max(1, M) A 2^-1074 absolute (A^2 for a gradient) for values that pass below "
    "the normal range (M the largest weight's size; an error signal rounded there is carried back to "
    "every earlier step)"
)
_COUNTS = "rng: numpy Generator; p: integer in 2..MAX_DELAY; seeds: integer in 1..MAX_SEEDS"

DOMAIN: tuple[Domain, ...] = (
    Domain(
        task_2a_symbols,
        inputs=f"{_COUNTS.replace('seeds', 'batch').replace('MAX_SEEDS', 'MAX_BATCH')}",
        accuracy="exact",
        limits=f"p <= MAX_DELAY = {MAX_DELAY}; batch <= MAX_BATCH = {MAX_BATCH}",
    ),
    Domain(
        task_2a,
        inputs="as task_2a_symbols",
        accuracy="exact (one-hot 0.0 and 1.0)",
        limits=f"as task_2a_symbols; batch p (p + 1) <= MAX_TASK_VALUES = {MAX_TASK_VALUES}",
    ),
    Domain(
        within_threshold,
        inputs="outputs, targets: finite reals of one shape (..., T, K); threshold: finite real > 0",
        accuracy="exact comparisons of float64 differences (each difference rounded once)",
        limits="elementwise, any size",
    ),
    Domain(
        random_bptt_net,
        inputs=_COUNTS,
        accuracy="exact draws of numpy's uniform generator in [-0.2, 0.2)",
        limits=f"seeds (p + 1)(p + 2) <= MAX_NET_VALUES = {MAX_NET_VALUES}",
    ),
    Domain(run_bptt, inputs=f"net: BPTTNet; {_SYMBOLS}", accuracy=_FLOAT, limits=_RUN_LIMITS),
    Domain(
        bptt_gradient,
        inputs=f"net: BPTTNet; {_SYMBOLS}",
        accuracy=_FLOAT + "; the exact gradient of the summed squared error (full BPTT)",
        limits=_RUN_LIMITS + "; refused where an error signal on the way back exceeds 1.8e308",
    ),
    Domain(
        bptt_flow,
        inputs=f"net: BPTTNet; {_SYMBOLS}",
        accuracy="a float64 sum of T - 1 base-10 logarithms, each slope's formed from its float64 net "
        "input (right far below the smallest float): within (T - 1) B + (T + 4) 2^-53 L in log10 units, "
        "B the runs' relative bound with N over the hidden unit's net inputs (a net input's error, at "
        "most B, moves ln sigma' by at most as much) and L the sum of the sizes of the T - 1 slopes' and "
        "|r|'s log10s; -inf where r = 0 (a flow of exactly 0)",
        limits=f"{_NET_LIMITS}; {_ACCURACY_LIMIT.replace('bound', 'bound (T - 1) B')}; refused where "
        "the flow's log10 is below -1.8e308",
    ),
    Domain(
        random_cell_net,
        inputs=_COUNTS,
        accuracy="exact draws of numpy's uniform generator in [-0.2, 0.2)",
        limits=f"seeds (p + 1)(p + 2) <= MAX_NET_VALUES = {MAX_NET_VALUES}",
    ),
    Domain(run_cell_net, inputs=f"net: CellNet; {_SYMBOLS}", accuracy=_FLOAT, limits=_RUN_LIMITS),
    Domain(
        cell_net_gradient,
        inputs=f"net: CellNet; {_SYMBOLS}",
        accuracy=_FLOAT + "; the paper's truncated gradient, which for this net is the exact one",
        limits=_RUN_LIMITS + "; refused where an error signal on the way back exceeds 1.8e308",
    ),
    Domain(
        cell_net_flow,
        inputs=f"net: CellNet; {_SYMBOLS}",
        accuracy="the base-10 logarithm of y_in(0) g'(net_c(0)), formed from the two net inputs (right "
        "far below the smallest float): within 8 2^-53 (|log10 y_in(0)| + |log10 g'(net_c(0))|); the "
        "carousel's factors are exactly one",
        limits=_NET_LIMITS,
    ),
    Domain(
        train_task_2a,
        inputs=f"{_COUNTS}; learner: one of {LEARNERS}; sequences, run_length: integers; "
        "learning_rate: finite real",
        accuracy="deterministic for a given rng state: float64 training, each step's gradient formed as "
        "the gradients above (within their bound while the weights keep it below MAX_RUN_ERROR; training "
        "is not refused beyond). Not compared with training in exact arithmetic, from which rounding can "
        "steer it apart over many steps",
        limits=f"sequences <= MAX_SEQUENCES = {MAX_SEQUENCES}; sequences p <= MAX_TRAINING_STEPS = "
        f"{MAX_TRAINING_STEPS}; training_work(p, seeds, sequences) <= MAX_TRAINING_WORK = "
        f"{MAX_TRAINING_WORK} (up to about ten seconds at the limit); "
        f"0 < learning_rate <= MAX_LEARNING_RATE = {MAX_LEARNING_RATE}; "
        "1 <= run_length <= sequences",
    ),
    Domain(
        training_work,
        inputs="p, seeds, sequences: integers",
        accuracy="exact (integer arithmetic)",
        limits=f"2 <= p <= MAX_DELAY; 1 <= seeds <= MAX_SEEDS; 1 <= sequences <= MAX_SEQUENCES = "
        f"{MAX_SEQUENCES}",
    ),
)
"""The domain of each public function of the part: what it accepts, how accurately, up to which sizes."""
