"""The computed verdicts on P4: products of logistic gains near one: each decides as stated, and changes when the mathematics does."""

from __future__ import annotations

import json

import pytest

from lstmnotes.ledger import Evidence, Verdict
from lstmnotes.local_gain import evidence_products as v

EXPECTED = {
    "exponential_products": Verdict.FALSE,
}


def test_every_function_is_covered():
    assert sorted(EXPECTED) == sorted(v.__all__)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(name):
    evidence = getattr(v, name)()
    assert isinstance(evidence, Evidence)
    assert evidence.verdict is EXPECTED[name], evidence.summary
    assert evidence.summary
    assert isinstance(evidence.data, dict)
    json.dumps(evidence.data)  # the ledger stores it as JSON


def test_products_without_margin_stay_bounded():
    data = v.exponential_products(2000).data
    assert data["rising_product"] < data["rising_bound"]
    assert data["falling_product"] > 0.5
    assert data["max_factor_error"] < 1e-9
