"""A chapter's executed notebook made readable outside the book: its MyST turned into plain Markdown.

Jupyter, JupyterLab and Colab render CommonMark with dollar maths, not MyST. :func:`export` takes a
chapter's executed notebook (``nbformat`` JSON) and rewrites every markdown cell so that it reads the same
there: each role and directive is replaced by what the book's build shows in its place, which a
:class:`Resolver` supplies (verdicts, evidence, cross-references, citations). Glued values are taken from
the notebook's own outputs and formatted as myst-nb formats them. Anything this module does not know
raises ``ValueError``, so that no MyST survives unnoticed.

Code cells stay as they are, except that ``from myst_nb import glue`` becomes a stand-in that needs only
IPython, cells hidden on the page are collapsed, and an output whose HTML loads a script from a path of
the site (an explorable figure loads ``_static/plotly.min.js``) keeps only its other renderings: outside the
site the script is not there, and Jupyter, which prefers HTML to a PNG, would show an empty plot. The result depends on its inputs only: cell ids are
renumbered and timings dropped, so that rebuilds write the same bytes.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Protocol

import nbformat
from myst_nb.core.variables import format_plain_text

GLUE_IMPORT = "from myst_nb import glue"
GLUE_STAND_IN = (
    "from IPython.display import display as _display\n\n\n"
    "def glue(name, value, display=True):  # the text around this cell quotes the value the book computed\n"
    "    if display:\n"
    "        _display(value)"
)
ROLE = re.compile(r"\{(?P<name>[a-z][a-z0-9_:-]*)\}`(?P<text>[^`]*)`")
EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[^}]+)\}[ \t]*(?P<arg>.*)$")
LABEL_LINE = re.compile(r"^\([\w.:-]+\)=[ \t]*\n?", re.MULTILINE)
DOLLAR_LABEL = re.compile(r"\$\$[ \t]*\((?P<label>[\w.:-]+)\)")
PAPER_MACRO = re.compile(r"\\paper\{([^{}]*)\}")
PROOF_KINDS = ("theorem", "lemma", "corollary", "proposition", "definition", "remark", "example")
HIDDEN_INPUT = {"hide-input", "remove-input", "remove-cell"}
HIDDEN_OUTPUT = {"hide-output", "remove-output"}
SCRIPT_SOURCE = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']?(?P<src>[^"'\s>]+)""", re.IGNORECASE)
URL_OR_ROOT = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/")  # not a path relative to the page


class Resolver(Protocol):
    """What the book's build knows and a notebook does not: the text each reference shows on the page."""

    def verdict(self, claim_id: str, word: str) -> str: ...

    def evidence(self, claim_id: str, path: str, spec: str) -> str: ...

    def xref(self, role: str, target: str, title: str | None) -> str: ...

    def cite(self, keys: list[str], textual: bool) -> str: ...

    def equation_number(self, label: str) -> str: ...

    def proof_title(self, kind: str, label: str | None, title: str) -> str: ...


def glue_values(notebook: Any) -> dict[str, dict[str, Any]]:
    """The glued outputs of an executed notebook by name: their mime bundles."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                values[name] = dict(output["data"])
    return values


def _glue(values: dict[str, dict[str, Any]], key: str) -> dict[str, Any]:
    if key not in values:
        raise ValueError(f"no glued value named {key!r} in the notebook's outputs")
    return values[key]


def _strip_dollars(latex: str) -> str:
    return latex.strip().strip("$").strip()


class _Converter:
    def __init__(self, resolver: Resolver, glued: dict[str, dict[str, Any]]) -> None:
        self.resolver, self.glued = resolver, glued

    def role(self, match: re.Match[str]) -> str:
        name, text = match["name"], match["text"]
        if name.startswith("py:"):
            return self._python(name[3:], text)
        if name in {"ref", "doc", "numref", "eq", "prf:ref"}:
            explicit = EXPLICIT.match(text)
            if explicit and name != "eq":
                return self.resolver.xref(name, explicit["target"].strip(), explicit["title"])
            return self.resolver.xref(name, text.strip(), None)
        handlers = {
            "verdict": self._verdict,
            "evidence": self._evidence,
            "paper": str,
            "glue:text": self._glue_text,
            "glue": self._glue,
            "cite:p": lambda t: self._cite(t, textual=False),
            "cite:t": lambda t: self._cite(t, textual=True),
        }
        if name not in handlers:
            raise ValueError(f"role {{{name}}} has no plain-Markdown form")
        return handlers[name](text)

    def _verdict(self, text: str) -> str:
        claim_id, _, word = text.partition(":")
        return f"`{self.resolver.verdict(claim_id.strip(), word.strip())}`"

    def _evidence(self, text: str) -> str:
        claim_id, _, rest = text.partition(":")
        path, _, spec = rest.partition(":")
        return self.resolver.evidence(claim_id.strip(), path.strip(), spec)

    def _glue_text(self, text: str) -> str:
        key, _, spec = text.rpartition(":") if ":" in text else (text, "", "s")
        return format_plain_text(_glue(self.glued, key)["text/plain"], spec)

    def _glue(self, text: str) -> str:
        data = _glue(self.glued, text)
        for mime in ("text/markdown", "text/latex"):
            if mime in data:
                return str(data[mime]).strip()
        return str(data["text/plain"])

    def _cite(self, text: str, textual: bool) -> str:
        keys = [k.strip() for k in text.split(",") if k.strip()]
        return self.resolver.cite(keys, textual=textual)

    @staticmethod
    def _python(kind: str, text: str) -> str:
        explicit = EXPLICIT.match(text)
        if explicit:
            return f"`{explicit['title']}`"
        target = text.lstrip("~")
        shown = target.rsplit(".", 1)[-1] if text.startswith("~") else target
        return f"`{shown}()`" if kind in {"func", "meth"} else f"`{shown}`"

    def inline(self, text: str) -> str:
        text = ROLE.sub(self.role, text)
        text = DOLLAR_LABEL.sub(lambda m: f"\\tag{{{self._number(m['label'])}}}\n$$", text)
        return PAPER_MACRO.sub(r"\1", text)

    def _number(self, label: str) -> str:
        return self.resolver.equation_number(label).strip("()")

    def directive(self, name: str, arg: str, options: dict[str, str], body: str) -> str:
        if name == "glue:math":
            latex = _strip_dollars(str(_glue(self.glued, arg.strip())["text/latex"]))
            tag = f"\n\\tag{{{self._number(options['label'])}}}" if "label" in options else ""
            return f"$$\n{latex}{tag}\n$$"
        if name == "only":  # a notebook is read on screen, as the site is: keep what the site shows
            return self.markdown(body).strip() if arg.strip() == "html" else ""
        if name.startswith("prf:"):
            kind = name[4:]
            content = self.markdown(body).strip()
            if kind == "proof":
                return f"*Proof.* {content} ∎"
            if kind in PROOF_KINDS:
                heading = self.resolver.proof_title(kind, options.get("label"), self.inline(arg))
                return f"**{heading}.** {content}"
        if name in {"math", "glue:md", "glue:figure", "figure", "image"}:
            raise ValueError(f"directive {{{name}}} is not yet exported")
        raise ValueError(f"directive {{{name}}} has no plain-Markdown form")

    def markdown(self, source: str) -> str:
        """One markdown cell's source, MyST replaced by plain Markdown."""
        out: list[str] = []
        lines = LABEL_LINE.sub("", source).split("\n")
        k = 0
        while k < len(lines):
            fence = FENCE.match(lines[k])
            if fence is None:
                out.append(lines[k])
                k += 1
                continue
            end = k + 1
            while end < len(lines) and lines[end].rstrip() != fence["fence"]:
                end += 1
            if end == len(lines):
                raise ValueError(f"unclosed directive {{{fence['name']}}}")
            options, body = _options(lines[k + 1 : end])
            block = self.directive(fence["name"], fence["arg"], options, body)
            out.append(block)
            k = end + 1
        return self.inline("\n".join(out)).strip("\n")


def _options(lines: list[str]) -> tuple[dict[str, str], str]:
    """A directive's ``:key: value`` options (or a ``---`` YAML block of such lines) and its body."""
    options: dict[str, str] = {}
    k = 0
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        block, k = lines[1:end], end + 1
    else:
        block = []
        while k < len(lines) and lines[k].startswith(":"):
            block.append(lines[k][1:])
            k += 1
    for line in block:
        key, _, value = line.partition(":")
        options[key.strip()] = value.strip()
    return options, "\n".join(lines[k:]).strip("\n")


def _without_site_scripts(output: Any) -> Any:
    """The output less its HTML if that HTML loads a script from a path of the site.

    :raises ValueError: if the HTML is the output's only rendering besides plain text.
    """
    data = output.get("data", {})
    html = data.get("text/html")
    if html is None:
        return output
    sources = SCRIPT_SOURCE.finditer(html if isinstance(html, str) else "".join(html))
    if all(URL_OR_ROOT.match(m["src"]) for m in sources):
        return output
    if not set(data) - {"text/html", "text/plain"}:
        raise ValueError(
            "an HTML output loads a script of the site and has no image to fall back on"
        )
    del data["text/html"]
    return output


def _code_cell(cell: Any) -> Any:
    cell.source = cell.source.replace(GLUE_IMPORT, GLUE_STAND_IN)
    cell.outputs = [
        _without_site_scripts(o) for o in cell.outputs if "scrapbook" not in o.get("metadata", {})
    ]
    for output in cell.outputs:
        output.get("metadata", {}).pop("scrapbook", None)
    tags = set(cell.metadata.get("tags", []))
    jupyter = {}
    if tags & HIDDEN_INPUT:
        jupyter["source_hidden"] = True
    if tags & HIDDEN_OUTPUT:
        jupyter["outputs_hidden"] = True
    cell.metadata.pop("execution", None)
    if jupyter:
        cell.metadata["jupyter"] = jupyter
    return cell


def export(
    notebook: Any,
    resolver: Resolver,
    title_note: str | None = None,
    glued: dict[str, dict[str, Any]] | None = None,
) -> Any:
    """The notebook with plain-Markdown text, stand-in glue and figure captions, ready to download.

    :param notebook: an executed notebook (``nbformat.NotebookNode``, version 4); it is not changed.
    :param resolver: the build's answers for the references the text makes.
    :param title_note: Markdown put in a cell of its own after the first cell (e.g. how to run it).
    :param glued: the glued values' mime bundles by name; by default those in the notebook's outputs.
    :return: a new notebook, nbformat 4.5, which validates.
    :raises ValueError: on a role or directive without a plain form, or a glued value that is missing.
    """
    nb = copy.deepcopy(notebook)
    converter = _Converter(resolver, glue_values(nb) if glued is None else glued)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(converter.markdown(cell.source)))
        elif cell.cell_type == "code":
            cells.append(_code_cell(cell))
            figure = cell.metadata.get("mystnb", {}).get("figure")
            if figure:
                number = resolver.xref("numref", figure["name"], None) if "name" in figure else ""
                caption = converter.inline(figure.get("caption", "")).strip()
                text = f"**{number}.** {caption}" if number else caption
                cells.append(nbformat.v4.new_markdown_cell(text))
        else:
            cells.append(cell)
    if title_note is not None:
        cells.insert(1 if cells else 0, nbformat.v4.new_markdown_cell(title_note))
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k}"
    nb.cells = cells
    nb.nbformat, nb.nbformat_minor = 4, 5
    kernelspec = nb.metadata.get("kernelspec", {"name": "python3", "display_name": "Python 3"})
    nb.metadata = nbformat.NotebookNode(
        kernelspec=kernelspec, language_info={"name": "python", "pygments_lexer": "ipython3"}
    )
    nbformat.validate(nb)
    return nb


def dumps(notebook: Any) -> str:
    """The notebook as the site stores it: indented, keys sorted, one final newline."""
    return nbformat.writes(notebook, version=4) + "\n"
