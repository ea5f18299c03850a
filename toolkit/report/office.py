"""The briefing for office software: Word (``.docx``, python-docx) and a workbook with a sheet
per table (``.xlsx``, openpyxl). Both libraries are imported only when these formats are built.

Word gets what the full briefing says, from the same ``Briefing``: headings, the key findings
with their numbered citations, every table as a real Word table, every chart as a PNG image
(rasterised from the SVG the PDF prints) with its alt text, the method's parameters and the
sources. The workbook holds the data: the regime matrix, each table, the sources.
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any

from toolkit.core.dates import is_missing
from toolkit.present.labels import dimension_label
from toolkit.report.citations import cite_this

if TYPE_CHECKING:
    from toolkit.report.render import Briefing

#: Sheet names: at most 31 characters, none of these.
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _refs(refs: list[dict]) -> str:
    return "".join(f"[{r['n']}]" for r in refs)


def chart_png(block: dict) -> bytes:
    """A chart as PNG: the one the build's chart drawer made, or rasterised here from the SVG
    drawn for print (drawn here too when missing)."""
    from toolkit.report.svg import draw_png, draw_svg
    return block.get("png") or draw_png(block.get("svg") or draw_svg(block["spec"]))


def render_docx(b: Briefing) -> bytes:
    """The briefing as a Word document."""
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.title = b.title
    doc.core_properties.subject = b.subtitle
    doc.core_properties.language = "en"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(b.title, level=0)
    doc.add_paragraph(b.subtitle)
    if b.meta.get("data_through"):
        doc.add_paragraph(f"Data version {b.provenance.get('data_version', '')}; latest measure "
                          f"recorded {b.meta['data_through']}.")
    doc.add_heading("Key findings", level=1)
    from toolkit.present.memo import finding_groups
    for label, group in finding_groups(b.findings, b.meta.get("reference", "US"),
                                       (b.matrix or {}).get("names")):
        doc.add_heading(label, level=2)
        for f in group:
            text = ("Hypothetical: " if f.get("hypothetical")
                    and not f["text"].startswith("Hypothetical") else "") + f["text"]
            doc.add_paragraph(f"{text} {_refs(f['refs'])}".strip(), style="List Bullet")
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4, as the PDF
    page.left_margin = page.right_margin = Cm(2)
    width = Cm(17)
    for sec in b.sections:
        _docx_section(doc, sec, width)
    _docx_method(doc, b)
    for appendix in b.appendices:  # on landscape pages, in the columns the PDF prints
        _page(doc, landscape=True)
        blocks = [_print_columns(block) for block in appendix["blocks"]]
        _docx_section(doc, dict(appendix, title=f"Appendix {appendix['letter']}: {appendix['title']}",
                                hypothetical=False, intro=f"From “{appendix['section']}”. Every "
                                "column is in the workbook (.xlsx).", blocks=blocks), Cm(25.7))
    if b.appendices:
        _page(doc, landscape=False)
    doc.add_heading("Sources", level=1)
    for s in b.sources:
        p = doc.add_paragraph(f"[{s['n']}] {s.get('publisher', '')}, {s.get('title', '')}, "
                              f"{s.get('citation', '')}. {s.get('url', '')} (accessed "
                              f"{s.get('date_accessed', '')}).")
        p.paragraph_format.left_indent = Cm(0.6)
        p.paragraph_format.first_line_indent = Cm(-0.6)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc, landscape: bool) -> None:
    """Start a new page in a section of its own, A4 landscape or portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _print_columns(block: dict) -> dict:
    """A table with only the columns the PDF prints (``print_columns``), every row kept."""
    keep = block.get("print_columns")
    if block.get("type") != "table" or not keep:
        return block
    return dict(block, columns=[block["columns"][i] for i in keep],
                rows=[[row[i] for i in keep] for row in block["rows"]])


def _docx_section(doc, sec: dict, width) -> None:
    """A section (or appendix): heading, intro, then its text, findings, charts and tables."""
    doc.add_heading(("Hypothetical: " if sec["hypothetical"] else "") + sec["title"], level=1)
    if sec.get("intro"):
        doc.add_paragraph(sec["intro"])
    for block in sec["blocks"]:
        if block["type"] == "text":
            doc.add_paragraph(f"{block['text']} {_refs(block['refs'])}".strip())
        elif block["type"] == "findings":
            for item in block["items"]:
                doc.add_paragraph(f"{item['text']} {_refs(item['refs'])}".strip(),
                                  style="List Bullet")
        elif block["type"] == "chart":
            picture = doc.add_picture(io.BytesIO(chart_png(block)), width=width)
            picture._inline.docPr.set("descr", block.get("alt", ""))  # alt text for readers
            doc.add_paragraph(block["caption"], style="Caption")
        elif block["type"] == "table":
            _docx_table(doc, block, width, caption=sec.get("letter") is None)
        elif block["type"] == "annex":
            doc.add_paragraph(f"The table “{block['caption']}” ({block['rows']} rows) is in "
                              f"Appendix {block['letter']}.")


def method_text() -> str:
    """The method in words, as the HTML and PDF print it (``templates/method.html.j2``)."""
    import html

    from toolkit.report.render import _environment
    text = _environment().get_template("method.html.j2").render()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _docx_method(doc, b: Briefing) -> None:
    """The build's parameters as a small table, its provenance, the glossary, how to cite it."""
    from docx.shared import Cm

    from toolkit.report.render import parameter_rows
    doc.add_heading("Method and data provenance", level=1)
    doc.add_paragraph(method_text())
    params = [(p["name"], json.dumps(p["value"]), ", ".join(p["notebooks"]))
              for p in parameter_rows(b.provenance.get("parameters", {}))]
    _docx_table(doc, {"caption": "Parameters of this build", "columns": ["Parameter", "Value", "Notebooks"],
                      "rows": params, "row_refs": []}, Cm(17))
    for label, key in (("Toolkit version", "toolkit_version"), ("Data version", "data_version"),
                       ("Data checksum (SHA-256)", "data_checksum"), ("Built", "build_time")):
        doc.add_paragraph(f"{label}: {b.provenance.get(key, '')}")
    if b.meta.get("glossary"):
        doc.add_heading("Glossary of dimensions and levels", level=1)
        for g in b.meta["glossary"]:
            p = doc.add_paragraph()
            p.add_run(g["label"] + ". ").bold = True
            p.add_run(g["description"])
    doc.add_heading("Cite this briefing", level=1)
    doc.add_paragraph(cite_this(b.title, b.meta, b.provenance)["text"])


def _text(value: Any) -> str:
    """A cell as the HTML and PDF print it (lists joined by commas)."""
    from toolkit.report.render import cell_text
    return ", ".join(map(str, value)) if isinstance(value, list) else cell_text(value)


def _docx_table(doc, block: dict, width, caption: bool = True) -> None:
    """A real Word table: a bold header row, cells in 8 pt, columns as wide as the PDF's."""
    from docx.shared import Pt

    from toolkit.report.render import column_widths
    if caption:
        doc.add_paragraph(block["caption"], style="Caption")
    refs = block.get("row_refs") or []
    columns = list(block["columns"]) + (["Source"] if refs else [])
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False  # a fixed layout: Word and LibreOffice both keep the grid's widths
    shares = column_widths(block, line=100 if width < 20 * 360000 else 125)
    for column, cell, share in zip(table.columns, table.rows[0].cells, shares):
        column.width = cell.width = int(width * share / 100)  # rows added later take the grid's
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = str(name)
        cell.paragraphs[0].runs[0].bold = True
    _repeat_as_header(table.rows[0])
    for i, row in enumerate(block["rows"]):
        values = [_text(v) for v in row] + ([_refs(refs[i])] if refs else [])
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    if not block["rows"]:
        doc.add_paragraph("None.")


def _repeat_as_header(row) -> None:
    """Mark a table's first row as its header: repeated on every page, read as such aloud."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def sheet_name(caption: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``) for a table caption."""
    base = " ".join(_SHEET_BAD.sub(" ", caption).split()).strip("'") or "Table"
    name, n = base[:31].rstrip(), 1
    while name.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        name = base[:31 - len(suffix)].rstrip() + suffix
    taken.add(name)
    return name


def render_xlsx(b: Briefing) -> bytes:
    """The briefing's data as a workbook: an "About" sheet (title, as-of, data version, how to
    cite, what each sheet holds), the regime matrix, a sheet per table, the sources."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    about = wb.active
    about.title = "About"
    cite = cite_this(b.title, b.meta, b.provenance)
    for row in (["Title", b.title], ["As of", b.meta.get("as_of", "")],
                ["Data version", b.provenance.get("data_version", "")],
                ["Latest measure recorded", b.meta.get("data_through", "")],
                ["Built", b.provenance.get("build_time", "")], ["Cite as", cite["text"]], [],
                ["Sheet", "What it holds"]):
        about.append(row)
    taken = {"About"}
    tables: list[tuple[str, list[str], list[list]]] = []
    if b.matrix:
        levels = {(c["jurisdiction"], c["dimension"]): c for c in b.matrix["cells"]}
        rows = [[j, dimension_label(d), levels[(j, d)]["level"], levels[(j, d)].get("since"),
                 levels[(j, d)].get("confidence"), levels[(j, d)].get("source_id")]
                for j in b.matrix["jurisdictions"] for d in b.matrix["dimensions"] if (j, d) in levels]
        tables.append((f"Regime matrix on {b.matrix.get('as_of', '')}",
                       ["Jurisdiction", "Dimension", "Level", "Since", "Confidence", "Source id"], rows))
    for sec in b.sections + b.appendices:
        for block in sec["blocks"]:
            if block["type"] == "table":
                cites = block.get("row_citations") or []
                columns = list(block["columns"]) + (["Source id"] if cites else [])
                rows = [list(r) + ([cites[i]] if cites else []) for i, r in enumerate(block["rows"])]
                tables.append((block["caption"], columns, rows))
    tables.append(("Sources", ["Source id", "Publisher", "Title", "Citation", "URL", "Published",
                               "Accessed", "Quality"],
                   [[s.get(k) for k in ("source_id", "publisher", "title", "citation", "url",
                                        "date_published", "date_accessed", "source_quality")]
                    for s in b.sources]))
    bold = Font(bold=True)
    for caption, columns, rows in tables:
        ws = wb.create_sheet(sheet_name(caption, taken))
        about.append([ws.title, caption])
        ws.append(columns)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text from the data, never a formula
        ws.freeze_panes = "A2"
        for i, name in enumerate(columns, 1):
            longest = max([len(str(name))] + [len(str(r[i - 1] or "")) for r in rows[:200]])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(max(longest, 8), 60) + 2
    for cell in about["A"]:
        cell.font = bold
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    """Numbers stay numbers, missing values empty cells, lists joined, text as text."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters a workbook cannot hold
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
