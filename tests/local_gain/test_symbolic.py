"""The symbolic gain: the derivation, the net = 0 question, the limits and the constant, checked independently."""

from __future__ import annotations

from collections.abc import Iterator

import mpmath
import numpy as np
import pytest
import sympy

from lstmnotes.derivation import Derivation, identical
from lstmnotes.local_gain import symbolic as gs
from lstmnotes.local_gain._unit import gain, max_gain


@pytest.fixture(autouse=True)
def _mpmath_precision() -> Iterator[None]:
    """The oracle works at 40 digits inside each test only, whatever other modules use."""
    with mpmath.workdps(40):
        yield


W, Y, C = gs.W, gs.Y, gs.C


def mp_signed(w, y, c):
    n = w * y + c
    return w * mpmath.exp(-n) / (1 + mpmath.exp(-n)) ** 2


def test_symbolic_gain_is_the_numeric_twin():
    f = sympy.lambdify((W, Y, C), gs.gain(), "mpmath")
    for w, y, c in [(0.5, 2.0, -1.0), (-7.0, 0.3, 2.5), (4.0, 0.0, 0.0), (30.0, -1.0, 1.0)]:
        assert float(f(w, y, c)) == pytest.approx(gain(w, y, c), rel=1e-14)


def test_derivation_starts_from_the_derivative_and_reaches_coth():
    d = gs.stationarity_derivation()
    assert isinstance(d, Derivation)
    assert d.steps[0].expr == sympy.Derivative(gs.signed_gain(), W)
    assert d.result == sympy.Eq(W, sympy.coth((W * Y + C) / 2) / Y)
    assert len(d.steps) == 6
    assert all(step.why for step in d.steps)
    # the result is implicit: w appears on both sides
    assert W in d.result.rhs.free_symbols


def test_every_derivation_step_agrees_with_finite_differences():
    # independent of sympy's verification: the derivative in the first lines against a finite difference,
    # and each equation's residual vanishing together at a numerically found stationary point
    d = gs.stationarity_derivation()
    y, c = mpmath.mpf("0.7"), mpmath.mpf("-1.3")
    w = mpmath.mpf("2.1")
    fd = mpmath.diff(lambda t: mp_signed(t, y, c), w)
    for step in d.steps[:3]:
        value = sympy.lambdify((W, Y, C), step.expr.doit().rewrite(sympy.exp), "mpmath")(w, y, c)
        assert abs(value - fd) < mpmath.mpf(10) ** -30
    w_star = mpmath.findroot(lambda t: mpmath.diff(lambda u: mp_signed(u, y, c), t), mpmath.mpf(3))
    for step in d.steps[3:]:
        residual = sympy.lambdify(
            (W, Y, C), (step.expr.lhs - step.expr.rhs).rewrite(sympy.exp), "mpmath"
        )
        assert abs(residual(w_star, y, c)) < mpmath.mpf(10) ** -30
        assert abs(residual(w_star + mpmath.mpf("0.1"), y, c)) > mpmath.mpf(10) ** -3


def test_derivation_renders_with_net():
    text = gs.stationarity_derivation().latex(rename=gs.NET_NAMES)
    assert r"\coth{\left(\frac{\mathit{net}}{2} \right)}" in text
    assert "c + w y" not in text
    assert text.count(r"\iff") == 3


def test_the_answers_intermediate_form_is_the_derivative():
    # the answer's eq. (3): sigma (2 sigma - 1)(sigma - 1) y w + sigma (1 - sigma)
    s = gs.sigma(W * Y + C)
    answer = s * (2 * s - 1) * (s - 1) * Y * W + s * (1 - s)
    assert identical(sympy.Derivative(gs.signed_gain(), W), answer)


def test_no_stationary_point_has_zero_net_input():
    result = gs.stationary_net_input()
    assert result.at_zero == sympy.false
    assert result.zero_offset == sympy.Eq(gs.X * sympy.tanh(gs.X / 2), 1)
    assert result.in_net == sympy.Eq((gs.NET - C) * sympy.tanh(gs.NET / 2), 1)
    for y, c in [(0.5, -1.0), (-2.0, 3.0)]:
        w_star, _ = max_gain(y, c)
        net = mpmath.mpf(w_star) * y + c
        assert abs((net - c) * mpmath.tanh(net / 2) - 1) < 1e-13
    # and numerically: the maximiser's net input stays away from zero for every offset tried
    for c in np.linspace(-50, 50, 101):
        w_star, _ = max_gain(1.0, c)
        assert abs(mpmath.mpf(w_star) + mpmath.mpf(c)) > 1e-3


def test_limits_and_rate():
    limits = gs.gain_limits()
    assert set(limits.limits) == {"w->+oo, y>0", "w->-oo, y>0", "w->+oo, y<0", "w->-oo, y<0"}
    assert all(v == 0 for v in limits.limits.values())
    assert all(v == 1 for v in limits.ratios.values())
    assert limits.at_y_zero == sympy.oo
    # numerically with mpmath at large |w|: the ratio to the asymptote tends to one
    for w in (50, -80):
        g = abs(mp_signed(mpmath.mpf(w), mpmath.mpf("0.9"), mpmath.mpf(1)))
        tail = abs(w) * mpmath.exp(-abs(w * mpmath.mpf("0.9") + 1))
        assert abs(g / tail - 1) < 1e-15


def test_constant_against_an_independent_maximisation():
    k = gs.gain_constant(40)
    with mpmath.workdps(60):
        f = lambda x: x * mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2
        x = mpmath.findroot(lambda t: mpmath.diff(f, t), mpmath.mpf("1.5"))
        assert abs(mpmath.mpf(k.argmax) - x) < mpmath.mpf(10) ** -38
        assert abs(mpmath.mpf(k.value) - f(x)) < mpmath.mpf(10) ** -38
    assert isinstance(k.argmax, sympy.Float)
    assert sympy.simplify(k.closed_form - (gs.X**2 - 1) / (4 * gs.X)) == 0
    assert k.equation == sympy.Eq(gs.X * sympy.tanh(gs.X / 2), 1)


@pytest.mark.parametrize(
    ("dps", "error"), [(14, ValueError), (1001, ValueError), (30.0, TypeError), (True, TypeError)]
)
def test_constant_refuses_bad_precision(dps, error):
    with pytest.raises(error, match="dps must be an integer"):
        gs.gain_constant(dps)


def test_symmetries_against_numbers():
    rng = np.random.default_rng(0)
    for symmetry in gs.gain_symmetries():
        f = sympy.lambdify(
            sorted(symmetry.lhs.free_symbols | symmetry.rhs.free_symbols, key=str),
            symmetry.lhs - symmetry.rhs,
            "numpy",
        )
        names = sorted(str(s) for s in symmetry.lhs.free_symbols | symmetry.rhs.free_symbols)
        samples = rng.uniform(0.3, 3.0, (200, len(names))) * rng.choice([-1, 1], (200, len(names)))
        worst = max(abs(f(*row)) for row in samples)
        if symmetry.holds:
            assert worst < 1e-12, symmetry.name
            assert symmetry.counterexample is None
        else:
            assert worst > 1e-3, symmetry.name
            point = symmetry.counterexample
            assert point is not None
            assert abs(f(*(point[n] for n in names))) > 1e-6
    assert [s.name for s in gs.gain_symmetries() if not s.holds] == ["flip w alone"]
