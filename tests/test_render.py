"""Rendering: autoescaping, footnote numbering, self-contained output."""

from __future__ import annotations

import csv

import pytest
from browser import open_page

from toolkit.build import Options, build
from toolkit.render import assemble, spec_json

ATTACK = "<script>window.pwned = 1; alert('pwned')</script><img src=x onerror=\"window.pwned=2\">"


def test_spec_json_cannot_close_its_script_element():
    text = spec_json({"title": "</script><script>alert(1)</script>"})
    assert "</script" not in text and "<" not in text


def test_footnotes_are_numbered_once_in_order_of_first_citation():
    art = {"notebook": "nb", "meta": {"as_of": "2024-04-26"},
           "findings": [{"text": "a", "citations": ["s2", "s1"]}, {"text": "b", "citations": ["s2"]}],
           "sections": [{"id": "x", "title": "X", "intro": "", "hypothetical": False, "blocks": [
               {"type": "table", "caption": "t", "columns": ["c"], "rows": [["v"], ["w"]],
                "row_citations": ["s3", "s1"]}]}],
           "sources": {s: {"source_id": s, "publisher": "P", "title": s, "citation": "c",
                           "url": "https://example.org", "date_accessed": "2026-11-27"}
                       for s in ("s1", "s2", "s3", "s4")}}
    briefing = assemble("T", [art], {})
    assert briefing.footnotes == {"s2": 1, "s1": 2, "s3": 3}
    assert [s["n"] for s in briefing.sources] == [1, 2, 3]  # s4 is never cited: not listed
    assert briefing.findings[1]["refs"] == [{"id": "s2", "n": 1}]


@pytest.mark.slow
@pytest.mark.browser
def test_markup_in_data_is_shown_as_text_and_never_runs(data_copy, tmp_path):
    path = data_copy / "measures.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("title")] = ATTACK
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    out = tmp_path / "out"
    build(Options(names=["state-of-play"], output=out, cache_dir=out / ".cache",
                  failed_dir=out / ".failed", data_dir=data_copy, formats=["html", "pdf"],
                  overrides={"start": "2015-01-01"}, echo=lambda m: None))
    html = (out / "state-of-play.html").read_text()
    assert "<script>window.pwned" not in html
    assert "&lt;script&gt;window.pwned" in html
    page = open_page(out / "state-of-play.html")
    assert page.dialogs == []
    assert "<script>window.pwned = 1;" in page.text  # visible, as text
    assert page.page_errors == [] and page.blocked == []
