"""Sphinx extension: a preview of what a reference points at, shown while the pointer rests on it or it has
keyboard focus.

sphinx-tippy does the work: when a page is written it copies, from the built HTML, what each internal
reference points at (an equation, a theorem or proof, a figure, a section) into a script of the page, and
tippy.js shows it. This extension adapts it to the book:

- tippy.js and Popper come from the npm registry, at pinned versions whose tarballs are checked against
  pinned sha512 hashes (``npm pack``; npm's cache serves them again), and are served from the site's own
  ``_static/tippyjs/``: no page asks another host for anything (sphinx-tippy's default loads them from a CDN).
- A verdict badge points at its claim's row in the ledger, which is no block of its own that sphinx-tippy
  could copy; its preview is the claim itself, from the ledger's results: id, computed verdict, statement
  and evidence. The evidence moves from the badge's ``title`` into the preview, so that the browser does not
  show a second tooltip over it.
- The page's script is named after the page and the build's date (``SOURCE_DATE_EPOCH``), not after a random
  UUID, and lists its previews in a fixed order, so that two builds of the same sources write the same
  bytes.
- Names in code cells, which link to the API reference, get no preview: a cell full of previews would cover
  the code being read. Lookups of Wikipedia, DOIs and Read the Docs, which need the network, are off.

The PDF has no use for it: ``conf.py`` leaves it out of ``-t pdf`` builds.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from html import escape
from pathlib import Path
from typing import Any

import ledger
import sphinx_tippy
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

# (npm package, version, sha512 integrity of its tarball, files taken from its ``package/`` folder)
PACKAGES = (
    (
        "@popperjs/core", "2.11.8",
        "sha512-P1st0aksCrn9sGZhp8GMYwBnQsbvAWsZAX44oXNNvLHGqAOcoVxmjZiohstwQ7SqKnbR47akdNi+uleWD8+g6A==",
        ("dist/umd/popper.min.js", "dist/umd/popper.min.js.map"),
    ),
    (
        "tippy.js", "6.3.7",
        "sha512-E1d3oP2emgJ9dRQZdf3Kkn0qJgI6ZLpyS5z6ZkY1DF3kaQaBsGZsndEpHwx+eC+tYM41HaSNvNtLx8tU57FzTQ==",
        ("dist/tippy.umd.min.js", "dist/tippy.umd.min.js.map", "dist/tippy.css"),
    ),
)  # fmt: skip
VENDOR = "tippyjs"  # the folder under _static


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(target: Path) -> None:
    """Unpack each pinned package's files into ``target/tippyjs/`` unless they are there already.

    :raises ExtensionError: without npm, or when a tarball is not the one pinned.
    """
    folder = target / VENDOR
    wanted = [Path(name).name for *_, files in PACKAGES for name in files]
    if all((folder / name).is_file() for name in wanted):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise ExtensionError("npm not found: it fetches tippy.js and Popper (apt-get install npm)")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lstmnotes-npm-") as tmp:
        for package, version, integrity, files in PACKAGES:
            packed = subprocess.run(
                [npm, "pack", f"{package}@{version}", "--pack-destination", tmp],
                capture_output=True, text=True, check=True, cwd=tmp,
            )  # fmt: skip
            tarball = Path(tmp) / packed.stdout.strip().splitlines()[-1]
            if _integrity(tarball) != integrity:
                raise ExtensionError(f"{package}@{version} is not the package pinned")
            with tarfile.open(tarball) as tar:
                for name in files:
                    member = tar.extractfile(f"package/{name}")
                    if member is None:
                        raise ExtensionError(f"{package}@{version} has no {name}")
                    (folder / Path(name).name).write_bytes(member.read())


def _fetch_on_start(app: Sphinx, config: Config) -> None:
    if not config.tips_static:
        raise ExtensionError("tips_static must name a folder of html_static_path")
    fetch(Path(config.tips_static))


def claim_tip(row: dict[str, Any]) -> str:
    """A claim's preview: its id and computed verdict, its statement and its evidence."""
    short = ledger.Verdict(row["computed"]).short
    return (
        f"<p><strong>Claim {escape(row['id'])}</strong> "
        f'<span class="verdict verdict-{short}">{escape(row["computed"])}</span></p>'
        f"<p>{escape(row['statement'])}</p>"
        f"<p><em>Evidence:</em> {escape(row['evidence'])}</p>"
    )


def _claim_tips(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Register the previews of the claims this page's badges point at, under the badges' addresses."""
    if doctree is None:
        return
    rows = ledger._results(app)
    config = sphinx_tippy.get_tippy_config(app)
    # a copy, so that the configuration stays as it was read
    if config.custom_tips is app.config.tippy_custom_tips:
        config.custom_tips = dict(config.custom_tips)
    tips = config.custom_tips  # what sphinx-tippy reads when it collects the page's tips
    base = app.builder.get_relative_uri(pagename, ledger.LEDGER_DOC)
    for node in doctree.findall(nodes.reference):
        if "verdict" in node["classes"]:
            claim_id = node["refuri"].rpartition("#")[2]
            row = next(r for r in rows.values() if ledger.anchor(r["id"]) == claim_id)
            tips[f"{base}#{claim_id}"] = claim_tip(row)


def _drop_badge_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(nodes.reference):
        if "verdict" in node["classes"]:
            node.attributes.pop("reftitle", None)


def _stable_name() -> str:
    """The part of a page's script name that sphinx-tippy makes from a random UUID: the build's date."""
    return os.environ.get("SOURCE_DATE_EPOCH", "0")


def _sort_references(app: Sphinx, exception: Exception | None) -> None:
    """Put each page's references in a fixed order before sphinx-tippy writes the page's script.

    It keeps them in sets, which Python orders by hash, and a reference to a place on the page itself is
    ``(None, id)``: the hash of ``None`` changes from one run of Python to the next (before Python 3.12),
    and so did the order of the previews in the script.
    """
    if exception is not None or app.builder.format != "html":
        return
    for data in sphinx_tippy.get_tippy_data(app)["pages"].values():
        for key in ("refs_in_page", "custom_in_page", "wiki_titles", "dois", "rtd_urls"):
            data[key] = sorted(data[key], key=repr)  # type: ignore[literal-required]


def _drop_caches(app: Sphinx, exception: Exception | None) -> None:
    """sphinx-tippy's caches of network lookups, which are off and leave empty files."""
    if exception is None and app.builder.format == "html":
        for name in ("wiki", "doi", "rtd"):
            Path(app.outdir, f"tippy_{name}_cache.json").unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_tippy")
    # the folder of html_static_path that tippy.js and Popper are unpacked into
    app.add_config_value("tips_static", "", "html", str)
    sphinx_tippy.uuid4 = _stable_name  # type: ignore[attr-defined]
    app.connect("config-inited", _fetch_on_start, priority=100)
    # after the ledger makes the badges (at the default priority)
    app.connect("doctree-resolved", _drop_badge_titles, priority=600)
    # before sphinx-tippy collects the page's tips (at priority 450)
    app.connect("html-page-context", _claim_tips, priority=440)
    # before and after sphinx-tippy writes its scripts (at the default priority)
    app.connect("build-finished", _sort_references, priority=400)
    app.connect("build-finished", _drop_caches, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
