"""The built site against the ledger it was built with: every page shows the numbers and verdicts of the
one run of the claim checks that ``claims.json`` records.

Run by ``nox -s browser`` after ``nox -s docs`` (it reads the built HTML; no browser is needed);
``LSTMNOTES_SITE`` names another built site to test.
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HTML = Path(os.environ.get("LSTMNOTES_SITE", DOCS / "_build" / "html")).resolve()

from lstmnotes.ledger import evidence_value

ROLE = re.compile(r"\{(evidence|verdict)\}`([^`]*)`")
LITERAL = re.compile(
    r"``.*?``"
)  # a role shown as code (as the contributing page does) is not a role


@pytest.fixture(scope="module")
def ledger() -> dict[str, dict]:
    path = HTML / "claims.json"
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no built site at {HTML} (required when CI=true)")
        pytest.skip(f"no built site at {HTML}: run `nox -s docs` first")
    return {row["id"]: row for row in json.loads(path.read_text())}


def _roles() -> list[tuple[str, str, str]]:
    """(page, role, text) for every evidence and verdict role in the book's sources."""
    return [
        (page.stem, m.group(1), m.group(2))
        for page in sorted(DOCS.glob("*.md"))
        for m in ROLE.finditer(LITERAL.sub("", page.read_text()))
    ]


def _html(page: str) -> str:
    return unescape((HTML / f"{page}.html").read_text())


def test_every_evidence_number_on_a_page_is_the_ledgers(ledger):
    checked = 0
    for page, role, text in _roles():
        if role != "evidence":
            continue
        claim_id, _, rest = text.partition(":")
        path, _, spec = rest.partition(":")
        expected = format(evidence_value(ledger[claim_id], path), spec)
        assert f'<span class="evidence">{expected}</span>' in _html(page), (page, text)
        checked += 1
    assert checked > 0


def test_every_badge_shows_the_ledgers_verdict(ledger):
    for page, role, text in _roles():
        if role != "verdict":
            continue
        claim_id = text.partition(":")[0]
        badge = f"{claim_id} · {ledger[claim_id]['computed']}"
        assert badge in _html(page), (page, badge)


def test_the_ledger_links_back_to_every_page_that_states_a_claim(ledger):
    stating: dict[str, set[str]] = {}
    for page, _, text in _roles():
        if page != "ledger":
            stating.setdefault(text.partition(":")[0], set()).add(page)
    html = _html("ledger")
    for claim_id in ledger:
        row = html.split(f'id="claim-{claim_id.lower()}"', 1)[1].split("</tr>", 1)[0]
        linked = set(re.findall(r'href="([a-z-]+)\.html"', row))
        assert linked == stating.get(claim_id, set()) - {"ledger"}, claim_id
