"""The book's Sphinx extension: badges agree with the checks, and the build fails on drift.

Each test builds a one-page site in a temporary folder with ``python -m sphinx``. The ledger cache the
extension reads is seeded with the real result of claim P5's check (computed here, not typed), so the
builds do not rerun every check.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lstmnotes.ledger import Verdict, evaluate, ledger_json
from lstmnotes.ledger.cache import claim_keys

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def p5_row():
    (row,) = ledger_json([evaluate("P5")])
    return row


def _build(
    tmp_path: Path,
    page: str,
    rows: list[dict],
    extra: list[str] | None = None,
    more_pages: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    src, out = tmp_path / "src", tmp_path / "build" / "html"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        f"extensions = ['myst_parser', 'ledger', *{extra or []!r}]\n"
        f"ledger_claims = {[r['id'] for r in rows]!r}\n"
        "exclude_patterns = ['build']\n"
    )
    more = more_pages or {}
    toctree = "\n".join(["ledger", *more])
    (src / "index.md").write_text(f"# Test\n\n{page}\n\n```{{toctree}}\n{toctree}\n```\n")
    for name, text in more.items():
        (src / f"{name}.md").write_text(f"# {name}\n\n{text}\n")
    (src / "ledger.md").write_text("# Ledger\n\n```{claim-ledger}\n```\n")
    cache = out.parent / ".ledger-cache" / "claims.json"
    cache.parent.mkdir(parents=True)
    keys = claim_keys([r["id"] for r in rows])
    cache.write_text(json.dumps({r["id"]: {"key": keys[r["id"]], "row": r} for r in rows}))
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", *args, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_badge_with_the_computed_verdict_builds(tmp_path, p5_row):
    assert p5_row["computed"] == Verdict.HOLDS.value
    result = _build(tmp_path, "P5 is {verdict}`P5:holds`.", [p5_row])
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "build" / "html" / "index.html").read_text()
    assert 'href="ledger.html#claim-p5"' in html
    assert "verdict-holds" in html
    ledger_html = (tmp_path / "build" / "html" / "ledger.html").read_text()
    assert 'id="claim-p5"' in ledger_html
    data = json.loads((tmp_path / "build" / "html" / "claims.json").read_text())
    assert [r["id"] for r in data] == ["P5"]


def test_pages_read_in_parallel_keep_their_badges_and_statements(tmp_path, p5_row):
    pages = {f"page{i}": f"P5 is {{verdict}}`P5:holds`, on page {i}." for i in range(8)}
    result = _build(tmp_path, "", [p5_row], more_pages=pages, args=("-j", "2"))
    assert result.returncode == 0, result.stderr
    html = tmp_path / "build" / "html"
    for name in pages:
        assert "verdict-holds" in (html / f"{name}.html").read_text()
    ledger_html = (html / "ledger.html").read_text()
    assert all(f'href="{name}.html' in ledger_html for name in pages)


def test_a_drifted_verdict_fails_a_parallel_build(tmp_path, p5_row):
    pages = {f"page{i}": "P5 is {verdict}`P5:holds`." for i in range(7)}
    pages["page7"] = "P5 is {verdict}`P5:false`."
    result = _build(tmp_path, "", [p5_row], more_pages=pages, args=("-j", "2"))
    assert result.returncode != 0
    assert "P5" in result.stderr


def test_page_stating_another_verdict_fails_the_build(tmp_path, p5_row):
    result = _build(tmp_path, "P5 is {verdict}`P5:false`.", [p5_row])
    assert result.returncode != 0
    assert "claim P5 is 'false as stated'" in result.stderr
    assert "the check computes 'holds'" in result.stderr


def test_registry_drift_fails_the_build(tmp_path, p5_row):
    # a cached result whose computed verdict is not the one the registry states (the stated verdict and
    # the agreement are the registry's, whatever the cached row says)
    drifted = {**p5_row, "computed": Verdict.FALSE.value, "agrees": True}
    result = _build(tmp_path, "No badge here.", [drifted])
    assert result.returncode != 0
    assert "verdict drift" in result.stderr
    assert (
        "claim P5: the book states 'holds', the check computes 'false as stated'" in result.stderr
    )


def test_unknown_claim_and_missing_verdict_fail(tmp_path, p5_row):
    result = _build(tmp_path, "{verdict}`P99:holds`", [p5_row])
    assert "unknown claim 'P99'" in result.stderr
    other = tmp_path / "again"
    other.mkdir()
    result = _build(other, "{verdict}`P5`", [p5_row])
    assert "state the verdict" in result.stderr


def test_evidence_role_shows_the_ledger_number_and_links_back(tmp_path, p5_row):
    scan_max = p5_row["data"]["scan_max"]
    result = _build(tmp_path, "The scan found {evidence}`P5:scan_max:.6f`.", [p5_row])
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "build" / "html" / "index.html").read_text()
    assert f'<span class="evidence">{scan_max:.6f}</span>' in html
    ledger_html = (tmp_path / "build" / "html" / "ledger.html").read_text()
    stated_in = ledger_html.split('id="claim-p5"', 1)[1]
    assert 'href="index.html"' in stated_in


def test_evidence_role_with_an_unknown_key_fails_naming_the_keys(tmp_path, p5_row):
    result = _build(tmp_path, "{evidence}`P5:no_such_key`", [p5_row])
    assert result.returncode != 0
    assert "no evidence at 'no_such_key'" in result.stderr
    assert "scan_max" in result.stderr


def test_evidence_role_reaches_into_nested_data(tmp_path, p5_row):
    row = {**p5_row, "data": {**p5_row["data"], "rates": [0.5, {"q": 7}]}}
    result = _build(
        tmp_path, "Rate {evidence}`P5:rates.0:.2f`, lag {evidence}`P5:rates.1.q:d`.", [row]
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "build" / "html" / "index.html").read_text()
    assert 'Rate <span class="evidence">0.50</span>, lag <span class="evidence">7</span>.' in html


def test_a_claim_stated_nowhere_says_so_in_the_ledger(tmp_path, p5_row):
    result = _build(tmp_path, "No claim here.", [p5_row])
    assert result.returncode == 0, result.stderr
    ledger_html = (tmp_path / "build" / "html" / "ledger.html").read_text()
    assert "this table only" in ledger_html


def test_hand_typed_number_fails_a_strict_build(tmp_path, p5_row):
    src = tmp_path / "numerals"
    src.mkdir()
    result = _build(
        src, "The bound is 0.2239, and the paper's is {paper}`4.0`.", [p5_row], ["numerals"]
    )
    assert result.returncode != 0
    assert "hand-typed number '0.2239'" in result.stderr
    assert "'4.0'" not in result.stderr


def test_a_page_stating_a_claim_checked_afresh_is_read_again(tmp_path, p5_row):
    # the page's text is unchanged, but its claim's key is not: the check runs again, and the page that
    # shows its verdict (and could show its evidence) is read again with the new result
    result = _build(tmp_path, "Top.", [p5_row], more_pages={"p": "P5 is {verdict}`P5:holds`."})
    assert result.returncode == 0, result.stderr
    cache = tmp_path / "build" / ".ledger-cache" / "claims.json"
    stored = json.loads(cache.read_text())
    stored["P5"]["key"] = "a library edit"
    cache.write_text(json.dumps(stored))
    page = tmp_path / "build" / "html" / "p.html"
    page.write_text("stale")
    src, out = tmp_path / "src", tmp_path / "build" / "html"
    again = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", str(src), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "checking 1 of 1 claims\n" in again.stdout
    assert "cache" not in again.stdout  # none was served from it: the log does not say "cached"
    assert "verdict-holds" in page.read_text()
