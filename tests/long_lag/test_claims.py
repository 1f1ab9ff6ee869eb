"""Mutation tests of the long-lag claims (X70 to X74): each check notices a slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one. The chapter's scan is cached once per process, so
every test that changes what it computes clears the cache before and after.
"""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.activations import logistic, logistic_prime
from lstmnotes.ledger import Verdict, collect, evaluate
from lstmnotes.long_lag import CellNet, _bptt, _cell_net, _output_layer, _training, _two_sequences
from lstmnotes.long_lag import evidence as long_lag_evidence

collect()


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


@pytest.fixture
def fresh_scan():
    long_lag_evidence.chapter_scan.cache_clear()
    yield
    long_lag_evidence.chapter_scan.cache_clear()


@pytest.fixture
def threshold_of_one(monkeypatch, fresh_scan):
    # success judged against an error of 1.01: every sequence passes, whatever the net has learned
    monkeypatch.setattr(_training, "SUCCESS_THRESHOLD", 1.01)


def test_x70_notices_a_success_threshold_that_every_output_meets(threshold_of_one):
    assert _flipped("X70") is Verdict.FALSE


def test_x72_notices_a_success_threshold_that_every_output_meets(threshold_of_one):
    assert _flipped("X72") is Verdict.FALSE


def test_x71_notices_a_carousel_that_carries_no_error_back(monkeypatch, fresh_scan):
    # the state's error used only at the step it arrives: the first symbol never hears of the last step
    monkeypatch.setattr(_two_sequences, "carried", lambda to_state: to_state)
    assert _flipped("X71") is Verdict.FALSE


def test_x73_notices_a_flow_without_the_self_weight(monkeypatch):
    real = _bptt.flow_of_nets

    def flow_of_nets(net_hidden, self_weight):  # the factor |r| of each step dropped: sigma' alone
        return real(net_hidden, np.ones_like(self_weight))

    monkeypatch.setattr(_bptt, "flow_of_nets", flow_of_nets)
    assert _flipped("X73") is Verdict.FALSE


def test_x73_notices_a_flow_that_counts_the_last_steps_slope(monkeypatch):
    # d z(T-1) / d net(0) in place of eq. (3.1)'s d theta(0) / d theta(T-1): one slope too many, so the
    # net that reaches the bound falls short of it by a factor 1/4
    def flow_of_nets(net_hidden, self_weight):
        slope = logistic_prime(net_hidden)
        factors = np.concatenate(
            [slope[:, :1], slope[:, 1:] * np.abs(self_weight)[:, None]], axis=1
        )
        return np.sum(np.log10(factors), axis=1)

    monkeypatch.setattr(_bptt, "flow_of_nets", flow_of_nets)
    assert _flipped("X73") is Verdict.FALSE


def test_x73_notices_a_cell_flow_without_the_input_gate(monkeypatch):
    real = _cell_net.flow_of_inputs

    def flow_of_inputs(net, inputs):  # the gate's factor y_in(0) left out: g' alone, up to 1/4
        gate = logistic(np.take_along_axis(net.gate_in, inputs[:, :1], axis=1)[:, 0])
        return real(net, inputs) - np.log10(gate)

    monkeypatch.setattr(_cell_net, "flow_of_inputs", flow_of_inputs)
    assert _flipped("X73") is Verdict.FALSE


def test_x70_notices_a_scan_over_other_delays_than_it_names(monkeypatch, fresh_scan):
    # the scan run over one delay fewer than the statement names: no row may go unchecked
    monkeypatch.setattr(long_lag_evidence, "CHAPTER_DELAYS", (4, 10, 100))
    assert _flipped("X70") is Verdict.FALSE


def test_x74_notices_input_gates_biased_negative_at_the_start(monkeypatch, fresh_scan):
    # the 1997 remedy for drift (section 4): gates nearly closed at the start, so the state hardly grows
    real = _cell_net.random_cell_net

    def random_cell_net(rng, p, seeds):
        net = real(rng, p, seeds)
        return CellNet(net.gate_in - 3.0, net.cell_in, net.output)

    monkeypatch.setattr(_cell_net, "random_cell_net", random_cell_net)
    assert _flipped("X74") is Verdict.FALSE


def test_x75_notices_a_truncation_that_cuts_the_carousel(monkeypatch):
    # the partials of the state with respect to the weights into the cell and the gate not carried
    # forward (eqs. 25 and 27 without their first term): each step's error reaches only that step's input
    def _gradient(net, symbols):
        inputs, targets = symbols[:, :-1], symbols[:, 1:]
        run = _cell_net._forward(net, inputs)
        loss, grad_out, to_state = _output_layer.output_backward(
            net.output, inputs, targets, run.state
        )
        one_hot = (np.arange(net.gate_in.shape[1]) == inputs[:, :, None]).astype(np.float64)
        ds_dcell = one_hot * (run.gate * run.cell_input * (1.0 - run.cell_input))[..., None]
        ds_dgate = one_hot * (run.cell_input * run.gate * (1.0 - run.gate))[..., None]
        grad_cell = np.einsum("st,stk->sk", to_state, ds_dcell)
        grad_gate = np.einsum("st,stk->sk", to_state, ds_dgate)
        return CellNet(grad_gate, grad_cell, grad_out), loss, run

    monkeypatch.setattr(_cell_net, "_gradient", _gradient)
    assert _flipped("X75") is Verdict.FALSE
