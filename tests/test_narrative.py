"""Markdown cells tagged ``briefing``: placed deterministically, rendered safely, placeholders
filled from ``rec.value`` without evaluating anything."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import DATA, require_tool

from toolkit.build import Options, build
from toolkit.core.errors import NotebookError
from toolkit.report.narrative import NarrativeError, attach_narrative, fill, markdown_html
from toolkit.report.recorder import RECORDED_MIME


def code(*seqs, tags=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": "",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {RECORDED_MIME: {"seq": s}}} for s in seqs]}


def md(text, tags=("briefing",)):
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def doc():
    return {"values": {"n": 3}, "sections": [
        {"id": "a", "seq": 1, "blocks": [{"type": "chart", "seq": 2}, {"type": "table", "seq": 4}]},
        {"id": "b", "seq": 5, "blocks": [{"type": "table", "seq": 6}]}]}


def test_each_briefing_cell_joins_the_section_the_code_above_it_recorded():
    cells = [md("Opening words."),                      # above every section: opens the first
             code(tags=["parameters"]),
             code(1, 2), md("After the chart, {{ n }}."), md("Not for the briefing.", tags=()),
             code(4, 5), md("In section b, before its table."),
             code(6), md("After b's table.")]
    out = attach_narrative(doc(), cells)
    a, b = out["sections"]
    assert [(x["type"], x.get("markdown")) for x in a["blocks"]] == [
        ("narrative", "Opening words."), ("chart", None), ("narrative", "After the chart, 3."),
        ("table", None)]
    assert [(x["type"], x.get("markdown")) for x in b["blocks"]] == [
        ("narrative", "In section b, before its table."), ("table", None),
        ("narrative", "After b's table.")]
    assert a["blocks"][2]["cell"] == 4  # the cell's number in the notebook as written


def test_papermills_injected_cell_is_not_counted_in_cell_numbers():
    cells = [code(tags=["parameters"]), code(tags=["injected-parameters"]), code(1),
             md("{{ missing }}")]
    with pytest.raises(NarrativeError, match=r"unknown placeholder \{\{ missing \}\}") as err:
        attach_narrative(doc(), cells)
    assert err.value.cell == 3


def test_placeholders_are_names_never_code():
    assert fill("{{n}} and {{  n  }}", {"n": 1234}, 1) == "1,234 and 1,234"
    with pytest.raises(NarrativeError, match="is not a name"):
        fill("{{ __import__('os').system('true') }}", {}, 2)
    with pytest.raises(NarrativeError, match=r"values recorded: a, b"):
        fill("{{ c }}", {"a": 1, "b": 2}, 2)
    # a value is text: its Markdown or HTML is shown, not interpreted
    html = markdown_html(fill("Value: {{ v }}", {"v": "*bold* <b>x</b> [l](https://e.org)"}, 1))
    assert "<em>" not in html and "<b>" not in html and "<a " not in html
    assert "*bold* &lt;b&gt;x&lt;/b&gt; [l](https://e.org)" in html


def test_markdown_is_rendered_without_raw_html_scripts_or_unsafe_links():
    html = markdown_html("# Heading\n\nSome **bold** <script>alert(1)</script> "
                         "<img src=x onerror=alert(1)> [ok](https://example.org) "
                         "[bad](javascript:alert(1)) [file](file:///etc/passwd) "
                         "![a chart](https://example.org/x.png)")
    assert "<h3>Heading</h3>" in html  # below the section's own heading
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "a chart" in html
    assert '<a href="https://example.org">ok</a>' in html
    assert 'href="javascript' not in html and 'href="file' not in html


def narrated_project(tmp_path, narrative: str):
    """A project with one notebook: a section, a value, a briefing cell with ``narrative``."""
    (tmp_path / "notebooks").mkdir()
    cells = [
        {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
         "execution_count": None, "source": 'answer_to: str = "everything"  # what is asked'},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import pandas as pd\nfrom toolkit.report import Recorder\n"
                   'rec = Recorder(notebook="narrated", title="Narrated")\n'
                   'rec.section("story", "A story", intro="Told in Markdown.")\n'
                   'rec.table("story", pd.DataFrame({"x": [1]}), caption="A table", citation_column=None)\n'
                   'rec.value("answer", 42)\nrec.value("subject", answer_to)'},
        {"cell_type": "markdown", "metadata": {"tags": ["briefing"]}, "source": narrative},
    ]
    for n, cell in enumerate(cells):
        cell["id"] = f"cell-{n}"
    nb = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "export-controls-toolkit", "language": "python",
                                      "display_name": "toolkit"}}}
    (tmp_path / "notebooks" / "narrated.ipynb").write_text(json.dumps(nb))
    (tmp_path / "reports.toml").write_text('[briefings.narrated]\ntitle = "Narrated"\n'
                                           'notebooks = ["narrated"]\n')
    shutil.copytree(DATA, tmp_path / "data")
    return Options(names=["narrated"], definitions=tmp_path / "reports.toml",
                   data_dir=tmp_path / "data", output=tmp_path / "reports",
                   cache_dir=tmp_path / "cache", failed_dir=tmp_path / "failed")


@pytest.mark.slow
def test_a_briefing_cell_reaches_the_html_and_the_pdf_with_its_value_and_an_inert_script(tmp_path):
    pdftotext = require_tool("pdftotext")
    options = narrated_project(tmp_path, "The answer to {{ subject }} is **{{ answer }}**.\n\n"
                                         "<script>document.title = 'pwned'</script>")
    build(options)
    html = (tmp_path / "reports" / "narrated.html").read_text(encoding="utf-8")
    assert '<div class="narrative"><p>The answer to everything is <strong>42</strong>.</p>' in html
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title = 'pwned'&lt;/script&gt;" in html
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "reports" / "narrated.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "The answer to everything is 42." in text
    assert "<script>document.title = 'pwned'</script>" in text  # shown as text, never run


@pytest.mark.slow
def test_an_unknown_placeholder_stops_the_build_naming_notebook_cell_and_placeholder(tmp_path):
    options = narrated_project(tmp_path, "The answer is {{ answr }}.")
    options.formats = ["html"]
    with pytest.raises(NotebookError) as err:
        build(options)
    message = str(err.value)
    assert "notebook narrated failed at cell 3" in message
    assert "unknown placeholder {{ answr }}" in message and "answer, subject" in message
    assert not (tmp_path / "reports" / "narrated.html").exists()
