"""Sphinx extension: no hand-typed numbers in a chapter's prose.

Every number a chapter states must come from the library when the book is built: through ``glue``, through
a claim's evidence (the ``{evidence}`` role of the ledger extension), or, for a number the paper itself
prints, marked as a quotation with the ``{paper}`` role (``$\\paper{0.25}$`` inside maths). This
extension reads each chapter's MyST source and fails the build (a warning, which the strict build turns
into an error) on every numeral it finds elsewhere in prose, figure captions and maths.

What counts as a hand-typed number:

- in prose and captions: any digit, apart from the allowances below;
- in maths: a number with a decimal point, or an integer of two or more digits (single digits in maths
  are structure: $q - 1$, $2\\sigma - 1$, $n^{q-1}$).

Allowed without marking: section and equation numbers of the paper (``§3.1``, ``section 3``,
``(3.2)``), claim ids (``P13``, ``S7``) and slip numbers (``slip 8``), the years of the cited papers (1991,
1994, 1997, 2000, 2013), ``0/1`` matrices, the ``1-norm`` and its kin, the supported Python version, the
enumerators of numbered lists and headings, and ``\\log_{10}`` in maths. Code, code cells (all but
their captions), labels and the targets of roles are not prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Roles whose content is not a hand-typed number: computed values, quotations, cross-references.
_ROLE = re.compile(r"\{[a-zA-Z0-9:_-]+\}`[^`]*`")
_INLINE_CODE = re.compile(r"``[^`]+``|`[^`]+`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LABEL = re.compile(r"^\s*\([a-zA-Z0-9_-]+\)=\s*$")
_OPTION = re.compile(r"^:[a-z-]+:")  # a directive's option line
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$(\s*\([a-zA-Z0-9_-]+\))?", re.DOTALL)
_INLINE_MATH = re.compile(r"\$([^$]+)\$")
_PAPER_MACRO = re.compile(r"\\paper\{[^}]*\}")
_MATH_ALLOWED = re.compile(r"\\log_\{?10\}?|\\[a-zA-Z]+")  # \log_{10}; digits inside command names
_MATH_NUMBER = re.compile(r"\d*\.\d+|\d{2,}")
_PROSE_ALLOWED = re.compile(
    r"§\s?\d+(\.\d+)*"  # §3.1
    r"|\b[Ss]ections?\s\d+(\.\d+)*"  # section 3, section 3.2
    r"|\(\d+\.\d+\)"  # (3.2), an equation of the paper
    r"|\b[PSAX]\d+\b"  # claim ids
    r"|\b(1991|1994|1997|2000|2013)\b"  # the cited papers' years
    r"|\b[Ss]lips?\s\d+"  # the reported slips, by number
    r"|\b0/1\b"  # 0/1 matrices
    r"|\b\d-norm"  # the 1-norm, the 2-norm
    r"|\bPython\s\d+\.\d+"  # the supported Python
    r"|^\s*#*\s*\d+\.\s"  # enumerators of numbered lists and headings
)
_DIGIT = re.compile(r"[0-9]")
_FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\s*(\{([a-zA-Z0-9:_-]+)\})?(.*)$")
# Directives whose body is prose (theorems, admonitions and the like), as opposed to code or raw output.
_CODE_DIRECTIVES = {
    "code-cell",
    "code-block",
    "code",
    "raw",
    "literalinclude",
    "glue",
    "glue:figure",
}


@dataclass(frozen=True)
class Numeral:
    """A hand-typed number in a chapter's source."""

    line: int
    """1-based line of the source."""
    text: str
    """The offending number."""
    context: str
    """The source line, shortened."""


def _strip_roles(text: str) -> str:
    text = _ROLE.sub(" ", text)
    text = _INLINE_CODE.sub(" ", text)
    return _LINK_TARGET.sub("]", text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _math_numbers(math: str) -> list[tuple[int, str]]:
    """The numbers in maths that count as hand-typed, with their offsets in it."""
    math = _MATH_ALLOWED.sub(_blank, _PAPER_MACRO.sub(_blank, math))
    return [(m.start(), m.group()) for m in _MATH_NUMBER.finditer(math)]


def _prose_numbers(prose: str) -> list[str]:
    prose = _PROSE_ALLOWED.sub(" ", prose)
    # a digit inside a name (autodoc2, x86) is part of the name, not a number
    return [m.rstrip(".,") for m in re.findall(r"(?<![\w-])[0-9][0-9.,]*", prose)]


def _kind(directive: str | None) -> str:
    """What a fenced block holds: ``"prose"``, ``"code"`` or ``"math"``."""
    if directive == "math":
        return "math"
    return "code" if directive is None or directive in _CODE_DIRECTIVES else "prose"


def _prose_lines(source: str) -> list[tuple[int, str]]:
    """The lines of the source that are prose, captions and maths, with their 1-based numbers.

    Lines of display-maths blocks come back wrapped in ``$...$``.
    """
    lines = source.splitlines()
    if lines and lines[0].strip() == "---" and "---" in lines[1:]:  # front matter
        end = lines.index("---", 1)
        lines[: end + 1] = [""] * (end + 1)
    out: list[tuple[int, str]] = []
    stack: list[tuple[str, str]] = []  # open fences: (marker, kind)
    caption = False
    for number, line in enumerate(lines, start=1):
        fence = _FENCE.match(line)
        closing = fence and not fence.group(4) and not fence.group(5).strip()
        if closing and stack and fence.group(2) == stack[-1][0]:
            stack.pop()
            caption = False
            continue
        if fence and (not stack or stack[-1][1] == "prose"):
            stack.append((fence.group(2), _kind(fence.group(4))))
            if stack[-1][1] == "prose" and fence.group(5).strip():  # a directive's title
                out.append((number, fence.group(5)))
            continue
        kind = stack[-1][1] if stack else "prose"
        stripped = line.strip()
        if kind == "code":  # only a figure caption in a code cell's metadata is prose
            caption = stripped.startswith("caption:") or (
                caption and line.startswith("      ") and bool(stripped)
            )
            if caption:
                out.append((number, stripped.removeprefix("caption:")))
        elif _OPTION.match(stripped) or _LABEL.match(line) or stripped.startswith("%"):
            continue
        else:
            out.append((number, f"${line}$" if kind == "math" else line))
    return out


def hand_typed_numerals(source: str) -> list[Numeral]:
    """Every hand-typed number in a chapter's MyST source (see the module's rules).

    :param source: the text of a MyST page.
    :return: the numbers found, in source order.
    """
    prose = [(number, _strip_roles(line)) for number, line in _prose_lines(source)]
    starts = [0]
    for _, line in prose:
        starts.append(starts[-1] + len(line) + 1)

    def located(offset: int, number: str) -> Numeral:
        k = max(k for k in range(len(prose)) if starts[k] <= offset)
        return Numeral(prose[k][0], number, prose[k][1].strip()[:100])

    found: list[Numeral] = []
    text = list("\n".join(line for _, line in prose))
    for pattern in (_DISPLAY_MATH, _INLINE_MATH):  # display maths may span lines
        for match in pattern.finditer("".join(text)):
            found += [located(match.start(1) + at, n) for at, n in _math_numbers(match.group(1))]
            for k in range(match.start(), match.end()):
                if text[k] != "\n":
                    text[k] = " "
    for offset, line in zip(starts, "".join(text).split("\n"), strict=False):
        found += [located(offset, n) for n in _prose_numbers(line)]
    return sorted(found, key=lambda n: n.line)


def _is_chapter(source: str) -> bool:
    return "file_format: mystnb" in source.split("\n---", 1)[0] or "(sec-" in source


def _check(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname.startswith(tuple(app.config.numerals_exempt)):
        return
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".md":
        return
    for numeral in hand_typed_numerals(source[0]):
        logger.warning(
            "hand-typed number %r (glue it, take it from a claim's evidence with {evidence}, or mark "
            "a quotation of the paper with {paper}): %s",
            numeral.text,
            numeral.context,
            location=(docname, numeral.line),
            type="lstmnotes",
            subtype="numeral",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("numerals_exempt", ["api/"], "env")
    app.connect("source-read", _check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
