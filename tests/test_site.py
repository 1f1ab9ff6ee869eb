"""The built site, opened page by page in real headless Chromium (Debian's /usr/bin/chromium).

Run by ``nox -s browser`` after ``nox -s docs``. Checks that every page typesets its maths with locally
served fonts, loads every image, logs no console error and requests nothing from any host but the local
server; and that the search page finds a chapter. The book's own pages (not the generated API reference
and indices) are also opened in dark mode, and their screenshots, in light and dark mode, land in
``docs/_build/screenshots`` for a reader to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"
SHOTS = ROOT / "docs" / "_build" / "screenshots"
CHROMIUM = os.environ.get("LSTMNOTES_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]  # fmt: skip


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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class _Visit:
    """One page load with every request and console message recorded."""

    def __init__(self, browser: object, url: str, scheme: str, *, settle: bool = True) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            color_scheme=scheme, viewport={"width": 1280, "height": 900}
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}")
        )
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.errors.append(f"{m.text} at {m.location}"),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # the book's pages wait until the network is idle; generated pages until they have loaded
        self.response = self.page.goto(url, wait_until="networkidle" if settle else "load")
        self.page.evaluate(
            "() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null"
        )

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("page", PAGES)
def test_page(page: str, server: str, browser: object) -> None:
    visit = _Visit(browser, f"{server}/{page}", "light", settle=not page.startswith(GENERATED))
    try:
        assert visit.response is not None
        assert visit.response.ok, f"{page}: HTTP {visit.response.status}"
        outside = [u for u in visit.requests if urlparse(u).hostname not in {"127.0.0.1", None}]
        assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside
        assert not visit.failed, f"failed requests: {visit.failed}"
        assert not visit.errors, f"console errors: {visit.errors}"
        broken = visit.page.evaluate(
            "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.src)"
        )
        assert not broken, f"images that did not load: {broken}"
        math = visit.page.evaluate(
            """() => ({
                 raw: document.querySelectorAll('.math:not(:has(mjx-container))').length,
                 typeset: document.querySelectorAll('mjx-container').length,
                 errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
               })"""
        )
        assert not math["errors"], f"MathJax errors: {math['errors']}"
        assert math["raw"] == 0, f"{math['raw']} maths blocks left untypeset"
        if math["typeset"]:
            fonts = [u for u in visit.requests if u.endswith(".woff")]
            assert fonts, "maths typeset but no web font was requested"
            assert all(urlparse(u).hostname == "127.0.0.1" for u in fonts)
        if page.startswith(GENERATED):
            return
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = page.replace("/", "__").removesuffix(".html")
        visit.page.screenshot(path=str(SHOTS / f"{name}-light.png"), full_page=True)
    finally:
        visit.close()
    dark = _Visit(browser, f"{server}/{page}", "dark")
    try:
        assert dark.page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert not dark.errors, f"console errors in dark mode: {dark.errors}"
        dark.page.screenshot(path=str(SHOTS / f"{name}-dark.png"), full_page=True)
    finally:
        dark.close()


def test_search_finds_the_logistic_chapter(server: str, browser: object) -> None:
    visit = _Visit(browser, f"{server}/search.html?q=logistic", "light")
    try:
        results = visit.page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15_000)
        links = results.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert any("logistic" in href for href in links), links
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_every_page_is_visited() -> None:
    if not PAGES:
        _unavailable("no built site: run `nox -s docs` first")
    assert "index.html" in PAGES
    assert "logistic.html" in PAGES
