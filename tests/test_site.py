"""The built site, opened page by page in real headless Chromium (Debian's /usr/bin/chromium).

Run by ``nox -s browser`` after ``nox -s docs``; ``LSTMNOTES_SITE`` names another built site to test. One
browser serves the whole run: every page is opened once per colour scheme it is checked in, several at a
time, and the tests then judge what each visit recorded. Every page must typeset its maths with locally
served fonts, load every image, log no console error and request nothing from any host but the local
server; the search page must list the logistic chapter. The book's own pages (not the generated API
reference and indices) are also opened in dark mode, which they must take up without a console error.

Screenshots are taken only of the pages a reader looks at to judge the book's appearance, in light and
dark mode, into ``screenshots/`` beside the site: the front page (the first thing a reader sees), a chapter
with figures, maths and verdict badges (local-gain, scrolled to its first figure: the dark-mode rules for
figures and badges show there) and the ledger (scrolled to its table: badges on the dark table). Each is
one screen, as a reader sees it; a picture of a whole long page costs seconds and no one reads it. The
other pages are checked but not photographed: no one looks at a hundred pictures of API pages.

``LSTMNOTES_BROWSER_PAGES`` sets how many pages are open at once (4), ``LSTMNOTES_PAGE_TIMEOUT`` how many
seconds a page may take (120).

Every visit also runs axe-core (the npm package ``axe-core`` at ``AXE_VERSION``, fetched by ``npm pack``
with its integrity checked, injected into the page from a local file) with the WCAG 2.1 A and AA rules:
every page in light mode and the book's pages in dark mode must show no violation but those listed in
``A11Y_EXCEPTIONS``, each with its reason. ``LSTMNOTES_AXE`` names an ``axe.min.js`` to use instead.

What needs no script is read from the HTML itself, in ``test_site_html.py``.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import json
import os
import shutil
import subprocess
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("LSTMNOTES_SITE", ROOT / "docs" / "_build" / "html")).resolve()
SHOTS = HTML.parent / "screenshots"
CHROMIUM = os.environ.get("LSTMNOTES_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]  # fmt: skip
# pages open at once, each in its own context; more only queue for the same two cores
CONCURRENCY = int(os.environ.get("LSTMNOTES_BROWSER_PAGES", "4"))
TIMEOUT_S = float(os.environ.get("LSTMNOTES_PAGE_TIMEOUT", "120"))  # a loaded machine is slow
TIMEOUT_MS = TIMEOUT_S * 1000


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


PAGES = sorted(
    p.relative_to(HTML).as_posix()
    for p in HTML.rglob("*.html")
    if not p.relative_to(HTML).as_posix().startswith(("_static/", "_sources/", "_modules/"))
)
GENERATED = ("api/", "genindex.html", "py-modindex.html", "search.html", "prf-prf.html")
BOOK = [p for p in PAGES if not p.startswith(GENERATED)]
# the pages photographed, each scrolled to what one looks at there (None: the top of the page)
SHOWN = {"index.html": None, "local-gain.html": ".bd-content img", "ledger.html": "table .verdict"}
SEARCH = "search.html?q=logistic"

MATHS = """() => ({
  raw: document.querySelectorAll('.math:not(:has(mjx-container))').length,
  typeset: document.querySelectorAll('mjx-container').length,
  errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
})"""
# Each document gets an empty local storage of its own, as in a fresh context: the theme keeps the reader's
# colour mode there, and pages sharing a context must not pass it to one another.
OWN_STORAGE = """(() => {
  const data = new Map();
  const storage = {
    getItem: (k) => (data.has(String(k)) ? data.get(String(k)) : null),
    setItem: (k, v) => { data.set(String(k), String(v)); },
    removeItem: (k) => { data.delete(String(k)); },
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    get length() { return data.size; },
  };
  Object.defineProperty(window, "localStorage", { value: storage, configurable: true });
})();"""
# axe-core from the npm registry, at one version; npm checks the tarball against the registry's hash
# and the test against this one, so that a changed package is noticed.
AXE_VERSION = "4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SETTLED = """() => Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map(a => a.finished.catch(() => null))).then(() => null)"""
# Each violation is reported as rule, impact, and the CSS path and failure summary of every node; the
# verdict badges, which show their verdict as text, must also have their contrast measured.
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"],
  });
  const targets = (v) => v.nodes.map((n) => n.target.join(" "));
  return {
    violations: result.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    })),
    // verdict badges whose contrast axe could not measure (it passes or fails every other one)
    unmeasured: result.incomplete.filter((v) => v.id === "color-contrast")
      .flatMap(targets).filter((t) => t.includes(".verdict")),
    badges: document.querySelectorAll(".verdict").length,
  };
}"""
# (axe rule, page prefix, CSS path fragment of the node) -> why it is not fixed here; "" matches any.
A11Y_EXCEPTIONS: dict[tuple[str, str, str], str] = {}
BROKEN_IMAGES = (
    "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
)


@dataclass
class Visit:
    """What one page load did: its response, requests, failures, console errors and the page's state."""

    url: str
    status: int | None = None
    crash: str | None = None
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    theme: str | None = None
    broken: list[str] = field(default_factory=list)
    maths: dict[str, Any] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)  # the search page's result links
    audit: dict[str, Any] = field(default_factory=dict)  # axe-core's, at WCAG 2.1 A/AA (AXE_RUN)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        _unavailable(f"no built site at {HTML}: run `nox -s docs` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def _visit(
    context: Any, gate: asyncio.Semaphore, url: str, *, settle: bool, shot: Path | None, axe: Path
) -> Visit:
    """Open ``url`` in a new page of ``context`` and record what the page did.

    Every request, failure and console message is the page's own (a cached file is still reported as a
    request). A visit that raises or outlasts ``TIMEOUT_S`` (a crashed page, maths that never finish
    typesetting) is recorded as such, so that its test fails and the other visits go on.
    """
    from playwright.async_api import Error as BrowserError  # a playwright timeout is one too

    visit = Visit(url)
    async with gate:
        page = await context.new_page()
        try:
            page.on("request", lambda r: visit.requests.append(r.url))
            page.on("requestfailed", lambda r: visit.failed.append(r.url))
            page.on(
                "response",
                lambda r: r.status >= 400 and visit.failed.append(f"{r.status} {r.url}"),
            )
            page.on(
                "console",
                lambda m: m.type == "error" and visit.errors.append(f"{m.text} at {m.location}"),
            )
            page.on("pageerror", lambda e: visit.errors.append(str(e)))
            async with asyncio.timeout(TIMEOUT_S):
                await _record(page, visit, settle=settle, shot=shot, axe=axe)
        except (BrowserError, TimeoutError) as err:  # the test of this page reports it
            visit.crash = f"{type(err).__name__}: {str(err) or f'no answer in {TIMEOUT_S} s'}"
        finally:
            await page.close()
    return visit


async def _record(page: Any, visit: Visit, *, settle: bool, shot: Path | None, axe: Path) -> None:
    """Load the page and read its state into ``visit``.

    The book's pages wait until the network is idle (a late request to another host is caught);
    generated pages until they have loaded. Both then wait for MathJax to finish typesetting and for the
    fonts it asked for. axe-core audits the page as the reader then sees it.
    """
    response = await page.goto(visit.url, wait_until="networkidle" if settle else "load")
    visit.status = None if response is None else response.status
    await page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
    await page.evaluate("() => document.fonts.ready.then(() => null)")
    # the theme resolves "auto" to the reader's mode in a script of its own, which a page with a large
    # script of its own (plotly's) may run late: wait for it, and record what it is if it never does
    resolved = "() => ['light', 'dark'].includes(document.documentElement.dataset.theme)"
    await page.wait_for_function(resolved, timeout=TIMEOUT_MS)
    visit.theme = await page.evaluate("document.documentElement.dataset.theme")
    # the theme's colours change with a CSS transition: audit the colours it ends on, not one in between
    await page.evaluate(SETTLED)
    visit.broken = await page.evaluate(BROKEN_IMAGES)
    visit.maths = await page.evaluate(MATHS)
    if visit.url.endswith(SEARCH):
        results = page.locator("#search-results ul.search li")
        await results.first.wait_for(timeout=15_000)
        visit.found = await results.locator("a").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))"
        )
    await page.add_script_tag(path=str(axe))  # inline: no request
    visit.audit = await page.evaluate(AXE_RUN, AXE_TAGS)
    if shot is not None:
        focus = SHOWN[visit.url.rpartition("/")[2]]
        if focus is not None:
            await page.locator(focus).first.scroll_into_view_if_needed()
        await page.screenshot(path=str(shot))


async def _visit_all(server: str, axe: Path) -> dict[tuple[str, str], Visit]:
    """Every page in light mode, the book's pages also in dark mode, and the search page.

    One context per colour scheme, each with several pages open at once; the pages of a context share its
    cache, so the site's scripts are fetched and compiled once rather than once a page, but not its local
    storage (``OWN_STORAGE``), so that no page takes up a colour mode another page stored.
    """
    from playwright.async_api import async_playwright

    jobs: list[tuple[str, str, bool]] = [(page, "light", page in BOOK) for page in PAGES]
    jobs += [(page, "dark", True) for page in BOOK]
    jobs.append((SEARCH, "light", True))
    # the longest pages first, so that none is left running alone at the end
    jobs.sort(key=lambda job: -(HTML / job[0].partition("?")[0]).stat().st_size)
    SHOTS.mkdir(parents=True, exist_ok=True)
    gate = asyncio.Semaphore(CONCURRENCY)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            contexts = {}
            for scheme in ("light", "dark"):
                contexts[scheme] = await browser.new_context(
                    color_scheme=scheme, viewport={"width": 1280, "height": 900}
                )
                contexts[scheme].set_default_timeout(TIMEOUT_MS)
                await contexts[scheme].add_init_script(OWN_STORAGE)
            visits = await asyncio.gather(
                *(
                    _visit(
                        contexts[scheme], gate, f"{server}/{page}", settle=settle,
                        shot=SHOTS / f"{page.removesuffix('.html')}-{scheme}.png"
                        if page in SHOWN else None, axe=axe,
                    )
                    for page, scheme, settle in jobs
                )
            )  # fmt: skip
        finally:
            await browser.close()
    return {(page, scheme): visit for (page, scheme, _), visit in zip(jobs, visits, strict=True)}


@pytest.fixture(scope="session")
def axe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """axe-core's ``axe.min.js``, from the npm registry by ``npm pack`` (npm's cache serves it again)."""
    return fetch_axe(tmp_path_factory)


def fetch_axe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """axe-core's ``axe.min.js`` (``LSTMNOTES_AXE``, or ``npm pack`` with its integrity checked)."""
    if "LSTMNOTES_AXE" in os.environ:
        return Path(os.environ["LSTMNOTES_AXE"]).resolve()
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm not found: it fetches axe-core (apt-get install npm)")
    assert npm is not None
    folder = tmp_path_factory.mktemp("axe")
    packed = subprocess.run(
        [npm, "pack", f"axe-core@{AXE_VERSION}", "--json", "--pack-destination", str(folder)],
        capture_output=True, text=True, check=True, cwd=folder,
    )  # fmt: skip
    (info,) = json.loads(packed.stdout)
    assert info["integrity"] == AXE_INTEGRITY, f"axe-core {AXE_VERSION} is not the package pinned"
    with tarfile.open(folder / info["filename"]) as tar:
        tar.extract("package/axe.min.js", folder, filter="data")
    return folder / "package" / "axe.min.js"


@pytest.fixture(scope="session")
def visits(server: str, axe: Path) -> dict[tuple[str, str], Visit]:
    """Every page visited once by one browser, several pages at a time."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.async_api")
    return asyncio.run(_visit_all(server, axe))


def _loaded_cleanly(visit: Visit, label: str) -> None:
    assert visit.crash is None, f"{label}: {visit.crash}"
    assert visit.status == 200, f"{label}: HTTP {visit.status}"
    outside = [
        u
        for u in visit.requests
        if urlparse(u).hostname not in {"127.0.0.1", None} and not u.startswith(("data:", "blob:"))
    ]
    assert not outside, f"{label}: requests to other hosts: {outside}"
    assert not visit.failed, f"{label}: failed requests: {visit.failed}"
    assert not visit.errors, f"{label}: console errors: {visit.errors}"


@pytest.mark.parametrize("page", PAGES)
def test_page(page: str, visits: dict[tuple[str, str], Visit]) -> None:
    visit = visits[page, "light"]
    _loaded_cleanly(visit, page)
    assert visit.theme == "light", f"{page}: theme {visit.theme!r} in a light-mode browser"
    assert not visit.broken, f"images that did not load: {visit.broken}"
    maths = visit.maths
    assert not maths["errors"], f"MathJax errors: {maths['errors']}"
    assert maths["raw"] == 0, f"{maths['raw']} maths blocks left untypeset"
    if maths["typeset"]:
        fonts = [u for u in visit.requests if u.endswith(".woff")]
        assert fonts, "maths typeset but no web font was requested"
        assert all(urlparse(u).hostname == "127.0.0.1" for u in fonts)
    if page in SHOWN:
        assert (SHOTS / f"{page.removesuffix('.html')}-light.png").stat().st_size > 0


@pytest.mark.parametrize("page", BOOK)
def test_page_in_dark_mode(page: str, visits: dict[tuple[str, str], Visit]) -> None:
    visit = visits[page, "dark"]
    _loaded_cleanly(visit, f"{page} (dark)")
    assert visit.theme == "dark", f"{page}: theme {visit.theme!r} in a dark-mode browser"
    if page in SHOWN:
        assert (SHOTS / f"{page.removesuffix('.html')}-dark.png").stat().st_size > 0


def test_search_finds_the_logistic_chapter(visits: dict[tuple[str, str], Visit]) -> None:
    visit = visits[SEARCH, "light"]
    _loaded_cleanly(visit, SEARCH)
    # the chapter itself, not an API entry whose anchor happens to contain the word
    pages = {urlparse(href).path.rpartition("/")[2] for href in visit.found}
    assert "logistic.html" in pages, visit.found


def test_every_page_is_visited() -> None:
    if not PAGES:
        _unavailable("no built site: run `nox -s docs` first")
    assert "index.html" in PAGES
    assert "logistic.html" in PAGES
    assert set(SHOWN) <= set(BOOK)


def _excused(rule: str, page: str, target: str) -> bool:
    return any(rule == r and page.startswith(p) and f in target for r, p, f in A11Y_EXCEPTIONS)


@pytest.mark.parametrize(
    ("page", "scheme"), [(p, "light") for p in PAGES] + [(p, "dark") for p in BOOK]
)
def test_page_meets_wcag_21_aa(
    page: str, scheme: str, visits: dict[tuple[str, str], Visit]
) -> None:
    visit = visits[page, scheme]
    assert visit.crash is None, f"{page} ({scheme}): {visit.crash}"
    found = [
        f"{v['rule']} ({v['impact']}: {v['help']}) at {n['target']}: {n['summary']}"
        for v in visit.audit["violations"]
        for n in v["nodes"]
        if not _excused(v["rule"], page, n["target"])
    ]
    assert not found, f"{page} ({scheme}), axe-core {AXE_VERSION}:\n" + "\n".join(found)
    assert not visit.audit["unmeasured"], (
        f"badge contrast not measured: {visit.audit['unmeasured']}"
    )


def test_the_audit_reaches_the_verdict_badges(visits: dict[tuple[str, str], Visit]) -> None:
    for scheme in ("light", "dark"):
        assert visits["ledger.html", scheme].audit["badges"] > 0, (
            f"no verdict badge seen ({scheme})"
        )


def test_every_accessibility_exception_is_still_needed(
    visits: dict[tuple[str, str], Visit],
) -> None:
    used = {
        (r, p, f)
        for (page, _), visit in visits.items()
        for v in visit.audit.get("violations", [])
        for n in v["nodes"]
        for r, p, f in A11Y_EXCEPTIONS
        if r == v["rule"] and page.startswith(p) and f in n["target"]
    }
    assert set(A11Y_EXCEPTIONS) <= used, f"exceptions no page needs: {set(A11Y_EXCEPTIONS) - used}"
