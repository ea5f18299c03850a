"""The memo's choices and the citation files, on small hand-made inputs (no build)."""

from __future__ import annotations

import json

import pytest

from toolkit.build.plan import normalise_formats, one_off_name
from toolkit.core.errors import ConfigError
from toolkit.present.memo import bottom_line, change_rows, memo_findings
from toolkit.report.citations import bibtex, csl_items, tex_escape
from toolkit.report.office import sheet_name


def _f(text, kind, cites=("s1",), **claim):
    return {"text": text, "citations": list(cites), "hypothetical": False,
            "claims": [dict({"kind": kind}, **claim)]}


FINDINGS = [
    _f("US controls.", "state", ("a", "b"), jurisdiction="US", dimension="x", level="broad",
       as_of="2026-01-01"),
    _f("China answers.", "state", ("c",), jurisdiction="CN", dimension="x", level="limited",
       as_of="2026-01-01"),
    _f("Japan short.", "gap", ("d", "e"), jurisdiction="JP", dimension="x", level="none",
       reference="US", reference_level="broad", as_of="2026-01-01"),
    _f("Korea short.", "gap", ("f",), jurisdiction="KR", dimension="x", level="none",
       reference="US", reference_level="broad", as_of="2026-01-01"),
    _f("3 levels changed.", "count", (), what="level changes", since="2025-01-01"),
    _f("Japan moved.", "change", ("g",), jurisdiction="JP", dimension="advanced_chips",
       old_level="none", new_level="limited", change="raised", date="2025-05-31",
       date_precision="month"),
    _f("Japan lagged.", "lag", ("h",)),
    _f("US listed.", "listing", ("i",)),
]


def test_the_memo_keeps_five_findings_one_of_each_kind_each_with_one_citation():
    chosen = memo_findings(FINDINGS, "US")
    assert [f["text"] for f in chosen] == ["US controls.", "Japan short.", "Japan moved.",
                                           "Japan lagged.", "US listed."]
    assert [f["citations"] for f in chosen] == [["a"], ["d"], ["g"], ["h"], ["i"]]
    assert memo_findings(FINDINGS, "US", limit=2)[1]["text"] == "Japan short."
    # without a gap or a change, the next kinds fill in; a finding citing nothing never does
    rest = memo_findings([f for f in FINDINGS if f["claims"][0]["kind"] not in ("gap", "change")])
    assert [f["text"] for f in rest] == ["US controls.", "Japan lagged.", "US listed.", "China answers."]


def test_the_bottom_line_is_written_from_the_claims():
    lines = [s["text"] for s in bottom_line(FINDINGS, "US", {"US": "United States", "JP": "Japan",
                                                             "KR": "South Korea"})]
    assert lines == [
        "On 2026-01-01, the United States had controls on 1 of the 1 regime dimensions compared, "
        "1 of them broad.",
        "On 2026-01-01, 2 allies compared fell short of the United States on 1 dimensions each.",
        "3 levels changed."]
    assert bottom_line([], "US") == []


def test_change_rows_say_when_a_day_is_not_verified():
    assert change_rows(FINDINGS) == [{"jurisdiction": "JP", "dimension": "Advanced chips",
                                      "old_level": "none", "new_level": "limited",
                                      "change": "raised", "date": "2025-05 (day not verified)"}]


def test_bibtex_escapes_what_latex_would_read_as_commands():
    assert tex_escape("R&D 15% $5 #1 a_b {x} ~ ^ \\") == (
        r"R\&D 15\% \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}")
    source = {"source_id": "s 1", "publisher": "A & B", "title": "Title {with} 50%",
              "citation": "90 FR 1", "url": "https://example.org/a{b}", "date_published": "2025-01-02",
              "date_accessed": "2026-01-01", "source_quality": "official"}
    text = bibtex([source])
    assert text.startswith("@misc{s-1,\n") and r"{{A \& B}}" in text
    assert r"{{Title \{with\} 50\%}}" in text and "https://example.org/a%7Bb%7D" in text
    item = csl_items([source])[0]
    assert item["type"] == "legislation" and item["authority"] == "A & B"
    assert item["issued"] == {"date-parts": [[2025, 1, 2]]} and item["number"] == "90 FR 1"
    json.dumps(item)


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    long = "Days from announcement to entry into force, by jurisdiction"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert sheet_name("a/b: c?", taken) == "a b c"


def test_one_off_names_and_formats():
    assert one_off_name("state-of-play", {"as_of": "2025-06-30"}) == "state-of-play--as_of-2025-06-30"
    assert one_off_name("x", {"jurisdictions": "JP,NL", "since": "2024-01-01"}) == (
        "x--jurisdictions-JP_NL--since-2024-01-01")
    assert ".." not in one_off_name("x", {"data_dir": "../../etc"})
    assert len(one_off_name("x", {"scenario": "JP,NL,KR:equipment_servicing" * 9})) <= 96
    assert normalise_formats(["all"], "w") == ["html", "pdf", "memo", "docx", "xlsx", "citations"]
    assert normalise_formats(["bib", "html"], "w") == ["html", "citations"]
    with pytest.raises(ConfigError, match="unknown format 'odt'"):
        normalise_formats(["odt"], "--format")


def test_a_missing_office_library_is_a_clear_error(monkeypatch):
    import sys

    from toolkit.build.publish import _render
    from toolkit.core.errors import RenderError
    from toolkit.report.render import assemble
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    with pytest.raises(RenderError, match="cannot render DOCX: the Python package 'docx'"):
        _render("probe", "docx", assemble("T", [], {}))


def test_a_workbook_holds_text_with_control_characters_and_formulas_as_text():
    from openpyxl import load_workbook

    from toolkit.report.office import render_xlsx
    from toolkit.report.render import assemble
    art = {"notebook": "nb", "meta": {}, "findings": [], "sources": {},
           "sections": [{"id": "x", "title": "X", "intro": "", "hypothetical": False, "blocks": [
               {"type": "table", "caption": "Lists: you/supplied?", "columns": ["Entity", "n"],
                "rows": [["ACME\x07 Ltd", 3], ["=HYPERLINK(\"http://x\")", None]],
                "row_citations": []}]}]}
    import io
    wb = load_workbook(io.BytesIO(render_xlsx(assemble("T", [art], {}))))
    assert wb.sheetnames == ["About", "Lists you supplied", "Sources"]
    rows = list(wb["Lists you supplied"].iter_rows(values_only=True))
    assert rows == [("Entity", "n"), ("ACME Ltd", 3), ('=HYPERLINK("http://x")', None)]
    assert wb["Lists you supplied"]["A3"].data_type == "s"  # text, not a formula
