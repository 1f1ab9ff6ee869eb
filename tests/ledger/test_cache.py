"""The ledger's cache: a result is served only under the key of the sources its check depends on, a served
result is the one a fresh run computes, and an edit reruns exactly the claims whose checks reach it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lstmnotes import __main__ as cli
from lstmnotes.ledger import CLAIMS, _order, cache, collect, deps, evaluate

CHEAP = ["P3", "P5", "S1"]  # checks that take milliseconds, from three claims modules


def _json(value: object) -> object:
    return json.loads(json.dumps(value))


@pytest.fixture
def counted(monkeypatch):
    """The ids of the checks run in this process (the cache's runs, made serial)."""
    ran: list[str] = []
    real = cache._run

    def run(claim_id: str):
        ran.append(claim_id)
        return real(claim_id)

    monkeypatch.setattr(cache, "_run", run)
    return ran


def test_a_cached_result_is_the_one_a_fresh_run_computes(tmp_path, counted):
    first = list(cache.results(CHEAP, tmp_path))
    assert counted == CHEAP
    assert not any(r.cached for r in first)
    second = list(cache.results(CHEAP, tmp_path))
    assert counted == CHEAP  # nothing ran again
    assert all(r.cached and r.seconds == 0 for r in second)
    fresh = [_json(evaluate(i).as_dict()) for i in CHEAP]
    assert [r.row for r in second] == fresh
    assert [_json(r.row) for r in first] == fresh


def test_a_changed_key_is_never_served(tmp_path, counted, monkeypatch):
    list(cache.results(CHEAP, tmp_path))
    keys = cache.claim_keys(CHEAP)
    changed = {**keys, "P5": "another source"}
    monkeypatch.setattr(cache, "claim_keys", lambda ids: {i: changed[i] for i in ids})
    again = list(cache.results(CHEAP, tmp_path))
    assert counted == [*CHEAP, "P5"]
    assert [r.cached for r in again] == [True, False, True]
    assert cache.load(tmp_path)["P5"]["key"] == "another source"


def test_a_cached_row_states_what_the_registry_states_now(tmp_path, monkeypatch):
    from dataclasses import replace

    from lstmnotes.ledger import Verdict

    list(cache.results(["P5"], tmp_path))
    monkeypatch.setitem(CLAIMS, "P5", replace(CLAIMS["P5"], stated=Verdict.FALSE, note="changed"))
    (row,) = cache.results(["P5"], tmp_path)
    assert row.cached
    assert row.row["stated"] == Verdict.FALSE.value
    assert row.row["note"] == "changed"
    assert not row.row["agrees"]  # the cached computed verdict, against the stated one now


def test_a_wrong_row_under_a_stale_key_is_not_served(tmp_path, counted):
    keys = cache.claim_keys(["P5"])
    forged = {**_json(evaluate("P5").as_dict()), "computed": "false as stated", "agrees": False}
    cache.store(tmp_path, {"P5": {"key": keys["P5"] + "0", "row": forged}})
    (row,) = cache.results(["P5"], tmp_path)
    assert not row.cached
    assert row.row["agrees"]
    assert counted == ["P5"]


def test_an_edit_to_a_module_changes_exactly_the_keys_of_the_claims_that_reach_it(tmp_path):
    collect()
    ids = sorted(CLAIMS, key=_order)
    copy = tmp_path / "lstmnotes"
    shutil.copytree(deps.SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.claim_keys(ids, copy)
    edited = "lstmnotes.cell.evidence_drift"
    target = copy / "cell" / "evidence_drift.py"
    target.write_text(target.read_text() + "\n# an edit\n")
    after = cache.claim_keys(ids, copy)
    rerun = {i for i in ids if before[i] != after[i]}
    reaching = {i for i in ids if edited in deps.closure({CLAIMS[i].check.__module__})}
    assert rerun == reaching
    assert rerun
    assert rerun < set(ids)
    assert all(CLAIMS[i].check.__module__.startswith("lstmnotes.cell.") for i in rerun)


def test_the_command_line_says_which_results_came_from_the_cache(tmp_path, capsys, counted):
    args = ["claims", "--cache-dir", str(tmp_path), "--jobs", "1", *CHEAP]
    assert cli.main(args) == 0
    assert "0 from the cache" in capsys.readouterr().out
    assert cli.main([*args, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["cached"] for r in rows] == [True, True, True]
    assert cli.main([*args, "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "the cache bypassed, 3 checked now" in out
    assert "cached" not in out
    assert counted == CHEAP * 2


def test_the_environment_variable_bypasses_the_cache(tmp_path, capsys, counted, monkeypatch):
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    assert cli.main(["claims", "--cache-dir", str(tmp_path), "P5"]) == 0
    assert "the cache bypassed" in capsys.readouterr().out
    assert not (tmp_path / cache.CACHE_FILE).exists()


def test_the_folder_variable_names_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(tmp_path / "here"))
    assert cache.default_folder() == tmp_path / "here"


def test_parallel_processes_compute_what_one_process_does(tmp_path):
    serial = [r.row for r in cache.results(CHEAP, use_cache=False)]
    parallel = [r.row for r in cache.results(CHEAP, tmp_path / "p", jobs=2)]
    assert [_json(r) for r in parallel] == [_json(r) for r in serial]


@pytest.mark.parametrize(("jobs", "error"), [(0, ValueError), (65, ValueError), (1.5, TypeError),
                                             (True, TypeError)])  # fmt: skip
def test_jobs_out_of_range_are_refused(jobs, error):
    with pytest.raises(error, match="jobs"):
        list(cache.results(["P5"], use_cache=False, jobs=jobs))


def test_an_unreadable_cache_is_empty(tmp_path: Path):
    (tmp_path / cache.CACHE_FILE).write_text("{not json")
    assert cache.load(tmp_path) == {}


@pytest.mark.parametrize("loose", [1, None, "no"])
def test_use_cache_must_be_a_bool(loose):
    with pytest.raises(TypeError, match="use_cache must be a bool"):
        list(cache.results(["P5"], use_cache=loose))
