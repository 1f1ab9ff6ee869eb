"""The evidence on eq. (5) of Pascanu et al.: the printed $W^{\\mathsf T} \\operatorname{diag}(\\sigma')$ against
the Jacobian computed by autodiff and by finite differences, and the norm bound both forms keep.

{py:func}`jacobian_transpose_check` draws non-symmetric $W$ and states $x$, and compares
{py:func}`lstmnotes.later.state_jacobian` and {py:func}`lstmnotes.later.printed_jacobian` with autograd's
Jacobian of one step and with central differences; it records $\\|W\\|_2$ against $\\|W^{\\mathsf T}\\|_2$ and
each form's spectral norm against $\\gamma\\, \\sigma_{max}(W)$. The eigenvalues of one step are the same for
both forms ($W^{\\mathsf T} D$ and $D W^{\\mathsf T} = (W D)^{\\mathsf T}$ share them), so the transposition
does not touch the reading with the largest eigenvalue: claim X6's nilpotent counter-example refutes that
reading for either form ({py:func}`nilpotent_flows`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from lstmnotes._validate import count, generator
from lstmnotes.activations import as_activation
from lstmnotes.later import (
    flow_norms,
    gamma,
    largest_singular_value,
    printed_jacobian,
    spectral_radius,
    state_jacobian,
)

__all__ = ["MAX_JACOBIAN_DRAWS", "JacobianCheck", "jacobian_transpose_check", "nilpotent_flows"]

Array = NDArray[np.float64]

MAX_JACOBIAN_DRAWS: Final = 2000
"""The most draws of {py:func}`jacobian_transpose_check`."""
_STEP: Final = 1e-6
"""The step of the central differences."""


@dataclass(frozen=True)
class JacobianCheck:
    """The two forms of eq. (5) against autodiff and finite differences, over random non-symmetric nets."""

    draws: int
    """Nets drawn (sizes 2 to 6, tanh and logistic)."""
    autodiff_error: float
    """Largest $\\|J_{autograd} - W D\\|_F / \\|W D\\|_F$."""
    difference_error: float
    """Largest $\\|J_{central} - W D\\|_F / \\|W D\\|_F$ (central differences: truncation and rounding)."""
    printed_gap: float
    """Smallest $\\|J_{autograd} - W^{\\mathsf T} D\\|_F / \\|W D\\|_F$: how far the printed form is from the
    Jacobian, at the draw where it comes closest."""
    transpose_norm_gap: float
    """Largest $|\\|W\\|_2 - \\|W^{\\mathsf T}\\|_2| / \\|W\\|_2$."""
    bound_excess: float
    """Largest $\\|\\cdot\\|_2 / (\\gamma\\sigma_{max}(W)) - 1$ of either form (at most rounding)."""
    norms_differ: int
    """Draws where $\\|W^{\\mathsf T} D\\|_2$ and $\\|W D\\|_2$ differ by more than $10^{-9}$ relative: the bound,
    not the norm, is what the two forms share."""
    spectra_gap: float
    """Largest gap between the sorted eigenvalue moduli of the two forms, relative to $\\gamma\\sigma_{max}$."""


def _autograd_jacobian(W: Array, x: Array, name: str) -> Array:
    import autograd  # noqa: PLC0415
    import autograd.numpy as anp  # noqa: PLC0415

    def step(state: Array) -> Any:
        y = anp.tanh(state) if name == "tanh" else 1.0 / (1.0 + anp.exp(-state))
        return anp.dot(W, y)

    return np.asarray(autograd.jacobian(step)(x), dtype=np.float64)


def _central(W: Array, x: Array, name: str) -> Array:
    f = as_activation(name).f
    n = x.shape[0]
    out = np.empty((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = _STEP
        out[:, j] = (W @ f(x + e) - W @ f(x - e)) / (2 * _STEP)
    return out


def jacobian_transpose_check(rng: np.random.Generator, draws: int = 200) -> JacobianCheck:
    """Compare both forms with autograd and central differences over random non-symmetric nets.

    Each draw takes $n$ from 2 to 6, $W$ with standard normal entries (kept only when
    $\\|W - W^{\\mathsf T}\\|_F \\ge 0.1 \\|W\\|_F$), $x$ normal with standard deviation 2, tanh or the logistic.

    :param rng: the random generator.
    :param draws: the number of nets, 1 to {py:data}`MAX_JACOBIAN_DRAWS`.
    :return: the {py:class}`JacobianCheck`.
    :raises TypeError: for an ``rng`` that is not a numpy Generator or ``draws`` not an integer.
    :raises ValueError: for ``draws`` out of range.
    """
    rng = generator(rng)
    total = count(draws, "draws", minimum=1, maximum=MAX_JACOBIAN_DRAWS)
    auto = central = transpose = spectra = 0.0
    excess = -np.inf
    printed_gap = np.inf
    differ = 0
    for k in range(total):
        name = ("tanh", "logistic")[k % 2]
        n = int(rng.integers(2, 7))
        W = rng.normal(size=(n, n))
        while np.linalg.norm(W - W.T) < 0.1 * np.linalg.norm(W):
            W = rng.normal(size=(n, n))
        x = rng.normal(0.0, 2.0, n)
        true, printed = state_jacobian(W, x, name), printed_jacobian(W, x, name)
        scale = float(np.linalg.norm(true))
        exact = _autograd_jacobian(W, x, name)
        auto = max(auto, float(np.linalg.norm(exact - true)) / scale)
        central = max(central, float(np.linalg.norm(_central(W, x, name) - true)) / scale)
        printed_gap = min(printed_gap, float(np.linalg.norm(exact - printed)) / scale)
        sigma = largest_singular_value(W)
        transpose = max(transpose, abs(sigma - largest_singular_value(W.T)) / sigma)
        bound = gamma(name) * sigma
        norms = (largest_singular_value(true), largest_singular_value(printed))
        excess = max(excess, max(norms) / bound - 1.0)
        differ += int(abs(norms[0] - norms[1]) > 1e-9 * norms[0])
        moduli = [np.sort(np.abs(np.linalg.eigvals(m))) for m in (true, printed)]
        spectra = max(spectra, float(np.max(np.abs(moduli[0] - moduli[1]))) / bound)
    return JacobianCheck(
        total, auto, central, float(printed_gap), transpose, float(excess), differ, spectra
    )


def nilpotent_flows() -> dict[str, float]:
    """Claim X6's held-slopes counter-example run with both forms: $\\rho(W) = \\rho(W^{\\mathsf T}) = 0$, yet
    the flow grows with either.

    The weights and the held slopes are those of
    {py:func}`lstmnotes.later.evidence_spectral.spectral_radius_counterexample`;
    {py:func}`lstmnotes.later.flow_norms` multiplies by $F' W^{\\mathsf T}$, and with ``W.T`` passed by
    $F' W$.

    :return: ``rho``, ``rho_transposed``, ``sigma_max``, ``q`` and the flow norm at the last lag with each
        form, ``flow`` and ``flow_transposed``.
    """
    from lstmnotes.later.evidence_spectral import spectral_radius_counterexample  # noqa: PLC0415

    example = spectral_radius_counterexample()
    W = example.weights
    slopes = np.tile(example.slopes, (example.flow.size, 1))
    return {
        "rho": spectral_radius(W),
        "rho_transposed": spectral_radius(W.T),
        "sigma_max": largest_singular_value(W),
        "q": float(example.flow.size),
        "flow": float(flow_norms(W, slopes)[-1]),
        "flow_transposed": float(flow_norms(W.T, slopes)[-1]),
    }
