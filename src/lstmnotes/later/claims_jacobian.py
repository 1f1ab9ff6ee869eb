"""The claim on eq. (5) of Pascanu et al. (the transposed Jacobian), registered with the check that decides it."""

from __future__ import annotations

from lstmnotes.ledger import Evidence, Verdict, register

__all__: list[str] = []

_AUTODIFF = 1e-12
"""Largest relative gap allowed between autograd's Jacobian and W diag(σ')."""
_DIFFERENCES = 1e-6
"""Largest relative gap allowed between central differences and W diag(σ')."""
_APART = 1e-3
"""Smallest relative gap the printed form must keep from the Jacobian on every draw."""
_ROUNDING = 1e-12
"""Relative rounding allowed in ‖W‖₂ = ‖Wᵀ‖₂ and in the bound γ σ_max(W)."""


@register(
    "X81",
    statement="Pascanu et al. write the factor ∂x_t/∂x_{t−1} of their eq. (5) as Wᵀ diag(σ′(x_{t−1})) for "
    "x_t = W σ(x_{t−1}) + U u_t + b; the Jacobian is W diag(σ′(x_{t−1})), and the two differ for a "
    "non-symmetric W, yet the 2-norm bound γ σ_max(W) is the same for both, since ‖Wᵀ‖₂ = ‖W‖₂.",
    source="Pascanu, Mikolov & Bengio 2013, eq. (5)",
    method="sympy's Jacobian of one step with a symbolic 3 × 3 W; autograd's Jacobian and central "
    "differences against both forms for random non-symmetric W (n = 2 to 6, tanh and logistic); "
    "‖W‖₂ against ‖Wᵀ‖₂ and both forms' norms against γ σ_max(W)",
    stated=Verdict.HOLDS,
    note="The norms of the two forms differ; the bound they are compared with does not. The eigenvalues "
    "of one step are the same for both, so the reading with the largest eigenvalue fails for either "
    "form (X6's counter-example grows with both).",
)
def _x81() -> Evidence:
    import numpy as np  # noqa: PLC0415
    import sympy  # noqa: PLC0415

    from lstmnotes.later.evidence_jacobian import (  # noqa: PLC0415
        jacobian_transpose_check,
        nilpotent_flows,
    )
    from lstmnotes.later.symbolic import state_jacobian  # noqa: PLC0415

    forms = state_jacobian(3)
    symbolic_true = forms.true_difference == sympy.zeros(3, 3)
    symbolic_differs = forms.printed_difference != sympy.zeros(3, 3)
    c = jacobian_transpose_check(np.random.default_rng(81))
    nil = nilpotent_flows()
    holds = (
        symbolic_true
        and symbolic_differs
        and c.autodiff_error <= _AUTODIFF
        and c.difference_error <= _DIFFERENCES
        and c.printed_gap >= _APART
        and c.transpose_norm_gap <= _ROUNDING
        and c.bound_excess <= _ROUNDING
    )
    return Evidence(
        Verdict.HOLDS if holds else Verdict.FALSE,
        f"sympy, symbolic 3 × 3 W: Jacobian − W diag(σ′) = 0 ({symbolic_true}); Jacobian − Wᵀ diag(σ′) "
        f"has entries (w_ij − w_ji) σ′(x_j). {c.draws} random non-symmetric nets: autograd within "
        f"{c.autodiff_error:.2g} and central differences within {c.difference_error:.2g} of W diag(σ′) "
        f"(relative); the printed form at least {c.printed_gap:.3g} away; ‖W‖₂ and ‖Wᵀ‖₂ within "
        f"{c.transpose_norm_gap:.2g}; largest norm of either form over γ σ_max(W): "
        f"{1 + c.bound_excess:.6f}; the two forms' norms differ in {c.norms_differ} draws, their eigenvalue "
        f"moduli agree within {c.spectra_gap:.2g}. X6's nilpotent W (ρ = {nil['rho']:.1e}, ρ(Wᵀ) = "
        f"{nil['rho_transposed']:.1e}): flow norm at lag {nil['q']:.0f} {nil['flow']:.4g} with F′Wᵀ and "
        f"{nil['flow_transposed']:.4g} with F′W.",
        {
            "symbolic_true": bool(symbolic_true),
            "draws": c.draws,
            "autodiff_error": c.autodiff_error,
            "difference_error": c.difference_error,
            "printed_gap": c.printed_gap,
            "transpose_norm_gap": c.transpose_norm_gap,
            "bound_excess": c.bound_excess,
            "norms_differ": c.norms_differ,
            "spectra_gap": c.spectra_gap,
            "nilpotent": nil,
        },
    )
