"""Mutation tests of the long-lag claims (X70 to X74): each check notices a slip.

Each test changes one library function the way a reader or an author could get it wrong and asserts that the
claim's computed verdict moves away from the stated one. The chapter's scan is cached once per process, so
every test that changes what it computes clears the cache before and after.
"""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.ledger import Verdict, collect, evaluate
from lstmnotes.long_lag import CellNet, _bptt, _cell_net, _training, _two_sequences
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
    real = _bptt.flow_of_run

    def flow_of_run(run, self_weight):  # the factor |r| of each step dropped: sigma' alone
        return real(run, np.ones_like(self_weight))

    monkeypatch.setattr(_bptt, "flow_of_run", flow_of_run)
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
