"""The claim registry and its command line."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from lstmnotes import __main__ as cli
from lstmnotes import claims
from lstmnotes.claims import Verdict


def test_every_claim_has_a_statement_source_method_and_check():
    claims._load()
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
    claims._load()
    monkeypatch.setitem(claims.CLAIMS, "P5", replace(claims.CLAIMS["P5"], stated=Verdict.FALSE))
    assert cli.main(["claims", "P5"]) == 1
    out = capsys.readouterr().out
    assert "DRIFT" in out
    assert "stated false" in out


def test_cli_unknown_id(capsys):
    with pytest.raises(SystemExit):
        cli.main(["claims", "P99"])
    assert "no claim 'P99'" in capsys.readouterr().err
