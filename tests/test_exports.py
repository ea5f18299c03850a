"""The formats a reader forwards or reuses, from the default briefing built on the shipped data:
the two-page memo, Word, the workbook, BibTeX and CSL-JSON, the CSV downloads, the manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from conftest import require_tool
from test_pdf import poppler

from toolkit.present.memo import MEMO_FINDINGS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def out(built):
    return built["dir"]


@pytest.fixture(scope="module")
def manifest(out):
    return json.loads((out / "state-of-play.manifest.json").read_text())


@pytest.fixture(scope="module")
def artifacts(out, manifest):
    return [json.loads((out / ".cache" / "runs" / nb["cache_key"] / "artifacts.json").read_text())
            for nb in manifest["notebooks"]]


def _words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def test_the_default_briefing_has_every_format_and_the_manifest_covers_them(out, manifest):
    assert sorted(manifest["outputs"]) == sorted(
        ["html", "pdf", "memo.pdf", "docx", "xlsx", "bib", "csl.json"])
    for suffix, entry in manifest["outputs"].items():
        data = (out / f"state-of-play.{suffix}").read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], suffix
        assert len(data) == entry["bytes"]


def test_the_memo_has_two_pages_at_most_and_says_the_findings_and_the_as_of_date(out, artifacts):
    memo = out / "state-of-play.memo.pdf"
    info = poppler("pdfinfo", str(memo))
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
    assert re.search(r"Tagged:\s+yes", info)
    text = _words(poppler("pdftotext", str(memo), "-"))
    as_of = artifacts[0]["meta"]["as_of"]
    assert f"As of {as_of}" in text and "data current through 20" in text
    recorded = [f for a in artifacts for f in a["findings"]]
    layout = poppler("pdftotext", "-layout", str(memo), "-")
    section = layout[layout.index("Main findings"):layout.index("Regime matrix")]
    listed = re.findall(r"^\s*\d\.\s", section, re.M)
    assert 3 <= len(listed) <= MEMO_FINDINGS
    # each finding the memo prints is a recorded finding, word for word (selected, never typed)
    printed = [f for f in recorded if _words(f["text"]) in text]
    assert len(printed) >= len(listed)
    for heading in ("Bottom line", "Regime matrix", "What changed since 2024-04-26",
                    "Cite this briefing", "state-of-play.pdf"):
        assert heading in text, heading


def test_the_memos_matrix_agrees_with_its_sentences(out, artifacts):
    """The bottom line's count of the reference's controls is the count in the memo's matrix."""
    matrix = next(a["matrix"] for a in artifacts if a.get("matrix"))
    us = [c for c in matrix["cells"] if c["jurisdiction"] == "US"]
    active = sum(c["level"] != "none" for c in us)
    broad = sum(c["level"] == "broad" for c in us)
    text = _words(poppler("pdftotext", str(out / "state-of-play.memo.pdf"), "-"))
    assert (f"the United States had controls on {active} of the {len(us)} regime dimensions "
            f"compared, {broad} of them broad") in text
    layout = poppler("pdftotext", "-layout", str(out / "state-of-play.memo.pdf"), "-")
    row = next(line for line in layout.splitlines() if line.strip().startswith("Advanced equipment"))
    cells = {(c["jurisdiction"], c["dimension"]): c["level"] for c in matrix["cells"]}
    expected = ["—" if cells[(j, "advanced_equipment")] == "none" else cells[(j, "advanced_equipment")]
                for j in matrix["jurisdictions"]]
    assert row.split()[2:] == expected, row


def test_the_word_document_has_headings_findings_tables_and_charts(out, artifacts):
    from docx import Document
    doc = Document(str(out / "state-of-play.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Key findings" in headings and "Sources" in headings and "Cite this briefing" in headings
    findings = [f for a in artifacts for f in a["findings"]]
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) >= len(findings)
    assert re.search(r"\[\d+\]$", bullets[0])  # with its citations
    blocks = [b for a in artifacts for s in a["sections"] for b in s["blocks"]]
    tables = [b for b in blocks if b["type"] == "table"]
    assert len(doc.tables) == len(tables) + 1  # and the parameters of the build
    timeline = next(b for b in tables if b["caption"].startswith("Measures and events"))
    word = next(t for t in doc.tables if len(t.rows) == len(timeline["rows"]) + 1)
    assert [c.text for c in word.rows[0].cells][:len(timeline["columns"])] == timeline["columns"]
    assert word.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeated on every page
    charts = [b for b in blocks if b["type"] == "chart"]
    assert len(doc.inline_shapes) == len(charts) >= 4
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert alts == [b["alt"] for b in charts]


def test_the_workbook_has_a_sheet_per_table(out, artifacts):
    from openpyxl import load_workbook
    wb = load_workbook(out / "state-of-play.xlsx", read_only=True)
    names = wb.sheetnames
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    tables = [b for a in artifacts for s in a["sections"] for b in s["blocks"] if b["type"] == "table"]
    assert len(names) == len(tables) + 3  # About, the regime matrix, the sources
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True) if r and r[0]}
    for table in tables:  # "About" says which sheet holds which table, under its full caption
        sheet = next(k for k, v in about.items() if v == table["caption"])
        rows = list(wb[sheet].iter_rows(values_only=True))
        assert list(rows[0][:len(table["columns"])]) == table["columns"]
        assert len(rows) == len(table["rows"]) + 1


def test_the_bibtex_parses_with_one_entry_per_cited_source(out):
    import bibtexparser
    library = bibtexparser.parse_string((out / "state-of-play.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    html = (out / "state-of-play.html").read_text(encoding="utf-8")
    cited = re.findall(r'<li id="src-\d+"', html)
    assert len(library.entries) == len(cited) > 20
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == len(keys)
    for entry in library.entries:
        assert entry["url"].startswith("http") and entry["title"].startswith("{")
        # every special character is escaped: an unescaped %, & or # breaks LaTeX
        assert not re.search(r"(?<!\\)[%&#]", entry["title"] + entry["author"]), entry.key


def test_the_csl_json_lists_every_cited_source(out):
    import bibtexparser
    items = json.loads((out / "state-of-play.csl.json").read_text(encoding="utf-8"))
    assert isinstance(items, list)
    assert all(item["id"] and item["type"] and item["title"] for item in items)
    assert all(item["URL"].startswith("http") and item["publisher"] for item in items)
    assert sum("issued" in item for item in items) > len(items) / 2
    keys = [e.key for e in bibtexparser.parse_string(
        (out / "state-of-play.bib").read_text(encoding="utf-8")).entries]
    assert [item["id"] for item in items] == keys


class _Tables(HTMLParser):
    """Each table of the page (its header cells, its body rows) and the CSV link after it."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._in: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in.append("script")
        elif tag == "table":
            self.tables.append({"header": [], "rows": 0, "csv": None})
            self._open = True
        elif self._open and tag == "th" and "thead" in self._in:
            self._in.append("th-head")
        elif self._open and tag == "tr" and "tbody" in self._in and attrs.get("class") != "more":
            self.tables[-1]["rows"] += 1  # a data row ("Show all N rows" is not one)
        elif tag in ("thead", "tbody"):
            self._in.append(tag)
        elif tag == "a" and "download" in attrs and self.tables and self.tables[-1]["csv"] is None:
            self.tables[-1]["csv"] = (attrs["download"], attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "table":
            self._open = False
        elif tag in ("script", "thead", "tbody") and tag in self._in:
            self._in.remove(tag)
        elif tag == "th" and "th-head" in self._in:
            self._in.remove("th-head")

    def handle_data(self, data):
        if "th-head" in self._in and "script" not in self._in:
            self.tables[-1]["header"].append(data.strip())


def test_every_html_table_has_a_csv_download_that_works_offline(out):
    parser = _Tables()
    parser.feed((out / "state-of-play.html").read_text(encoding="utf-8"))
    assert len(parser.tables) >= 10
    for table in parser.tables:
        assert table["csv"], table["header"]
        name, href = table["csv"]
        assert name.endswith(".csv") and href.startswith("data:text/csv;charset=utf-8,")
        rows = list(csv.reader(io.StringIO(unquote(href.split(",", 1)[1]))))
        header = [h for h in table["header"] if h]
        assert rows[0][:len(header)] == header
        assert len(rows) - 1 == table["rows"] or (table["rows"] == 1 and len(rows) == 1)


def test_cite_this_briefing_in_the_html_and_the_memo(out, manifest):
    html = (out / "state-of-play.html").read_text(encoding="utf-8")
    memo = _words(poppler("pdftotext", str(out / "state-of-play.memo.pdf"), "-"))
    for text in (html, memo):
        assert "Cite this briefing" in text
        assert f"data version {manifest['data']['version']}" in text
        assert "URL where you read this briefing" in text
    assert manifest["title"] in memo


def test_the_memo_is_tagged_too(out):
    require_tool("pdfinfo")
    for name in ("state-of-play.memo.pdf",):
        assert re.search(r"Tagged:\s+yes", poppler("pdfinfo", str(out / name))), name
