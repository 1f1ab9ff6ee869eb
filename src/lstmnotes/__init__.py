"""lstmnotes: executable commentary on section 3 of Hochreiter & Schmidhuber's LSTM paper (1997).

The library is laid out by the parts of the book, one subpackage each (its numerics importable from the
subpackage, its sympy twins, evidence, claims and figures in modules beside them); the claim ledger is
{py:mod}`lstmnotes.ledger`. The names most used are re-exported here, documented in their parts:

```{autodoc2-summary}
lstmnotes.activations.LOGISTIC_PRIME_MAX
lstmnotes.activations.activation
lstmnotes.activations.identity
lstmnotes.activations.identity_prime
lstmnotes.activations.logistic
lstmnotes.activations.logistic_prime
lstmnotes.activations.tanh
lstmnotes.activations.tanh_prime
lstmnotes.net.Run
lstmnotes.net.error_signals
lstmnotes.net.output_error
lstmnotes.net.random_weights
lstmnotes.net.run_net
lstmnotes.flow.global_flow
lstmnotes.flow.largest_flow_by_lag
lstmnotes.flow.matrix_form
lstmnotes.flow.path_sum
lstmnotes.flow.path_terms
lstmnotes.flow.scaling_factor
lstmnotes.flow.scaling_factor_column
lstmnotes.bounds.tau_bound
lstmnotes.bounds.weak_bound
lstmnotes.local_gain.gain
lstmnotes.local_gain.max_gain
lstmnotes.decay.decay_curves
lstmnotes.later.largest_singular_value
lstmnotes.later.spectral_radius
lstmnotes.carousel.input_weight_conflict
lstmnotes.carousel.output_weight_conflict
lstmnotes.carousel.run_self_unit
lstmnotes.carousel.self_unit_flow
lstmnotes.cell.CellWeights
lstmnotes.cell.cell_backward
lstmnotes.cell.cell_error_flow
lstmnotes.cell.run_cell
```

Importing the package is cheap: matplotlib is imported only by the figure modules and
{py:mod}`lstmnotes.plots`, and sympy only by the symbolic modules, when they are imported.

```pycon
>>> from lstmnotes import logistic_prime
>>> logistic_prime(0.0)
0.25

```
"""

from __future__ import annotations

from lstmnotes.activations import (
    LOGISTIC_PRIME_MAX,
    activation,
    identity,
    identity_prime,
    logistic,
    logistic_prime,
    tanh,
    tanh_prime,
)
from lstmnotes.bounds import tau_bound, weak_bound
from lstmnotes.carousel import (
    input_weight_conflict,
    output_weight_conflict,
    run_self_unit,
    self_unit_flow,
)
from lstmnotes.cell import CellWeights, cell_backward, cell_error_flow, run_cell
from lstmnotes.decay import decay_curves
from lstmnotes.flow import (
    global_flow,
    largest_flow_by_lag,
    matrix_form,
    path_sum,
    path_terms,
    scaling_factor,
    scaling_factor_column,
)
from lstmnotes.later import largest_singular_value, spectral_radius
from lstmnotes.local_gain import gain, max_gain
from lstmnotes.net import Run, error_signals, output_error, random_weights, run_net

__all__ = [
    "LOGISTIC_PRIME_MAX",
    "CellWeights",
    "Run",
    "__version__",
    "activation",
    "cell_backward",
    "cell_error_flow",
    "decay_curves",
    "error_signals",
    "gain",
    "global_flow",
    "identity",
    "identity_prime",
    "input_weight_conflict",
    "largest_flow_by_lag",
    "largest_singular_value",
    "logistic",
    "logistic_prime",
    "matrix_form",
    "max_gain",
    "output_error",
    "output_weight_conflict",
    "path_sum",
    "path_terms",
    "random_weights",
    "run_cell",
    "run_net",
    "run_self_unit",
    "scaling_factor",
    "scaling_factor_column",
    "self_unit_flow",
    "spectral_radius",
    "tanh",
    "tanh_prime",
    "tau_bound",
    "weak_bound",
]

__version__ = "0.1.0"
