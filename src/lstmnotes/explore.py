"""Figures a reader can move: an interactive plot for the page, a static one for print.

An {py:class}`Explorable` carries two renderings of one figure: standalone HTML made by
[plotly](https://plotly.com/python/) (a slider or a menu switches between curves the library computed
beforehand, so nothing is computed in the browser), and a PNG drawn by matplotlib for the PDF and for any
front end that cannot run scripts. Shown in a notebook, it offers both; a web page takes the HTML, a PDF
the PNG.

The HTML never asks another host for anything: it loads plotly's script from a path relative to the page
(by default ``_static/plotly.min.js``, where the book's build copies the file that ships with the plotly
package), so a page that shows no explorable figure loads no plotly at all. Elsewhere, pass a relative path
of your own, or ``script=True`` to inline the whole of plotly into the HTML.

plotly is imported only when a figure is made.
"""

from __future__ import annotations

import base64
import html as html_text
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lstmnotes.domain import Domain

__all__ = [
    "DOMAIN",
    "MAX_SLIDER_STEPS",
    "MAX_SLIDER_TRACES",
    "MAX_SLIDER_VALUES",
    "PLOTLY_SCRIPT",
    "Explorable",
    "explorable",
    "plotly_script_path",
    "slider",
]

MAX_SLIDER_STEPS = 4096
"""The most steps (labels) {py:func}`slider` accepts: far more than a figure's slider can show."""

MAX_SLIDER_TRACES = 4096
"""The most traces (entries of a mask) {py:func}`slider` accepts."""

MAX_SLIDER_VALUES = 2**20
"""The most mask entries in all (steps times traces) {py:func}`slider` accepts: well under a second."""

PLOTLY_SCRIPT = "_static/plotly.min.js"
"""Where the book's pages find plotly's script, relative to a chapter page."""


@dataclass(frozen=True)
class Explorable:
    """One figure in two renderings: interactive HTML and a static PNG.

    In Jupyter (and in myst-nb) it displays through ``_repr_mimebundle_``; the front end or the builder
    picks the richest rendering it can show.
    """

    html: str
    """A ``<div>`` with the plot and the script that draws it (plotly's own script is referenced, not
    inlined, unless the figure was made with ``script=True``)."""
    png: bytes
    """The static rendering, for print."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html, "image/png": base64.b64encode(self.png).decode("ascii")}


def plotly_script_path() -> Path:
    """The minified plotly script that ships with the installed plotly package (the book copies it)."""
    import plotly  # noqa: PLC0415 (optional dependency)

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def explorable(
    figure: Any,
    draw_static: Callable[[Any], object],
    *,
    div_id: str,
    script: str | bool = PLOTLY_SCRIPT,
    alt: str,
) -> Explorable:
    """Render a plotly figure as standalone HTML and a matplotlib drawing as PNG.

    :param figure: a plotly figure: a ``plotly.graph_objects.Figure``, or its ``{"data": ..., "layout": ...}``
        dict (not validated by plotly, hence much faster for figures with many curves).
    :param draw_static: draws the static version on the matplotlib axes it is given.
    :param div_id: the HTML id of the plot (fixed, so that two builds give identical pages).
    :param script: where the page loads plotly from: a relative path (default {py:data}`PLOTLY_SCRIPT`),
        or ``True`` to inline plotly into the HTML.
    :param alt: what the figure shows, in words (the accessible name of the plot and the PNG's alt text).
    :return: the {py:class}`Explorable`.
    :raises TypeError: if ``script`` is neither a string nor ``True``, or ``div_id``/``alt`` is not a string.
    :raises ValueError: if ``script`` is not a relative path (a scheme such as ``https:`` in any case, a
        leading ``/``, or a character outside letters, digits and ``._~%+=/-``), ``div_id`` is not a plain
        HTML id, or ``alt`` is empty or holds a control character (C0, DEL or C1; tabs and newlines
        aside) or a lone surrogate, which HTML would not keep.
    """
    import plotly.io as pio  # noqa: PLC0415 (optional dependency)

    for name, value in (("div_id", div_id), ("alt", alt)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{name} must not be empty")
    odd = re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", alt)
    if odd:  # HTML keeps none of these as they are (a carriage return is read as a newline)
        raise ValueError(
            f"alt must be text without control characters (tabs and newlines aside) or lone surrogates, "
            f"found {odd.group()!r}"
        )
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", div_id):
        raise ValueError(
            f"div_id must be letters, digits, '-' and '_', starting with a letter; got {div_id!r}"
        )
    if script is not True and not isinstance(script, str):
        raise TypeError(f"script must be a relative path or True, got {script!r}")
    if isinstance(script, str) and (
        not re.fullmatch(
            r"[A-Za-z0-9._~%+=/-]+", script
        )  # a path's characters: nothing HTML would read
        or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", script)
        or script.startswith("/")
    ):
        raise ValueError(f"script must be a relative path to plotly's script, got {script!r}")
    html = pio.to_html(
        figure,
        include_plotlyjs=script,
        include_mathjax=False,
        full_html=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["toImage"]},
        validate=False,
    )
    label = html_text.escape(alt, quote=True)  # the reader's words, as an attribute's text
    html = f'<div class="explorable" role="figure" aria-label="{label}">\n{html}\n</div>'
    # matplotlib only here: the book's build reads plotly's script path from this module, and should not
    # load matplotlib for it
    import matplotlib as mpl  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    from lstmnotes.plots import book_style  # noqa: PLC0415

    with mpl.rc_context(book_style()):  # type: ignore[arg-type]  # stubs want literal keys
        fig = Figure(figsize=(6.4, 4.0))
        draw_static(fig.add_subplot())
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    return Explorable(html=html, png=buffer.getvalue())


def _check_boolean(array: NDArray[Any], name: str, ndim: int) -> None:
    """Refuse a NumPy array that is not boolean or not ``ndim``-D, naming it."""
    if array.dtype != np.bool_:
        raise TypeError(f"{name} must hold bools, got an array of dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D boolean array, got shape {array.shape}")


def _check_size(visible: object) -> None:
    """Refuse, before reading them, more masks or longer masks than the limits allow."""
    if not isinstance(visible, list | tuple | np.ndarray) or len(visible) == 0:
        return  # the type checks of _masks name the problem
    steps, first = len(visible), visible[0]
    if steps > MAX_SLIDER_STEPS:
        raise ValueError(
            f"visible may have at most MAX_SLIDER_STEPS = {MAX_SLIDER_STEPS} masks, got {steps}"
        )
    if not isinstance(first, list | tuple | np.ndarray) or np.ndim(first) == 0:
        return
    traces = len(first)
    if traces > MAX_SLIDER_TRACES:
        raise ValueError(
            f"visible[0] may have at most MAX_SLIDER_TRACES = {MAX_SLIDER_TRACES} entries, got {traces}"
        )
    if steps * traces > MAX_SLIDER_VALUES:
        raise ValueError(
            f"visible has {steps} masks of {traces} entries, {steps * traces} in all, above the limit "
            f"MAX_SLIDER_VALUES = {MAX_SLIDER_VALUES}"
        )


def _masks(visible: object) -> list[list[bool]]:
    """The masks as lists of Python bools, one a step, all of one length; refused by name otherwise."""
    if isinstance(visible, np.ndarray):
        _check_boolean(visible, "visible", 2)
        masks = [[bool(v) for v in row] for row in visible]
        if masks and not masks[0]:
            raise ValueError("visible must have one entry a trace, at least one, got masks of none")
        return masks
    if not isinstance(visible, list | tuple):
        raise TypeError(
            f"visible must be a list or tuple of masks, one a step, got {type(visible).__name__}"
        )
    masks = []
    for k, mask in enumerate(visible):
        name = f"visible[{k}]"
        if isinstance(mask, np.ndarray):
            _check_boolean(mask, name, 1)
        elif not isinstance(mask, list | tuple):
            raise TypeError(
                f"{name} must be a list or tuple of bools, one a trace, got {type(mask).__name__}"
            )
        for j, shown in enumerate(mask):
            if not isinstance(shown, bool | np.bool_):
                raise TypeError(f"{name}[{j}] must be a bool, got {type(shown).__name__}")
        masks.append([bool(v) for v in mask])
        if not masks[0]:
            raise ValueError("visible[0] must have one entry a trace, at least one, got none")
        if len(masks[k]) != len(masks[0]):
            raise ValueError(
                f"{name} must have one entry a trace, as visible[0] has: got {len(masks[k])} "
                f"entries, visible[0] has {len(masks[0])}"
            )
    return masks


def slider(
    labels: Sequence[str], visible: Sequence[Sequence[bool]], *, title: str, active: int
) -> dict[str, Any]:
    """A plotly slider (a layout dict) whose step ``k``, labelled ``labels[k]``, shows the traces that
    ``visible[k]`` marks and hides the others.

    :param labels: one string a step, a list or tuple.
    :param visible: one mask a step, a list or tuple of masks (or a 2-D boolean NumPy array); each mask a
        list or tuple of booleans (Python or NumPy) or a 1-D boolean NumPy array, one entry a trace, all
        masks of the same length.
    :param title: the prefix of the current step's label.
    :param active: the index of the step shown first (an int, not a bool).
    :return: the slider's layout dict.
    :raises TypeError: for ``labels`` that are not a list or tuple of strings (a set, a dict, a bare
        string, a generator), ``visible`` or a mask that is not a list, tuple or boolean array (None, a
        generator, a bare bool, an object array), a mask entry that is not a bool, a title that is not a
        string, or an ``active`` that is not an int.
    :raises ValueError: if ``labels`` and ``visible`` differ in length, masks are empty or differ in length,
        ``active`` is not a step, or there are more than {py:data}`MAX_SLIDER_STEPS` steps, more than
        {py:data}`MAX_SLIDER_TRACES` entries a mask or more than {py:data}`MAX_SLIDER_VALUES` in all.
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    if isinstance(active, bool) or not isinstance(active, int | np.integer):
        raise TypeError(f"active must be an int step index, got {type(active).__name__}")
    if not isinstance(labels, list | tuple):
        raise TypeError(f"labels must be a list or tuple of str, got {type(labels).__name__}")
    for k, label in enumerate(labels):
        if not isinstance(label, str):
            raise TypeError(f"labels[{k}] must be a str, got {type(label).__name__}")
    if not labels:
        raise ValueError("labels must name at least one step, got none")
    if len(labels) > MAX_SLIDER_STEPS:
        raise ValueError(
            f"labels may have at most MAX_SLIDER_STEPS = {MAX_SLIDER_STEPS} steps, got {len(labels)}"
        )
    _check_size(visible)
    masks = _masks(visible)
    if len(labels) != len(masks):
        raise ValueError(
            f"labels and visible must have one entry a step, got {len(labels)} and {len(masks)}"
        )
    if not 0 <= int(active) < len(labels):
        raise ValueError(f"active must be a step index in 0..{len(labels) - 1}, got {active}")
    return {
        "active": int(active),
        "currentvalue": {"prefix": title},
        "pad": {"t": 40},
        "steps": [
            {"label": label, "method": "restyle", "args": [{"visible": mask}]}
            for label, mask in zip(labels, masks, strict=True)
        ],
    }


DOMAIN: tuple[Domain, ...] = (
    Domain(
        explorable,
        inputs="figure: a plotly figure or its data-and-layout dict; draw_static: a callable taking "
        "matplotlib axes; div_id: letters, digits, '-' and '_', starting with a letter; script: a relative "
        "path or True; alt: a non-empty string (TypeError for a non-string div_id or alt, or a script "
        "neither a string nor True; ValueError for an empty alt or one with a control character (C0, DEL, C1) "
        "or a lone surrogate, a malformed "
        "div_id, or a script that names "
        "a scheme, starts with '/' or holds a character outside letters, digits and ._~%+=/-)",
        accuracy="the HTML carries the figure's numbers as plotly writes them (shortest round-trip "
        "decimals); the PNG is the static drawing at 110 dots an inch, identical between two builds",
        limits="none of its own: the HTML and the drawing grow with the figure's data, which the figures "
        "that call it bound",
    ),
    Domain(
        slider,
        inputs="labels: a list or tuple of strings; visible: a list or tuple of masks (or a 2-D boolean "
        "NumPy array), each a list or tuple of booleans (Python or NumPy) or a 1-D boolean array, one a "
        "label; title: a string; active: an integer step, not a bool (TypeError, naming the argument, for "
        "labels or a mask of another type, such as a set, a dict, a bare string or bool, None, a generator "
        "or an object array, a non-string label or title, a non-boolean mask entry, or a non-integer "
        "active)",
        accuracy="exact: the layout dict holds the given labels and masks",
        limits="len(labels) == len(visible) >= 1, every mask as long as the first and not empty, and 0 <= active < "
        f"len(labels); at most MAX_SLIDER_STEPS = {MAX_SLIDER_STEPS} steps, MAX_SLIDER_TRACES = "
        f"{MAX_SLIDER_TRACES} entries a mask and MAX_SLIDER_VALUES = {MAX_SLIDER_VALUES} entries in all "
        "(ValueError otherwise, before the masks are read)",
    ),
    Domain(
        plotly_script_path,
        inputs="none",
        accuracy="the path of the installed plotly package's minified script",
        limits="none",
    ),
)
"""The domain of each public function (see {py:mod}`lstmnotes.domain`)."""
