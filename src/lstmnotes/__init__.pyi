"""Type stub of the package: the names it re-exports from its parts (loaded lazily at run time)."""

from .activations import (
    LOGISTIC_PRIME_MAX,
    activation,
    identity,
    identity_prime,
    logistic,
    logistic_prime,
    tanh,
    tanh_prime,
)
from .bounds import (
    tau_bound,
    weak_bound,
)
from .carousel import (
    input_weight_conflict,
    output_weight_conflict,
    run_self_unit,
    self_unit_flow,
)
from .cell import (
    CellWeights,
    cell_backward,
    cell_error_flow,
    run_cell,
)
from .decay import (
    decay_curves,
)
from .flow import (
    global_flow,
    largest_flow_by_lag,
    matrix_form,
    path_sum,
    path_terms,
    scaling_factor,
    scaling_factor_column,
)
from .later import (
    largest_singular_value,
    spectral_radius,
)
from .local_gain import (
    gain,
    max_gain,
)
from .net import (
    Run,
    error_signals,
    output_error,
    random_weights,
    run_net,
)

__version__: str

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
