"""The explorable figures on the built site: drawn from the bundled plotly, and moved by their controls.

Run by ``nox -s browser`` after ``nox -s docs``; ``LSTMNOTES_SITE`` names another built site to test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("LSTMNOTES_SITE", ROOT / "docs" / "_build" / "html")).resolve()
FIGURES = {"gain-explorer": "local-gain.html", "flow-explorer": "measured-decay.html"}
VISIBLE = "id => document.getElementById(id).data.map(t => t.visible === true)"
FIRST_Y = "id => document.getElementById(id).data.find(t => t.visible === true).y.slice(0, 40)"


@pytest.fixture(scope="module")
def page():
    playwright = pytest.importorskip("playwright.sync_api")
    if not (HTML / "index.html").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no built site at {HTML} (required when CI=true)")
        pytest.skip(f"no built site at {HTML}: run `nox -s docs` first")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.requested = []  # type: ignore[attr-defined]
        page.on("request", lambda r: page.requested.append(r.url))  # type: ignore[attr-defined]
        yield page
        browser.close()


@pytest.mark.parametrize("div", sorted(FIGURES))
def test_the_figure_is_drawn_from_the_bundled_plotly_and_its_slider_moves_it(page, div):
    page.requested.clear()
    page.goto((HTML / FIGURES[div]).as_uri())
    page.wait_for_selector(f"#{div} .main-svg", timeout=60_000)
    assert [u for u in page.requested if not u.startswith(("file:", "data:"))] == []
    assert any(u.endswith("/_static/plotly.min.js") for u in page.requested)
    before = page.evaluate(VISIBLE, div)
    assert sum(before) in (2, 3)
    assert before.index(True) > 0
    page.locator(f"#{div} .slider-rail-touch-rect").click(position={"x": 2, "y": 2})
    page.wait_for_function(f"() => ({VISIBLE})('{div}')[0]", timeout=10_000)
    after = page.evaluate(VISIBLE, div)
    assert after != before
    assert after.index(True) == 0


def test_the_menu_switches_the_offset_of_the_gain(page):
    page.goto((HTML / FIGURES["gain-explorer"]).as_uri())
    page.wait_for_selector("#gain-explorer .main-svg", timeout=60_000)
    before = page.evaluate(FIRST_Y, "gain-explorer")
    page.locator("#gain-explorer .updatemenu-header-group").click()
    page.locator("#gain-explorer .updatemenu-item-text", has_text="c = 4").click()
    page.wait_for_timeout(300)
    after = page.evaluate(FIRST_Y, "gain-explorer")
    assert after != before
