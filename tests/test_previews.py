"""Previews of references on the built site (sphinx-tippy, ``docs/_ext/tips.py``), in headless Chromium.

On a chapter, resting the pointer on a reference to an equation, a theorem, a figure or a claim shows a
preview with what it points at, typeset and drawn, and so does moving the keyboard focus onto it. The
previews and the scripts that show them come from the site itself, and an open preview adds no WCAG 2.1
A/AA violation (axe-core, as in ``test_site.py``). A preview is photographed in light and dark mode into
``screenshots/`` beside the site.

Run by ``nox -s browser`` after ``nox -s docs``; ``LSTMNOTES_SITE`` names another built site to test.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the tests run with --import-mode=importlib

from test_site import (
    AXE_RUN,
    AXE_TAGS,
    CHROMIUM,
    HTML,
    SHOTS,
    _QuietHandler,
    _unavailable,
    fetch_axe,
)

pytestmark = pytest.mark.browser

PAGE = "local-gain.html"
# (kind, the reference's CSS selector on PAGE)
REFERENCES = {
    "equation": 'a[href="#equation-eq-gain-stationarity"]',
    "theorem": 'a[href="#thm-gain-four"]',
    "figure": 'a[href="#fig-gain-tail"]',
    "claim": "a.verdict",
}
TIP = ".tippy-box"
# the visible preview's text, its typeset maths as MathJax reads it out, and its images (loaded or not)
READ_TIP = """(sel) => {
  const box = document.querySelector(sel);
  return {
    text: box.innerText,
    maths: [...box.querySelectorAll('mjx-assistive-mml')].map(m => m.textContent),
    raw: box.querySelectorAll('.math:not(:has(mjx-container))').length,
    images: [...box.querySelectorAll('img')].map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0})),
  };
}"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        _unavailable(f"no built site at {HTML}: run `nox -s docs` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def axe_core(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fetch_axe(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _open(browser: Any, server: str, scheme: str = "light") -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.requested = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.goto(f"{server}/{PAGE}", wait_until="networkidle")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise.then(() => null)")
    # sphinx-tippy attaches the previews when the page has loaded
    page.wait_for_function("() => [...document.querySelectorAll('a')].some(a => a._tippy)")
    return page


def _show(page: Any, selector: str, *, by: str) -> dict[str, Any]:
    """Hover over (or focus) the first reference that ``selector`` finds; what its preview shows."""
    link = page.locator(selector).first
    link.scroll_into_view_if_needed()
    if by == "hover":
        link.hover()
    elif by == "focus":
        link.focus()
    else:  # shown by tippy.js itself, with neither the pointer nor the focus on the reference
        link.evaluate("a => a._tippy.show()")
    page.locator(TIP).wait_for(state="visible", timeout=10_000)
    page.wait_for_function(
        "(sel) => document.querySelector(sel).querySelectorAll('.math:not(:has(mjx-container))')"
        ".length === 0",
        arg=TIP,
        timeout=30_000,
    )
    page.wait_for_function(
        "(sel) => [...document.querySelector(sel).querySelectorAll('img')].every(i => i.complete)",
        arg=TIP,
    )
    # tippy.js fades the preview in: until its transition ends, its colours are blended with the page's
    # (an audit then measured a verdict badge at a contrast it does not have)
    page.wait_for_function(
        "(sel) => { const box = document.querySelector(sel); if (box.getAnimations().length) return false; "
        "for (let e = box; e; e = e.parentElement) { if (getComputedStyle(e).opacity !== '1') return false; } "
        "return true; }",
        arg=TIP,
        timeout=10_000,
    )
    return page.evaluate(READ_TIP, TIP)


def _hide(page: Any) -> None:
    page.mouse.move(1, 1)
    page.locator("body").press("Escape")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.locator(TIP).wait_for(state="detached", timeout=10_000)


def _target(page: Any, selector: str) -> dict[str, Any]:
    """What the reference points at on the page itself: its text and its maths as MathJax reads them."""
    return page.evaluate(
        """(sel) => {
          const id = document.querySelector(sel).getAttribute('href').slice(1);
          const el = document.getElementById(id);
          return {
            text: el.innerText,
            maths: [...el.querySelectorAll('mjx-assistive-mml')].map(m => m.textContent),
          };
        }""",
        selector,
    )


@pytest.fixture(scope="module")
def page(browser: Any, server: str) -> Iterator[Any]:
    page = _open(browser, server)
    yield page
    page.close()


def _local(page: Any) -> None:
    outside = [u for u in page.requested if urlparse(u).hostname not in {"127.0.0.1", None}]
    assert not outside, f"requests to other hosts: {outside}"
    paths = [urlparse(u).path for u in page.requested]
    assert any(p.startswith("/_static/tippy/local-gain.") for p in paths), paths
    assert "/_static/tippyjs/tippy.umd.min.js" in paths
    assert "/_static/tippyjs/popper.min.js" in paths


@pytest.mark.parametrize("kind", ["equation", "theorem", "figure"])
def test_hovering_a_reference_previews_its_target(page: Any, kind: str) -> None:
    selector = REFERENCES[kind]
    shown = _show(page, selector, by="hover")
    target = _target(page, selector)
    _hide(page)
    assert shown["raw"] == 0, f"{kind}: maths left untypeset in the preview"
    if kind == "equation":
        assert shown["maths"], shown
        assert shown["maths"] == target["maths"], (shown, target)
    elif kind == "theorem":
        assert "Theorem" in shown["text"]
        assert shown["maths"]
        assert shown["maths"] == target["maths"]
        assert " ".join(shown["text"].split()) in " ".join(target["text"].split())
    else:
        caption = " ".join(target["text"].split())
        assert caption
        assert caption in " ".join(shown["text"].split())
        assert shown["images"]
        assert all(i["ok"] for i in shown["images"]), shown["images"]
        assert all(urlparse(i["src"]).hostname == "127.0.0.1" for i in shown["images"])
    _local(page)


def test_hovering_a_verdict_badge_previews_its_claim(page: Any) -> None:
    claim_id = page.locator(REFERENCES["claim"]).first.inner_text().split("·")[0].strip()
    rows = {r["id"]: r for r in json.loads((HTML / "claims.json").read_text())}
    shown = _show(page, REFERENCES["claim"], by="hover")
    _hide(page)
    text = " ".join(shown["text"].split())
    assert f"Claim {claim_id}" in text
    assert rows[claim_id]["computed"] in text
    assert " ".join(rows[claim_id]["statement"].split()) in text
    # the evidence is in the preview, no longer in a title the browser would show over it
    assert page.locator(REFERENCES["claim"]).first.get_attribute("title") is None
    _local(page)


@pytest.mark.parametrize("kind", sorted(REFERENCES))
def test_keyboard_focus_shows_the_preview_too(page: Any, kind: str) -> None:
    shown = _show(page, REFERENCES[kind], by="focus")
    described = page.locator(REFERENCES[kind]).first.get_attribute("aria-describedby")
    _hide(page)
    assert shown["text"].strip()
    assert described, f"{kind}: the focused reference is not described by its preview"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_open_preview_adds_no_accessibility_violation(
    browser: Any, server: str, axe_core: Path, scheme: str
) -> None:
    """Each kind of preview, open, audited by axe-core and photographed (``preview-<kind>-<scheme>.png``).

    tippy.js shows it without the pointer or the focus on the reference: the theme's hover colour of a
    link is not the preview's to answer for.
    """
    page = _open(browser, server, scheme)
    found = []
    try:
        page.add_script_tag(path=str(axe_core))
        SHOTS.mkdir(parents=True, exist_ok=True)
        for kind in ("theorem", "figure", "claim"):
            _show(page, REFERENCES[kind], by="script")
            audit = page.evaluate(AXE_RUN, AXE_TAGS)
            found += [
                f"{kind}: {v['rule']} at {n['target']}: {n['summary']}"
                for v in audit["violations"]
                for n in v["nodes"]
            ]
            page.screenshot(path=str(SHOTS / f"preview-{kind}-{scheme}.png"))
            page.locator(REFERENCES[kind]).first.evaluate("a => a._tippy.hide()")
            page.locator(TIP).wait_for(state="detached", timeout=10_000)
    finally:
        page.close()
    assert not found, "\n".join(found)
