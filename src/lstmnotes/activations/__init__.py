"""Activation functions of the paper's units, their derivatives and their sympy twins (the logistic chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.activations.symbolic`, {py:mod}`lstmnotes.activations.symbolic_activation` (the twin of
each {py:class}`Activation`, and activations made from sympy) and {py:mod}`lstmnotes.activations.claims`
hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.activations._activation import (
    CELL_G,
    CELL_H,
    IDENTITY,
    LOGISTIC,
    RELU,
    TANH,
    Activation,
    BeyondNetLimit,
    affine,
    leaky_relu,
)
from lstmnotes.activations._functions import (
    ACTIVATIONS,
    LOGISTIC_PRIME_MAX,
    identity,
    identity_prime,
    logistic,
    logistic_prime,
    tanh,
    tanh_prime,
)
from lstmnotes.activations._lookup import NAMED_ACTIVATIONS, activation, as_activation
from lstmnotes.activations._user import from_callables
from lstmnotes.domain import Domain

__all__ = [
    "ACTIVATIONS",
    "CELL_G",
    "CELL_H",
    "DOMAIN",
    "IDENTITY",
    "LOGISTIC",
    "LOGISTIC_PRIME_MAX",
    "NAMED_ACTIVATIONS",
    "RELU",
    "TANH",
    "Activation",
    "BeyondNetLimit",
    "activation",
    "affine",
    "as_activation",
    "from_callables",
    "identity",
    "identity_prime",
    "leaky_relu",
    "logistic",
    "logistic_prime",
    "tanh",
    "tanh_prime",
]

_ULPS = "relative error below 8 ulps (2^-50) for results of at least 2^-1022; below that, absolute error below 4 · 2^-1074"

DOMAIN: tuple[Domain, ...] = (
    Domain(
        logistic,
        inputs="x: finite real number or array of them (subnormals included)",
        accuracy=_ULPS,
        limits="none beyond the array's own memory: one pass of a few operations an entry",
    ),
    Domain(
        logistic_prime,
        inputs="x: as logistic",
        accuracy=f"{_ULPS}; never above LOGISTIC_PRIME_MAX = {LOGISTIC_PRIME_MAX}",
        limits="as logistic",
    ),
    Domain(tanh, inputs="x: as logistic", accuracy=_ULPS, limits="as logistic"),
    Domain(
        tanh_prime,
        inputs="x: as logistic",
        accuracy=f"{_ULPS}; never above 1",
        limits="as logistic; no overflow warning at |x| near 1.8e308",
    ),
    Domain(identity, inputs="x: as logistic", accuracy="exact", limits="as logistic"),
    Domain(identity_prime, inputs="x: as logistic", accuracy="exact (ones)", limits="as logistic"),
    Domain(
        activation,
        inputs=f"name: a str, one of {', '.join(ACTIVATIONS)}, or an Activation",
        accuracy="exact (a look-up); the pair is the unit and its prime, each validating x and as "
        "accurate as the functions above (for an object: as its f, fprime)",
        limits="none",
    ),
    Domain(
        as_activation,
        inputs=f"spec: a str, one of {', '.join(NAMED_ACTIVATIONS)}, or an Activation",
        accuracy="exact (a look-up); each built-in's f and f' as the functions above (tanh and the "
        "logistic's) or within 8 ulps (the cell's g and h, as 2 sigma' scaled by powers of two); f'' "
        "(the method second) of logistic, tanh, cell_g and cell_h within 8 ulps (2^-50 relative) where "
        "|f''| >= 2^-1022, below that within 2 · 2^-1074 absolute (subnormal tails, tanh's for 354 < |x| "
        "< 373), for every finite x",
        limits="none",
    ),
    Domain(
        affine,
        inputs="slope: a nonzero finite real; offset: a finite real",
        accuracy="f: one multiplication and one addition rounded (exact for the identity); f' exact",
        limits="none for the parameters; calling the unit, an x whose f(x) is beyond float64 (about "
        "1.8e308) is refused, naming x",
    ),
    Domain(
        leaky_relu,
        inputs="leak: a finite real other than 1",
        accuracy="f: one multiplication rounded on the left half-line, exact on the right; f' exact",
        limits="as affine",
    ),
    Domain(
        from_callables,
        inputs="name: a str; f, fprime, fsecond: callables on float arrays; slope_max > 0, slope_argmax: "
        "finite reals; even_slope: a bool (TypeError for an int such as 1); tail_gains: two reals >= 0 "
        "(inf allowed) or None; net_limit: a positive finite real, at least |slope_argmax| (default 300); "
        "slope_rate: a callable (f''/f'), only with fsecond, or None",
        accuracy="the stated supremum checked to 1e-12 relative at slope_argmax and on a grid of 4003 "
        "points in [-300, 300] (2000 more out to +-net_limit where it is larger): a check, not a proof; "
        "slope_rate checked against fsecond/fprime on that grid where both are normal floats; the unit's "
        "values are the callables', as accurate as they are",
        limits="about ten evaluations of each callable on at most 6004 points; the unit refuses net "
        "inputs beyond +-net_limit, naming the first (BeyondNetLimit)",
    ),
)
