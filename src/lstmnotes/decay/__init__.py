"""Error flow measured in random nets: how fast it decays and how it can blow up (the measured-decay chapter).

The numerics are importable from here; importing them loads neither sympy nor matplotlib.
{py:mod}`lstmnotes.decay.figures`, the evidence ({py:mod}`lstmnotes.decay.evidence_survey`,
{py:mod}`lstmnotes.decay.evidence_mean`, {py:mod}`lstmnotes.decay.evidence_neutral`) and
{py:mod}`lstmnotes.decay.claims` hold the rest of the part.
"""

from __future__ import annotations

from lstmnotes.decay._blow_up import BlowUp, blow_up_example
from lstmnotes.decay._curves import (
    BURN_IN,
    MAX_CURVE_NETS,
    DecayCurve,
    decay_curves,
    first_growing_bound,
)
from lstmnotes.decay._limits import MAX_W_MAX, MAX_WORK
from lstmnotes.decay._long_run import (
    LONG_RUN_LAGS,
    LONG_RUN_MARGIN,
    LONG_RUN_SETTLE,
    MAX_LONG_RUN_UNITS,
    MAX_LONG_RUN_WORK,
    long_run_rate,
)
from lstmnotes.decay._paths import (
    MAX_SIZES,
    PathProducts,
    UnitCount,
    flow_versus_units,
    path_product_distribution,
)
from lstmnotes.decay._rates import MAX_RATE_LAGS, fitted_rate, geometric_mean
from lstmnotes.domain import Domain
from lstmnotes.flow import MAX_ONE_UNIT_NETS, MAX_PATH_TERMS, MAX_ROW_STEPS, MAX_STACKED_STEPS

__all__ = [
    "BURN_IN",
    "DOMAIN",
    "LONG_RUN_LAGS",
    "LONG_RUN_MARGIN",
    "LONG_RUN_SETTLE",
    "MAX_CURVE_NETS",
    "MAX_LONG_RUN_UNITS",
    "MAX_LONG_RUN_WORK",
    "MAX_RATE_LAGS",
    "MAX_SIZES",
    "MAX_WORK",
    "MAX_W_MAX",
    "BlowUp",
    "DecayCurve",
    "PathProducts",
    "UnitCount",
    "blow_up_example",
    "decay_curves",
    "first_growing_bound",
    "fitted_rate",
    "flow_versus_units",
    "geometric_mean",
    "long_run_rate",
    "path_product_distribution",
]

_RNG = "rng: a numpy Generator"

DOMAIN: tuple[Domain, ...] = (
    Domain(
        fitted_rate,
        inputs="flow: finite nonzero reals, 1-D, any magnitudes (subnormal to 1.8e308)",
        accuracy="relative error below 1e-10 of e^b, b the exact least-squares slope of log|flow| "
        "against the lag, where e^b is a normal float; below 2^-1022 within 1e-10 relative plus one unit "
        "of 2^-1074 (the rounding into the subnormals), so 0 where e^b is below 2^-1075",
        limits=f"2 <= len(flow) <= {MAX_RATE_LAGS}; a factor beyond about 1.8e308 is refused",
    ),
    Domain(
        geometric_mean,
        inputs="flows: finite nonzero reals (nets, q), any magnitudes",
        accuracy="relative error below 1e-14 where the mean is a normal float (the binary exponents added "
        "exactly as integers, the logarithms of the mantissas, each below ln 2, with math.fsum beyond 16 "
        "nets); a subnormal mean within one unit of 2^-1074; each entry between its column's smallest "
        "and largest size",
        limits=f"nets q <= {MAX_RATE_LAGS}",
    ),
    Domain(
        decay_curves,
        inputs=f"w_max_values: finite reals in (0, {MAX_W_MAX:g}]; {_RNG}; n, nets, q: integers",
        accuracy="a measurement: each flow as lstmnotes.flow.largest_flow_by_lag, the rates as "
        "fitted_rate and geometric_mean",
        limits=f"1 <= n <= 64, 1 <= nets <= 1000, 2 <= q <= 500; with K = len(w_max_values) nets: "
        f"K <= MAX_CURVE_NETS = {MAX_CURVE_NETS} (for n = 1 also K <= lstmnotes.flow.MAX_ONE_UNIT_NETS = "
        f"{MAX_ONE_UNIT_NETS}), K q <= lstmnotes.flow.MAX_STACKED_STEPS = {MAX_STACKED_STEPS}, "
        f"K q n^3 <= MAX_WORK = {MAX_WORK}, all checked before anything is drawn; once the nets have "
        f"run, more than lstmnotes.flow.MAX_ROW_STEPS = {MAX_ROW_STEPS} steps whose slopes span more "
        "than 2^900 within a net (saturated units beside unsaturated ones), a flow beyond float64 or one "
        "that vanishes below the float range are refused",
    ),
    Domain(
        first_growing_bound,
        inputs="curves: DecayCurve values from decay_curves",
        accuracy="exact (a comparison)",
        limits="none beyond the curves given",
    ),
    Domain(
        blow_up_example,
        inputs=f"{_RNG}; n, q: integers; low, high: finite reals, 1 <= low < high <= {MAX_W_MAX:g}",
        accuracy="the flow as lstmnotes.flow.largest_flow_by_lag, the rate as fitted_rate; overflow_lag "
        "exact for that rate (the smallest k with rate^k above the largest float64, found in interval "
        "arithmetic), an extrapolation: the flow's own overflow lag can differ by several lags where q is "
        "small",
        limits="1 <= n <= 64, 2 <= q <= 500; a flow beyond about 1.8e308 within q lags is refused",
    ),
    Domain(
        path_product_distribution,
        inputs=f"{_RNG}; n, q: integers; w_max: finite real in (0, {MAX_W_MAX:g}]; u, v: unit indices",
        accuracy="the path products as lstmnotes.flow.path_terms; their sums in float64",
        limits=f"1 <= n <= 64, 1 <= q <= 64, n^q <= {MAX_PATH_TERMS} path terms (n^(q-1) paths to each "
        "of the n end units)",
    ),
    Domain(
        flow_versus_units,
        inputs=f"units: integers, at least two distinct (a list or tuple, or an array of an integer "
        f"dtype: object and masked arrays are a TypeError); {_RNG}; q, nets: integers; w_max: finite real in "
        f"(0, {MAX_W_MAX:g}]",
        accuracy="each flow's logarithm within 1e-12 relative (scaled by powers of two beyond the normal "
        "range); the means over nets geometric; the exponents are least-squares slopes, against log n, "
        "of the logarithms of the per-step factors (mean flow)^(1/q)",
        limits=f"1 <= n <= 128, 2 to {MAX_SIZES} sizes, 1 <= q <= 200, 1 <= nets <= 1000, "
        f"2 nets len(units) q max(units)^3 <= {MAX_WORK}; a mean flow beyond the float range is refused",
    ),
    Domain(
        long_run_rate,
        inputs="W: finite reals (n, n); y0: finite reals, length n; settle, lags: integers; activation: a "
        "name of lstmnotes.net.run_net",
        accuracy="the factor of the product as computed in float64, renormalised at each step (scaled by "
        "powers of two where a factor leaves the normal range): relative error below 1e-12 for n = 1 where "
        "the rate is a normal float, and a subnormal rate within one unit of 2^-1074 (its one rounding into "
        "the subnormals)",
        limits=f"n <= {MAX_LONG_RUN_UNITS}, 0 <= settle <= 100000, 1 <= lags <= 100000, lags n^3 <= "
        f"MAX_WORK = {MAX_WORK}, (settle + lags + 1) n^2 <= MAX_LONG_RUN_WORK = {MAX_LONG_RUN_WORK}; a factor beyond about "
        "1.8e308 is refused",
    ),
)
"""The domain of each public function of the part: see {py:mod}`lstmnotes.domain`."""
