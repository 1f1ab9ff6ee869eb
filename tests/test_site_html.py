"""The built site's HTML read without a browser: no page refers to another host for anything a browser
fetches by itself, and every local link and resource resolves (to a file; a fragment to an id on its page).
The same holds for the previews of references (sphinx-tippy's scripts in ``_static/tippy/``, which carry
the HTML each preview shows). Every figure carries alt text that says what it shows.

Run by ``nox -s browser`` after ``nox -s docs``, beside the browser test (``test_site.py``), which checks what
needs a script to run; ``LSTMNOTES_SITE`` names another built site to test.
"""

from __future__ import annotations

import functools
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("LSTMNOTES_SITE", ROOT / "docs" / "_build" / "html")).resolve()
PAGES = sorted(
    p.relative_to(HTML).as_posix()
    for p in HTML.rglob("*.html")
    if not p.relative_to(HTML).as_posix().startswith(("_static/", "_sources/", "_modules/"))
)

# attributes whose URL the browser fetches by itself; an <a href> is only followed when a reader clicks
FETCHED = {"src", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


class _References(HTMLParser):
    """Every URL a page refers to, as (tag, attribute, url, fetched), and every id it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str, bool]] = []
        self.ids: set[str] = set()
        self.images: list[tuple[str, str | None]] = []  # (src, alt); alt None where there is none
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "img":
            self.images.append((values.get("src", ""), values.get("alt")))
        for name in ("id", "name"):
            if name in values:
                self.ids.add(values[name])
        for name, value in values.items():
            if name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.refs.append((tag, name, part.split()[0], True))
            elif name in FETCHED or (name == "href" and tag != "a"):
                self.refs.append((tag, name, value, True))
            elif name == "href":
                self.refs.append((tag, name, value, False))
            elif name == "style":
                self.refs += [(tag, "style", url, True) for url in CSS_URL.findall(value)]
            elif name == "content" and values.get("http-equiv", "").lower() == "refresh":
                self.refs.append((tag, name, value.partition("url=")[2], True))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            found = CSS_URL.findall(data) + CSS_IMPORT.findall(data)
            self.refs += [("style", "", url, True) for url in found]

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


@functools.cache
def _parsed(page: str) -> _References:
    parser = _References()
    parser.feed((HTML / page).read_text(encoding="utf-8"))
    parser.close()
    return parser


def _is_remote(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme not in {"", "data", "blob", "mailto"}


TIPS = "_static/tippy/"
TIPS_DATA = re.compile(r"^selector_to_html = (\{.*\})$", re.MULTILINE)


def _previews() -> dict[str, dict[str, str]]:
    """Page -> the reference's selector -> the HTML its preview shows, from each page's preview script."""
    out = {}
    for script in sorted((HTML / TIPS).rglob("*.js")):
        text = script.read_text(encoding="utf-8")
        name = script.relative_to(HTML / TIPS).as_posix()
        page = name.rsplit(".", 2)[0] + ".html"  # <page>.<build date>.js
        found = TIPS_DATA.search(text)
        out[page] = json.loads(found[1]) if found else {}
    return out


@functools.cache
def _parsed_html(html: str) -> _References:
    parser = _References()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def site() -> list[str]:
    if not (HTML / "index.html").exists():
        reason = f"no built site at {HTML}: run `nox -s docs` first"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (required when CI=true)")
        pytest.skip(reason)
    return PAGES


def test_no_page_loads_anything_from_another_host(site: list[str]) -> None:
    """No attribute a browser fetches by itself (nor a style sheet of the site) names another host."""
    remote = [
        f"{page}: <{tag} {attr}={url!r}>"
        for page in site
        for tag, attr, url, fetched in _parsed(page).refs
        if fetched and _is_remote(url)
    ]
    for sheet in sorted(HTML.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        found = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        remote += [f"{sheet.relative_to(HTML)}: {url}" for url in found if _is_remote(url)]
    assert not remote, "\n".join(remote)


def test_every_page_script_is_the_sites_own(site: list[str]) -> None:
    """Each ``<script src>`` names a file of the site (tippy.js and Popper included, not a CDN)."""
    scripts = {url for page in site for tag, _, url, _ in _parsed(page).refs if tag == "script"}
    assert any(u.startswith("_static/tippyjs/tippy") for u in scripts), sorted(scripts)
    assert not [u for u in scripts if _is_remote(u)], sorted(u for u in scripts if _is_remote(u))


def test_previews_load_nothing_from_another_host_and_their_links_resolve(site: list[str]) -> None:
    """What a preview shows is HTML put into the page: its images and links obey the pages' rules."""
    previews = _previews()
    assert previews.get("local-gain.html"), sorted(previews)
    faults = []
    for page, tips in previews.items():
        assert page in site, f"{TIPS}: a script for {page}, which is no page of the site"
        for selector, html in tips.items():
            for tag, attr, url, fetched in _parsed_html(html).refs:
                if fetched and _is_remote(url):
                    faults.append(f"{page} {selector}: <{tag} {attr}={url!r}> is on another host")
                elif url and not _is_remote(url) and not url.startswith(("#", "data:")):
                    path = unquote(urlparse(urljoin(f"http://site/{page}", url)).path).lstrip("/")
                    if not (HTML / path).is_file():
                        faults.append(f"{page} {selector}: <{tag} {attr}={url!r}> names no file")
    assert not faults, "\n".join(faults)


def test_every_local_link_and_resource_resolves(site: list[str]) -> None:
    """Each local URL in a page names a file of the site, and a fragment names an id on its page."""
    broken = []
    for page in site:
        for tag, attr, url, _ in _parsed(page).refs:
            if not url or _is_remote(url) or url.startswith(("data:", "blob:", "mailto:")):
                continue
            target = urlparse(urljoin(f"http://site/{page}", url.strip()))
            path = unquote(target.path).lstrip("/") or "index.html"
            if path.endswith("/"):
                path += "index.html"
            if not (HTML / path).is_file():
                broken.append(f"{page}: <{tag} {attr}={url!r}> names no file")
            elif (
                target.fragment
                and path in site
                and unquote(target.fragment) not in _parsed(path).ids
            ):
                broken.append(f"{page}: <{tag} {attr}={url!r}> names no id on {path}")
    assert not broken, "\n".join(broken)


def test_every_figure_says_what_it_shows(site: list[str]) -> None:
    """Each image has alt text; a figure's (an image of ``_images/``) describes it in a sentence of its own.

    Without alt text of its own, Sphinx falls back to the file's path, which a screen reader reads out.
    """
    faults, seen = [], {}
    for page in site:
        for src, alt in _parsed(page).images:
            if alt is None:
                faults.append(f"{page}: <img src={src!r}> has no alt attribute")
            elif "_images/" in src:
                name = src.rpartition("/")[2]
                if name in alt or len(alt.split()) < 8 or not alt.endswith("."):
                    faults.append(f"{page}: {name} has no description, only alt={alt!r}")
                elif seen.setdefault(alt, name) != name:
                    faults.append(f"{page}: {name} has the alt text of {seen[alt]}")
    assert not faults, "\n".join(faults)
