"""The naive carousel's gradients against autograd, and the two weight conflicts of section 3.2."""

from __future__ import annotations

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from lstmnotes.carousel import _conflicts as conflicts
from lstmnotes.carousel import _naive_carousel as naive_carousel
from lstmnotes.carousel import _scaled as scaled

VALUE = st.floats(-2.0, 2.0, allow_nan=False)


def _losses(w_in_per_step, w_out, x, a, b, d, m):
    """Per-target losses of the naive carousel in autograd, with a separate copy of w_in at each step."""
    state = anp.cumsum(a * w_in_per_step * x)
    return 0.5 * m * (b * w_out * state - d) ** 2


@st.composite
def problems(draw):
    length = draw(st.integers(1, 7))
    seq = st.lists(VALUE, min_size=length, max_size=length)
    return {
        "w_in": draw(VALUE),
        "w_out": draw(VALUE),
        "x": np.array(draw(seq)),
        "a": np.array(draw(st.lists(st.floats(0, 1), min_size=length, max_size=length))),
        "b": np.array(draw(st.lists(st.floats(0, 1), min_size=length, max_size=length))),
        "d": np.array(draw(seq)),
        "m": np.array(
            draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=length, max_size=length))
        ),
    }


@settings(max_examples=60, deadline=None)
@given(p=problems())
def test_gradients_match_autograd(p):
    run = conflicts.run_naive_carousel(p["w_in"], p["w_out"], p["x"], write=p["a"], read=p["b"])
    dw_in, dw_out = conflicts.naive_carousel_gradients(run, p["d"], p["m"])
    length = len(p["x"])
    copies = np.full(length, p["w_in"])
    for t in range(length):
        loss_t = lambda w, wo, t=t: _losses(w, wo, p["x"], p["a"], p["b"], p["d"], p["m"])[t]
        # per-target, per-step: the derivative by the copy of w_in used at each step
        np.testing.assert_allclose(
            dw_in[t], autograd.grad(loss_t, 0)(copies, p["w_out"]), rtol=1e-10, atol=1e-12
        )
        assert dw_out[t] == pytest.approx(
            autograd.grad(loss_t, 1)(copies, p["w_out"]), rel=1e-10, abs=1e-12
        )
    total = lambda w: anp.sum(
        _losses(w * anp.ones(length), p["w_out"], p["x"], p["a"], p["b"], p["d"], p["m"])
    )
    assert dw_in.sum() == pytest.approx(autograd.grad(total)(p["w_in"]), rel=1e-10, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(p=problems())
def test_loss_and_gradients_match_finite_differences(p):
    def loss(w_in, w_out):
        run = conflicts.run_naive_carousel(w_in, w_out, p["x"], write=p["a"], read=p["b"])
        return naive_carousel.naive_carousel_loss(run, p["d"], p["m"]).sum()

    run = conflicts.run_naive_carousel(p["w_in"], p["w_out"], p["x"], write=p["a"], read=p["b"])
    dw_in, dw_out = conflicts.naive_carousel_gradients(run, p["d"], p["m"])
    h = 1e-6
    fd_in = (loss(p["w_in"] + h, p["w_out"]) - loss(p["w_in"] - h, p["w_out"])) / (2 * h)
    fd_out = (loss(p["w_in"], p["w_out"] + h) - loss(p["w_in"], p["w_out"] - h)) / (2 * h)
    assert dw_in.sum() == pytest.approx(fd_in, rel=1e-5, abs=1e-7)
    assert dw_out.sum() == pytest.approx(fd_out, rel=1e-5, abs=1e-7)


def test_contributions_are_causal():
    run = conflicts.run_naive_carousel(0.7, 1.3, [1.0, -2.0, 0.5])
    dw_in, _ = conflicts.naive_carousel_gradients(run, [0.0, 1.0, 2.0])
    assert np.all(np.triu(dw_in, 1) == 0)  # a target never reaches an input that came after it


def _total(weight, conflict, w):
    if weight == "w_in":
        run = conflicts.run_naive_carousel(w, 1.0, conflict.run.inputs)
    else:
        run = conflicts.run_naive_carousel(1.0, w, conflict.run.inputs)
    return naive_carousel.naive_carousel_loss(run, conflict.targets).sum()


@pytest.mark.parametrize(
    "make", [conflicts.input_weight_conflict, conflicts.output_weight_conflict]
)
def test_conflict_compromise_is_the_minimum_found_by_scipy(make):
    c = make()
    ref = minimize_scalar(lambda w: _total(c.weight, c, w), bounds=(-3, 3), method="bounded",
                          options={"xatol": 1e-10})  # fmt: skip
    assert c.compromise == pytest.approx(ref.x, abs=1e-7)
    assert c.residual == pytest.approx(ref.fun, rel=1e-9)
    assert c.residual > 0
    assert c.gated_residual == 0
    assert c.verdict == "holds"


def test_input_conflict_numbers():
    c = conflicts.input_weight_conflict()
    # by hand: E(w) = (w - 1)^2 / 2 + (2w - 1)^2 / 2 is least at w = 3/5, where E = 1/10
    assert c.compromise == pytest.approx(0.6)
    assert c.residual == pytest.approx(0.1)
    # split by input: through x(1) (w - 1) + (2w - 1) = 3w - 2, through x(2) 2w - 1
    assert c.split == "by input"
    assert c.gradients == pytest.approx((-0.2, 0.2))
    assert c.opposing == pytest.approx((0.5, 2 / 3))
    # split by target: w - 1 and 2(2w - 1)
    assert c.by_target == pytest.approx((-0.4, 0.4))
    assert c.opposing_by_target == pytest.approx((0.5, 1.0))
    assert c.claim == "input weight conflict"


def test_output_conflict_numbers():
    c = conflicts.output_weight_conflict()
    # by hand: E(w) = w^2 / 2 + (w - 1)^2 / 2 is least at w = 1/2, where E = 1/4
    assert c.compromise == pytest.approx(0.5)
    assert c.residual == pytest.approx(0.25)
    assert c.gradients == pytest.approx((0.5, -0.5))
    assert c.opposing == pytest.approx((0.0, 1.0))
    assert c.claim == "output weight conflict"


@given(b=st.floats(0.01, 10.0) | st.floats(-10.0, -0.01).filter(lambda v: abs(v + 1) > 0.01))
def test_input_conflict_for_any_distractor(b):
    c = conflicts.input_weight_conflict(b)
    assert c.gradients[0] * c.gradients[1] < 0
    assert c.gradients[0] == pytest.approx(-c.gradients[1], rel=1e-9, abs=1e-12)
    lo, hi = c.opposing
    assert lo < c.compromise < hi
    assert c.residual > 0


@given(v=st.floats(0.01, 10.0) | st.floats(-10.0, -0.01))
def test_output_conflict_for_any_stored_value(v):
    c = conflicts.output_weight_conflict(v)
    assert c.gradients[0] * c.gradients[1] < 0
    assert c.compromise == pytest.approx(0.5)
    assert c.residual == pytest.approx(v**2 / 4)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: conflicts.input_weight_conflict(0.0), "distractor must be nonzero"),
        (lambda: conflicts.input_weight_conflict(-1.0), "not -1"),
        (lambda: conflicts.output_weight_conflict(0.0), "stored must be nonzero"),
        (lambda: conflicts.input_weight_conflict(np.inf), "distractor must be finite"),
        (lambda: conflicts.run_naive_carousel(1, 1, []), "1 to MAX_CONFLICT_STEPS"),
        (lambda: conflicts.run_naive_carousel(1, 1, np.ones(10_001)), "MAX_CONFLICT_STEPS = 10000"),
        (lambda: conflicts.run_naive_carousel(1, 1, [1.0], write=[1, 1]), "write must have"),
        (lambda: conflicts.run_naive_carousel(1, 1, [1.0], read=[np.nan]), "read must be finite"),
        (lambda: conflicts.run_naive_carousel(np.nan, 1, [1.0]), "w_in must be finite"),
        (lambda: conflicts.run_naive_carousel(1, [1, 2], [1.0]), "w_out must be a single"),
    ],
)
def test_bad_input_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_targets_refused():
    run = conflicts.run_naive_carousel(1.0, 1.0, [1.0, 1.0])
    with pytest.raises(ValueError, match="targets must have the length of inputs, 2"):
        naive_carousel.naive_carousel_loss(run, [1.0])
    with pytest.raises(ValueError, match="mask must hold only 0 and 1"):
        conflicts.naive_carousel_gradients(run, [1.0, 1.0], [0.5, 1.0])


def test_zero_products_are_not_refused_as_overflow():
    # each true result is exactly zero: a zero factor, however large the others
    run = naive_carousel.run_naive_carousel
    assert run(0.0, 1.0, [1e308], write=[1e308]).state.tolist() == [0.0]
    assert run(1.0, 1e308, [0.0], read=[1e308]).outputs.tolist() == [0.0]
    loss = naive_carousel.naive_carousel_loss(run(1.0, 1.0, [1e200]), [0.0], mask=[0])
    assert loss.tolist() == [0.0]
    r = run(1e-300, 1e200, [1.0], read=[1e200])
    dw_in, dw_out = naive_carousel.naive_carousel_gradients(r, r.outputs.tolist())
    assert dw_in.tolist() == [[0.0]]
    assert dw_out.tolist() == [0.0]
    with pytest.raises(ValueError, match="exceeds the float64 range"):
        run(1e300, 1.0, [1e300])  # a nonzero product beyond the range is still refused


def test_cumulative_product_past_a_zero_is_zero():
    # 1e-200 * 1e-200 underflows (the scaled path), then a zero factor: every later product is 0 exactly
    values = np.array([1e-200, 1e-200, 0.0, 1e308, 1e308, 1e308, 1e308])
    products = scaled._cumprod(values, "the product")
    assert products[0] == 1e-200
    assert products[1:].tolist() == [0.0] * 6
