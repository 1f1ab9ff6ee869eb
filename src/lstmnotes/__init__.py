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

Importing the package is cheap: it loads each part only when one of its names is first used (the names are
read from the package's type stub, ``__init__.pyi``, by lazy_loader), matplotlib only with the figure
modules and {py:mod}`lstmnotes.plots`, and sympy only with the symbolic modules.

```pycon
>>> from lstmnotes import logistic_prime
>>> logistic_prime(0.0)
0.25

```
"""

from __future__ import annotations

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
__all__ += ["__version__"]

__version__ = "0.1.0"
