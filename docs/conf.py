"""Sphinx configuration of the lstmnotes book.

The build is strict (the nox session runs ``sphinx-build -n -W --keep-going``), every page is a MyST text
notebook executed by myst-nb, and the site is self-contained: MathJax is bundled from a PyPI package, so no
page asks any other host for anything.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain
from sphinx_proof.domain import ProofDomain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

HERE = Path(__file__).parent.resolve()
sys.path.insert(0, str(HERE / "_ext"))


def _package_dir(package: str, *parts: str) -> str:
    """A folder inside an installed package, as that package's extension names it."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{package} not found: install the docs dependency group")
    return str(Path(spec.origin).parent.joinpath(*parts).absolute())


project = "lstmnotes"
author = "The lstmnotes authors"
copyright = "2026, The lstmnotes authors"
release = metadata.version("lstmnotes")
version = release

extensions = [
    "myst_nb",
    "autodoc2",
    "sphinx.ext.mathjax",
    "sphinx_proof",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "accessibility",  # names and roles the theme and writers omit (WCAG 2.1)
    "codelinks",  # names in code cells link to the API reference (sphinx-codeautolink)
    "tips",  # previews of references on hover and focus (sphinx-tippy)
    "ledger",
    "downloads",
    "notebooks",
    "numerals",
    "printed",  # the PDF leaves out the code the site folds away
    "prefetch",
    "quiet",
    "rebuild",  # a rebuild with nothing changed skips the API pages, figure numbers and notebooks
]

exclude_patterns = [
    "_build",
    "jupyter_execute",
    ".jupyter_cache",
    "**.ipynb_checkpoints",
    "README.md",
]
nitpicky = True
# Types from libraries without an inventory here (intersphinx needs the network): their names in
# signatures cannot be resolved offline, so they are exempt. Our own names are all checked.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(numpy|np|numpy\.typing|sympy|mpmath|matplotlib|mpl|collections\.abc|typing|pathlib|grimp)\..*",
    ),
    (r"py:.*", r"(NDArray|ArrayLike|Array|Axes|Any|Final|Callable|Iterator|Sequence|Mapping)"),
    (r"py:.*", r"enum\..*"),
    (r"py:.*", r"lstmnotes(\.\w+)*\.(Array|T|Split)"),  # type aliases of the private modules
    (r"py:.*", r"(float|int|str|bool|tuple|dict|list|object|None|type|ValueError|TypeError)"),
]

# -- MyST and notebooks ---------------------------------------------------------------------------------
myst_enable_extensions = [
    "amsmath",
    "colon_fence",
    "deflist",
    "dollarmath",
    "fieldlist",
    "substitution",
]
myst_heading_anchors = 3
myst_dmath_double_inline = True
nb_execution_mode = "cache"  # filled in parallel by the prefetch extension (docs/_ext)
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 600
nb_merge_streams = True


# jupyter-cache keys on the cells' code only; the prefetch extension also keys each page on the library
# modules it imports and on the environment (lstmnotes.ledger.deps), so an edit re-executes only the pages
# that depend on it. The HTML and the PDF builds share the cache; under CI=true the docs session empties
# it first, so that every page is executed afresh there.
nb_execution_cache_path = str(HERE / "_build" / ".jupyter_cache")

# -- API reference --------------------------------------------------------------------------------------
autodoc2_packages = [{"path": "../src/lstmnotes", "module": "lstmnotes"}]
autodoc2_render_plugin = "api_layout.PartsRenderer"  # docs/_ext: modules listed under their part
autodoc2_docstring_parser_regexes = [(r"lstmnotes.*", "myst")]
autodoc2_hidden_objects = ["private", "dunder", "inherited"]
autodoc2_skip_module_regexes = [r"lstmnotes(\.\w+)*\._\w*"]  # private modules and __main__
# Each part's page documents what its __init__ re-exports from the part's private modules; the package
# page lists the names it re-exports from the parts, linked to their parts' pages.
autodoc2_module_all_regexes = [r"lstmnotes\.[a-z_]+"]
autodoc2_output_dir = "api"
autodoc2_index_template = None
autodoc2_sort_names = True

# -- Citations, proofs ----------------------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
proof_uppercase = False
numfig = True
math_numfig = True
math_eqref_format = "({number})"

# -- HTML -----------------------------------------------------------------------------------------------
# Some extensions change the HTML options while each build starts (the theme sets its defaults, myst-parser
# the MathJax classes, copybutton and the themes add their folders). Sphinx compares the options with those
# of the last build before they do, so each rebuild would find "the configuration has changed" and write
# every page again. Here every such option already has the value the extensions give it, and
# `_keep_options` undoes their repeated additions, so a rebuild finds the configuration unchanged.
html_theme = "sphinx_book_theme"
html_title = "lstmnotes"
tips_static = str(HERE / "_build" / ".vendor")  # docs/_ext/tips.py unpacks tippy.js and Popper here
html_static_path = [
    _package_dir("sphinx_copybutton", "_static"),
    _package_dir("sphinx_codeautolink", "static"),
    tips_static,
    "_static",
]
templates_path = [
    "_templates",  # the theme's search button, named by its visible label (WCAG 2.5.3)
    _package_dir("pydata_sphinx_theme", "theme", "pydata_sphinx_theme", "components"),
    _package_dir("sphinx_book_theme", "theme", "sphinx_book_theme", "components"),
]
html_css_files = [("tippyjs/tippy.css", {"priority": 800}), ("lstmnotes.css", {"priority": 800})]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = True
html_permalinks_icon = "#"  # the theme's
html_sourcelink_suffix = ""  # the theme's (its download button links the sources as they are)
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": True,
    "show_toc_level": 2,
    # The sidebar holds the branch of the page being read, not the whole tree: every page of the API
    # reference in every page's sidebar made the HTML of each page large and its writing slow.
    "collapse_navbar": True,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    "navbar_persistent": ["search-button-field"],  # the theme's defaults from here on
    "icon_links": [],
    "logo": {},
}
html_context = {"default_mode": "auto"}  # light or dark, following the reader's system setting
# A page's code cells run as one program: a name defined in one cell is linked in the next ones too.
codeautolink_concat_default = True
# Previews on hover and focus (docs/_ext/tips.py): tippy.js and Popper from the site itself, MathJax
# typesetting the maths of a preview, none for names in code, none that needs the network.
tippy_js = ("tippyjs/popper.min.js", "tippyjs/tippy.umd.min.js")
tippy_enable_mathjax = True
tippy_enable_wikitips = False
tippy_enable_doitips = False
tippy_skip_anchor_classes = ("headerlink", "sd-stretched-link", "sphinx-codeautolink-a")
tippy_props = {
    "placement": "auto-start",
    "maxWidth": 500,
    "interactive": False,
    "delay": [200, 100],
}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# MathJax 3, bundled: only the TeX-to-CHTML component, its TeX extensions (for autoloaded macros), its
# accessibility modules (loaded by the context menu) and its web fonts, about 2.5 MB instead of 24 MB.
mathjax_path = "mathjax/tex-chtml.js"
# \paper{4.0} marks a number quoted from the paper inside maths (docs/_ext/numerals.py accepts it).
mathjax3_config = {
    "tex": {"macros": {"paper": ["{#1}", 1]}},
    "options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"},  # myst's
}
_MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "a11y", "output/chtml/fonts/woff-v2")


# -- PDF ------------------------------------------------------------------------------------------------
# The whole book as one PDF (``nox -s pdf``): Sphinx's LaTeX builder, compiled by XeLaTeX, so that the
# Greek letters and symbols of the text need no special handling.
latex_engine = "xelatex"
latex_documents = [("pdf/book", "lstmnotes.tex", "lstmnotes", author, "manual")]
latex_appendices = ["ledger", "domains"]
latex_domain_indices = False  # no module index and no index of proof labels
latex_show_urls = "no"
latex_use_xindy = False  # makeindex, part of every TeX installation
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # \paper{4.0} in maths, as in MathJax above: a number quoted from the paper.
    "preamble": r"""
\newcommand{\paper}[1]{#1}
\setlength{\headheight}{14pt}
\newcommand{\DUroleverdict}[1]{\fbox{\footnotesize #1}}
""",
}
# The PDF has its own root (docs/pdf/book.md, built with ``-t pdf``): the chapters, a preface taken from
# the landing page, and the ledger and the domains as appendices. The API reference stays on the site;
# references into it become plain text in the PDF.
if tags.has("pdf"):  # noqa: F821  (Sphinx provides ``tags`` to conf.py)
    root_doc = "pdf/book"
    # links from code to the API are for the site; sphinx-codeautolink's markers also cannot be copied
    # when the LaTeX builder joins the pages into one document
    extensions.remove("codelinks")
    extensions.remove("tips")  # previews on hover are for the site
    exclude_patterns += ["index.md", "references.md"]  # the PDF has its own bibliography
    suppress_warnings = ["toc.not_included"]
else:
    exclude_patterns.append("pdf")


def _mathjax_source() -> Path:
    files = metadata.files("sphinx-mathjax-offline") or []
    for file in files:
        if file.as_posix().endswith("static/mathjax/tex-chtml.js"):
            return Path(str(file.locate())).parent
    raise RuntimeError(
        "MathJax not found: install the docs dependency group (sphinx-mathjax-offline)"
    )


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source, target = _mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in _MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            target.joinpath(part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / part, target / part)


def _copy_plotly(app: Sphinx, exception: Exception | None) -> None:
    """Put the plotly script that ships with the plotly package where explorable figures load it."""
    if exception is not None or app.builder.format != "html":
        return
    from lstmnotes.explore import PLOTLY_SCRIPT, plotly_script_path  # noqa: PLC0415

    shutil.copyfile(plotly_script_path(), Path(app.outdir) / PLOTLY_SCRIPT)


def _skip_dataclass_inference() -> None:
    """Switch off astroid's dataclass plugin while autodoc2 analyses the sources.

    It infers the type of every dataclass field, which is most of the analysis time, and none of it
    reaches the API pages: they are identical without it.
    """
    import astroid  # noqa: PLC0415  (a dependency of sphinx-autodoc2, needed only by the build)
    from astroid.brain import brain_dataclasses  # noqa: PLC0415

    astroid.MANAGER.unregister_transform(
        astroid.nodes.ClassDef,
        brain_dataclasses.dataclass_transform,
        brain_dataclasses.is_decorated_with_dataclass,
    )


def _reattach_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Point every node back at its own page's document.

    Docstrings are parsed as separate documents and their nodes keep a reference to them, so each API page
    pickled some twenty extra documents (1.5 MB instead of 0.1 MB), and every rebuild loaded them all.
    """
    for node in doctree.findall():
        if getattr(node, "_document", None) is not None:
            node.document = doctree


def _keep_options(app: Sphinx) -> None:
    """Drop the second copy of a folder an extension added to a list that already names it."""
    for name in ("html_static_path", "templates_path"):
        value = getattr(app.config, name)
        value[:] = list(dict.fromkeys(value))


def _merge_no_proof_data(self: ProofDomain, docnames: set[str], otherdata: dict[str, Any]) -> None:
    """sphinx-proof keeps its objects in ``env.proof_list`` and merges that list from the processes that
    read pages in parallel itself; its domain holds no data of its own, so there is nothing to merge here.
    It declares itself safe for parallel reading but leaves this method to raise NotImplementedError."""


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _keep_options, priority=900)  # after the extensions' own (500)
    if ProofDomain.merge_domaindata is Domain.merge_domaindata:
        ProofDomain.merge_domaindata = _merge_no_proof_data  # type: ignore[method-assign]
    app.connect("doctree-read", _reattach_nodes)
    _skip_dataclass_inference()
    # MathJax on every page, not only on pages with maths of their own: chapter titles in the navigation
    # carry maths too.
    app.set_html_assets_policy("always")
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _copy_plotly)
