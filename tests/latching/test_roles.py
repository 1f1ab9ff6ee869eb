"""The latching part's evidence functions: arguments refused by type and beyond their limits, at once."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.latching import evidence as ev


def _rng():
    return np.random.default_rng(0)


# (call taking the one argument under test, its name, the largest allowed value or None when unbounded)
CASES = [
    (ev.tradeoff_scan, "activation", None),
    (lambda v: ev.tradeoff_scan(weights=v), "weights", 400),
    (lambda v: ev.tradeoff_scan(biases=v), "biases", 400),
    (lambda v: ev.tolerance_by_bisection(v, 0.0), "w", None),
    (lambda v: ev.tolerance_by_bisection(2.0, v), "b", None),
    (ev.noise_search, "rng", None),
    (lambda v: ev.noise_search(_rng(), units=v), "units", ev.MAX_SEARCH_UNITS),
    (lambda v: ev.noise_search(_rng(), sequences=v), "sequences", 400),
    (lambda v: ev.noise_search(_rng(), steps=v), "steps", ev.MAX_SEARCH_STEPS),
]
BAD = [b"3", None, 3j, True]


def test_refused_at_once_naming_the_argument(role_refusal):
    role_refusal()


def test_an_unknown_activation_is_refused_naming_it():
    with pytest.raises(ValueError, match="activation"):
        ev.tradeoff_scan("relu")


def test_the_bisected_tolerance_is_the_closed_form():
    from lstmnotes.latching import latch

    for a, w, b in (("tanh", 3.0, 0.4), ("logistic", 9.0, -4.0)):
        assert ev.tolerance_by_bisection(w, b, a) == pytest.approx(
            latch(w, b, a).upper_tolerance, rel=1e-12
        )


def test_the_scan_approaches_the_edge():
    scan = ev.tradeoff_scan("tanh", weights=3, biases=2)
    assert scan.rates.size == 12
    assert np.all(np.diff(scan.symmetric_rates) > 0)
    assert scan.symmetric_tolerances[-1] < 1e-10
