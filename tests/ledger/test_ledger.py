"""The claim registry and its command line."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

import lstmnotes
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
    header, first, total = out.splitlines()
    assert header.split() == ["id", "computed", "seconds", "statement"]
    assert first.startswith("P5   ok")
    assert total.startswith("1 claims, 1 agree, 0 drift; ")
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
    with pytest.raises(SystemExit) as exit_:
        cli.main(["claims", "P99"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "no claim 'P99'; did you mean P9" in err
    known = err.split("known: ")[1].split(", ")
    assert known[:3] == ["P1", "P2", "P3"]  # in ledger order, not registration order


def test_cli_ids_are_case_insensitive(capsys):
    assert cli.main(["claims", "p5"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("P5 ")


def test_cli_only_failing(capsys, monkeypatch):
    claims.collect()
    monkeypatch.setitem(claims.CLAIMS, "P5", replace(claims.CLAIMS["P5"], stated=Verdict.FALSE))
    assert cli.main(["claims", "--only-failing", "P5", "S1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:-1] if not line.startswith(" ")] == ["P5"]
    assert lines[-1].startswith("2 claims, 1 agree, 1 drift; ")


def test_cli_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"lstmnotes {lstmnotes.__version__}"
    with pytest.raises(SystemExit):
        cli.main(["claims", "--help"])
    help_text = capsys.readouterr().out
    assert "``" not in help_text
    assert "{py:" not in help_text
    claims.collect()
    assert all(i in help_text.split("claim ids (any case):")[1].split() for i in claims.CLAIMS)


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


@pytest.mark.parametrize("loose", [1, None, "yes"])
def test_timing_must_be_a_bool(loose):
    result = claims.evaluate("P5")
    with pytest.raises(TypeError, match="timing must be a bool"):
        result.as_dict(timing=loose)
    with pytest.raises(TypeError, match="timing must be a bool"):
        claims.ledger_json([result], timing=loose)
    with pytest.raises(TypeError, match="timing must be a bool"):
        claims.ledger_json([], timing=loose)  # checked before the results are read, even when none


def test_ledger_json_checks_timing_before_reading_the_results():
    def results():
        raise AssertionError("the results were read before timing was checked")
        yield

    with pytest.raises(TypeError, match="timing must be a bool"):
        claims.ledger_json(results(), timing=1)
