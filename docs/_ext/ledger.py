"""Sphinx extension: computed verdict badges, the claim ledger table, and a build that fails on drift.

- ``{verdict}`P2:false``` renders a badge for claim P2 linking to its ledger entry. The word after the colon is
  the verdict the page states; the build fails if the check computes another, or if the registry states
  another.
- ``{evidence}`P13:tau:.3f``` renders one number (or string) of claim P13's evidence, ``Evidence.data`` at
  the key (a dotted path reaches into nested lists and dicts), with an optional format spec. A page states a
  claim's numbers only this way, so the page and the ledger always show the numbers of one run of the check.
- ``{paper}`4.0``` marks a number quoted from the paper (``\\paper{4.0}`` in maths); the numeral check of the
  ``numerals`` extension accepts it.
- The ``claim-ledger`` directive renders every claim in one table, with links back to every page that states
  the claim (by badge or by evidence), and links ``claims.json``, written into the site when the build
  finishes.
- At start-up the checks run in a separate process (``python -m lstmnotes claims``) while the pages are
  read. Each claim's result is cached under the key of the library modules its check imports,
  transitively, and of the environment (``lstmnotes.ledger.cache``, shared with the command line), so a
  rebuild reruns only the claims an edit or an upgrade could change; any claim whose computed verdict
  differs from its stated one stops the build with the claim's id and evidence.
- ``ledger_claims`` (a configuration value) limits the ledger to some claims, for small test sites.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError, NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from lstmnotes.ledger import CLAIMS, Verdict, _order, collect, evidence_value
from lstmnotes.ledger.cache import claim_keys, current, load

logger = logging.getLogger(__name__)
LEDGER_DOC = "ledger"


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id.lower()}"


class verdict_badge(nodes.Inline, nodes.Element):
    """Placeholder for a badge, resolved to a link once the ledger page's address is known."""


class statements_list(nodes.General, nodes.Element):
    """Placeholder for the pages that state a claim, filled in once every page has been read."""


def _statements(env: Any) -> dict[str, dict[str, set[str]]]:
    """Claim id -> page -> the label of each place on that page that states the claim."""
    if not hasattr(env, "lstmnotes_statements"):
        env.lstmnotes_statements = {}
    return env.lstmnotes_statements  # type: ignore[no-any-return]


def _record(role: SphinxRole, claim_id: str) -> None:
    pages = _statements(role.env).setdefault(claim_id, {})
    pages.setdefault(role.env.docname, set()).add(role.name)


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    for pages in _statements(env).values():
        pages.pop(docname, None)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    for claim_id, pages in _statements(other).items():
        for docname in docnames:
            if docname in pages:
                _statements(env).setdefault(claim_id, {})[docname] = pages[docname]


def _ledger_outdated(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Reread the ledger page whenever another page changes (its "stated in" column may change), and every
    page that states a claim checked afresh in this build (its verdicts and evidence numbers may change)."""
    stale = getattr(app, "lstmnotes_ledger", {}).get("stale", [])
    pages = {page for claim_id in stale for page in _statements(env).get(claim_id, {})}
    pages -= added | removed
    if (added | changed | removed | pages) - {LEDGER_DOC}:
        pages.add(LEDGER_DOC)
    return sorted(pages)


def _start_ledger(app: Sphinx) -> None:
    """Start the checks of the claims whose cached results are stale, in a separate process.

    The checks then run beside the execution of the pages (docs/_ext/prefetch.py) and the reading of the
    pages that state no claim; {py:func}`_results` waits for them when a row is first needed.
    """
    collect()
    ids = list(app.config.ledger_claims or sorted(CLAIMS, key=_order))
    keys = claim_keys(ids)
    cache = Path(app.outdir).parent / ".ledger-cache"
    cached = load(cache)
    stale = [i for i in ids if cached.get(i, {}).get("key") != keys[i]]
    process = None
    if stale:  # the command line runs them and stores their results in the same cache
        rest = len(ids) - len(stale)
        logger.info(
            f"checking {len(stale)} of {len(ids)} claims"
            + (f" ({rest} unchanged, from the cache)" if rest else "")
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lstmnotes",
                "claims",
                "--json",
                "--cache-dir",
                str(cache),
                *stale,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    app.lstmnotes_ledger = {  # type: ignore[attr-defined]
        "cache": cache,
        "cached": cached,
        "keys": keys,
        "ids": ids,
        "process": process,
        "rows": None,
        "stale": stale,
    }


def _await_ledger(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """When Sphinx reads the pages in several processes, wait for the checks before any page is read, so that
    each process starts with the rows in hand instead of waiting for a subprocess it cannot read from.

    Read in one process, the pages that state no claim (the API reference comes first) are read while the
    checks run: the first role that needs a row waits for them.
    """
    if app.parallel > 1:
        _results(app)


def _results(app: Sphinx) -> dict[str, dict[str, Any]]:
    """The ledger rows by claim id; fails the build, naming claim and evidence, on any drift."""
    state = app.lstmnotes_ledger  # type: ignore[attr-defined]
    if state["rows"] is None:
        cached, process = state["cached"], state["process"]
        if process is not None:
            out, err = process.communicate()
            try:
                fresh = json.loads(out)
            except json.JSONDecodeError:
                raise ExtensionError(f"the claim checks failed to run:\n{err}") from None
            for row in fresh:
                row.pop("seconds", None)  # timings stay out of the site
                row.pop("cached", None)
                cached[row["id"]] = {"key": state["keys"][row["id"]], "row": row}
        rows = [current(cached[i]["row"]) for i in state["ids"]]
        drift = [r for r in rows if not r["agrees"]]
        if drift:
            lines = [
                f"claim {r['id']}: the book states '{r['stated']}', the check computes "
                f"'{r['computed']}'; evidence: {r['evidence']}"
                for r in drift
            ]
            raise ExtensionError("verdict drift:\n  " + "\n  ".join(lines))
        state["rows"] = {r["id"]: r for r in rows}
    return state["rows"]  # type: ignore[no-any-return]


class VerdictRole(SphinxRole):
    """``{verdict}`ID:word```: a computed badge; the word is the verdict the page states."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        claim_id, _, word = self.text.partition(":")
        claim_id = claim_id.strip()
        rows = _results(self.env.app)
        if claim_id not in rows:
            raise ExtensionError(f"{self.get_location()}: unknown claim {claim_id!r}")
        row = rows[claim_id]
        if not word:
            raise ExtensionError(
                f"{self.get_location()}: state the verdict, e.g. {{verdict}}`{claim_id}:holds`"
            )
        stated = Verdict.from_short(word.strip())
        if stated.value != row["computed"]:
            raise ExtensionError(
                f"{self.get_location()}: the page states claim {claim_id} is '{stated.value}', "
                f"the check computes '{row['computed']}'; evidence: {row['evidence']}"
            )
        node = verdict_badge(claim_id=claim_id, verdict=stated.short)
        _record(self, claim_id)
        return [node], []


class EvidenceRole(SphinxRole):
    """``{evidence}`ID:key:format```: a number from the claim's evidence, as the ledger has it."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        claim_id, _, rest = self.text.partition(":")
        path, _, spec = rest.partition(":")
        claim_id, path = claim_id.strip(), path.strip()
        rows = _results(self.env.app)
        if claim_id not in rows or not path:
            raise ExtensionError(
                f"{self.get_location()}: write {{evidence}}`ID:key` or `ID:key:format` for a known "
                f"claim, got {self.text!r}"
            )
        try:
            value = evidence_value(rows[claim_id], path)
            text = format(value, spec)
        except (KeyError, ValueError, TypeError) as error:
            raise ExtensionError(f"{self.get_location()}: {error}") from None
        _record(self, claim_id)
        node = nodes.inline(text, text, classes=["evidence"])
        return [node], []


class PaperRole(SphinxRole):
    """``{paper}`4.0```: a number as the paper prints it (a quotation, not a computed value)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.inline(self.text, self.text, classes=["paper-quote"])], []


def _resolve_badges(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    rows = _results(app)
    statements = _statements(app.env)
    for node in list(doctree.findall(statements_list)):
        claim_id = node["claim_id"]
        para = nodes.paragraph("", "", nodes.emphasis("", "Stated in: "))
        if app.builder.format == "latex":  # a field of its own there
            para = nodes.paragraph()
        pages = sorted(statements.get(claim_id, {}))
        for k, page in enumerate(pages):
            if k:
                para += nodes.Text(", ")
            title = app.env.titles[page].astext() if page in app.env.titles else page
            try:
                uri = app.builder.get_relative_uri(docname, page)
            except NoUri:  # a page the PDF leaves out
                para += nodes.Text(title)
                continue
            para += nodes.reference("", title, refuri=uri, internal=True)
        if not pages:
            para += nodes.Text("this table only")
        node.replace_self(para)
    for node in list(doctree.findall(verdict_badge)):
        claim_id, short = node["claim_id"], node["verdict"]
        uri = app.builder.get_relative_uri(docname, LEDGER_DOC) + "#" + anchor(claim_id)
        link = nodes.reference(
            "",
            "",
            nodes.Text(f"{claim_id} · {rows[claim_id]['computed']}"),
            refuri=uri,
            internal=True,
            classes=["verdict", f"verdict-{short}"],
            reftitle=rows[claim_id]["evidence"],
        )
        if app.builder.format == "latex":  # LaTeX drops a reference's classes, keeps an inline's
            link = nodes.inline("", "", link, classes=["verdict"])
        node.replace_self(link)


class ClaimLedger(Directive):
    """The table of every claim: id; statement, source and the pages stating it; method; verdict; evidence."""

    has_content = False
    HEADERS = ("Claim", "Statement", "Method", "Verdict", "Evidence")
    WIDTHS = (6, 30, 18, 20, 26)

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        rows = _results(env.app)
        if env.app.builder.format == "latex":
            return [node for row in rows.values() for node in self._entry(row)]
        table = nodes.table(classes=["claim-ledger"])
        group = nodes.tgroup(cols=len(self.HEADERS))
        table += group
        group += [nodes.colspec(colwidth=w) for w in self.WIDTHS]
        head = nodes.thead()
        head += self._row([[nodes.paragraph("", h)] for h in self.HEADERS])
        group += head
        body = nodes.tbody()
        for row in rows.values():
            short = Verdict(row["computed"]).short
            ident = nodes.inline(row["id"], row["id"], ids=[anchor(row["id"])])
            badge = nodes.inline("", row["computed"], classes=["verdict", f"verdict-{short}"])
            verdict = nodes.paragraph("", "", badge)
            if row["note"]:
                verdict += nodes.Text(" " + row["note"])
            statement = [
                nodes.paragraph("", row["statement"]),
                nodes.paragraph("", "", nodes.emphasis("", "Source: "), nodes.Text(row["source"])),
                statements_list(claim_id=row["id"]),
            ]
            body += self._row(
                [
                    [nodes.paragraph("", "", ident)],
                    statement,
                    [nodes.paragraph("", row["method"])],
                    [verdict],
                    [nodes.paragraph("", row["evidence"])],
                ]
            )
        group += body
        link = nodes.raw(
            "",
            '<p><a class="reference download" href="claims.json" download>'
            "Download the ledger as JSON (claims.json)</a></p>",
            format="html",
        )
        return [link, table]

    @staticmethod
    def _entry(row: dict[str, Any]) -> list[nodes.Node]:
        """One claim as a block of fields, for the PDF: a five-column table does not fit a page."""
        short = Verdict(row["computed"]).short
        head = nodes.paragraph(
            "",
            "",
            nodes.target("", "", ids=[anchor(row["id"])]),
            nodes.strong("", f"Claim {row['id']}  "),
            nodes.inline("", row["computed"], classes=["verdict", f"verdict-{short}"]),
        )
        if row["note"]:
            head += nodes.Text(" " + row["note"])
        fields = nodes.field_list()
        for name, body in (
            ("Statement", [nodes.paragraph("", row["statement"])]),
            ("Source", [nodes.paragraph("", row["source"])]),
            ("Stated in", [statements_list(claim_id=row["id"])]),
            ("Method", [nodes.paragraph("", row["method"])]),
            ("Evidence", [nodes.paragraph("", row["evidence"])]),
        ):
            fields += nodes.field("", nodes.field_name("", name), nodes.field_body("", *body))
        return [head, fields]

    @staticmethod
    def _row(cells: list[list[nodes.Node]]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell
            row += entry
        return row


def _write_json(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        rows = list(_results(app).values())  # waits for the checks and fails on drift
        if app.builder.format == "html":
            Path(app.outdir, "claims.json").write_text(
                json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("ledger_claims", [], "env")
    app.add_node(verdict_badge)
    app.add_node(statements_list)
    app.add_role("verdict", VerdictRole())
    app.add_role("evidence", EvidenceRole())
    app.add_role("paper", PaperRole())
    app.connect("env-purge-doc", _purge)
    app.connect("env-get-outdated", _ledger_outdated)
    app.connect("env-merge-info", _merge)
    app.add_directive("claim-ledger", ClaimLedger)
    app.connect("builder-inited", _start_ledger)
    app.connect("env-before-read-docs", _await_ledger)
    app.connect("doctree-resolved", _resolve_badges)
    app.connect("build-finished", _write_json)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
