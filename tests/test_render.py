"""Rendering: autoescaping, footnote numbering, self-contained output."""

from __future__ import annotations

import csv
import json

import pytest
from browser import open_page

from toolkit.build import Options, build
from toolkit.report.render import assemble, spec_json

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
    # the latest measure: the timeline table opens with its newest rows (the rest are hidden
    # until "Show all"), and the test reads what a reader sees
    latest = max(range(1, len(rows)), key=lambda i: rows[i][rows[0].index("date_effective")] or "")
    rows[latest][rows[0].index("title")] = ATTACK
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    out = tmp_path / "out"
    build(Options(names=["state-of-play"], output=out, cache_dir=out / ".cache",
                  failed_dir=out / ".failed", data_dir=data_copy, formats=["html", "pdf"],
                  overrides={"start": "2015-01-01"}))
    html = (out / "state-of-play--start-2015-01-01.html").read_text()
    assert "<script>window.pwned" not in html
    assert "&lt;script&gt;window.pwned" in html
    page = open_page(out / "state-of-play--start-2015-01-01.html")
    assert page.dialogs == []
    assert "<script>window.pwned = 1;" in page.text  # visible, as text
    assert page.page_errors == [] and page.blocked == []


def test_print_column_widths_follow_content_and_keep_every_word_whole():
    from toolkit.report.render import column_widths
    block = {"columns": ["Jurisdiction", "Level", "Set by"],
             "rows": [["US", "broad", "Export Controls on Semiconductor Manufacturing Items "
                                      "(October 2023 SME IFR)"],
                      ["JP", "limited", "Amendment of the Goods and Technologies Ordinance"]],
             "row_refs": [[{"n": 1}], [{"n": 12}, {"n": 13}]]}
    widths = column_widths(block)
    assert len(widths) == 4 and abs(sum(widths) - 100) < 0.1
    jurisdiction, level, set_by, source = widths
    assert set_by > jurisdiction > level > 0 and source < set_by
    # the header word "Jurisdiction" (bold) and "Semiconductor" fit: 100 characters per line
    assert jurisdiction >= (12 * 1.15 + 1.5) and set_by >= 13 + 1.5
    assert column_widths(block, limit=1) != widths  # only the printed rows count


def test_a_damaged_vega_bundle_in_the_user_cache_is_replaced(tmp_path):
    from toolkit.report.render import vega_bundle
    first = vega_bundle(cache_dir=tmp_path)
    assert "chartsRendered" in first and "</script" not in first
    (bundle,) = tmp_path.glob("vega-bundle-*.js")
    bundle.write_text(first[: len(first) // 2])  # truncated
    assert vega_bundle(cache_dir=tmp_path) == first
    assert bundle.read_text() == first
    bundle.write_text("x" * len(first))  # same length, other bytes
    assert vega_bundle(cache_dir=tmp_path) == first


def test_templates_ship_inside_the_package():
    from toolkit.report.render import template_files
    names = set(template_files())
    assert {"base.html.j2", "briefing.html.j2", "index.html.j2", "briefing.css"} <= names


def test_official_sources_only_drops_other_citations():
    art = {"notebook": "nb", "meta": {},
           "findings": [{"text": "a", "citations": ["press", "fr"]}], "sections": [],
           "sources": {"press": {"source_id": "press", "source_quality": "press"},
                       "fr": {"source_id": "fr", "source_quality": "official"}}}
    assert [s["source_id"] for s in assemble("T", [json.loads(json.dumps(art))], {}).sources] == [
        "press", "fr"]
    official = assemble("T", [art], {}, official_only=True)
    assert [s["source_id"] for s in official.sources] == ["fr"]
    assert official.findings[0]["refs"] == [{"id": "fr", "n": 1}]


def test_levels_come_with_their_rule_and_the_glossary_defines_them(built):
    html = (built["dir"] / "state-of-play.html").read_text()
    assert "Why this level (codebook rule)" in html
    assert "AE-4" in html or "AE-3" in html  # a rationale names its rule
    assert "Glossary of dimensions and levels" in html and "EUV lithography scanners." in html
    assert "official publication)" in html and "blind recoding" in html


def test_the_pdf_cites_only_what_its_pages_print():
    art = {"notebook": "nb", "meta": {}, "findings": [],
           "sections": [{"id": "x", "title": "X", "intro": "", "hypothetical": False, "blocks": [
               {"type": "table", "caption": "t", "columns": ["a", "b"], "rows": [["1", "x"], ["2", "y"]],
                "row_citations": ["s1", "s2"], "print_rows": 1, "print_columns": [0]}]}],
           "sources": {s: {"source_id": s} for s in ("s1", "s2")}}
    html = assemble("T", [art], {})
    assert [s["source_id"] for s in html.sources] == ["s1", "s2"]
    printed = assemble("T", [art], {}, for_print=True)
    assert [s["source_id"] for s in printed.sources] == ["s1"]
    table = printed.sections[0]["blocks"][0]
    assert table["rows"] == [["1"]] and table["columns"] == ["a"] and table["more_rows"] == 1
