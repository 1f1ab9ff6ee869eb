"""The claim registry and its command line."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from lstmnotes import __main__ as cli
from lstmnotes import ledger as claims
from lstmnotes.ledger import Verdict, evidence_value


def test_every_claim_has_a_statement_source_method_and_check():
    claims.collect()
    assert claims.CLAIMS
    for entry in claims.CLAIMS.values():
        assert entry.statement.endswith(".")
        assert entry.source
        assert entry.method
        assert callable(entry.check)
        if entry.stated in (Verdict.CONDITIONAL, Verdict.FALSE, Verdict.UNCHECKABLE):
            assert entry.note, f"{entry.id} must name its conditions, correction or reason"


def test_verdict_words():
    for verdict in Verdict:
        assert Verdict.from_short(verdict.short) is verdict
        assert Verdict.from_short(verdict.value) is verdict
    with pytest.raises(ValueError, match="unknown verdict 'maybe'"):
        Verdict.from_short("maybe")


def test_unknown_claim():
    with pytest.raises(KeyError, match="no claim 'P99'"):
        claims.claim("P99")


def test_cli_table_and_json(capsys):
    assert cli.main(["claims", "P5"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("P5  ok")
    assert cli.main(["claims", "--json", "P5"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == "P5"
    assert row["agrees"] is True
    assert row["seconds"] >= 0


def test_cli_exits_non_zero_on_drift(capsys, monkeypatch):
    claims.collect()
    monkeypatch.setitem(claims.CLAIMS, "P5", replace(claims.CLAIMS["P5"], stated=Verdict.FALSE))
    assert cli.main(["claims", "P5"]) == 1
    out = capsys.readouterr().out
    assert "DRIFT" in out
    assert "stated false" in out


def test_cli_unknown_id(capsys):
    with pytest.raises(SystemExit):
        cli.main(["claims", "P99"])
    assert "no claim 'P99'" in capsys.readouterr().err


def test_evidence_value_follows_keys_and_indices():
    row = {"id": "X9", "data": {"rates": [0.5, {"q": 7}], "tau": 0.25}}
    assert evidence_value(row, "tau") == 0.25
    assert evidence_value(row, "rates.0") == 0.5
    assert evidence_value(row, "rates.-1.q") == 7


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nope", "no evidence at 'nope' (at 'nope'; there: keys ['rates', 'tau'])"),
        ("rates.2", "(at '2'; there: a list of 2)"),
        ("tau.x", "(at 'x'; there: the value 0.25)"),
    ],
)
def test_evidence_value_names_what_exists_where_the_path_fails(path, message):
    row = {"id": "X9", "data": {"rates": [0.5, {"q": 7}], "tau": 0.25}}
    with pytest.raises(KeyError, match=re.escape(message)):
        evidence_value(row, path)
