"""The conversion of a page's MyST into plain Markdown for the downloadable notebooks (docs/_ext).

A stub resolver stands in for the build: it answers each reference with a text that names what was
asked, so that each test can see which answer went where.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from notebook_markdown import GLUE_IMPORT, dumps, export


class StubResolver:
    def verdict(self, claim_id: str, word: str) -> str:
        return f"{claim_id} is {word}"

    def evidence(self, claim_id: str, path: str, spec: str) -> str:
        return format(len(path) + 0.5, spec or "g")

    def xref(self, role: str, target: str, title: str | None) -> str:
        return title or f"<{role} {target}>"

    def cite(self, keys: list[str], textual: bool) -> str:
        return ("T" if textual else "P") + "[" + ";".join(keys) + "]"

    def equation_number(self, label: str) -> str:
        return f"({len(label)})"

    def proof_title(self, kind: str, label: str | None, title: str) -> str:
        return f"{kind}:{label} ({title})"


def _glue_output(name: str, data: dict[str, str]) -> dict:
    return nbformat.v4.new_output(
        "display_data", data=data, metadata={"scrapbook": {"name": name, "mime_prefix": ""}}
    )


def _notebook(*markdown: str, code: str = "x = 1") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(code)
    cell.outputs = [
        _glue_output("val", {"text/plain": "0.123456"}),
        _glue_output("name", {"text/plain": "'carousel'"}),
        _glue_output("expr", {"text/latex": "$a^2$", "text/plain": "Latex('a^2')"}),
        _glue_output("block", {"text/latex": "$$b = c$$", "text/plain": "Latex('b = c')"}),
        nbformat.v4.new_output("stream", name="stdout", text="shown\n"),
    ]
    cells = [nbformat.v4.new_markdown_cell(m) for m in markdown]
    nb = nbformat.v4.new_notebook(cells=[cells[0], cell, *cells[1:]])
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3"}, "source_map": [3]}
    return nb


def _markdown(*text: str) -> list[str]:
    nb = export(_notebook(*text), StubResolver())
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_roles_become_the_builds_text():
    (text,) = _markdown(
        "(sec-x)=\n# Title\n\n{verdict}`P2:false`, {evidence}`P3:ab.c:.2f`, {paper}`4.0`, "
        "{glue:text}`val:.3f`, {glue:text}`name`, {glue}`expr`, {cite:p}`k1,k2`, {cite:t}`k3`, "
        "{ref}`sec-y`, {ref}`the other <sec-z>`, {eq}`eq-a`, {numref}`fig-b`, {doc}`logistic`, "
        "{prf:ref}`thm-c`, {py:func}`lstmnotes.flow.scaling_factor`, {py:mod}`~lstmnotes.flow`."
    )
    assert text == (
        "# Title\n\n`P2 is false`, 4.50, 4.0, 0.123, carousel, $a^2$, P[k1;k2], T[k3], <ref sec-y>, "
        "the other, <eq eq-a>, <numref fig-b>, <doc logistic>, <prf:ref thm-c>, "
        "`lstmnotes.flow.scaling_factor()`, `flow`."
    )


def test_labelled_maths_and_glued_maths_carry_their_numbers():
    (text,) = _markdown(
        "$$\nx = \\paper{4.0}\n$$ (eq-abc)\n\n```{glue:math} block\n:label: eq-de\n```\n\nafter"
    )
    assert text == "$$\nx = 4.0\n\\tag{6}\n$$\n\n$$\nb = c\n\\tag{5}\n$$\n\nafter"


def test_theorem_and_proof_become_paragraphs():
    (text,) = _markdown(
        "````{prf:theorem} a bound by {cite:p}`k`\n:label: thm-a\n\nIt holds by {eq}`e`.\n````\n\n"
        "````{prf:proof}\nSee {numref}`fig-1`.\n````"
    )
    assert text == (
        "**theorem:thm-a (a bound by P[k]).** It holds by <eq e>.\n\n*Proof.* See <numref fig-1>. ∎"
    )


def test_a_notebook_keeps_what_the_site_shows_and_drops_what_the_pdf_shows():
    (text,) = _markdown(
        "before\n\n````{only} html\nOn screen, {paper}`4.0`.\n````\n\n````{only} latex\nIn print.\n````\n\nafter"
    )
    assert "On screen, 4.0." in text
    assert "In print" not in text
    assert text.startswith("before")
    assert text.endswith("after")


@pytest.mark.parametrize(
    "source",
    [
        "{unknownrole}`x`",
        "```{admonition} Note\ntext\n```",
        "{glue:text}`missing`",
        "```{prf:theorem} t\nnever closed",
    ],
)
def test_anything_unknown_is_refused(source):
    with pytest.raises(ValueError, match=r"unknown|no plain|no glued|unclosed"):
        _markdown(source)


def test_code_cells_run_without_myst_nb_and_keep_their_outputs():
    nb = export(
        _notebook("# T", code=f"import numpy\n{GLUE_IMPORT}\n\nglue('v', 1, display=False)"),
        StubResolver(),
        title_note="*note*",
    )
    assert [c.cell_type for c in nb.cells] == ["markdown", "markdown", "code"]
    assert nb.cells[1].source == "*note*"
    code = nb.cells[2]
    assert "myst_nb" not in code.source
    assert [o.output_type for o in code.outputs] == ["stream"]  # glued values are not shown twice
    namespace: dict = {}
    exec(code.source.replace("import numpy\n", ""), namespace)  # noqa: S102  (the stand-in glue is callable)
    namespace["glue"]("v", 1, display=False)


def test_hidden_cells_are_collapsed_and_figures_get_their_caption():
    nb = _notebook("# T")
    nb.cells[1].metadata = {
        "tags": ["hide-input"],
        "mystnb": {"figure": {"name": "fig-a", "caption": "Flow for {glue:text}`val:.1f`."}},
        "execution": {"iopub.execute_input": "2026-01-01T00:00:00"},
    }
    out = export(nb, StubResolver())
    code, caption = out.cells[1], out.cells[2]
    assert code.metadata["jupyter"] == {"source_hidden": True}
    assert "execution" not in code.metadata
    assert caption.source == "**<numref fig-a>.** Flow for 0.1."


def test_export_validates_is_deterministic_and_leaves_its_input_alone():
    nb = _notebook("# T {paper}`1`", "more")
    before = json.dumps(nb, sort_keys=True)
    first, second = export(nb, StubResolver()), export(nb, StubResolver())
    assert json.dumps(nb, sort_keys=True) == before
    nbformat.validate(first)
    assert dumps(first) == dumps(second)
    assert [c.id for c in first.cells] == ["cell-0", "cell-1", "cell-2"]
    assert "source_map" not in first.metadata
    assert first.metadata.kernelspec.name == "python3"


def _explorable_output(**kwargs: object) -> nbformat.NotebookNode:
    """An explorable figure's output, as the library displays it (a tiny plotly figure and its PNG)."""
    pytest.importorskip("plotly")
    from lstmnotes.explore import explorable

    figure = {"data": [{"type": "scatter", "x": [0, 1], "y": [1, 0]}], "layout": {}}
    shown = explorable(
        figure, lambda ax: ax.plot([0, 1], [1, 0]), div_id="tiny", alt="A falling line.", **kwargs
    )
    return nbformat.v4.new_output("display_data", data=shown._repr_mimebundle_())


def test_an_explorable_figure_keeps_its_png_and_drops_html_that_needs_the_sites_script():
    nb = _notebook("# T")
    nb.cells[1].outputs = [_explorable_output()]
    assert "_static/plotly.min.js" in nb.cells[1].outputs[0].data["text/html"]
    (output,) = export(nb, StubResolver()).cells[1].outputs
    assert set(output.data) == {"image/png"}
    assert output.data["image/png"] == nb.cells[1].outputs[0].data["image/png"]


def test_html_that_needs_no_script_of_the_site_is_kept():
    nb = _notebook("# T")
    nb.cells[1].outputs = [
        _explorable_output(script=True),  # plotly inlined: it works anywhere
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": '<script src="https://cdn.example/x.js"></script><b>b</b>'},
        ),
    ]
    outputs = export(nb, StubResolver()).cells[1].outputs
    assert ["text/html" in o.data for o in outputs] == [True, True]


def test_html_that_needs_a_script_of_the_site_and_has_no_image_is_refused():
    nb = _notebook("# T")
    nb.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": "<script src='_static/x.js'></script>", "text/plain": "<X>"},
        )
    ]
    with pytest.raises(ValueError, match="no image"):
        export(nb, StubResolver())
